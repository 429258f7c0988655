import { Type, type Static } from 'typebox';
import { CERTIFICATE_STATES, FOUR_100_CODES, GUARD_CHECK_RESULTS, GUARD_EMPLOYMENTS, GUARD_LIMITS, GUARD_POSTS, GUARD_STATUSES, PROFILE_LIMITS } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/** The guards registry (保安员台账, /api/registries/guards) and the school security profile (学校安防情况, /api/security-profiles): features/guards. */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const GuardPostSchema = lit(GUARD_POSTS, 'gate 门卫岗、patrol 巡逻岗、monitoring 监控室、escort 护学岗、other 其他');
export const GuardEmploymentSchema = lit(GUARD_EMPLOYMENTS, 'full_time 专职、part_time 兼职');
export const GuardCheckResultSchema = lit(GUARD_CHECK_RESULTS, 'pass 通过/合格、fail 未通过/不合格、pending 审查中/未年审');
export const GuardStatusSchema = lit(GUARD_STATUSES, 'active 在岗、left 已离岗');
export const CertificateStateSchema = lit(CERTIFICATE_STATES, 'valid 有效、expiring 30 天内到期、expired 已过期');

const guardFields = {
  name: Type.Optional(Type.String({ maxLength: GUARD_LIMITS.name + 20, description: '姓名（实名，必填）' })),
  idNumber: Type.Optional(Type.String({ maxLength: 30, description: '公民身份号码（18 位，全区唯一）' })),
  phone: Type.Optional(Type.String({ maxLength: GUARD_LIMITS.phone + 10 })),
  employment: Type.Optional(GuardEmploymentSchema),
  post: Type.Optional(GuardPostSchema),
  certificateNo: Type.Optional(Type.String({ maxLength: GUARD_LIMITS.certificateNo + 20, description: '保安员证编号' })),
  certificateIssuedOn: Type.Optional(Nullable(CalendarDate)),
  certificateExpiresOn: Type.Optional(Nullable(CalendarDate)),
  backgroundCheckOn: Type.Optional(Nullable(CalendarDate)),
  backgroundCheckResult: Type.Optional(GuardCheckResultSchema),
  annualReviewYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100, description: '年审年度' }))),
  annualReviewResult: Type.Optional(GuardCheckResultSchema),
  status: Type.Optional(GuardStatusSchema),
  note: Type.Optional(Type.String({ maxLength: GUARD_LIMITS.note })),
};

export const CreateGuardBody = Type.Object({ schoolId: Type.Optional(IdString), ...guardFields }, { additionalProperties: false });
export type CreateGuardBody = Static<typeof CreateGuardBody>;
export const UpdateGuardBody = Type.Object({ version: Version(), ...guardFields }, { additionalProperties: false });
export type UpdateGuardBody = Static<typeof UpdateGuardBody>;

export const GuardListQuery = Type.Object(
  {
    ...Paging,
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区（含其学校）' })),
    schoolId: Type.Optional(IdString),
    status: Type.Optional(GuardStatusSchema),
    certificate: Type.Optional(CertificateStateSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索姓名、保安员证编号、学校' })),
  },
  { additionalProperties: false },
);
export type GuardListQuery = Static<typeof GuardListQuery>;

export const GuardSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  /** Masked in lists (320402********0019); the full number only in the detail, to the school's admin. */
  idNumber: Type.String(),
  phone: Type.String(),
  employment: GuardEmploymentSchema,
  post: GuardPostSchema,
  certificateNo: Type.String(),
  certificateIssuedOn: Nullable(Type.String({ format: 'date' })),
  certificateExpiresOn: Type.String({ format: 'date' }),
  certificateState: CertificateStateSchema,
  backgroundCheckOn: Nullable(Type.String({ format: 'date' })),
  backgroundCheckResult: GuardCheckResultSchema,
  annualReviewYear: Nullable(Type.Integer()),
  annualReviewResult: GuardCheckResultSchema,
  status: GuardStatusSchema,
  note: Type.String(),
  /** Counts towards the school's required number: on post, full time, certificate valid, background passed, review not failed. */
  qualified: Type.Boolean(),
  shortcomings: Type.Array(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type GuardSummary = Static<typeof GuardSummary>;

export const RegistryHazardLink = Type.Object({ hazardId: Type.String(), cause: Type.String(), title: Type.String(), state: Type.String() });

export const GuardDetail = Type.Object({
  guard: GuardSummary,
  allowedActions: Type.Array(Type.Literal('edit')),
  /** Hazards this record opened (an expired certificate), with their state. */
  hazards: Type.Array(RegistryHazardLink),
});
export type GuardDetail = Static<typeof GuardDetail>;

export const Four100CodeSchema = lit(FOUR_100_CODES, 'full_time_guards 专职保安员配备率、closed_campus 学校封闭化管理率、alarm_video 一键式紧急报警和视频监控系统达标率、escort_posts 护学岗配备率');

const profileFields = {
  requiredGuards: Type.Integer({ minimum: -1000, maximum: 1000, description: `应配专职保安员人数（0–${PROFILE_LIMITS.requiredGuards}）` }),
  closedCampus: Type.Boolean({ description: '是否实行封闭化管理' }),
  alarmLinked: Type.Boolean({ description: '一键式紧急报警是否与公安联网' }),
  videoLinked: Type.Boolean({ description: '视频监控系统是否与公安联网' }),
  escortPostsRequired: Type.Integer({ minimum: -1000, maximum: 1000, description: '应设护学岗数' }),
  escortPostsStaffed: Type.Integer({ minimum: -1000, maximum: 1000, description: '护学岗到岗数' }),
  note: Type.Optional(Type.String({ maxLength: PROFILE_LIMITS.note })),
};

/** The whole profile; `version` of the profile read (null for the first save). */
export const PutSecurityProfileBody = Type.Object({ version: Nullable(Version()), ...profileFields }, { additionalProperties: false });
export type PutSecurityProfileBody = Static<typeof PutSecurityProfileBody>;

export const SecurityProfileQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '片区或学校（缺省为整个范围）' })), failing: Type.Optional(Four100CodeSchema) },
  { additionalProperties: false },
);
export type SecurityProfileQuery = Static<typeof SecurityProfileQuery>;

export const SchoolSecurity = Type.Object({
  schoolId: Type.String(),
  schoolName: Type.String(),
  areaName: Type.String(),
  profile: Nullable(
    Type.Object({
      requiredGuards: Type.Integer(),
      closedCampus: Type.Boolean(),
      alarmLinked: Type.Boolean(),
      videoLinked: Type.Boolean(),
      escortPostsRequired: Type.Integer(),
      escortPostsStaffed: Type.Integer(),
      note: Type.String(),
      version: Type.Integer(),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  guards: Type.Object({
    active: Type.Integer({ description: '在岗保安员' }),
    qualified: Type.Integer({ description: '其中计入配备的合格专职保安员' }),
    expiring: Type.Integer({ description: '在岗者中保安员证 30 天内到期' }),
    expired: Type.Integer({ description: '在岗者中保安员证已过期' }),
    short: Type.Integer({ description: '比应配人数少几人（0 为已配齐）' }),
  }),
  indicators: Type.Array(Type.Object({ code: Four100CodeSchema, name: Type.String(), passing: Type.Boolean(), reason: Nullable(Type.String()) })),
  allowedActions: Type.Array(Type.Literal('edit')),
});
export type SchoolSecurity = Static<typeof SchoolSecurity>;
