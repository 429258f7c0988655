import { Button, Card, Typography } from 'antd';
import type { HazardDetail } from '../../../api/types';
import { actionForm, actionTone, hasActionForm, type DetailAction } from '../../../components/hazard/actions/registry';
import { useIsMobile } from '../../../lib/useIsMobile';

/** The buttons of the actions this user may take now, in the registry's order and tone. */
export function ActionsBar({ d, actions, onOpen }: { d: HazardDetail; actions: readonly DetailAction[]; onOpen: (a: DetailAction) => void }) {
  const isMobile = useIsMobile();
  const open = d.hazard.state !== 'closed' && d.hazard.state !== 'rejected';
  const unknown = d.allowedActions.filter((a) => !hasActionForm(a));
  return (
    <>
      {actions.length > 0 ? (
        <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { padding: isMobile ? 10 : 12 } }}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
            {!isMobile && <Typography.Text type="secondary">您可以：</Typography.Text>}
            {actions.map((a) => {
              const tone = actionTone(a, d);
              return (
                <Button key={a} type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} onClick={() => onOpen(a)} data-testid={`hazard-action-${a}`}>
                  {actionForm(a).label}
                </Button>
              );
            })}
          </div>
        </Card>
      ) : (
        open && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
            当前没有需要您处理的操作。
          </Typography.Paragraph>
        )
      )}
      {unknown.length > 0 && <Typography.Text type="secondary">（另有 {unknown.join('、')} 暂未支持）</Typography.Text>}
    </>
  );
}
