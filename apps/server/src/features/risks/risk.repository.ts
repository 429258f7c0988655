import { sql, type Insertable } from 'kysely';
import type { RiskLevel, RiskRange, RiskStatus, RiskTier, Scope } from '@xiaoan/domain';
import { REASSESS_WINDOW_DAYS } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { RiskAssessmentKind, RiskTable } from '../../db/schema-risks.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * SQL of the risk register (风险分级管控). Scope is `risk.unit_path` (the school's path); a
 * risk's hazards are `hazard.risk_id`; its recent hazards (the reassessment flag) are those linked
 * to it or raised by a check at its point in the last REASSESS_WINDOW_DAYS days.
 */

export type RiskRow = {
  id: string;
  version: number;
  unit_id: string;
  school_name: string;
  unit_path: string;
  point_id: string | null;
  point_name: string | null;
  name: string;
  description: string;
  domain: string;
  consequences: string;
  likelihood: number;
  severity: number;
  score: number;
  level: RiskLevel;
  residual_likelihood: number | null;
  residual_severity: number | null;
  residual_score: number | null;
  residual_level: RiskLevel | null;
  response_plan: string;
  emergency_plan_title: string | null;
  emergency_plan_file_id: string | null;
  review_on: string | null;
  status: RiskStatus;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  hazard_count: number;
  recent_hazard_count: number;
};

function riskSelect(db: DbOrTrx, today: string) {
  return db
    .selectFrom('risk as r')
    .innerJoin('unit as s', 's.id', 'r.unit_id')
    .leftJoin('inspection_point as p', 'p.id', 'r.point_id')
    .innerJoin('app_user as c', 'c.id', 'r.created_by')
    .select([
      'r.id',
      'r.version',
      'r.unit_id',
      's.name as school_name',
      sql<string>`r.unit_path::text`.as('unit_path'),
      'r.point_id',
      'p.name as point_name',
      'r.name',
      'r.description',
      'r.domain',
      'r.consequences',
      'r.likelihood',
      'r.severity',
      'r.score',
      'r.level',
      'r.residual_likelihood',
      'r.residual_severity',
      'r.residual_score',
      'r.residual_level',
      'r.response_plan',
      'r.emergency_plan_title',
      'r.emergency_plan_file_id',
      sql<string | null>`r.review_on::text`.as('review_on'),
      'r.status',
      'c.display_name as created_by_name',
      'r.created_at',
      'r.updated_at',
      sql<number>`(SELECT count(*)::int FROM hazard h WHERE h.risk_id = r.id)`.as('hazard_count'),
      recentHazards(today).as('recent_hazard_count'),
    ]);
}

/** Hazards linked to the risk or raised at its point, found in the window (rejected reports do not count). */
function recentHazards(today: string) {
  return sql<number>`(SELECT count(*)::int FROM hazard h LEFT JOIN inspection i ON i.id = h.inspection_id
    WHERE h.state <> 'rejected' AND h.found_at > ${today}::date - ${REASSESS_WINDOW_DAYS}::int
      AND (h.risk_id = r.id OR (r.point_id IS NOT NULL AND i.point_id = r.point_id)))`;
}

const LEVEL_ORDER = sql<number>`CASE r.level WHEN 'major' THEN 1 WHEN 'significant' THEN 2 WHEN 'general' THEN 3 ELSE 4 END`;

export type RiskFilter = {
  unitId?: string;
  pointId?: string;
  hazardId?: string;
  level?: RiskLevel;
  domain?: string;
  status?: RiskStatus;
  reviewDue?: boolean;
  flagged?: boolean;
  q?: string;
};

/** One page of the risks in scope (highest level and score first), with the total under the same filter. */
export async function findRisks(db: DbOrTrx, scope: Scope, f: RiskFilter, today: string, reassessThreshold: number, page: { page: number; pageSize: number }): Promise<{ rows: RiskRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('r.unit_path', scope)];
    if (f.unitId) c.push(underUnit('r.unit_path', f.unitId));
    if (f.pointId) c.push(sql<boolean>`r.point_id = ${f.pointId}`);
    if (f.hazardId) c.push(sql<boolean>`r.id = (SELECT h.risk_id FROM hazard h WHERE h.id = ${f.hazardId} AND ${inScope('h.unit_path', scope)})`);
    if (f.level) c.push(sql<boolean>`r.level = ${f.level}`);
    if (f.domain) c.push(sql<boolean>`r.domain = ${f.domain}`);
    if (f.status) c.push(sql<boolean>`r.status = ${f.status}`);
    if (f.reviewDue === true) c.push(sql<boolean>`r.status = 'active' AND r.review_on <= ${today}::date`);
    if (f.reviewDue === false) c.push(sql<boolean>`NOT (r.status = 'active' AND r.review_on IS NOT NULL AND r.review_on <= ${today}::date)`);
    if (f.flagged === true) c.push(sql<boolean>`r.status = 'active' AND ${recentHazards(today)} >= ${reassessThreshold}`);
    if (f.flagged === false) c.push(sql<boolean>`NOT (r.status = 'active' AND ${recentHazards(today)} >= ${reassessThreshold})`);
    if (f.q) {
      c.push(
        sql<boolean>`(strpos(lower(r.name), lower(${f.q})) > 0 OR strpos(lower(r.description), lower(${f.q})) > 0
          OR strpos((SELECT name FROM unit WHERE id = r.unit_id), ${f.q}) > 0
          OR strpos(coalesce((SELECT name FROM inspection_point WHERE id = r.point_id), ''), ${f.q}) > 0)`,
      );
    }
    return c;
  };
  const [rows, count] = await Promise.all([
    riskSelect(db, today)
      .where((eb) => eb.and(conds()))
      .orderBy(sql`CASE r.status WHEN 'active' THEN 0 ELSE 1 END`)
      .orderBy(LEVEL_ORDER)
      .orderBy('r.score', 'desc')
      .orderBy('r.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db
      .selectFrom('risk as r')
      .select(sql<string>`count(*)`.as('n'))
      .where((eb) => eb.and(conds()))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as RiskRow[], total: Number(count.n) };
}

/** One risk in scope, or undefined (out of scope reads exactly like missing). */
export async function findRiskInScope(db: DbOrTrx, scope: Scope, id: string, today: string): Promise<RiskRow | undefined> {
  return (await riskSelect(db, today).where('r.id', '=', id).where(inScope('r.unit_path', scope)).executeTakeFirst()) as RiskRow | undefined;
}

export type RiskMeasureRow = { id: string; description: string; tier: RiskTier; department: string; person: string };

export async function findRiskMeasures(db: DbOrTrx, riskId: string): Promise<RiskMeasureRow[]> {
  return db.selectFrom('risk_measure').select(['id', 'description', 'tier', 'department', 'person']).where('risk_id', '=', riskId).orderBy('position').execute();
}

export type RiskAssessmentRow = {
  id: string;
  kind: RiskAssessmentKind;
  likelihood: number;
  severity: number;
  score: number;
  level: RiskLevel;
  residual_likelihood: number | null;
  residual_severity: number | null;
  residual_score: number | null;
  residual_level: RiskLevel | null;
  reason: string;
  actor_name: string | null;
  at: Date;
};

/** The risk's assessment history, newest first. */
export async function findRiskAssessments(db: DbOrTrx, riskId: string): Promise<RiskAssessmentRow[]> {
  return db
    .selectFrom('risk_assessment as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_user_id')
    .select([
      'a.id',
      'a.kind',
      'a.likelihood',
      'a.severity',
      'a.score',
      'a.level',
      'a.residual_likelihood',
      'a.residual_severity',
      'a.residual_score',
      'a.residual_level',
      'a.reason',
      'u.display_name as actor_name',
      'a.at',
    ])
    .where('a.risk_id', '=', riskId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

/** The hazards linked to a risk that the caller may read, newest first. */
export async function findRiskHazards(db: DbOrTrx, scope: Scope, riskId: string): Promise<{ id: string; title: string; state: string }[]> {
  return db
    .selectFrom('hazard as h')
    .select(['h.id', 'h.title', 'h.state'])
    .where('h.risk_id', '=', riskId)
    .where(inScope('h.unit_path', scope))
    .orderBy('h.found_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(200)
    .execute();
}

/** An active inspection point of the school, in scope. */
export async function findPointOfSchool(db: DbOrTrx, scope: Scope, pointId: string, schoolId: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('inspection_point')
    .select(['id', 'name'])
    .where('id', '=', pointId)
    .where('school_id', '=', schoolId)
    .where('retired_on', 'is', null)
    .where(inScope('unit_path', scope))
    .executeTakeFirst();
}

/** A stored file of the school (an uploaded emergency plan), in scope. */
export async function findFileOfSchool(db: DbOrTrx, scope: Scope, fileId: string, schoolPath: string): Promise<boolean> {
  const r = await db
    .selectFrom('file_object')
    .select('id')
    .where('id', '=', fileId)
    .where(sql<boolean>`unit_path <@ ${schoolPath}::ltree`)
    .where(inScope('unit_path', scope))
    .executeTakeFirst();
  return !!r;
}

export type MatrixRow = { bureau_unit_id: string; ranges: RiskRange[]; version: number; updated_at: Date };

/** The bureau's saved matrix, or undefined (the default thresholds apply). */
export async function findMatrix(db: DbOrTrx, bureauId: string): Promise<MatrixRow | undefined> {
  return db.selectFrom('risk_matrix').select(['bureau_unit_id', 'ranges', 'version', 'updated_at']).where('bureau_unit_id', '=', bureauId).executeTakeFirst();
}

/** Locks the bureau's matrix row for the transaction (creates nothing). */
export async function lockMatrix(trx: Trx, bureauId: string): Promise<MatrixRow | undefined> {
  return trx.selectFrom('risk_matrix').select(['bureau_unit_id', 'ranges', 'version', 'updated_at']).where('bureau_unit_id', '=', bureauId).forUpdate().executeTakeFirst();
}

/**
 * Saves the bureau's matrix at the version read (0: none saved yet); false when another save
 * came first.
 */
export async function saveMatrix(trx: Trx, bureauId: string, version: number, ranges: readonly RiskRange[], userId: string): Promise<boolean> {
  if (version === 0) {
    const r = await trx
      .insertInto('risk_matrix')
      .values({ bureau_unit_id: bureauId, ranges: JSON.stringify(ranges), updated_by: userId })
      .onConflict((oc) => oc.column('bureau_unit_id').doNothing())
      .returning('bureau_unit_id')
      .executeTakeFirst();
    return !!r;
  }
  const r = await trx
    .updateTable('risk_matrix')
    .set({ ranges: JSON.stringify(ranges), updated_by: userId, version: sql`version + 1`, updated_at: sql`now()` })
    .where('bureau_unit_id', '=', bureauId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type RelevelRow = {
  id: string;
  name: string;
  likelihood: number;
  severity: number;
  score: number;
  level: RiskLevel;
  residual_likelihood: number | null;
  residual_severity: number | null;
  residual_score: number | null;
  residual_level: RiskLevel | null;
};

/** Every risk of the bureau's schools, locked for re-levelling in the matrix's transaction. */
export async function lockRisksOfBureau(trx: Trx, bureauId: string): Promise<RelevelRow[]> {
  return trx
    .selectFrom('risk')
    .select(['id', 'name', 'likelihood', 'severity', 'score', 'level', 'residual_likelihood', 'residual_severity', 'residual_score', 'residual_level'])
    .where(sql<boolean>`unit_path <@ (SELECT path FROM unit WHERE id = ${bureauId})`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** A re-levelled risk's new levels (the version moves on: an edit read before it answers 409). */
export async function setRiskLevels(trx: Trx, id: string, level: RiskLevel, residualLevel: RiskLevel | null): Promise<void> {
  await trx.updateTable('risk').set({ level, residual_level: residualLevel, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function insertRisk(trx: Trx, values: Insertable<RiskTable>): Promise<string> {
  return (await trx.insertInto('risk').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** The risk's fields at the version read; false when it moved on. */
export async function updateRisk(trx: Trx, id: string, version: number, set: VersionedSet<'risk'>): Promise<boolean> {
  return updateVersioned(trx, 'risk', id, version, set);
}

/** Replaces the risk's measures, in order. */
export async function replaceRiskMeasures(trx: Trx, riskId: string, measures: readonly { description: string; tier: RiskTier; department: string; person: string }[]): Promise<void> {
  await trx.deleteFrom('risk_measure').where('risk_id', '=', riskId).execute();
  if (measures.length === 0) return;
  await trx
    .insertInto('risk_measure')
    .values(measures.map((m, i) => ({ risk_id: riskId, position: i + 1, description: m.description, tier: m.tier, department: m.department, person: m.person })))
    .execute();
}

/** What one history row records: the row as read, without its id, author and time. */
export type AssessmentValues = Omit<RiskAssessmentRow, 'id' | 'actor_name' | 'at'>;

export async function insertAssessment(trx: Trx, riskId: string, actorUserId: string | null, a: AssessmentValues): Promise<void> {
  await trx
    .insertInto('risk_assessment')
    .values({ risk_id: riskId, actor_user_id: actorUserId, ...a })
    .execute();
}

export type HazardForLink = { id: string; version: number; school_id: string; title: string; state: string; risk_id: string | null };

/** A hazard in the caller's scope, as the link needs it. */
export async function findHazardForLink(db: DbOrTrx, scope: Scope, hazardId: string): Promise<HazardForLink | undefined> {
  return db
    .selectFrom('hazard')
    .select(['id', 'version', 'school_id', 'title', 'state', 'risk_id'])
    .where('id', '=', hazardId)
    .where(inScope('unit_path', scope))
    .executeTakeFirst();
}

/**
 * Names (or clears) the risk a hazard realises, with the hazard's history row (every change of a
 * hazard has one: hazard_requires_history). The link is outside the hazard's record (`doc`), so
 * its version does not move; `version`, when given, must still be current.
 */
export async function setHazardRisk(
  trx: Trx,
  h: HazardForLink,
  risk: { id: string; name: string } | null,
  version: number | undefined,
  actor: { userId: string; role: string },
): Promise<boolean> {
  let q = trx.updateTable('hazard').set({ risk_id: risk?.id ?? null }).where('id', '=', h.id);
  if (version !== undefined) q = q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await trx
    .insertInto('hazard_event')
    .values({
      hazard_id: h.id,
      actor_user_id: actor.userId,
      actor_role: actor.role,
      action: 'link_risk',
      from_state: h.state,
      to_state: h.state,
      comment: risk ? `关联风险：${risk.name}` : '解除关联风险',
      details: JSON.stringify({ riskId: risk?.id ?? null, previousRiskId: h.risk_id }),
    })
    .execute();
  return true;
}

/** Risk counts of the caller's scope for the home pages: active risks past their review date. */
export async function countReviewDue(db: DbOrTrx, scope: Scope, today: string): Promise<number> {
  const r = await db
    .selectFrom('risk as r')
    .select(sql<string>`count(*)`.as('n'))
    .where(inScope('r.unit_path', scope))
    .where('r.status', '=', 'active')
    .where(sql<boolean>`r.review_on <= ${today}::date`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
