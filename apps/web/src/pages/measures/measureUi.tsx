import { Tag } from 'antd';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '@xiaoan/domain';

const COLORS: Record<MeasureStatus, string> = { planned: 'default', in_progress: 'processing', established: 'success', revised: 'cyan' };

/** A measure's status, and "逾期" when its due date has passed before it was established. */
export function MeasureStatusTag({ status, overdue }: { status: MeasureStatus; overdue?: boolean }) {
  return (
    <>
      <Tag color={COLORS[status]} data-testid="measure-status">
        {MEASURE_STATUS_LABELS[status]}
      </Tag>
      {overdue && (
        <Tag color="red" data-testid="measure-overdue">
          逾期
        </Tag>
      )}
    </>
  );
}
