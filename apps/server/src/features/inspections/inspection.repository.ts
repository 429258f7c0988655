import { sql, type Insertable } from 'kysely';
import type { Frequency, Scope } from '@xiaoan/domain';
import type { InspectionSummary } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { InspectionResultTable, InspectionTable } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';

export type SummaryRow = {
  id: string;
  kind: InspectionSummary['kind'];
  unit_id: string;
  unit_name: string;
  school_id: string;
  school_name: string;
  point_id: string | null;
  point_name: string | null;
  period_key: string | null;
  inspected_on: string;
  started_via: 'qr' | 'app';
  inspector_user_id: string;
  inspector_name: string;
  pass_count: number;
  fail_count: number;
  na_count: number;
  score: string | null;
  corrects_id: string | null;
  visit_id: string | null;
  submitted_at: Date;
};

export type InspectionRow = SummaryRow & { co_inspectors: string[]; summary: string; started_at: Date | null; checklist_version_ids: string[] };

export function inspectionSelect(db: DbOrTrx) {
  return db
    .selectFrom('inspection as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .innerJoin('unit as s', 's.id', 'i.school_id')
    .innerJoin('app_user as a', 'a.id', 'i.inspector_user_id')
    .leftJoin('inspection_point as p', 'p.id', 'i.point_id')
    .select([
      'i.id',
      'i.kind',
      'i.unit_id',
      'u.name as unit_name',
      'i.school_id',
      's.name as school_name',
      'i.point_id',
      'p.name as point_name',
      'i.period_key',
      sql<string>`i.inspected_on::text`.as('inspected_on'),
      'i.started_via',
      'i.inspector_user_id',
      'a.display_name as inspector_name',
      'i.pass_count',
      'i.fail_count',
      'i.na_count',
      'i.score',
      'i.corrects_id',
      'i.visit_id',
      'i.submitted_at',
    ]);
}

export function toInspectionSummary(r: SummaryRow): InspectionSummary {
  return {
    id: r.id,
    kind: r.kind,
    unit: { id: r.unit_id, name: r.unit_name },
    school: { id: r.school_id, name: r.school_name },
    point: r.point_id ? { id: r.point_id, name: r.point_name ?? '' } : null,
    periodKey: r.period_key,
    inspectedOn: r.inspected_on,
    startedVia: r.started_via,
    inspector: { id: r.inspector_user_id, displayName: r.inspector_name },
    passCount: r.pass_count,
    failCount: r.fail_count,
    naCount: r.na_count,
    score: r.score === null ? null : Number(r.score),
    correctsId: r.corrects_id,
    visitId: r.visit_id,
    submittedAt: r.submitted_at.toISOString(),
  };
}

/** The inspections of a visit, in order. */
export async function findVisitInspections(db: DbOrTrx, visitId: string): Promise<InspectionSummary[]> {
  const rows = await inspectionSelect(db).where('i.visit_id', '=', visitId).orderBy('i.id').execute();
  return (rows as SummaryRow[]).map(toInspectionSummary);
}

export type InspectionFilter = { schoolId?: string; pointId?: string; kind?: string; from?: string; to?: string; withFailures?: boolean };

/** One page of the inspections in scope, newest first, with the total under the same filter. */
export async function findInspections(db: DbOrTrx, scope: Scope, q: InspectionFilter, page: { page: number; pageSize: number }) {
  const filtered = (qb: ReturnType<typeof inspectionSelect>) => {
    let x = qb.where(inScope('i.unit_path', scope));
    if (q.schoolId) x = x.where('i.school_id', '=', q.schoolId);
    if (q.pointId) x = x.where('i.point_id', '=', q.pointId);
    if (q.kind) x = x.where('i.kind', '=', q.kind as never);
    if (q.from) x = x.where('i.inspected_on', '>=', q.from);
    if (q.to) x = x.where('i.inspected_on', '<=', q.to);
    if (q.withFailures) x = x.where('i.fail_count', '>', 0);
    return x;
  };
  const [rows, count] = await Promise.all([
    filtered(inspectionSelect(db))
      .orderBy('i.inspected_on', 'desc')
      .orderBy('i.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    filtered(inspectionSelect(db)).clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: (rows as SummaryRow[]).map(toInspectionSummary), total: Number(count.n) };
}

export async function findInspectionInScope(db: DbOrTrx, scope: Scope, id: string): Promise<InspectionRow | undefined> {
  return (await inspectionSelect(db)
    .select(['i.co_inspectors', 'i.summary', 'i.started_at', 'i.checklist_version_ids'])
    .where('i.id', '=', id)
    .where(inScope('i.unit_path', scope))
    .executeTakeFirst()) as InspectionRow | undefined;
}

/** The checklist versions an inspection used, its answers (with the hazards raised from them) and the records that correct it. */
export async function findInspectionParts(db: DbOrTrx, id: string, versionIds: readonly string[]) {
  const [versions, results, corrections] = await Promise.all([
    db
      .selectFrom('checklist_version as cv')
      .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
      .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'c.title', 'c.domain'])
      .where('cv.id', 'in', versionIds)
      .execute(),
    db
      .selectFrom('inspection_result as r')
      .leftJoin('hazard as h', 'h.id', 'r.hazard_id')
      .select(['r.checklist_version_id', 'r.item_code', 'r.answer', 'r.note', 'r.photo_ids', 'r.hazard_id', 'h.title as hazard_title', 'h.state as hazard_state'])
      .where('r.inspection_id', '=', id)
      .execute(),
    db.selectFrom('inspection').select(['id', 'submitted_at']).where('corrects_id', '=', id).orderBy('id').execute(),
  ]);
  return { versions, results, corrections };
}

export type CheckPoint = { id: string; unit_id: string; frequency: Frequency; point_type: string; retired_on: string | null };

/** The point a check is made at, by QR token or id, in scope. */
export async function findCheckPoint(db: DbOrTrx, scope: Scope, by: { qrToken?: string; pointId?: string }): Promise<CheckPoint | undefined> {
  let q = db
    .selectFrom('inspection_point as p')
    .select(['p.id', 'p.unit_id', 'p.frequency', 'p.point_type', 'p.qr_token', sql<string | null>`p.retired_on::text`.as('retired_on')])
    .where(inScope('p.unit_path', scope));
  if (by.qrToken) q = q.where('p.qr_token', '=', by.qrToken);
  if (by.pointId) q = q.where('p.id', '=', by.pointId);
  return q.executeTakeFirst();
}

export async function findSchoolKindAndPath(db: DbOrTrx, schoolId: string): Promise<{ school_kind: string | null; path: string }> {
  return db
    .selectFrom('unit')
    .select(['school_kind', sql<string>`path::text`.as('path')])
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow();
}

/** Of these checklist versions, those of checklists usable at the school (owned above or below it). */
export async function findUsableVersions(db: DbOrTrx, versionIds: readonly string[], schoolPath: string) {
  return db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.id', 'cv.items'])
    .where('cv.id', 'in', versionIds)
    .where(sql<boolean>`(c.owner_unit_path @> ${schoolPath}::ltree OR c.owner_unit_path <@ ${schoolPath}::ltree)`)
    .execute();
}

/** Kinds of the files among these that belong to the school. */
export async function findSchoolFiles(db: DbOrTrx, fileIds: readonly string[], schoolPath: string) {
  return db
    .selectFrom('file_object')
    .select(['id', 'kind'])
    .where('id', 'in', fileIds)
    .where(sql<boolean>`unit_path <@ ${schoolPath}::ltree`)
    .execute();
}

export async function findInspectionSchoolInScope(db: DbOrTrx, scope: Scope, id: string) {
  return db.selectFrom('inspection').select(['school_id']).where('id', '=', id).where(inScope('unit_path', scope)).executeTakeFirst();
}

export async function findVisitSchoolInScope(db: DbOrTrx, scope: Scope, visitId: string) {
  return db.selectFrom('supervision_visit').select(['school_id', 'status']).where('id', '=', visitId).where(inScope('school_path', scope)).executeTakeFirst();
}

/** Writes an inspection and its answers; returns the new id. */
export async function insertInspection(
  trx: Trx,
  values: Insertable<InspectionTable>,
  results: readonly Omit<Insertable<InspectionResultTable>, 'inspection_id'>[],
): Promise<string> {
  const row = await trx.insertInto('inspection').values(values).returning('id').executeTakeFirstOrThrow();
  await trx
    .insertInto('inspection_result')
    .values(results.map((r) => ({ ...r, inspection_id: row.id })))
    .execute();
  return row.id;
}

export type ResultKey = { inspectionId: string; checklistVersionId: string; itemCode: string };

export async function findResult(db: DbOrTrx, k: ResultKey) {
  return db
    .selectFrom('inspection_result')
    .selectAll()
    .where('inspection_id', '=', k.inspectionId)
    .where('checklist_version_id', '=', k.checklistVersionId)
    .where('item_code', '=', k.itemCode)
    .executeTakeFirst();
}

export async function findVersionWithChecklist(db: DbOrTrx, versionId: string) {
  return db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.items', 'c.domain', 'c.title'])
    .where('cv.id', '=', versionId)
    .executeTakeFirstOrThrow();
}

export async function findPointPlace(db: DbOrTrx, pointId: string) {
  return db.selectFrom('inspection_point').select(['name', 'location']).where('id', '=', pointId).executeTakeFirst();
}

/** Links an answer to the hazard raised from it, only if none is linked yet; false when another was first. */
export async function linkResultToHazard(trx: Trx, k: ResultKey, hazardId: string): Promise<boolean> {
  const linked = await trx
    .updateTable('inspection_result')
    .set({ hazard_id: hazardId })
    .where('inspection_id', '=', k.inspectionId)
    .where('checklist_version_id', '=', k.checklistVersionId)
    .where('item_code', '=', k.itemCode)
    .where('hazard_id', 'is', null)
    .executeTakeFirst();
  return Number(linked.numUpdatedRows) === 1;
}
