/**
 * The site registries (校舍、应急预案与演练、食堂从业人员): a school's buildings with their
 * appraisal grade (校舍安全鉴定 A–D; no D-grade building in use, seed 002), its emergency plans
 * with the revision they are due for ("适时修订应急预案", seed 001), the drills it held, and
 * its canteen staff with their health certificates (持证上岗, seed 002). Pure rules, no I/O;
 * every date is an Asia/Shanghai calendar day (YYYY-MM-DD).
 */
import { isValidIdNumber } from './id-number.js';
import { addDays, isCalendarDate, ymdOf, formatYmd, daysInMonth } from '../calendar/index.js';
import { DATE_RANGE } from '../input-limits.js';

export type SiteFieldIssue = { field: string; message: string };

/** How many days ahead a document that lapses is announced (the registries' common 30 days). */
export const SITE_EXPIRY_NOTICE_DAYS = 30;

// ---------------------------------------------------------------- buildings (校舍)

/** 校舍安全鉴定等级: A 安全, B 基本安全 (局部构件危险), C 局部危房, D 整幢危房. */
export const BUILDING_GRADES = ['A', 'B', 'C', 'D'] as const;
export type BuildingGrade = (typeof BUILDING_GRADES)[number];
export const BUILDING_GRADE_LABELS: Record<BuildingGrade, string> = { A: 'A级（安全）', B: 'B级（基本安全）', C: 'C级（局部危房）', D: 'D级（整幢危房）' };

export const BUILDING_USES = ['teaching', 'dormitory', 'canteen', 'office', 'library', 'lab', 'gym', 'other'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];
export const BUILDING_USE_LABELS: Record<BuildingUse, string> = { teaching: '教学楼', dormitory: '宿舍楼', canteen: '食堂', office: '行政办公楼', library: '图书馆', lab: '实验楼', gym: '体育馆', other: '其他' };

export const BUILDING_STRUCTURES = ['frame', 'brick_concrete', 'steel', 'brick_wood', 'other'] as const;
export type BuildingStructure = (typeof BUILDING_STRUCTURES)[number];
export const BUILDING_STRUCTURE_LABELS: Record<BuildingStructure, string> = { frame: '框架结构', brick_concrete: '砖混结构', steel: '钢结构', brick_wood: '砖木结构', other: '其他' };

export const SITE_LIMITS = { name: 100, text: 200, note: 2000, evaluation: 4000, floors: 60, photos: 9, participants: 100_000, duration: 1440, revisionMonths: 60 } as const;

export const isBuildingGrade = (v: unknown): v is BuildingGrade => typeof v === 'string' && (BUILDING_GRADES as readonly string[]).includes(v);

/** A D-grade building still in use must not be: it opens a major hazard listed for supervision. */
export const isDangerousBuildingInUse = (b: { grade: string; inUse: boolean }): boolean => b.grade === 'D' && b.inUse;

const blank = (s: string | null | undefined) => !s || s.trim() === '';
const inRange = (d: string) => d >= DATE_RANGE.min && d <= DATE_RANGE.max;

function checkDate(issues: SiteFieldIssue[], field: string, value: string | null | undefined, label: string, opts: { required?: boolean; notAfter?: string } = {}): void {
  if (value === null || value === undefined || value === '') {
    if (opts.required) issues.push({ field, message: `请填写${label}` });
    return;
  }
  if (!isCalendarDate(value) || !inRange(value)) issues.push({ field, message: `${label}须为 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间的日期` });
  else if (opts.notAfter && value > opts.notAfter) issues.push({ field, message: `${label}不能晚于今天` });
}

function checkText(issues: SiteFieldIssue[], field: string, value: string | null | undefined, label: string, max: number, required = true): void {
  if (required && blank(value)) issues.push({ field, message: `请填写${label}` });
  else if ((value ?? '').trim().length > max) issues.push({ field, message: `${label}不能超过 ${max} 个字` });
}

function checkOneOf(issues: SiteFieldIssue[], field: string, value: unknown, values: readonly string[], label: string, labels?: Record<string, string>): void {
  if (value === null || value === undefined || value === '') issues.push({ field, message: `请选择${label}` });
  else if (typeof value !== 'string' || !values.includes(value)) {
    issues.push({ field, message: `${label}须为 ${values.map((v) => (labels ? labels[v] : v)).join('、')} 之一` });
  }
}

export type BuildingInput = {
  name?: string | null;
  use?: string | null;
  floors?: number | null;
  builtYear?: number | null;
  structure?: string | null;
  areaM2?: number | null;
  grade?: string | null;
  appraisedOn?: string | null;
  reportNo?: string | null;
  inUse?: boolean | null;
};

/** Every problem of a building's fields, as `field: 原因`; empty when it may be saved. */
export function buildingIssues(b: BuildingInput, today: string): SiteFieldIssue[] {
  const issues: SiteFieldIssue[] = [];
  checkText(issues, 'name', b.name, '校舍名称', SITE_LIMITS.name);
  checkOneOf(issues, 'use', b.use, BUILDING_USES, '用途', BUILDING_USE_LABELS);
  checkOneOf(issues, 'structure', b.structure, BUILDING_STRUCTURES, '结构类型', BUILDING_STRUCTURE_LABELS);
  if (b.floors === null || b.floors === undefined) issues.push({ field: 'floors', message: '请填写层数' });
  else if (!Number.isInteger(b.floors) || b.floors < 1 || b.floors > SITE_LIMITS.floors) issues.push({ field: 'floors', message: `层数须为 1 至 ${SITE_LIMITS.floors} 的整数` });
  const thisYear = Number(today.slice(0, 4));
  if (b.builtYear === null || b.builtYear === undefined) issues.push({ field: 'builtYear', message: '请填写建成年份' });
  else if (!Number.isInteger(b.builtYear) || b.builtYear < 1900 || b.builtYear > thisYear) issues.push({ field: 'builtYear', message: `建成年份须为 1900 至 ${thisYear} 年` });
  if (b.areaM2 !== null && b.areaM2 !== undefined && (!(b.areaM2 > 0) || b.areaM2 > 1_000_000)) issues.push({ field: 'areaM2', message: '建筑面积须为大于 0 的平方米数' });
  if (b.grade === null || b.grade === undefined || b.grade === '') issues.push({ field: 'grade', message: '请选择鉴定等级' });
  else if (!isBuildingGrade(b.grade)) issues.push({ field: 'grade', message: `鉴定等级“${String(b.grade).slice(0, 10)}”无效，只能是 A、B、C、D 之一` });
  checkDate(issues, 'appraisedOn', b.appraisedOn, '鉴定日期', { required: true, notAfter: today });
  if (b.builtYear && b.appraisedOn && !issues.some((i) => i.field === 'appraisedOn' || i.field === 'builtYear') && isCalendarDate(b.appraisedOn) && Number(b.appraisedOn.slice(0, 4)) < b.builtYear) issues.push({ field: 'appraisedOn', message: '鉴定日期不能早于建成年份' });
  checkText(issues, 'reportNo', b.reportNo, '鉴定报告编号', SITE_LIMITS.text, false);
  if (typeof b.inUse !== 'boolean') issues.push({ field: 'inUse', message: '请选择是否在用' });
  return issues;
}

// ---------------------------------------------------------------- emergency plans (应急预案)

export const PLAN_KINDS = ['comprehensive', 'fire', 'earthquake', 'flood', 'food', 'epidemic', 'intrusion', 'bullying', 'traffic', 'drowning', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  comprehensive: '综合应急预案',
  fire: '火灾事故',
  earthquake: '地震灾害',
  flood: '防汛防台',
  food: '食物中毒',
  epidemic: '传染病疫情',
  intrusion: '暴力入侵（防恐防暴）',
  bullying: '校园欺凌',
  traffic: '交通事故',
  drowning: '防溺水',
  other: '其他专项',
};

/** The revision cycle a plan gets unless the school says otherwise: once a year. */
export const DEFAULT_REVISION_MONTHS = 12;

/** `date` plus `months` calendar months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = ymdOf(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return formatYmd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export type SiteDueStatus = 'ok' | 'due_soon' | 'overdue';
export const SITE_DUE_STATUS_LABELS: Record<SiteDueStatus, string> = { ok: '正常', due_soon: '即将到期', overdue: '已过期' };

/** Where a date that must not pass stands today: past it (overdue), within the notice days (due_soon), or fine. */
export function siteDueStatus(dueOn: string, today: string, noticeDays = SITE_EXPIRY_NOTICE_DAYS): SiteDueStatus {
  if (dueOn < today) return 'overdue';
  if (dueOn <= addDays(today, noticeDays)) return 'due_soon';
  return 'ok';
}

/** The day a plan's next revision is due: its last revision (or issue) plus its cycle. */
export const planRevisionDue = (p: { revisedOn: string; revisionMonths: number }): string => addCalendarMonths(p.revisedOn, p.revisionMonths);

export type PlanInput = {
  title?: string | null;
  kind?: string | null;
  versionLabel?: string | null;
  issuedOn?: string | null;
  revisedOn?: string | null;
  revisionMonths?: number | null;
  ownerName?: string | null;
};

export function planIssues(p: PlanInput, today: string): SiteFieldIssue[] {
  const issues: SiteFieldIssue[] = [];
  checkText(issues, 'title', p.title, '预案名称', SITE_LIMITS.name);
  checkOneOf(issues, 'kind', p.kind, PLAN_KINDS, '预案类别', PLAN_KIND_LABELS);
  checkText(issues, 'versionLabel', p.versionLabel, '版本号', 20);
  checkDate(issues, 'issuedOn', p.issuedOn, '发布日期', { required: true, notAfter: today });
  checkDate(issues, 'revisedOn', p.revisedOn, '最近修订日期', { required: true, notAfter: today });
  if (p.issuedOn && p.revisedOn && isCalendarDate(p.issuedOn) && isCalendarDate(p.revisedOn) && p.revisedOn < p.issuedOn) issues.push({ field: 'revisedOn', message: '最近修订日期不能早于发布日期' });
  if (p.revisionMonths === null || p.revisionMonths === undefined) issues.push({ field: 'revisionMonths', message: '请填写修订周期' });
  else if (!Number.isInteger(p.revisionMonths) || p.revisionMonths < 1 || p.revisionMonths > SITE_LIMITS.revisionMonths) issues.push({ field: 'revisionMonths', message: `修订周期须为 1 至 ${SITE_LIMITS.revisionMonths} 个月` });
  checkText(issues, 'ownerName', p.ownerName, '责任人', 50);
  return issues;
}

// ---------------------------------------------------------------- drills (演练)

export const DRILL_KINDS = ['fire_evacuation', 'earthquake', 'intrusion', 'food', 'flood', 'epidemic', 'drowning', 'other'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
export const DRILL_KIND_LABELS: Record<DrillKind, string> = {
  fire_evacuation: '消防疏散',
  earthquake: '防震减灾',
  intrusion: '防暴反恐',
  food: '食物中毒处置',
  flood: '防汛防台',
  epidemic: '传染病防控',
  drowning: '防溺水',
  other: '其他',
};

export const DRILL_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type DrillRating = (typeof DRILL_RATINGS)[number];
export const DRILL_RATING_LABELS: Record<DrillRating, string> = { excellent: '优秀', good: '良好', fair: '合格', poor: '不合格' };

export type DrillInput = {
  title?: string | null;
  kind?: string | null;
  heldOn?: string | null;
  participants?: number | null;
  durationMinutes?: number | null;
  rating?: string | null;
  evaluation?: string | null;
  photoCount?: number;
};

export function drillIssues(d: DrillInput, today: string): SiteFieldIssue[] {
  const issues: SiteFieldIssue[] = [];
  checkText(issues, 'title', d.title, '演练名称', SITE_LIMITS.name);
  checkOneOf(issues, 'kind', d.kind, DRILL_KINDS, '演练类别', DRILL_KIND_LABELS);
  checkDate(issues, 'heldOn', d.heldOn, '演练日期', { required: true, notAfter: today });
  if (d.participants === null || d.participants === undefined) issues.push({ field: 'participants', message: '请填写参演人数' });
  else if (!Number.isInteger(d.participants) || d.participants < 1 || d.participants > SITE_LIMITS.participants) issues.push({ field: 'participants', message: '参演人数须为正整数' });
  if (d.durationMinutes === null || d.durationMinutes === undefined) issues.push({ field: 'durationMinutes', message: '请填写时长' });
  else if (!Number.isInteger(d.durationMinutes) || d.durationMinutes < 1 || d.durationMinutes > SITE_LIMITS.duration) issues.push({ field: 'durationMinutes', message: `时长须为 1 至 ${SITE_LIMITS.duration} 分钟` });
  checkOneOf(issues, 'rating', d.rating, DRILL_RATINGS, '评估结论', DRILL_RATING_LABELS);
  checkText(issues, 'evaluation', d.evaluation, '评估与改进', SITE_LIMITS.evaluation);
  if ((d.photoCount ?? 0) > SITE_LIMITS.photos) issues.push({ field: 'photoFileIds', message: `照片最多 ${SITE_LIMITS.photos} 张` });
  return issues;
}

/** The school term (学期) of a day: 1 Sep–31 Jan is the autumn term of that school year, 1 Feb–31 Aug the spring term. */
export function semesterOf(date: string): { key: string; label: string; from: string; to: string } {
  const [y, m] = ymdOf(date);
  if (m >= 9) return { key: `${y}-${y + 1}-1`, label: `${y}—${y + 1}学年第一学期`, from: formatYmd(y, 9, 1), to: formatYmd(y + 1, 1, 31) };
  if (m === 1) return { key: `${y - 1}-${y}-1`, label: `${y - 1}—${y}学年第一学期`, from: formatYmd(y - 1, 9, 1), to: formatYmd(y, 1, 31) };
  return { key: `${y - 1}-${y}-2`, label: `${y - 1}—${y}学年第二学期`, from: formatYmd(y, 2, 1), to: formatYmd(y, 8, 31) };
}

// ---------------------------------------------------------------- canteen staff (食堂从业人员)

export const CANTEEN_POSTS = ['manager', 'cook', 'helper', 'server', 'buyer', 'safety', 'other'] as const;
export type CanteenPost = (typeof CANTEEN_POSTS)[number];
export const CANTEEN_POST_LABELS: Record<CanteenPost, string> = { manager: '食堂负责人', cook: '厨师', helper: '帮厨', server: '配餐员', buyer: '采购员', safety: '食品安全管理员', other: '其他' };

export const STAFF_STATUSES = ['active', 'left'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];
export const STAFF_STATUS_LABELS: Record<StaffStatus, string> = { active: '在岗', left: '已离岗' };

export type CanteenStaffInput = {
  name?: string | null;
  idNumber?: string | null;
  post?: string | null;
  phone?: string | null;
  certNo?: string | null;
  certIssuedOn?: string | null;
  certExpiresOn?: string | null;
  status?: string | null;
};

export function canteenStaffIssues(s: CanteenStaffInput, today: string): SiteFieldIssue[] {
  const issues: SiteFieldIssue[] = [];
  checkText(issues, 'name', s.name, '姓名', 50);
  const id = (s.idNumber ?? '').trim().toUpperCase();
  if (!id) issues.push({ field: 'idNumber', message: '请填写身份证号' });
  else if (!isValidIdNumber(id)) issues.push({ field: 'idNumber', message: '身份证号格式或校验位不正确' });
  checkOneOf(issues, 'post', s.post, CANTEEN_POSTS, '岗位', CANTEEN_POST_LABELS);
  if (!blank(s.phone) && !/^[0-9+\- ]{7,20}$/.test(s.phone!.trim())) issues.push({ field: 'phone', message: '联系电话格式不正确' });
  checkText(issues, 'certNo', s.certNo, '健康证编号', 50);
  checkDate(issues, 'certIssuedOn', s.certIssuedOn, '健康证发证日期', { required: true, notAfter: today });
  checkDate(issues, 'certExpiresOn', s.certExpiresOn, '健康证有效期至', { required: true });
  if (s.certIssuedOn && s.certExpiresOn && isCalendarDate(s.certIssuedOn) && isCalendarDate(s.certExpiresOn) && s.certExpiresOn <= s.certIssuedOn) {
    issues.push({ field: 'certExpiresOn', message: '健康证有效期不能早于发证日期' });
  }
  if (s.status !== undefined && s.status !== null) checkOneOf(issues, 'status', s.status, STAFF_STATUSES, '状态', STAFF_STATUS_LABELS);
  return issues;
}

/** A staff member's health certificate today: only staff on duty are watched (one who left is not). */
export function certificateStatus(s: { status: StaffStatus; certExpiresOn: string }, today: string): SiteDueStatus | 'inactive' {
  return s.status === 'active' ? siteDueStatus(s.certExpiresOn, today) : 'inactive';
}
