import { Type, type Static } from 'typebox';
import { COMPUTED_INDICATORS, SELF_ASSESSMENT_STATES } from '@xiaoan/domain';
import { Nullable, Version } from './common.js';

/**
 * Annual assessment (年度综合考核) and the standardisation self-assessment (标准化创建): a scheme
 * per bureau and year, per-school scores with the evidence of each, the ranking, the bureau's
 * manual scores and the schools' self-assessments. Rules: packages/domain/src/assessment.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
/** Bounded so nothing odd reaches SQL; the domain says what is wrong in Chinese (inverted thresholds, sums). */
const Num = (description?: string) => Type.Number({ minimum: -1_000_000, maximum: 1_000_000, ...(description ? { description } : {}) });
const Points = (description?: string) => Type.Number({ minimum: -1000, maximum: 1000, ...(description ? { description } : {}) });

export { COMPUTED_INDICATORS, SELF_ASSESSMENT_STATES, SELF_ASSESSMENT_STATE_LABELS, INDICATOR_CATALOGUE } from '@xiaoan/domain';
export type { ComputedIndicator, SelfAssessmentState } from '@xiaoan/domain';

export const ScoringRule = Type.Union([
  Type.Object(
    { kind: Type.Literal('linear'), zeroAt: Num('零分阈值（比率为 0–1）'), fullAt: Num('满分阈值（比率为 0–1）') },
    { additionalProperties: false, description: '两个阈值之间线性：如整改率 60% 得 0 分、100% 得满分' },
  ),
  Type.Object({ kind: Type.Literal('deduction'), perUnit: Points('每件扣分') }, { additionalProperties: false, description: '按件扣分，扣完为止（仅计数类指标）' }),
  Type.Object(
    {
      kind: Type.Literal('banded'),
      bands: Type.Array(Type.Object({ threshold: Num('阈值'), points: Points('得分') }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
    },
    { additionalProperties: false, description: '分档：达到（计数类为不超过）某档阈值得该档分' },
  ),
]);
export type ScoringRule = Static<typeof ScoringRule>;

const IndicatorKey = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: '方案内的指标代码' });
const IndicatorName = Type.String({ minLength: 1, maxLength: 60 });

export const SchemeIndicatorInput = Type.Union([
  Type.Object(
    {
      key: IndicatorKey,
      name: IndicatorName,
      kind: Type.Literal('computed'),
      indicator: Type.String({ minLength: 1, maxLength: 60, description: `平台数据指标：${COMPUTED_INDICATORS.join('、')}` }),
      weight: Points('分值'),
      rule: ScoringRule,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { key: IndicatorKey, name: IndicatorName, kind: Type.Literal('manual'), weight: Points('分值'), guidance: Type.Optional(Type.String({ maxLength: 500, description: '评分说明' })) },
    { additionalProperties: false },
  ),
]);
export type SchemeIndicatorInput = Static<typeof SchemeIndicatorInput>;

export const CreateSchemeBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    totalPoints: Type.Optional(Type.Number({ minimum: 0, maximum: 1000, description: '方案总分，固定为 100' })),
    indicators: Type.Array(SchemeIndicatorInput, { maxItems: 40 }),
  },
  { additionalProperties: false },
);
export type CreateSchemeBody = Static<typeof CreateSchemeBody>;

export const UpdateSchemeBody = Type.Object(
  { version: Version(), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), indicators: Type.Optional(Type.Array(SchemeIndicatorInput, { maxItems: 40 })) },
  { additionalProperties: false },
);
export type UpdateSchemeBody = Static<typeof UpdateSchemeBody>;

export const CatalogueIndicator = Type.Object({
  key: Type.String(),
  name: Type.String(),
  measure: Type.Union([Type.Literal('rate'), Type.Literal('count')]),
  direction: Type.Union([Type.Literal('higher'), Type.Literal('lower')]),
  definition: Type.String(),
  whenNoData: Type.Union([Type.Literal('full'), Type.Literal('zero')]),
});
export type CatalogueIndicator = Static<typeof CatalogueIndicator>;

export const SchemeIndicator = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('computed'), Type.Literal('manual')]),
  indicator: Nullable(Type.String()),
  weight: Type.Number(),
  rule: Nullable(ScoringRule),
  guidance: Nullable(Type.String()),
  /** The rule in words (computed), or the guidance (manual). */
  ruleText: Type.String(),
  measure: Nullable(Type.Union([Type.Literal('rate'), Type.Literal('count')])),
  definition: Nullable(Type.String()),
});
export type SchemeIndicator = Static<typeof SchemeIndicator>;

export const AssessmentScheme = Type.Object({
  id: Type.String(),
  bureauUnitId: Type.String(),
  year: Type.Integer(),
  name: Type.String(),
  totalPoints: Type.Number(),
  indicators: Type.Array(SchemeIndicator),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  allowedActions: Type.Array(Type.String(), { description: 'edit、score（录入手工评分）、review（审核自评）、self（学校自评）、export' }),
});
export type AssessmentScheme = Static<typeof AssessmentScheme>;

export const SchemeList = Type.Object({
  items: Type.Array(AssessmentScheme),
  total: Type.Integer(),
  catalogue: Type.Array(CatalogueIndicator, { description: '平台可计算的数据指标（尚无演练、培训登记，不提供）' }),
});
export type SchemeList = Static<typeof SchemeList>;

export const SchemeListQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false });

/** Where the records behind a computed figure are: a page of the web app and its filters. */
export const EvidenceLink = Type.Object({ label: Type.String(), path: Type.String(), query: Type.Record(Type.String(), Type.String()) });
export type EvidenceLink = Static<typeof EvidenceLink>;

export const IndicatorScore = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('computed'), Type.Literal('manual')]),
  weight: Type.Number(),
  /** The raw value: a rate 0–1, a count; null when there was nothing to measure or no manual score yet. */
  value: Nullable(Type.Number()),
  points: Type.Number(),
  /** A manual item the bureau has not scored yet (counts 0). */
  pending: Type.Boolean(),
  evidence: Type.Object({
    numerator: Nullable(Type.Number()),
    denominator: Nullable(Type.Number()),
    /** The parts of the figure in words ("逾期未整改 2 件", "逾期后销号 1 件"). */
    parts: Type.Array(Type.Object({ label: Type.String(), count: Type.Number() })),
    text: Type.String({ description: '计算口径或评分理由' }),
    links: Type.Array(EvidenceLink),
    reason: Nullable(Type.String()),
    evidenceText: Nullable(Type.String()),
    fileIds: Type.Array(Type.String()),
    enteredAt: Nullable(Type.String({ format: 'date-time' })),
    enteredBy: Nullable(Type.String()),
  }),
});
export type IndicatorScore = Static<typeof IndicatorScore>;

export const SchoolScore = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  areaName: Nullable(Type.String()),
  total: Type.Number(),
  rank: Type.Integer(),
  indicators: Type.Array(IndicatorScore),
  selfAssessment: Nullable(Type.Object({ id: Type.String(), state: lit(SELF_ASSESSMENT_STATES), selfTotal: Type.Number() })),
});
export type SchoolScore = Static<typeof SchoolScore>;

export const SchemeScores = Type.Object({
  scheme: Type.Object({ id: Type.String(), year: Type.Integer(), name: Type.String(), totalPoints: Type.Number() }),
  /** Counted from the year's start to this day (the year's last day once it is over). */
  from: Type.String(),
  to: Type.String(),
  /** Schools ranked among all the schools the caller sees. */
  items: Type.Array(SchoolScore),
  total: Type.Integer(),
});
export type SchemeScores = Static<typeof SchemeScores>;

export const ScoresQuery = Type.Object({ schoolId: Type.Optional(IdString) }, { additionalProperties: false });

export const ManualScoreBody = Type.Object(
  {
    schoolId: IdString,
    indicatorKey: Type.String({ minLength: 1, maxLength: 40 }),
    points: Points('得分（0 到该项分值）'),
    reason: Type.String({ maxLength: 500, description: '加分或扣分的理由（必填）' }),
    evidence: Type.Optional(Type.String({ maxLength: 2000, description: '佐证材料说明' })),
    fileIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ManualScoreBody = Static<typeof ManualScoreBody>;

export const SelfAssessmentItem = Type.Object(
  { indicatorKey: Type.String({ minLength: 1, maxLength: 40 }), selfScore: Points('自评分'), note: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type SelfAssessmentItem = Static<typeof SelfAssessmentItem>;

export const SelfAssessment = Type.Object({
  id: Type.String(),
  schemeId: Type.String(),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  state: lit(SELF_ASSESSMENT_STATES),
  items: Type.Array(SelfAssessmentItem),
  selfTotal: Type.Number(),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  reviewComment: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  allowedActions: Type.Array(Type.String()),
});
export type SelfAssessment = Static<typeof SelfAssessment>;

export const SelfAssessmentList = Type.Object({ items: Type.Array(SelfAssessment), total: Type.Integer() });
export type SelfAssessmentList = Static<typeof SelfAssessmentList>;

export const SelfAssessmentListQuery = Type.Object({ state: Type.Optional(lit(SELF_ASSESSMENT_STATES)) }, { additionalProperties: false });

/** One school's card: its score with the evidence, and its self-assessment beside it. */
export const SchoolCard = Type.Object({
  scheme: AssessmentScheme,
  score: SchoolScore,
  from: Type.String(),
  to: Type.String(),
  selfAssessment: Nullable(SelfAssessment),
});
export type SchoolCard = Static<typeof SchoolCard>;

export const SaveSelfBody = Type.Object(
  { version: Type.Optional(Version('已有自评时必填')), items: Type.Array(SelfAssessmentItem, { maxItems: 40 }) },
  { additionalProperties: false },
);
export type SaveSelfBody = Static<typeof SaveSelfBody>;

export const VersionBody = Type.Object({ version: Version() }, { additionalProperties: false });
export const ReviewBody = Type.Object({ version: Version(), comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export type ReviewBody = Static<typeof ReviewBody>;
