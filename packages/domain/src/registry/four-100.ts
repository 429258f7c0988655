/**
 * The four 100 % indicators (四个100%, seed 002): "专职保安员配备率、学校封闭化管理率、一键式紧急报警和
 * 视频监控系统达标率、'护学岗'配备率" — each the share of a unit's schools that meet it, computed from
 * the guards registry and each school's security profile (学校安防情况: required guards, closed
 * campus, one-key alarm and video linked to the police, 护学岗 posts required and staffed). Pure
 * rules, no I/O. A school without a profile meets none of the four (nothing declared, nothing met).
 */

export const FOUR_100_CODES = ['full_time_guards', 'closed_campus', 'alarm_video', 'escort_posts'] as const;
export type Four100Code = (typeof FOUR_100_CODES)[number];
export const FOUR_100_NAMES: Record<Four100Code, string> = {
  full_time_guards: '专职保安员配备率',
  closed_campus: '学校封闭化管理率',
  alarm_video: '一键式紧急报警和视频监控系统达标率',
  escort_posts: '护学岗配备率',
};

/** A school's security profile as the school keeps it. */
export type SecurityProfile = {
  requiredGuards: number;
  closedCampus: boolean;
  alarmLinked: boolean;
  videoLinked: boolean;
  escortPostsRequired: number;
  escortPostsStaffed: number;
};

/** What the indicators are computed from for one school: its profile (null: never filled in) and its qualified guards. */
export type SchoolSecurityFacts = { profile: SecurityProfile | null; qualifiedGuards: number };

export const PROFILE_LIMITS = { requiredGuards: 50, escortPosts: 50, note: 1000 } as const;

/** Whether one school meets each indicator. */
export function four100Passes(f: SchoolSecurityFacts): Record<Four100Code, boolean> {
  const p = f.profile;
  if (!p) return { full_time_guards: false, closed_campus: false, alarm_video: false, escort_posts: false };
  return {
    full_time_guards: p.requiredGuards >= 1 && f.qualifiedGuards >= p.requiredGuards,
    closed_campus: p.closedCampus,
    alarm_video: p.alarmLinked && p.videoLinked,
    escort_posts: p.escortPostsRequired >= 1 && p.escortPostsStaffed >= p.escortPostsRequired,
  };
}

/** Why one school fails an indicator, in Chinese (null when it passes). */
export function four100Reason(code: Four100Code, f: SchoolSecurityFacts): string | null {
  if (four100Passes(f)[code]) return null;
  const p = f.profile;
  if (!p) return '未填报学校安防情况';
  switch (code) {
    case 'full_time_guards':
      return p.requiredGuards < 1 ? '未填写应配保安员人数' : `合格专职保安员 ${f.qualifiedGuards} 人，应配 ${p.requiredGuards} 人`;
    case 'closed_campus':
      return '未实行封闭化管理';
    case 'alarm_video':
      return [!p.alarmLinked && '一键式紧急报警未与公安联网', !p.videoLinked && '视频监控未与公安联网'].filter(Boolean).join('，');
    case 'escort_posts':
      return p.escortPostsRequired < 1 ? '未设置护学岗' : `护学岗到岗 ${p.escortPostsStaffed} 个，应设 ${p.escortPostsRequired} 个`;
  }
}

export type Four100School = { unitId: string; name: string; facts: SchoolSecurityFacts };
export type Four100Indicator = { code: Four100Code; name: string; rate: number; schools: number; passing: number; failing: { unitId: string; name: string }[] };

/** rate = passing ÷ schools (0 when there are no schools): the exact quotient, not rounded. */
export function four100Rate(passing: number, schools: number): number {
  return schools === 0 ? 0 : passing / schools;
}

/** The four indicators over a set of schools, each with the schools that fail it (in the order given). */
export function four100Indicators(schools: readonly Four100School[]): Four100Indicator[] {
  const passes = schools.map((s) => ({ s, p: four100Passes(s.facts) }));
  return FOUR_100_CODES.map((code) => {
    const failing = passes.filter((x) => !x.p[code]).map((x) => ({ unitId: x.s.unitId, name: x.s.name }));
    const passing = schools.length - failing.length;
    return { code, name: FOUR_100_NAMES[code], rate: four100Rate(passing, schools.length), schools: schools.length, passing, failing };
  });
}

export type ProfileFieldIssue = { field: string; message: string };

/** The problems of a profile's numbers: counts within 0–50; staffed 护学岗 posts may exceed the required ones (more is fine). */
export function profileInputIssues(p: Partial<SecurityProfile> & { note?: string | null }): ProfileFieldIssue[] {
  const issues: ProfileFieldIssue[] = [];
  const count = (field: 'requiredGuards' | 'escortPostsRequired' | 'escortPostsStaffed', label: string, max: number) => {
    const v = p[field];
    if (v === undefined || v === null) issues.push({ field, message: `请填写${label}` });
    else if (!Number.isInteger(v) || v < 0) issues.push({ field, message: `${label}不能为负数或小数` });
    else if (v > max) issues.push({ field, message: `${label}不能超过 ${max}` });
  };
  count('requiredGuards', '应配专职保安员人数', PROFILE_LIMITS.requiredGuards);
  count('escortPostsRequired', '应设护学岗数', PROFILE_LIMITS.escortPosts);
  count('escortPostsStaffed', '护学岗到岗数', PROFILE_LIMITS.escortPosts);
  for (const [field, label] of [['closedCampus', '是否封闭化管理'], ['alarmLinked', '一键式紧急报警是否与公安联网'], ['videoLinked', '视频监控是否与公安联网']] as const) {
    if (typeof p[field] !== 'boolean') issues.push({ field, message: `请选择${label}` });
  }
  if (p.note && p.note.length > PROFILE_LIMITS.note) issues.push({ field: 'note', message: `备注不能超过 ${PROFILE_LIMITS.note} 个字` });
  return issues;
}
