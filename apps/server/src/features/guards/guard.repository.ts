import { sql, type Insertable } from 'kysely';
import type { GuardCheckResult, GuardEmployment, GuardPost, GuardStatus, Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { GuardTable } from '../../db/schema-guards.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * SQL of the guards registry (保安员台账) and the school security profile (学校安防情况). Scope is
 * `guard.unit_path` / `school_security_profile.unit_path` (the school's path) and `unit.path`.
 */

export type GuardRow = {
  id: string;
  version: number;
  unit_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  id_number: string;
  phone: string;
  employment: GuardEmployment;
  post: GuardPost;
  certificate_no: string;
  certificate_issued_on: string | null;
  certificate_expires_on: string;
  background_check_on: string | null;
  background_check_result: GuardCheckResult;
  annual_review_year: number | null;
  annual_review_result: GuardCheckResult;
  status: GuardStatus;
  note: string;
  updated_at: Date;
};

function guardSelect(db: DbOrTrx) {
  return db
    .selectFrom('guard as g')
    .innerJoin('unit as s', 's.id', 'g.unit_id')
    .select([
      'g.id',
      'g.version',
      'g.unit_id',
      's.name as school_name',
      sql<string>`g.unit_path::text`.as('unit_path'),
      'g.name',
      'g.id_number',
      'g.phone',
      'g.employment',
      'g.post',
      'g.certificate_no',
      sql<string | null>`g.certificate_issued_on::text`.as('certificate_issued_on'),
      sql<string>`g.certificate_expires_on::text`.as('certificate_expires_on'),
      sql<string | null>`g.background_check_on::text`.as('background_check_on'),
      'g.background_check_result',
      'g.annual_review_year',
      'g.annual_review_result',
      'g.status',
      'g.note',
      'g.updated_at',
    ]);
}

export type GuardFilter = { unitId?: string; schoolId?: string; status?: GuardStatus; certificate?: 'valid' | 'expiring' | 'expired'; q?: string };

/** One page of the guards in scope (school, then name), with the total under the same filter. `warnUntil` = today + 30 days. */
export async function findGuards(db: DbOrTrx, scope: Scope, f: GuardFilter, today: string, warnUntil: string, page: { page: number; pageSize: number }): Promise<{ rows: GuardRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('g.unit_path', scope)];
    if (f.unitId) c.push(underUnit('g.unit_path', f.unitId));
    if (f.schoolId) c.push(sql<boolean>`g.unit_id = ${f.schoolId}`);
    if (f.status) c.push(sql<boolean>`g.status = ${f.status}`);
    if (f.certificate === 'expired') c.push(sql<boolean>`g.certificate_expires_on < ${today}::date`);
    if (f.certificate === 'expiring') c.push(sql<boolean>`g.certificate_expires_on BETWEEN ${today}::date AND ${warnUntil}::date`);
    if (f.certificate === 'valid') c.push(sql<boolean>`g.certificate_expires_on > ${warnUntil}::date`);
    if (f.q) {
      c.push(sql<boolean>`(strpos(lower(g.name), lower(${f.q})) > 0 OR strpos(lower(g.certificate_no), lower(${f.q})) > 0 OR strpos(lower((SELECT name FROM unit WHERE id = g.unit_id)), lower(${f.q})) > 0)`);
    }
    return c;
  };
  const [rows, count] = await Promise.all([
    guardSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy('s.name', 'asc')
      .orderBy(sql`CASE WHEN g.status = 'active' THEN 0 ELSE 1 END`)
      .orderBy('g.name', 'asc')
      .orderBy('g.id', 'asc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db.selectFrom('guard as g').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as GuardRow[], total: Number(count.n) };
}

/** One guard in scope, or undefined (out of scope reads exactly like missing). */
export async function findGuardInScope(db: DbOrTrx, scope: Scope, id: string): Promise<GuardRow | undefined> {
  return (await guardSelect(db).where('g.id', '=', id).where(inScope('g.unit_path', scope)).executeTakeFirst()) as GuardRow | undefined;
}

/** Is this ID number already recorded (anywhere: one person, one record), other than `exceptId`? */
export async function idNumberTaken(db: DbOrTrx, idNumber: string, exceptId?: string): Promise<boolean> {
  const r = await db
    .selectFrom('guard')
    .select('id')
    .where('id_number', '=', idNumber)
    .$if(!!exceptId, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return !!r;
}

export async function insertGuard(trx: Trx, values: Insertable<GuardTable>): Promise<string> {
  return (await trx.insertInto('guard').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateGuardRow(trx: Trx, id: string, version: number, set: VersionedSet<'guard'>): Promise<boolean> {
  return updateVersioned(trx, 'guard', id, version, set);
}

/** Active guards whose certificate expires on or before `until` (the sweep: expiring and expired), every school. */
export async function findGuardsExpiringBy(db: DbOrTrx, until: string): Promise<GuardRow[]> {
  return (await guardSelect(db).where('g.status', '=', 'active').where('g.certificate_expires_on', '<=', until).orderBy('g.id').execute()) as GuardRow[];
}

export type SchoolRow = { id: string; name: string; path: string; area_id: string | null; area_name: string | null };

/** The active schools in scope under `underPath` (or the whole scope), area then name. */
export async function findActiveSchools(db: DbOrTrx, scope: Scope, underPath?: string): Promise<SchoolRow[]> {
  const res = await sql<SchoolRow>`
    SELECT s.id, s.name, s.path::text AS path, a.id AS area_id, a.name AS area_name
    FROM unit s
    LEFT JOIN unit a ON a.kind = 'area' AND a.path @> s.path
    WHERE s.kind = 'school' AND s.status = 'active' AND ${inScope('s.path', scope)}
      ${underPath ? sql`AND s.path <@ ${underPath}::ltree` : sql``}
    ORDER BY coalesce(a.name, ''), s.name, s.id`.execute(db);
  return res.rows;
}

export type ProfileRow = {
  unit_id: string;
  required_guards: number;
  closed_campus: boolean;
  alarm_linked: boolean;
  video_linked: boolean;
  escort_posts_required: number;
  escort_posts_staffed: number;
  note: string;
  version: number;
  updated_at: Date;
};

/** The profiles of these schools (those that have one), read in scope. */
export async function findProfiles(db: DbOrTrx, scope: Scope, schoolIds: readonly string[]): Promise<ProfileRow[]> {
  if (schoolIds.length === 0) return [];
  return db
    .selectFrom('school_security_profile as p')
    .select(['p.unit_id', 'p.required_guards', 'p.closed_campus', 'p.alarm_linked', 'p.video_linked', 'p.escort_posts_required', 'p.escort_posts_staffed', 'p.note', 'p.version', 'p.updated_at'])
    .where('p.unit_id', 'in', [...schoolIds])
    .where(inScope('p.unit_path', scope))
    .execute();
}

export type GuardFactsRow = { unit_id: string; status: GuardStatus; employment: GuardEmployment; certificate_expires_on: string; background_check_result: GuardCheckResult; annual_review_result: GuardCheckResult };

/** The on-post guards of these schools with what qualifies them, read in scope. */
export async function findActiveGuardFacts(db: DbOrTrx, scope: Scope, schoolIds: readonly string[]): Promise<GuardFactsRow[]> {
  if (schoolIds.length === 0) return [];
  return (await db
    .selectFrom('guard as g')
    .select(['g.unit_id', 'g.status', 'g.employment', sql<string>`g.certificate_expires_on::text`.as('certificate_expires_on'), 'g.background_check_result', 'g.annual_review_result'])
    .where('g.unit_id', 'in', [...schoolIds])
    .where('g.status', '=', 'active')
    .where(inScope('g.unit_path', scope))
    .execute()) as GuardFactsRow[];
}

export type ProfileValues = { required_guards: number; closed_campus: boolean; alarm_linked: boolean; video_linked: boolean; escort_posts_required: number; escort_posts_staffed: number; note: string };

/** The school's first profile; false when another request created it first (the caller answers 409). */
export async function insertProfile(trx: Trx, school: { id: string; path: string }, values: ProfileValues, userId: string): Promise<boolean> {
  const r = await trx
    .insertInto('school_security_profile')
    .values({ unit_id: school.id, unit_path: school.path, ...values, updated_by: userId })
    .onConflict((oc) => oc.column('unit_id').doNothing())
    .returning('unit_id')
    .executeTakeFirst();
  return !!r;
}

/** The profile at the version read; false when it moved on. */
export async function updateProfile(trx: Trx, schoolId: string, version: number, values: ProfileValues, userId: string): Promise<boolean> {
  const res = await trx
    .updateTable('school_security_profile')
    .set({ ...values, updated_by: userId, version: sql`version + 1`, updated_at: sql`now()` })
    .where('unit_id', '=', schoolId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
