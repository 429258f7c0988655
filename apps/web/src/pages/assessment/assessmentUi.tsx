import { Tag } from 'antd';
import { SELF_ASSESSMENT_STATE_LABELS, type SelfAssessmentState } from '@xiaoan/domain';
import type { IndicatorScoreT, SchemeIndicatorT } from '../../api/assessment';

/** Small shared pieces of the assessment pages. */

const STATE_COLOR: Record<SelfAssessmentState, string> = { draft: 'default', submitted: 'processing', accepted: 'success', returned: 'warning' };

export function SelfStateTag({ state }: { state: SelfAssessmentState | null | undefined }) {
  if (!state) return <Tag>未填报</Tag>;
  return <Tag color={STATE_COLOR[state]}>{SELF_ASSESSMENT_STATE_LABELS[state]}</Tag>;
}

/** A raw value as people read it: a rate in per cent, a count as is. */
export function valueText(s: IndicatorScoreT, ind: SchemeIndicatorT | undefined): string {
  if (s.kind === 'manual') return s.pending ? '未评分' : `${s.points} 分`;
  if (s.value === null) return '无数据';
  return ind?.measure === 'rate' ? `${Math.round(s.value * 1000) / 10}%` : `${s.value} 件`;
}

export const fmtPoints = (n: number) => (Math.round(n * 100) / 100).toString();

/** The link of an evidence item inside the app (path and filters). */
export function evidenceHref(l: { path: string; query: Record<string, string> }): string {
  const q = new URLSearchParams(l.query).toString();
  return q ? `${l.path}?${q}` : l.path;
}
