import { addDays, displayState, reportRate, reportPeriodsBetween, tallyCompleteness, type ReportPeriod, type ReportState } from '@xiaoan/domain';
import type { Completeness, CompletenessItem, CompletenessMatrix, CompletenessQuery, MatrixQuery } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid } from '../../http/errors.js';
import { findExpected, type ExpectedRow } from './completeness.repository.js';
import { toPeriod } from './report.presenter.js';
import { accessOf, deadlineOf, loadType, periodOrCurrent } from './report.service.js';

/**
 * Completeness and timeliness (报送率、及时率): one period's expected items with their states
 * and the counts (the domain's `tallyCompleteness`: counts by state sum to expected), rates per area and
 * for the district, the missing units with their safety officer; and the matrix of units ×
 * periods for a range.
 */

const MAX_MATRIX_PERIODS = 60;

function itemOf(r: ExpectedRow, deadline: Date, now: Date): CompletenessItem & { state: ReportState } {
  const state = displayState(r.state ? { state: r.state, firstSubmittedAt: r.first_submitted_at } : null, deadline, now);
  return {
    unitId: r.unit_id,
    unitName: r.unit_name,
    state,
    submittedAt: r.first_submitted_at?.toISOString() ?? null,
    submissionId: r.submission_id,
    areaId: r.area_id,
    areaName: r.area_name,
    onTime: r.first_submitted_at ? r.on_time === true : null,
    safetyOfficer: r.safety_officer,
    phone: r.phone,
  };
}

export async function completeness(db: DbOrTrx, ctx: RequestContext, typeId: string, q: CompletenessQuery, now = new Date()): Promise<Completeness> {
  const t = await loadType(db, ctx, typeId);
  const period = periodOrCurrent(t, q.period, now);
  const rows = await findExpected(db, ctx.scope, t.row, [period], q, await accessOf(db, ctx, t.row));
  const deadline = deadlineOf(period);
  const items = rows.map((r) => itemOf(r, deadline, now));
  const all = tallyCompleteness(items);
  const byArea = new Map<string, { areaId: string | null; areaName: string; items: typeof items }>();
  for (const i of items) {
    const key = i.areaId ?? '';
    const g = byArea.get(key) ?? { areaId: i.areaId, areaName: i.areaName ?? (t.row.submitter_kind === 'school' ? '未分片区' : '全部'), items: [] };
    g.items.push(i);
    byArea.set(key, g);
  }
  return {
    reportTypeId: t.row.id,
    period: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    dueDate: period.dueDate,
    dueAt: deadline.toISOString(),
    expected: all.expected,
    submitted: all.submitted,
    onTime: all.onTime,
    late: all.late,
    missing: all.missing,
    pending: all.pending,
    counts: all.counts,
    submittedRate: all.submittedRate,
    onTimeRate: all.onTimeRate,
    areas: [...byArea.values()].map((g) => {
      const a = tallyCompleteness(g.items);
      return { areaId: g.areaId, areaName: g.areaName, expected: a.expected, submitted: a.submitted, onTime: a.onTime, late: a.late, missing: a.missing, submittedRate: a.submittedRate, onTimeRate: a.onTimeRate };
    }),
    missingUnits: items.filter((i) => i.state === 'missing').map((i) => ({ unitId: i.unitId, unitName: i.unitName, areaName: i.areaName, safetyOfficer: i.safetyOfficer, phone: i.phone })),
    items,
  };
}

export async function completenessMatrix(db: DbOrTrx, ctx: RequestContext, typeId: string, q: MatrixQuery, now = new Date()): Promise<CompletenessMatrix> {
  const t = await loadType(db, ctx, typeId);
  const to = periodOrCurrent(t, q.to, now);
  // Without a start: the periods of the year up to `to` (a year of months, 4 quarters, 52 weeks…).
  const yearBack = reportPeriodsBetween(t.schedule, addDays(to.end, -365), to.end).filter((p) => p.start <= to.start).slice(-MAX_MATRIX_PERIODS);
  const from = q.from !== undefined ? periodOrCurrent(t, q.from, now) : (yearBack[0] ?? to);
  if (to.start < from.start) throw invalid('to: 结束期次不能早于开始期次', ['to: 早于 from']);
  const periods: ReportPeriod[] = reportPeriodsBetween(t.schedule, from.start, to.end).filter((p) => p.start >= from.start && p.start <= to.start);
  if (periods.length > MAX_MATRIX_PERIODS) throw invalid(`to: 一次最多查看 ${MAX_MATRIX_PERIODS} 期`, ['to: 期次过多']);
  const rows = await findExpected(db, ctx.scope, t.row, periods, q, await accessOf(db, ctx, t.row));
  const deadlines = new Map(periods.map((p) => [p.key, deadlineOf(p)]));
  const units = new Map<string, { unitId: string; unitName: string; areaId: string | null; areaName: string | null; cells: Map<string, { state: ReportState; submissionId: string | null; onTime: boolean | null }> }>();
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, areaId: r.area_id, areaName: r.area_name, cells: new Map() };
    const i = itemOf(r, deadlines.get(r.period_key)!, now);
    u.cells.set(r.period_key, { state: i.state, submissionId: i.submissionId, onTime: i.onTime });
    units.set(r.unit_id, u);
  }
  const list = [...units.values()];
  return {
    reportTypeId: t.row.id,
    periods: periods.map(toPeriod),
    rows: list.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      areaId: u.areaId,
      areaName: u.areaName,
      cells: periods.map((p) => {
        const c = u.cells.get(p.key);
        return { period: p.key, state: c?.state ?? null, submissionId: c?.submissionId ?? null };
      }),
    })),
    totals: periods.map((p) => {
      const a = tallyCompleteness(list.flatMap((u) => (u.cells.has(p.key) ? [u.cells.get(p.key)!] : [])));
      return { period: p.key, expected: a.expected, submitted: a.submitted, onTime: a.onTime, late: a.late, missing: a.missing, submittedRate: reportRate(a.submitted, a.expected), onTimeRate: reportRate(a.onTime, a.expected) };
    }),
  };
}
