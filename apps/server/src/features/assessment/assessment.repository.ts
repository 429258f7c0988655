import { sql } from 'kysely';
import type { Frequency, SchemeIndicator, Scope, SelfAssessmentState } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned } from '../../db/versioned.js';
import type { SelfAssessmentItem } from '../../db/schema-assessment.js';

/*
 * The assessment's reads and writes: schemes, manual scores, self-assessments, and the raw
 * figures of the computed indicators, read per school from the ledger, the checks, the
 * supervision findings and the campaign tasks over the caller's scope for a window of days.
 */

export type SchemeRow = {
  id: string;
  bureau_unit_id: string;
  bureau_unit_path: string;
  year: number;
  name: string;
  total_points: number;
  indicators: SchemeIndicator[];
  version: number;
  created_at: Date;
  updated_at: Date;
};

const schemeSelect = (db: DbOrTrx) =>
  db
    .selectFrom('assessment_scheme as s')
    .select([
      's.id',
      's.bureau_unit_id',
      sql<string>`s.bureau_unit_path::text`.as('bureau_unit_path'),
      's.year',
      's.name',
      sql<number>`s.total_points::float8`.as('total_points'),
      's.indicators',
      's.version',
      's.created_at',
      's.updated_at',
    ]);

/** A scheme is the caller's when its bureau holds the caller's scope (a school, a team) or lies in it. */
const schemeVisible = (scope: Scope) =>
  scope.unitPaths.length === 0
    ? sql<boolean>`false`
    : sql<boolean>`(${inScope('s.bureau_unit_path', scope)} OR s.bureau_unit_path @> ANY(${sql.val(scope.unitPaths)}::ltree[]))`;

export async function findSchemes(db: DbOrTrx, scope: Scope, year?: number): Promise<SchemeRow[]> {
  let q = schemeSelect(db).where(schemeVisible(scope));
  if (year !== undefined) q = q.where('s.year', '=', year);
  return (await q.orderBy('s.year', 'desc').orderBy('s.id').execute()) as SchemeRow[];
}

export async function findScheme(db: DbOrTrx, scope: Scope, id: string): Promise<SchemeRow | undefined> {
  return (await schemeSelect(db).where('s.id', '=', id).where(schemeVisible(scope)).executeTakeFirst()) as SchemeRow | undefined;
}

/** The bureau above (or at) a unit. */
export async function findBureauOf(db: DbOrTrx, unitPath: string): Promise<{ id: string; path: string } | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'bureau')
    .where(sql<boolean>`path @> ${unitPath}::ltree`)
    .orderBy(sql`nlevel(path)`, 'desc')
    .executeTakeFirst();
}

export async function schemeYearTaken(db: DbOrTrx, bureauId: string, year: number): Promise<boolean> {
  return !!(await db.selectFrom('assessment_scheme').select('id').where('bureau_unit_id', '=', bureauId).where('year', '=', year).executeTakeFirst());
}

export async function insertScheme(
  trx: Trx,
  v: { bureauId: string; bureauPath: string; year: number; name: string; totalPoints: number; indicators: SchemeIndicator[]; createdBy: string },
): Promise<string> {
  const r = await trx
    .insertInto('assessment_scheme')
    .values({
      bureau_unit_id: v.bureauId,
      bureau_unit_path: v.bureauPath,
      year: v.year,
      name: v.name,
      total_points: v.totalPoints,
      indicators: JSON.stringify(v.indicators),
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The scheme at `version` gets a new name and indicators; false when it moved on. */
export async function updateScheme(trx: Trx, id: string, version: number, set: { name: string; indicators: SchemeIndicator[] }): Promise<boolean> {
  return updateVersioned(trx, 'assessment_scheme', id, version, { name: set.name, indicators: JSON.stringify(set.indicators) });
}

export type SchoolRow = { id: string; name: string; path: string; area_name: string | null };

/** The active schools of the bureau in the caller's scope, by area and name. */
export async function findSchools(db: DbOrTrx, scope: Scope, bureauPath: string, schoolId?: string): Promise<SchoolRow[]> {
  let q = db
    .selectFrom('unit as u')
    .leftJoin('unit as a', (j) => j.onRef('a.id', '=', 'u.parent_id').on('a.kind', '=', 'area'))
    .select(['u.id', 'u.name', sql<string>`u.path::text`.as('path'), 'a.name as area_name'])
    .where('u.kind', '=', 'school')
    .where('u.status', '=', 'active')
    .where(sql<boolean>`u.path <@ ${bureauPath}::ltree`)
    .where(inScope('u.path', scope));
  if (schoolId) q = q.where('u.id', '=', schoolId);
  return q.orderBy('a.name').orderBy('u.name').orderBy('u.id').execute();
}

export type HazardFigures = { found: number; closed: number; openOverdue: number; closedLate: number };

/**
 * Per school, over the caller's scope: hazards found in [from, to] (not rejected) and of those the
 * closed; hazards open past their due date today (the ledger's overdue filter); hazards closed in
 * [from, to] after their due date.
 */
export async function findHazardFigures(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], from: string, to: string, today: string): Promise<Map<string, HazardFigures>> {
  if (!schoolIds.length) return new Map();
  const closedDay = sql`(h.closed_at AT TIME ZONE 'Asia/Shanghai')::date`;
  const rows = await db
    .selectFrom('hazard as h')
    .select([
      'h.school_id',
      sql<string>`count(*) FILTER (WHERE h.state <> 'rejected' AND h.found_at BETWEEN ${from}::date AND ${to}::date)`.as('found'),
      sql<string>`count(*) FILTER (WHERE h.state = 'closed' AND h.found_at BETWEEN ${from}::date AND ${to}::date)`.as('closed'),
      sql<string>`count(*) FILTER (WHERE h.state IN ('registered', 'rectifying', 'pending_verification') AND h.due_date < ${today}::date)`.as('open_overdue'),
      sql<string>`count(*) FILTER (WHERE h.state = 'closed' AND h.due_date IS NOT NULL AND ${closedDay} BETWEEN ${from}::date AND ${to}::date AND ${closedDay} > h.due_date)`.as('closed_late'),
    ])
    .where(inScope('h.unit_path', scope))
    .where('h.school_id', 'in', schoolIds)
    .groupBy('h.school_id')
    .execute();
  return new Map(rows.map((r) => [r.school_id, { found: Number(r.found), closed: Number(r.closed), openOverdue: Number(r.open_overdue), closedLate: Number(r.closed_late) }]));
}

/** Per school: the hazards of supervision feedback (督查反馈) on visits of [from, to], not rejected, and of those the closed. */
export async function findSupervisionFigures(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], from: string, to: string): Promise<Map<string, { findings: number; closed: number }>> {
  if (!schoolIds.length) return new Map();
  const rows = await db
    .selectFrom('visit_finding as f')
    .innerJoin('supervision_visit as v', 'v.id', 'f.visit_id')
    .innerJoin('hazard as h', 'h.id', 'f.hazard_id')
    .select([
      'v.school_id',
      sql<string>`count(DISTINCT h.id) FILTER (WHERE h.state <> 'rejected')`.as('findings'),
      sql<string>`count(DISTINCT h.id) FILTER (WHERE h.state = 'closed')`.as('closed'),
    ])
    .where(inScope('v.school_path', scope))
    .where(inScope('h.unit_path', scope))
    .where('v.school_id', 'in', schoolIds)
    .where(sql<boolean>`coalesce(v.visited_on, v.planned_on) BETWEEN ${from}::date AND ${to}::date`)
    .groupBy('v.school_id')
    .execute();
  return new Map(rows.map((r) => [r.school_id, { findings: Number(r.findings), closed: Number(r.closed) }]));
}

/**
 * Per school: its campaign tasks (一校一策 copies) whose deadline fell in [from, to], and of those
 * the ones done by the deadline (the first progress entry that set them done, Beijing day).
 */
export async function findTaskFigures(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], from: string, to: string): Promise<Map<string, { due: number; onTime: number }>> {
  if (!schoolIds.length) return new Map();
  const doneDay = sql`coalesce(
    (SELECT min(p.created_at) FROM task_progress p WHERE p.task_school_id = ts.id AND p.status_after = 'done'),
    CASE WHEN ts.status = 'done' THEN ts.updated_at END)`;
  const rows = await db
    .selectFrom('campaign_task_school as ts')
    .innerJoin('campaign_task as t', 't.id', 'ts.task_id')
    .select([
      'ts.school_unit_id as school_id',
      sql<string>`count(*)`.as('due'),
      sql<string>`count(*) FILTER (WHERE ts.status = 'done' AND (${doneDay} AT TIME ZONE 'Asia/Shanghai')::date <= t.deadline)`.as('on_time'),
    ])
    .where(inScope('ts.school_path', scope))
    .where('ts.school_unit_id', 'in', schoolIds)
    .where('t.deadline', 'is not', null)
    .where(sql<boolean>`t.deadline BETWEEN ${from}::date AND ${to}::date`)
    .groupBy('ts.school_unit_id')
    .execute();
  return new Map(rows.map((r) => [r.school_id, { due: Number(r.due), onTime: Number(r.on_time) }]));
}

export type PointLife = { unit_id: string; school_id: string; frequency: Frequency; active_from: string; retired_on: string | null };

/** The inspection points of these schools in scope alive at some time in [from, to]. */
export async function findPoints(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], from: string, to: string): Promise<PointLife[]> {
  if (!schoolIds.length) return [];
  return (await db
    .selectFrom('inspection_point as p')
    .select(['p.unit_id', 'p.school_id', 'p.frequency', sql<string>`p.active_from::text`.as('active_from'), sql<string | null>`p.retired_on::text`.as('retired_on')])
    .where(inScope('p.unit_path', scope))
    .where('p.school_id', 'in', schoolIds)
    .where('p.active_from', '<=', to)
    .where((eb) => eb.or([eb('p.retired_on', 'is', null), eb('p.retired_on', '>', from)]))
    .execute()) as PointLife[];
}

/** Per school, the point-periods checked among these units whose period ends in [from, to] (the insert trigger's counters). */
export async function findChecksDone(db: DbOrTrx, unitIds: readonly string[], from: string, to: string): Promise<Map<string, number>> {
  if (!unitIds.length) return new Map();
  const rows = await db
    .selectFrom('inspection_done_day')
    .select(['school_id', sql<string>`sum(done)`.as('done')])
    .where('unit_id', 'in', unitIds)
    .where('period_end', '>=', from)
    .where('period_end', '<=', to)
    .groupBy('school_id')
    .execute();
  return new Map(rows.map((r) => [r.school_id, Number(r.done)]));
}

export type ManualScoreRow = {
  school_id: string;
  indicator_key: string;
  points: number;
  reason: string;
  evidence: string;
  file_ids: string[];
  entered_at: Date;
  entered_by_name: string;
};

export async function findManualScores(db: DbOrTrx, scope: Scope, schemeId: string, schoolIds: readonly string[]): Promise<ManualScoreRow[]> {
  if (!schoolIds.length) return [];
  return (await db
    .selectFrom('assessment_manual_score as m')
    .innerJoin('app_user as u', 'u.id', 'm.entered_by')
    .select([
      'm.school_id',
      'm.indicator_key',
      sql<number>`m.points::float8`.as('points'),
      'm.reason',
      'm.evidence',
      sql<string[]>`m.file_ids::text[]`.as('file_ids'),
      'm.entered_at',
      'u.display_name as entered_by_name',
    ])
    .where('m.scheme_id', '=', schemeId)
    .where('m.school_id', 'in', schoolIds)
    .where(inScope('m.school_path', scope))
    .execute()) as ManualScoreRow[];
}

export async function upsertManualScore(
  trx: Trx,
  v: { schemeId: string; schoolId: string; schoolPath: string; indicatorKey: string; points: number; reason: string; evidence: string; fileIds: string[]; enteredBy: string },
): Promise<void> {
  await trx
    .insertInto('assessment_manual_score')
    .values({
      scheme_id: v.schemeId,
      school_id: v.schoolId,
      school_path: v.schoolPath,
      indicator_key: v.indicatorKey,
      points: v.points,
      reason: v.reason,
      evidence: v.evidence,
      file_ids: v.fileIds,
      entered_by: v.enteredBy,
    })
    .onConflict((oc) =>
      oc.columns(['scheme_id', 'school_id', 'indicator_key']).doUpdateSet({
        points: v.points,
        reason: v.reason,
        evidence: v.evidence,
        file_ids: v.fileIds,
        entered_by: v.enteredBy,
        entered_at: sql`now()`,
      }),
    )
    .execute();
}

export type SelfRow = {
  id: string;
  scheme_id: string;
  school_id: string;
  school_name: string;
  school_path: string;
  state: SelfAssessmentState;
  items: SelfAssessmentItem[];
  submitted_at: Date | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  version: number;
  updated_at: Date;
};

const selfSelect = (db: DbOrTrx) =>
  db
    .selectFrom('self_assessment as a')
    .innerJoin('unit as u', 'u.id', 'a.school_id')
    .select([
      'a.id',
      'a.scheme_id',
      'a.school_id',
      'u.name as school_name',
      sql<string>`a.school_path::text`.as('school_path'),
      'a.state',
      'a.items',
      'a.submitted_at',
      'a.reviewed_at',
      'a.review_comment',
      'a.version',
      'a.updated_at',
    ]);

export async function findSelfAssessment(db: DbOrTrx, scope: Scope, id: string): Promise<SelfRow | undefined> {
  return (await selfSelect(db).where('a.id', '=', id).where(inScope('a.school_path', scope)).executeTakeFirst()) as SelfRow | undefined;
}

export async function findSelfAssessmentOf(db: DbOrTrx, scope: Scope, schemeId: string, schoolId: string): Promise<SelfRow | undefined> {
  return (await selfSelect(db).where('a.scheme_id', '=', schemeId).where('a.school_id', '=', schoolId).where(inScope('a.school_path', scope)).executeTakeFirst()) as
    | SelfRow
    | undefined;
}

export async function findSelfAssessments(db: DbOrTrx, scope: Scope, schemeId: string, state?: SelfAssessmentState): Promise<SelfRow[]> {
  let q = selfSelect(db).where('a.scheme_id', '=', schemeId).where(inScope('a.school_path', scope));
  if (state) q = q.where('a.state', '=', state);
  return (await q.orderBy('a.submitted_at', 'desc').orderBy('u.name').execute()) as SelfRow[];
}

export async function insertSelfAssessment(trx: Trx, v: { schemeId: string; schoolId: string; schoolPath: string; items: SelfAssessmentItem[]; savedBy: string }): Promise<string> {
  const r = await trx
    .insertInto('self_assessment')
    .values({ scheme_id: v.schemeId, school_id: v.schoolId, school_path: v.schoolPath, items: JSON.stringify(v.items), saved_by: v.savedBy })
    .onConflict((oc) => oc.columns(['scheme_id', 'school_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? '';
}

/** One versioned change of a self-assessment (save, submit, accept, return); false when it moved on. */
export async function updateSelfAssessment(
  trx: Trx,
  id: string,
  version: number,
  set: { items?: SelfAssessmentItem[]; state?: SelfAssessmentState; savedBy?: string; submittedBy?: string; reviewedBy?: string; reviewComment?: string | null },
): Promise<boolean> {
  return updateVersioned(trx, 'self_assessment', id, version, {
    ...(set.items ? { items: JSON.stringify(set.items) } : {}),
    ...(set.state ? { state: set.state } : {}),
    ...(set.savedBy ? { saved_by: set.savedBy } : {}),
    ...(set.submittedBy ? { submitted_by: set.submittedBy, submitted_at: sql<Date>`now()`, reviewed_at: null, reviewed_by: null } : {}),
    ...(set.reviewedBy ? { reviewed_by: set.reviewedBy, reviewed_at: sql<Date>`now()`, review_comment: set.reviewComment ?? null } : {}),
  });
}
