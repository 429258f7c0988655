/**
 * Report types' periods and due dates, over the one calendar (calendar/). Pure.
 *
 * A report type cuts time by a cadence (monthly, quarterly, …), by a campaign's stages, or
 * once. Which periods exist: every period of the cadence that ends on or after the type's
 * `startsOn` (a type created today does not owe last year's reports) and starts on or
 * before its `endsOn`, restricted to `periodNumbers` when given (季度报 Q1–Q3: [1, 2, 3]).
 * Due dates come from the calendar's `dueDateOf`; "X日前" is by the end of day X in
 * Asia/Shanghai (`dueDeadline`: 00:00 of the next day is late).
 *
 * Day 31 of a 30-day month: the day-of-month rules (次月D日前, 末月D日前) clamp to the month's
 * last day (31 → 30 November, → 28/29 February), because one rule serves months of every
 * length; the type's rule text says so. A fixed month-day that no year has (02-30, 04-31,
 * 06-31, 09-31, 11-31) is refused as a typo; 02-29 is 28 February in common years.
 */
import type { PeriodCadence } from '../calendar/cadence.js';
import { CADENCE_LABELS } from '../calendar/cadence.js';
import { daysInMonth, dueDeadline, isCalendarDate, ymdOf } from '../calendar/calendar-date.js';
import { dueDateOf, type DueRule } from '../calendar/due.js';
import { nextPeriod, periodContaining, periodOfKey, type CalendarPeriod } from '../calendar/period.js';

export const REPORT_PERIOD_KINDS = ['daily', 'weekly', 'monthly', 'quarterly', 'term', 'half_year', 'yearly', 'stage', 'once'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];
export const REPORT_SUBMITTER_KINDS = ['school', 'team', 'department'] as const;
export type ReportSubmitterKind = (typeof REPORT_SUBMITTER_KINDS)[number];

/** The calendar's cadence labels, and 每阶段 for a campaign stage. */
export const REPORT_PERIOD_KIND_LABELS: Record<ReportPeriodKind, string> = { ...CADENCE_LABELS, stage: '每阶段' };

export const REPORT_SUBMITTER_LABELS: Record<ReportSubmitterKind, string> = { school: '各学校', team: '各督查组', department: '各科室' };

/** A campaign stage as a report period. */
export type ReportStage = { readonly id: string; readonly name: string; readonly start: string; readonly end: string };

/** What decides a report type's periods and due dates. */
export type ReportSchedule = {
  readonly periodKind: ReportPeriodKind;
  readonly dueRule: DueRule;
  /** Only these periods of the cadence (quarter 1–4, month 1–12, ISO week 1–53, half 1–2, term 1–2); empty: all. */
  readonly periodNumbers: readonly number[];
  readonly startsOn: string;
  readonly endsOn: string | null;
  /** The campaign's stages, for periodKind 'stage'. */
  readonly stages?: readonly ReportStage[];
};

/** One period a type owes, with its due date (inclusive, Beijing time). */
export type ReportPeriod = CalendarPeriod & { readonly label: string; readonly dueDate: string };

export const ONCE_PERIOD_KEY = 'once';
export const stagePeriodKey = (stageId: string) => `stage-${stageId}`;

const isCadence = (k: ReportPeriodKind): k is PeriodCadence => k !== 'stage' && k !== 'once';

/** The number of a cadence period within its year (Q3 → 3, 2026-11 → 11, W47 → 47), null for days and years. */
export function periodNumberOf(kind: ReportPeriodKind, key: string): number | null {
  let m: RegExpExecArray | null;
  if (kind === 'quarterly' && (m = /-Q(\d)$/.exec(key))) return Number(m[1]);
  if (kind === 'monthly' && (m = /^\d{4}-(\d{2})$/.exec(key))) return Number(m[1]);
  if (kind === 'weekly' && (m = /-W(\d{2})$/.exec(key))) return Number(m[1]);
  if (kind === 'half_year' && (m = /-H(\d)$/.exec(key))) return Number(m[1]);
  if (kind === 'term' && (m = /-T(\d)$/.exec(key))) return Number(m[1]);
  return null;
}

/** A period's Chinese label: 2026年11月, 2026年第3季度, 2026年第47周, 2026年下半年, 2026年度. */
export function periodLabel(kind: ReportPeriodKind, p: CalendarPeriod, stageName?: string): string {
  const [y, m, d] = ymdOf(p.start);
  switch (kind) {
    case 'daily':
      return `${y}年${m}月${d}日`;
    case 'weekly':
      return `${p.key.slice(0, 4)}年第${Number(p.key.slice(6))}周（${p.start.slice(5)}至${p.end.slice(5)}）`;
    case 'monthly':
      return `${y}年${m}月`;
    case 'quarterly':
      return `${y}年第${p.key.slice(-1)}季度`;
    case 'half_year':
      return `${y}年${p.key.endsWith('H1') ? '上' : '下'}半年`;
    case 'term':
      return p.key.endsWith('T1') ? `${y}—${y + 1}学年第一学期` : `${y - 1}—${y}学年第二学期`;
    case 'yearly':
      return `${y}年度`;
    case 'stage':
      return stageName ?? '阶段';
    case 'once':
      return '一次性报送';
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

function withinType(s: ReportSchedule, p: CalendarPeriod): boolean {
  if (p.end < s.startsOn) return false;
  if (s.endsOn !== null && p.start > s.endsOn) return false;
  if (s.periodNumbers.length === 0) return true;
  const n = periodNumberOf(s.periodKind, p.key);
  return n !== null && s.periodNumbers.includes(n);
}

/**
 * The period a key names for this type, with its due date; null when the type has no such
 * period (a malformed key, a key of another cadence, Q4 of a Q1–Q3 type, before the type began).
 */
export function reportPeriodOf(s: ReportSchedule, key: string): ReportPeriod | null {
  if (s.periodKind === 'once') {
    if (key !== ONCE_PERIOD_KEY || s.dueRule.kind !== 'on') return null;
    const end = s.dueRule.date;
    const start = s.startsOn <= end ? s.startsOn : end;
    return { key, start, end, label: periodLabel('once', { key, start, end }), dueDate: end };
  }
  if (s.periodKind === 'stage') {
    const stage = (s.stages ?? []).find((st) => stagePeriodKey(st.id) === key);
    if (!stage) return null;
    const p = { key, start: stage.start, end: stage.end };
    return { ...p, label: periodLabel('stage', p, stage.name), dueDate: dueDateOf(s.dueRule, p) };
  }
  const p = periodOfKey(s.periodKind, key);
  if (!p || !withinType(s, p)) return null;
  return { ...p, label: periodLabel(s.periodKind, p), dueDate: dueDateOf(s.dueRule, p) };
}

const MAX_PERIODS = 400;

/** The periods of the type that overlap [from, to], in order (at most 400: a year and more of days). */
export function reportPeriodsBetween(s: ReportSchedule, from: string, to: string, max = MAX_PERIODS): ReportPeriod[] {
  if (to < from) return [];
  if (s.periodKind === 'once') {
    const p = reportPeriodOf(s, ONCE_PERIOD_KEY);
    return p && p.start <= to && p.end >= from ? [p] : [];
  }
  if (s.periodKind === 'stage') {
    return (s.stages ?? [])
      .filter((st) => st.start <= to && st.end >= from)
      .map((st) => reportPeriodOf(s, stagePeriodKey(st.id)))
      .filter((p): p is ReportPeriod => p !== null)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }
  const out: ReportPeriod[] = [];
  const cadence = s.periodKind;
  for (let p = periodContaining(cadence, from); p.start <= to && out.length < max; p = nextPeriod(cadence, p)) {
    if (withinType(s, p)) out.push({ ...p, label: periodLabel(cadence, p), dueDate: dueDateOf(s.dueRule, p) });
  }
  return out;
}

/** The periods whose due date is one of `dates` (the reminder sweep): searched around each date. */
export function reportPeriodsDueOn(s: ReportSchedule, dates: readonly string[]): ReportPeriod[] {
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  const wanted = new Set(dates);
  // A due date lies at most ~13 months after its period starts (month_day of a yearly type) and
  // never long before its end, so the periods overlapping [first − 400 days, last + 40 days] hold them all.
  const from = shiftDays(sorted[0]!, -400);
  const to = shiftDays(sorted[sorted.length - 1]!, 40);
  return reportPeriodsBetween(s, from, to, 2000).filter((p) => wanted.has(p.dueDate));
}

function shiftDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Months that have a given day in some year (02-29 counts: it exists in leap years). */
const monthHasDay = (month: number, day: number) => day <= (month === 2 ? 29 : daysInMonth(2001, month));

/**
 * What is wrong with a report type's schedule, as `field: reason` in Chinese; empty when
 * it yields a due date for every period. Checks that the rule fits the period kind, that a
 * fixed month-day exists, that `periodNumbers` name real periods of the cadence.
 */
export function scheduleProblems(s: { periodKind: ReportPeriodKind; dueRule: DueRule; periodNumbers?: readonly number[]; startsOn?: string; endsOn?: string | null; stageCount?: number }): string[] {
  const out: string[] = [];
  const r = s.dueRule;
  if (s.periodKind === 'once' && r.kind !== 'on') out.push('dueRule: 一次性报送须指定截止日期');
  if (s.periodKind !== 'once' && r.kind === 'on') out.push('dueRule: 指定日期只用于一次性报送');
  if (s.periodKind === 'stage' && r.kind !== 'after_end' && r.kind !== 'period_end') out.push('dueRule: 阶段报送的截止为阶段结束后 N 天');
  if (s.periodKind === 'stage' && !s.stageCount) out.push('stageIds: 阶段报送须选择专项整治的阶段');
  if ((r.kind === 'day_of_next_month' || r.kind === 'day_of_last_month') && (s.periodKind === 'daily' || s.periodKind === 'weekly')) {
    out.push('dueRule: 每日、每周报送不能按月中某日截止');
  }
  if (r.kind === 'month_day' && !monthHasDay(r.month, r.day)) out.push(`dueRule: ${r.month}月没有${r.day}日`);
  if (r.kind === 'on' && !isCalendarDate(r.date)) out.push('dueRule: 截止日期无效');
  if (r.kind === 'on' && s.startsOn && r.date < s.startsOn) out.push('dueRule: 截止日期早于开始日期');
  const range: Partial<Record<ReportPeriodKind, number>> = { weekly: 53, monthly: 12, quarterly: 4, half_year: 2, term: 2 };
  const nums = s.periodNumbers ?? [];
  if (nums.length) {
    const max = range[s.periodKind];
    if (max === undefined) out.push(`periodNumbers: ${REPORT_PERIOD_KIND_LABELS[s.periodKind]}报送不能只选部分期次`);
    else if (nums.some((n) => !Number.isInteger(n) || n < 1 || n > max)) out.push(`periodNumbers: 期次须在 1 至 ${max} 之间`);
  }
  if (s.startsOn && s.endsOn && s.endsOn < s.startsOn) out.push('endsOn: 结束日期早于开始日期');
  return out;
}

const CN_NUM = ['', '一', '二', '三', '四'];

/** The rule in the words of a notice: 每月：次月1日前报送上月情况（北京时间当日24时前）. */
export function scheduleText(s: Pick<ReportSchedule, 'periodKind' | 'dueRule' | 'periodNumbers'>): string {
  const r = s.dueRule;
  const which =
    s.periodNumbers.length && s.periodKind === 'quarterly'
      ? `每年第${s.periodNumbers.map((n) => CN_NUM[n] ?? String(n)).join('、')}季度`
      : s.periodNumbers.length
        ? `${REPORT_PERIOD_KIND_LABELS[s.periodKind]}（第${s.periodNumbers.join('、')}期）`
        : REPORT_PERIOD_KIND_LABELS[s.periodKind];
  const clampNote = (day: number) => (day > 28 ? `（当月没有${day}日的，为当月最后一天）` : '');
  let due: string;
  switch (r.kind) {
    case 'period_end':
      due = s.periodKind === 'stage' ? '阶段结束前报送' : '本期最后一天前报送';
      break;
    case 'after_end':
      due = r.days === 0 ? '本期结束当天报送' : `${s.periodKind === 'stage' ? '阶段' : '本期'}结束后${r.days}日内报送`;
      break;
    case 'day_of_next_month':
      due = `次月${r.day}日前报送${clampNote(r.day)}`;
      break;
    case 'day_of_last_month':
      due = `${s.periodKind === 'monthly' ? '当月' : s.periodKind === 'quarterly' ? '季度最后一个月的' : '本期最后一个月的'}${r.day}日前报送${clampNote(r.day)}`;
      break;
    case 'month_day':
      due = `${r.month}月${r.day}日前报送${r.month === 2 && r.day === 29 ? '（平年为2月28日）' : ''}`;
      break;
    case 'on':
      due = `${r.date}前报送`;
      break;
    default: {
      const never: never = r;
      due = String(never);
    }
  }
  return `${which}：${due}（截止日北京时间24时前为按时，次日0时起为逾期）`;
}

/** The cadence label of a calendar cadence (re-exported for the web's period pickers). */
export const cadenceLabel = (c: PeriodCadence) => CADENCE_LABELS[c];

/** The instant a period's report becomes late: 00:00 Beijing time the day after its due date. */
export const reportDeadline = (p: Pick<ReportPeriod, 'dueDate'>): Date => dueDeadline(p.dueDate);

export { isCadence as isCadenceReportKind };

/**
 * The period a page opens on when none is asked for: the latest period of the type that has
 * begun by `today` (this month; for a Q1–Q3 type in December, Q3), else its first period.
 */
export function currentReportPeriod(s: ReportSchedule, today: string): ReportPeriod | null {
  const begun = reportPeriodsBetween(s, shiftDays(today, -800), today).filter((p) => p.start <= today);
  if (begun.length) return begun[begun.length - 1]!;
  return reportPeriodsBetween(s, today, shiftDays(today, 800))[0] ?? null;
}

/** The whole rule text of a type: when it is due, and what happens after the deadline. */
export function reportRuleText(s: Pick<ReportSchedule, 'periodKind' | 'dueRule' | 'periodNumbers'>, lateAccepted: boolean): string {
  return `${scheduleText(s)}；${lateAccepted ? '逾期仍可报送，记为逾期报送' : '截止后锁定，确需补报的由教育局为该单位重新开放'}`;
}
