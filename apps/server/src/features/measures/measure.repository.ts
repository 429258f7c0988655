import { sql, type Insertable } from 'kysely';
import type { HazardState, MeasureKind, MeasureOriginKind, MeasureStatus, Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { MeasureEventTable, MeasureTable } from '../../db/schema-measures.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * SQL of the measure list (制度措施清单) and of the hazard list's export and the overview's
 * counts (the hazard ledger read in the caller's scope). Scope is `measure.unit_path` (the
 * school's path) and `hazard.unit_path`.
 */

export type MeasureOriginRow = { kind: MeasureOriginKind; id: string; label: string };

export type MeasureRow = {
  id: string;
  version: number;
  unit_id: string;
  school_name: string;
  unit_path: string;
  title: string;
  kind: MeasureKind;
  description: string;
  owner_name: string;
  owner_department: string;
  due_on: string;
  status: MeasureStatus;
  adopted_on: string | null;
  document_file_id: string | null;
  document_name: string | null;
  origins: MeasureOriginRow[];
  updated_at: Date;
};

function measureSelect(db: DbOrTrx) {
  return db
    .selectFrom('measure as m')
    .innerJoin('unit as s', 's.id', 'm.unit_id')
    .leftJoin('file_object as f', 'f.id', 'm.document_file_id')
    .select([
      'm.id',
      'm.version',
      'm.unit_id',
      's.name as school_name',
      sql<string>`m.unit_path::text`.as('unit_path'),
      'm.title',
      'm.kind',
      'm.description',
      'm.owner_name',
      'm.owner_department',
      sql<string>`m.due_on::text`.as('due_on'),
      'm.status',
      sql<string | null>`m.adopted_on::text`.as('adopted_on'),
      sql<string | null>`m.document_file_id::text`.as('document_file_id'),
      'f.original_name as document_name',
      sql<MeasureOriginRow[]>`coalesce((SELECT jsonb_agg(jsonb_build_object('kind', o.kind, 'id', o.hazard_id::text, 'label', o.label) ORDER BY o.hazard_id) FROM measure_origin o WHERE o.measure_id = m.id AND o.removed_at IS NULL), '[]'::jsonb)`.as('origins'),
      'm.updated_at',
    ]);
}

export type MeasureFilter = { unitId?: string; status?: MeasureStatus; overdue?: boolean; kind?: MeasureKind; hazardId?: string; q?: string };

const OVERDUE = (today: string) => sql<boolean>`(m.status IN ('planned', 'in_progress') AND m.due_on < ${today}::date)`;

/** One page of the measures in scope (soonest due first, done ones last), with the total under the same filter. */
export async function findMeasures(db: DbOrTrx, scope: Scope, f: MeasureFilter, today: string, page: { page: number; pageSize: number }): Promise<{ rows: MeasureRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('m.unit_path', scope)];
    if (f.unitId) c.push(underUnit('m.unit_path', f.unitId));
    if (f.status) c.push(sql<boolean>`m.status = ${f.status}`);
    if (f.kind) c.push(sql<boolean>`m.kind = ${f.kind}`);
    if (f.overdue === true) c.push(OVERDUE(today));
    if (f.overdue === false) c.push(sql<boolean>`NOT ${OVERDUE(today)}`);
    if (f.hazardId) c.push(sql<boolean>`EXISTS (SELECT 1 FROM measure_origin o WHERE o.measure_id = m.id AND o.hazard_id = ${f.hazardId} AND o.removed_at IS NULL)`);
    if (f.q) {
      c.push(
        sql<boolean>`(strpos(lower(m.title), lower(${f.q})) > 0 OR strpos(lower(m.owner_name), lower(${f.q})) > 0 OR strpos(lower((SELECT name FROM unit WHERE id = m.unit_id)), lower(${f.q})) > 0)`,
      );
    }
    return c;
  };
  const [rows, count] = await Promise.all([
    measureSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy(sql`CASE WHEN m.status IN ('planned', 'in_progress') THEN 0 ELSE 1 END`)
      .orderBy('m.due_on', 'asc')
      .orderBy('m.id', 'asc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db
      .selectFrom('measure as m')
      .select(sql<string>`count(*)`.as('n'))
      .where((eb) => eb.and(conds()))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as MeasureRow[], total: Number(count.n) };
}

/** One measure in scope, or undefined (out of scope reads exactly like missing). */
export async function findMeasureInScope(db: DbOrTrx, scope: Scope, id: string): Promise<MeasureRow | undefined> {
  return (await measureSelect(db).where('m.id', '=', id).where(inScope('m.unit_path', scope)).executeTakeFirst()) as MeasureRow | undefined;
}

export type MeasureEventRow = {
  at: Date;
  actor_name: string | null;
  action: 'create' | 'update' | 'move';
  from_status: MeasureStatus | null;
  to_status: MeasureStatus;
  note: string;
  changed_fields: string[];
  document_file_id: string | null;
  document_name: string | null;
};

/** The measure's history, oldest first (read after the measure itself was found in scope). */
export async function findMeasureEvents(db: DbOrTrx, measureId: string): Promise<MeasureEventRow[]> {
  return (await db
    .selectFrom('measure_event as e')
    .leftJoin('app_user as a', 'a.id', 'e.actor_user_id')
    .leftJoin('file_object as f', 'f.id', 'e.document_file_id')
    .select(['e.at', 'a.display_name as actor_name', 'e.action', 'e.from_status', 'e.to_status', 'e.note', 'e.changed_fields', sql<string | null>`e.document_file_id::text`.as('document_file_id'), 'f.original_name as document_name'])
    .where('e.measure_id', '=', measureId)
    .orderBy('e.at', 'asc')
    .orderBy('e.id', 'asc')
    .execute()) as MeasureEventRow[];
}

export type OriginHazard = { id: string; title: string; state: HazardState; school_id: string; owner: string | null; finding: boolean };

/** A hazard in the caller's scope that a measure may name as its origin; `finding` when a supervision visit issued it. */
export async function findOriginHazard(db: DbOrTrx, scope: Scope, id: string): Promise<OriginHazard | undefined> {
  return (await db
    .selectFrom('hazard as h')
    .select(['h.id', 'h.title', 'h.state', 'h.school_id', 'h.owner', sql<boolean>`EXISTS (SELECT 1 FROM visit_finding v WHERE v.hazard_id = h.id)`.as('finding')])
    .where('h.id', '=', id)
    .where(inScope('h.unit_path', scope))
    .executeTakeFirst()) as OriginHazard | undefined;
}

export async function insertMeasure(trx: Trx, values: Insertable<MeasureTable>): Promise<string> {
  return (await trx.insertInto('measure').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** The measure's origins made exactly `rows`: others marked removed (never deleted), these added or put back. */
export async function replaceMeasureOrigins(trx: Trx, measureId: string, rows: readonly MeasureOriginRow[]): Promise<void> {
  const keep = rows.map((r) => r.id);
  let gone = trx.updateTable('measure_origin').set({ removed_at: sql<Date>`now()` }).where('measure_id', '=', measureId).where('removed_at', 'is', null);
  if (keep.length > 0) gone = gone.where('hazard_id', 'not in', keep);
  await gone.execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('measure_origin')
    .values(rows.map((r) => ({ measure_id: measureId, hazard_id: r.id, kind: r.kind, label: r.label })))
    .onConflict((oc) => oc.columns(['measure_id', 'hazard_id']).doUpdateSet({ removed_at: null, kind: sql`excluded.kind`, label: sql`excluded.label` }))
    .execute();
}

export async function insertMeasureEvent(trx: Trx, values: Insertable<MeasureEventTable>): Promise<void> {
  await trx.insertInto('measure_event').values(values).execute();
}

/** The measure's fields at the version read; false when it moved on. */
export async function updateMeasureRow(trx: Trx, id: string, version: number, set: VersionedSet<'measure'>): Promise<boolean> {
  return updateVersioned(trx, 'measure', id, version, set);
}

export type OverviewRow = {
  school_id: string;
  school_name: string;
  area_name: string;
  hazards_open: string;
  hazards_closed: string;
  hazards_overdue: string;
  planned: string;
  in_progress: string;
  established: string;
  revised: string;
  measures_overdue: string;
};

/** Per active school in scope (under `unitId` when given): its hazards open, closed and overdue, its measures by status and overdue. */
export async function findOverview(db: DbOrTrx, scope: Scope, unitId: string | undefined, today: string): Promise<OverviewRow[]> {
  const res = await sql<OverviewRow>`
    SELECT s.id AS school_id, s.name AS school_name, coalesce(a.name, '') AS area_name,
      coalesce(h.open, 0) AS hazards_open, coalesce(h.closed, 0) AS hazards_closed, coalesce(h.overdue, 0) AS hazards_overdue,
      coalesce(m.planned, 0) AS planned, coalesce(m.in_progress, 0) AS in_progress, coalesce(m.established, 0) AS established,
      coalesce(m.revised, 0) AS revised, coalesce(m.overdue, 0) AS measures_overdue
    FROM unit s
    LEFT JOIN unit a ON a.id = s.parent_id AND a.kind = 'area'
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.state NOT IN ('closed', 'rejected')) AS open,
             count(*) FILTER (WHERE x.state = 'closed') AS closed,
             count(*) FILTER (WHERE x.state IN ('registered', 'rectifying', 'pending_verification') AND x.due_date < ${today}::date) AS overdue
      FROM hazard x WHERE x.school_id = s.id AND ${inScope('x.unit_path', scope)}
    ) h ON true
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE y.status = 'planned') AS planned,
             count(*) FILTER (WHERE y.status = 'in_progress') AS in_progress,
             count(*) FILTER (WHERE y.status = 'established') AS established,
             count(*) FILTER (WHERE y.status = 'revised') AS revised,
             count(*) FILTER (WHERE y.status IN ('planned', 'in_progress') AND y.due_on < ${today}::date) AS overdue
      FROM measure y WHERE y.unit_id = s.id
    ) m ON true
    WHERE s.kind = 'school' AND s.status = 'active' AND ${inScope('s.path', scope)}
      ${unitId ? sql`AND s.path <@ (SELECT path FROM unit WHERE id = ${unitId})` : sql``}
    ORDER BY coalesce(a.name, ''), s.name, s.id`.execute(db);
  return res.rows;
}

export type HazardListRow = {
  id: string;
  title: string;
  domain: string;
  grade: 'general' | 'major';
  found_at: string;
  owner: string | null;
  measures: string | null;
  due_date: string | null;
  state: HazardState;
  rectification_note: string | null;
  closed_on: string | null;
  campus_name: string | null;
};

/** The school's hazard list (its ledger, without rejected reports) in scope, in the order found. */
export async function findHazardList(db: DbOrTrx, scope: Scope, schoolId: string): Promise<HazardListRow[]> {
  return (await db
    .selectFrom('hazard as h')
    .innerJoin('unit as u', 'u.id', 'h.unit_id')
    .select([
      'h.id',
      'h.title',
      'h.domain',
      'h.grade',
      sql<string>`h.found_at::text`.as('found_at'),
      'h.owner',
      sql<string | null>`h.doc->>'measures'`.as('measures'),
      sql<string | null>`h.due_date::text`.as('due_date'),
      'h.state',
      sql<string | null>`h.doc->>'rectificationNote'`.as('rectification_note'),
      sql<string | null>`to_char(h.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('closed_on'),
      sql<string | null>`CASE WHEN h.unit_id <> h.school_id THEN u.name END`.as('campus_name'),
    ])
    .where('h.school_id', '=', schoolId)
    .where('h.state', '<>', 'rejected')
    .where(inScope('h.unit_path', scope))
    .orderBy('h.found_at', 'asc')
    .orderBy('h.id', 'asc')
    .execute()) as HazardListRow[];
}

export type DueMeasureRow = { id: string; school_id: string; school_name: string; title: string; owner_name: string; due_on: string };

/** Measures not yet established (planned, in progress) due on one of `dates`, every district (the due-date sweep is the system). */
export async function findMeasuresDueOn(db: DbOrTrx, dates: readonly string[]): Promise<DueMeasureRow[]> {
  const r = await sql<DueMeasureRow>`
    SELECT m.id, m.unit_id AS school_id, s.name AS school_name, m.title, m.owner_name, m.due_on::text AS due_on
      FROM measure m JOIN unit s ON s.id = m.unit_id
     WHERE m.status IN ('planned', 'in_progress') AND m.due_on = ANY(${sql.val(dates)}::date[])
     ORDER BY m.id`.execute(db);
  return r.rows;
}
