import {
  displayState,
  isExpectedFor,
  narrativeProblems,
  nextState,
  prefillNarrative,
  refusalOf,
  submissionAllowedActions,
  versionChanges,
  type ReportAction,
  type StoredReportState,
} from '@xiaoan/domain';
import type { FileRef, ReportSubmissionDetail, ReportSubmissionListQuery, SaveDraftBody, StartSubmissionBody, SubmitReportBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { idempotent, runCommand } from '../../kernel/command.js';
import { findFilesByIds, loadFilesInScope, toFileRef } from '../files/index.js';
import { buildAutoContent } from './auto-fill.service.js';
import { orderedFiles, templateOf, toPeriod, toReportType, toSubmissionSummary } from './report.presenter.js';
import {
  deadlineOf,
  defaultSubmitter,
  loadType,
  lockedAt,
  notYours,
  periodOrInvalid,
  periodStarted,
  typeAllowedActions,
  whoIs,
  type LoadedType,
} from './report.service.js';
import {
  findPreviousNarrative,
  findReopens,
  findReviews,
  findSubmissionInScope,
  findSubmissions,
  findSubmitterInScope,
  findVersions,
  insertSubmission,
  insertVersion,
  lockSubmission,
  updateSubmission,
  type SubmissionRow,
} from './submission.repository.js';

/** Submissions: list, detail, start (or open) the period's report, autosave the draft, submit a version. */

const stateNow = (row: SubmissionRow, now: Date) =>
  displayState({ state: row.state, firstSubmittedAt: row.first_submitted_at }, deadlineOf({ dueDate: row.due_date }), now);

export async function listSubmissions(db: DbOrTrx, ctx: RequestContext, q: ReportSubmissionListQuery, now = new Date()) {
  const { rows, total } = await findSubmissions(db, ctx.scope, ctx.actor.userId, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toSubmissionSummary(r, stateNow(r, now))), total };
}

async function loadSubmission(db: DbOrTrx, ctx: RequestContext, id: string): Promise<SubmissionRow> {
  const row = await findSubmissionInScope(db, ctx.scope, ctx.actor.userId, id);
  if (!row) throw notFound('报送');
  return row;
}

async function fileMap(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, FileRef>> {
  return new Map((await findFilesByIds(db, [...new Set(ids)])).map((f) => [f.id, toFileRef(f)]));
}

/** The whole record as the submitter and the reviewer read it, with what the caller may do now. */
export async function submissionDetail(db: DbOrTrx, ctx: RequestContext, row: SubmissionRow, now = new Date()): Promise<ReportSubmissionDetail> {
  const t = await loadType(db, ctx, row.report_type_id);
  const period = periodOrInvalid(t, row.period_key);
  const template = templateOf(t.row);
  const [versions, reviews, reopens, who] = await Promise.all([findVersions(db, row.id), findReviews(db, row.id), findReopens(db, row.id), whoIs(db, ctx, t.row, row)]);
  const files = await fileMap(db, [...row.draft_file_ids, ...versions.flatMap((v) => v.file_ids)]);
  const locked = lockedAt(t.row, period, row, now);
  const facts = { state: row.state, periodStarted: periodStarted(period, now), locked };
  const editable = row.state === 'draft' || row.state === 'returned';
  const preview = editable ? await buildAutoContent(db, ctx, template, { kind: row.submitter_kind, id: row.submitter_id, path: row.unit_path }, period, now) : null;
  const last = versions[versions.length - 1];
  const prev = versions[versions.length - 2];
  const changes =
    last && prev
      ? versionChanges(template, { content: prev.content, narrative: prev.narrative, fileIds: prev.file_ids }, { content: last.content, narrative: last.narrative, fileIds: last.file_ids })
      : [];
  return {
    submission: toSubmissionSummary(row, stateNow(row, now)),
    reportType: toReportType(t.row, typeAllowedActions(ctx, t.row)),
    period: toPeriod(period),
    draft: { narrative: row.draft_narrative, files: orderedFiles(row.draft_file_ids, files), savedAt: row.draft_saved_at?.toISOString() ?? null },
    preview,
    versions: versions.map((v) => ({
      versionNo: v.version_no,
      content: v.content,
      narrative: v.narrative,
      files: orderedFiles(v.file_ids, files),
      submittedBy: { id: v.submitted_by, name: v.submitted_by_name },
      submittedAt: v.submitted_at.toISOString(),
      late: v.late,
    })),
    reviews: reviews.map((r) => ({
      id: r.id,
      versionNo: r.version_no,
      decision: r.decision,
      comment: r.comment,
      reviewer: { id: r.reviewer_user_id, name: r.display_name, role: r.reviewer_role },
      at: r.at.toISOString(),
    })),
    changes,
    reopens: reopens.map((r) => ({ until: r.until, reason: r.reason, by: { id: r.by_user_id, name: r.display_name }, at: r.at.toISOString() })),
    locked,
    allowedActions: submissionAllowedActions(facts, who),
  };
}

export async function getSubmission(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<ReportSubmissionDetail> {
  return submissionDetail(db, ctx, await loadSubmission(db, ctx, id), now);
}

/** Throws the domain's refusal of `action` (409 or 400 with a Chinese message), if any. */
function assertAllowed(action: ReportAction, facts: { state: StoredReportState | null; periodStarted: boolean; locked: boolean }, input: { comment?: string } = {}) {
  const r = refusalOf(action, facts, input);
  if (r) throw r.status === 400 ? invalid(r.message, { domainCode: r.code }) : new AppError('CONFLICT', r.message, { domainCode: r.code });
}

function checkNarrative(t: LoadedType, narrative: Record<string, string>, forSubmission: boolean) {
  const problems = narrativeProblems(templateOf(t.row), narrative, forSubmission);
  if (problems.length) throw invalid(problems.join('；'), problems);
}

/**
 * Opens the report of (type, period, submitter): the existing row, or a new draft with the
 * narrative pre-filled from the previous submission. 201 when created, 200 when it existed.
 */
/**
 * The submission row of one submitter for one period (created when absent), its narrative
 * prefilled from the previous period's 下阶段目标. Starting a report and reopening one use it.
 */
export async function openSubmissionRow(
  trx: Trx,
  t: LoadedType,
  submitter: { id: string; path: string },
  period: { key: string; dueDate: string },
  savedBy: string | null,
): Promise<{ id: string; created: boolean }> {
  const previous = await findPreviousNarrative(trx, t.row.id, t.row.submitter_kind, submitter.id, period.dueDate);
  return insertSubmission(trx, {
    reportTypeId: t.row.id,
    periodKey: period.key,
    kind: t.row.submitter_kind,
    submitterId: submitter.id,
    unitPath: submitter.path,
    dueDate: period.dueDate,
    narrative: prefillNarrative(templateOf(t.row), previous),
    savedBy,
  });
}

export async function startSubmission(db: Db, ctx: RequestContext, body: StartSubmissionBody, idemKey?: string, now = new Date()): Promise<{ statusCode: number; detail: ReportSubmissionDetail }> {
  const t = await loadType(db, ctx, body.reportTypeId);
  if (t.row.status !== 'active') throw new AppError('CONFLICT', '该报表类型已停用', { domainCode: 'archived' });
  const period = periodOrInvalid(t, body.period);
  const submitterId = body.unitId ?? (await defaultSubmitter(db, ctx, t.row));
  const submitter = await findSubmitterInScope(db, ctx.scope, ctx.actor.userId, t.row.submitter_kind, submitterId, t.row.bureau_unit_path);
  if (!submitter) throw notFound(t.row.submitter_kind === 'school' ? '学校' : t.row.submitter_kind === 'team' ? '督查组' : '科室');
  const who = await whoIs(db, ctx, t.row, { submitter_kind: t.row.submitter_kind, submitter_id: submitter.id, unit_id: t.row.submitter_kind === 'school' ? submitter.id : null });
  if (!who.canDraft) throw notYours(`您不能为“${submitter.name}”填报“${t.row.name}”`);
  if (!isExpectedFor({ reportingFrom: submitter.reporting_from, disabledOn: submitter.disabled_on, active: submitter.status === 'active' }, period)) {
    throw invalid(`“${submitter.name}”不在${period.label}的应报范围内（本期开始后才加入或已停用）`, { domainCode: 'not_expected' });
  }
  const result = await runCommand(db, ctx, idempotent(idemKey, 'POST /api/report-submissions', body), async (trx, emit) => {
    const locked = lockedAt(t.row, period, null, now);
    assertAllowed('save_draft', { state: null, periodStarted: periodStarted(period, now), locked: false });
    const { id, created } = await openSubmissionRow(trx, t, submitter, period, ctx.actor.userId);
    if (created && locked) {
      // A locked period is not started anew by the unit: only the bureau's reopening creates its row.
      throw new AppError('CONFLICT', '已过截止时间，本期报送已锁定；如需补报请联系教育局重新开放', { domainCode: 'locked' });
    }
    if (created) await emit({ action: 'report.start', objectType: 'report_submission', objectId: id, details: { reportTypeId: t.row.id, period: period.key, unitId: submitter.id } });
    return { id, created };
  });
  const row = await loadSubmission(db, ctx, result.id);
  return { statusCode: result.created ? 201 : 200, detail: await submissionDetail(db, ctx, row, now) };
}

/** Loads the row under lock inside the command and checks the caller's version. */
async function lockedRow(trx: Trx, ctx: RequestContext, id: string, version: number): Promise<SubmissionRow> {
  const visible = await findSubmissionInScope(trx, ctx.scope, ctx.actor.userId, id);
  if (!visible) throw notFound('报送');
  const row = await lockSubmission(trx, id);
  if (!row) throw notFound('报送');
  if (row.version !== version) throw staleVersion();
  return row;
}

async function attachmentsOf(db: DbOrTrx, ctx: RequestContext, ids: readonly string[] | undefined, fallback: readonly string[]): Promise<string[]> {
  if (ids === undefined) return [...fallback];
  const files = await loadFilesInScope(db, ctx.scope, ids);
  return files.map((f) => f.id);
}

/** Autosave: the draft's narrative (merged by section) and attachments. Nothing is frozen. */
export async function saveDraft(db: Db, ctx: RequestContext, id: string, body: SaveDraftBody, now = new Date()): Promise<ReportSubmissionDetail> {
  const seen = await loadSubmission(db, ctx, id);
  const t = await loadType(db, ctx, seen.report_type_id);
  const period = periodOrInvalid(t, seen.period_key);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const row = await lockedRow(trx, ctx, id, body.version);
    const who = await whoIs(trx, ctx, t.row, row);
    if (!who.canDraft) throw notYours(`您不能修改“${row.submitter_name}”的报送`);
    assertAllowed('save_draft', { state: row.state, periodStarted: periodStarted(period, now), locked: lockedAt(t.row, period, row, now) });
    const narrative = { ...row.draft_narrative, ...(body.narrative ?? {}) };
    checkNarrative(t, narrative, false);
    const fileIds = await attachmentsOf(trx, ctx, body.attachmentIds, row.draft_file_ids);
    if (!(await updateSubmission(trx, id, row.version, { draftNarrative: narrative, draftFileIds: fileIds, draftSavedBy: ctx.actor.userId }))) throw staleVersion();
    await emit({ action: 'report.draft', objectType: 'report_submission', objectId: id, details: { period: row.period_key } });
  });
  return getSubmission(db, ctx, id, now);
}

/**
 * Submits: freezes the auto-filled sections, the narrative and the attachments as a new
 * version (never overwriting an earlier one). Late when at or after the deadline (00:00
 * Beijing time the day after the due date); timeliness keeps the first submission's.
 */
export async function submitReport(db: Db, ctx: RequestContext, id: string, body: SubmitReportBody, idemKey?: string, now = new Date()): Promise<ReportSubmissionDetail> {
  const seen = await loadSubmission(db, ctx, id);
  const t = await loadType(db, ctx, seen.report_type_id);
  const period = periodOrInvalid(t, seen.period_key);
  const template = templateOf(t.row);
  await runCommand(db, ctx, idempotent(idemKey, `POST /api/report-submissions/${id}/submit`, body, 200), async (trx, emit) => {
    const row = await lockedRow(trx, ctx, id, body.version);
    const who = await whoIs(trx, ctx, t.row, row);
    if (!who.canSubmit) throw notYours(`您不能报送“${row.submitter_name}”的报告（由${row.submitter_kind === 'school' ? '学校管理员' : row.submitter_kind === 'team' ? '督查组成员' : '科室人员'}报送）`);
    assertAllowed('submit', { state: row.state, periodStarted: periodStarted(period, now), locked: lockedAt(t.row, period, row, now) });
    const narrative = { ...row.draft_narrative, ...(body.narrative ?? {}) };
    checkNarrative(t, narrative, true);
    const fileIds = await attachmentsOf(trx, ctx, body.attachmentIds, row.draft_file_ids);
    const content = await buildAutoContent(trx, ctx, template, { kind: row.submitter_kind, id: row.submitter_id, path: row.unit_path }, period, now);
    const deadline = deadlineOf(period);
    const state = nextState('submit', { now, deadline, current: row.state });
    const late = state === 'late';
    const versionNo = row.current_version + 1;
    const first = row.first_submitted_at === null;
    const ok = await updateSubmission(trx, id, row.version, {
      state,
      draftNarrative: narrative,
      draftFileIds: fileIds,
      currentVersion: versionNo,
      submittedAt: now,
      ...(first ? { firstSubmittedAt: now, onTime: !late } : {}),
    });
    if (!ok) throw staleVersion();
    await insertVersion(trx, { submissionId: id, versionNo, content, narrative, fileIds, submittedBy: ctx.actor.userId, submittedAt: now, late });
    await emit({ action: 'report.submit', objectType: 'report_submission', objectId: id, details: { period: row.period_key, versionNo, late } });
    return { id, versionNo };
  });
  return getSubmission(db, ctx, id, now);
}
