/**
 * 排查定时 on the server: what is due today, completion rates per window, the weekly roll-up.
 * Owed checks come from the points' frequencies (domain/inspection/schedule.ts); done checks
 * are self-checks at a point, counted once per (point, period).
 */
import { sql } from 'kysely';
import {
  completionRate,
  owedPeriods,
  periodOf,
  shanghaiDate,
  windowOf,
  type Frequency,
  type Period,
} from '@xiaoan/domain';
import type { CompletionReport, DueCheck, WeeklyRollup } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { inScope } from '../../db/scope.js';

type PointLifeRow = {
  id: string;
  unit_id: string;
  name: string;
  point_type: string;
  location: string;
  school_id: string;
  school_name: string;
  frequency: Frequency;
  active_from: string;
  retired_on: string | null;
};

/** The points in scope alive at some time in [from, to]. */
async function pointsAlive(db: DbOrTrx, ctx: RequestContext, from: string, to: string, schoolId?: string): Promise<PointLifeRow[]> {
  let q = db
    .selectFrom('inspection_point as p')
    .innerJoin('unit as s', 's.id', 'p.school_id')
    .select([
      'p.id',
      'p.unit_id',
      'p.name',
      'p.point_type',
      'p.location',
      'p.school_id',
      's.name as school_name',
      'p.frequency',
      sql<string>`p.active_from::text`.as('active_from'),
      sql<string | null>`p.retired_on::text`.as('retired_on'),
    ])
    .where(inScope('p.unit_path', ctx.scope))
    .where('p.active_from', '<=', to)
    .where((eb) => eb.or([eb('p.retired_on', 'is', null), eb('p.retired_on', '>', from)]));
  if (schoolId) q = q.where('p.school_id', '=', schoolId);
  return (await q.orderBy('s.name').orderBy('p.id').execute()) as PointLifeRow[];
}

const life = (p: PointLifeRow) => ({ frequency: p.frequency, activeFrom: p.active_from, retiredOn: p.retired_on });

/** The done (point, period) pairs among the given points whose period ends within [from, to]. */
async function doneSet(db: DbOrTrx, pointIds: string[], from: string, to: string): Promise<Map<string, string>> {
  if (!pointIds.length) return new Map();
  const rows = await db
    .selectFrom('inspection')
    .select(['point_id', 'period_key', sql<string>`min(id)`.as('id')])
    .where('point_id', 'in', pointIds)
    .where('period_end', '>=', from)
    .where('period_end', '<=', to)
    .where('period_key', 'is not', null)
    .groupBy(['point_id', 'period_key'])
    .execute();
  return new Map(rows.map((r) => [`${r.point_id}/${r.period_key}`, r.id]));
}

/**
 * The checks of a day (today by default): each point's period containing that day, and
 * whether it is due, done or missed. A past day shows what was missed.
 */
export async function dueList(db: DbOrTrx, ctx: RequestContext, q: { schoolId?: string; date?: string; status?: DueCheck['status'] }, now = new Date()): Promise<{ items: DueCheck[]; total: number; today: string }> {
  const today = shanghaiDate(now);
  const date = q.date ?? today;
  const points = await pointsAlive(db, ctx, date, date, q.schoolId);
  const rows = points.map((p) => ({ p, period: periodOf(p.frequency, date) }));
  // The periods containing `date` end on or after it; one query fetches their checks.
  const done = rows.length
    ? await db
        .selectFrom('inspection')
        .select(['point_id', 'period_key', sql<string>`min(id)`.as('id')])
        .where('point_id', 'in', rows.map((r) => r.p.id))
        .where('period_key', 'in', [...new Set(rows.map((r) => r.period.key))])
        .groupBy(['point_id', 'period_key'])
        .execute()
    : [];
  const doneMap = new Map(done.map((d) => [`${d.point_id}/${d.period_key}`, d.id]));
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
  const points = await pointsAlive(db, ctx, from, to, q.schoolId);
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
  const doneRows = unitIds.length
    ? await db
        .selectFrom('inspection_done_day')
        .select([
          'school_id',
          sql<string>`sum(done)`.as('done'),
          sql<string>`coalesce(sum(done) FILTER (WHERE period_end >= ${today}), 0)`.as('current_done'),
        ])
        .where('unit_id', 'in', unitIds)
        .where('period_end', '>=', from)
        .where('period_end', '<=', to)
        .groupBy('school_id')
        .execute()
    : [];
  const done = new Map(doneRows.map((r) => [r.school_id, { done: Number(r.done), current: Number(r.current_done) }]));
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
  const school = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', q.schoolId).where('kind', '=', 'school').where(inScope('path', ctx.scope)).executeTakeFirst();
  if (!school) throw notFound('学校');
  const week: Period = periodOf('weekly', q.date ?? today);
  const points = await pointsAlive(db, ctx, week.start, week.end, school.id);
  const done = await doneSet(db, points.map((p) => p.id), week.start, week.end);
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
  const inWeek = db
    .selectFrom('inspection as i')
    .where('i.school_id', '=', school.id)
    .where('i.inspected_on', '>=', week.start)
    .where('i.inspected_on', '<=', week.end)
    .where(inScope('i.unit_path', ctx.scope));
  const [counts, failures] = await Promise.all([
    inWeek.select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(i.fail_count), 0)`.as('failed')]).executeTakeFirstOrThrow(),
    inWeek
      .innerJoin('inspection_result as r', 'r.inspection_id', 'i.id')
      .innerJoin('checklist_version as cv', 'cv.id', 'r.checklist_version_id')
      .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
      .leftJoin('inspection_point as p', 'p.id', 'i.point_id')
      .select([
        'i.id',
        sql<string>`i.inspected_on::text`.as('inspected_on'),
        'p.name as point_name',
        'c.domain',
        sql<string>`coalesce((SELECT e->>'text' FROM jsonb_array_elements(cv.items) e WHERE e->>'code' = r.item_code LIMIT 1), r.item_code)`.as('item_text'),
        'r.note',
        'r.hazard_id',
      ])
      .where('r.answer', '=', 'fail')
      .orderBy('i.inspected_on')
      .orderBy('i.id')
      .execute(),
  ]);
  const byDomain = new Map<string, number>();
  for (const f of failures) byDomain.set(f.domain, (byDomain.get(f.domain) ?? 0) + 1);
  return {
    school: { id: school.id, name: school.name },
    week,
    owed,
    done: doneCount,
    missed: missedChecks.length,
    rate: completionRate(doneCount, owed),
    inspections: Number(counts.n),
    failedItems: Number(counts.failed),
    hazardsRaised: failures.filter((f) => f.hazard_id).length,
    byDomain: [...byDomain.entries()].map(([domain, failedItems]) => ({ domain, failedItems })).sort((a, b) => b.failedItems - a.failedItems),
    missedChecks,
    failures: failures.map((f) => ({ inspectionId: f.id, inspectedOn: f.inspected_on, pointName: f.point_name, itemText: f.item_text, note: f.note, hazardId: f.hazard_id })),
  };
}
