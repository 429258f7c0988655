import { sql, type Insertable } from 'kysely';
import type { BuildingGrade, BuildingStructure, BuildingUse, CanteenPost, DrillKind, DrillRating, PlanKind, Scope, StaffStatus } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { BuildingTable, CanteenStaffTable, DrillTable, EmergencyPlanTable } from '../../db/schema-site.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * SQL of the site registries: buildings, emergency plans, drills, canteen staff, the canteen
 * profile and the coverage counts. Every tenant read takes the scope (`unit_path`, the school's
 * path); an out-of-scope id reads exactly like a missing one.
 */

type Paging = { page: number; pageSize: number };
export type ListFilter = { unitId?: string; q?: string };

const search = (q: string | undefined, ...cols: string[]) =>
  q ? sql<boolean>`(${sql.join(cols.map((c) => sql`strpos(lower(${sql.ref(c)}), lower(${q})) > 0`), sql` OR `)})` : sql<boolean>`true`;
const offset = (p: Paging) => (p.page - 1) * p.pageSize;

async function countOf(db: DbOrTrx, table: 'building' | 'emergency_plan' | 'drill' | 'canteen_staff', alias: string, conds: ReturnType<typeof sql<boolean>>[]): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} AS ${sql.raw(alias)} JOIN unit s ON s.id = ${sql.ref(`${alias}.school_id`)} WHERE ${sql.join(conds, sql` AND `)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

// ------------------------------------------------------------------ buildings

export type BuildingRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  use: BuildingUse;
  floors: number;
  built_year: number;
  structure: BuildingStructure;
  area_m2: string | null;
  grade: BuildingGrade;
  appraised_on: string;
  report_no: string;
  in_use: boolean;
  note: string;
  updated_at: Date;
};

function buildingSelect(db: DbOrTrx) {
  return db
    .selectFrom('building as b')
    .innerJoin('unit as s', 's.id', 'b.school_id')
    .select([
      'b.id',
      'b.version',
      'b.school_id',
      's.name as school_name',
      sql<string>`b.unit_path::text`.as('unit_path'),
      'b.name',
      'b.use',
      'b.floors',
      'b.built_year',
      'b.structure',
      sql<string | null>`b.area_m2::text`.as('area_m2'),
      'b.grade',
      sql<string>`b.appraised_on::text`.as('appraised_on'),
      'b.report_no',
      'b.in_use',
      'b.note',
      'b.updated_at',
    ]);
}

export type BuildingFilter = ListFilter & { grade?: BuildingGrade; status?: 'in_use' | 'idle' | 'dangerous' };

export async function findBuildings(db: DbOrTrx, scope: Scope, f: BuildingFilter, page: Paging): Promise<{ rows: BuildingRow[]; total: number }> {
  const conds = [inScope('b.unit_path', scope), underUnit('b.unit_path', f.unitId), search(f.q, 'b.name', 's.name')];
  if (f.grade) conds.push(sql<boolean>`b.grade = ${f.grade}`);
  if (f.status === 'in_use') conds.push(sql<boolean>`b.in_use`);
  if (f.status === 'idle') conds.push(sql<boolean>`NOT b.in_use`);
  if (f.status === 'dangerous') conds.push(sql<boolean>`b.grade = 'D' AND b.in_use`);
  const [rows, total] = await Promise.all([
    buildingSelect(db)
      .where((eb) => eb.and(conds))
      .orderBy(sql`CASE WHEN b.grade = 'D' AND b.in_use THEN 0 ELSE 1 END`)
      .orderBy('s.name')
      .orderBy('b.name')
      .orderBy('b.id')
      .limit(page.pageSize)
      .offset(offset(page))
      .execute(),
    countOf(db, 'building', 'b', conds),
  ]);
  return { rows: rows as BuildingRow[], total };
}

export async function findBuildingInScope(db: DbOrTrx, scope: Scope, id: string): Promise<BuildingRow | undefined> {
  return (await buildingSelect(db).where('b.id', '=', id).where(inScope('b.unit_path', scope)).executeTakeFirst()) as BuildingRow | undefined;
}

export async function findBuildingByName(db: DbOrTrx, schoolId: string, name: string): Promise<string | undefined> {
  return (await db.selectFrom('building').select('id').where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst())?.id;
}

export async function insertBuilding(trx: Trx, values: Insertable<BuildingTable>): Promise<string> {
  return (await trx.insertInto('building').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateBuildingRow(trx: Trx, id: string, version: number, set: VersionedSet<'building'>): Promise<boolean> {
  return updateVersioned(trx, 'building', id, version, set);
}

/** Every D-grade building still in use (the sweep makes sure each has its hazard). */
export async function findDangerousBuildings(db: DbOrTrx): Promise<BuildingRow[]> {
  return (await buildingSelect(db).where('b.grade', '=', 'D').where('b.in_use', '=', true).where('s.status', '=', 'active').orderBy('b.id').execute()) as BuildingRow[];
}

// ------------------------------------------------------------------ emergency plans

export type PlanRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  title: string;
  kind: PlanKind;
  version_label: string;
  issued_on: string;
  revised_on: string;
  revision_months: number;
  revision_due_on: string;
  owner_name: string;
  status: 'active' | 'abolished';
  note: string;
  drills: string;
  last_drill_on: string | null;
  updated_at: Date;
};

function planSelect(db: DbOrTrx) {
  return db
    .selectFrom('emergency_plan as p')
    .innerJoin('unit as s', 's.id', 'p.school_id')
    .select([
      'p.id',
      'p.version',
      'p.school_id',
      's.name as school_name',
      sql<string>`p.unit_path::text`.as('unit_path'),
      'p.title',
      'p.kind',
      'p.version_label',
      sql<string>`p.issued_on::text`.as('issued_on'),
      sql<string>`p.revised_on::text`.as('revised_on'),
      'p.revision_months',
      sql<string>`p.revision_due_on::text`.as('revision_due_on'),
      'p.owner_name',
      'p.status',
      'p.note',
      sql<string>`(SELECT count(*) FROM drill d WHERE d.plan_id = p.id)`.as('drills'),
      sql<string | null>`(SELECT max(d.held_on)::text FROM drill d WHERE d.plan_id = p.id)`.as('last_drill_on'),
      'p.updated_at',
    ]);
}

export type PlanFilter = ListFilter & { kind?: PlanKind; status?: 'ok' | 'due_soon' | 'overdue' };

export async function findPlans(db: DbOrTrx, scope: Scope, f: PlanFilter, today: string, soon: string, page: Paging): Promise<{ rows: PlanRow[]; total: number }> {
  const conds = [inScope('p.unit_path', scope), underUnit('p.unit_path', f.unitId), search(f.q, 'p.title', 's.name', 'p.owner_name')];
  if (f.kind) conds.push(sql<boolean>`p.kind = ${f.kind}`);
  if (f.status === 'overdue') conds.push(sql<boolean>`p.status = 'active' AND p.revision_due_on < ${today}::date`);
  if (f.status === 'due_soon') conds.push(sql<boolean>`p.status = 'active' AND p.revision_due_on BETWEEN ${today}::date AND ${soon}::date`);
  if (f.status === 'ok') conds.push(sql<boolean>`p.status = 'active' AND p.revision_due_on > ${soon}::date`);
  const [rows, total] = await Promise.all([
    planSelect(db)
      .where((eb) => eb.and(conds))
      .orderBy(sql`CASE WHEN p.status = 'active' THEN 0 ELSE 1 END`)
      .orderBy('p.revision_due_on')
      .orderBy('p.id')
      .limit(page.pageSize)
      .offset(offset(page))
      .execute(),
    countOf(db, 'emergency_plan', 'p', conds),
  ]);
  return { rows: rows as PlanRow[], total };
}

export async function findPlanInScope(db: DbOrTrx, scope: Scope, id: string): Promise<PlanRow | undefined> {
  return (await planSelect(db).where('p.id', '=', id).where(inScope('p.unit_path', scope)).executeTakeFirst()) as PlanRow | undefined;
}

export async function insertPlan(trx: Trx, values: Insertable<EmergencyPlanTable>): Promise<string> {
  return (await trx.insertInto('emergency_plan').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePlanRow(trx: Trx, id: string, version: number, set: VersionedSet<'emergency_plan'>): Promise<boolean> {
  return updateVersioned(trx, 'emergency_plan', id, version, set);
}

/** Active plans of active schools whose revision is due by `until` (the sweep's reminders). */
export async function findPlansDueBy(db: DbOrTrx, until: string): Promise<PlanRow[]> {
  return (await planSelect(db).where('p.status', '=', 'active').where('s.status', '=', 'active').where(sql<boolean>`p.revision_due_on <= ${until}::date`).orderBy('p.id').execute()) as PlanRow[];
}

// ------------------------------------------------------------------ drills

export type DrillRow = {
  id: string;
  school_id: string;
  school_name: string;
  unit_path: string;
  plan_id: string | null;
  plan_title: string | null;
  title: string;
  kind: DrillKind;
  held_on: string;
  participants: number;
  duration_minutes: number;
  rating: DrillRating;
  evaluation: string;
  photos: { fileId: string; name: string }[];
  recorded_by: string | null;
  created_at: Date;
};

function drillSelect(db: DbOrTrx) {
  return db
    .selectFrom('drill as d')
    .innerJoin('unit as s', 's.id', 'd.school_id')
    .leftJoin('emergency_plan as p', 'p.id', 'd.plan_id')
    .leftJoin('app_user as a', 'a.id', 'd.recorded_by')
    .select([
      'd.id',
      'd.school_id',
      's.name as school_name',
      sql<string>`d.unit_path::text`.as('unit_path'),
      sql<string | null>`d.plan_id::text`.as('plan_id'),
      'p.title as plan_title',
      'd.title',
      'd.kind',
      sql<string>`d.held_on::text`.as('held_on'),
      'd.participants',
      'd.duration_minutes',
      'd.rating',
      'd.evaluation',
      sql<{ fileId: string; name: string }[]>`coalesce((SELECT jsonb_agg(jsonb_build_object('fileId', f.id::text, 'name', f.original_name) ORDER BY array_position(d.photo_file_ids, f.id)) FROM file_object f WHERE f.id = ANY(d.photo_file_ids)), '[]'::jsonb)`.as('photos'),
      'a.display_name as recorded_by',
      'd.created_at',
    ]);
}

export type DrillFilter = ListFilter & { kind?: DrillKind; from?: string; to?: string; planId?: string };

export async function findDrills(db: DbOrTrx, scope: Scope, f: DrillFilter, page: Paging): Promise<{ rows: DrillRow[]; total: number }> {
  const conds = [inScope('d.unit_path', scope), underUnit('d.unit_path', f.unitId), search(f.q, 'd.title', 's.name')];
  if (f.kind) conds.push(sql<boolean>`d.kind = ${f.kind}`);
  if (f.from) conds.push(sql<boolean>`d.held_on >= ${f.from}::date`);
  if (f.to) conds.push(sql<boolean>`d.held_on <= ${f.to}::date`);
  if (f.planId) conds.push(sql<boolean>`d.plan_id = ${f.planId}`);
  const [rows, total] = await Promise.all([
    drillSelect(db).where((eb) => eb.and(conds)).orderBy('d.held_on', 'desc').orderBy('d.id', 'desc').limit(page.pageSize).offset(offset(page)).execute(),
    countOf(db, 'drill', 'd', conds),
  ]);
  return { rows: rows as DrillRow[], total };
}

export async function findDrillInScope(db: DbOrTrx, scope: Scope, id: string): Promise<DrillRow | undefined> {
  return (await drillSelect(db).where('d.id', '=', id).where(inScope('d.unit_path', scope)).executeTakeFirst()) as DrillRow | undefined;
}

export async function insertDrill(trx: Trx, values: Insertable<DrillTable>): Promise<string> {
  return (await trx.insertInto('drill').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

// ------------------------------------------------------------------ canteen staff

export type StaffRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  id_number: string;
  post: CanteenPost;
  phone: string;
  cert_no: string;
  cert_issued_on: string;
  cert_expires_on: string;
  status: StaffStatus;
  updated_at: Date;
};

function staffSelect(db: DbOrTrx) {
  return db
    .selectFrom('canteen_staff as c')
    .innerJoin('unit as s', 's.id', 'c.school_id')
    .select([
      'c.id',
      'c.version',
      'c.school_id',
      's.name as school_name',
      sql<string>`c.unit_path::text`.as('unit_path'),
      'c.name',
      'c.id_number',
      'c.post',
      'c.phone',
      'c.cert_no',
      sql<string>`c.cert_issued_on::text`.as('cert_issued_on'),
      sql<string>`c.cert_expires_on::text`.as('cert_expires_on'),
      'c.status',
      'c.updated_at',
    ]);
}

export type StaffFilter = ListFilter & { post?: CanteenPost; status?: 'ok' | 'due_soon' | 'overdue' | 'left' };

export async function findStaff(db: DbOrTrx, scope: Scope, f: StaffFilter, today: string, soon: string, page: Paging): Promise<{ rows: StaffRow[]; total: number }> {
  const conds = [inScope('c.unit_path', scope), underUnit('c.unit_path', f.unitId), search(f.q, 'c.name', 's.name', 'c.cert_no')];
  if (f.post) conds.push(sql<boolean>`c.post = ${f.post}`);
  if (f.status === 'left') conds.push(sql<boolean>`c.status = 'left'`);
  if (f.status === 'overdue') conds.push(sql<boolean>`c.status = 'active' AND c.cert_expires_on < ${today}::date`);
  if (f.status === 'due_soon') conds.push(sql<boolean>`c.status = 'active' AND c.cert_expires_on BETWEEN ${today}::date AND ${soon}::date`);
  if (f.status === 'ok') conds.push(sql<boolean>`c.status = 'active' AND c.cert_expires_on > ${soon}::date`);
  const [rows, total] = await Promise.all([
    staffSelect(db)
      .where((eb) => eb.and(conds))
      .orderBy(sql`CASE WHEN c.status = 'active' THEN 0 ELSE 1 END`)
      .orderBy('c.cert_expires_on')
      .orderBy('c.id')
      .limit(page.pageSize)
      .offset(offset(page))
      .execute(),
    countOf(db, 'canteen_staff', 'c', conds),
  ]);
  return { rows: rows as StaffRow[], total };
}

export async function findStaffInScope(db: DbOrTrx, scope: Scope, id: string): Promise<StaffRow | undefined> {
  return (await staffSelect(db).where('c.id', '=', id).where(inScope('c.unit_path', scope)).executeTakeFirst()) as StaffRow | undefined;
}

export async function findStaffByIdNumber(db: DbOrTrx, schoolId: string, idNumber: string): Promise<string | undefined> {
  return (await db.selectFrom('canteen_staff').select('id').where('school_id', '=', schoolId).where('id_number', '=', idNumber).executeTakeFirst())?.id;
}

export async function insertStaff(trx: Trx, values: Insertable<CanteenStaffTable>): Promise<string> {
  return (await trx.insertInto('canteen_staff').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateStaffRow(trx: Trx, id: string, version: number, set: VersionedSet<'canteen_staff'>): Promise<boolean> {
  return updateVersioned(trx, 'canteen_staff', id, version, set);
}

/** Staff on duty at active schools whose certificate expires by `until` (the sweep). */
export async function findStaffExpiringBy(db: DbOrTrx, until: string): Promise<StaffRow[]> {
  return (await staffSelect(db).where('c.status', '=', 'active').where('s.status', '=', 'active').where(sql<boolean>`c.cert_expires_on <= ${until}::date`).orderBy('c.id').execute()) as StaffRow[];
}

// ------------------------------------------------------------------ files of a school (drill photos)

export async function findSchoolFiles(db: DbOrTrx, schoolPath: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('file_object').select('id').where('id', 'in', [...ids]).where(sql<boolean>`unit_path <@ ${schoolPath}::ltree`).execute();
  return rows.map((r) => r.id);
}

export async function findPlanOfSchool(db: DbOrTrx, schoolId: string, planId: string): Promise<{ id: string; title: string } | undefined> {
  return db.selectFrom('emergency_plan').select(['id', 'title']).where('id', '=', planId).where('school_id', '=', schoolId).executeTakeFirst();
}

// ------------------------------------------------------------------ coverage

export type CoverageSchoolRow = { school_id: string; school_name: string; area_id: string | null; area_name: string | null; has_canteen: boolean; bright_kitchen: boolean; drills: string };

/** Per active school in scope under `unitPath`: its canteen profile and its drills between from and to. */
export async function findCoverageSchools(db: DbOrTrx, scope: Scope, unitPath: string, from: string, to: string): Promise<CoverageSchoolRow[]> {
  const res = await sql<CoverageSchoolRow>`
    SELECT s.id AS school_id, s.name AS school_name, a.id::text AS area_id, a.name AS area_name,
      coalesce(cp.has_canteen, false) AS has_canteen, coalesce(cp.bright_kitchen, false) AS bright_kitchen,
      (SELECT count(*) FROM drill d WHERE d.school_id = s.id AND d.held_on BETWEEN ${from}::date AND ${to}::date) AS drills
    FROM unit s
    LEFT JOIN unit a ON a.id = s.parent_id AND a.kind = 'area'
    LEFT JOIN canteen_profile cp ON cp.school_id = s.id
    WHERE s.kind = 'school' AND s.status = 'active' AND ${inScope('s.path', scope)} AND s.path <@ ${unitPath}::ltree
    ORDER BY coalesce(a.name, ''), s.name, s.id`.execute(db);
  return res.rows;
}

export async function findUnitInScope(db: DbOrTrx, scope: Scope, id: string): Promise<{ id: string; name: string; kind: string; path: string } | undefined> {
  return db.selectFrom('unit').select(['id', 'name', 'kind', sql<string>`path::text`.as('path')]).where('id', '=', id).where(inScope('path', scope)).executeTakeFirst();
}

/** Profile upsert (the demo and the school's canteen page). */
export async function upsertCanteenProfile(trx: Trx, row: { school_id: string; unit_path: string; has_canteen: boolean; bright_kitchen: boolean; bright_kitchen_since: string | null }): Promise<void> {
  await trx
    .insertInto('canteen_profile')
    .values(row)
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ has_canteen: row.has_canteen, bright_kitchen: row.bright_kitchen, bright_kitchen_since: row.bright_kitchen_since, version: sql`canteen_profile.version + 1`, updated_at: sql`now()` }))
    .execute();
}

export async function findCanteenProfile(db: DbOrTrx, schoolId: string): Promise<{ has_canteen: boolean; bright_kitchen: boolean; bright_kitchen_since: string | null } | undefined> {
  return db
    .selectFrom('canteen_profile')
    .select(['has_canteen', 'bright_kitchen', sql<string | null>`bright_kitchen_since::text`.as('bright_kitchen_since')])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}
