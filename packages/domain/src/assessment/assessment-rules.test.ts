import { describe, expect, it } from 'vitest';
import {
  INDICATOR_CATALOGUE,
  manualScoreProblems,
  rankByTotal,
  ruleText,
  schemeProblems,
  scoreIndicator,
  selfAssessmentActions,
  type SchemeInput,
} from './assessment-rules.js';

const good = (): SchemeInput => ({
  year: 2026,
  name: '2026年度学校安全综合考核',
  totalPoints: 100,
  indicators: [
    { key: 'rect', name: '隐患整改率', kind: 'computed', indicator: 'rectification_rate', weight: 30, rule: { kind: 'linear', zeroAt: 0.6, fullAt: 1 } },
    { key: 'overdue', name: '逾期隐患', kind: 'computed', indicator: 'overdue_hazards', weight: 20, rule: { kind: 'deduction', perUnit: 2 } },
    {
      key: 'checks',
      name: '日常检查',
      kind: 'computed',
      indicator: 'daily_check_completion',
      weight: 20,
      rule: { kind: 'banded', bands: [{ threshold: 0.95, points: 20 }, { threshold: 0.8, points: 12 }, { threshold: 0.6, points: 5 }] },
    },
    { key: 'drill', name: '应急演练', kind: 'manual', weight: 30 },
  ],
});

describe('scheme validation', () => {
  it('accepts weights that sum to 100 with rules that run the indicator’s way', () => {
    expect(schemeProblems(good())).toEqual([]);
  });

  it('refuses weights that do not sum to the total, naming the sum', () => {
    const s = good();
    s.indicators[3]!.weight = 25;
    expect(schemeProblems(s)).toEqual(['indicators: 各项分值合计 95 分，应为 100 分']);
  });

  it('sums weights with decimals exactly (33.33 + 33.33 + 33.34 is 100)', () => {
    const s = good();
    s.indicators = [
      { key: 'a', name: 'a', kind: 'manual', weight: 33.33 },
      { key: 'b', name: 'b', kind: 'manual', weight: 33.33 },
      { key: 'c', name: 'c', kind: 'manual', weight: 33.34 },
    ];
    expect(schemeProblems(s)).toEqual([]);
  });

  it('refuses a rule naming an indicator the platform does not have (drills have no registry)', () => {
    const s = good();
    s.indicators[0] = { key: 'x', name: '应急演练', kind: 'computed', indicator: 'drills_held', weight: 30, rule: { kind: 'linear', zeroAt: 0, fullAt: 1 } };
    expect(schemeProblems(s)).toEqual(['indicators[0].indicator: 平台没有“drills_held”这项数据指标']);
  });

  it('refuses inverted thresholds: a rate must reach full above zero, a count below', () => {
    const s = good();
    s.indicators[0] = { ...s.indicators[0]!, rule: { kind: 'linear', zeroAt: 1, fullAt: 0.6 } } as SchemeInput['indicators'][number];
    expect(schemeProblems(s)[0]).toMatch(/^indicators\[0\]\.rule\.fullAt: 阈值颠倒/);
    const c = good();
    c.indicators[1] = { key: 'overdue', name: '逾期', kind: 'computed', indicator: 'overdue_hazards', weight: 20, rule: { kind: 'linear', zeroAt: 0, fullAt: 10 } };
    expect(schemeProblems(c)[0]).toMatch(/越低越好/);
  });

  it('refuses bands that give a worse value more points, and a deduction on a rate', () => {
    const s = good();
    s.indicators[2] = { ...s.indicators[2]!, rule: { kind: 'banded', bands: [{ threshold: 0.95, points: 5 }, { threshold: 0.8, points: 12 }] } } as SchemeInput['indicators'][number];
    expect(schemeProblems(s)[0]).toMatch(/^indicators\[2\]\.rule\.bands: 分档颠倒/);
    const d = good();
    d.indicators[0] = { ...d.indicators[0]!, rule: { kind: 'deduction', perUnit: 2 } } as SchemeInput['indicators'][number];
    expect(schemeProblems(d)[0]).toMatch(/不能按件扣分/);
  });

  it('refuses duplicate keys, the same computed indicator twice and a total other than 100', () => {
    const s = good();
    s.totalPoints = 120;
    s.indicators.push({ key: 'rect', name: '再一次', kind: 'computed', indicator: 'rectification_rate', weight: 0.5, rule: { kind: 'linear', zeroAt: 0, fullAt: 1 } });
    const p = schemeProblems(s);
    expect(p).toContain('totalPoints: 方案总分应为 100 分');
    expect(p).toContain('indicators[4].key: 指标代码“rect”重复');
    expect(p.some((m) => m.startsWith('indicators[4].indicator: '))).toBe(true);
  });
});

describe('scoring rules', () => {
  const rate = INDICATOR_CATALOGUE.rectification_rate;
  const count = INDICATOR_CATALOGUE.overdue_hazards;

  it('linear: 60 % gives 0, 100 % full, 80 % half, below 60 % still 0', () => {
    const r = { kind: 'linear', zeroAt: 0.6, fullAt: 1 } as const;
    expect(scoreIndicator(rate, r, 30, 0.6)).toBe(0);
    expect(scoreIndicator(rate, r, 30, 1)).toBe(30);
    expect(scoreIndicator(rate, r, 30, 0.8)).toBe(15);
    expect(scoreIndicator(rate, r, 30, 0.3)).toBe(0);
    expect(scoreIndicator(rate, r, 30, 2 / 3)).toBe(5);
  });

  it('deduction: 2 points per overdue hazard, never below 0', () => {
    const r = { kind: 'deduction', perUnit: 2 } as const;
    expect(scoreIndicator(count, r, 20, 0)).toBe(20);
    expect(scoreIndicator(count, r, 20, 3)).toBe(14);
    expect(scoreIndicator(count, r, 20, 15)).toBe(0);
  });

  it('banded: the best band reached, none reached is 0; for a count the lowest band at or above', () => {
    const r = { kind: 'banded', bands: [{ threshold: 0.95, points: 20 }, { threshold: 0.8, points: 12 }] } as const;
    expect(scoreIndicator(rate, r, 20, 0.97)).toBe(20);
    expect(scoreIndicator(rate, r, 20, 0.8)).toBe(12);
    expect(scoreIndicator(rate, r, 20, 0.5)).toBe(0);
    const c = { kind: 'banded', bands: [{ threshold: 0, points: 10 }, { threshold: 2, points: 6 }] } as const;
    expect(scoreIndicator(count, c, 10, 0)).toBe(10);
    expect(scoreIndicator(count, c, 10, 2)).toBe(6);
    expect(scoreIndicator(count, c, 10, 3)).toBe(0);
  });

  it('nothing to measure: full points where nothing could go wrong, none where nothing was set up', () => {
    const r = { kind: 'linear', zeroAt: 0.6, fullAt: 1 } as const;
    expect(scoreIndicator(rate, r, 30, null)).toBe(30);
    expect(scoreIndicator(INDICATOR_CATALOGUE.daily_check_completion, r, 20, null)).toBe(0);
  });

  it('says the rule in words', () => {
    expect(ruleText(rate, { kind: 'linear', zeroAt: 0.6, fullAt: 1 }, 30)).toBe('60% 得 0 分，100% 得满分 30 分，其间按比例');
    expect(ruleText(count, { kind: 'deduction', perUnit: 2 }, 20)).toBe('每件扣 2 分，扣完 20 分为止');
  });
});

describe('manual scores, ranking, self-assessment actions', () => {
  it('requires a reason and keeps points within the weight', () => {
    expect(manualScoreProblems(10, 8, '演练两次，记录齐全')).toEqual([]);
    expect(manualScoreProblems(10, 8, '  ')).toEqual(['reason: 请填写加分或扣分的理由']);
    expect(manualScoreProblems(10, 12, '理由')).toEqual(['points: 得分应在 0 到该项分值 10 之间']);
  });

  it('ranks by total, ties sharing a rank', () => {
    const r = rankByTotal([
      { name: '乙', total: 90 },
      { name: '甲', total: 95 },
      { name: '丙', total: 90 },
      { name: '丁', total: 70.5 },
    ]);
    expect(r.map((x) => [x.name, x.rank])).toEqual([
      ['甲', 1],
      ['丙', 2],
      ['乙', 2],
      ['丁', 4],
    ]);
  });

  it('lets the school edit until it submits, and the bureau review only what is submitted', () => {
    expect(selfAssessmentActions(null, 'school')).toEqual(['save', 'submit']);
    expect(selfAssessmentActions('submitted', 'school')).toEqual([]);
    expect(selfAssessmentActions('returned', 'school')).toEqual(['save', 'submit']);
    expect(selfAssessmentActions('submitted', 'bureau')).toEqual(['accept', 'return']);
    expect(selfAssessmentActions('accepted', 'bureau')).toEqual([]);
  });
});
