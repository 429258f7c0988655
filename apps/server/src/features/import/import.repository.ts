import { sql, type Updateable } from 'kysely';
import type { SchoolKind } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { UnitTable } from '../../db/schema.js';

/** What a school sheet may set on a school besides its name and place. */
type SchoolDetails = {
  eduGroupId: string | null;
  address: string | null;
  principal: string | null;
  safetyOfficer: string | null;
  phone: string | null;
  enrolment: number | null;
};

/** The rows of the district that an import may refer to, keyed by name. */
export type DistrictSnapshot = {
  areas: Map<string, { id: string; path: string; status: 'active' | 'disabled' }>;
  schools: Map<
    string,
    SchoolDetails & {
      id: string;
      path: string;
      parentId: string;
      status: 'active' | 'disabled';
      schoolKind: SchoolKind | null;
      /** Ids of the teams (any status) the school is assigned to. */
      teamIds: string[];
    }
  >;
  teams: Map<string, { id: string; status: 'active' | 'disabled' }>;
  eduGroups: Map<string, { id: string }>;
};

const inDistrict = (rootId: string) => sql<boolean>`subpath(path, 0, 1) = text2ltree(${rootId})`;

/** Areas, schools, supervision teams and education groups of one district (the bureau with id `rootId`). */
export async function loadDistrict(db: DbOrTrx, rootId: string): Promise<DistrictSnapshot> {
  const [areas, schools, teams, groups] = await Promise.all([
    db
      .selectFrom('unit')
      .select(['id', 'name', 'status', sql<string>`path::text`.as('path')])
      .where(inDistrict(rootId))
      .where('kind', '=', 'area')
      .execute(),
    db
      .selectFrom('unit as u')
      .select([
        'u.id',
        'u.name',
        'u.parent_id',
        'u.status',
        'u.school_kind',
        'u.edu_group_id',
        'u.address',
        'u.principal',
        'u.safety_officer',
        'u.phone',
        'u.enrolment',
        sql<string>`u.path::text`.as('path'),
        sql<string[]>`ARRAY(SELECT ts.team_id::text FROM supervision_team_school ts WHERE ts.school_unit_id = u.id)`.as('team_ids'),
      ])
      .where(sql<boolean>`subpath(u.path, 0, 1) = text2ltree(${rootId})`)
      .where('u.kind', '=', 'school')
      .execute(),
    db.selectFrom('supervision_team').select(['id', 'name', 'status']).where('bureau_unit_id', '=', rootId).execute(),
    db.selectFrom('edu_group').select(['id', 'name']).where('bureau_unit_id', '=', rootId).execute(),
  ]);
  return {
    areas: new Map(areas.map((a) => [a.name, { id: a.id, path: a.path, status: a.status }])),
    schools: new Map(
      schools.map((s) => [
        s.name,
        {
          id: s.id,
          path: s.path,
          parentId: s.parent_id ?? rootId,
          status: s.status,
          schoolKind: s.school_kind,
          eduGroupId: s.edu_group_id,
          address: s.address,
          principal: s.principal,
          safetyOfficer: s.safety_officer,
          phone: s.phone,
          enrolment: s.enrolment,
          teamIds: s.team_ids,
        },
      ]),
    ),
    teams: new Map(teams.map((t) => [t.name, { id: t.id, status: t.status }])),
    eduGroups: new Map(groups.map((g) => [g.name, { id: g.id }])),
  };
}

/** Serialises imports into one district: a second one waits and then sees the first one's schools. */
export async function lockDistrictImport(trx: Trx, rootId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`xiaoan.unit_import.${rootId}`}, 0))`.execute(trx);
}

export async function insertAreas(trx: Trx, rootId: string, names: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  const rows = await trx
    .insertInto('unit')
    .values(names.map((name) => ({ kind: 'area' as const, parent_id: rootId, name })))
    .returning(['id', 'name'])
    .execute();
  for (const r of rows) ids.set(r.name, r.id);
  return ids;
}

export type NewSchool = SchoolDetails & { parentId: string; name: string; schoolKind: SchoolKind };

const CHUNK = 500;

/** Inserts schools in batches; returns their ids by name (names are unique in a district). */
export async function insertSchools(trx: Trx, schools: NewSchool[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < schools.length; i += CHUNK) {
    const rows = await trx
      .insertInto('unit')
      .values(
        schools.slice(i, i + CHUNK).map((s) => ({
          kind: 'school' as const,
          parent_id: s.parentId,
          name: s.name,
          school_kind: s.schoolKind,
          edu_group_id: s.eduGroupId,
          address: s.address,
          principal: s.principal,
          safety_officer: s.safetyOfficer,
          phone: s.phone,
          enrolment: s.enrolment,
        })),
      )
      .returning(['id', 'name'])
      .execute();
    for (const r of rows) ids.set(r.name, r.id);
  }
  return ids;
}

export type SchoolChanges = Pick<
  Updateable<UnitTable>,
  'parent_id' | 'school_kind' | 'edu_group_id' | 'address' | 'principal' | 'safety_officer' | 'phone' | 'enrolment'
>;

export async function updateSchool(trx: Trx, id: string, changes: SchoolChanges): Promise<void> {
  await trx
    .updateTable('unit')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('kind', '=', 'school')
    .execute();
}

/**
 * Adds school–team assignments (never removes one); returns how many were new.
 * The teams whose school list changed get a new version, so that an editor
 * holding the old list cannot silently save over the import.
 */
export async function addAssignments(trx: Trx, pairs: { teamId: string; schoolId: string }[]): Promise<number> {
  let added = 0;
  const teams = new Set<string>();
  for (let i = 0; i < pairs.length; i += CHUNK * 2) {
    const rows = await trx
      .insertInto('supervision_team_school')
      .values(pairs.slice(i, i + CHUNK * 2).map((p) => ({ team_id: p.teamId, school_unit_id: p.schoolId })))
      .onConflict((oc) => oc.columns(['team_id', 'school_unit_id']).doNothing())
      .returning('team_id')
      .execute();
    added += rows.length;
    for (const r of rows) teams.add(r.team_id);
  }
  if (teams.size > 0) {
    await trx
      .updateTable('supervision_team')
      .set({ version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', 'in', [...teams])
      .execute();
  }
  return added;
}
