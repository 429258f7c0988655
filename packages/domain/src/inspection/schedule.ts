/**
 * 排查定时: the periods in which a point must be checked, and what is due, done or missed.
 *
 * All dates are Asia/Shanghai calendar dates 'YYYY-MM-DD'; the periods are the domain
 * calendar's (calendar/period.ts), of which the frequencies are a subset of cadences.
 * A point with frequency F owes one check per period of F:
 * - daily: the day, key '2026-11-30';
 * - weekly: the ISO week, Monday to Sunday, key '2026-W49' (ISO week-numbering year);
 * - monthly: the calendar month, key '2026-11';
 * - term: 1 September to the end of February (key '2026-T1') and 1 March to 31 August
 *   (key '2027-T2'); the T1 key carries the year the term starts.
 * A period is `due` while it contains today and no check was made, `done` once a check
 * was made in it, and `missed` once it has ended without one.
 */
import { periodContaining, periodOfKey, periodsEndingWithin, type CalendarPeriod } from '../calendar/period.js';
import type { Frequency } from './inspection.types.js';

export { isoWeek, isoWeekday } from '../calendar/calendar-date.js';
export { periodsEndingWithin, periodsOverlapping } from '../calendar/period.js';

export type Period = CalendarPeriod;
export type PeriodStatus = 'due' | 'done' | 'missed' | 'upcoming';

/** The period of frequency `f` that contains `date` (the calendar's period of that cadence). */
export function periodOf(f: Frequency, date: string): Period {
  return periodContaining(f, date);
}

/** Parses a period key back into its period; null when the key is malformed for `f`. */
export function periodFromKey(f: Frequency, key: string): Period | null {
  return periodOfKey(f, key);
}

/** Where a period stands on `today`, given whether a check was made in it. */
export function periodStatus(p: Period, done: boolean, today: string): PeriodStatus {
  if (done) return 'done';
  if (p.start > today) return 'upcoming';
  return p.end < today ? 'missed' : 'due';
}

/** The part of a point's life that owes checks: from the day it was set up to the day it was retired. */
export type PointLife = { readonly frequency: Frequency; readonly activeFrom: string; readonly retiredOn: string | null };

/**
 * The checks a point owes in the window [from, to]: one per period of its frequency that
 * ends within the window and has begun by `today` (so a window's in-progress periods count
 * as owed and show as due). Each period belongs to exactly one window of a partition — the
 * one its last day falls in. Periods wholly before the point was set up, or starting on or
 * after the day it was retired, owe nothing.
 */
export function owedPeriods(point: PointLife, from: string, to: string, today: string): Period[] {
  return periodsEndingWithin(point.frequency, from, to).filter(
    (p) => p.start <= today && p.end >= point.activeFrom && (point.retiredOn === null || p.start < point.retiredOn),
  );
}

/** Completion rate as a fraction 0–1, or null when nothing was owed. */
export function completionRate(done: number, owed: number): number | null {
  return owed === 0 ? null : Math.min(1, done / owed);
}

/** The window [from, to] of a calendar day, ISO week or month containing `date`. */
export function windowOf(kind: 'day' | 'week' | 'month', date: string): { from: string; to: string } {
  const p = periodOf(kind === 'day' ? 'daily' : kind === 'week' ? 'weekly' : 'monthly', date);
  return { from: p.start, to: p.end };
}
