/**
 * Notices (通报), pure rules.
 *
 * A notice is drafted from a query (schools with long-overdue hazards, schools that missed a
 * report period, the best rectification rates), edited by bureau staff while a draft, then
 * issued: `draft → issued`, and an issued notice is a record that is never edited again.
 * A notice that orders rectification (责令整改) asks each named school for an answer
 * (整改报告) by a date: `awaiting → submitted → accepted | returned`, a returned answer is
 * submitted again. An answer still awaiting (or returned) after its due date is overdue.
 */
import type { Role } from '../roles.js';
import { addDays, isCalendarDate, shanghaiDate } from '../calendar/calendar-date.js';

export const NOTICE_QUERY_KINDS = ['overdue_hazards', 'missed_reports', 'best_rectification'] as const;
export type NoticeQueryKind = (typeof NOTICE_QUERY_KINDS)[number];
export const NOTICE_QUERY_KIND_LABELS: Record<NoticeQueryKind, string> = {
  overdue_hazards: '隐患逾期未整改',
  missed_reports: '未按时报送',
  best_rectification: '整改成效突出（表扬）',
};

/** 通报批评 or 通报表扬: a commendation never orders rectification. */
export const NOTICE_CATEGORIES = ['criticism', 'commendation'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];
export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = { criticism: '通报批评', commendation: '通报表扬' };
export const categoryOfKind = (kind: NoticeQueryKind): NoticeCategory => (kind === 'best_rectification' ? 'commendation' : 'criticism');

export const NOTICE_STATES = ['draft', 'issued'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = { draft: '草稿', issued: '已印发' };

export const NOTICE_ANSWER_STATES = ['awaiting', 'submitted', 'accepted', 'returned'] as const;
export type NoticeAnswerState = (typeof NOTICE_ANSWER_STATES)[number];
export const NOTICE_ANSWER_STATE_LABELS: Record<NoticeAnswerState, string> = {
  awaiting: '待报送整改报告',
  submitted: '已报送，待审核',
  accepted: '已通过',
  returned: '已退回，待重报',
};

/** Defaults and bounds of the query parameters. */
export const NOTICE_QUERY_DEFAULTS = { minDaysOverdue: 30, minHazards: 5, top: 5 } as const;

/** The parameters of a notice's query; which apply depends on the kind. */
export type NoticeQueryParams = {
  /** overdue_hazards: hazards overdue more than this many days (default 30). */
  minDaysOverdue?: number;
  /** missed_reports: the report type and its period (default: the latest period already due). */
  reportTypeId?: string;
  period?: string;
  /** best_rectification: hazards found in [from, to], schools with at least minHazards, the top N. */
  from?: string;
  to?: string;
  minHazards?: number;
  top?: number;
};

export type NoticeIssue = { field: string; reason: string };

/** The query's own checks (the report type's existence is the server's). */
export function checkQueryParams(kind: NoticeQueryKind, p: NoticeQueryParams): NoticeIssue[] {
  const issues: NoticeIssue[] = [];
  if (kind === 'overdue_hazards') {
    const d = p.minDaysOverdue ?? NOTICE_QUERY_DEFAULTS.minDaysOverdue;
    if (!Number.isInteger(d) || d < 0 || d > 3650) issues.push({ field: 'params.minDaysOverdue', reason: '逾期天数须为 0 至 3650 的整数' });
  }
  if (kind === 'missed_reports' && !p.reportTypeId) issues.push({ field: 'params.reportTypeId', reason: '请选择报表类型' });
  if (kind === 'best_rectification') {
    if (!p.from || !isCalendarDate(p.from)) issues.push({ field: 'params.from', reason: '请填写统计期起始日期' });
    if (!p.to || !isCalendarDate(p.to)) issues.push({ field: 'params.to', reason: '请填写统计期截止日期' });
    if (p.from && p.to && p.from > p.to) issues.push({ field: 'params.to', reason: '截止日期不能早于起始日期' });
  }
  return issues;
}

/** What the draft's editable fields must satisfy to be saved, and again to be issued. */
export type NoticeFields = {
  title: string;
  docNumber: string;
  unitCount: number;
  ordersRectification: boolean;
  answerDueDate: string | null;
};

/**
 * The checks of a notice's fields. `today` is the issue date (Beijing time): an answer due
 * date before it is refused, as is a notice naming no units or without a title.
 */
export function checkNoticeFields(n: NoticeFields, today: string): NoticeIssue[] {
  const issues: NoticeIssue[] = [];
  if (!n.title.trim()) issues.push({ field: 'title', reason: '标题不能为空' });
  if (!n.docNumber.trim()) issues.push({ field: 'docNumber', reason: '文号不能为空' });
  if (n.unitCount === 0) issues.push({ field: 'units', reason: '通报须至少点名一个单位' });
  if (n.ordersRectification) {
    if (!n.answerDueDate) issues.push({ field: 'answerDueDate', reason: '责令整改的通报须填写整改报告截止日期' });
    else if (n.answerDueDate < today) issues.push({ field: 'answerDueDate', reason: `整改报告截止日期不能早于印发日期（${today}）` });
  }
  return issues;
}

/** An issued notice is a record: nothing of it changes but its answers. */
export const isNoticeEditable = (state: NoticeState): boolean => state === 'draft';

/** May the school (again) submit its answer? Only to a notice that orders rectification, while not yet submitted or after a return. */
export const mayAnswer = (s: NoticeAnswerState): boolean => s === 'awaiting' || s === 'returned';
/** May the bureau review the answer? Only a submitted one. */
export const mayReviewAnswer = (s: NoticeAnswerState): boolean => s === 'submitted';

/** An answer not submitted (or returned and not resubmitted) after its due date (by the end of that day, Beijing time). */
export function isAnswerOverdue(s: NoticeAnswerState, dueDate: string | null, now: Date): boolean {
  if (!dueDate || !mayAnswer(s)) return false;
  return shanghaiDate(now) > dueDate;
}

export type NoticeAction = 'update' | 'issue' | 'delete' | 'download' | 'answer' | 'review';

/**
 * What the caller may do with a notice now. `answerState` is the caller's own school's
 * answer (school users), null when the notice asks none of it.
 */
export function noticeAllowedActions(role: Role, n: { state: NoticeState; ordersRectification: boolean }, answerState: NoticeAnswerState | null): NoticeAction[] {
  const out: NoticeAction[] = [];
  if (role === 'bureau_staff') {
    if (n.state === 'draft') out.push('update', 'issue', 'delete');
    else if (n.ordersRectification) out.push('review');
  }
  if (role !== 'school_staff' && role !== 'school_admin') out.push('download');
  else if (n.state === 'issued') out.push('download');
  if (role === 'school_admin' && n.state === 'issued' && n.ordersRectification && answerState !== null && mayAnswer(answerState)) out.push('answer');
  return out;
}

/** 文号: the bureau's prefix, the year in 〔〕, the number — 天教安〔2026〕3号. */
export const formatDocNumber = (prefix: string, year: number, no: number): string => `${prefix}〔${year}〕${no}号`;

/**
 * The bureau's document prefix from its name: the first character of the district and
 * 教安 (教育局安全), e.g. 天宁区教育局 → 天教安. Staff may edit the 文号 in the draft.
 */
export function docPrefixOf(bureauName: string): string {
  const first = bureauName.replace(/^(.*?[市省])/, '').trim().charAt(0);
  return `${first || '教'}教安`;
}

/** A named unit of the draft with the one-line summary of its facts. */
export type NoticeDraftUnit = { name: string; summary: string };

export type NoticeDraftInput = {
  kind: NoticeQueryKind;
  bureauName: string;
  params: NoticeQueryParams;
  /** For missed_reports: the report type's name and the period's label. */
  reportLabel?: string;
  units: readonly NoticeDraftUnit[];
  today: string;
  answerDueDate: string | null;
};

/** A default answer due date for a notice ordering rectification: 15 days after issue. */
export const defaultAnswerDueDate = (today: string): string => addDays(today, 15);

const listNames = (units: readonly NoticeDraftUnit[]) => units.map((u) => u.name).join('、');
const cnDate = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * Title, 主送 and body of a draft notice in government-document style, from the facts.
 * Staff edit all three before issuing.
 */
export function draftNoticeText(input: NoticeDraftInput): { title: string; recipients: string; body: string } {
  const { kind, bureauName, units, today } = input;
  const recipients = '各中小学、幼儿园，各督查组';
  const n = units.length;
  const due = input.answerDueDate ? cnDate(input.answerDueDate) : null;
  if (kind === 'overdue_hazards') {
    const days = input.params.minDaysOverdue ?? NOTICE_QUERY_DEFAULTS.minDaysOverdue;
    return {
      title: `关于${n === 1 ? units[0]!.name : `${n}所学校`}安全隐患逾期未整改情况的通报`,
      recipients,
      body: [
        `为深入贯彻落实“隐患就是事故”的理念，压实学校安全主体责任，${bureauName}对全区学校安全隐患整改情况进行了梳理。截至${cnDate(today)}，${listNames(units)}等${n}个单位存在超过整改时限${days}天以上仍未完成整改的安全隐患，具体情况见附表。`,
        '上述单位对隐患整改工作重视不够、措施不实、推进不力，隐患长期得不到消除，给师生安全带来风险。现予以通报批评。',
        due
          ? `请被通报单位深刻反思，立即组织整改，逐条落实整改措施、责任人和完成时限，并于${due}前通过平台报送整改报告（含整改措施、完成情况及相关佐证材料）。逾期未报送或整改不到位的，将纳入年度综合考核，并视情约谈单位主要负责人。`
          : '请被通报单位深刻反思，立即组织整改，逐条落实整改措施、责任人和完成时限。整改情况将纳入年度综合考核。',
        '各单位要引以为戒，举一反三，全面排查本单位安全隐患，确保隐患按期整改销号。',
      ].join('\n'),
    };
  }
  if (kind === 'missed_reports') {
    const what = input.reportLabel ?? '安全工作报表';
    return {
      title: `关于${what}未按时报送情况的通报`,
      recipients,
      body: [
        `按照学校安全工作报送制度要求，各单位应按时报送${what}。经平台核查，截至${cnDate(today)}，${listNames(units)}等${n}个单位未按时报送，具体情况见附表。`,
        '按时报送是掌握学校安全工作情况、及时发现和处置问题的重要基础。上述单位未按要求报送，反映出对学校安全工作重视不够、工作作风不实。现予以通报批评。',
        due
          ? `请被通报单位立即补报，并于${due}前通过平台报送情况说明及整改措施。报送情况将纳入年度综合考核。`
          : '请被通报单位立即补报。报送情况将纳入年度综合考核。',
      ].join('\n'),
    };
  }
  const from = input.params.from ? cnDate(input.params.from) : '';
  const to = input.params.to ? cnDate(input.params.to) : '';
  return {
    title: `关于表扬${n === 1 ? units[0]!.name : `${n}所学校`}安全隐患整改工作成效突出的通报`,
    recipients,
    body: [
      `${from}至${to}，全区各学校扎实开展安全隐患排查整改工作。经平台统计，${listNames(units)}等${n}个单位隐患整改率位居全区前列，隐患发现及时、整改措施有力、销号闭环规范，具体情况见附表。`,
      '为树立先进典型、发挥示范引领作用，经研究，决定对上述单位予以通报表扬。',
      '希望受表扬的单位珍惜荣誉，再接再厉；各单位要以先进为榜样，压实安全责任，持续提升隐患排查整改质量，共同营造安全稳定的校园环境。',
    ].join('\n'),
  };
}
