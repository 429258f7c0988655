/**
 * Risk register (风险分级管控): the standing dangers of a school, each assessed by likelihood ×
 * severity (L×S, 1–5 each, score 1–25). The bureau configures the matrix as score ranges per
 * level; the default is ≥ 20 major (重大风险/红), 12–19 significant (较大风险/橙), 6–11 general
 * (一般风险/黄), ≤ 5 low (低风险/蓝). Pure rules, no I/O.
 */
import type { Role } from '../roles.js';
import { daysBetween } from '../calendar/calendar-date.js';

export const RISK_LEVELS = ['major', 'significant', 'general', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColour = (typeof RISK_COLOURS)[number];

export const RISK_LEVEL_COLOURS: Record<RiskLevel, RiskColour> = { major: 'red', significant: 'orange', general: 'yellow', low: 'blue' };
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { major: '重大风险', significant: '较大风险', general: '一般风险', low: '低风险' };
export const RISK_COLOUR_LABELS: Record<RiskColour, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };
/** Display colours (hex) for tags, cards and the heat table. */
export const RISK_COLOUR_HEX: Record<RiskColour, string> = { red: '#cf1322', orange: '#d46b08', yellow: '#d4b106', blue: '#1d39c4' };

/** 管控层级: who carries a control measure. */
export const RISK_TIERS = ['school', 'department', 'team', 'post'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export const RISK_TIER_LABELS: Record<RiskTier, string> = { school: '学校级', department: '部门级', team: '班组级', post: '岗位级' };

export const RISK_STATUSES = ['active', 'retired'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = { active: '在管', retired: '已销号' };

export const RISK_LIMITS = { measures: 30, name: 100, text: 2000, plan: 4000 } as const;
export const RISK_FACTOR_MIN = 1;
export const RISK_FACTOR_MAX = 5;

/** One level's range of scores (both ends included). */
export type RiskRange = { level: RiskLevel; min: number; max: number };
export type RiskMatrixRanges = readonly RiskRange[];

export const DEFAULT_RISK_MATRIX: RiskMatrixRanges = [
  { level: 'major', min: 20, max: 25 },
  { level: 'significant', min: 12, max: 19 },
  { level: 'general', min: 6, max: 11 },
  { level: 'low', min: 1, max: 5 },
];

export type RiskFieldIssue = { field: string; message: string };

const isFactor = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= RISK_FACTOR_MIN && n <= RISK_FACTOR_MAX;

/** Issues of one L or S value (`field: 可能性须为 1–5 的整数`). */
export function factorIssues(field: string, label: string, value: unknown): RiskFieldIssue[] {
  return isFactor(value) ? [] : [{ field, message: `${label}须为 1–5 的整数` }];
}

/** score = L × S. Throws on a factor outside 1–5 (validate first). */
export function riskScore(likelihood: number, severity: number): number {
  if (!isFactor(likelihood) || !isFactor(severity)) throw new RangeError(`L and S must be integers 1–5, got ${likelihood}×${severity}`);
  return likelihood * severity;
}

/**
 * Every problem of a matrix: each level exactly once, integer ends with min ≤ max, within 1–25,
 * no overlaps, no gaps, and the whole of 1–25 covered. Ordered higher level ⇒ higher scores.
 */
export function matrixIssues(ranges: readonly { level: string; min: number; max: number }[]): RiskFieldIssue[] {
  const issues: RiskFieldIssue[] = [];
  const seen = new Set<string>();
  ranges.forEach((r, i) => {
    const f = `ranges[${i}]`;
    if (!(RISK_LEVELS as readonly string[]).includes(r.level)) issues.push({ field: `${f}.level`, message: '风险等级须为 major、significant、general、low 之一' });
    else if (seen.has(r.level)) issues.push({ field: `${f}.level`, message: `${RISK_LEVEL_LABELS[r.level as RiskLevel]}重复出现` });
    seen.add(r.level);
    if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min < 1 || r.max > 25) issues.push({ field: f, message: '分值范围须为 1–25 的整数' });
    else if (r.min > r.max) issues.push({ field: f, message: `下限 ${r.min} 大于上限 ${r.max}` });
  });
  for (const level of RISK_LEVELS) if (!seen.has(level)) issues.push({ field: 'ranges', message: `缺少${RISK_LEVEL_LABELS[level]}的分值范围` });
  if (issues.length > 0) return issues;
  // Ordering: major above significant above general above low.
  const byLevel = new Map(ranges.map((r) => [r.level as RiskLevel, r as RiskRange]));
  for (let i = 0; i + 1 < RISK_LEVELS.length; i++) {
    const hi = byLevel.get(RISK_LEVELS[i]!)!;
    const lo = byLevel.get(RISK_LEVELS[i + 1]!)!;
    if (hi.min <= lo.max && lo.min <= hi.max) {
      issues.push({ field: 'ranges', message: `${RISK_LEVEL_LABELS[hi.level]}（${hi.min}–${hi.max}）与${RISK_LEVEL_LABELS[lo.level]}（${lo.min}–${lo.max}）重叠` });
    } else if (hi.min < lo.min) {
      issues.push({ field: 'ranges', message: `${RISK_LEVEL_LABELS[hi.level]}的分值须高于${RISK_LEVEL_LABELS[lo.level]}` });
    }
  }
  // Any overlap between non-neighbours, gaps, and coverage of 1–25.
  for (let s = 1; s <= 25; s++) {
    const hits = ranges.filter((r) => r.min <= s && s <= r.max);
    if (hits.length === 0) {
      const start = s;
      while (s + 1 <= 25 && !ranges.some((r) => r.min <= s + 1 && s + 1 <= r.max)) s++;
      issues.push({ field: 'ranges', message: start === s ? `分值 ${start} 未划入任何等级` : `分值 ${start}–${s} 未划入任何等级` });
    } else if (hits.length > 1 && !issues.some((x) => x.message.includes('重叠'))) {
      issues.push({ field: 'ranges', message: `分值 ${s} 同时属于${hits.map((h) => RISK_LEVEL_LABELS[h.level as RiskLevel]).join('和')}（重叠）` });
    }
  }
  return issues;
}

/** The level of a score under a (valid) matrix. Throws when no range holds it. */
export function levelOf(score: number, matrix: RiskMatrixRanges = DEFAULT_RISK_MATRIX): RiskLevel {
  const r = matrix.find((x) => x.min <= score && score <= x.max);
  if (!r) throw new RangeError(`score ${score} is outside the matrix`);
  return r.level;
}

/** Level, colour and score of an L×S assessment. */
export function assessRisk(likelihood: number, severity: number, matrix: RiskMatrixRanges = DEFAULT_RISK_MATRIX): { score: number; level: RiskLevel; colour: RiskColour } {
  const score = riskScore(likelihood, severity);
  const level = levelOf(score, matrix);
  return { score, level, colour: RISK_LEVEL_COLOURS[level] };
}

/** "较大风险（橙）" */
export function riskLevelText(level: RiskLevel): string {
  return `${RISK_LEVEL_LABELS[level]}（${RISK_COLOUR_LABELS[RISK_LEVEL_COLOURS[level]]}）`;
}

/** The threshold changes between two matrices, as text: "阈值调整：较大风险 12→10". */
export function matrixChangeText(before: RiskMatrixRanges, after: RiskMatrixRanges): string {
  const parts: string[] = [];
  for (const level of RISK_LEVELS) {
    const b = before.find((r) => r.level === level);
    const a = after.find((r) => r.level === level);
    if (!a || !b) continue;
    if (b.min !== a.min) parts.push(`${RISK_LEVEL_LABELS[level]} ${b.min}→${a.min}`);
    else if (b.max !== a.max && level === 'major') parts.push(`${RISK_LEVEL_LABELS[level]}上限 ${b.max}→${a.max}`);
  }
  return parts.length ? `阈值调整：${parts.join('，')}` : '阈值未变';
}

export type RiskForRelevel = { id: string; score: number; level: RiskLevel; residualScore: number | null; residualLevel: RiskLevel | null };
export type RelevelChange = {
  id: string;
  from: RiskLevel;
  to: RiskLevel;
  residualFrom: RiskLevel | null;
  residualTo: RiskLevel | null;
  reason: string;
};

/**
 * Re-levels risks after a threshold change: the risks whose level or residual level changes,
 * each with why ("阈值调整：较大风险 12→10；分值 10：一般风险→较大风险").
 */
export function relevel(risks: readonly RiskForRelevel[], before: RiskMatrixRanges, after: RiskMatrixRanges): RelevelChange[] {
  const why = matrixChangeText(before, after);
  const out: RelevelChange[] = [];
  for (const r of risks) {
    const to = levelOf(r.score, after);
    const residualTo = r.residualScore == null ? null : levelOf(r.residualScore, after);
    if (to === r.level && residualTo === r.residualLevel) continue;
    const bits: string[] = [];
    if (to !== r.level) bits.push(`分值 ${r.score}：${RISK_LEVEL_LABELS[r.level]}→${RISK_LEVEL_LABELS[to]}`);
    if (residualTo !== r.residualLevel && r.residualLevel && residualTo) bits.push(`残余分值 ${r.residualScore}：${RISK_LEVEL_LABELS[r.residualLevel]}→${RISK_LEVEL_LABELS[residualTo]}`);
    out.push({ id: r.id, from: r.level, to, residualFrom: r.residualLevel, residualTo, reason: `${why}；${bits.join('；')}` });
  }
  return out;
}

/** Who assesses a school's risks: its own school admin (schools assess their own risks). */
export function mayManageRisks(role: Role): boolean {
  return role === 'school_admin';
}

/** A risk may be reassessed, edited or retired by its school's admin while it is active. */
export function mayReassess(role: Role, status: RiskStatus): boolean {
  return mayManageRisks(role) && status === 'active';
}

export type RiskAction = 'edit' | 'reassess' | 'retire' | 'link_hazard';
/** The detail's allowedActions (the caller already reads the risk in scope). */
export function riskAllowedActions(role: Role, status: RiskStatus): RiskAction[] {
  return mayReassess(role, status) ? ['edit', 'reassess', 'retire', 'link_hazard'] : [];
}

/** Review due (复评到期): the review date is today or earlier (Asia/Shanghai calendar days). */
export function isReviewDue(reviewOn: string | null | undefined, today: string): boolean {
  return !!reviewOn && daysBetween(today, reviewOn) <= 0;
}

/**
 * The reassessment flag (建议重新评估), one rule: a risk is flagged when at least
 * REASSESS_HAZARD_THRESHOLD hazards linked to it or found at its inspection point were found in
 * the last REASSESS_WINDOW_DAYS days (its point keeps producing hazards).
 */
export const REASSESS_HAZARD_THRESHOLD = 3;
export const REASSESS_WINDOW_DAYS = 90;
export function needsReassessment(recentHazardCount: number): boolean {
  return recentHazardCount >= REASSESS_HAZARD_THRESHOLD;
}

export type RiskInput = {
  name: string | null | undefined;
  description: string | null | undefined;
  domain: string;
  likelihood: unknown;
  severity: unknown;
  residualLikelihood: unknown;
  residualSeverity: unknown;
  measures: readonly { description: string; tier: string; department: string; person: string }[];
};

const blankText = (s: string | null | undefined) => !s || s.trim().length === 0;

/** Every problem of a risk's fields (empty when it may be saved). */
export function riskInputIssues(r: RiskInput): RiskFieldIssue[] {
  const issues: RiskFieldIssue[] = [];
  if (blankText(r.name)) issues.push({ field: 'name', message: '请填写风险名称' });
  if (blankText(r.description)) issues.push({ field: 'description', message: '请填写风险表述' });
  issues.push(...factorIssues('likelihood', '可能性（L）', r.likelihood), ...factorIssues('severity', '严重性（S）', r.severity));
  const rl = r.residualLikelihood;
  const rs = r.residualSeverity;
  if ((rl == null) !== (rs == null)) issues.push({ field: rl == null ? 'residualLikelihood' : 'residualSeverity', message: '残余风险的可能性和严重性须同时填写' });
  if (rl != null) issues.push(...factorIssues('residualLikelihood', '残余可能性', rl));
  if (rs != null) issues.push(...factorIssues('residualSeverity', '残余严重性', rs));
  r.measures.forEach((m, i) => {
    if (blankText(m.description)) issues.push({ field: `measures[${i}].description`, message: '请填写管控措施内容' });
    if (!(RISK_TIERS as readonly string[]).includes(m.tier)) issues.push({ field: `measures[${i}].tier`, message: '管控层级须为学校级、部门级、班组级或岗位级' });
  });
  return issues;
}
