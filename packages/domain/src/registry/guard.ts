/**
 * The guards registry (保安员台账): "将各单位保安员实名信息入库…持双证上岗，每年进行线上年审" (seed 004).
 * Each guard is a real-name record of one school: ID number (unique in the district), the
 * security-guard certificate (保安员证) with its number and expiry, the background check (背景审查)
 * with its date and result, the annual review (年审) result, the post and whether the guard is
 * full time (专职). Pure rules, no I/O; dates are Asia/Shanghai calendar days ('YYYY-MM-DD').
 */
import { isValidIdNumber } from './id-number.js';
import { daysBetween, isCalendarDate } from '../calendar/calendar-date.js';
import { isDateInRange } from '../input-limits.js';
import type { Role } from '../roles.js';

export const GUARD_POSTS = ['gate', 'patrol', 'monitoring', 'escort', 'other'] as const;
export type GuardPost = (typeof GUARD_POSTS)[number];
export const GUARD_POST_LABELS: Record<GuardPost, string> = { gate: '门卫岗', patrol: '巡逻岗', monitoring: '监控室', escort: '护学岗', other: '其他' };

export const GUARD_EMPLOYMENTS = ['full_time', 'part_time'] as const;
export type GuardEmployment = (typeof GUARD_EMPLOYMENTS)[number];
export const GUARD_EMPLOYMENT_LABELS: Record<GuardEmployment, string> = { full_time: '专职', part_time: '兼职' };

export const GUARD_CHECK_RESULTS = ['pass', 'fail', 'pending'] as const;
export type GuardCheckResult = (typeof GUARD_CHECK_RESULTS)[number];
export const BACKGROUND_RESULT_LABELS: Record<GuardCheckResult, string> = { pass: '通过', fail: '未通过', pending: '审查中' };
export const REVIEW_RESULT_LABELS: Record<GuardCheckResult, string> = { pass: '合格', fail: '不合格', pending: '未年审' };

export const GUARD_STATUSES = ['active', 'left'] as const;
export type GuardStatus = (typeof GUARD_STATUSES)[number];
export const GUARD_STATUS_LABELS: Record<GuardStatus, string> = { active: '在岗', left: '已离岗' };

/** How a certificate stands on a day: expired the day after its expiry date; expiring within 30 days. */
export const CERTIFICATE_STATES = ['valid', 'expiring', 'expired'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];
export const CERTIFICATE_STATE_LABELS: Record<CertificateState, string> = { valid: '有效', expiring: '即将到期', expired: '已过期' };
/** Days ahead of an expiry that the certificate counts as expiring (and the school is reminded). */
export const CERTIFICATE_WARNING_DAYS = 30;

export const GUARD_LIMITS = { name: 50, phone: 30, certificateNo: 50, note: 500 } as const;

export type GuardFieldIssue = { field: string; message: string };

export type GuardInput = {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  employment?: GuardEmployment | null;
  post?: GuardPost | null;
  certificateNo?: string | null;
  certificateIssuedOn?: string | null;
  certificateExpiresOn?: string | null;
  backgroundCheckOn?: string | null;
  backgroundCheckResult?: GuardCheckResult | null;
  annualReviewYear?: number | null;
  annualReviewResult?: GuardCheckResult | null;
  status?: GuardStatus | null;
  note?: string | null;
};

/** The certificate's state on `today`: expired after its expiry day, expiring within 30 days of it. */
export function certificateState(expiresOn: string, today: string): CertificateState {
  const left = daysBetween(today, expiresOn);
  if (left < 0) return 'expired';
  if (left <= CERTIFICATE_WARNING_DAYS) return 'expiring';
  return 'valid';
}

export type GuardFacts = {
  status: GuardStatus;
  employment: GuardEmployment;
  certificateExpiresOn: string;
  backgroundCheckResult: GuardCheckResult;
  annualReviewResult: GuardCheckResult;
};

/**
 * A guard who counts towards the school's required number (专职保安员, 持证上岗): on post, full
 * time, the certificate not expired, the background check passed and the annual review not failed.
 */
export function isQualifiedGuard(g: GuardFacts, today: string): boolean {
  return guardShortcomings(g, today).length === 0;
}

/** Why a guard does not count (empty when it does), in Chinese. */
export function guardShortcomings(g: GuardFacts, today: string): string[] {
  const out: string[] = [];
  if (g.status !== 'active') out.push('已离岗');
  if (g.employment !== 'full_time') out.push('兼职');
  if (certificateState(g.certificateExpiresOn, today) === 'expired') out.push('保安员证已过期');
  if (g.backgroundCheckResult !== 'pass') out.push(g.backgroundCheckResult === 'fail' ? '背景审查未通过' : '背景审查未完成');
  if (g.annualReviewResult === 'fail') out.push('年审不合格');
  return out;
}

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Every problem of a guard's fields as `field: reason` (empty when it may be saved). The ID
 * number's uniqueness is the table's (the service reports it under `idNumber` too). The
 * certificate cannot expire before it was issued; a background check cannot lie after today.
 */
export function guardInputIssues(g: GuardInput, today: string): GuardFieldIssue[] {
  const issues: GuardFieldIssue[] = [];
  const date = (field: keyof GuardInput, label: string, required: boolean): string | null => {
    const v = g[field] as string | null | undefined;
    if (!v) {
      if (required) issues.push({ field, message: `请填写${label}` });
      return null;
    }
    if (!isDateInRange(v)) {
      issues.push({ field, message: `${label}无效` });
      return null;
    }
    return v;
  };
  if (blank(g.name)) issues.push({ field: 'name', message: '请填写姓名' });
  else if (g.name!.trim().length > GUARD_LIMITS.name) issues.push({ field: 'name', message: `姓名不能超过 ${GUARD_LIMITS.name} 个字` });
  if (blank(g.idNumber)) issues.push({ field: 'idNumber', message: '请填写身份证号' });
  else if (!isValidIdNumber(g.idNumber!)) issues.push({ field: 'idNumber', message: '身份证号无效（应为 18 位，出生日期和校验位正确）' });
  if (g.phone && g.phone.trim().length > GUARD_LIMITS.phone) issues.push({ field: 'phone', message: `联系电话不能超过 ${GUARD_LIMITS.phone} 个字符` });
  if (!g.employment) issues.push({ field: 'employment', message: '请选择专职或兼职' });
  if (!g.post) issues.push({ field: 'post', message: '请选择岗位' });
  if (blank(g.certificateNo)) issues.push({ field: 'certificateNo', message: '请填写保安员证编号' });
  else if (g.certificateNo!.trim().length > GUARD_LIMITS.certificateNo) issues.push({ field: 'certificateNo', message: `保安员证编号不能超过 ${GUARD_LIMITS.certificateNo} 个字符` });
  const issued = date('certificateIssuedOn', '发证日期', false);
  const expires = date('certificateExpiresOn', '保安员证有效期至', true);
  if (issued && issued > today) issues.push({ field: 'certificateIssuedOn', message: '发证日期不能晚于今天' });
  if (issued && expires && expires < issued) issues.push({ field: 'certificateExpiresOn', message: `有效期至不能早于发证日期（${issued}）` });
  const checked = date('backgroundCheckOn', '背景审查日期', false);
  if (checked && checked > today) issues.push({ field: 'backgroundCheckOn', message: '背景审查日期不能晚于今天' });
  if (!g.backgroundCheckResult) issues.push({ field: 'backgroundCheckResult', message: '请选择背景审查结果' });
  else if (g.backgroundCheckResult !== 'pending' && !checked) issues.push({ field: 'backgroundCheckOn', message: '已有审查结果的，请填写背景审查日期' });
  if (!g.annualReviewResult) issues.push({ field: 'annualReviewResult', message: '请选择年审结果' });
  const year = g.annualReviewYear;
  const thisYear = Number(today.slice(0, 4));
  if (year !== null && year !== undefined && (!Number.isInteger(year) || year < 2000 || year > thisYear)) issues.push({ field: 'annualReviewYear', message: `年审年度应为 2000 至 ${thisYear} 之间的年份` });
  if (g.annualReviewResult && g.annualReviewResult !== 'pending' && (year === null || year === undefined)) issues.push({ field: 'annualReviewYear', message: '已有年审结果的，请填写年审年度' });
  if (g.note && g.note.length > GUARD_LIMITS.note) issues.push({ field: 'note', message: `备注不能超过 ${GUARD_LIMITS.note} 个字` });
  return issues;
}

export type GuardAction = 'edit';

/** What the caller may do with a guard record: the school's own admin edits; everyone else reads. */
export function guardAllowedActions(role: Role): GuardAction[] {
  return role === 'school_admin' ? ['edit'] : [];
}

/** The cause a lapsed certificate opens a hazard (or sends a reminder) for: stable per expiry date. */
export const certificateCause = (state: 'expiring' | 'expired', expiresOn: string): string => `${state}:certificate:${expiresOn}`;
