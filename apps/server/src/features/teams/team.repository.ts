import { sql } from 'kysely';
import type { Role, Scope, SchoolKind, UnitKind } from '@xiaoan/domain';
import type { LeadingGroupMember, SupervisionTeam } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned } from '../../db/versioned.js';

type Position = 'leader' | 'deputy' | 'member';
type Status = 'active' | 'disabled';

/**
 * Which teams a caller sees, always inside its district: every team (bureau
 * roles), the active teams it belongs to (a team member), or the active teams
 * assigned to a school in its scope (a school admin). A team's school list is
 * always cut to the caller's scope.
 */
export type TeamScope =
  | { kind: 'district'; districtId: string; scope: Scope }
  | { kind: 'member'; districtId: string; scope: Scope; userId: string }
  | { kind: 'school'; districtId: string; scope: Scope };

export type TeamFilter = { status?: Status; q?: string };

function baseQuery(db: DbOrTrx, ts: TeamScope) {
  let q = db.selectFrom('supervision_team as t').where('t.bureau_unit_id', '=', ts.districtId);
  if (ts.kind === 'member') {
    const userId = ts.userId;
    q = q
      .where('t.status', '=', 'active')
      .where((eb) =>
        eb.exists(
          eb.selectFrom('supervision_team_member as m').select(sql`1`.as('one')).whereRef('m.team_id', '=', 't.id').where('m.user_id', '=', userId),
        ),
      );
  } else if (ts.kind === 'school') {
    q = q
      .where('t.status', '=', 'active')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('supervision_team_school as s')
            .innerJoin('unit', 'unit.id', 's.school_unit_id')
            .select(sql`1`.as('one'))
            .whereRef('s.team_id', '=', 't.id')
            .where(inScope('unit.path', ts.scope)),
        ),
      );
  }
  return q;
}

const POSITION_ORDER = sql`array_position(ARRAY['leader','deputy','member'], m.position)`;

/** Members and (scoped) schools of the given teams, each school with every active team it is assigned to. */
async function loadDetails(
  db: DbOrTrx,
  ts: TeamScope,
  teams: { id: string; name: string; status: Status; version: number }[],
): Promise<SupervisionTeam[]> {
  if (teams.length === 0) return [];
  const ids = teams.map((t) => t.id);
  const [members, schools] = await Promise.all([
    db
      .selectFrom('supervision_team_member as m')
      .innerJoin('app_user as au', 'au.id', 'm.user_id')
      .select([
        'm.team_id',
        'm.user_id',
        'au.display_name',
        'au.title',
        'm.position',
        sql<boolean>`(au.username IS NOT NULL AND au.password_hash IS NOT NULL)`.as('has_login'),
      ])
      .where('m.team_id', 'in', ids)
      .orderBy(POSITION_ORDER)
      .orderBy('m.sort_order')
      .orderBy('au.id')
      .execute(),
    db
      .selectFrom('supervision_team_school as s')
      .innerJoin('unit', 'unit.id', 's.school_unit_id')
      .select([
        's.team_id',
        'unit.id',
        'unit.name',
        'unit.school_kind',
        sql<string[]>`coalesce((
          SELECT array_agg(t2.name ORDER BY t2.sort_order, t2.id)
            FROM supervision_team_school s2 JOIN supervision_team t2 ON t2.id = s2.team_id
           WHERE s2.school_unit_id = unit.id AND t2.status = 'active'), '{}')`.as('active_teams'),
      ])
      .where('s.team_id', 'in', ids)
      .where(inScope('unit.path', ts.scope))
      .orderBy('unit.name')
      .orderBy('unit.id')
      .execute(),
  ]);
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    status: t.status,
    version: t.version,
    members: members
      .filter((m) => m.team_id === t.id)
      .map((m) => ({ userId: m.user_id, displayName: m.display_name, title: m.title, position: m.position, hasLogin: m.has_login })),
    schools: schools
      .filter((s) => s.team_id === t.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        schoolKind: s.school_kind as SchoolKind | null,
        // Team names are unique within a bureau, so the name identifies this team.
        otherTeams: s.active_teams.filter((n) => n !== t.name),
      })),
  }));
}

/** Teams the caller sees, filtered and paged, with the total under the same conditions. */
export async function findTeams(
  db: DbOrTrx,
  ts: TeamScope,
  filter: TeamFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: SupervisionTeam[]; total: number }> {
  let q = baseQuery(db, ts);
  if (filter.status) q = q.where('t.status', '=', filter.status);
  if (filter.q) q = q.where(sql<boolean>`strpos(t.name, ${filter.q}) > 0`);
  const [rows, count] = await Promise.all([
    q
      .select(['t.id', 't.name', 't.status', 't.version'])
      .orderBy('t.sort_order')
      .orderBy('t.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await loadDetails(db, ts, rows), total: Number(count.n) };
}

/** One team the caller sees, or undefined (a team it may not see reads exactly like a missing one). */
export async function findTeamById(db: DbOrTrx, ts: TeamScope, id: string): Promise<SupervisionTeam | undefined> {
  const row = await baseQuery(db, ts).select(['t.id', 't.name', 't.status', 't.version']).where('t.id', '=', id).executeTakeFirst();
  return row ? (await loadDetails(db, ts, [row]))[0] : undefined;
}

/** The units among `ids` that lie in the scope (of any kind: the caller tells schools from the rest). */
export async function findUnitsInScope(
  db: DbOrTrx,
  scope: Scope,
  ids: readonly string[],
): Promise<{ id: string; name: string; kind: UnitKind }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('unit').select(['id', 'name', 'kind']).where('id', 'in', ids).where(inScope('unit.path', scope)).execute();
}

/** People among `ids`, with their role and the district of their unit. */
export async function findPeople(
  db: DbOrTrx,
  ids: readonly string[],
): Promise<{ id: string; displayName: string; role: Role; districtId: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('app_user as au')
    .innerJoin('unit', 'unit.id', 'au.unit_id')
    .select(['au.id', 'au.display_name as displayName', 'au.role', sql<string>`subpath(unit.path, 0, 1)::text`.as('districtId')])
    .where('au.id', 'in', ids)
    .execute();
}

/** Appends a team at the end of the district's list. */
export async function insertTeam(db: DbOrTrx, districtId: string, name: string): Promise<string> {
  const row = await db
    .insertInto('supervision_team')
    .values({
      bureau_unit_id: districtId,
      name,
      sort_order: sql<number>`(SELECT coalesce(max(sort_order), -1) + 1 FROM supervision_team WHERE bureau_unit_id = ${districtId})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes name/status when the row still has the version the caller read; false when it does not. */
export async function updateTeamRow(
  db: DbOrTrx,
  id: string,
  version: number,
  changes: { name?: string; status?: Status },
): Promise<boolean> {
  return updateVersioned(db, 'supervision_team', id, version, changes);
}

/** Replaces the whole member list, in the order given. */
export async function replaceMembers(db: DbOrTrx, teamId: string, members: readonly { userId: string; position: Position }[]): Promise<void> {
  await db.deleteFrom('supervision_team_member').where('team_id', '=', teamId).execute();
  if (members.length === 0) return;
  await db
    .insertInto('supervision_team_member')
    .values(members.map((m, i) => ({ team_id: teamId, user_id: m.userId, position: m.position, sort_order: i })))
    .execute();
}

/**
 * Replaces the team's schools inside the scope; schools of the team outside the
 * caller's scope (which it cannot see) are left as they are.
 */
export async function replaceSchools(db: DbOrTrx, teamId: string, scope: Scope, schoolIds: readonly string[]): Promise<void> {
  await db
    .deleteFrom('supervision_team_school')
    .where('team_id', '=', teamId)
    .where('school_unit_id', 'in', (eb) => eb.selectFrom('unit').select('unit.id').where(inScope('unit.path', scope)))
    .execute();
  if (schoolIds.length === 0) return;
  await db
    .insertInto('supervision_team_school')
    .values(schoolIds.map((s) => ({ team_id: teamId, school_unit_id: s })))
    .onConflict((oc) => oc.columns(['team_id', 'school_unit_id']).doNothing())
    .execute();
}

/** The bureau's leading group (领导小组): leader, deputies, members, in the bureau's order. */
export async function findLeadingGroup(db: DbOrTrx, districtId: string): Promise<LeadingGroupMember[]> {
  const rows = await db
    .selectFrom('leading_group_member as m')
    .innerJoin('app_user as au', 'au.id', 'm.user_id')
    .select(['m.user_id', 'au.display_name', sql<string | null>`coalesce(m.title, au.title)`.as('title'), 'm.position'])
    .where('m.unit_id', '=', districtId)
    .orderBy(POSITION_ORDER)
    .orderBy('m.sort_order')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, title: r.title, position: r.position }));
}

/**
 * The team's schools (inside the scope) that are also assigned to another
 * active team, with every active team they are in, in the bureau's order.
 * Empty when the team itself is not active.
 */
export async function findSharedSchools(db: DbOrTrx, teamId: string, scope: Scope): Promise<{ name: string; teams: string[] }[]> {
  return db
    .selectFrom('supervision_team_school as s')
    .innerJoin('unit', 'unit.id', 's.school_unit_id')
    .innerJoin('supervision_team_school as s2', 's2.school_unit_id', 'unit.id')
    .innerJoin('supervision_team as t2', 't2.id', 's2.team_id')
    .select(['unit.name', sql<string[]>`array_agg(t2.name ORDER BY t2.sort_order, t2.id)`.as('teams')])
    .where('s.team_id', '=', teamId)
    .where('t2.status', '=', 'active')
    .where(inScope('unit.path', scope))
    .groupBy(['unit.id', 'unit.name'])
    .having(sql<boolean>`count(*) >= 2 AND bool_or(t2.id = ${teamId})`)
    .orderBy('unit.name')
    .execute();
}
