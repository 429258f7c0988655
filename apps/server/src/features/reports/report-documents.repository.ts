import { CompiledQuery, sql, type ControlledTransaction } from 'kysely';
import type { Scope, StoredReportState } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { submissionVisible } from './submission.repository.js';

/** SQL of the documents out (Word, Excel): the few facts the submission reads do not carry, and the roll-up's cursor. */

/** The area (片区) of a school, and its safety officer and phone, for a document's header. */
export async function findSchoolFacts(db: DbOrTrx, unitId: string): Promise<{ area_name: string | null; safety_officer: string | null; phone: string | null } | undefined> {
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as a', (j) => j.onRef('a.id', '=', 'u.parent_id').on('a.kind', '=', 'area'))
    .select(['a.name as area_name', 'u.safety_officer', 'u.phone'])
    .where('u.id', '=', unitId)
    .executeTakeFirst();
}

/** Names of stored files, in the order of `ids` (the attachments list of a document). */
export async function findFileNames(db: DbOrTrx, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('file_object').select(['id', 'original_name']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [String(r.id), r.original_name]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function findUnitName(db: DbOrTrx, id: string): Promise<string> {
  return (await db.selectFrom('unit').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '';
}

// ---------------------------------------------------------------------------------------
// The roll-up: a server-side cursor over the period's submitted reports in scope, each with
// its latest submitted version (what the unit reported, frozen), read in batches.

const CURSOR = 'report_rollup_export';

export type RollupRow = {
  submission_id: string;
  unit_name: string;
  area_name: string | null;
  state: StoredReportState;
  on_time: boolean | null;
  first_submitted_at: Date;
  version_no: number;
  submitted_at: Date;
  late: boolean;
  content: Record<string, unknown>;
  narrative: Record<string, string>;
};

export async function declareRollupCursor(trx: ControlledTransaction<Database>, scope: Scope, actorUserId: string, typeId: string, periodKey: string): Promise<void> {
  const q = sql`
    SELECT s.id AS submission_id, coalesce(u.name, st.name, d.name) AS unit_name, a.name AS area_name, s.state, s.on_time,
           s.first_submitted_at, v.version_no, v.submitted_at, v.late, v.content, v.narrative
      FROM report_submission s
      JOIN report_submission_version v ON v.submission_id = s.id AND v.version_no = s.current_version
      LEFT JOIN unit u ON u.id = s.unit_id
      LEFT JOIN unit a ON a.id = u.parent_id AND a.kind = 'area'
      LEFT JOIN supervision_team st ON st.id = s.team_id
      LEFT JOIN department d ON d.id = s.department_id
     WHERE s.report_type_id = ${typeId} AND s.period_key = ${periodKey} AND s.current_version > 0
       AND ${submissionVisible(scope, actorUserId)}
     ORDER BY a.name NULLS LAST, coalesce(u.name, st.name, d.name), s.id`.compile(trx);
  await trx.executeQuery(CompiledQuery.raw(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${q.sql}`, [...q.parameters]));
}

export async function fetchRollupBatch(trx: ControlledTransaction<Database>, size: number): Promise<RollupRow[]> {
  return (await sql<RollupRow>`FETCH FORWARD ${sql.lit(size)} FROM ${sql.raw(CURSOR)}`.execute(trx)).rows;
}

export async function closeRollupCursor(trx: ControlledTransaction<Database>): Promise<void> {
  await sql`CLOSE ${sql.raw(CURSOR)}`.execute(trx);
}
