import { sql } from 'kysely';
import type { Frequency, Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { inScope, inScopeByDistrict } from '../../db/scope.js';

/*
 * The dashboard's reads. Hazard figures come from the roll-up tables the hazard trigger keeps
 * (migration 0009), scoped on the hazard's own unit path exactly as the ledger is; the other
 * figures from the small tables of their features (inspection points and inspection_done_day,
 * report submissions, campaign task copies, supervision visits). Every read takes the scope
 * it counts within, already narrowed to the unit asked for (never wider than the caller's).
 * All answers are per school, so the service can sum them to any unit and its children.
 */

const n = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

export type UnitRow = { id: string; name: string; kind: 'bureau' | 'area' | 'school' | 'campus'; path: string };

/** A unit inside the scope (its subtree root lies in it), or undefined. */
export async function findUnitInScope(db: DbOrTrx, scope: Scope, id: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.kind', sql<string>`u.path::text`.as('path')])
    .where('u.id', '=', id)
    .where(inScope('u.path', scope))
    .executeTakeFirst();
}

/** The units on the path from `rootPath` (included) down to `path` (included), top first. */
export async function findUnitsBetween(db: DbOrTrx, rootPath: string, path: string): Promise<UnitRow[]> {
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', 'u.kind', sql<string>`u.path::text`.as('path')])
    .where(sql<boolean>`u.path @> ${path}::ltree AND u.path <@ ${rootPath}::ltree`)
    .orderBy(sql`nlevel(u.path)`)
    .execute();
}

export type TeamRow = { id: string; name: string; bureau_unit_id: string; bureau_path: string; school_paths: string[] };

/**
 * A supervision team with its schools' paths, when the caller may see it: its bureau lies in the
 * caller's scope, or the caller is one of its members (`userId`).
 */
export async function findTeamVisible(db: DbOrTrx, scope: Scope, teamId: string, userId: string): Promise<TeamRow | undefined> {
  const r = await db
    .selectFrom('supervision_team as t')
    .innerJoin('unit as b', 'b.id', 't.bureau_unit_id')
    .select([
      't.id',
      't.name',
      't.bureau_unit_id',
      sql<string>`b.path::text`.as('bureau_path'),
      sql<string[]>`coalesce((SELECT array_agg(s.path::text ORDER BY s.id) FROM supervision_team_school ts JOIN unit s ON s.id = ts.school_unit_id WHERE ts.team_id = t.id), '{}')`.as('school_paths'),
    ])
    .where('t.id', '=', teamId)
    .where((eb) =>
      eb.or([
        inScope('b.path', scope),
        eb.exists(eb.selectFrom('supervision_team_member as m').select('m.team_id').whereRef('m.team_id', '=', 't.id').where('m.user_id', '=', userId)),
      ]),
    )
    .executeTakeFirst();
  return r;
}

/** The active teams a member belongs to, in the bureau's order. */
export async function findMemberTeams(db: DbOrTrx, userId: string): Promise<{ id: string; name: string }[]> {
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

/** The areas of a district and its active teams, in their display order (the children of a district). */
export async function findAreas(db: DbOrTrx, districtPath: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('unit').select(['id', 'name']).where('kind', '=', 'area').where(sql<boolean>`path <@ ${districtPath}::ltree`).orderBy('name').orderBy('id').execute();
}

export async function findActiveTeams(db: DbOrTrx, districtId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('supervision_team').select(['id', 'name']).where('bureau_unit_id', '=', districtId).where('status', '=', 'active').orderBy('sort_order').orderBy('id').execute();
}

export type SchoolRow = { id: string; name: string; active: boolean; area_id: string | null; team_id: string | null };

/**
 * The schools in scope with the area above each and its first active team (by the team's
 * sort_order, then id): a school in several teams is counted under that one, so a district's
 * children by team still partition it.
 */
export async function findSchools(db: DbOrTrx, scope: Scope): Promise<SchoolRow[]> {
  return db
    .selectFrom('unit as s')
    .select([
      's.id',
      's.name',
      sql<boolean>`s.status = 'active'`.as('active'),
      sql<string | null>`(SELECT a.id FROM unit a WHERE a.kind = 'area' AND a.path @> s.path LIMIT 1)`.as('area_id'),
      sql<string | null>`(SELECT ts.team_id FROM supervision_team_school ts JOIN supervision_team t ON t.id = ts.team_id
                           WHERE ts.school_unit_id = s.id AND t.status = 'active' ORDER BY t.sort_order, t.id LIMIT 1)`.as('team_id'),
    ])
    .where('s.kind', '=', 'school')
    .where(inScope('s.path', scope))
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

export type OpenRow = { school_id: string; open: number; major: number; listed: number };

/** Open, open major and open listed hazards per school. */
export async function findOpenBySchool(db: DbOrTrx, scope: Scope): Promise<OpenRow[]> {
  const rows = await db
    .selectFrom('dashboard_open_hazard as t')
    .select([
      't.school_id',
      sql<string>`sum(t.n)`.as('open'),
      sql<string>`coalesce(sum(t.n) FILTER (WHERE t.grade = 'major'), 0)`.as('major'),
      sql<string>`coalesce(sum(t.n) FILTER (WHERE t.listed), 0)`.as('listed'),
    ])
    .where(inScopeByDistrict('t.unit_path', scope))
    .groupBy('t.school_id')
    .execute();
  return rows.map((r) => ({ school_id: r.school_id, open: n(r.open), major: n(r.major), listed: n(r.listed) }));
}

/** Overdue hazards (the ledger's rule: a state whose due date counts, due before `today`) per school and due date. */
export async function findOverdueBySchool(db: DbOrTrx, scope: Scope, today: string): Promise<{ school_id: string; due_date: string; n: number }[]> {
  const rows = await db
    .selectFrom('dashboard_open_hazard as t')
    .select(['t.school_id', sql<string>`t.due_date::text`.as('due_date'), sql<string>`sum(t.n)`.as('n')])
    .where(inScopeByDistrict('t.unit_path', scope))
    .where('t.with_due', '=', true)
    .where(sql<boolean>`t.due_date < ${today}::date`)
    .groupBy(['t.school_id', 't.due_date'])
    .execute();
  return rows.map((r) => ({ school_id: r.school_id, due_date: r.due_date, n: n(r.n) })).filter((r) => r.n > 0);
}

/** Open and overdue hazards per domain. */
export async function findOpenByDomain(db: DbOrTrx, scope: Scope, today: string): Promise<{ domain: string; open: number; overdue: number }[]> {
  const rows = await db
    .selectFrom('dashboard_open_hazard as t')
    .select(['t.domain', sql<string>`sum(t.n)`.as('open'), sql<string>`coalesce(sum(t.n) FILTER (WHERE t.with_due AND t.due_date < ${today}::date), 0)`.as('overdue')])
    .where(inScopeByDistrict('t.unit_path', scope))
    .groupBy('t.domain')
    .execute();
  return rows.map((r) => ({ domain: r.domain, open: n(r.open), overdue: n(r.overdue) })).filter((r) => r.open > 0);
}

export type DayRange = { from: string; to: string };
export type PeriodSplit = { months: DayRange | null; days: DayRange[] };
type Tally = { found: number; rejected: number; foundClosed: number; closed: number };

/** The tally rows of a period: whole months from the month table, the loose days from the day table. */
function periodRows(scope: Scope, split: PeriodSplit) {
  const parts = [];
  if (split.months) {
    const m = split.months;
    parts.push(sql`SELECT school_id, to_char(month, 'YYYY-MM') AS ym, found, found_rejected, found_closed, closed FROM dashboard_hazard_month
                    WHERE ${inScopeByDistrict('unit_path', scope)} AND month BETWEEN ${m.from}::date AND ${m.to}::date`);
  }
  for (const d of split.days) {
    parts.push(sql`SELECT school_id, to_char(day, 'YYYY-MM') AS ym, found, found_rejected, found_closed, closed FROM dashboard_hazard_day
                    WHERE ${inScopeByDistrict('unit_path', scope)} AND day BETWEEN ${d.from}::date AND ${d.to}::date`);
  }
  return parts.length ? sql.join(parts, sql` UNION ALL `) : null;
}

const tallyOf = (r: { found: string; rejected: string; found_closed: string; closed: string }): Tally => ({ found: n(r.found), rejected: n(r.rejected), foundClosed: n(r.found_closed), closed: n(r.closed) });

/** Per school, hazards found in the period (all, rejected, closed by now) and closed in it. */
export async function findPeriodBySchool(db: DbOrTrx, scope: Scope, split: PeriodSplit): Promise<(Tally & { school_id: string })[]> {
  const rows = periodRows(scope, split);
  if (!rows) return [];
  const r = await sql<{ school_id: string; found: string; rejected: string; found_closed: string; closed: string }>`
    SELECT school_id, sum(found) AS found, sum(found_rejected) AS rejected, sum(found_closed) AS found_closed, sum(closed) AS closed
      FROM (${rows}) x GROUP BY school_id`.execute(db);
  return r.rows.map((x) => ({ school_id: String(x.school_id), ...tallyOf(x) }));
}

/** Per month ("YYYY-MM") of the period, hazards found and closed in it. */
export async function findTrend(db: DbOrTrx, scope: Scope, split: PeriodSplit): Promise<Map<string, Tally>> {
  const rows = periodRows(scope, split);
  if (!rows) return new Map();
  const r = await sql<{ ym: string; found: string; rejected: string; found_closed: string; closed: string }>`
    SELECT ym, sum(found) AS found, sum(found_rejected) AS rejected, sum(found_closed) AS found_closed, sum(closed) AS closed
      FROM (${rows}) x GROUP BY ym`.execute(db);
  return new Map(r.rows.map((x) => [x.ym, tallyOf(x)]));
}

export type PointGroup = { school_id: string; frequency: Frequency; active_from: string; retired_on: string | null; n: number };

/** The inspection points alive at some time in [from, to], grouped by school and life (points of one life owe the same periods). */
export async function findPointGroups(db: DbOrTrx, scope: Scope, from: string, to: string): Promise<PointGroup[]> {
  const rows = await db
    .selectFrom('inspection_point as p')
    .select(['p.school_id', 'p.frequency', sql<string>`p.active_from::text`.as('active_from'), sql<string | null>`p.retired_on::text`.as('retired_on'), sql<string>`count(*)`.as('n')])
    .where(inScope('p.unit_path', scope))
    .where('p.active_from', '<=', to)
    .where((eb) => eb.or([eb('p.retired_on', 'is', null), eb('p.retired_on', '>', from)]))
    .groupBy(['p.school_id', 'p.frequency', 'p.active_from', 'p.retired_on'])
    .execute();
  return rows.map((r) => ({ ...r, n: n(r.n) }));
}

/**
 * Per school, the point-periods done whose period ends in [from, to] (inspection_done_day, kept by
 * the inspection trigger). One probe of its primary key (unit_id, period_end) per unit in scope: a
 * LATERAL join keeps that plan whatever the ltree estimate (a hash join read the whole table).
 */
export async function findChecksDoneBySchool(db: DbOrTrx, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const r = await sql<{ school_id: string; done: string }>`
    SELECT d.school_id, sum(d.done) AS done
      FROM unit u
      CROSS JOIN LATERAL (
        SELECT x.school_id, x.done FROM inspection_done_day x
         WHERE x.unit_id = u.id AND x.period_end BETWEEN ${from}::date AND ${to}::date) d
     WHERE ${inScope('u.path', scope)} AND u.kind IN ('school', 'campus')
     GROUP BY d.school_id`.execute(db);
  return new Map(r.rows.map((x) => [String(x.school_id), n(x.done)]));
}

export type DuePeriod = { typeId: string; bureauPath: string; key: string; start: string; end: string };

/**
 * Per school, the reports due (应报) in the given (type, period) pairs and those first submitted
 * on time. A school is expected for a period under the completeness query's rule
 * (reports/completeness.repository.ts `findExpected`, domain `isExpectedFor`): reporting from
 * on or before the period's first day and not disabled before its last.
 */
export async function findReportsBySchool(db: DbOrTrx, scope: Scope, periods: readonly DuePeriod[]): Promise<{ school_id: string; due: number; on_time: number }[]> {
  if (!periods.length) return [];
  const values = sql.join(periods.map((p) => sql`(${p.typeId}::bigint, ${p.bureauPath}::ltree, ${p.key}::text, ${p.start}::date, ${p.end}::date)`));
  const r = await sql<{ school_id: string; due: string; on_time: string }>`
    SELECT u.id AS school_id, count(*) AS due, count(*) FILTER (WHERE s.first_submitted_at IS NOT NULL AND s.on_time) AS on_time
      FROM (VALUES ${values}) AS p(type_id, bureau_path, key, start_on, end_on)
      JOIN unit u ON u.kind = 'school' AND u.path <@ p.bureau_path
       AND u.reporting_from <= p.start_on AND (u.disabled_on IS NULL OR u.disabled_on > p.end_on)
       AND (u.status = 'active' OR u.disabled_on IS NOT NULL)
      LEFT JOIN LATERAL (
        SELECT s.first_submitted_at, s.on_time FROM report_submission s
         WHERE s.unit_id = u.id AND s.report_type_id = p.type_id AND s.period_key = p.key AND s.submitter_kind = 'school'
         LIMIT 1) s ON true
     WHERE ${inScope('u.path', scope)}
     GROUP BY u.id`.execute(db);
  return r.rows.map((x) => ({ school_id: String(x.school_id), due: n(x.due), on_time: n(x.on_time) }));
}

/** Per school, campaign task copies not done whose task's deadline has passed (domain `isTaskOverdue`: due before today). */
export async function findOverdueTasksBySchool(db: DbOrTrx, scope: Scope, today: string, campaignId?: string): Promise<Map<string, number>> {
  let q = db
    .selectFrom('campaign_task_school as ts')
    .innerJoin('campaign_task as t', 't.id', 'ts.task_id')
    .select(['ts.school_unit_id', sql<string>`count(*)`.as('n')])
    .where(inScope('ts.school_path', scope))
    .where('ts.status', '<>', 'done')
    .where('t.deadline', 'is not', null)
    .where(sql<boolean>`t.deadline < ${today}::date`);
  if (campaignId) q = q.where('t.campaign_id', '=', campaignId);
  const rows = await q.groupBy('ts.school_unit_id').execute();
  return new Map(rows.map((r) => [r.school_unit_id, n(r.n)]));
}

/** The schools with a supervision visit done (visited) in [from, to]. */
export async function findSupervisedSchools(db: DbOrTrx, scope: Scope, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('supervision_visit as v')
    .select('v.school_id')
    .distinct()
    .where(inScope('v.school_path', scope))
    .where('v.status', '=', 'done')
    .where('v.visited_on', '>=', from)
    .where('v.visited_on', '<=', to)
    .execute();
  return new Set(rows.map((r) => r.school_id));
}

export type CampaignRow = { id: string; title: string; bureau_path: string; period_start: string; period_end: string; scope: { all: boolean; schoolKinds: string[]; areaIds: string[]; schoolIds: string[] } };

/** A campaign the caller sees: its bureau lies in the scope, or above a unit of it (a school or team sees its district's campaigns). */
export async function findCampaignVisible(db: DbOrTrx, scope: Scope, id: string): Promise<CampaignRow | undefined> {
  if (scope.unitPaths.length === 0) return undefined;
  return db
    .selectFrom('campaign as c')
    .select(['c.id', 'c.title', sql<string>`c.bureau_unit_path::text`.as('bureau_path'), sql<string>`c.period_start::text`.as('period_start'), sql<string>`c.period_end::text`.as('period_end'), 'c.scope'])
    .where('c.id', '=', id)
    .where(sql<boolean>`(${inScope('c.bureau_unit_path', scope)} OR c.bureau_unit_path @> ANY(${sql.val(scope.unitPaths)}::ltree[]))`)
    .executeTakeFirst();
}

/** The paths of the schools a campaign names: every school of its district, or those of its kinds, areas and named schools. */
export async function findCampaignSchoolPaths(db: DbOrTrx, c: CampaignRow, kinds: readonly string[]): Promise<string[]> {
  const s = c.scope;
  const rows = await db
    .selectFrom('unit as u')
    .select(sql<string>`u.path::text`.as('path'))
    .where('u.kind', '=', 'school')
    .where(sql<boolean>`u.path <@ ${c.bureau_path}::ltree`)
    .where(
      s.all
        ? sql<boolean>`true`
        : sql<boolean>`(u.school_kind = ANY(${sql.val([...kinds])}::text[])
             OR u.id = ANY(${sql.val(s.schoolIds)}::bigint[])
             OR EXISTS (SELECT 1 FROM unit a WHERE a.id = ANY(${sql.val(s.areaIds)}::bigint[]) AND a.path @> u.path))`,
    )
    .execute();
  return rows.map((r) => r.path);
}
