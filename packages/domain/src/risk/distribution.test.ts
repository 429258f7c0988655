import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RISK_LEVELS } from './risk-rules.js';
import { buildRiskHeat, heatCellOf, worstOfCounts, worstRiskLevel, type RiskTally } from './distribution.js';

describe('risk distribution (风险分布)', () => {
  it('ranks major before significant before general before low; none is null', () => {
    expect(worstRiskLevel(['low', 'general'])).toBe('general');
    expect(worstRiskLevel(['low', 'major', 'significant'])).toBe('major');
    expect(worstRiskLevel([null, undefined, 'low'])).toBe('low');
    expect(worstRiskLevel([])).toBeNull();
    expect(worstOfCounts({ major: 0, significant: 0, general: 2, low: 5 })).toBe('general');
    expect(worstOfCounts({ major: 0, significant: 0, general: 0, low: 0 })).toBeNull();
  });

  it('folds schools into areas: a cell is the worst level present and its counts, rows and columns sum the cells', () => {
    const area = { s1: 'a1', s2: 'a1', s3: 'a2' } as Record<string, string>;
    const heat = buildRiskHeat(
      [
        { schoolId: 's1', domain: 'food', level: 'general', n: 2 },
        { schoolId: 's2', domain: 'food', level: 'significant', n: 1 },
        { schoolId: 's2', domain: 'fire', level: 'low', n: 3 },
        { schoolId: 's3', domain: 'food', level: 'low', n: 1 },
        { schoolId: 'elsewhere', domain: 'food', level: 'major', n: 9 },
      ],
      (s) => area[s],
    );
    expect(heatCellOf(heat, 'a1', 'food')).toEqual({ counts: { major: 0, significant: 1, general: 2, low: 0 }, total: 3, worst: 'significant' });
    expect(heatCellOf(heat, 'a1', 'fire').worst).toBe('low');
    expect(heatCellOf(heat, 'a2', 'fire')).toEqual({ counts: { major: 0, significant: 0, general: 0, low: 0 }, total: 0, worst: null });
    expect(heatCellOf(heat, 'a1')).toMatchObject({ total: 6, worst: 'significant' });
    expect(heat.columns.food).toMatchObject({ total: 4, worst: 'significant' });
    // The school outside every group counts nowhere.
    expect(heat.all.total).toBe(7);
    expect(heat.all.counts.major).toBe(0);
  });

  it('keeps the totals consistent for any tallies: all = Σ rows = Σ columns, and every worst is the worst non-zero level', () => {
    const tally = fc.record({
      schoolId: fc.constantFrom('s1', 's2', 's3', 's4'),
      domain: fc.constantFrom('food', 'fire', 'gas'),
      level: fc.constantFrom(...RISK_LEVELS),
      n: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(tally, { maxLength: 30 }), (tallies: RiskTally[]) => {
        const heat = buildRiskHeat(tallies, (s) => (s === 's4' ? undefined : s === 's3' ? 'b' : 'a'));
        const sum = (cells: { total: number }[]) => cells.reduce((n, c) => n + c.total, 0);
        expect(sum(Object.values(heat.rows))).toBe(heat.all.total);
        expect(sum(Object.values(heat.columns))).toBe(heat.all.total);
        expect(heat.all.total).toBe(tallies.filter((t) => t.schoolId !== 's4').reduce((n, t) => n + t.n, 0));
        for (const row of Object.values(heat.cells))
          for (const c of Object.values(row)) {
            expect(c.total).toBe(RISK_LEVELS.reduce((n, l) => n + c.counts[l], 0));
            expect(c.worst).toBe(worstOfCounts(c.counts));
            expect(c.total).toBeGreaterThan(0);
          }
      }),
    );
  });
});
