import { Tag } from 'antd';
import { TALK_STATUS_LABELS, type TalkStatus } from '@xiaoan/domain';

const COLORS: Record<TalkStatus, string> = { planned: 'processing', held: 'warning', followed_up: 'success' };

/** A talk's status, and "回访逾期" when its follow-up date has passed without a result. */
export function TalkStatusTag({ status, overdue }: { status: TalkStatus; overdue?: boolean }) {
  return (
    <>
      <Tag color={COLORS[status]}>{TALK_STATUS_LABELS[status]}</Tag>
      {overdue && (
        <Tag color="red" data-testid="talk-overdue">
          回访逾期
        </Tag>
      )}
    </>
  );
}
