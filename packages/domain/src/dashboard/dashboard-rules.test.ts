import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from '../calendar/calendar-date.js';
import { dashboardRate, defaultDashboardPeriod, monthsOfPeriod, overdueAgeBucket, periodProblems, rankSchools, splitPeriod } from './dashboard-rules.js';

const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2024-01-01', n));

describe('dashboard rules', () => {
  it('rates are numerator over denominator, null when nothing was due', () => {
    expect(dashboardRate(0, 0)).toBeNull();
    expect(dashboardRate(1, 3)).toBe(0.3333);
    expect(dashboardRate(3, 3)).toBe(1);
  });

  it('buckets overdue ages at 7, 30 and 90 days', () => {
    expect([1, 7, 8, 30, 31, 90, 91, 400].map(overdueAgeBucket)).toEqual(['d1to7', 'd1to7', 'd8to30', 'd8to30', 'd31to90', 'd31to90', 'over90', 'over90']);
  });

  it('defaults to this year up to today and lists the months touched', () => {
    expect(defaultDashboardPeriod('2026-12-06')).toEqual({ from: '2026-01-01', to: '2026-12-06' });
    expect(monthsOfPeriod('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodProblems('2026-02-01', '2026-01-31')).toEqual(['to: 结束日期不能早于开始日期']);
    expect(periodProblems('2020-01-01', '2026-01-31')[0]).toMatch(/^to: /);
  });

  it('splits any period into whole months and loose days that cover each day exactly once', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const { months, days } = splitPeriod(from, to);
        const covered: string[] = [];
        for (const r of days) for (let d = r.from; d <= r.to; d = addDays(d, 1)) covered.push(d);
        if (months) {
          for (const m of monthsOfPeriod(months.from, months.to)) {
            expect(months.from.endsWith('-01') && months.to.endsWith('-01')).toBe(true);
            for (let d = `${m}-01`; d.startsWith(m); d = addDays(d, 1)) covered.push(d);
          }
        }
        covered.sort();
        expect(covered.length).toBe(daysBetween(from, to) + 1);
        expect(new Set(covered).size).toBe(covered.length);
        expect(covered[0]).toBe(from);
        expect(covered.at(-1)).toBe(to);
      }),
    );
  });

  it('ranks worst first: overdue, then open major, then the lowest rectification rate', () => {
    const s = (name: string, overdueHazards: number, majorHazards: number, rectificationRate: number | null, openHazards = 1) => ({ name, figures: { overdueHazards, majorHazards, rectificationRate, openHazards, rectificationDen: 1 } });
    const quiet = { name: '无事', figures: { overdueHazards: 0, majorHazards: 0, rectificationRate: null, openHazards: 0, rectificationDen: 0 } };
    const ranked = rankSchools([s('甲', 0, 0, 0.5), s('乙', 2, 0, 1), s('丙', 2, 1, 1), s('丁', 0, 0, 0.2), quiet]);
    expect(ranked.map((r) => r.name)).toEqual(['丙', '乙', '丁', '甲']);
  });
});

describe('intersectPaths', () => {
  it('keeps the deeper path of each overlapping pair and drops the rest', async () => {
    const { intersectPaths } = await import('./dashboard-rules.js');
    expect(intersectPaths(['1.2.5', '1.3.7', '9.1'], ['1.2', '1.3.7.8'])).toEqual(['1.2.5', '1.3.7.8']);
    expect(intersectPaths(['1'], [])).toEqual([]);
  });
});
