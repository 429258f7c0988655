import { sql } from 'kysely';
import type { HazardState } from '@xiaoan/domain';
import type { DbOrTrx } from '../db/database.js';

/** Reads of the due-date sweep: open hazards and unfinished campaign tasks due on given days. */

export type DueHazardRow = {
  id: string;
  unit_id: string;
  school_id: string;
  school_name: string;
  title: string;
  state: HazardState;
  due_date: string;
};

/**
 * One keyset batch of open hazards due on one of `dates`. The materialized CTE makes
 * PostgreSQL find them through the partial index on open hazards' due dates
 * (hazard_open_due_idx), never by walking the whole table in id order.
 */
export async function findDueHazardBatch(db: DbOrTrx, dates: readonly string[], afterId: string, limit: number): Promise<DueHazardRow[]> {
  const r = await sql<DueHazardRow>`
    WITH due AS MATERIALIZED (
      SELECT id FROM hazard
       WHERE state IN ('registered', 'rectifying', 'pending_verification')
         AND due_date = ANY(${sql.val(dates)}::date[])
         AND id > ${afterId}::bigint),
    page AS (SELECT id FROM due ORDER BY id LIMIT ${limit})
    SELECT h.id, h.unit_id, h.school_id, s.name AS school_name, h.title, h.state, h.due_date::text AS due_date
      FROM page JOIN hazard h ON h.id = page.id JOIN unit s ON s.id = h.school_id
     ORDER BY h.id`.execute(db);
  return r.rows;
}

export type DueTaskRow = {
  id: string;
  campaign_id: string;
  campaign_title: string;
  title: string;
  deadline: string;
  lead_department_ids: string[];
};

/** Campaign tasks not done whose deadline is one of `dates` (tasks are few: one read). */
export async function findDueTasks(db: DbOrTrx, dates: readonly string[]): Promise<DueTaskRow[]> {
  if (!dates.length) return [];
  return db
    .selectFrom('campaign_task as t')
    .innerJoin('campaign as c', 'c.id', 't.campaign_id')
    .select(['t.id', 't.campaign_id', 'c.title as campaign_title', 't.title', sql<string>`t.deadline::text`.as('deadline'), 't.lead_department_ids'])
    .where('t.status', '<>', 'done')
    .where(sql<boolean>`t.deadline = ANY(${sql.val(dates)}::date[])`)
    .orderBy('t.id')
    .execute();
}
