import { Type, type Static } from 'typebox';
import { NOTICE_ANSWER_STATES, NOTICE_CATEGORIES, NOTICE_QUERY_KINDS, NOTICE_STATES } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';
import { FileRef } from './hazard.js';

/**
 * Notices (通报): built from a query (overdue hazards, missed reports, best rectification
 * rates), edited while a draft, downloaded as Word, issued; the named schools read their own
 * and answer one that orders rectification (整改报告). Issue 14's "Contract" fixes
 * `GET /api/notices` and `GET /api/notices/{id}`: lists `{items,total}`, a school sees only
 * what names it, others' ids answer 404.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export { NOTICE_QUERY_KINDS, NOTICE_QUERY_KIND_LABELS, NOTICE_STATES, NOTICE_STATE_LABELS, NOTICE_ANSWER_STATES, NOTICE_ANSWER_STATE_LABELS, NOTICE_CATEGORIES, NOTICE_CATEGORY_LABELS } from '@xiaoan/domain';
export type { NoticeQueryKind, NoticeState, NoticeAnswerState, NoticeCategory } from '@xiaoan/domain';

/** The parameters of a query; which apply depends on the kind. */
export const NoticeQueryParams = Type.Object(
  {
    minDaysOverdue: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'overdue_hazards：逾期超过的天数（缺省 30）' })),
    reportTypeId: Type.Optional(IdString),
    period: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'missed_reports：期次，如 2026-11（缺省为最近已截止的一期）' })),
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    minHazards: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'best_rectification：期内隐患不少于（缺省 5）' })),
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'best_rectification：取前 N 名（缺省 5）' })),
  },
  { additionalProperties: false },
);
export type NoticeQueryParams = Static<typeof NoticeQueryParams>;

/** One fact behind a named unit, linking the record: a hazard, a missed report period, a rectification rate. */
export const NoticeFact = Type.Object({
  kind: Type.Union([Type.Literal('hazard'), Type.Literal('report'), Type.Literal('rectification')]),
  label: Type.String({ description: '事实的中文说明' }),
  hazardId: Nullable(Type.String({ description: 'kind=hazard：隐患 id（/api/hazards/{id}）' })),
  daysOverdue: Nullable(Type.Integer({ description: 'kind=hazard：已逾期天数' })),
  dueDate: Nullable(Type.String({ format: 'date' })),
  reportTypeId: Nullable(Type.String()),
  periodKey: Nullable(Type.String()),
  found: Nullable(Type.Integer({ description: 'kind=rectification：期内发现隐患数' })),
  closed: Nullable(Type.Integer({ description: 'kind=rectification：其中已销号数' })),
  rate: Nullable(Type.Number({ description: 'kind=rectification：整改率（四位小数）' })),
});
export type NoticeFact = Static<typeof NoticeFact>;

/** A named school's answer (整改报告). */
export const NoticeAnswer = Type.Object({
  state: lit(NOTICE_ANSWER_STATES),
  overdue: Type.Boolean({ description: '截止日期已过仍未报送（或退回后未重报）' }),
  text: Nullable(Type.String()),
  files: Type.Array(FileRef),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  submittedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  reviewComment: Nullable(Type.String()),
});
export type NoticeAnswer = Static<typeof NoticeAnswer>;

/** A named unit: one row of the notice's table. */
export const NoticeUnit = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  summary: Type.String({ description: '表格中“主要情况”一栏（可编辑）' }),
  facts: Type.Array(NoticeFact),
  answer: Nullable(NoticeAnswer),
});
export type NoticeUnit = Static<typeof NoticeUnit>;

const AnswerCounts = Type.Object({
  awaiting: Type.Integer(),
  submitted: Type.Integer(),
  accepted: Type.Integer(),
  returned: Type.Integer(),
  overdue: Type.Integer({ description: '逾期未报送（含退回后逾期未重报）' }),
});

export const NoticeSummary = Type.Object({
  id: Type.String(),
  kind: lit(NOTICE_QUERY_KINDS),
  category: lit(NOTICE_CATEGORIES),
  status: lit(NOTICE_STATES),
  title: Type.String(),
  docNumber: Type.String({ description: '文号，如 天教安〔2026〕3号' }),
  issuer: Type.Object({ id: Type.String(), name: Type.String() }),
  issueDate: Nullable(Type.String({ format: 'date', description: '印发日期；草稿为 null' })),
  ordersRectification: Type.Boolean(),
  answerDueDate: Nullable(Type.String({ format: 'date' })),
  unitCount: Type.Integer(),
  answers: AnswerCounts,
  myAnswer: Nullable(lit(NOTICE_ANSWER_STATES)),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type NoticeSummary = Static<typeof NoticeSummary>;

export const NoticeDetail = Type.Object({
  ...NoticeSummary.properties,
  recipients: Type.String({ description: '主送' }),
  body: Type.String({ description: '正文（段落以换行分隔）' }),
  query: Type.Object({ kind: lit(NOTICE_QUERY_KINDS), params: NoticeQueryParams }),
  units: Type.Array(NoticeUnit, { description: '点名单位；学校只看到本校一行' }),
  issuedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String(), { description: 'update、issue、delete、download、answer、review' }),
});
export type NoticeDetail = Static<typeof NoticeDetail>;

export const NoticeListQuery = Type.Object(
  {
    ...Paging,
    status: Type.Optional(lit(NOTICE_STATES)),
    kind: Type.Optional(lit(NOTICE_QUERY_KINDS)),
    unitId: Type.Optional(IdString),
    answerOverdue: Type.Optional(Type.Boolean({ description: 'true：只看有逾期未报整改报告的通报' })),
  },
  { additionalProperties: false },
);
export type NoticeListQuery = Static<typeof NoticeListQuery>;

export const NoticeQueryBody = Type.Object({ kind: lit(NOTICE_QUERY_KINDS), params: Type.Optional(NoticeQueryParams) }, { additionalProperties: false });
export type NoticeQueryBody = Static<typeof NoticeQueryBody>;

/** The preview of a query: the schools it names and their facts (nothing written). */
export const NoticeQueryPreview = Type.Object({
  kind: lit(NOTICE_QUERY_KINDS),
  params: NoticeQueryParams,
  label: Type.String({ description: '查询的中文说明' }),
  units: Type.Array(Type.Object({ unitId: Type.String(), unitName: Type.String(), summary: Type.String(), facts: Type.Array(NoticeFact) })),
});
export type NoticeQueryPreview = Static<typeof NoticeQueryPreview>;

export const DraftFromQueryBody = Type.Object(
  {
    kind: lit(NOTICE_QUERY_KINDS),
    params: Type.Optional(NoticeQueryParams),
    ordersRectification: Type.Optional(Type.Boolean({ description: '缺省：批评类 true，表扬类 false' })),
    answerDueDate: Type.Optional(Nullable(CalendarDate)),
    /** Only these of the query's schools (default: all it names). */
    unitIds: Type.Optional(Type.Array(IdString, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type DraftFromQueryBody = Static<typeof DraftFromQueryBody>;

export const UpdateNoticeBody = Type.Object(
  {
    version: Version(),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    docNumber: Type.Optional(Type.String({ maxLength: 60 })),
    recipients: Type.Optional(Type.String({ maxLength: 500 })),
    body: Type.Optional(Type.String({ maxLength: 20000 })),
    ordersRectification: Type.Optional(Type.Boolean()),
    answerDueDate: Type.Optional(Nullable(CalendarDate)),
    /** The table: which of the drafted units stay, in this order, with their summary text. */
    units: Type.Optional(Type.Array(Type.Object({ unitId: IdString, summary: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type UpdateNoticeBody = Static<typeof UpdateNoticeBody>;

export const IssueNoticeBody = Type.Object({ version: Version() }, { additionalProperties: false });
export type IssueNoticeBody = Static<typeof IssueNoticeBody>;

export const AnswerNoticeBody = Type.Object(
  { text: Type.String({ maxLength: 20000 }), fileIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })) },
  { additionalProperties: false },
);
export type AnswerNoticeBody = Static<typeof AnswerNoticeBody>;

/** The bureau's review of one named school's answer: accept (comment optional) or return (comment required). */
export const ReviewAnswerBody = Type.Object({ unitId: IdString, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type ReviewAnswerBody = Static<typeof ReviewAnswerBody>;
