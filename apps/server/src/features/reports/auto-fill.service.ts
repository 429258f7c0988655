import { HAZARD_DOMAIN_LABELS, HAZARD_STATE_LABELS, shanghaiDate, type HazardDomain, type HazardState, type ReportPeriod, type ReportSection } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { weeklyRollup } from '../inspections/index.js';
import { findHazardMonth, findSummaryCounts, findVisitRound } from './auto-fill.repository.js';

/**
 * The auto-filled sections of a report (自动汇总表): computed from the ledger, the checks and
 * the visits, and frozen into the version at submission (later edits to hazards do not
 * change what was reported). While a draft is open the same computation is the preview.
 */

export type Submitter = { kind: 'school' | 'team' | 'department'; id: string; path: string };

/** The day the figures are taken at: the period's last day, or today while the period runs. */
const asOfDay = (p: ReportPeriod, now: Date) => {
  const today = shanghaiDate(now);
  return today < p.end ? today : p.end;
};

async function hazardMonth(db: DbOrTrx, s: Submitter, p: ReportPeriod, now: Date) {
  if (s.kind !== 'school') return { note: '本栏目只用于学校报送', rows: [], counts: { new: 0, rectifying: 0, closed: 0, overdue: 0 } };
  const asOf = asOfDay(p, now);
  const rows = await findHazardMonth(db, s.id, p.start, p.end, asOf);
  const counts = { new: 0, rectifying: 0, closed: 0, overdue: 0 };
  const items = rows.map((r) => {
    // One category per row, most telling first: closed in the period, overdue, new, still being rectified.
    const category = r.closed_in_period ? 'closed' : r.overdue ? 'overdue' : r.is_new ? 'new' : 'rectifying';
    if (r.is_new) counts.new++;
    if (r.closed_in_period) counts.closed++;
    if (r.overdue) counts.overdue++;
    if (r.open_at_end && !r.overdue) counts.rectifying++;
    return {
      hazardId: r.id,
      title: r.title,
      domain: r.domain,
      domainLabel: HAZARD_DOMAIN_LABELS[r.domain as HazardDomain] ?? r.domain,
      grade: r.grade,
      location: r.location,
      owner: r.owner,
      state: r.state,
      stateLabel: HAZARD_STATE_LABELS[r.state as HazardState] ?? r.state,
      foundAt: r.found_at,
      dueDate: r.due_date,
      closedOn: r.closed_on,
      isNew: r.is_new,
      category,
    };
  });
  return { asOf, counts, rows: items };
}

async function weekChecks(db: DbOrTrx, ctx: RequestContext, s: Submitter, p: ReportPeriod, now: Date) {
  if (s.kind !== 'school') return { note: '本栏目只用于学校报送' };
  const r = await weeklyRollup(db, ctx, { schoolId: s.id, date: p.start }, now);
  return { week: r.week, owed: r.owed, done: r.done, missed: r.missed, rate: r.rate, inspections: r.inspections, failedItems: r.failedItems, hazardsRaised: r.hazardsRaised, missedChecks: r.missedChecks, failures: r.failures };
}

async function summaryCounts(db: DbOrTrx, s: Submitter, p: ReportPeriod, now: Date) {
  const asOf = asOfDay(p, now);
  const where = s.kind === 'team' ? { teamId: s.id } : { path: s.path };
  return { asOf, ...(await findSummaryCounts(db, where, p.start, p.end, asOf)) };
}

async function visitRound(db: DbOrTrx, s: Submitter, p: ReportPeriod) {
  if (s.kind !== 'team') return { note: '本栏目只用于督查组报送', visits: [] };
  const rows = await findVisitRound(db, s.id, p.start, p.end);
  const findings = rows.reduce((a, r) => a + r.findings, 0);
  const onTime = rows.reduce((a, r) => a + r.rectified_on_time, 0);
  return {
    schools: new Set(rows.map((r) => r.school_id)).size,
    findings,
    rectifiedOnTime: onTime,
    visits: rows.map((r) => ({ visitId: r.visit_id, schoolId: r.school_id, schoolName: r.school_name, visitedOn: r.visited_on, findings: r.findings, rectifiedOnTime: r.rectified_on_time, open: r.open })),
  };
}

/** Every auto section of the template, keyed by section key. */
export async function buildAutoContent(db: DbOrTrx, ctx: RequestContext, template: readonly ReportSection[], s: Submitter, p: ReportPeriod, now: Date): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const section of template) {
    if (section.kind !== 'auto') continue;
    switch (section.source) {
      case 'hazard_month':
        out[section.key] = await hazardMonth(db, s, p, now);
        break;
      case 'week_checks':
        out[section.key] = await weekChecks(db, ctx, s, p, now);
        break;
      case 'summary_counts':
        out[section.key] = await summaryCounts(db, s, p, now);
        break;
      case 'visit_round':
        out[section.key] = await visitRound(db, s, p);
        break;
      default: {
        const never: never = section.source;
        out[(section as { key: string }).key] = { note: `未知的汇总来源 ${String(never)}` };
      }
    }
  }
  return out;
}
