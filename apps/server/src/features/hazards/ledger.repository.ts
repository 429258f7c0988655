import { CompiledQuery, sql, type ControlledTransaction } from 'kysely';
import type { HazardGrade, HazardState, Scope } from '@xiaoan/domain';
import type { HazardExportQuery } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';
import { hazardConditions, hazardsWithUnits } from './hazard.repository.js';

/** A school or campus a ledger row may name; a campus's hazards belong to its school. */
export type ReportableUnit = { id: string; name: string; path: string; schoolId: string };

/** Active schools and campuses in the scope (or the one of them with `unitId`). */
export async function findReportableUnits(db: DbOrTrx, scope: Scope, unitId?: string): Promise<ReportableUnit[]> {
  let q = db
    .selectFrom('unit as u')
    .select(['u.id', 'u.name', sql<string>`u.path::text`.as('path'), sql<string>`CASE WHEN u.kind = 'campus' THEN u.parent_id ELSE u.id END`.as('school_id')])
    .where('u.kind', 'in', ['school', 'campus'])
    .where('u.status', '=', 'active')
    .where(inScope('u.path', scope));
  if (unitId !== undefined) q = q.where('u.id', '=', unitId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, path: r.path, schoolId: r.school_id }));
}

// ---------------------------------------------------------------------------
// The export: a server-side cursor over the ledger, read in batches

const CURSOR = 'hazard_ledger_export';
const SORTS = { foundAt: 'h.found_at', dueDate: 'h.due_date', reportedAt: 'h.reported_at', id: 'h.id' } as const;

/** The rows of the export: the projection plus the few fields only the record holds. */
function exportSelect(db: DbOrTrx, scope: Scope, query: HazardExportQuery, now: Date) {
  const { sort = 'foundAt', order = 'desc', ...filter } = query;
  const conds = hazardConditions(scope, filter, now);
  const dir = order === 'asc' ? sql`ASC` : sql`DESC`;
  return hazardsWithUnits(db)
    .select([
      'h.state',
      's.name as school_name',
      sql<string | null>`CASE WHEN h.unit_id <> h.school_id THEN u.name END`.as('campus_name'),
      'h.domain',
      'h.grade',
      'h.source',
      'h.title',
      'h.description',
      'h.location',
      sql<string>`h.found_at::text`.as('found_at'),
      sql<string | null>`h.doc->>'foundBy'`.as('found_by'),
      'h.owner',
      sql<string | null>`h.doc->>'measures'`.as('measures'),
      'h.funds_fen',
      sql<string | null>`h.due_date::text`.as('due_date'),
      sql<string | null>`h.doc->>'contingencyPlan'`.as('contingency_plan'),
      sql<string | null>`h.doc->>'interimControls'`.as('interim_controls'),
      sql<string | null>`h.doc->>'watcher'`.as('watcher'),
      sql<string | null>`h.doc->>'rectificationNote'`.as('rectification_note'),
      sql<string | null>`(SELECT cb.display_name FROM app_user cb WHERE cb.id = (h.doc->'closedBy'->>'userId')::bigint)`.as('closed_by'),
      sql<string | null>`to_char(h.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('closed_on'),
      'h.listed',
    ])
    .where((eb) => eb.and(conds))
    .orderBy(sql`${sql.ref(SORTS[sort])} ${dir} NULLS LAST`)
    .orderBy('h.id', order === 'asc' ? 'asc' : 'desc');
}

export type ExportRow = {
  state: HazardState;
  school_name: string;
  campus_name: string | null;
  domain: string;
  grade: HazardGrade;
  source: string;
  title: string;
  description: string;
  location: string;
  found_at: string;
  found_by: string | null;
  owner: string | null;
  measures: string | null;
  funds_fen: string | null;
  due_date: string | null;
  contingency_plan: string | null;
  interim_controls: string | null;
  watcher: string | null;
  rectification_note: string | null;
  closed_by: string | null;
  closed_on: string | null;
  listed: boolean;
};


/**
 * Declares the export's cursor in the open transaction: exactly the list's scope and
 * filters (`hazardConditions`), in the export's order.
 */
export async function declareExportCursor(trx: ControlledTransaction<Database>, scope: Scope, query: HazardExportQuery, now: Date): Promise<void> {
  const compiled = exportSelect(trx, scope, query, now).compile();
  await trx.executeQuery(CompiledQuery.raw(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${compiled.sql}`, [...compiled.parameters]));
}

/** The next rows of the export's cursor (none at the end). */
export async function fetchExportBatch(trx: ControlledTransaction<Database>, size: number): Promise<ExportRow[]> {
  const res = await sql<ExportRow>`FETCH FORWARD ${sql.lit(size)} FROM ${sql.raw(CURSOR)}`.execute(trx);
  return res.rows;
}

export async function closeExportCursor(trx: ControlledTransaction<Database>): Promise<void> {
  await sql`CLOSE ${sql.raw(CURSOR)}`.execute(trx);
}

/** The unit the ledger is titled after: the first of `ids` in scope (a school or area filtered on), else the caller's unit. */
export async function findLedgerUnitName(db: Db, scope: Scope, ids: readonly (string | undefined)[], ownUnitId: string): Promise<string> {
  for (const id of ids) {
    if (!id) continue;
    const u = await db.selectFrom('unit').select('name').where('id', '=', id).where(inScope('path', scope)).executeTakeFirst();
    if (u) return u.name;
  }
  const own = await db.selectFrom('unit').select('name').where('id', '=', ownUnitId).executeTakeFirst();
  return own?.name ?? '';
}
