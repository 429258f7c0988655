import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysUntilDue, dueDeadline, isCalendarDate, isOverdue, shanghaiDate } from './deadline.js';

const intlShanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The Shanghai calendar date by the time-zone database, independent of the code under test. */
function intlDate(d: Date): string {
  return intlShanghai.format(d);
}

const DAY = 86_400_000;
/** Instants from 1992 (China's last DST was 1991) to 2100. */
const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms));
const anyDate = instant.map((d) => d.toISOString().slice(0, 10));
/** Last days of months (28, 29, 30, 31) and the days around 29 February, where calendars go wrong. */
const edgeDate = fc
  .record({ year: fc.integer({ min: 1992, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), back: fc.integer({ min: 0, max: 1 }) })
  .map(({ year, month, back }) => new Date(Date.UTC(year, month, 0 - back)).toISOString().slice(0, 10));
const calendarDate = fc.oneof(anyDate, edgeDate);

describe('due dates are inclusive calendar days in Asia/Shanghai', () => {
  it('is on time at 23:59:59.999 Beijing time (15:59:59.999Z) and overdue at 00:00 (16:00:00Z)', () => {
    expect(isOverdue('2024-03-01', new Date('2024-03-01T15:59:59.999Z'))).toBe(false);
    expect(isOverdue('2024-03-01', new Date('2024-03-01T15:59:59Z'))).toBe(false);
    expect(isOverdue('2024-03-01', new Date('2024-03-01T16:00:00Z'))).toBe(true);
  });
  it('is not overdue before or on the due day, even early in UTC of the next day', () => {
    expect(isOverdue('2024-03-01', new Date('2024-02-29T16:00:00Z'))).toBe(false);
    expect(isOverdue('2024-03-01', new Date('2024-03-01T00:00:00Z'))).toBe(false);
  });
  it('crosses month ends, year ends and leap days by the Beijing calendar', () => {
    expect(isOverdue('2024-01-31', new Date('2024-01-31T16:00:00Z'))).toBe(true);
    expect(isOverdue('2024-02-28', new Date('2024-02-28T16:00:00Z'))).toBe(true); // 2024-02-29 in Beijing
    expect(isOverdue('2024-02-29', new Date('2024-02-29T15:59:59Z'))).toBe(false);
    expect(isOverdue('2024-02-29', new Date('2024-02-29T16:00:00Z'))).toBe(true);
    expect(isOverdue('2023-02-28', new Date('2023-02-28T16:00:00Z'))).toBe(true); // 2023-03-01
    expect(isOverdue('2023-12-31', new Date('2023-12-31T15:59:59Z'))).toBe(false);
    expect(isOverdue('2023-12-31', new Date('2023-12-31T16:00:00Z'))).toBe(true);
  });
  it('puts the deadline at 16:00Z of the due day', () => {
    expect(dueDeadline('2024-03-01').toISOString()).toBe('2024-03-01T16:00:00.000Z');
    expect(dueDeadline('2023-12-31').toISOString()).toBe('2023-12-31T16:00:00.000Z');
  });
  it('counts whole Beijing days to the due date: 0 on the day, negative when overdue', () => {
    expect(daysUntilDue('2024-03-01', new Date('2024-03-01T15:59:59Z'))).toBe(0);
    expect(daysUntilDue('2024-03-01', new Date('2024-03-01T16:00:00Z'))).toBe(-1);
    expect(daysUntilDue('2024-03-01', new Date('2024-02-28T16:00:00Z'))).toBe(1); // 2024-02-29 in Beijing
    expect(daysUntilDue('2025-01-01', new Date('2024-01-01T04:00:00Z'))).toBe(366);
  });
  it('refuses malformed and impossible dates as programming errors', () => {
    expect(() => isOverdue('2021-02-30', new Date())).toThrow(RangeError);
    expect(() => isOverdue('2021-3-5', new Date())).toThrow(RangeError);
    expect(() => isOverdue('2021-03-05', new Date(Number.NaN))).toThrow(RangeError);
  });
  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2021-04-31')).toBe(false);
    expect(isCalendarDate('2021-13-01')).toBe(false);
    expect(isCalendarDate(20210305)).toBe(false);
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('deadline properties against the time-zone database', () => {
  it('shanghaiDate agrees with Intl Asia/Shanghai for any instant since 1992', () => {
    fc.assert(fc.property(instant, (d) => shanghaiDate(d) === intlDate(d)), { numRuns: 2000 });
  });

  it('isOverdue agrees with a brute-force comparison of Beijing calendar dates', () => {
    fc.assert(
      fc.property(calendarDate, instant, (due, now) => isOverdue(due, now) === intlDate(now) > due),
      { numRuns: 2000 },
    );
  });

  it('isOverdue flips exactly at the Beijing midnight after the due date (±1 ms and ±2 days around it)', () => {
    const nearMidnight = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -2 * DAY, max: 2 * DAY }));
    fc.assert(
      fc.property(calendarDate, nearMidnight, (due, offset) => {
        const [y, m, d] = due.split('-').map(Number) as [number, number, number];
        // 00:00 in Beijing of the next day is 16:00 UTC of the due day.
        const midnightAfter = Date.UTC(y, m - 1, d + 1) - 8 * 3_600_000;
        const now = new Date(midnightAfter + offset);
        return isOverdue(due, now) === offset >= 0 && isOverdue(due, now) === intlDate(now) > due;
      }),
      { numRuns: 3000 },
    );
  });

  it('daysUntilDue is negative exactly when overdue and lands on the due date', () => {
    fc.assert(
      fc.property(calendarDate, instant, (due, now) => {
        const days = daysUntilDue(due, now);
        return (days < 0) === isOverdue(due, now) && addDays(intlDate(now), days) === due;
      }),
      { numRuns: 1000 },
    );
  });
});
