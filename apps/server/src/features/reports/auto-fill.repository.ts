import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/**
 * Reads behind the auto-filled sections (frozen into a version at submission): a school's
 * month of hazards, counts of hazards / inspections / visits over a period, a team's round of
 * visits. The weekly roll-up reuses the inspections feature's own computation.
 */

export type HazardMonthRow = {
  id: string;
  title: string;
  domain: string;
  grade: string;
  location: string;
  owner: string | null;
  state: string;
  found_at: string;
  due_date: string | null;
  closed_on: string | null;
  is_new: boolean;
  closed_in_period: boolean;
  open_at_end: boolean;
  overdue: boolean;
};

/**
 * The school's hazards of [start, end] as of `asOf` (the period's last day, or today while it
 * runs): found on or before asOf and not closed before the period began, rejected reports left
 * out. New = found in the period; closed = closed in it; overdue = still open at asOf with a due
 * date before asOf (due means by the end of that day, Beijing time).
 */
export async function findHazardMonth(db: DbOrTrx, schoolId: string, start: string, end: string, asOf: string, limit = 1000): Promise<HazardMonthRow[]> {
  const r = await sql<HazardMonthRow>`
    WITH h AS (
      SELECT h.id, h.title, h.domain, h.grade, h.location, h.owner, h.state, h.found_at, h.due_date,
             (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS closed_on
        FROM hazard h
       WHERE h.school_id = ${schoolId} AND h.state <> 'rejected' AND h.found_at <= ${asOf}::date
         AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date >= ${start}::date))
    SELECT id, title, domain, grade, location, owner, state, found_at::text AS found_at, due_date::text AS due_date,
           closed_on::text AS closed_on,
           found_at >= ${start}::date AS is_new,
           (closed_on IS NOT NULL AND closed_on <= ${end}::date) AS closed_in_period,
           (closed_on IS NULL OR closed_on > ${asOf}::date) AS open_at_end,
           ((closed_on IS NULL OR closed_on > ${asOf}::date) AND due_date IS NOT NULL AND due_date < ${asOf}::date) AS overdue
      FROM h
     ORDER BY found_at, id
     LIMIT ${limit}`.execute(db);
  return r.rows;
}

export type SummaryCounts = {
  hazardsFound: number;
  majorHazards: number;
  hazardsClosed: number;
  hazardsOpen: number;
  hazardsOverdue: number;
  inspections: number;
  failedItems: number;
  visits: number;
};

/** Counts over [start, end] (as of asOf) for the schools under `path` (one school, or a whole district), or the schools of a team. */
export async function findSummaryCounts(db: DbOrTrx, where: { path: string } | { teamId: string }, start: string, end: string, asOf: string): Promise<SummaryCounts> {
  const schools =
    'path' in where
      ? sql`SELECT id FROM unit WHERE kind = 'school' AND path <@ ${where.path}::ltree`
      : sql`SELECT school_unit_id FROM supervision_team_school WHERE team_id = ${where.teamId}`;
  const visitsBy = 'teamId' in where ? sql`AND v.team_id = ${where.teamId}` : sql``;
  const r = await sql<Record<keyof SummaryCounts, string>>`
    SELECT
      (SELECT count(*) FROM hazard h WHERE h.school_id IN (${schools}) AND h.state <> 'rejected' AND h.found_at BETWEEN ${start}::date AND ${end}::date) AS "hazardsFound",
      (SELECT count(*) FROM hazard h WHERE h.school_id IN (${schools}) AND h.state <> 'rejected' AND h.grade = 'major' AND h.found_at BETWEEN ${start}::date AND ${end}::date) AS "majorHazards",
      (SELECT count(*) FROM hazard h WHERE h.school_id IN (${schools}) AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${start}::date AND ${end}::date) AS "hazardsClosed",
      (SELECT count(*) FROM hazard h WHERE h.school_id IN (${schools}) AND h.state <> 'rejected' AND h.found_at <= ${asOf}::date
          AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date > ${asOf}::date)) AS "hazardsOpen",
      (SELECT count(*) FROM hazard h WHERE h.school_id IN (${schools}) AND h.state <> 'rejected' AND h.found_at <= ${asOf}::date
          AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date > ${asOf}::date) AND h.due_date < ${asOf}::date) AS "hazardsOverdue",
      (SELECT count(*) FROM inspection i WHERE i.school_id IN (${schools}) AND i.inspected_on BETWEEN ${start}::date AND ${end}::date) AS "inspections",
      (SELECT coalesce(sum(i.fail_count), 0) FROM inspection i WHERE i.school_id IN (${schools}) AND i.inspected_on BETWEEN ${start}::date AND ${end}::date) AS "failedItems",
      (SELECT count(*) FROM supervision_visit v WHERE v.school_id IN (${schools}) ${visitsBy} AND v.status = 'done' AND v.visited_on BETWEEN ${start}::date AND ${end}::date) AS "visits"`.execute(db);
  const row = r.rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as SummaryCounts;
}

export type VisitRoundRow = { visit_id: string; school_id: string; school_name: string; visited_on: string; findings: number; rectified_on_time: number; open: number };

/** A team's visits done in [start, end]: each school, its findings and how many were closed by their deadline. */
export async function findVisitRound(db: DbOrTrx, teamId: string, start: string, end: string): Promise<VisitRoundRow[]> {
  const r = await sql<VisitRoundRow>`
    SELECT v.id AS visit_id, v.school_id, s.name AS school_name, v.visited_on::text AS visited_on,
           count(f.hazard_id)::int AS findings,
           count(f.hazard_id) FILTER (WHERE h.closed_at IS NOT NULL AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= f.due_date)::int AS rectified_on_time,
           count(f.hazard_id) FILTER (WHERE h.closed_at IS NULL AND h.state <> 'rejected')::int AS open
      FROM supervision_visit v
      JOIN unit s ON s.id = v.school_id
      LEFT JOIN visit_finding f ON f.visit_id = v.id
      LEFT JOIN hazard h ON h.id = f.hazard_id
     WHERE v.team_id = ${teamId} AND v.status = 'done' AND v.visited_on BETWEEN ${start}::date AND ${end}::date
     GROUP BY v.id, s.name
     ORDER BY v.visited_on, v.id`.execute(db);
  return r.rows;
}
