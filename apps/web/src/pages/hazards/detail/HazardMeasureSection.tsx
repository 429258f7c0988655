import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, List, Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { can } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { errorMessage } from '../../../api/client';
import { keys } from '../../../api/keys';
import { measureApi, useMeasures } from '../../../api/measures';
import type { HazardDetail } from '../../../api/types';
import { MeasureStatusTag } from '../../measures/measureUi';

/**
 * 举一反三 on a closed (销号) hazard: the measures it already prompted, and for the school's
 * admin one button that proposes a measure from it in one step (POST /api/measures with
 * fromHazardId: name, origin, owner and a due date 30 days on filled in; edited later).
 */
export function HazardMeasureSection({ d }: { d: HazardDetail }) {
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const closed = d.hazard.state === 'closed';
  const readable = can(me.role, 'measure.read');
  const list = useMeasures({ hazardId: d.hazard.id }, 1, 20, closed && readable);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!closed || !readable) return null;
  const manage = can(me.role, 'measure.manage');
  const propose = async () => {
    setBusy(true);
    setError(null);
    try {
      const m = await measureApi.create({ fromHazardId: d.hazard.id });
      qc.setQueryData(keys.measures.detail(m.measure.id), m);
      await qc.invalidateQueries({ queryKey: keys.measures.all });
      void navigate(`/measures/${m.measure.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const items = list.data?.items ?? [];
  return (
    <Card size="small" title="举一反三" data-testid="hazard-measures">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {items.length > 0 ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(m) => (
            <List.Item>
              <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Link to={`/measures/${m.id}`}>{m.title}</Link> <MeasureStatusTag status={m.status} overdue={m.overdue} />
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          该隐患已销号。把整改经验固化为制度、机制或长效措施，防止同类问题再次发生。
        </Typography.Paragraph>
      )}
      {manage && (
        <Button icon={<BulbOutlined />} loading={busy} onClick={() => void propose()} data-testid="hazard-propose-measure">
          举一反三：建立制度措施
        </Button>
      )}
    </Card>
  );
}
