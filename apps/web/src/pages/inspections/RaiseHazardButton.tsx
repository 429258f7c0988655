import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Modal, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client';
import { inspectionApi } from '../../api/inspections';
import { uuid } from '../../lib/uuid';
import { keys } from '../../api/keys';

/**
 * 一键登记: a failed item becomes a ledger hazard. The server fills in domain, point, description,
 * inspection kind and photos; the user may rewrite the one-line title and mark it major.
 */
export function RaiseHazardButton({
  inspectionId,
  checklistVersionId,
  itemCode,
  itemText,
  hazard,
  onRaised,
}: {
  inspectionId: string;
  checklistVersionId: string;
  itemCode: string;
  itemText: string;
  hazard: { id: string; title: string } | null;
  onRaised?: (hazardId: string) => void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [major, setMajor] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useState(uuid);
  const [raised, setRaised] = useState<{ id: string; title: string } | null>(hazard);

  if (raised) {
    return (
      <Link to={`/hazards/${raised.id}`} data-testid={`hazard-link-${itemCode}`}>
        已登记隐患：{raised.title}
      </Link>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const h = await inspectionApi.raiseHazard(inspectionId, { checklistVersionId, itemCode, title: title.trim() || undefined, grade: major ? 'major' : 'general' }, key);
      setRaised({ id: h.hazard.id, title: h.hazard.title });
      setOpen(false);
      void qc.invalidateQueries({ queryKey: keys.hazards.all });
      void qc.invalidateQueries({ queryKey: keys.inspections.all });
      message.success('已登记为隐患，进入隐患台账');
      onRaised?.(h.hazard.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger icon={<AlertOutlined />} onClick={() => setOpen(true)} data-testid={`raise-${itemCode}`}>
        登记为隐患
      </Button>
      <Modal
        open={open}
        title="登记为隐患"
        okText="登记"
        cancelText="取消"
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'raise-confirm' } as never}
      >
        <Typography.Paragraph type="secondary">
          将自动带入：隐患类别（检查表所属类别）、点位与位置、问题说明、检查方式、现场照片，并与本次检查记录相互关联。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <div style={{ marginBottom: 6 }}>一句话标题（可选，默认“{itemText}不合格”）</div>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder={`${itemText}不合格`} />
        <Checkbox checked={major} onChange={(e) => setMajor(e.target.checked)} style={{ marginTop: 12 }}>
          可能是重大隐患
        </Checkbox>
      </Modal>
    </>
  );
}
