import { sql } from 'kysely';
import type { Frequency, Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

export type PointLifeRow = {
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
export async function findPointsAlive(db: DbOrTrx, scope: Scope, from: string, to: string, schoolId?: string): Promise<PointLifeRow[]> {
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
    .where(inScope('p.unit_path', scope))
    .where('p.active_from', '<=', to)
    .where((eb) => eb.or([eb('p.retired_on', 'is', null), eb('p.retired_on', '>', from)]));
  if (schoolId) q = q.where('p.school_id', '=', schoolId);
  return (await q.orderBy('s.name').orderBy('p.id').execute()) as PointLifeRow[];
}

/** The done (point, period) pairs among the given points whose period ends within [from, to], with the first check of each. */
export async function findDoneInWindow(db: DbOrTrx, pointIds: readonly string[], from: string, to: string): Promise<Map<string, string>> {
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

/** The first check of each of these points in each of these periods, keyed "point/period". */
export async function findDoneInPeriods(db: DbOrTrx, pointIds: readonly string[], periodKeys: readonly string[]): Promise<Map<string, string>> {
  if (!pointIds.length) return new Map();
  const rows = await db
    .selectFrom('inspection')
    .select(['point_id', 'period_key', sql<string>`min(id)`.as('id')])
    .where('point_id', 'in', pointIds)
    .where('period_key', 'in', periodKeys)
    .groupBy(['point_id', 'period_key'])
    .execute();
  return new Map(rows.map((d) => [`${d.point_id}/${d.period_key}`, d.id]));
}

/**
 * Per school, the point-periods done among these units whose period ends in [from, to],
 * and of those the ones still current (ending today or later). The insert trigger keeps
 * them per unit and last day of period (inspection_done_day).
 */
export async function findDoneCounts(db: DbOrTrx, unitIds: readonly string[], from: string, to: string, today: string): Promise<Map<string, { done: number; current: number }>> {
  if (!unitIds.length) return new Map();
  const rows = await db
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
    .execute();
  return new Map(rows.map((r) => [r.school_id, { done: Number(r.done), current: Number(r.current_done) }]));
}

export async function findSchoolNameInScope(db: DbOrTrx, scope: Scope, schoolId: string) {
  return db.selectFrom('unit').select(['id', 'name']).where('id', '=', schoolId).where('kind', '=', 'school').where(inScope('path', scope)).executeTakeFirst();
}

/** A school's checks in [from, to] in scope: how many, how many failed items, and each failed item. */
export async function findWeekChecks(db: DbOrTrx, scope: Scope, schoolId: string, from: string, to: string) {
  const inWeek = db
    .selectFrom('inspection as i')
    .where('i.school_id', '=', schoolId)
    .where('i.inspected_on', '>=', from)
    .where('i.inspected_on', '<=', to)
    .where(inScope('i.unit_path', scope));
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
  return { inspections: Number(counts.n), failedItems: Number(counts.failed), failures };
}
