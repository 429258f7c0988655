import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RISK_MATRIX,
  RISK_LEVELS,
  assessRisk,
  isReviewDue,
  levelOf,
  matrixChangeText,
  matrixIssues,
  mayReassess,
  needsReassessment,
  relevel,
  riskAllowedActions,
  riskInputIssues,
  riskLevelText,
  riskScore,
  type RiskMatrixRanges,
} from './risk-rules.js';

const cells = () => {
  const out: { l: number; s: number }[] = [];
  for (let l = 1; l <= 5; l++) for (let s = 1; s <= 5; s++) out.push({ l, s });
  return out;
};

describe('the L×S matrix', () => {
  it('maps every one of the 25 cells to exactly one level under the default thresholds', () => {
    const all = cells();
    expect(all).toHaveLength(25);
    for (const { l, s } of all) {
      const score = riskScore(l, s);
      const holders = DEFAULT_RISK_MATRIX.filter((r) => r.min <= score && score <= r.max);
      expect(holders, `${l}×${s}`).toHaveLength(1);
      expect(levelOf(score)).toBe(holders[0]!.level);
    }
  });

  it('uses the default bands: ≥20 major/red, 12–19 significant/orange, 6–11 general/yellow, ≤5 low/blue', () => {
    expect(assessRisk(4, 5)).toEqual({ score: 20, level: 'major', colour: 'red' });
    expect(assessRisk(5, 5)).toEqual({ score: 25, level: 'major', colour: 'red' });
    expect(assessRisk(4, 4)).toEqual({ score: 16, level: 'significant', colour: 'orange' });
    expect(assessRisk(3, 4)).toEqual({ score: 12, level: 'significant', colour: 'orange' });
    expect(assessRisk(2, 5)).toEqual({ score: 10, level: 'general', colour: 'yellow' });
    expect(assessRisk(2, 3)).toEqual({ score: 6, level: 'general', colour: 'yellow' });
    expect(assessRisk(1, 5)).toEqual({ score: 5, level: 'low', colour: 'blue' });
    expect(assessRisk(1, 1)).toEqual({ score: 1, level: 'low', colour: 'blue' });
    expect(riskLevelText('significant')).toBe('较大风险（橙）');
  });

  it('refuses factors outside 1–5 because the score would leave the matrix', () => {
    expect(() => riskScore(0, 3)).toThrow();
    expect(() => riskScore(3, 6)).toThrow();
    expect(() => riskScore(2.5, 2)).toThrow();
  });

  it('maps every cell to exactly one level under a custom valid matrix too', () => {
    const m: RiskMatrixRanges = [
      { level: 'major', min: 16, max: 25 },
      { level: 'significant', min: 10, max: 15 },
      { level: 'general', min: 4, max: 9 },
      { level: 'low', min: 1, max: 3 },
    ];
    expect(matrixIssues(m)).toEqual([]);
    for (const { l, s } of cells()) expect(m.filter((r) => r.min <= l * s && l * s <= r.max)).toHaveLength(1);
    expect(levelOf(16, m)).toBe('major');
    expect(levelOf(3, m)).toBe('low');
  });
});

describe('matrix validation', () => {
  it('accepts the default matrix', () => {
    expect(matrixIssues(DEFAULT_RISK_MATRIX)).toEqual([]);
  });

  it('reports overlapping thresholds in Chinese', () => {
    const issues = matrixIssues([
      { level: 'major', min: 20, max: 25 },
      { level: 'significant', min: 10, max: 20 },
      { level: 'general', min: 6, max: 11 },
      { level: 'low', min: 1, max: 5 },
    ]);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.field === 'ranges' && i.message.includes('重叠'))).toBe(true);
  });

  it('reports a gap with the scores it leaves out', () => {
    const issues = matrixIssues([
      { level: 'major', min: 20, max: 25 },
      { level: 'significant', min: 14, max: 19 },
      { level: 'general', min: 6, max: 11 },
      { level: 'low', min: 1, max: 5 },
    ]);
    expect(issues).toContainEqual({ field: 'ranges', message: '分值 12–13 未划入任何等级' });
  });

  it('reports not covering 1–25 at either end', () => {
    const issues = matrixIssues([
      { level: 'major', min: 20, max: 24 },
      { level: 'significant', min: 12, max: 19 },
      { level: 'general', min: 6, max: 11 },
      { level: 'low', min: 2, max: 5 },
    ]);
    expect(issues).toContainEqual({ field: 'ranges', message: '分值 1 未划入任何等级' });
    expect(issues).toContainEqual({ field: 'ranges', message: '分值 25 未划入任何等级' });
  });

  it('reports missing, repeated and unknown levels, reversed and out-of-range ends', () => {
    expect(matrixIssues([{ level: 'major', min: 1, max: 25 }]).map((i) => i.message)).toEqual(['缺少较大风险的分值范围', '缺少一般风险的分值范围', '缺少低风险的分值范围']);
    expect(matrixIssues([...DEFAULT_RISK_MATRIX, { level: 'low', min: 1, max: 5 }])).toContainEqual({ field: 'ranges[4].level', message: '低风险重复出现' });
    expect(matrixIssues([...DEFAULT_RISK_MATRIX.slice(0, 3), { level: 'tiny', min: 1, max: 5 }])[0]!.field).toBe('ranges[3].level');
    expect(matrixIssues([{ level: 'major', min: 25, max: 20 }, ...DEFAULT_RISK_MATRIX.slice(1)])).toContainEqual({ field: 'ranges[0]', message: '下限 25 大于上限 20' });
    expect(matrixIssues([{ level: 'major', min: 20, max: 30 }, ...DEFAULT_RISK_MATRIX.slice(1)])).toContainEqual({ field: 'ranges[0]', message: '分值范围须为 1–25 的整数' });
  });

  it('refuses a matrix where a lower level holds higher scores', () => {
    const issues = matrixIssues([
      { level: 'major', min: 1, max: 5 },
      { level: 'significant', min: 12, max: 19 },
      { level: 'general', min: 6, max: 11 },
      { level: 'low', min: 20, max: 25 },
    ]);
    expect(issues.some((i) => i.message.includes('须高于'))).toBe(true);
  });
});

describe('re-levelling after a threshold change', () => {
  const lowered: RiskMatrixRanges = [
    { level: 'major', min: 20, max: 25 },
    { level: 'significant', min: 10, max: 19 },
    { level: 'general', min: 6, max: 9 },
    { level: 'low', min: 1, max: 5 },
  ];

  it('names the threshold that moved', () => {
    expect(matrixChangeText(DEFAULT_RISK_MATRIX, lowered)).toBe('阈值调整：较大风险 12→10');
    expect(matrixChangeText(DEFAULT_RISK_MATRIX, DEFAULT_RISK_MATRIX)).toBe('阈值未变');
  });

  it('returns only the risks whose level changes, each with why', () => {
    const risks = [
      { id: '1', score: 10, level: 'general' as const, residualScore: 4, residualLevel: 'low' as const },
      { id: '2', score: 12, level: 'significant' as const, residualScore: null, residualLevel: null },
      { id: '3', score: 6, level: 'general' as const, residualScore: 10, residualLevel: 'general' as const },
      { id: '4', score: 25, level: 'major' as const, residualScore: 11, residualLevel: 'general' as const },
    ];
    const changes = relevel(risks, DEFAULT_RISK_MATRIX, lowered);
    expect(changes.map((c) => c.id)).toEqual(['1', '3', '4']);
    expect(changes[0]).toMatchObject({ from: 'general', to: 'significant', residualFrom: 'low', residualTo: 'low' });
    expect(changes[0]!.reason).toBe('阈值调整：较大风险 12→10；分值 10：一般风险→较大风险');
    expect(changes[1]).toMatchObject({ from: 'general', to: 'general', residualFrom: 'general', residualTo: 'significant' });
    expect(changes[1]!.reason).toContain('残余分值 10：一般风险→较大风险');
    expect(relevel(risks.slice(1, 2), DEFAULT_RISK_MATRIX, lowered)).toEqual([]);
  });

  it('levels every cell again consistently after the change', () => {
    for (const { l, s } of cells()) expect(RISK_LEVELS).toContain(levelOf(l * s, lowered));
  });
});

describe('review, reassessment and permissions', () => {
  it('is due on the review day and after it, in Beijing calendar days', () => {
    expect(isReviewDue('2026-12-07', '2026-12-07')).toBe(true);
    expect(isReviewDue('2026-12-01', '2026-12-07')).toBe(true);
    expect(isReviewDue('2026-12-08', '2026-12-07')).toBe(false);
    expect(isReviewDue(null, '2026-12-07')).toBe(false);
  });

  it('flags a risk for reassessment from three recent hazards', () => {
    expect(needsReassessment(2)).toBe(false);
    expect(needsReassessment(3)).toBe(true);
  });

  it('lets only the school admin change an active risk', () => {
    expect(mayReassess('school_admin', 'active')).toBe(true);
    expect(mayReassess('school_admin', 'retired')).toBe(false);
    expect(mayReassess('bureau_staff', 'active')).toBe(false);
    expect(riskAllowedActions('school_staff', 'active')).toEqual([]);
    expect(riskAllowedActions('school_admin', 'active')).toContain('reassess');
  });

  it('reports bad risk fields as field: reason', () => {
    const issues = riskInputIssues({ name: ' ', description: '', domain: 'food', likelihood: 6, severity: 0, residualLikelihood: 2, residualSeverity: null, measures: [{ description: '', tier: 'class', department: '', person: '' }] });
    expect(issues.map((i) => i.field)).toEqual(['name', 'description', 'likelihood', 'severity', 'residualSeverity', 'measures[0].description', 'measures[0].tier']);
  });
});
