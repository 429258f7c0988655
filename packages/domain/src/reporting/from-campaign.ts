/**
 * A campaign's reporting rule (recognised by the plan import) as a report type's schedule.
 * Pure: the server shows every proposal for confirmation, then creates the types.
 */
import type { DueRule } from '../calendar/due.js';
import { reportingSchedule } from '../campaign/dates.js';
import type { ReportingKind } from '../campaign/plan.types.js';
import type { ReportPeriodKind } from './report-rules.js';

export type CampaignRuleInput = { text: string; kind: ReportingKind; dueDate: string | null; dayOfMonth: number | null; month: number | null };

/** Which of the year's quarters a rule names: 前三季度 → [1, 2, 3]; none named → all. */
export function quartersNamed(text: string): number[] {
  if (/前三(个)?季度/.test(text)) return [1, 2, 3];
  if (/前两(个)?季度|前二季度/.test(text)) return [1, 2];
  return [];
}

/**
 * The schedule a rule asks for: its cadence as a period kind and its due rule; with
 * `stageAfterDays`, once per campaign stage instead, N days after each stage ends.
 */
export function scheduleOfCampaignRule(rule: CampaignRuleInput, opts: { stageAfterDays?: number } = {}): { periodKind: ReportPeriodKind; dueRule: DueRule; periodNumbers: number[] } {
  if (opts.stageAfterDays !== undefined) return { periodKind: 'stage', dueRule: { kind: 'after_end', days: opts.stageAfterDays }, periodNumbers: [] };
  const { cadence, due } = reportingSchedule(rule);
  const periodKind: ReportPeriodKind = cadence;
  return { periodKind, dueRule: due, periodNumbers: cadence === 'quarterly' ? quartersNamed(rule.text) : [] };
}
