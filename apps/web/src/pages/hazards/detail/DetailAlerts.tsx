import { Alert, Button } from 'antd';
import { currentListing, HAZARD_REJECTION_REASON_LABELS, pendingExtension } from '@xiaoan/domain';
import { dateTime } from '../../../lib/format';
import type { DetailCtx } from './shared';

/** What needs attention now: an overdue explanation owed, a listing, a pending extension, a rejection. */
export function DetailAlerts({ d, userName, canExplainOverdue, onExplainOverdue }: DetailCtx & { canExplainOverdue: boolean; onExplainOverdue: () => void }) {
  const r = d.record;
  const listing = currentListing(r);
  const pending = pendingExtension(r);
  return (
    <>
      {d.overdueExplanationRequired && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="hazard-overdue-alert"
          title={`已超过整改时限（${r.dueDate ?? ''}），请学校尽快填写逾期说明`}
          description="说明逾期原因并提交新的整改计划；需要更多时间的，另行提出延期申请。"
          action={
            canExplainOverdue ? (
              <Button danger type="primary" onClick={onExplainOverdue}>
                填写逾期说明
              </Button>
            ) : undefined
          }
        />
      )}
      {listing && (
        <Alert
          type="error"
          showIcon
          icon={undefined}
          style={{ marginBottom: 12, background: '#fff1f0' }}
          title={`挂牌督办中：${listing.reason}`}
          description={`${userName(listing.listedBy.userId)} 于 ${dateTime(listing.listedAt)} 挂牌`}
        />
      )}
      {pending && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`延期申请待审批：申请将整改时限由 ${pending.previousDueDate} 延至 ${pending.requestedDueDate}`}
          description={`理由：${pending.reason}（${userName(pending.requestedBy.userId)}，${dateTime(pending.requestedAt)}）`}
        />
      )}
      {r.rejection && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`不予登记：${HAZARD_REJECTION_REASON_LABELS[r.rejection.reason]}`}
          description={`${r.rejection.text}（${userName(r.rejection.by.userId)}，${dateTime(r.rejection.at)}）`}
        />
      )}
    </>
  );
}
