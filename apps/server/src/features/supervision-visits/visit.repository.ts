import { sql, type Insertable } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { VisitSummary } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { HazardFollowUpTable, SupervisionVisitTable } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';

/** A team of a bureau above or below the caller's unit. */
export async function findTeamNear(db: DbOrTrx, actorUnitPath: string, teamId: string) {
  return db
    .selectFrom('supervision_team as t')
    .innerJoin('unit as b', 'b.id', 't.bureau_unit_id')
    .select(['t.id', 't.name', 't.status'])
    .where('t.id', '=', teamId)
    .where(sql<boolean>`b.path @> ${actorUnitPath}::ltree OR b.path <@ ${actorUnitPath}::ltree`)
    .executeTakeFirst();
}

export async function isTeamMember(db: DbOrTrx, teamId: string, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('supervision_team_member').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst());
}

export async function isSchoolAssigned(db: DbOrTrx, teamId: string, schoolId: string): Promise<boolean> {
  return !!(await db.selectFrom('supervision_team_school').select('school_unit_id').where('team_id', '=', teamId).where('school_unit_id', '=', schoolId).executeTakeFirst());
}

export type VisitRow = {
  id: string;
  version: number;
  team_id: string;
  team_name: string;
  school_id: string;
  school_name: string;
  kind: VisitSummary['kind'];
  planned_on: string;
  visited_on: string | null;
  status: VisitSummary['status'];
  note: string;
  summary: string;
  finding_count: string;
  inspection_count: string;
  feedback_issued_at: Date | null;
};

function visitSelect(db: DbOrTrx) {
  return db
    .selectFrom('supervision_visit as v')
    .innerJoin('supervision_team as t', 't.id', 'v.team_id')
    .innerJoin('unit as s', 's.id', 'v.school_id')
    .select([
      'v.id',
      'v.version',
      'v.team_id',
      't.name as team_name',
      'v.school_id',
      's.name as school_name',
      'v.kind',
      sql<string>`v.planned_on::text`.as('planned_on'),
      sql<string | null>`v.visited_on::text`.as('visited_on'),
      'v.status',
      'v.note',
      'v.summary',
      sql<string>`(SELECT count(*) FROM visit_finding f WHERE f.visit_id = v.id)`.as('finding_count'),
      sql<string>`(SELECT count(*) FROM inspection i WHERE i.visit_id = v.id)`.as('inspection_count'),
      'v.feedback_issued_at',
    ]);
}

export type VisitFilter = { teamId?: string; schoolId?: string; status?: string };

/** One page of the visits in scope, latest planned first, with the total under the same filter. */
export async function findVisits(db: DbOrTrx, scope: Scope, q: VisitFilter, page: { page: number; pageSize: number }): Promise<{ rows: VisitRow[]; total: number }> {
  let query = visitSelect(db).where(inScope('v.school_path', scope));
  if (q.teamId) query = query.where('v.team_id', '=', q.teamId);
  if (q.schoolId) query = query.where('v.school_id', '=', q.schoolId);
  if (q.status) query = query.where('v.status', '=', q.status as never);
  const rows = (await query
    .orderBy('v.planned_on', 'desc')
    .orderBy('v.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute()) as VisitRow[];
  const count = await db
    .selectFrom('supervision_visit as v')
    .select(sql<string>`count(*)`.as('n'))
    .where(inScope('v.school_path', scope))
    .$if(!!q.teamId, (x) => x.where('v.team_id', '=', q.teamId!))
    .$if(!!q.schoolId, (x) => x.where('v.school_id', '=', q.schoolId!))
    .$if(!!q.status, (x) => x.where('v.status', '=', q.status as never))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function findVisitInScope(db: DbOrTrx, scope: Scope, id: string): Promise<VisitRow | undefined> {
  return (await visitSelect(db).where('v.id', '=', id).where(inScope('v.school_path', scope)).executeTakeFirst()) as VisitRow | undefined;
}

/** The hazards a visit found, with their deadlines. */
export async function findVisitFindings(db: DbOrTrx, visitId: string) {
  return db
    .selectFrom('visit_finding as f')
    .innerJoin('hazard as h', 'h.id', 'f.hazard_id')
    .select(['h.id', 'h.title', 'h.state', 'h.grade', sql<string>`f.due_date::text`.as('due_date')])
    .where('f.visit_id', '=', visitId)
    .orderBy('h.id')
    .execute();
}

export async function insertVisit(trx: Trx, values: Insertable<SupervisionVisitTable>): Promise<string> {
  return (await trx.insertInto('supervision_visit').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Records a visit as done or cancelled, only at the version read; false when it moved on. */
export async function updateVisitStatus(
  trx: Trx,
  id: string,
  version: number,
  set: { status: 'done' | 'cancelled' | 'planned'; visited_on: string | null; summary: string },
  now: Date,
): Promise<boolean> {
  const r = await trx
    .updateTable('supervision_visit')
    .set({ ...set, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVisitFinding(trx: Trx, visitId: string, hazardId: string, dueDate: string): Promise<void> {
  await trx.insertInto('visit_finding').values({ visit_id: visitId, hazard_id: hazardId, due_date: dueDate }).execute();
}

export async function findFindingDeadlines(db: DbOrTrx, visitId: string): Promise<{ hazard_id: string; due_date: string }[]> {
  return db.selectFrom('visit_finding').select(['hazard_id', sql<string>`due_date::text`.as('due_date')]).where('visit_id', '=', visitId).execute();
}

export async function markFeedbackIssued(trx: Trx, id: string, userId: string, now: Date): Promise<void> {
  await trx.updateTable('supervision_visit').set({ feedback_issued_at: now, feedback_issued_by: userId, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
}

/** Per school of the team in scope: visits in [from, to], the last visit, the next planned one, open findings. */
export async function findTeamCoverage(db: DbOrTrx, scope: Scope, teamId: string, from: string, to: string, today: string) {
  return db
    .selectFrom('supervision_team_school as ts')
    .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
    .select([
      's.id',
      's.name',
      sql<string>`(SELECT count(*) FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'done' AND v.visited_on BETWEEN ${from} AND ${to})`.as('in_window'),
      sql<string | null>`(SELECT max(v.visited_on)::text FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'done')`.as('last_visited'),
      sql<string | null>`(SELECT min(v.planned_on)::text FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'planned' AND v.planned_on >= ${today})`.as('next_planned'),
      sql<string>`(SELECT count(*) FROM visit_finding f JOIN supervision_visit v ON v.id = f.visit_id JOIN hazard h ON h.id = f.hazard_id WHERE v.school_id = s.id AND v.team_id = ts.team_id AND h.state NOT IN ('closed', 'rejected'))`.as('open_findings'),
    ])
    .where('ts.team_id', '=', teamId)
    .where(inScope('s.path', scope))
    .orderBy('s.name')
    .execute();
}

/** 回头看 candidates: hazards in scope closed since `since`, with how often they were followed up. */
export async function findFollowUpCandidates(db: DbOrTrx, scope: Scope, q: { since: Date; schoolId?: string; includeChecked?: boolean }) {
  let query = db
    .selectFrom('hazard as h')
    .innerJoin('unit as s', 's.id', 'h.school_id')
    .select([
      'h.id',
      'h.title',
      'h.domain',
      'h.location',
      'h.closed_at',
      'h.school_id',
      's.name as school_name',
      sql<string>`(SELECT count(*) FROM hazard_follow_up f WHERE f.hazard_id = h.id)`.as('follow_ups'),
      sql<string | null>`(SELECT f.outcome FROM hazard_follow_up f WHERE f.hazard_id = h.id ORDER BY f.id DESC LIMIT 1)`.as('last_outcome'),
    ])
    .where('h.state', '=', 'closed')
    .where('h.closed_at', '>=', q.since)
    .where(inScope('h.unit_path', scope));
  if (q.schoolId) query = query.where('h.school_id', '=', q.schoolId);
  if (!q.includeChecked) query = query.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM hazard_follow_up f WHERE f.hazard_id = h.id)`);
  return query.orderBy('h.closed_at', 'desc').limit(500).execute();
}

/** The hazard a follow-up is about, in scope, with its school's path. */
export async function findFollowUpHazard(db: DbOrTrx, scope: Scope, hazardId: string) {
  return db
    .selectFrom('hazard')
    .select(['id', 'state', 'title', 'description', 'domain', 'grade', 'location', 'unit_id', sql<string>`unit_path::text`.as('unit_path'), sql<string>`(SELECT path::text FROM unit WHERE id = hazard.school_id)`.as('school_path')])
    .where('id', '=', hazardId)
    .where(inScope('unit_path', scope))
    .executeTakeFirst();
}

export async function insertFollowUp(trx: Trx, values: Insertable<HazardFollowUpTable>): Promise<string> {
  return (await trx.insertInto('hazard_follow_up').values(values).returning('id').executeTakeFirstOrThrow()).id;
}
