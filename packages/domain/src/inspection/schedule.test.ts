import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoWeek, owedPeriods, periodFromKey, periodOf, periodStatus, periodsEndingWithin, windowOf } from './schedule.js';
import { FREQUENCIES } from './inspection.types.js';
import { addDays, formatYmd, shanghaiDate } from '../hazard/deadline.js';

describe('periodOf', () => {
  it('daily periods are the day itself', () => {
    expect(periodOf('daily', '2026-11-30')).toEqual({ key: '2026-11-30', start: '2026-11-30', end: '2026-11-30' });
  });

  it('weeks run Monday to Sunday with ISO week numbers, across month and year ends', () => {
    expect(periodOf('weekly', '2026-11-30')).toEqual({ key: '2026-W49', start: '2026-11-30', end: '2026-12-06' });
    // 2026-01-01 is a Thursday: week 1 of 2026 starts Monday 2025-12-29.
    expect(periodOf('weekly', '2025-12-29')).toEqual({ key: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
    // 2021-01-03 is a Sunday in week 53 of 2020.
    expect(periodOf('weekly', '2021-01-03')).toEqual({ key: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
  });

  it('months end on their last day, including leap Februaries', () => {
    expect(periodOf('monthly', '2024-02-10')).toEqual({ key: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect(periodOf('monthly', '2026-02-10').end).toBe('2026-02-28');
    expect(periodOf('monthly', '2000-02-01').end).toBe('2000-02-29');
    expect(periodOf('monthly', '2100-02-01').end).toBe('2100-02-28');
    expect(periodOf('monthly', '2026-12-31')).toEqual({ key: '2026-12', start: '2026-12-01', end: '2026-12-31' });
  });

  it('terms run September to February and March to August', () => {
    expect(periodOf('term', '2026-11-30')).toEqual({ key: '2026-T1', start: '2026-09-01', end: '2027-02-28' });
    expect(periodOf('term', '2028-02-29')).toEqual({ key: '2027-T1', start: '2027-09-01', end: '2028-02-29' });
    expect(periodOf('term', '2027-03-01')).toEqual({ key: '2027-T2', start: '2027-03-01', end: '2027-08-31' });
    expect(periodOf('term', '2027-08-31').key).toBe('2027-T2');
    expect(periodOf('term', '2027-09-01').key).toBe('2027-T1');
  });

  it('rejects malformed dates', () => {
    expect(() => periodOf('daily', '2026-02-30')).toThrow(RangeError);
  });

  it('every date lies in its period, and keys parse back, for every frequency', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), fc.constantFrom(...FREQUENCIES), (n, f) => {
        const date = addDays('2000-01-01', n);
        const p = periodOf(f, date);
        expect(p.start <= date && date <= p.end).toBe(true);
        expect(periodOf(f, p.start)).toEqual(p);
        expect(periodOf(f, p.end)).toEqual(p);
        expect(periodOf(f, addDays(p.end, 1)).start).toBe(addDays(p.end, 1));
        expect(periodFromKey(f, p.key)).toEqual(p);
      }),
    );
  });
});

describe('ISO weeks', () => {
  it('agree with known calendars', () => {
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
  });
});

describe('periodFromKey', () => {
  it('refuses keys that do not name a period', () => {
    expect(periodFromKey('weekly', '2026-W54')).toBeNull();
    expect(periodFromKey('monthly', '2026-13')).toBeNull();
    expect(periodFromKey('daily', '2026-02-29')).toBeNull();
    expect(periodFromKey('term', '2026-T3')).toBeNull();
    expect(periodFromKey('daily', '2026-W01')).toBeNull();
  });
});

describe('periodsEndingWithin', () => {
  it('lists the days of a month, 29 in a leap February', () => {
    expect(periodsEndingWithin('daily', '2028-02-01', '2028-02-29')).toHaveLength(29);
  });
  it('gives a week to the month its Sunday falls in', () => {
    const nov = periodsEndingWithin('weekly', '2026-11-01', '2026-11-30').map((p) => p.key);
    expect(nov).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(periodsEndingWithin('weekly', '2026-12-01', '2026-12-31').map((p) => p.key)[0]).toBe('2026-W49');
  });
  it('is empty for a reversed window', () => {
    expect(periodsEndingWithin('daily', '2026-02-02', '2026-02-01')).toEqual([]);
  });
});

describe('owed checks and status', () => {
  const daily = { frequency: 'daily' as const, activeFrom: '2026-11-10', retiredOn: null };
  it('owes nothing before the point existed, and counts today as owed', () => {
    const owed = owedPeriods(daily, '2026-11-01', '2026-11-30', '2026-11-20');
    expect(owed[0]!.key).toBe('2026-11-10');
    expect(owed.at(-1)!.key).toBe('2026-11-20');
    expect(owed).toHaveLength(11);
  });
  it('owes nothing from the day a point was retired', () => {
    const owed = owedPeriods({ ...daily, retiredOn: '2026-11-15' }, '2026-11-01', '2026-11-30', '2026-11-30');
    expect(owed.map((p) => p.key).at(-1)).toBe('2026-11-14');
  });
  it('a monthly point owes the current month once it has begun', () => {
    const monthly = { frequency: 'monthly' as const, activeFrom: '2026-01-01', retiredOn: null };
    expect(owedPeriods(monthly, '2026-11-01', '2026-11-30', '2026-11-05').map((p) => p.key)).toEqual(['2026-11']);
    expect(owedPeriods(monthly, '2026-12-01', '2026-12-31', '2026-11-05')).toEqual([]);
  });
  it('is due today, missed once ended, done when checked', () => {
    const p = periodOf('daily', '2026-11-30');
    expect(periodStatus(p, false, '2026-11-30')).toBe('due');
    expect(periodStatus(p, false, '2026-12-01')).toBe('missed');
    expect(periodStatus(p, true, '2026-12-01')).toBe('done');
    expect(periodStatus(p, false, '2026-11-29')).toBe('upcoming');
  });
});

describe('Asia/Shanghai day boundaries', () => {
  it('a check at 23:59 Beijing time is today; at 00:00 it is tomorrow', () => {
    expect(shanghaiDate(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(shanghaiDate(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    // The month's last day ends at 16:00Z; the next daily period belongs to the next month.
    const at = shanghaiDate(new Date('2026-11-30T16:30:00Z'));
    expect(periodOf('monthly', at).key).toBe('2026-12');
    expect(periodOf('weekly', shanghaiDate(new Date('2026-12-06T16:00:00Z'))).key).toBe('2026-W50');
  });
  it('agrees with Intl for random instants', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
        expect(shanghaiDate(new Date(ms))).toBe(fmt.format(new Date(ms)));
      }),
    );
  });
  it('windows', () => {
    expect(windowOf('month', '2024-02-15')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(windowOf('week', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(windowOf('day', formatYmd(2026, 1, 1))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });
});
