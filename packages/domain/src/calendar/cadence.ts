/**
 * The one cadence vocabulary: how often something recurs (a check, a report). Inspection
 * frequencies (inspection.types.ts FREQUENCIES) are a subset of it; campaign reporting kinds
 * keep their stored codes ('termly', contracts REPORTING_KIND_CODES) and map onto it here.
 */

export const CADENCES = ['daily', 'weekly', 'monthly', 'quarterly', 'term', 'half_year', 'yearly', 'once'] as const;
export type Cadence = (typeof CADENCES)[number];

/** The cadences that cut time into periods (everything but `once`). */
export const PERIOD_CADENCES = ['daily', 'weekly', 'monthly', 'quarterly', 'term', 'half_year', 'yearly'] as const;
export type PeriodCadence = (typeof PERIOD_CADENCES)[number];

export const CADENCE_LABELS: Record<Cadence, string> = {
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  term: '每学期',
  half_year: '每半年',
  yearly: '每年',
  once: '一次',
};

/** Campaign reporting kinds as stored (plan.types.ts ReportingKind). */
export type ReportingKindCode = 'once' | 'yearly' | 'monthly' | 'weekly' | 'quarterly' | 'termly';

/** The cadence of a campaign reporting kind ('termly' is the calendar's 'term'). */
export const REPORTING_KIND_CADENCE: Record<ReportingKindCode, Cadence> = {
  once: 'once',
  yearly: 'yearly',
  monthly: 'monthly',
  weekly: 'weekly',
  quarterly: 'quarterly',
  termly: 'term',
};

export function isPeriodCadence(c: Cadence): c is PeriodCadence {
  return c !== 'once';
}
