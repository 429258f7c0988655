import { addDays, isExpectedFor, refusalOf, shanghaiDate } from '@xiaoan/domain';
import type { ApproveReportBody, ReopenReportBody, ReportSubmissionDetail, ReturnReportBody } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { deadlineOf, loadType, notYours, periodOrInvalid, seesDistrict, whoIs } from './report.service.js';
import { getSubmission, openSubmissionRow } from './submission.service.js';
import {
  findSubmissionInScope,
  findSubmitterInScope,
  insertReopen,
  insertReview,
  lockSubmission,
  updateSubmission,
} from './submission.repository.js';

/** Review (审核): approve or return the submitted version; the bureau's reopening of a locked period for one unit. */

const REOPEN_DEFAULT_DAYS = 3;

async function review(db: Db, ctx: RequestContext, id: string, decision: 'approve' | 'return', body: { version: number; comment?: string }, now: Date): Promise<ReportSubmissionDetail> {
  const seen = await findSubmissionInScope(db, ctx.scope, ctx.actor.userId, id);
  if (!seen) throw notFound('报送');
  const t = await loadType(db, ctx, seen.report_type_id);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const row = await lockSubmission(trx, id);
    if (!row) throw notFound('报送');
    if (row.version !== body.version) throw staleVersion();
    const who = await whoIs(trx, ctx, t.row, row);
    if (!who.canReview) {
      throw notYours(t.row.reviewer === 'team' && row.submitter_kind === 'school' ? '该报表由负责该校的督查组审核' : '该报表由教育局审核');
    }
    const refusal = refusalOf(decision, { state: row.state, periodStarted: true, locked: false }, { comment: body.comment });
    if (refusal) throw refusal.status === 400 ? invalid(refusal.message, { domainCode: refusal.code }) : new AppError('CONFLICT', refusal.message, { domainCode: refusal.code });
    const comment = (body.comment ?? '').trim();
    await insertReview(trx, { submissionId: id, versionNo: row.current_version, decision, comment, userId: ctx.actor.userId, role: ctx.actor.role });
    if (!(await updateSubmission(trx, id, row.version, { state: decision === 'approve' ? 'approved' : 'returned', reviewedBy: ctx.actor.userId, reviewedAt: now }))) throw staleVersion();
    const audit = { objectType: 'report_submission', objectId: id, details: { versionNo: row.current_version, ...(comment ? { comment } : {}) } };
    if (decision === 'approve') await emit({ action: 'report.approve', ...audit });
    else {
      const period = periodOrInvalid(t, row.period_key);
      const report = { submissionId: id, reportTypeName: t.row.name, periodLabel: period.label, submitterKind: row.submitter_kind, submitterId: row.submitter_id, versionNo: row.current_version, comment };
      await emit({ action: 'report.return', ...audit, report });
    }
  });
  return getSubmission(db, ctx, id, now);
}

export const approveReport = (db: Db, ctx: RequestContext, id: string, body: ApproveReportBody, now = new Date()) => review(db, ctx, id, 'approve', body, now);
export const returnReport = (db: Db, ctx: RequestContext, id: string, body: ReturnReportBody, now = new Date()) => review(db, ctx, id, 'return', body, now);

/**
 * Reopens a locked period for one submitter until a day (default: three days from today),
 * recording who, when and why. Only for types that lock (late submissions not accepted) and
 * only once the period's deadline has passed.
 */
export async function reopenPeriod(db: Db, ctx: RequestContext, typeId: string, body: ReopenReportBody, now = new Date()): Promise<ReportSubmissionDetail> {
  const t = await loadType(db, ctx, typeId);
  if (!seesDistrict(ctx, t.row.bureau_unit_path)) throw notYours('只有教育局可以重新开放报送');
  const period = periodOrInvalid(t, body.period);
  if (t.row.late_accepted) throw new AppError('CONFLICT', '该报表逾期仍可报送（记为逾期），无需重新开放', { domainCode: 'late_accepted' });
  if (now.getTime() < deadlineOf(period).getTime()) throw new AppError('CONFLICT', `${period.label}尚未截止，无需重新开放`, { domainCode: 'not_locked' });
  const today = shanghaiDate(now);
  const until = body.until ?? addDays(today, REOPEN_DEFAULT_DAYS);
  if (until < today) throw invalid('until: 重新开放截止日期不能早于今天', ['until: 不能早于今天']);
  const submitter = await findSubmitterInScope(db, ctx.scope, ctx.actor.userId, t.row.submitter_kind, body.unitId, t.row.bureau_unit_path);
  if (!submitter) throw notFound('报送单位');
  if (!isExpectedFor({ reportingFrom: submitter.reporting_from, disabledOn: submitter.disabled_on, active: submitter.status === 'active' }, period)) {
    throw invalid(`“${submitter.name}”不在${period.label}的应报范围内`, { domainCode: 'not_expected' });
  }
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    const { id } = await openSubmissionRow(trx, t, submitter, period, null);
    const row = await lockSubmission(trx, id);
    if (!row) throw notFound('报送');
    if (row.state === 'approved') throw new AppError('CONFLICT', '报告已审核通过，无需重新开放', { domainCode: 'approved' });
    if (row.state === 'submitted' || row.state === 'late') throw new AppError('CONFLICT', '报告已报送，正在等待审核', { domainCode: 'awaiting_review' });
    if (!(await updateSubmission(trx, id, row.version, { reopenedUntil: until }))) throw staleVersion();
    await insertReopen(trx, { submissionId: id, until, reason: body.reason, userId: ctx.actor.userId });
    await emit({ action: 'report.reopen', objectType: 'report_submission', objectId: id, details: { reportTypeId: t.row.id, period: period.key, unitId: submitter.id, until, reason: body.reason } });
    return id;
  });
  return getSubmission(db, ctx, id, now);
}
