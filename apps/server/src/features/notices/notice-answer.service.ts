import { mayAnswer, mayReviewAnswer } from '@xiaoan/domain';
import type { AnswerNoticeBody, NoticeDetail, ReviewAnswerBody } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { loadFilesInScope } from '../files/index.js';
import { findNoticeUnits, reviewAnswer as reviewRow, submitAnswer as submitRow } from './notice.repository.js';
import { getNotice, loadNotice } from './notice.service.js';

/**
 * Answers (整改报告): a named school's admin answers an issued notice that orders
 * rectification (text and optional files), until accepted; the bureau accepts or returns
 * (with a comment) each submitted answer.
 */

export async function answerNotice(db: Db, ctx: RequestContext, id: string, body: AnswerNoticeBody, now = new Date()): Promise<NoticeDetail> {
  const text = body.text.trim();
  if (!text) throw invalid('text: 整改报告内容不能为空', ['text: 不能为空']);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const n = await loadNotice(trx, ctx, id);
    if (n.status !== 'issued') throw notFound('通报');
    const own = (await findNoticeUnits(trx, ctx.scope, [id], false)).find((u) => u.unit_id === ctx.actor.unitId);
    if (!own) throw new AppError('FORBIDDEN', '本通报没有点名本单位，无需报送整改报告', { domainCode: 'notice_not_named' });
    if (!n.orders_rectification || !own.answer_state) throw new AppError('CONFLICT', '本通报未责令整改，无需报送整改报告', { domainCode: 'no_answer_required' });
    if (!mayAnswer(own.answer_state)) throw new AppError('CONFLICT', own.answer_state === 'accepted' ? '整改报告已通过，不能再修改' : '整改报告已报送，正在等待审核', { domainCode: `answer_${own.answer_state}` });
    const files = await loadFilesInScope(trx, ctx.scope, body.fileIds ?? []);
    if (!(await submitRow(trx, id, own.unit_id, { text, fileIds: files.map((f) => f.id), userId: ctx.actor.userId }))) throw new AppError('CONFLICT', '整改报告状态已变化，请刷新后重试', { reason: 'stale_version' });
    await emit({ action: 'notice.answer', objectType: 'notice', objectId: id, details: { unitId: own.unit_id, files: files.length, resubmitted: own.answer_state === 'returned' } });
  });
  return getNotice(db, ctx, id, now);
}

async function review(db: Db, ctx: RequestContext, id: string, decision: 'accepted' | 'returned', body: ReviewAnswerBody, now: Date): Promise<NoticeDetail> {
  const unitId = body.unitId;
  const comment = (body.comment ?? '').trim();
  if (decision === 'returned' && !comment) throw invalid('comment: 退回须填写意见', ['comment: 不能为空']);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const n = await loadNotice(trx, ctx, id);
    if (!n.whole) throw new AppError('FORBIDDEN', '只有印发通报的教育局可以审核整改报告', { domainCode: 'notice_not_issuer' });
    const unit = (await findNoticeUnits(trx, ctx.scope, [id], true)).find((u) => u.unit_id === unitId);
    if (!unit) throw notFound('被通报单位');
    if (!unit.answer_state || !mayReviewAnswer(unit.answer_state)) throw new AppError('CONFLICT', unit.answer_state === 'accepted' ? '整改报告已通过' : '该单位尚未报送整改报告', { domainCode: `answer_${unit.answer_state ?? 'none'}` });
    if (!(await reviewRow(trx, id, unitId, { state: decision, comment: comment || null, userId: ctx.actor.userId }))) throw new AppError('CONFLICT', '整改报告状态已变化，请刷新后重试', { reason: 'stale_version' });
    if (decision === 'accepted') await emit({ action: 'notice.answer_accept', objectType: 'notice', objectId: id, details: { unitId, ...(comment ? { comment } : {}) } });
    else {
      const answer = { noticeId: id, title: n.title, docNumber: n.doc_number, unitId, comment, answerDueDate: n.answer_due_date };
      await emit({ action: 'notice.answer_return', objectType: 'notice', objectId: id, details: { unitId, comment }, answer });
    }
  });
  return getNotice(db, ctx, id, now);
}

export const acceptAnswer = (db: Db, ctx: RequestContext, id: string, body: ReviewAnswerBody, now = new Date()) => review(db, ctx, id, 'accepted', body, now);
export const returnAnswer = (db: Db, ctx: RequestContext, id: string, body: ReviewAnswerBody, now = new Date()) => review(db, ctx, id, 'returned', body, now);
