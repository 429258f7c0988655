import { Tag } from 'antd';
import type { SiteKind } from '../../../api/site';

/** Shared bits of the site registry pages: the tabs, the record paths, the due and grade tags. */

export const SITE_TABS: { kind: SiteKind | 'coverage'; label: string }[] = [
  { kind: 'buildings', label: '校舍' },
  { kind: 'emergency-plans', label: '应急预案' },
  { kind: 'drills', label: '应急演练' },
  { kind: 'canteen-staff', label: '食堂从业人员' },
  { kind: 'coverage', label: '覆盖率' },
];

export const siteListPath = (kind: SiteKind | 'coverage') => `/registries/site/${kind}`;
export const siteRecordPath = (kind: SiteKind, id: string) => `/registries/site/${kind}/${id}`;

export function DueTag({ status, soon = '即将到期', over = '已过期' }: { status: 'ok' | 'due_soon' | 'overdue' | null; soon?: string; over?: string }) {
  if (status === 'overdue') return <Tag color="red">{over}</Tag>;
  if (status === 'due_soon') return <Tag color="orange">{soon}</Tag>;
  if (status === 'ok') return <Tag color="green">正常</Tag>;
  return null;
}

const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
export function GradeTag({ grade }: { grade: string }) {
  return <Tag color={GRADE_COLORS[grade]}>{grade} 级</Tag>;
}

export const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
