/**
 * Periods: the span of a cadence that contains a date, its key, the next and previous one.
 * Keys: day '2026-11-03' · ISO week '2026-W47' (Monday–Sunday, ISO week-numbering year) ·
 * month '2026-11' · quarter '2026-Q3' · term '2026-T1' (1 September 2026 to the end of
 * February 2027: the year the term starts) and '2027-T2' (1 March to 31 August) · half-year
 * '2026-H2' · year '2026'. Start and end are inclusive calendar dates in Asia/Shanghai.
 */
import { PERIOD_CADENCES, type PeriodCadence } from './cadence.js';
import {
  addDays,
  daysInMonth,
  formatYmd,
  isCalendarDate,
  isoWeek,
  isoWeekday,
  shanghaiDate,
  startOfShanghaiDay,
  ymdOf,
} from './calendar-date.js';

export type CalendarPeriod = { readonly key: string; readonly start: string; readonly end: string };

function monthSpan(year: number, firstMonth: number, months: number): { start: string; end: string } {
  const lastMonth = firstMonth + months - 1;
  const endYear = year + Math.floor((lastMonth - 1) / 12);
  const endMonth = ((lastMonth - 1) % 12) + 1;
  return { start: formatYmd(year, firstMonth, 1), end: formatYmd(endYear, endMonth, daysInMonth(endYear, endMonth)) };
}

function weekOf(date: string): CalendarPeriod {
  const { year, week } = isoWeek(date);
  const start = addDays(date, 1 - isoWeekday(date));
  return { key: `${year}-W${String(week).padStart(2, '0')}`, start, end: addDays(start, 6) };
}

function termOf(y: number, m: number): CalendarPeriod {
  if (m >= 3 && m <= 8) return { key: `${y}-T2`, ...monthSpan(y, 3, 6) };
  const startYear = m >= 9 ? y : y - 1;
  return { key: `${startYear}-T1`, ...monthSpan(startYear, 9, 6) };
}

/** The period of cadence `c` that contains `date` (RangeError for a malformed date). */
export function periodContaining(c: PeriodCadence, date: string): CalendarPeriod {
  const [y, m] = ymdOf(date);
  const yyyy = String(y).padStart(4, '0');
  switch (c) {
    case 'daily':
      return { key: date, start: date, end: date };
    case 'weekly':
      return weekOf(date);
    case 'monthly':
      return { key: date.slice(0, 7), ...monthSpan(y, m, 1) };
    case 'quarterly': {
      const q = Math.floor((m - 1) / 3) + 1;
      return { key: `${yyyy}-Q${q}`, ...monthSpan(y, q * 3 - 2, 3) };
    }
    case 'term':
      return termOf(y, m);
    case 'half_year':
      return m <= 6 ? { key: `${yyyy}-H1`, ...monthSpan(y, 1, 6) } : { key: `${yyyy}-H2`, ...monthSpan(y, 7, 6) };
    case 'yearly':
      return { key: yyyy, ...monthSpan(y, 1, 12) };
    default: {
      const never: never = c;
      throw new RangeError(`unknown cadence ${String(never)}`);
    }
  }
}

/** A date inside the period a key names, if the key has the shape of cadence `c`. */
function probeDate(c: PeriodCadence, key: string): string | null {
  let m: RegExpExecArray | null;
  switch (c) {
    case 'daily':
      return isCalendarDate(key) ? key : null;
    case 'weekly': {
      if (!(m = /^(\d{4})-W(\d{2})$/.exec(key)) || Number(m[1]) < 1) return null;
      const jan4 = formatYmd(Number(m[1]), 1, 4);
      return addDays(addDays(jan4, 1 - isoWeekday(jan4)), (Number(m[2]) - 1) * 7);
    }
    case 'monthly':
      return /^\d{4}-\d{2}$/.test(key) && isCalendarDate(`${key}-01`) ? `${key}-01` : null;
    case 'quarterly':
      return (m = /^(\d{4})-Q([1-4])$/.exec(key)) ? `${m[1]}-${String(Number(m[2]) * 3 - 2).padStart(2, '0')}-01` : null;
    case 'term':
      return (m = /^(\d{4})-T([12])$/.exec(key)) ? `${m[1]}-${m[2] === '1' ? '09' : '03'}-01` : null;
    case 'half_year':
      return (m = /^(\d{4})-H([12])$/.exec(key)) ? `${m[1]}-${m[2] === '1' ? '01' : '07'}-01` : null;
    case 'yearly':
      return /^\d{4}$/.test(key) ? `${key}-01-01` : null;
    default: {
      const never: never = c;
      throw new RangeError(`unknown cadence ${String(never)}`);
    }
  }
}

/** The period a key names for cadence `c`; null when the key is malformed for it (2026-W54, 2026-13, 2026-T3). */
export function periodOfKey(c: PeriodCadence, key: string): CalendarPeriod | null {
  const probe = probeDate(c, key);
  if (probe === null || !isCalendarDate(probe)) return null;
  const p = periodContaining(c, probe);
  return p.key === key ? p : null;
}

/** The cadence and period a key names (the key's shape says the cadence), or null. */
export function parsePeriodKey(key: string): { cadence: PeriodCadence; period: CalendarPeriod } | null {
  for (const cadence of PERIOD_CADENCES) {
    const period = periodOfKey(cadence, key);
    if (period) return { cadence, period };
  }
  return null;
}

/** The period right after `p` (it starts the day after `p` ends). */
export function nextPeriod(c: PeriodCadence, p: CalendarPeriod): CalendarPeriod {
  return periodContaining(c, addDays(p.end, 1));
}

/** The period right before `p` (it ends the day before `p` starts). */
export function previousPeriod(c: PeriodCadence, p: CalendarPeriod): CalendarPeriod {
  return periodContaining(c, addDays(p.start, -1));
}

/** The period of cadence `c` containing an instant, by the Shanghai calendar. */
export function periodAt(c: PeriodCadence, instant: Date): CalendarPeriod {
  return periodContaining(c, shanghaiDate(instant));
}

/** The half-open span of instants [from, until) a period covers: 00:00 Beijing time of its start to 00:00 after its end. */
export function periodInstants(p: CalendarPeriod): { from: Date; until: Date } {
  return { from: startOfShanghaiDay(p.start), until: startOfShanghaiDay(addDays(p.end, 1)) };
}

/** The periods of cadence `c` that end within [from, to], in order. */
export function periodsEndingWithin(c: PeriodCadence, from: string, to: string): CalendarPeriod[] {
  const out: CalendarPeriod[] = [];
  if (to < from) return out;
  let p = periodContaining(c, from);
  if (p.end < from) p = nextPeriod(c, p);
  while (p.end <= to) {
    out.push(p);
    p = nextPeriod(c, p);
  }
  return out;
}

/** The periods of cadence `c` that overlap [from, to], in order. */
export function periodsOverlapping(c: PeriodCadence, from: string, to: string): CalendarPeriod[] {
  const out: CalendarPeriod[] = [];
  if (to < from) return out;
  let p = periodContaining(c, from);
  while (p.start <= to) {
    out.push(p);
    p = nextPeriod(c, p);
  }
  return out;
}
