import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { can } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { errorMessage } from '../../../api/client';
import { keys } from '../../../api/keys';
import { riskApi, useRisks } from '../../../api/risks';
import type { HazardDetail } from '../../../api/types';
import { RiskLevelTag } from '../../risks/riskUi';

/**
 * 关联风险: the risk of the register this hazard realises (a risk shows its hazards; three recent
 * ones flag it for reassessment). The school's admin picks one of the school's active risks,
 * or clears the link (PUT /api/hazards/:id/risk).
 */
export function HazardRiskSection({ d }: { d: HazardDetail }) {
  const me = useMe();
  const qc = useQueryClient();
  const readable = can(me.role, 'risk.read');
  const manage = can(me.role, 'risk.manage');
  const hazardId = d.hazard.id;
  const linked = useRisks({ hazardId }, 1, 1, readable);
  const [picking, setPicking] = useState(false);
  const options = useRisks({ unitId: d.hazard.school.id, status: 'active' }, 1, 200, manage && picking);
  const [choice, setChoice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!readable) return null;
  const current = linked.data?.items[0];
  const save = async (riskId: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await riskApi.linkHazard(hazardId, { riskId });
      setPicking(false);
      setChoice(undefined);
      await Promise.all([qc.invalidateQueries({ queryKey: keys.risks.all }), qc.invalidateQueries({ queryKey: keys.hazards.detail(hazardId) })]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="关联风险" data-testid="hazard-risk">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {current ? (
        <Space wrap data-testid="hazard-risk-current">
          <Link to={`/risks/${current.id}`}>{current.name}</Link>
          <RiskLevelTag level={current.level} />
          {current.pointName && <Typography.Text type="secondary">{current.pointName}</Typography.Text>}
        </Space>
      ) : (
        <Typography.Text type="secondary">{linked.isPending ? '读取中…' : '未关联风险清单中的风险'}</Typography.Text>
      )}
      {manage && !picking && (
        <div style={{ marginTop: 8 }}>
          <Space wrap>
            <Button size="small" onClick={() => setPicking(true)} data-testid="hazard-risk-pick">
              {current ? '改为其他风险' : '选择风险'}
            </Button>
            {current && (
              <Button size="small" type="link" danger loading={busy} onClick={() => void save(null)} data-testid="hazard-risk-clear">
                解除关联
              </Button>
            )}
          </Space>
        </div>
      )}
      {manage && picking && (
        <div style={{ marginTop: 8, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Select
            style={{ flex: '1 1 240px', minWidth: 0 }}
            aria-label="选择本校的风险"
            placeholder="选择本校在管的风险"
            showSearch
            optionFilterProp="label"
            loading={options.isPending}
            value={choice}
            onChange={(v: string) => setChoice(v)}
            options={(options.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.pointName ?? '全校'}）` }))}
            data-testid="hazard-risk-select"
          />
          <Button type="primary" disabled={!choice} loading={busy} onClick={() => void save(choice!)} data-testid="hazard-risk-save">
            关联
          </Button>
          <Button onClick={() => setPicking(false)}>取消</Button>
        </div>
      )}
    </Card>
  );
}
