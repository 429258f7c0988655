/**
 * 排查定时: the periods in which a point must be checked, and what is due, done or missed.
 *
 * All dates are Asia/Shanghai calendar dates 'YYYY-MM-DD' (see hazard/deadline.ts).
 * A point with frequency F owes one check per period of F:
 * - daily: the day, key '2026-11-30';
 * - weekly: the ISO week, Monday to Sunday, key '2026-W49' (ISO week-numbering year);
 * - monthly: the calendar month, key '2026-11';
 * - term: 1 September to the end of February (key '2026-T1') and 1 March to 31 August
 *   (key '2027-T2'); the T1 key carries the year the term starts.
 * A period is `due` while it contains today and no check was made, `done` once a check
 * was made in it, and `missed` once it has ended without one.
 */
import { addDays, formatYmd, isCalendarDate } from '../hazard/deadline.js';
import type { Frequency } from './inspection.types.js';

export type Period = { readonly key: string; readonly start: string; readonly end: string };
export type PeriodStatus = 'due' | 'done' | 'missed' | 'upcoming';

function ymd(date: string): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`invalid calendar date: ${String(date)}`);
  return date.split('-').map(Number) as [number, number, number];
}

function lastDayOfMonth(year: number, month: number): string {
  const next = month === 12 ? formatYmd(year + 1, 1, 1) : formatYmd(year, month + 1, 1);
  return addDays(next, -1);
}

/** ISO weekday of a date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const [y, m, d] = ymd(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The ISO week (year and number) a date lies in. */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const [ty] = ymd(thursday);
  const jan1 = formatYmd(ty, 1, 1);
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);
  return { year: ty, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The period of frequency `f` that contains `date`. */
export function periodOf(f: Frequency, date: string): Period {
  const [y, m] = ymd(date);
  switch (f) {
    case 'daily':
      return { key: date, start: date, end: date };
    case 'weekly': {
      const { year, week } = isoWeek(date);
      const start = addDays(date, 1 - isoWeekday(date));
      return { key: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
    }
    case 'monthly':
      return { key: `${formatYmd(y, m, 1).slice(0, 7)}`, start: formatYmd(y, m, 1), end: lastDayOfMonth(y, m) };
    case 'term': {
      if (m >= 3 && m <= 8) return { key: `${y}-T2`, start: formatYmd(y, 3, 1), end: formatYmd(y, 8, 31) };
      const startYear = m >= 9 ? y : y - 1;
      return { key: `${startYear}-T1`, start: formatYmd(startYear, 9, 1), end: lastDayOfMonth(startYear + 1, 2) };
    }
    default: {
      const never: never = f;
      throw new RangeError(`unknown frequency ${String(never)}`);
    }
  }
}

/** Parses a period key back into its period; null when the key is malformed for `f`. */
export function periodFromKey(f: Frequency, key: string): Period | null {
  let probe: string | null = null;
  if (f === 'daily' && isCalendarDate(key)) probe = key;
  if (f === 'monthly' && /^\d{4}-\d{2}$/.test(key) && isCalendarDate(`${key}-01`)) probe = `${key}-01`;
  if (f === 'term') {
    const t = /^(\d{4})-T([12])$/.exec(key);
    if (t) probe = t[2] === '1' ? `${t[1]}-09-01` : `${t[1]}-03-01`;
  }
  if (f === 'weekly') {
    const w = /^(\d{4})-W(\d{2})$/.exec(key);
    if (w) {
      const jan4 = formatYmd(Number(w[1]), 1, 4);
      const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
      probe = addDays(week1Monday, (Number(w[2]) - 1) * 7);
    }
  }
  if (!probe) return null;
  const p = periodOf(f, probe);
  return p.key === key ? p : null;
}

/** The periods of frequency `f` that end within [from, to], in order. */
export function periodsEndingWithin(f: Frequency, from: string, to: string): Period[] {
  const out: Period[] = [];
  if (to < from) return out;
  let p = periodOf(f, from);
  if (p.end < from) p = periodOf(f, addDays(p.end, 1));
  while (p.end <= to) {
    out.push(p);
    p = periodOf(f, addDays(p.end, 1));
  }
  return out;
}

/** The periods of frequency `f` that overlap [from, to], in order. */
export function periodsOverlapping(f: Frequency, from: string, to: string): Period[] {
  const out: Period[] = [];
  if (to < from) return out;
  let p = periodOf(f, from);
  while (p.start <= to) {
    out.push(p);
    p = periodOf(f, addDays(p.end, 1));
  }
  return out;
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
