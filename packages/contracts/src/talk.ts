import { Type, type Static } from 'typebox';
import { TALK_FOLLOW_UP_RESULTS, TALK_LIMITS, TALK_LINK_KINDS, TALK_STATUSES } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/** Admonition talks (约谈): the shapes of /api/talks (features/talks). */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const TalkStatusSchema = lit(TALK_STATUSES, 'planned 已安排、held 已约谈、followed_up 已回访');
export const TalkFollowUpResultSchema = lit(TALK_FOLLOW_UP_RESULTS, 'done 已落实、not_done 未落实');
export const TalkLinkKindSchema = lit(TALK_LINK_KINDS, 'hazard 隐患、report_submission 报送记录、report_period 未按时报送的期次（id 为“报表类型id:期次”）、notice 通报');

const TalkUnitKindSchema = lit(['school', 'area', 'department'] as const, 'school 学校、area 片区（单位 id），department 科室（科室 id）');

export const TalkUnitRef = Type.Object({ kind: TalkUnitKindSchema, id: IdString }, { additionalProperties: false });

export const TalkPersonSchema = Type.Object(
  { name: Type.String({ maxLength: 50 }), post: Type.String({ maxLength: 100, description: '职务' }) },
  { additionalProperties: false },
);

export const TalkLinkRef = Type.Object(
  { kind: TalkLinkKindSchema, id: Type.String({ minLength: 1, maxLength: 60, pattern: '^[0-9]{1,18}(:[0-9A-Za-z-]{1,40})?$' }) },
  { additionalProperties: false },
);

const fields = {
  heldOn: CalendarDate,
  status: Type.Optional(lit(['planned', 'held'] as const, '缺省：约谈日期不晚于今天为 held，否则 planned')),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: '约谈事由（必填）' })),
  interviewees: Type.Array(TalkPersonSchema, { maxItems: TALK_LIMITS.people, description: '被约谈人（姓名、职务）' }),
  interviewers: Type.Array(TalkPersonSchema, { maxItems: TALK_LIMITS.people, description: '约谈人（教育局人员）' }),
  commitments: Type.Array(Type.String({ maxLength: 500 }), { maxItems: TALK_LIMITS.commitments, description: '被约谈单位的承诺事项' }),
  followUpDue: Type.Optional(Nullable(CalendarDate)),
  notes: Type.Optional(Type.String({ maxLength: 4000, description: '约谈情况记录' })),
  links: Type.Array(TalkLinkRef, { maxItems: TALK_LIMITS.links, description: '关联的隐患、报送、通报；必须属于被约谈单位' }),
};

export const CreateTalkBody = Type.Object(
  { unit: Type.Optional(Nullable(TalkUnitRef)), ...fields },
  { additionalProperties: false },
);
export type CreateTalkBody = Static<typeof CreateTalkBody>;

/** An edit replaces the talk's fields (the unit stays); `version` as read. */
export const UpdateTalkBody = Type.Object({ version: Version(), ...fields }, { additionalProperties: false });
export type UpdateTalkBody = Static<typeof UpdateTalkBody>;

export const TalkFollowUpBody = Type.Object(
  {
    version: Version(),
    result: TalkFollowUpResultSchema,
    note: Type.String({ maxLength: 2000 }),
    recordedOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);
export type TalkFollowUpBody = Static<typeof TalkFollowUpBody>;

export const TalkListQuery = Type.Object(
  {
    ...Paging,
    status: Type.Optional(TalkStatusSchema),
    overdue: Type.Optional(Type.Boolean({ description: 'true 只看回访已逾期（已约谈、回访日期已过、未记录回访）' })),
    unitId: Type.Optional(Type.String({ pattern: '^(dept:)?[0-9]{1,18}$', description: '被约谈的单位 id（片区含其学校）；科室写 dept:<id>' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索事由、单位名' })),
  },
  { additionalProperties: false },
);
export type TalkListQuery = Static<typeof TalkListQuery>;

export const TalkUnit = Type.Object({ kind: TalkUnitKindSchema, id: Type.String(), name: Type.String() });

export const TalkSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  unit: TalkUnit,
  heldOn: Type.String({ format: 'date' }),
  status: TalkStatusSchema,
  reason: Type.String(),
  interviewees: Type.Array(TalkPersonSchema),
  followUpDue: Nullable(Type.String({ format: 'date' })),
  followUpOverdue: Type.Boolean(),
  followUpResult: Nullable(TalkFollowUpResultSchema),
  linkCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type TalkSummary = Static<typeof TalkSummary>;

export const TalkLink = Type.Object({
  kind: TalkLinkKindSchema,
  id: Type.String(),
  label: Type.String({ description: '记录时的标题' }),
  state: Nullable(Type.String({ description: '当前状态（隐患状态、报送状态），查不到为 null' })),
  overdue: Type.Boolean({ description: '隐患当前是否逾期' }),
});
export type TalkLink = Static<typeof TalkLink>;

export const TalkDetail = Type.Object({
  talk: TalkSummary,
  interviewers: Type.Array(TalkPersonSchema),
  commitments: Type.Array(Type.String()),
  notes: Type.String(),
  links: Type.Array(TalkLink),
  followUp: Nullable(
    Type.Object({
      result: TalkFollowUpResultSchema,
      note: Type.String(),
      recordedOn: Type.String({ format: 'date' }),
      recordedBy: Type.String({ description: '记录人姓名' }),
    }),
  ),
  createdBy: Type.String(),
  allowedActions: Type.Array(lit(['edit', 'follow_up'] as const)),
});
export type TalkDetail = Static<typeof TalkDetail>;
