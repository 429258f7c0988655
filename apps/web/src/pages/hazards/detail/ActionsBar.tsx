import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { hazardDetailKey } from '../../../api/hazards';
import { postHazardAction } from '../../../api/hazardActions';
import { keys } from '../../../api/keys';
import type { HazardActionBody, HazardDetail } from '../../../api/types';
import { actionForm, actionTone, hasActionForm, type DetailAction } from '../../../components/hazard/actions/registry';
import { useIsMobile } from '../../../lib/useIsMobile';

/** Who acts next (the domain's nextActor, sent with the detail): "下一步：由 张三（…） 提交验收", "等待 督查组 验收". */
export function NextStepLine({ d }: { d: HazardDetail }) {
  const done = d.nextStep.role === null;
  return (
    <Alert
      type={done ? 'success' : 'info'}
      showIcon
      icon={done ? undefined : <ArrowRightOutlined aria-hidden />}
      title={d.nextStep.text}
      style={{ marginBottom: 12 }}
      data-testid="hazard-next-step"
    />
  );
}

/** An action that asks for nothing: one click sends it (no dialog that only confirms). */
function DirectButton({ d, a }: { d: HazardDetail; a: DetailAction }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const entry = actionForm(a);
  const send = async () => {
    setBusy(true);
    try {
      const res = await postHazardAction(d.hazard.id, a, { version: d.hazard.version, ...entry.body({}, d.record) } as HazardActionBody<typeof a>);
      qc.setQueryData(hazardDetailKey(d.hazard.id), res);
      void qc.invalidateQueries({ queryKey: keys.hazards.lists() });
      void qc.invalidateQueries({ queryKey: keys.home.all });
      message.success(`${entry.label}：已完成。${res.nextStep.text}`);
    } catch (e) {
      message.error(errorMessage(e));
      void qc.invalidateQueries({ queryKey: hazardDetailKey(d.hazard.id) });
    } finally {
      setBusy(false);
    }
  };
  const tone = actionTone(a, d);
  return (
    <Button type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} loading={busy} onClick={() => void send()} data-testid={`hazard-action-${a}`}>
      {entry.label}
    </Button>
  );
}

/** Who acts next, then the buttons of the actions this user may take now, in the registry's order and tone. */
export function ActionsBar({ d, actions, onOpen }: { d: HazardDetail; actions: readonly DetailAction[]; onOpen: (a: DetailAction) => void }) {
  const isMobile = useIsMobile();
  const unknown = d.allowedActions.filter((a) => !hasActionForm(a));
  return (
    <>
      <NextStepLine d={d} />
      {actions.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { padding: isMobile ? 10 : 12 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            {!isMobile && <Typography.Text type="secondary">您可以：</Typography.Text>}
            {actions.map((a) => {
              if (actionForm(a).direct) return <DirectButton key={a} d={d} a={a} />;
              const tone = actionTone(a, d);
              return (
                <Button key={a} type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} onClick={() => onOpen(a)} data-testid={`hazard-action-${a}`}>
                  {actionForm(a).label}
                </Button>
              );
            })}
          </div>
        </Card>
      )}
      {unknown.length > 0 && <Typography.Text type="secondary">（另有 {unknown.join('、')} 暂未支持）</Typography.Text>}
    </>
  );
}
