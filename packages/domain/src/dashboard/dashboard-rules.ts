/**
 * The dashboard's rules (驾驶舱). Pure: rates from numerators and denominators, the age buckets
 * of overdue hazards, the order of the school ranking, the default period and its months, and
 * how a period splits into whole months and loose days (what the roll-up tables are kept by).
 */
import { addDays, daysInMonth, ymdOf } from '../calendar/calendar-date.js';

/** A share rounded to four decimals, null when nothing was due (a zero denominator). */
export function dashboardRate(num: number, den: number): number | null {
  if (den <= 0) return null;
  return Math.round((Math.min(num, den) / den) * 10_000) / 10_000;
}

export const OVERDUE_AGE_BUCKETS = ['d1to7', 'd8to30', 'd31to90', 'over90'] as const;
export type OverdueAgeBucket = (typeof OVERDUE_AGE_BUCKETS)[number];
export type OverdueAge = Record<OverdueAgeBucket, number>;

/**
 * The bucket of a hazard overdue by `days` (today minus its due date, at least 1 since it is
 * overdue only once the due date has passed): 1–7, 8–30, 31–90, more than 90 days.
 */
export function overdueAgeBucket(days: number): OverdueAgeBucket {
  if (days <= 7) return 'd1to7';
  if (days <= 30) return 'd8to30';
  if (days <= 90) return 'd31to90';
  return 'over90';
}

export const emptyOverdueAge = (): OverdueAge => ({ d1to7: 0, d8to30: 0, d31to90: 0, over90: 0 });

/** What the ranking reads of a school's figures. */
export type RankedFigures = { overdueHazards: number; majorHazards: number; rectificationRate: number | null; openHazards: number };

/**
 * Worst first: most overdue hazards, then most open major hazards, then the lowest
 * rectification rate (a school with nothing found in the period after those with a rate),
 * then most open hazards, then by name (so the order is stable).
 */
export function compareForRanking(a: { name: string; figures: RankedFigures }, b: { name: string; figures: RankedFigures }): number {
  const fa = a.figures;
  const fb = b.figures;
  return (
    fb.overdueHazards - fa.overdueHazards ||
    fb.majorHazards - fa.majorHazards ||
    (fa.rectificationRate ?? 2) - (fb.rectificationRate ?? 2) ||
    fb.openHazards - fa.openHazards ||
    a.name.localeCompare(b.name, 'zh-CN')
  );
}

export const RANKING_SIZE = 10;

/** The schools worth naming, worst first, at most RANKING_SIZE; a school with nothing open, overdue or found is left out. */
export function rankSchools<T extends { name: string; figures: RankedFigures & { rectificationDen: number } }>(schools: readonly T[]): T[] {
  return schools
    .filter((s) => s.figures.openHazards > 0 || s.figures.overdueHazards > 0 || s.figures.rectificationDen > 0)
    .sort(compareForRanking)
    .slice(0, RANKING_SIZE);
}

/** The longest period the dashboard answers for (the trend's months stay readable). */
export const MAX_DASHBOARD_MONTHS = 36;

/** The default period: 1 January of this year to today. */
export function defaultDashboardPeriod(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
const monthEnd = (date: string) => {
  const [y, m] = ymdOf(date);
  return `${date.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
};

/** The months "YYYY-MM" that [from, to] touches, in order. */
export function monthsOfPeriod(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = monthStart(from); d <= to; d = addDays(monthEnd(d), 1)) out.push(d.slice(0, 7));
  return out;
}

/** Problems of a requested period, as `field: reason` messages (none when it is fine). */
export function periodProblems(from: string, to: string): string[] {
  if (from > to) return ['to: 结束日期不能早于开始日期'];
  if (monthsOfPeriod(from, to).length > MAX_DASHBOARD_MONTHS) return [`to: 一次最多查看 ${MAX_DASHBOARD_MONTHS} 个月`];
  return [];
}

export type DayRange = { from: string; to: string };

/**
 * [from, to] as the whole months it covers (first days "YYYY-MM-01", from the month table)
 * and the days left over at either end (from the day table). Together they cover every day of
 * the period exactly once.
 */
export function splitPeriod(from: string, to: string): { months: DayRange | null; days: DayRange[] } {
  if (from > to) return { months: null, days: [] };
  const firstFull = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
  const lastFullEnd = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
  if (firstFull > lastFullEnd) return { months: null, days: [{ from, to }] };
  const days: DayRange[] = [];
  if (from < firstFull) days.push({ from, to: addDays(firstFull, -1) });
  if (lastFullEnd < to) days.push({ from: addDays(lastFullEnd, 1), to });
  return { months: { from: firstFull, to: monthStart(lastFullEnd) }, days };
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

/**
 * The paths seen by both `a` and `b` (each a union of subtrees): for every pair, the deeper one
 * when one lies inside the other. A campaign's schools within a team's, a team's within the caller's.
 */
export function intersectPaths(a: readonly string[], b: readonly string[]): string[] {
  const out = new Set<string>();
  for (const x of a) for (const y of b) {
    if (within(x, y)) out.add(x);
    else if (within(y, x)) out.add(y);
  }
  return [...out].sort();
}
