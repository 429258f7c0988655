/**
 * Completeness and timeliness (报送率、及时率) of one period, from the expected items. Pure.
 *
 * Every expected item has exactly one state; `counts` by state sums to `expected`.
 * `submitted` = items that reached the reviewer at least once (submitted, late, returned,
 * approved), split by their first submission into `onTime` + `late`; `missing` = past the
 * deadline with nothing submitted; `pending` = not_started and draft before the deadline.
 * So expected = submitted + missing + pending and submitted = onTime + late.
 */
import type { ReportState } from './submission.js';

export type TallyItem = { state: ReportState; onTime: boolean | null };

export type CompletenessTally = {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  counts: Record<ReportState, number>;
  submittedRate: number | null;
  onTimeRate: number | null;
};

const SUBMITTED: ReadonlySet<ReportState> = new Set(['submitted', 'late', 'returned', 'approved']);

/** A rate rounded to four decimals (0.8333), null when nothing is expected. */
export const reportRate = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

export function tallyCompleteness(items: readonly TallyItem[]): CompletenessTally {
  const counts: Record<ReportState, number> = { not_started: 0, draft: 0, submitted: 0, late: 0, returned: 0, approved: 0, missing: 0 };
  let submitted = 0;
  let onTime = 0;
  for (const i of items) {
    counts[i.state]++;
    if (SUBMITTED.has(i.state)) {
      submitted++;
      if (i.onTime) onTime++;
    }
  }
  const expected = items.length;
  return {
    expected,
    submitted,
    onTime,
    late: submitted - onTime,
    missing: counts.missing,
    pending: counts.not_started + counts.draft,
    counts,
    submittedRate: reportRate(submitted, expected),
    onTimeRate: reportRate(onTime, expected),
  };
}

/**
 * Is a submitter expected for a period? Only when it was reporting for the whole period: its
 * reporting began on or before the period's first day (a school created mid-period joins from
 * its first full period) and it was not disabled before the period ended (a closed school leaves).
 * The completeness query applies the same rule in SQL.
 */
export function isExpectedFor(submitter: { reportingFrom: string; disabledOn: string | null; active: boolean }, p: { start: string; end: string }): boolean {
  if (submitter.reportingFrom > p.start) return false;
  if (submitter.disabledOn !== null) return submitter.disabledOn > p.end;
  return submitter.active;
}
