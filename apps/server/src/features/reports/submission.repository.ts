import { sql } from 'kysely';
import type { Scope, StoredReportState } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned } from '../../db/versioned.js';

/** SQL of submissions (报送), their versions, reviews and reopenings. */

export type SubmitterKind = 'school' | 'team' | 'department';

/**
 * Who sees a submission: the scope over its unit path (a school's own, a team's schools, the
 * bureau's whole district), and a team's members their team's own reports.
 */
export function submissionVisible(scope: Scope, actorUserId: string) {
  return sql<boolean>`(${inScope('s.unit_path', scope)} OR (s.team_id IS NOT NULL AND s.team_id IN (SELECT m.team_id FROM supervision_team_member m WHERE m.user_id = ${actorUserId})))`;
}

export type SubmissionRow = {
  id: string;
  report_type_id: string;
  report_type_code: string;
  report_type_name: string;
  period_key: string;
  submitter_kind: SubmitterKind;
  unit_id: string | null;
  team_id: string | null;
  department_id: string | null;
  submitter_id: string;
  submitter_name: string;
  unit_path: string;
  state: StoredReportState;
  due_date: string;
  draft_narrative: Record<string, string>;
  draft_file_ids: string[];
  draft_saved_at: Date | null;
  current_version: number;
  first_submitted_at: Date | null;
  on_time: boolean | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  reopened_until: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

function selectSubmissions(db: DbOrTrx) {
  return db
    .selectFrom('report_submission as s')
    .innerJoin('report_type as t', 't.id', 's.report_type_id')
    .leftJoin('unit as u', 'u.id', 's.unit_id')
    .leftJoin('supervision_team as st', 'st.id', 's.team_id')
    .leftJoin('department as d', 'd.id', 's.department_id')
    .select([
      's.id',
      's.report_type_id',
      't.code as report_type_code',
      't.name as report_type_name',
      's.period_key',
      's.submitter_kind',
      's.unit_id',
      's.team_id',
      's.department_id',
      's.submitter_id',
      sql<string>`coalesce(u.name, st.name, d.name)`.as('submitter_name'),
      sql<string>`s.unit_path::text`.as('unit_path'),
      's.state',
      sql<string>`s.due_date::text`.as('due_date'),
      's.draft_narrative',
      's.draft_file_ids',
      's.draft_saved_at',
      's.current_version',
      's.first_submitted_at',
      's.on_time',
      's.submitted_at',
      's.reviewed_at',
      sql<string | null>`s.reopened_until::text`.as('reopened_until'),
      's.version',
      's.created_at',
      's.updated_at',
    ]);
}

const castRow = (r: unknown): SubmissionRow => {
  const row = r as SubmissionRow;
  return { ...row, draft_file_ids: (row.draft_file_ids ?? []).map(String) };
};

export type SubmissionFilter = { reportTypeId?: string; period?: string; state?: StoredReportState; unitId?: string };

export async function findSubmissions(db: DbOrTrx, scope: Scope, actorUserId: string, f: SubmissionFilter, page: { page: number; pageSize: number }) {
  let q = selectSubmissions(db).where(submissionVisible(scope, actorUserId));
  if (f.reportTypeId) q = q.where('s.report_type_id', '=', f.reportTypeId);
  if (f.period) q = q.where('s.period_key', '=', f.period);
  if (f.state) q = q.where('s.state', '=', f.state);
  if (f.unitId) q = q.where('s.submitter_id', '=', f.unitId);
  const [rows, count] = await Promise.all([
    q
      .orderBy('s.updated_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db
      .selectFrom('report_submission as s')
      .where(submissionVisible(scope, actorUserId))
      .$if(!!f.reportTypeId, (w) => w.where('s.report_type_id', '=', f.reportTypeId!))
      .$if(!!f.period, (w) => w.where('s.period_key', '=', f.period!))
      .$if(!!f.state, (w) => w.where('s.state', '=', f.state!))
      .$if(!!f.unitId, (w) => w.where('s.submitter_id', '=', f.unitId!))
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(castRow), total: Number(count.n) };
}

export async function findSubmissionInScope(db: DbOrTrx, scope: Scope, actorUserId: string, id: string): Promise<SubmissionRow | undefined> {
  const r = await selectSubmissions(db).where('s.id', '=', id).where(submissionVisible(scope, actorUserId)).executeTakeFirst();
  return r ? castRow(r) : undefined;
}

/** The row of (type, period, submitter), locked for the command's update. */
export async function lockSubmission(trx: Trx, id: string): Promise<SubmissionRow | undefined> {
  await trx.selectFrom('report_submission').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const r = await selectSubmissions(trx).where('s.id', '=', id).executeTakeFirst();
  return r ? castRow(r) : undefined;
}

export async function findSubmissionId(db: DbOrTrx, typeId: string, periodKey: string, kind: SubmitterKind, submitterId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('report_submission')
    .select('id')
    .where('report_type_id', '=', typeId)
    .where('period_key', '=', periodKey)
    .where('submitter_kind', '=', kind)
    .where('submitter_id', '=', submitterId)
    .executeTakeFirst();
  return r?.id;
}

export type NewSubmission = {
  reportTypeId: string;
  periodKey: string;
  kind: SubmitterKind;
  submitterId: string;
  unitPath: string;
  dueDate: string;
  narrative: Record<string, string>;
  savedBy: string | null;
};

/** Inserts the row of (type, period, submitter) unless it exists; returns its id either way. */
export async function insertSubmission(trx: Trx, v: NewSubmission): Promise<{ id: string; created: boolean }> {
  const r = await trx
    .insertInto('report_submission')
    .values({
      report_type_id: v.reportTypeId,
      period_key: v.periodKey,
      submitter_kind: v.kind,
      unit_id: v.kind === 'school' ? v.submitterId : null,
      team_id: v.kind === 'team' ? v.submitterId : null,
      department_id: v.kind === 'department' ? v.submitterId : null,
      unit_path: v.unitPath,
      due_date: v.dueDate,
      draft_narrative: JSON.stringify(v.narrative),
      draft_saved_by: v.savedBy,
    })
    .onConflict((oc) => oc.constraint('report_submission_type_period_submitter_uq').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (r) return { id: r.id, created: true };
  const existing = await findSubmissionId(trx, v.reportTypeId, v.periodKey, v.kind, v.submitterId);
  return { id: existing!, created: false };
}

export type SubmissionChanges = {
  state?: StoredReportState;
  draftNarrative?: Record<string, string>;
  draftFileIds?: string[];
  draftSavedBy?: string;
  currentVersion?: number;
  firstSubmittedAt?: Date;
  onTime?: boolean;
  submittedAt?: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  reopenedUntil?: string;
};

/** Updates at the version read (optimistic lock); false when the row changed meanwhile. */
export async function updateSubmission(trx: Trx, id: string, version: number, c: SubmissionChanges): Promise<boolean> {
  return updateVersioned(trx, 'report_submission', id, version, {
    ...(c.state !== undefined ? { state: c.state } : {}),
    ...(c.draftNarrative !== undefined ? { draft_narrative: JSON.stringify(c.draftNarrative), draft_saved_at: sql<Date>`now()` } : {}),
    ...(c.draftFileIds !== undefined ? { draft_file_ids: c.draftFileIds } : {}),
    ...(c.draftSavedBy !== undefined ? { draft_saved_by: c.draftSavedBy } : {}),
    ...(c.currentVersion !== undefined ? { current_version: c.currentVersion } : {}),
    ...(c.firstSubmittedAt !== undefined ? { first_submitted_at: c.firstSubmittedAt } : {}),
    ...(c.onTime !== undefined ? { on_time: c.onTime } : {}),
    ...(c.submittedAt !== undefined ? { submitted_at: c.submittedAt } : {}),
    ...(c.reviewedBy !== undefined ? { reviewed_by: c.reviewedBy } : {}),
    ...(c.reviewedAt !== undefined ? { reviewed_at: c.reviewedAt } : {}),
    ...(c.reopenedUntil !== undefined ? { reopened_until: c.reopenedUntil } : {}),
  });
}

export async function insertVersion(
  trx: Trx,
  v: { submissionId: string; versionNo: number; content: Record<string, unknown>; narrative: Record<string, string>; fileIds: string[]; submittedBy: string; submittedAt: Date; late: boolean },
): Promise<void> {
  await trx
    .insertInto('report_submission_version')
    .values({
      submission_id: v.submissionId,
      version_no: v.versionNo,
      content: JSON.stringify(v.content),
      narrative: JSON.stringify(v.narrative),
      file_ids: v.fileIds,
      submitted_by: v.submittedBy,
      submitted_at: v.submittedAt,
      late: v.late,
    })
    .execute();
}

export type VersionRow = {
  version_no: number;
  content: Record<string, unknown>;
  narrative: Record<string, string>;
  file_ids: string[];
  submitted_by: string;
  submitted_by_name: string;
  submitted_at: Date;
  late: boolean;
};

export async function findVersions(db: DbOrTrx, submissionId: string): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('report_submission_version as v')
    .innerJoin('app_user as u', 'u.id', 'v.submitted_by')
    .select(['v.version_no', 'v.content', 'v.narrative', 'v.file_ids', 'v.submitted_by', 'u.display_name as submitted_by_name', 'v.submitted_at', 'v.late'])
    .where('v.submission_id', '=', submissionId)
    .orderBy('v.version_no')
    .execute();
  return rows.map((r) => ({ ...r, file_ids: (r.file_ids ?? []).map(String) }));
}

/** The latest submitted narrative of a submitter for a type before a period (the pre-fill source). */
export async function findPreviousNarrative(db: DbOrTrx, typeId: string, kind: SubmitterKind, submitterId: string, beforeDueDate: string): Promise<Record<string, string> | null> {
  const r = await db
    .selectFrom('report_submission as s')
    .innerJoin('report_submission_version as v', (j) => j.onRef('v.submission_id', '=', 's.id').onRef('v.version_no', '=', 's.current_version'))
    .select('v.narrative')
    .where('s.report_type_id', '=', typeId)
    .where('s.submitter_kind', '=', kind)
    .where('s.submitter_id', '=', submitterId)
    .where('s.due_date', '<', beforeDueDate)
    .where('s.current_version', '>', 0)
    .orderBy('s.due_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.narrative ?? null;
}

export async function insertReview(trx: Trx, v: { submissionId: string; versionNo: number; decision: 'approve' | 'return'; comment: string; userId: string; role: string }): Promise<void> {
  await trx
    .insertInto('report_review')
    .values({ submission_id: v.submissionId, version_no: v.versionNo, decision: v.decision, comment: v.comment, reviewer_user_id: v.userId, reviewer_role: v.role })
    .execute();
}

export async function findReviews(db: DbOrTrx, submissionId: string) {
  return db
    .selectFrom('report_review as r')
    .innerJoin('app_user as u', 'u.id', 'r.reviewer_user_id')
    .select(['r.id', 'r.version_no', 'r.decision', 'r.comment', 'r.reviewer_user_id', 'u.display_name', 'r.reviewer_role', 'r.at'])
    .where('r.submission_id', '=', submissionId)
    .orderBy('r.at')
    .orderBy('r.id')
    .execute();
}

export async function insertReopen(trx: Trx, v: { submissionId: string; until: string; reason: string; userId: string }): Promise<void> {
  await trx.insertInto('report_reopen').values({ submission_id: v.submissionId, until: v.until, reason: v.reason, by_user_id: v.userId }).execute();
}

export async function findReopens(db: DbOrTrx, submissionId: string) {
  return db
    .selectFrom('report_reopen as r')
    .innerJoin('app_user as u', 'u.id', 'r.by_user_id')
    .select([sql<string>`r.until::text`.as('until'), 'r.reason', 'r.by_user_id', 'u.display_name', 'r.at'])
    .where('r.submission_id', '=', submissionId)
    .orderBy('r.at')
    .execute();
}

export type SubmitterRow = { id: string; name: string; path: string; reporting_from: string; disabled_on: string | null; status: string };

/**
 * A submitter of a kind in the district, inside the caller's scope: a school (its path in
 * scope), a team (the bureau in scope, or the caller a member), a department (the bureau in scope).
 * `path` is what the submission row is scoped by.
 */
export async function findSubmitterInScope(db: DbOrTrx, scope: Scope, actorUserId: string, kind: SubmitterKind, id: string, bureauPath: string): Promise<SubmitterRow | undefined> {
  if (kind === 'school') {
    return db
      .selectFrom('unit as u')
      .select(['u.id', 'u.name', sql<string>`u.path::text`.as('path'), sql<string>`u.reporting_from::text`.as('reporting_from'), sql<string | null>`u.disabled_on::text`.as('disabled_on'), 'u.status'])
      .where('u.id', '=', id)
      .where('u.kind', '=', 'school')
      .where(sql<boolean>`u.path <@ ${bureauPath}::ltree`)
      .where(inScope('u.path', scope))
      .executeTakeFirst();
  }
  const bureauInScope = inScope('b.path', scope);
  if (kind === 'team') {
    return db
      .selectFrom('supervision_team as x')
      .innerJoin('unit as b', 'b.id', 'x.bureau_unit_id')
      .select(['x.id', 'x.name', sql<string>`b.path::text`.as('path'), sql<string>`x.reporting_from::text`.as('reporting_from'), sql<string | null>`x.disabled_on::text`.as('disabled_on'), 'x.status'])
      .where('x.id', '=', id)
      .where(sql<boolean>`b.path = ${bureauPath}::ltree`)
      .where(sql<boolean>`(${bureauInScope} OR EXISTS (SELECT 1 FROM supervision_team_member m WHERE m.team_id = x.id AND m.user_id = ${actorUserId}))`)
      .executeTakeFirst();
  }
  return db
    .selectFrom('department as x')
    .innerJoin('unit as b', 'b.id', 'x.unit_id')
    .select(['x.id', 'x.name', sql<string>`b.path::text`.as('path'), sql<string>`x.reporting_from::text`.as('reporting_from'), sql<string | null>`x.disabled_on::text`.as('disabled_on'), 'x.status'])
    .where('x.id', '=', id)
    .where(sql<boolean>`b.path = ${bureauPath}::ltree`)
    .where(bureauInScope)
    .executeTakeFirst();
}

/** The teams the user is a member of, in a district. */
export async function findMemberTeams(db: DbOrTrx, userId: string, bureauPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('supervision_team_member as m')
    .innerJoin('supervision_team as x', 'x.id', 'm.team_id')
    .innerJoin('unit as b', 'b.id', 'x.bureau_unit_id')
    .select('x.id')
    .where('m.user_id', '=', userId)
    .where('x.status', '=', 'active')
    .where(sql<boolean>`b.path = ${bureauPath}::ltree`)
    .orderBy('x.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Does the user belong to an active team covering the school; does any active team cover it? */
export async function findSchoolTeamCover(db: DbOrTrx, schoolId: string, userId: string): Promise<{ actorCovers: boolean; hasTeam: boolean }> {
  const r = await db
    .selectFrom('supervision_team_school as ts')
    .innerJoin('supervision_team as x', 'x.id', 'ts.team_id')
    .select([
      sql<boolean>`bool_or(EXISTS (SELECT 1 FROM supervision_team_member m WHERE m.team_id = x.id AND m.user_id = ${userId}))`.as('covers'),
      sql<string>`count(*)`.as('n'),
    ])
    .where('ts.school_unit_id', '=', schoolId)
    .where('x.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { actorCovers: r.covers === true, hasTeam: Number(r.n) > 0 };
}
