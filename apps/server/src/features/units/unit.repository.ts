import { sql } from 'kysely';
import type { Scope, SchoolKind, UnitKind } from '@xiaoan/domain';
import type { Unit } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

export type UnitFilter = {
  kind?: UnitKind;
  parentId?: string;
  q?: string;
  status?: 'active' | 'disabled';
  teamId?: string;
  schoolKind?: SchoolKind;
  areaId?: string;
};

function baseQuery(db: DbOrTrx, scope: Scope) {
  return db
    .selectFrom('unit as u')
    .leftJoin('edu_group as g', 'g.id', 'u.edu_group_id')
    .where(inScope('u.path', scope));
}

const COLUMNS = [
  'u.id',
  'u.kind',
  'u.parent_id',
  'u.name',
  'u.school_kind',
  'u.edu_group_id',
  'g.name as edu_group_name',
  'u.address',
  'u.principal',
  'u.safety_officer',
  'u.phone',
  'u.enrolment',
  'u.status',
  'u.version',
] as const;

/** Row of a unit with its area name and its supervision teams, as the API shows it. */
function toUnit(r: {
  id: string;
  kind: UnitKind;
  parent_id: string | null;
  name: string;
  school_kind: SchoolKind | null;
  edu_group_id: string | null;
  edu_group_name: string | null;
  address: string | null;
  principal: string | null;
  safety_officer: string | null;
  phone: string | null;
  enrolment: number | null;
  status: 'active' | 'disabled';
  version: number;
  area_name: string | null;
  teams: { id: string; name: string }[] | null;
}): Unit {
  return {
    id: r.id,
    kind: r.kind,
    parentId: r.parent_id,
    name: r.name,
    schoolKind: r.school_kind,
    eduGroup: r.edu_group_id ? { id: r.edu_group_id, name: r.edu_group_name ?? '' } : null,
    address: r.address,
    principal: r.principal,
    safetyOfficer: r.safety_officer,
    phone: r.phone,
    enrolment: r.enrolment,
    status: r.status,
    version: r.version,
    areaName: r.area_name,
    teams: r.teams ?? [],
  };
}

const areaName = sql<string | null>`(SELECT a.name FROM unit a WHERE a.kind = 'area' AND a.path @> u.path LIMIT 1)`;
const teamsOf = sql<{ id: string; name: string }[] | null>`(
  SELECT json_agg(json_build_object('id', t.id::text, 'name', t.name) ORDER BY t.sort_order, t.id)
    FROM supervision_team_school ts JOIN supervision_team t ON t.id = ts.team_id
   WHERE ts.school_unit_id = u.id AND t.status = 'active')`;

/** Units inside the scope, filtered and paged, with the total count under the same conditions. */
export async function findUnits(
  db: DbOrTrx,
  scope: Scope,
  filter: UnitFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: Unit[]; total: number }> {
  let q = baseQuery(db, scope);
  if (filter.kind) q = q.where('u.kind', '=', filter.kind);
  if (filter.parentId) q = q.where('u.parent_id', '=', filter.parentId);
  if (filter.status) q = q.where('u.status', '=', filter.status);
  if (filter.q) q = q.where(sql<boolean>`strpos(u.name, ${filter.q}) > 0`);
  if (filter.schoolKind) q = q.where('u.school_kind', '=', filter.schoolKind);
  if (filter.areaId) {
    const areaId = filter.areaId;
    q = q.where(sql<boolean>`u.path <@ (SELECT a.path FROM unit a WHERE a.id = ${areaId})`).where('u.id', '<>', areaId);
  }
  if (filter.teamId) {
    const teamId = filter.teamId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('supervision_team_school as ts')
          .select(sql`1`.as('one'))
          .whereRef('ts.school_unit_id', '=', 'u.id')
          .where('ts.team_id', '=', teamId),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .select([...COLUMNS, areaName.as('area_name'), teamsOf.as('teams')])
      .orderBy(sql`nlevel(u.path)`)
      .orderBy('u.kind')
      .orderBy('u.name')
      .orderBy('u.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toUnit), total: Number(count.n) };
}

/** One unit inside the scope, or undefined (out of scope reads exactly like missing). */
export async function findUnitById(db: DbOrTrx, scope: Scope, id: string): Promise<(Unit & { path: string }) | undefined> {
  const r = await baseQuery(db, scope)
    .select([...COLUMNS, areaName.as('area_name'), teamsOf.as('teams'), sql<string>`u.path::text`.as('path')])
    .where('u.id', '=', id)
    .executeTakeFirst();
  return r ? { ...toUnit(r), path: r.path } : undefined;
}

/** The root (district bureau) id of a unit path: its first label. */
export const districtRootId = (path: string) => path.split('.')[0]!;

/** A school in the caller's scope (its name and path), or undefined; `active` leaves closed schools out. */
export async function findSchoolInScope(db: DbOrTrx, scope: Scope, id: string, opts: { active?: boolean } = {}): Promise<{ id: string; name: string; path: string } | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('id', '=', id)
    .where('kind', '=', 'school')
    .$if(opts.active === true, (q) => q.where('status', '=', 'active'))
    .where(inScope('path', scope))
    .executeTakeFirst();
}

/** The school a unit belongs to: itself when a school, its school when a campus. */
export async function findSchoolOfUnit(db: DbOrTrx, unitId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('unit as u')
    .innerJoin('unit as s', (j) => j.on(sql<boolean>`s.path @> u.path`).on('s.kind', '=', 'school'))
    .select('s.id')
    .where('u.id', '=', unitId)
    .executeTakeFirst();
  return r?.id;
}

/** The active administrators of a school and of its campuses: who hears of the school's own records (registries, measures). */
export async function findSchoolAdminIds(db: DbOrTrx, schoolId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    SELECT u.id FROM app_user u JOIN unit x ON x.id = u.unit_id JOIN unit s ON s.id = ${schoolId}::bigint
     WHERE u.role = 'school_admin' AND u.status = 'active' AND x.path <@ s.path
     ORDER BY u.id`.execute(db);
  return rows.rows.map((r) => r.id);
}

export async function findDistrictUnitByName(
  db: DbOrTrx,
  districtId: string,
  kind: 'area' | 'school',
  name: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('unit')
    .select('id')
    .where(sql<boolean>`subpath(path, 0, 1) = text2ltree(${districtId})`)
    .where('kind', '=', kind)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** The path of the bureau that owns an education group, or undefined when there is no such group. */
export async function findEduGroupBureauPath(db: DbOrTrx, eduGroupId: string): Promise<string | undefined> {
  const g = await db
    .selectFrom('edu_group as g')
    .innerJoin('unit as b', 'b.id', 'g.bureau_unit_id')
    .select(sql<string>`b.path::text`.as('path'))
    .where('g.id', '=', eduGroupId)
    .executeTakeFirst();
  return g?.path;
}

/** A new unit: the contract's fields, under a parent, with the education group by id. */
export type NewUnit = Pick<Unit, 'kind' | 'name' | 'schoolKind' | 'address' | 'principal' | 'safetyOfficer' | 'phone' | 'enrolment'> & { parentId: string; eduGroupId: string | null };

/** Inserts a unit (its path is set by the database from its parent); returns its id. */
export async function insertUnit(trx: Trx, u: NewUnit): Promise<string> {
  const row = await trx
    .insertInto('unit')
    .values({
      kind: u.kind,
      parent_id: u.parentId,
      name: u.name,
      school_kind: u.schoolKind,
      edu_group_id: u.eduGroupId,
      address: u.address,
      principal: u.principal,
      safety_officer: u.safetyOfficer,
      phone: u.phone,
      enrolment: u.enrolment,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The columns an edit may change, by their column names (as the audit row records them). */
export type UnitColumnChanges = Partial<Record<'name' | 'parent_id' | 'school_kind' | 'edu_group_id' | 'address' | 'principal' | 'safety_officer' | 'phone' | 'enrolment' | 'status', unknown>>;

/** Updates a unit at `version`; false when another edit came first. */
export async function updateUnitRow(trx: Trx, id: string, version: number, changes: UnitColumnChanges): Promise<boolean> {
  return updateVersioned(trx, 'unit', id, version, changes as VersionedSet<'unit'>);
}
