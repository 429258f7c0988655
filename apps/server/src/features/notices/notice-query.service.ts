import {
  NOTICE_QUERY_DEFAULTS,
  NOTICE_QUERY_KIND_LABELS,
  addDays,
  checkQueryParams,
  dueDeadline,
  reportPeriodsBetween,
  shanghaiDate,
  type NoticeQueryKind,
} from '@xiaoan/domain';
import type { NoticeFact, NoticeQueryBody, NoticeQueryParams, NoticeQueryPreview } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { completeness, findCampaignStages, findReportTypeInScope, scheduleOf } from '../reports/index.js';
import { findOverdueHazards, findRectificationBySchool, findUnitPaths, type NewNoticeUnit } from './notice.repository.js';

/**
 * The query kinds a notice is built from, over the caller's scope:
 * - overdue_hazards: schools with open hazards overdue more than N days (default 30), each
 *   hazard a fact with its days overdue;
 * - missed_reports: schools that never submitted a report type's period by its deadline
 *   (the reports feature's completeness: state `missing`), default the latest period already due;
 * - best_rectification: the highest rectification rates (closed ÷ found, hazards found in the
 *   period, at least minHazards) — a commendation.
 */

export type QueryResult = {
  kind: NoticeQueryKind;
  params: NoticeQueryParams;
  label: string;
  /** missed_reports: the report type's name and the period's label, for the draft's words. */
  reportLabel?: string;
  units: NewNoticeUnit[];
};

const fmtRate = (r: number) => `${(r * 100).toFixed(1)}%`;

export async function runQuery(db: DbOrTrx, ctx: RequestContext, kind: NoticeQueryKind, params: NoticeQueryParams = {}, now = new Date()): Promise<QueryResult> {
  const issues = checkQueryParams(kind, params);
  if (issues.length) throw invalid(issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues.map((i) => `${i.field}: ${i.reason}`));
  const today = shanghaiDate(now);
  if (kind === 'overdue_hazards') return overdueHazards(db, ctx, params.minDaysOverdue ?? NOTICE_QUERY_DEFAULTS.minDaysOverdue, today);
  if (kind === 'missed_reports') return missedReports(db, ctx, params, now);
  return bestRectification(db, ctx, params);
}

async function overdueHazards(db: DbOrTrx, ctx: RequestContext, minDays: number, today: string): Promise<QueryResult> {
  const rows = await findOverdueHazards(db, ctx.scope, minDays, today);
  const bySchool = new Map<string, NewNoticeUnit & { maxDays: number }>();
  for (const r of rows) {
    const u = bySchool.get(r.school_id) ?? { unitId: r.school_id, unitName: r.school_name, unitPath: r.school_path, summary: '', facts: [], maxDays: 0 };
    u.facts.push({
      kind: 'hazard',
      label: `${r.title}（整改时限 ${r.due_date}，已逾期 ${r.days_overdue} 天）`,
      hazardId: r.hazard_id,
      daysOverdue: r.days_overdue,
      dueDate: r.due_date,
      reportTypeId: null,
      periodKey: null,
      found: null,
      closed: null,
      rate: null,
    });
    u.maxDays = Math.max(u.maxDays, r.days_overdue);
    bySchool.set(r.school_id, u);
  }
  const units = [...bySchool.values()]
    .sort((a, b) => b.facts.length - a.facts.length || b.maxDays - a.maxDays || a.unitName.localeCompare(b.unitName, 'zh'))
    .map(({ maxDays, ...u }) => {
      const titles = u.facts.slice(0, 3).map((f) => f.label.replace(/（.*$/, '')).join('；');
      return { ...u, summary: `逾期${minDays}天以上未整改隐患 ${u.facts.length} 条，最长逾期 ${maxDays} 天：${titles}${u.facts.length > 3 ? '等' : ''}` };
    });
  return { kind: 'overdue_hazards', params: { minDaysOverdue: minDays }, label: `隐患逾期 ${minDays} 天以上未整改的学校`, units };
}

async function missedReports(db: DbOrTrx, ctx: RequestContext, params: NoticeQueryParams, now: Date): Promise<QueryResult> {
  const type = await findReportTypeInScope(db, ctx.scope, params.reportTypeId!);
  if (!type) throw notFound('报表类型');
  if (type.submitter_kind !== 'school') throw invalid('params.reportTypeId: 只能通报由学校报送的报表', ['params.reportTypeId: 不是学校报送的报表']);
  const schedule = scheduleOf(type, type.period_kind === 'stage' && type.campaign_id ? await findCampaignStages(db, type.campaign_id) : []);
  const today = shanghaiDate(now);
  let periodKey = params.period;
  if (!periodKey) {
    const due = reportPeriodsBetween(schedule, addDays(today, -400), today).filter((p) => dueDeadline(p.dueDate).getTime() <= now.getTime());
    const last = due[due.length - 1];
    if (!last) throw invalid(`params.period: “${type.name}”还没有已过截止日期的期次`, ['params.period: 无已截止的期次']);
    periodKey = last.key;
  }
  const c = await completeness(db, ctx, type.id, { period: periodKey }, now);
  const period = reportPeriodsBetween(schedule, c.periodStart, c.periodEnd).find((p) => p.key === c.period);
  const periodLabel = period?.label ?? c.period;
  const paths = await findUnitPaths(db, c.missingUnits.map((m) => m.unitId));
  const units = c.missingUnits.flatMap((m): NewNoticeUnit[] => {
    const path = paths.get(m.unitId);
    if (!path) return [];
    const fact: NoticeFact = {
      kind: 'report',
      label: `${type.name}（${periodLabel}）截止 ${c.dueDate}，未报送`,
      hazardId: null,
      daysOverdue: null,
      dueDate: c.dueDate,
      reportTypeId: type.id,
      periodKey: c.period,
      found: null,
      closed: null,
      rate: null,
    };
    return [{ unitId: m.unitId, unitName: m.unitName, unitPath: path, summary: `${type.name}（${periodLabel}）截止 ${c.dueDate} 未报送`, facts: [fact] }];
  });
  return { kind: 'missed_reports', params: { reportTypeId: type.id, period: c.period }, label: `未按时报送“${type.name}”（${periodLabel}）的学校`, reportLabel: `${type.name}（${periodLabel}）`, units };
}

async function bestRectification(db: DbOrTrx, ctx: RequestContext, params: NoticeQueryParams): Promise<QueryResult> {
  const from = params.from!;
  const to = params.to!;
  const minHazards = params.minHazards ?? NOTICE_QUERY_DEFAULTS.minHazards;
  const top = params.top ?? NOTICE_QUERY_DEFAULTS.top;
  const rows = await findRectificationBySchool(db, ctx.scope, from, to);
  const ranked = rows
    .filter((r) => r.found >= minHazards)
    .map((r) => ({ ...r, rate: Math.round((r.closed / r.found) * 10000) / 10000 }))
    .sort((a, b) => b.rate - a.rate || b.found - a.found || a.school_name.localeCompare(b.school_name, 'zh'))
    .slice(0, top);
  const units = ranked.map(
    (r): NewNoticeUnit => ({
      unitId: r.school_id,
      unitName: r.school_name,
      unitPath: r.school_path,
      summary: `期内发现隐患 ${r.found} 条，已整改销号 ${r.closed} 条，整改率 ${fmtRate(r.rate)}`,
      facts: [
        { kind: 'rectification', label: `${from} 至 ${to} 发现 ${r.found} 条、销号 ${r.closed} 条，整改率 ${fmtRate(r.rate)}`, hazardId: null, daysOverdue: null, dueDate: null, reportTypeId: null, periodKey: null, found: r.found, closed: r.closed, rate: r.rate },
      ],
    }),
  );
  return { kind: 'best_rectification', params: { from, to, minHazards, top }, label: `${from} 至 ${to} 整改率最高的学校（隐患不少于 ${minHazards} 条，前 ${top} 名）`, units };
}

/** The builder's preview: the schools a query names and their facts; nothing is written. */
export async function previewQuery(db: DbOrTrx, ctx: RequestContext, body: NoticeQueryBody, now = new Date()): Promise<NoticeQueryPreview> {
  const r = await runQuery(db, ctx, body.kind, body.params ?? {}, now);
  return { kind: r.kind, params: r.params, label: `${NOTICE_QUERY_KIND_LABELS[r.kind]}：${r.label}`, units: r.units.map((u) => ({ unitId: u.unitId, unitName: u.unitName, summary: u.summary, facts: u.facts })) };
}
