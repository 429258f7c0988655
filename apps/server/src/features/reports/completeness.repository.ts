import { sql, type RawBuilder } from 'kysely';
import type { Scope, StoredReportState } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/**
 * The expected submissions (应报) of a type for some periods: derived in one query from the
 * submitting units that were reporting for the whole period (reporting_from on or before its
 * first day; not disabled before its last day), left-joined to the submission rows. No
 * expected rows are stored.
 */

export type ExpectedRow = {
  period_key: string;
  unit_id: string;
  unit_name: string;
  area_id: string | null;
  area_name: string | null;
  safety_officer: string | null;
  phone: string | null;
  submission_id: string | null;
  state: StoredReportState | null;
  first_submitted_at: Date | null;
  on_time: boolean | null;
};

export type ExpectedFilter = { areaId?: string; teamId?: string };
export type TypeRef = { id: string; submitter_kind: 'school' | 'team' | 'department'; bureau_unit_id: string; bureau_unit_path: string };
export type PeriodSpan = { key: string; start: string; end: string };

function periodsValues(periods: readonly PeriodSpan[]): RawBuilder<unknown> {
  return sql`(VALUES ${sql.join(periods.map((p) => sql`(${p.key}::text, ${p.start}::date, ${p.end}::date)`))}) AS p(key, start_on, end_on)`;
}

/**
 * Expected rows of `periods` for the type, restricted to the caller's scope (a school sees its
 * own row, a team its schools). For team-submitted types the caller sees every team when its
 * scope holds the bureau, else only the teams it belongs to (`ownTeamIds`).
 */
export async function findExpected(
  db: DbOrTrx,
  scope: Scope,
  t: TypeRef,
  periods: readonly PeriodSpan[],
  f: ExpectedFilter,
  access: { bureauInScope: boolean; ownTeamIds: readonly string[] },
): Promise<ExpectedRow[]> {
  if (periods.length === 0) return [];
  const values = periodsValues(periods);
  if (t.submitter_kind === 'school') {
    const area = f.areaId ? sql`AND u.path <@ (SELECT path FROM unit WHERE id = ${f.areaId} AND kind = 'area')` : sql``;
    const team = f.teamId ? sql`AND u.id IN (SELECT school_unit_id FROM supervision_team_school WHERE team_id = ${f.teamId})` : sql``;
    // The submission of each (unit, period) is one probe of report_submission_unit_idx: a LATERAL
    // join keeps that plan whatever the statistics say (ltree selectivity makes PostgreSQL expect
    // a single school, and a plain join then filters every submission of the period per school).
    const r = await sql<ExpectedRow>`
      SELECT p.key AS period_key, u.id AS unit_id, u.name AS unit_name, a.id AS area_id, a.name AS area_name,
             u.safety_officer, u.phone, s.id AS submission_id, s.state, s.first_submitted_at, s.on_time
        FROM ${values}
        JOIN unit u ON u.kind = 'school' AND u.path <@ ${t.bureau_unit_path}::ltree
         AND u.reporting_from <= p.start_on AND (u.disabled_on IS NULL OR u.disabled_on > p.end_on)
         AND (u.status = 'active' OR u.disabled_on IS NOT NULL)
        LEFT JOIN unit a ON a.id = u.parent_id AND a.kind = 'area'
        LEFT JOIN LATERAL (
          SELECT s.id, s.state, s.first_submitted_at, s.on_time FROM report_submission s
           WHERE s.unit_id = u.id AND s.report_type_id = ${t.id} AND s.period_key = p.key AND s.submitter_kind = 'school'
           LIMIT 1) s ON true
       WHERE ${inScope('u.path', scope)} ${area} ${team}
       ORDER BY a.name NULLS LAST, u.name, u.id`.execute(db);
    return r.rows;
  }
  if (t.submitter_kind === 'team') {
    if (!access.bureauInScope && access.ownTeamIds.length === 0) return [];
    const visible = access.bureauInScope ? sql`true` : sql`x.id = ANY(${sql.val(access.ownTeamIds)}::bigint[])`;
    const only = f.teamId ? sql`AND x.id = ${f.teamId}` : sql``;
    const r = await sql<ExpectedRow>`
      SELECT p.key AS period_key, x.id AS unit_id, x.name AS unit_name, NULL::bigint AS area_id, NULL::text AS area_name,
             (SELECT u.display_name FROM supervision_team_member m JOIN app_user u ON u.id = m.user_id
               WHERE m.team_id = x.id AND m.position = 'leader' ORDER BY m.sort_order LIMIT 1) AS safety_officer,
             (SELECT u.phone FROM supervision_team_member m JOIN app_user u ON u.id = m.user_id
               WHERE m.team_id = x.id AND m.position = 'leader' ORDER BY m.sort_order LIMIT 1) AS phone,
             s.id AS submission_id, s.state, s.first_submitted_at, s.on_time
        FROM ${values}
        JOIN supervision_team x ON x.bureau_unit_id = ${t.bureau_unit_id}
         AND x.reporting_from <= p.start_on AND (x.disabled_on IS NULL OR x.disabled_on > p.end_on)
         AND (x.status = 'active' OR x.disabled_on IS NOT NULL)
        LEFT JOIN LATERAL (
          SELECT s.id, s.state, s.first_submitted_at, s.on_time FROM report_submission s
           WHERE s.report_type_id = ${t.id} AND s.period_key = p.key AND s.submitter_kind = 'team' AND s.submitter_id = x.id
           LIMIT 1) s ON true
       WHERE ${visible} ${only}
       ORDER BY x.sort_order, x.name, x.id`.execute(db);
    return r.rows;
  }
  if (!access.bureauInScope) return [];
  const r = await sql<ExpectedRow>`
    SELECT p.key AS period_key, x.id AS unit_id, x.name AS unit_name, NULL::bigint AS area_id, NULL::text AS area_name,
           NULL::text AS safety_officer, NULL::text AS phone,
           s.id AS submission_id, s.state, s.first_submitted_at, s.on_time
      FROM ${values}
      JOIN department x ON x.unit_id = ${t.bureau_unit_id}
       AND x.reporting_from <= p.start_on AND (x.disabled_on IS NULL OR x.disabled_on > p.end_on)
       AND (x.status = 'active' OR x.disabled_on IS NOT NULL)
      LEFT JOIN LATERAL (
        SELECT s.id, s.state, s.first_submitted_at, s.on_time FROM report_submission s
         WHERE s.report_type_id = ${t.id} AND s.period_key = p.key AND s.submitter_kind = 'department' AND s.submitter_id = x.id
         LIMIT 1) s ON true
     ORDER BY x.sort_order, x.name, x.id`.execute(db);
  return r.rows;
}
