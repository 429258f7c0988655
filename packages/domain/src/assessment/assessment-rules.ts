/**
 * Annual assessment (年度综合考核) and the standardisation self-assessment (标准化创建): the
 * computed indicators the platform offers, the scoring rules, the validation of a scheme, the
 * points of one indicator, the total and the ranking. Pure: the server reads the raw values and
 * calls these.
 */

/** Which way an indicator is better: a rate higher, a count lower. */
export type IndicatorDirection = 'higher' | 'lower';

/**
 * The indicators computed from platform data. Only those the platform has data for: there is
 * no drills or training registry yet, so neither is offered (features/assessment/README.md).
 */
export const COMPUTED_INDICATORS = [
  'rectification_rate',
  'overdue_hazards',
  'report_on_time_rate',
  'daily_check_completion',
  'supervision_rectified',
  'campaign_tasks_on_time',
] as const;
export type ComputedIndicator = (typeof COMPUTED_INDICATORS)[number];

export type IndicatorInfo = {
  key: ComputedIndicator;
  name: string;
  /** What the value is: a rate 0–1 or a count. */
  measure: 'rate' | 'count';
  direction: IndicatorDirection;
  /** How the value is formed, shown beside it. */
  definition: string;
  /** Points when there is nothing to measure (no hazards found, nothing owed). */
  whenNoData: 'full' | 'zero';
};

export const INDICATOR_CATALOGUE: Record<ComputedIndicator, IndicatorInfo> = {
  rectification_rate: {
    key: 'rectification_rate',
    name: '隐患整改率',
    measure: 'rate',
    direction: 'higher',
    definition: '当年发现的隐患中已销号的比例（已销号 ÷ 发现，不含不予登记）',
    whenNoData: 'full',
  },
  overdue_hazards: {
    key: 'overdue_hazards',
    name: '逾期隐患',
    measure: 'count',
    direction: 'lower',
    definition: '当前逾期未整改的隐患数 + 当年逾期后才销号的隐患数',
    whenNoData: 'full',
  },
  report_on_time_rate: {
    key: 'report_on_time_rate',
    name: '按时报送率',
    measure: 'rate',
    direction: 'higher',
    definition: '当年截止日已过的应报期次中按时报送的比例（按时 ÷ 应报）',
    whenNoData: 'full',
  },
  daily_check_completion: {
    key: 'daily_check_completion',
    name: '日常检查完成率',
    measure: 'rate',
    direction: 'higher',
    definition: '当年各检查点位应查期次中已检查的比例（已查 ÷ 应查）',
    whenNoData: 'zero',
  },
  supervision_rectified: {
    key: 'supervision_rectified',
    name: '督查问题整改率',
    measure: 'rate',
    direction: 'higher',
    definition: '当年督查反馈问题中已销号的比例（已销号 ÷ 反馈问题，不含不予登记）',
    whenNoData: 'full',
  },
  campaign_tasks_on_time: {
    key: 'campaign_tasks_on_time',
    name: '专项任务按时完成率',
    measure: 'rate',
    direction: 'higher',
    definition: '当年截止的专项整治学校任务中按期完成的比例（按期完成 ÷ 已到期任务）',
    whenNoData: 'full',
  },
};

export const isComputedIndicator = (k: string): k is ComputedIndicator => (COMPUTED_INDICATORS as readonly string[]).includes(k);

/** Linear between two thresholds: `zeroAt` gives 0 points, `fullAt` the full weight. */
export type LinearRule = { kind: 'linear'; zeroAt: number; fullAt: number };
/** Deduction per count: `perUnit` points per counted item, never below 0. */
export type DeductionRule = { kind: 'deduction'; perUnit: number };
/**
 * Bands: the first band the value reaches gives its points — for a higher-is-better indicator
 * the highest `threshold` at or below the value, for a lower-is-better one the lowest at or above.
 */
export type BandedRule = { kind: 'banded'; bands: readonly { readonly threshold: number; readonly points: number }[] };
export type ScoringRule = LinearRule | DeductionRule | BandedRule;

export type SchemeIndicator =
  | { key: string; name: string; kind: 'computed'; indicator: string; weight: number; rule: ScoringRule }
  | { key: string; name: string; kind: 'manual'; weight: number; guidance?: string };

export type SchemeInput = { year: number; name: string; totalPoints: number; indicators: SchemeIndicator[] };

export const ASSESSMENT_TOTAL_POINTS = 100;
export const MAX_SCHEME_INDICATORS = 40;

/** Points kept to two decimals. */
export const roundPoints = (n: number): number => Math.round(n * 100) / 100;
const cents = (n: number) => Math.round(n * 100);
const twoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/**
 * The problems of a scheme, each "field: reason" in Chinese; empty when it can be saved. Weights
 * must sum to the scheme's total (100), every computed indicator must be one the platform
 * offers, thresholds must run the indicator's way, bands must give more points for a better value.
 */
export function schemeProblems(s: SchemeInput): string[] {
  const p: string[] = [];
  if (!Number.isInteger(s.year) || s.year < 2000 || s.year > 2100) p.push('year: 年度应为 2000–2100 的整数');
  if (!s.name.trim()) p.push('name: 请填写方案名称');
  if (s.totalPoints !== ASSESSMENT_TOTAL_POINTS) p.push(`totalPoints: 方案总分应为 ${ASSESSMENT_TOTAL_POINTS} 分`);
  if (s.indicators.length === 0) p.push('indicators: 至少设置一项考核指标');
  if (s.indicators.length > MAX_SCHEME_INDICATORS) p.push(`indicators: 最多 ${MAX_SCHEME_INDICATORS} 项指标`);
  const keys = new Set<string>();
  const computed = new Set<string>();
  s.indicators.forEach((ind, i) => {
    const f = `indicators[${i}]`;
    if (keys.has(ind.key)) p.push(`${f}.key: 指标代码“${ind.key}”重复`);
    keys.add(ind.key);
    if (!ind.name.trim()) p.push(`${f}.name: 请填写指标名称`);
    if (!(ind.weight > 0)) p.push(`${f}.weight: 分值应大于 0`);
    else if (ind.weight > s.totalPoints) p.push(`${f}.weight: 分值不能超过总分`);
    else if (!twoDecimals(ind.weight)) p.push(`${f}.weight: 分值最多两位小数`);
    if (ind.kind === 'computed') {
      if (!isComputedIndicator(ind.indicator)) {
        p.push(`${f}.indicator: 平台没有“${ind.indicator}”这项数据指标`);
        return;
      }
      if (computed.has(ind.indicator)) p.push(`${f}.indicator: “${INDICATOR_CATALOGUE[ind.indicator].name}”已在方案中`);
      computed.add(ind.indicator);
      p.push(...ruleProblems(INDICATOR_CATALOGUE[ind.indicator], ind.rule, ind.weight).map((m) => `${f}.rule${m}`));
    }
  });
  const sum = s.indicators.reduce((a, x) => a + cents(x.weight), 0);
  if (s.indicators.length > 0 && sum !== cents(s.totalPoints)) {
    p.push(`indicators: 各项分值合计 ${sum / 100} 分，应为 ${s.totalPoints} 分`);
  }
  return p;
}

/** A rule's problems for an indicator, each starting with the sub-field (".zeroAt: …"). */
export function ruleProblems(info: IndicatorInfo, rule: ScoringRule, weight: number): string[] {
  const p: string[] = [];
  const rate = info.measure === 'rate';
  const inRange = (v: number) => Number.isFinite(v) && (rate ? v >= 0 && v <= 1 : v >= 0);
  const range = rate ? '应在 0–100% 之间' : '不能为负数';
  if (rule.kind === 'linear') {
    if (!inRange(rule.zeroAt)) p.push(`.zeroAt: 零分阈值${range}`);
    if (!inRange(rule.fullAt)) p.push(`.fullAt: 满分阈值${range}`);
    if (p.length === 0) {
      if (rule.zeroAt === rule.fullAt) p.push('.fullAt: 满分阈值与零分阈值不能相同');
      else if (info.direction === 'higher' && rule.fullAt < rule.zeroAt) p.push(`.fullAt: 阈值颠倒：“${info.name}”越高越好，满分阈值应高于零分阈值`);
      else if (info.direction === 'lower' && rule.fullAt > rule.zeroAt) p.push(`.fullAt: 阈值颠倒：“${info.name}”越低越好，满分阈值应低于零分阈值`);
    }
  } else if (rule.kind === 'deduction') {
    if (info.measure !== 'count') p.push(`.kind: “${info.name}”是比率，不能按件扣分，请用线性或分档`);
    else if (!(rule.perUnit > 0) || !Number.isFinite(rule.perUnit)) p.push('.perUnit: 每件扣分应大于 0');
    else if (rule.perUnit > weight) p.push('.perUnit: 每件扣分不能超过该项分值');
  } else {
    if (rule.bands.length === 0) p.push('.bands: 至少设置一档');
    const seen = new Set<number>();
    rule.bands.forEach((b, j) => {
      if (!inRange(b.threshold)) p.push(`.bands[${j}].threshold: 阈值${range}`);
      if (seen.has(b.threshold)) p.push(`.bands[${j}].threshold: 阈值重复`);
      seen.add(b.threshold);
      if (!(b.points >= 0) || b.points > weight) p.push(`.bands[${j}].points: 得分应在 0 到该项分值 ${weight} 之间`);
    });
    if (p.length === 0) {
      // Better values must never give fewer points.
      const better = [...rule.bands].sort((a, b) => (info.direction === 'higher' ? b.threshold - a.threshold : a.threshold - b.threshold));
      for (let j = 1; j < better.length; j++) {
        if (better[j]!.points > better[j - 1]!.points) {
          p.push(`.bands: 分档颠倒：较好的一档（${fmt(info, better[j - 1]!.threshold)}）得分低于较差的一档（${fmt(info, better[j]!.threshold)}）`);
          break;
        }
      }
    }
  }
  return p;
}

const fmt = (info: IndicatorInfo, v: number) => (info.measure === 'rate' ? `${roundPoints(v * 100)}%` : `${v}`);

/**
 * The points of a computed indicator for a raw value (null: nothing to measure, scored as the
 * catalogue says). Never below 0 nor above the weight; two decimals.
 */
export function scoreIndicator(info: IndicatorInfo, rule: ScoringRule, weight: number, value: number | null): number {
  if (value === null) return info.whenNoData === 'full' ? weight : 0;
  let pts: number;
  if (rule.kind === 'linear') {
    const t = (value - rule.zeroAt) / (rule.fullAt - rule.zeroAt);
    pts = weight * Math.min(1, Math.max(0, t));
  } else if (rule.kind === 'deduction') {
    pts = weight - rule.perUnit * value;
  } else {
    const reached = rule.bands.filter((b) => (info.direction === 'higher' ? value >= b.threshold : value <= b.threshold));
    pts = reached.length ? Math.max(...reached.map((b) => b.points)) : 0;
  }
  return roundPoints(Math.min(weight, Math.max(0, pts)));
}

/** The rule in words, for the scheme page and the export. */
export function ruleText(info: IndicatorInfo, rule: ScoringRule, weight: number): string {
  if (rule.kind === 'linear') return `${fmt(info, rule.zeroAt)} 得 0 分，${fmt(info, rule.fullAt)} 得满分 ${weight} 分，其间按比例`;
  if (rule.kind === 'deduction') return `每件扣 ${rule.perUnit} 分，扣完 ${weight} 分为止`;
  const word = info.direction === 'higher' ? '达到' : '不超过';
  return rule.bands.map((b) => `${word} ${fmt(info, b.threshold)} 得 ${b.points} 分`).join('；') + '；其余 0 分';
}

/** A manual score's problems: within the weight, and a reason is required. */
export function manualScoreProblems(weight: number, points: number, reason: string): string[] {
  const p: string[] = [];
  if (!Number.isFinite(points) || points < 0 || points > weight) p.push(`points: 得分应在 0 到该项分值 ${weight} 之间`);
  else if (!twoDecimals(points)) p.push('points: 得分最多两位小数');
  if (!reason.trim()) p.push('reason: 请填写加分或扣分的理由');
  return p;
}

/** A self-score's problems (the school's own figure per indicator). */
export function selfScoreProblems(weight: number, score: number, field: string): string[] {
  if (!Number.isFinite(score) || score < 0 || score > weight) return [`${field}: 自评分应在 0 到该项分值 ${weight} 之间`];
  return [];
}

export type Ranked<T> = T & { rank: number };

/**
 * Ranks by total, highest first, ties sharing a rank (1, 2, 2, 4); ties then by name so the
 * order is stable.
 */
export function rankByTotal<T extends { total: number; name: string }>(rows: readonly T[]): Ranked<T>[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  let rank = 0;
  let prev: number | null = null;
  return sorted.map((r, i) => {
    if (prev === null || cents(r.total) !== cents(prev)) rank = i + 1;
    prev = r.total;
    return { ...r, rank };
  });
}

/** The stored states of a self-assessment: a draft, submitted, then accepted or returned (resubmitted). */
export const SELF_ASSESSMENT_STATES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type SelfAssessmentState = (typeof SELF_ASSESSMENT_STATES)[number];
export const SELF_ASSESSMENT_STATE_LABELS: Record<SelfAssessmentState, string> = { draft: '草稿', submitted: '待审核', accepted: '已通过', returned: '已退回' };

/** What can be done to a self-assessment in its state, by whom. */
export function selfAssessmentActions(state: SelfAssessmentState | null, who: 'school' | 'bureau' | 'other'): ('save' | 'submit' | 'accept' | 'return')[] {
  if (who === 'school') return state === null || state === 'draft' || state === 'returned' ? ['save', 'submit'] : [];
  if (who === 'bureau') return state === 'submitted' ? ['accept', 'return'] : [];
  return [];
}
