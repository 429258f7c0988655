/**
 * 排查定时 on the server: what is due today, completion rates per window, the weekly roll-up.
 * Owed checks come from the points' frequencies (domain/inspection/schedule.ts); done checks
 * are self-checks at a point, counted once per (point, period).
 */
import {
  completionRate,
  owedPeriods,
  periodOf,
  shanghaiDate,
  windowOf,
  type Period,
} from '@xiaoan/domain';
import type { CompletionReport, DueCheck, WeeklyRollup } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { findDoneCounts, findDoneInPeriods, findDoneInWindow, findPointsAlive, findSchoolNameInScope, findWeekChecks, type PointLifeRow } from './schedule.repository.js';

const life = (p: PointLifeRow) => ({ frequency: p.frequency, activeFrom: p.active_from, retiredOn: p.retired_on });

/**
 * The checks of a day (today by default): each point's period containing that day, and
 * whether it is due, done or missed. A past day shows what was missed.
 */
export async function dueList(db: DbOrTrx, ctx: RequestContext, q: { schoolId?: string; date?: string; status?: DueCheck['status'] }, now = new Date()): Promise<{ items: DueCheck[]; total: number; today: string }> {
  const today = shanghaiDate(now);
  const date = q.date ?? today;
  const points = await findPointsAlive(db, ctx.scope, date, date, q.schoolId);
  const rows = points.map((p) => ({ p, period: periodOf(p.frequency, date) }));
  // The periods containing `date` end on or after it; one query fetches their checks.
  const doneMap = await findDoneInPeriods(db, rows.map((r) => r.p.id), [...new Set(rows.map((r) => r.period.key))]);
  const items: DueCheck[] = rows.map(({ p, period }) => {
    const inspectionId = doneMap.get(`${p.id}/${period.key}`) ?? null;
    const status: DueCheck['status'] = inspectionId ? 'done' : period.end < today ? 'missed' : 'due';
    return {
      point: { id: p.id, name: p.name, pointType: p.point_type, location: p.location, frequency: p.frequency },
      school: { id: p.school_id, name: p.school_name },
      period,
      status,
      inspectionId,
    };
  });
  const filtered = q.status ? items.filter((i) => i.status === q.status) : items;
  const rank = { due: 0, missed: 1, done: 2 } as const;
  filtered.sort((a, b) => rank[a.status] - rank[b.status]);
  return { items: filtered, total: filtered.length, today };
}

/** Completion per school for the day, ISO week or month containing `date`. */
export async function completion(
  db: DbOrTrx,
  ctx: RequestContext,
  q: { window?: 'day' | 'week' | 'month'; date?: string; schoolId?: string },
  now = new Date(),
): Promise<CompletionReport> {
  const today = shanghaiDate(now);
  const window = q.window ?? 'month';
  const { from, to } = windowOf(window, q.date ?? today);
  const points = await findPointsAlive(db, ctx.scope, from, to, q.schoolId);
  const bySchool = new Map<string, { name: string; owed: number; current: number }>();
  // Points with the same frequency and life owe the same periods: work each out once.
  const memo = new Map<string, { owed: number; current: number }>();
  for (const p of points) {
    const key = `${p.frequency}|${p.active_from}|${p.retired_on ?? ''}`;
    let o = memo.get(key);
    if (!o) {
      const owed = owedPeriods(life(p), from, to, today);
      o = { owed: owed.length, current: owed.filter((x) => x.end >= today).length };
      memo.set(key, o);
    }
    const s = bySchool.get(p.school_id) ?? { name: p.school_name, owed: 0, current: 0 };
    s.owed += o.owed;
    s.current += o.current;
    bySchool.set(p.school_id, s);
  }
  // Each (point, period) counts once however often it was checked: the insert trigger keeps
  // per unit and last day of period the number of point-periods done (inspection_done_day).
  // Restricted to the units of the points read in scope (a campus user sees its campus only).
  const unitIds = [...new Set(points.map((p) => p.unit_id))];
  const done = await findDoneCounts(db, unitIds, from, to, today);
  const total = { owed: 0, done: 0, due: 0, missed: 0, rate: null as number | null };
  const schools = [...bySchool.entries()].map(([id, s]) => {
    const d = done.get(id) ?? { done: 0, current: 0 };
    const due = Math.max(0, s.current - d.current);
    const missed = Math.max(0, s.owed - s.current - (d.done - d.current));
    total.owed += s.owed;
    total.done += d.done;
    total.due += due;
    total.missed += missed;
    return { school: { id, name: s.name }, owed: s.owed, done: d.done, due, missed, rate: completionRate(d.done, s.owed) };
  });
  total.rate = completionRate(total.done, total.owed);
  schools.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.school.name.localeCompare(b.school.name, 'zh-CN'));
  return { window, from, to, today, total, schools };
}

/** 每周一汇总: a school's week, produced from the week's checks. */
export async function weeklyRollup(db: DbOrTrx, ctx: RequestContext, q: { schoolId: string; date?: string }, now = new Date()): Promise<WeeklyRollup> {
  const today = shanghaiDate(now);
  const school = await findSchoolNameInScope(db, ctx.scope, q.schoolId);
  if (!school) throw notFound('学校');
  const week: Period = periodOf('weekly', q.date ?? today);
  const points = await findPointsAlive(db, ctx.scope, week.start, week.end, school.id);
  const done = await findDoneInWindow(db, points.map((p) => p.id), week.start, week.end);
  let owed = 0;
  let doneCount = 0;
  const missedChecks: WeeklyRollup['missedChecks'] = [];
  for (const p of points) {
    for (const period of owedPeriods(life(p), week.start, week.end, today)) {
      owed++;
      if (done.has(`${p.id}/${period.key}`)) doneCount++;
      else if (period.end < today) missedChecks.push({ pointName: p.name, periodKey: period.key });
    }
  }
  const { inspections, failedItems, failures } = await findWeekChecks(db, ctx.scope, school.id, week.start, week.end);
  const byDomain = new Map<string, number>();
  for (const f of failures) byDomain.set(f.domain, (byDomain.get(f.domain) ?? 0) + 1);
  return {
    school: { id: school.id, name: school.name },
    week,
    owed,
    done: doneCount,
    missed: missedChecks.length,
    rate: completionRate(doneCount, owed),
    inspections,
    failedItems,
    hazardsRaised: failures.filter((f) => f.hazard_id).length,
    byDomain: [...byDomain.entries()].map(([domain, failedItems]) => ({ domain, failedItems })).sort((a, b) => b.failedItems - a.failedItems),
    missedChecks,
    failures: failures.map((f) => ({ inspectionId: f.id, inspectedOn: f.inspected_on, pointName: f.point_name, itemText: f.item_text, note: f.note, hazardId: f.hazard_id })),
  };
}
