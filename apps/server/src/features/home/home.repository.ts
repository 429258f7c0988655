import { sql } from 'kysely';
import { HAZARD_STATES, OPEN_HAZARD_STATES, ROLES, SECOND_FACTOR_ROLES, type HazardDomain, type HazardState, type Role, type Scope } from '@xiaoan/domain';
import type { HomeAccountCounts, HomeHazardCounts, HomeOrgCounts } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { accountLockedUntil } from '../auth/index.js';

/*
 * The counting SQL of the home pages. Every count is of rows inside the caller's scope
 * (`inScope` on the row's own unit path), so a school counts only itself and a team only
 * its schools, exactly as the lists these numbers open would show.
 */

const n = (v: string | number | bigint | null | undefined) => Number(v ?? 0);
const OPEN = [...OPEN_HAZARD_STATES] as string[];
/** Open hazards that have a due date: overdue once it has passed (the ledger's own rule). */
const WITH_DUE = ['registered', 'rectifying', 'pending_verification'];

/** The ledger's figures: totals, per state, and open ones per domain. `today` is the date in Asia/Shanghai. */
export async function countHazards(db: DbOrTrx, scope: Scope, today: string): Promise<HomeHazardCounts> {
  const isOpen = sql<boolean>`h.state::text = ANY(${sql.val(OPEN)}::text[])`;
  const [totals, perState, perDomain] = await Promise.all([
    db
      .selectFrom('hazard as h')
      .where(inScope('h.unit_path', scope))
      .select([
        sql<string>`count(*)`.as('total'),
        sql<string>`count(*) FILTER (WHERE ${isOpen})`.as('open'),
        sql<string>`count(*) FILTER (WHERE h.state::text = ANY(${sql.val(WITH_DUE)}::text[]) AND h.due_date < ${today}::date)`.as('overdue'),
        sql<string>`count(*) FILTER (WHERE ${isOpen} AND h.listed)`.as('listed'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hazard as h')
      .where(inScope('h.unit_path', scope))
      .select(['h.state', sql<string>`count(*)`.as('n')])
      .groupBy('h.state')
      .execute(),
    db
      .selectFrom('hazard as h')
      .where(inScope('h.unit_path', scope))
      .where(isOpen)
      .select(['h.domain', sql<string>`count(*)`.as('n')])
      .groupBy('h.domain')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('h.domain')
      .execute(),
  ]);
  const byState = Object.fromEntries(HAZARD_STATES.map((s) => [s, 0])) as Record<HazardState, number>;
  for (const r of perState) byState[r.state] = n(r.n);
  return {
    total: n(totals.total),
    open: n(totals.open),
    overdue: n(totals.overdue),
    listed: n(totals.listed),
    byState,
    openByDomain: perDomain.map((r) => ({ domain: r.domain as HazardDomain, count: n(r.n) })),
  };
}

/** Schools, areas and campuses in scope; schools per area and per active team; schools no active team covers. */
export async function countOrg(db: DbOrTrx, scope: Scope, districtId: string): Promise<HomeOrgCounts> {
  const activeTeamOf = (school: string) =>
    sql<boolean>`EXISTS (SELECT 1 FROM supervision_team_school ts JOIN supervision_team t ON t.id = ts.team_id
                          WHERE ts.school_unit_id = ${sql.ref(school)} AND t.status = 'active')`;
  const [kinds, schoolsPerArea, areas, teams, unassigned] = await Promise.all([
    db
      .selectFrom('unit as u')
      .where(inScope('u.path', scope))
      .select(['u.kind', sql<string>`count(*)`.as('n')])
      .groupBy('u.kind')
      .execute(),
    // A school's area is the area above it, whether or not the area itself is in scope (a
    // team sees its schools' area names on the school list too).
    db
      .selectFrom('unit as s')
      .leftJoin('unit as a', (j) => j.on('a.kind', '=', 'area').on(sql<boolean>`a.path @> s.path`))
      .where('s.kind', '=', 'school')
      .where(inScope('s.path', scope))
      .select(['a.id', 'a.name', sql<string>`count(*)`.as('n')])
      .groupBy(['a.id', 'a.name'])
      .execute(),
    db.selectFrom('unit as a').where('a.kind', '=', 'area').where(inScope('a.path', scope)).select(['a.id', 'a.name']).orderBy('a.name').orderBy('a.id').execute(),
    db
      .selectFrom('supervision_team as t')
      .leftJoin('supervision_team_school as ts', 'ts.team_id', 't.id')
      .leftJoin('unit as s', (j) => j.onRef('s.id', '=', 'ts.school_unit_id').on(inScope('s.path', scope)))
      .where('t.bureau_unit_id', '=', districtId)
      .where('t.status', '=', 'active')
      .select(['t.id', 't.name', sql<string>`count(s.id)`.as('n')])
      .groupBy(['t.id', 't.name', 't.sort_order'])
      .orderBy('t.sort_order')
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('unit as s')
      .where('s.kind', '=', 'school')
      .where(inScope('s.path', scope))
      .where(sql<boolean>`NOT ${activeTeamOf('s.id')}`)
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const kind = (k: string) => n(kinds.find((r) => r.kind === k)?.n);
  // Every area in scope, also one without schools yet; then the schools under no area.
  const perArea: HomeOrgCounts['perArea'] = areas.map((a) => ({ id: a.id, name: a.name, count: n(schoolsPerArea.find((r) => r.id === a.id)?.n) }));
  for (const r of schoolsPerArea) {
    if (r.id === null) perArea.push({ id: null, name: '直属学校（未分片区）', count: n(r.n) });
    else if (!areas.some((a) => a.id === r.id)) perArea.push({ id: r.id, name: r.name ?? '', count: n(r.n) });
  }
  // A district-wide scope lists every active team, also one without schools; a narrower one
  // only the teams covering its schools.
  const districtWide = scope.unitPaths.includes(districtId);
  const perTeam = teams.filter((t) => districtWide || n(t.n) > 0).map((t) => ({ id: t.id, name: t.name, count: n(t.n) }));
  return {
    schools: kind('school'),
    areas: kind('area'),
    campuses: kind('campus'),
    teams: perTeam.length,
    unassignedSchools: n(unassigned.n),
    perArea,
    perTeam,
  };
}

/** The accounts in scope that can sign in: how many are disabled, locked, awaiting a password change or a second factor. */
export async function countAccounts(db: DbOrTrx, scope: Scope): Promise<HomeAccountCounts> {
  const withLogin = db
    .selectFrom('app_user as au')
    .innerJoin('unit', 'unit.id', 'au.unit_id')
    .where(inScope('unit.path', scope))
    .where('au.username', 'is not', null)
    .where('au.password_hash', 'is not', null);
  const needsFactor = sql<boolean>`au.role::text = ANY(${sql.val([...SECOND_FACTOR_ROLES])}::text[]) AND au.totp_secret IS NULL`;
  const [totals, perRole, missing] = await Promise.all([
    withLogin
      .select([
        sql<string>`count(*)`.as('total'),
        sql<string>`count(*) FILTER (WHERE au.status = 'disabled')`.as('disabled'),
        sql<string>`count(*) FILTER (WHERE au.status = 'active' AND ${accountLockedUntil('au.username')} IS NOT NULL)`.as('locked'),
        sql<string>`count(*) FILTER (WHERE au.status = 'active' AND au.must_change_password)`.as('must_change'),
        sql<string>`count(*) FILTER (WHERE au.status = 'active' AND au.totp_secret IS NOT NULL)`.as('with_factor'),
        sql<string>`count(*) FILTER (WHERE au.status = 'active' AND ${needsFactor})`.as('missing_factor'),
      ])
      .executeTakeFirstOrThrow(),
    withLogin.where('au.status', '=', 'active').select(['au.role', sql<string>`count(*)`.as('n')]).groupBy('au.role').execute(),
    withLogin
      .where('au.status', '=', 'active')
      .where(needsFactor)
      .select(['au.id', 'au.display_name', 'au.username', 'au.role'])
      .orderBy('au.id')
      .limit(10)
      .execute(),
  ]);
  return {
    total: n(totals.total),
    disabled: n(totals.disabled),
    locked: n(totals.locked),
    mustChangePassword: n(totals.must_change),
    withSecondFactor: n(totals.with_factor),
    missingSecondFactor: n(totals.missing_factor),
    missingSecondFactorUsers: missing.map((u) => ({ id: u.id, displayName: u.display_name, username: u.username, role: u.role as Role })),
    // In the order of ROLES (rank), as the home page lists them.
    perRole: ROLES.flatMap((role) => {
      const c = n(perRole.find((r) => r.role === role)?.n);
      return c ? [{ role, count: c }] : [];
    }),
  };
}
