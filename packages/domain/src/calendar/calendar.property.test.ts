import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportingSchedule } from '../campaign/dates.js';
import { PERIOD_CADENCES, REPORTING_KIND_CADENCE } from './cadence.js';
import { addDays, daysBetween, daysInMonth, isCalendarDate, isLeapYear, isoWeekday, shanghaiDate, startOfShanghaiDay } from './calendar-date.js';
import { dueDateOf } from './due.js';
import {
  nextPeriod,
  parsePeriodKey,
  periodAt,
  periodContaining,
  periodInstants,
  periodOfKey,
  periodsEndingWithin,
  previousPeriod,
} from './period.js';

const DAY = 86_400_000;
/** Calendar dates from 1992 to 2099, with month ends and the days around 29 February weighted in. */
const anyDate = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const edgeDate = fc
  .record({ year: fc.integer({ min: 1992, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), back: fc.integer({ min: 0, max: 1 }) })
  .map(({ year, month, back }) => new Date(Date.UTC(year, month, 0 - back)).toISOString().slice(0, 10));
const date = fc.oneof(anyDate, edgeDate);
const cadence = fc.constantFrom(...PERIOD_CADENCES);
const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 0, 1) }).map((ms) => new Date(ms));
const intlShanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('periods of every cadence', () => {
  it('the period of a date contains it, and every day of it has the same period', () => {
    fc.assert(
      fc.property(cadence, date, (c, d) => {
        const p = periodContaining(c, d);
        expect(p.start <= d && d <= p.end).toBe(true);
        expect(periodContaining(c, p.start)).toEqual(p);
        expect(periodContaining(c, p.end)).toEqual(p);
      }),
    );
  });

  it('next(prev(p)) = p and prev(next(p)) = p', () => {
    fc.assert(
      fc.property(cadence, date, (c, d) => {
        const p = periodContaining(c, d);
        expect(nextPeriod(c, previousPeriod(c, p))).toEqual(p);
        expect(previousPeriod(c, nextPeriod(c, p))).toEqual(p);
      }),
    );
  });

  it('periods are contiguous: the next one starts the day after this one ends, with no gap or overlap', () => {
    fc.assert(
      fc.property(cadence, date, fc.integer({ min: 1, max: 400 }), (c, from, span) => {
        const to = addDays(from, span);
        const ps = periodsEndingWithin(c, from, to);
        ps.slice(1).forEach((p, k) => expect(p.start).toBe(addDays(ps[k]!.end, 1)));
        for (const p of ps) expect(p.start <= p.end).toBe(true);
      }),
    );
  });

  it('keys parse back to their period, and the key alone says the cadence', () => {
    fc.assert(
      fc.property(cadence, date, (c, d) => {
        const p = periodContaining(c, d);
        expect(periodOfKey(c, p.key)).toEqual(p);
        const parsed = parsePeriodKey(p.key);
        expect(parsed?.period).toEqual(p);
        expect(parsed?.cadence).toBe(c);
      }),
    );
  });

  it('lengths: a week is 7 days, a month its days, a quarter 90–92, a half-year 181–184, a term 181–184, a year 365/366', () => {
    fc.assert(
      fc.property(date, (d) => {
        const len = (c: (typeof PERIOD_CADENCES)[number]) => {
          const p = periodContaining(c, d);
          return daysBetween(p.start, p.end) + 1;
        };
        const [y, m] = d.split('-').map(Number) as [number, number];
        expect(len('daily')).toBe(1);
        expect(len('weekly')).toBe(7);
        expect(len('monthly')).toBe(daysInMonth(y, m));
        expect(len('quarterly')).toBeGreaterThanOrEqual(90);
        expect(len('quarterly')).toBeLessThanOrEqual(92);
        expect(len('half_year')).toBeGreaterThanOrEqual(181);
        expect(len('half_year')).toBeLessThanOrEqual(184);
        expect(len('term')).toBeGreaterThanOrEqual(181);
        expect(len('term')).toBeLessThanOrEqual(184);
        expect(len('yearly')).toBe(isLeapYear(y) ? 366 : 365);
      }),
    );
  });

  it('weeks start on Monday; months, quarters, half-years, terms and years on the 1st of their month', () => {
    fc.assert(
      fc.property(date, (d) => {
        expect(isoWeekday(periodContaining('weekly', d).start)).toBe(1);
        expect(isoWeekday(periodContaining('weekly', d).end)).toBe(7);
        for (const c of ['monthly', 'quarterly', 'half_year', 'term', 'yearly'] as const) {
          expect(periodContaining(c, d).start.endsWith('-01')).toBe(true);
        }
        expect(['01', '04', '07', '10']).toContain(periodContaining('quarterly', d).start.slice(5, 7));
        expect(['03', '09']).toContain(periodContaining('term', d).start.slice(5, 7));
      }),
    );
  });
});

describe('known boundaries', () => {
  it('names quarters, half-years, years and terms', () => {
    expect(periodContaining('quarterly', '2026-09-30')).toEqual({ key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(periodContaining('quarterly', '2026-10-01').key).toBe('2026-Q4');
    expect(periodContaining('half_year', '2026-11-03')).toEqual({ key: '2026-H2', start: '2026-07-01', end: '2026-12-31' });
    expect(periodContaining('yearly', '2026-11-03')).toEqual({ key: '2026', start: '2026-01-01', end: '2026-12-31' });
    expect(periodContaining('weekly', '2026-11-17').key).toBe('2026-W47');
    expect(periodContaining('monthly', '2026-11-03').key).toBe('2026-11');
    expect(periodContaining('daily', '2026-11-03').key).toBe('2026-11-03');
    expect(periodContaining('term', '2028-01-15')).toEqual({ key: '2027-T1', start: '2027-09-01', end: '2028-02-29' });
    expect(periodContaining('term', '2027-08-31')).toEqual({ key: '2027-T2', start: '2027-03-01', end: '2027-08-31' });
  });

  it('leap years: 29 February in 2000 and 2024, not in 1900 or 2100', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(periodContaining('quarterly', '2024-02-29').end).toBe('2024-03-31');
    expect(periodContaining('term', '2100-02-01').end).toBe('2100-02-28');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('refuses keys that name no period', () => {
    for (const key of ['2026-Q5', '2026-Q0', '2026-H3', '2026-W54', '2026-13', '2026-T3', '26', '2026-02-30', 'x']) {
      expect(parsePeriodKey(key)).toBeNull();
    }
    expect(periodOfKey('monthly', '2026-W01')).toBeNull();
  });
});

describe('periods and instants in Asia/Shanghai', () => {
  it('the period at an instant is the period of its Beijing date (Intl agrees)', () => {
    fc.assert(
      fc.property(cadence, instant, (c, t) => {
        expect(periodAt(c, t)).toEqual(periodContaining(c, intlShanghai.format(t)));
      }),
    );
  });

  it('a period covers [00:00 Beijing time of its start, 00:00 after its end): 16:00Z the day before', () => {
    const q = periodContaining('quarterly', '2026-08-15');
    const { from, until } = periodInstants(q);
    expect(from.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(until.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(periodAt('quarterly', new Date(from.getTime() - 1)).key).toBe('2026-Q2');
    expect(periodAt('quarterly', from).key).toBe('2026-Q3');
    expect(periodAt('quarterly', new Date(until.getTime() - 1)).key).toBe('2026-Q3');
    expect(periodAt('quarterly', until).key).toBe('2026-Q4');
  });

  it('every instant of a period lies in it, and the spans of consecutive periods meet', () => {
    fc.assert(
      fc.property(cadence, instant, (c, t) => {
        const p = periodAt(c, t);
        const { from, until } = periodInstants(p);
        expect(from.getTime() <= t.getTime() && t.getTime() < until.getTime()).toBe(true);
        expect(periodInstants(nextPeriod(c, p)).from.getTime()).toBe(until.getTime());
        expect(shanghaiDate(from)).toBe(p.start);
        expect(shanghaiDate(new Date(until.getTime() - 1))).toBe(p.end);
        expect(startOfShanghaiDay(p.start).getTime() % DAY).toBe(16 * 3_600_000);
      }),
    );
  });
});

describe('due-day rules', () => {
  const nov = periodContaining('monthly', '2026-11-03');
  const q3 = periodContaining('quarterly', '2026-08-01');
  it('by the 1st of the next month, the 15th of the quarter’s last month, by 12-15, N days after the end', () => {
    expect(dueDateOf({ kind: 'day_of_next_month', day: 1 }, nov)).toBe('2026-12-01');
    expect(dueDateOf({ kind: 'day_of_next_month', day: 5 }, periodContaining('monthly', '2026-12-10'))).toBe('2027-01-05');
    expect(dueDateOf({ kind: 'day_of_last_month', day: 15 }, q3)).toBe('2026-09-15');
    expect(dueDateOf({ kind: 'month_day', month: 12, day: 15 }, periodContaining('yearly', '2026-03-01'))).toBe('2026-12-15');
    expect(dueDateOf({ kind: 'month_day', month: 1, day: 10 }, periodContaining('term', '2026-10-01'))).toBe('2027-01-10');
    expect(dueDateOf({ kind: 'after_end', days: 10 }, nov)).toBe('2026-12-10');
    expect(dueDateOf({ kind: 'period_end' }, q3)).toBe('2026-09-30');
    expect(dueDateOf({ kind: 'on', date: '2026-12-25' }, nov)).toBe('2026-12-25');
  });

  it('a day past the month’s end is its last day (31 → 28 or 29 February)', () => {
    expect(dueDateOf({ kind: 'day_of_next_month', day: 31 }, periodContaining('monthly', '2027-01-05'))).toBe('2027-02-28');
    expect(dueDateOf({ kind: 'day_of_next_month', day: 31 }, periodContaining('monthly', '2028-01-05'))).toBe('2028-02-29');
  });

  it('relative rules fall after the period starts; next-month and after-end rules after it ends', () => {
    fc.assert(
      fc.property(cadence, date, fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 60 }), (c, d, day, n) => {
        const p = periodContaining(c, d);
        expect(dueDateOf({ kind: 'day_of_next_month', day }, p) > p.end).toBe(true);
        expect(dueDateOf({ kind: 'after_end', days: n }, p)).toBe(addDays(p.end, n));
        const inLast = dueDateOf({ kind: 'day_of_last_month', day }, p);
        expect(inLast.slice(0, 7)).toBe(p.end.slice(0, 7));
        expect(isCalendarDate(inLast)).toBe(true);
      }),
    );
  });

  it('maps the campaign reporting kinds onto the one cadence vocabulary', () => {
    expect(REPORTING_KIND_CADENCE.termly).toBe('term');
    expect(REPORTING_KIND_CADENCE.quarterly).toBe('quarterly');
    const monthly = reportingSchedule({ kind: 'monthly', dueDate: null, dayOfMonth: 5, month: null });
    expect(dueDateOf(monthly.due, periodContaining('monthly', '2026-11-20'))).toBe('2026-12-05');
    const yearly = reportingSchedule({ kind: 'yearly', dueDate: null, dayOfMonth: 15, month: 12 });
    expect(dueDateOf(yearly.due, periodContaining('yearly', '2026-03-01'))).toBe('2026-12-15');
    expect(reportingSchedule({ kind: 'termly', dueDate: null, dayOfMonth: null, month: null })).toEqual({ cadence: 'term', due: { kind: 'period_end' } });
    expect(reportingSchedule({ kind: 'once', dueDate: '2026-12-25', dayOfMonth: null, month: null }).due).toEqual({ kind: 'on', date: '2026-12-25' });
  });
});
