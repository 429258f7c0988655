import { CompiledQuery, sql, type ControlledTransaction } from 'kysely';
import type { Hazard, HazardGrade, HazardState, Scope } from '@xiaoan/domain';
import type { HazardExportQuery } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';
import { hazardConditions, hazardsWithUnits, type HazardProjection } from './hazard.repository.js';

// ---------------------------------------------------------------------------
// The import: remembered layouts and the batched writes

/** The bureau (root of the tree) above a unit: layouts are remembered per bureau. */
export async function findBureauOf(db: DbOrTrx, unitId: string): Promise<string> {
  const r = await db
    .selectFrom('unit as u')
    .innerJoin('unit as b', (j) => j.on(sql<boolean>`b.path @> u.path`).on('b.kind', '=', 'bureau'))
    .select('b.id')
    .where('u.id', '=', unitId)
    .orderBy(sql`nlevel(b.path)`, 'desc')
    .executeTakeFirstOrThrow();
  return r.id;
}

export type ImportLayoutKind = 'hazard_ledger' | 'checklist';

/** The mapping remembered for a layout ({normalised header: field or null}), or undefined. */
export async function findImportLayout(db: DbOrTrx, bureauId: string, kind: ImportLayoutKind, fingerprint: string): Promise<Record<string, string | null> | undefined> {
  const r = await db
    .selectFrom('import_layout')
    .select('mapping')
    .where('bureau_id', '=', bureauId)
    .where('kind', '=', kind)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return r?.mapping as Record<string, string | null> | undefined;
}

/** Remembers (or replaces) the mapping of a layout for the bureau. */
export async function saveImportLayout(
  trx: Trx,
  l: { bureauId: string; kind: ImportLayoutKind; fingerprint: string; headers: string[]; mapping: Record<string, string | null>; userId: string },
): Promise<void> {
  await trx
    .insertInto('import_layout')
    .values({ bureau_id: l.bureauId, kind: l.kind, fingerprint: l.fingerprint, headers: l.headers, mapping: JSON.stringify(l.mapping), updated_by: l.userId })
    .onConflict((oc) =>
      oc.constraint('import_layout_bureau_kind_fingerprint_uq').doUpdateSet({
        headers: l.headers,
        mapping: JSON.stringify(l.mapping),
        updated_by: l.userId,
        uses: sql<number>`import_layout.uses + 1`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export type NewImportedHazard = { doc: Hazard; projection: HazardProjection; createdAt: string; updatedAt: string; version: number };
export type NewImportedEvent = {
  hazardIndex: number;
  actorUserId: string;
  actorRole: string;
  action: string;
  from: string | null;
  to: string;
  comment: string | null;
  changedFields: readonly string[];
  fileIds: readonly string[];
  at: string;
  details: Record<string, unknown> | null;
};

/** Rows per statement: one array per column, so the statement's size does not grow with the rows. */
const CHUNK = 5000;

const col = <T, V>(rows: readonly T[], f: (r: T) => V): V[] => rows.map(f);

/**
 * Inserts the imported hazards and their history (inside the caller's transaction) and
 * returns the hazards' ids in the order given: one INSERT … SELECT FROM unnest(arrays)
 * per table and 5,000 rows, which PostgreSQL plans once and binds as ~25 parameters,
 * where a VALUES list of 5,000 rows binds 125,000 (and row by row took 5,000 round trips).
 */
export async function insertImportedHazards(trx: Trx, hazards: readonly NewImportedHazard[], events: readonly NewImportedEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < hazards.length; i += CHUNK) {
    const c = hazards.slice(i, i + CHUNK);
    const p = (f: (h: NewImportedHazard) => unknown) => col(c, f);
    // Identities are assigned in the order of ORDER BY n, and RETURNING gives the rows in insertion order.
    const res = await sql<{ id: string }>`
      INSERT INTO hazard (doc, version, created_at, updated_at, unit_id, unit_path, school_id, state, domain, grade, source, title, description,
                          location, owner, found_at, due_date, funds_fen, listed, escalated, fixed_on_spot, reported_by, reported_at, closed_at)
      SELECT doc, version, created_at, updated_at, unit_id, unit_path::ltree, school_id, state, domain, grade, source, title, description,
             location, owner, found_at, due_date, funds_fen, listed, escalated, fixed_on_spot, reported_by, reported_at, closed_at
        FROM unnest(${p((h) => JSON.stringify(h.doc))}::jsonb[], ${p((h) => h.version)}::int[], ${p((h) => h.createdAt)}::timestamptz[], ${p((h) => h.updatedAt)}::timestamptz[],
                    ${p((h) => h.projection.unit_id)}::bigint[], ${p((h) => h.projection.unit_path)}::text[], ${p((h) => h.projection.school_id)}::bigint[],
                    ${p((h) => h.projection.state)}::text[], ${p((h) => h.projection.domain)}::text[], ${p((h) => h.projection.grade)}::text[], ${p((h) => h.projection.source)}::text[],
                    ${p((h) => h.projection.title)}::text[], ${p((h) => h.projection.description)}::text[], ${p((h) => h.projection.location)}::text[], ${p((h) => h.projection.owner)}::text[],
                    ${p((h) => h.projection.found_at)}::date[], ${p((h) => h.projection.due_date)}::date[], ${p((h) => h.projection.funds_fen)}::bigint[],
                    ${p((h) => h.projection.listed)}::boolean[], ${p((h) => h.projection.escalated)}::boolean[], ${p((h) => h.projection.fixed_on_spot)}::boolean[],
                    ${p((h) => h.projection.reported_by)}::bigint[], ${p((h) => h.projection.reported_at)}::timestamptz[], ${p((h) => h.projection.closed_at)}::timestamptz[])
             WITH ORDINALITY AS t(doc, version, created_at, updated_at, unit_id, unit_path, school_id, state, domain, grade, source, title, description,
                                  location, owner, found_at, due_date, funds_fen, listed, escalated, fixed_on_spot, reported_by, reported_at, closed_at, n)
       ORDER BY n
      RETURNING id`.execute(trx);
    for (const r of res.rows) ids.push(String(r.id));
  }
  for (let i = 0; i < events.length; i += CHUNK) {
    const c = events.slice(i, i + CHUNK);
    const p = (f: (e: NewImportedEvent) => unknown) => col(c, f);
    // Arrays of arrays must be rectangular in PostgreSQL: the text[] columns travel as JSON and are unpacked per row.
    await sql`
      INSERT INTO hazard_event (hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, comment, changed_fields, file_ids, details)
      SELECT hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, comment,
             ARRAY(SELECT jsonb_array_elements_text(changed)), ARRAY(SELECT jsonb_array_elements_text(files))::bigint[], details
        FROM unnest(${p((e) => ids[e.hazardIndex]!)}::bigint[], ${p((e) => e.at)}::timestamptz[], ${p((e) => e.actorUserId)}::bigint[], ${p((e) => e.actorRole)}::text[],
                    ${p((e) => e.action)}::text[], ${p((e) => e.from)}::text[], ${p((e) => e.to)}::text[], ${p((e) => e.comment)}::text[],
                    ${p((e) => JSON.stringify(e.changedFields))}::jsonb[], ${p((e) => JSON.stringify(e.fileIds))}::jsonb[], ${p((e) => (e.details === null ? null : JSON.stringify(e.details)))}::jsonb[])
             WITH ORDINALITY AS t(hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, comment, changed, files, details, n)
       ORDER BY n`.execute(trx);
  }
  return ids;
}

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
