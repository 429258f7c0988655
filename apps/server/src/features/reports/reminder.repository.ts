import type { DbOrTrx } from '../../db/database.js';

/** Who the reporting reminders go to (the notifier asks; the sweep decides what is due). Active users only. */

const groupBy = (rows: readonly { key: string; user: string }[]) => {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.key, [...(m.get(r.key) ?? []), r.user]);
  return m;
};

/** The users of each submitter: a school's own accounts, a team's members, a department's staff. */
export async function findSubmitterUsers(db: DbOrTrx, kind: 'school' | 'team' | 'department', ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const wanted = [...new Set(ids)];
  if (kind === 'team') {
    const rows = await db
      .selectFrom('supervision_team_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.team_id as key', 'u.id as user'])
      .where('m.team_id', 'in', wanted)
      .where('u.status', '=', 'active')
      .execute();
    return groupBy(rows);
  }
  const rows = await db
    .selectFrom('app_user')
    .select([kind === 'school' ? 'unit_id as key' : 'department_id as key', 'id as user'])
    .where(kind === 'school' ? 'unit_id' : 'department_id', 'in', wanted)
    .where('status', '=', 'active')
    .where('role', 'in', kind === 'school' ? ['school_admin', 'school_staff'] : ['bureau_staff'])
    .execute();
  return groupBy(rows.flatMap((r) => (r.key ? [{ key: String(r.key), user: r.user }] : [])));
}

/** For each school, the active teams covering it; for each of those teams, its active members. */
export async function findCoveringTeams(db: DbOrTrx, schoolIds: readonly string[]): Promise<{ teamsOf: Map<string, string[]>; membersOf: Map<string, string[]>; teamNames: Map<string, string> }> {
  if (schoolIds.length === 0) return { teamsOf: new Map(), membersOf: new Map(), teamNames: new Map() };
  const cover = await db
    .selectFrom('supervision_team_school as ts')
    .innerJoin('supervision_team as x', 'x.id', 'ts.team_id')
    .select(['ts.school_unit_id as key', 'x.id as user', 'x.name'])
    .where('ts.school_unit_id', 'in', [...new Set(schoolIds)])
    .where('x.status', '=', 'active')
    .execute();
  const teamIds = [...new Set(cover.map((c) => c.user))];
  return {
    teamsOf: groupBy(cover),
    membersOf: await findSubmitterUsers(db, 'team', teamIds),
    teamNames: new Map(cover.map((c) => [c.user, c.name])),
  };
}

/** The bureau's staff (the bureau side of the missing list). */
export async function findBureauStaff(db: DbOrTrx, bureauUnitId: string): Promise<string[]> {
  const rows = await db.selectFrom('app_user').select('id').where('unit_id', '=', bureauUnitId).where('role', '=', 'bureau_staff').where('status', '=', 'active').execute();
  return rows.map((r) => r.id);
}
