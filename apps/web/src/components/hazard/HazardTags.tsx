import { Tag, Typography } from 'antd';
import { FlagFilled } from '@ant-design/icons';
import { HAZARD_GRADE_LABELS, HAZARD_STATE_LABELS, type HazardGrade, type HazardState } from '@xiaoan/domain';
import type { HazardSummary } from '../../api/types';
import { STATE_COLORS } from '../../lib/hazard';

export function HazardStateTag({ state, testId }: { state: HazardState; testId?: string }) {
  return (
    <Tag color={STATE_COLORS[state]} data-testid={testId} data-state={state} style={{ marginInlineEnd: 0 }}>
      {HAZARD_STATE_LABELS[state]}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: HazardGrade }) {
  return grade === 'major' ? (
    <Tag color="red" style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {HAZARD_GRADE_LABELS.major}
    </Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>{HAZARD_GRADE_LABELS.general}</Tag>
  );
}

export function ListedTag() {
  return (
    <Tag color="#cf1322" icon={<FlagFilled />} style={{ marginInlineEnd: 0 }}>
      挂牌督办
    </Tag>
  );
}

/** "逾期 N 天" in red; N from daysUntilDue (negative when overdue). */
export function OverdueTag({ days }: { days: number | null }) {
  const n = days !== null && days < 0 ? -days : null;
  return (
    <Tag color="error" style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {n ? `逾期 ${n} 天` : '已逾期'}
    </Tag>
  );
}

/** The due date with a countdown: overdue in red, due today or soon in orange. */
export function DueCell({ h, compact }: { h: Pick<HazardSummary, 'dueDate' | 'daysUntilDue' | 'overdue' | 'state'>; compact?: boolean }) {
  if (!h.dueDate) return <Typography.Text type="secondary">{h.state === 'reported' ? '待登记' : '—'}</Typography.Text>;
  const open = h.state !== 'closed' && h.state !== 'rejected';
  const d = h.daysUntilDue;
  let hint = null;
  if (open && h.overdue) hint = <OverdueTag days={d} />;
  else if (open && d !== null && d === 0) hint = <Tag color="orange" style={{ marginInlineEnd: 0 }}>今天到期</Tag>;
  else if (open && d !== null && d > 0 && d <= 3) hint = <Tag color="orange" style={{ marginInlineEnd: 0 }}>剩 {d} 天</Tag>;
  else if (open && d !== null && d > 3) hint = <Typography.Text type="secondary" style={{ fontSize: 12 }}>剩 {d} 天</Typography.Text>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: compact ? 4 : 6 }}>
      <span style={{ whiteSpace: 'nowrap' }}>{h.dueDate}</span>
      {hint}
    </span>
  );
}
