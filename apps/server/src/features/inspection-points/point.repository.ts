import { sql } from 'kysely';
import type { Frequency, PointType, Scope } from '@xiaoan/domain';
import type { CreatePointBody, PointSummary } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/* Inspection points (点位): all their SQL. Reads take the scope and answer PointSummary. */

type PointRow = {
  id: string;
  version: number;
  unit_id: string;
  unit_name: string;
  school_id: string;
  school_name: string;
  school_kind: string | null;
  name: string;
  point_type: string;
  location: string;
  responsible_user_id: string | null;
  responsible_name: string;
  frequency: Frequency;
  qr_token: string;
  active_from: string;
  retired_on: string | null;
  unit_path: string;
};

function pointSelect(db: DbOrTrx) {
  return db
    .selectFrom('inspection_point as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('unit as s', 's.id', 'p.school_id')
    .select([
      'p.id',
      'p.version',
      'p.unit_id',
      'u.name as unit_name',
      'p.school_id',
      's.name as school_name',
      's.school_kind',
      'p.name',
      'p.point_type',
      'p.location',
      'p.responsible_user_id',
      'p.responsible_name',
      'p.frequency',
      'p.qr_token',
      sql<string>`p.active_from::text`.as('active_from'),
      sql<string | null>`p.retired_on::text`.as('retired_on'),
      sql<string>`p.unit_path::text`.as('unit_path'),
    ]);
}

async function checklistsOf(db: DbOrTrx, pointIds: string[]) {
  if (!pointIds.length) return new Map<string, PointSummary['checklists']>();
  const rows = await db
    .selectFrom('inspection_point_checklist as pc')
    .innerJoin('checklist as c', 'c.id', 'pc.checklist_id')
    .select(['pc.point_id', 'c.id', 'c.title', 'c.domain', sql<string>`c.current_version_id::text`.as('current_version_id')])
    .where('pc.point_id', 'in', pointIds)
    .orderBy('pc.point_id')
    .orderBy('pc.sort_order')
    .execute();
  const map = new Map<string, PointSummary['checklists']>();
  for (const r of rows) {
    const list = map.get(r.point_id) ?? [];
    list.push({ id: r.id, title: r.title, domain: r.domain, currentVersionId: r.current_version_id });
    map.set(r.point_id, list);
  }
  return map;
}

function toSummary(r: PointRow, checklists: PointSummary['checklists']): PointSummary {
  return {
    id: r.id,
    version: r.version,
    unit: { id: r.unit_id, name: r.unit_name },
    school: { id: r.school_id, name: r.school_name, schoolKind: r.school_kind },
    name: r.name,
    pointType: r.point_type as PointType,
    location: r.location,
    responsibleUserId: r.responsible_user_id,
    responsibleName: r.responsible_name,
    frequency: r.frequency,
    checklists,
    qrPath: `/p/${r.qr_token}`,
    activeFrom: r.active_from,
    retiredOn: r.retired_on,
  };
}

async function present(db: DbOrTrx, rows: readonly PointRow[]): Promise<PointSummary[]> {
  const cl = await checklistsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toSummary(r, cl.get(r.id) ?? []));
}

/** A page of the points in the scope (of one school; without retired ones unless asked), with the total. */
export async function findPoints(db: DbOrTrx, scope: Scope, q: { schoolId?: string; includeRetired?: boolean; page: number; pageSize: number }): Promise<{ items: PointSummary[]; total: number }> {
  let query = pointSelect(db).where(inScope('p.unit_path', scope));
  if (q.schoolId) query = query.where('p.school_id', '=', q.schoolId);
  if (!q.includeRetired) query = query.where('p.retired_on', 'is', null);
  const [rows, count] = await Promise.all([
    query.orderBy('s.name').orderBy('p.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute() as Promise<PointRow[]>,
    db.selectFrom('inspection_point as p').select(sql<string>`count(*)`.as('n')).where(inScope('p.unit_path', scope))
      .$if(!!q.schoolId, (qb) => qb.where('p.school_id', '=', q.schoolId!))
      .$if(!q.includeRetired, (qb) => qb.where('p.retired_on', 'is', null))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await present(db, rows), total: Number(count.n) };
}

/** One point in the scope, or undefined. */
export async function findPointVisible(db: DbOrTrx, scope: Scope, id: string): Promise<PointSummary | undefined> {
  const row = (await pointSelect(db).where('p.id', '=', id).where(inScope('p.unit_path', scope)).executeTakeFirst()) as PointRow | undefined;
  return row && (await present(db, [row]))[0];
}

/** The point a QR token names, if it lies in the scope. */
export async function findPointByToken(db: DbOrTrx, scope: Scope, token: string): Promise<PointSummary | undefined> {
  const row = (await pointSelect(db).where('p.qr_token', '=', token).where(inScope('p.unit_path', scope)).executeTakeFirst()) as PointRow | undefined;
  return row && (await present(db, [row]))[0];
}

/** Of these ids, the active checklists usable at the school (the district's library above it, or its own). */
export async function findUsableChecklistIds(db: DbOrTrx, schoolPath: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('checklist')
    .select('id')
    .where('id', 'in', [...ids])
    .where('status', '=', 'active')
    .where(sql<boolean>`(owner_unit_path @> ${schoolPath}::ltree OR owner_unit_path <@ ${schoolPath}::ltree)`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Is the user an active member of the school (or one of its campuses)? */
export async function isActiveStaffOf(db: DbOrTrx, schoolPath: string, userId: string): Promise<boolean> {
  const u = await db
    .selectFrom('app_user as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select('a.id')
    .where('a.id', '=', userId)
    .where('a.status', '=', 'active')
    .where(sql<boolean>`u.path <@ ${schoolPath}::ltree`)
    .executeTakeFirst();
  return !!u;
}

export async function unitPathOf(db: DbOrTrx, unitId: string): Promise<string> {
  return (await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', unitId).executeTakeFirstOrThrow()).path;
}

/** The checklists of a point, in this order (replacing those it had). */
export async function replacePointChecklists(trx: Trx, pointId: string, ids: readonly string[]): Promise<void> {
  await trx.deleteFrom('inspection_point_checklist').where('point_id', '=', pointId).execute();
  await trx.insertInto('inspection_point_checklist').values(ids.map((checklist_id, sort_order) => ({ point_id: pointId, checklist_id, sort_order }))).execute();
}

export async function insertPoint(
  trx: Trx,
  p: { unit: { id: string; path: string; school_id: string }; body: CreatePointBody; qrToken: string; activeFrom: string },
): Promise<string> {
  const { body } = p;
  const row = await trx
    .insertInto('inspection_point')
    .values({
      unit_id: p.unit.id,
      unit_path: p.unit.path,
      school_id: p.unit.school_id,
      name: body.name.trim(),
      point_type: body.pointType,
      location: body.location?.trim() ?? '',
      responsible_user_id: body.responsibleUserId ?? null,
      responsible_name: body.responsibleName?.trim() ?? '',
      frequency: body.frequency,
      qr_token: p.qrToken,
      active_from: p.activeFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type PointChanges = {
  name?: string;
  pointType?: PointType;
  location?: string;
  responsibleUserId?: string | null;
  responsibleName?: string;
  frequency?: Frequency;
  retiredOn?: string;
  qrToken?: string;
};

/** Updates a point at `version` (or unconditionally without one); false when another edit came first. */
export async function updatePointRow(trx: Trx, id: string, version: number | null, c: PointChanges, now: Date): Promise<boolean> {
  let q = trx
    .updateTable('inspection_point')
    .set({
      ...(c.name !== undefined ? { name: c.name.trim() } : {}),
      ...(c.pointType !== undefined ? { point_type: c.pointType } : {}),
      ...(c.location !== undefined ? { location: c.location.trim() } : {}),
      ...(c.responsibleUserId !== undefined ? { responsible_user_id: c.responsibleUserId } : {}),
      ...(c.responsibleName !== undefined ? { responsible_name: c.responsibleName.trim() } : {}),
      ...(c.frequency !== undefined ? { frequency: c.frequency } : {}),
      ...(c.retiredOn !== undefined ? { retired_on: c.retiredOn } : {}),
      ...(c.qrToken !== undefined ? { qr_token: c.qrToken } : {}),
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id);
  if (version !== null) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

export type ChecklistVersionRow = { id: string; checklist_id: string; version_no: number; items: unknown; created_at: Date; title: string; domain: string };

/** Checklist versions by id (the current versions of a point's checklists, which the caller found in scope). */
export async function findChecklistVersions(db: DbOrTrx, versionIds: readonly string[]): Promise<ChecklistVersionRow[]> {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'cv.created_at', 'c.title', 'c.domain'])
    .where('cv.id', 'in', [...versionIds])
    .execute() as Promise<ChecklistVersionRow[]>;
}

/** The first inspection of the point in the period, if any. */
export async function findInspectionInPeriod(db: DbOrTrx, pointId: string, periodKey: string): Promise<{ id: string; inspected_on: string } | undefined> {
  return db
    .selectFrom('inspection')
    .select(['id', sql<string>`inspected_on::text`.as('inspected_on')])
    .where('point_id', '=', pointId)
    .where('period_key', '=', periodKey)
    .orderBy('id')
    .executeTakeFirst();
}
