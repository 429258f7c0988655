import { sql } from 'kysely';
import type { RiskLevel, RiskTally, Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/*
 * The reads of the district's risk picture (风险分布). Every count is of active risks, per school,
 * in SQL over the scope the picture is of (never wider than the caller's); the service folds the
 * per-school tallies into areas with the domain's buildRiskHeat.
 */

export type PictureUnitRow = { id: string; name: string; kind: 'bureau' | 'area' | 'school' | 'campus'; path: string };

/**
 * A unit the caller may see the picture of: it lies in the scope, or part of the scope lies
 * inside it (a team's area: only the team's schools in it are counted).
 */
export async function findPictureUnit(db: DbOrTrx, scope: Scope, id: string): Promise<PictureUnitRow | undefined> {
  if (scope.unitPaths.length === 0) return undefined;
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.kind', sql<string>`u.path::text`.as('path')])
    .where('u.id', '=', id)
    .where('u.kind', 'in', ['bureau', 'area', 'school', 'campus'])
    .where((eb) => eb.or([inScope('u.path', scope), sql<boolean>`u.path @> ANY(${sql.val(scope.unitPaths)}::ltree[])`]))
    .executeTakeFirst();
}

/** The units from `rootPath` (excluded) down to `path` (included), top first. */
export async function findUnitsBelow(db: DbOrTrx, rootPath: string, path: string): Promise<PictureUnitRow[]> {
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.kind', sql<string>`u.path::text`.as('path')])
    .where(sql<boolean>`u.path @> ${path}::ltree AND u.path <@ ${rootPath}::ltree AND u.path <> ${rootPath}::ltree`)
    .orderBy(sql`nlevel(u.path)`)
    .execute();
}

/** The names of the active teams a member belongs to (a member's picture is of its teams' schools). */
export async function findMemberTeamNames(db: DbOrTrx, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('supervision_team_member as m')
    .innerJoin('supervision_team as t', 't.id', 'm.team_id')
    .select(['t.id', 't.name'])
    .where('m.user_id', '=', userId)
    .where('t.status', '=', 'active')
    .orderBy('t.sort_order')
    .orderBy('t.id')
    .execute();
}

export type PictureSchoolRow = { id: string; name: string; area_id: string | null; area_name: string | null };

/** The schools in the scope (disabled ones too: their active risks still count) with the area above each (null for a school directly under the bureau). */
export async function findPictureSchools(db: DbOrTrx, scope: Scope): Promise<PictureSchoolRow[]> {
  return db
    .selectFrom('unit as s')
    .leftJoin('unit as a', (j) => j.on('a.kind', '=', 'area').on(sql<boolean>`a.path @> s.path`))
    .select(['s.id', 's.name', 'a.id as area_id', 'a.name as area_name'])
    .where('s.kind', '=', 'school')
    .where(inScope('s.path', scope))
    .orderBy('a.name')
    .orderBy('a.id')
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

/** Active risks per (school, domain, level) in the scope, optionally of one domain. */
export async function findRiskTallies(db: DbOrTrx, scope: Scope, domain: string | undefined): Promise<RiskTally[]> {
  const rows = await db
    .selectFrom('risk as r')
    .select(['r.unit_id', 'r.domain', 'r.level', sql<string>`count(*)`.as('n')])
    .where('r.status', '=', 'active')
    .where(inScope('r.unit_path', scope))
    .$if(!!domain, (q) => q.where('r.domain', '=', domain!))
    .groupBy(['r.unit_id', 'r.domain', 'r.level'])
    .execute();
  return rows.map((r) => ({ schoolId: r.unit_id, domain: r.domain, level: r.level, n: Number(r.n) }));
}

export type MajorRiskRow = { id: string; school_id: string; name: string; domain: string; point_name: string | null; level: RiskLevel };

/** The active major (red) risks in the scope, by school, then the newest first. */
export async function findMajorRisks(db: DbOrTrx, scope: Scope, domain: string | undefined): Promise<MajorRiskRow[]> {
  return db
    .selectFrom('risk as r')
    .leftJoin('inspection_point as p', 'p.id', 'r.point_id')
    .select(['r.id', 'r.unit_id as school_id', 'r.name', 'r.domain', 'p.name as point_name', 'r.level'])
    .where('r.status', '=', 'active')
    .where('r.level', '=', 'major')
    .where(inScope('r.unit_path', scope))
    .$if(!!domain, (q) => q.where('r.domain', '=', domain!))
    .orderBy('r.unit_id')
    .orderBy('r.score', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}
