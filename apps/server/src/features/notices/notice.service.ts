import { categoryOfKind, isAnswerOverdue, noticeAllowedActions, shanghaiDate } from '@xiaoan/domain';
import type { NoticeAnswer, NoticeDetail, NoticeListQuery, NoticeQueryParams, NoticeSummary, NoticeUnit } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { findFilesByIds, toFileRef } from '../files/index.js';
import { findNoticeInScope, findNoticeUnits, findNotices, type NoticeListRow, type NoticeRow, type NoticeUnitRow } from './notice.repository.js';

/**
 * What every notice use case shares: loading a notice in scope (404 otherwise), the detail as
 * the caller may see it (a school its own row only), and the list. The use cases are
 * notice-draft.service.ts (query, draft, edit, issue, Word) and notice-answer.service.ts.
 */

export async function loadNotice(db: DbOrTrx, ctx: RequestContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<NoticeRow> {
  const n = await findNoticeInScope(db, ctx.scope, id, opts);
  if (!n) throw notFound('通报');
  return n;
}

function summaryOf(n: NoticeRow, counts: Pick<NoticeListRow, 'unit_count' | 'awaiting' | 'submitted' | 'accepted' | 'returned' | 'overdue' | 'my_answer'>): NoticeSummary {
  return {
    id: n.id,
    kind: n.kind,
    category: categoryOfKind(n.kind),
    status: n.status,
    title: n.title,
    docNumber: n.doc_number,
    issuer: { id: n.bureau_unit_id, name: n.bureau_name },
    issueDate: n.issue_date,
    ordersRectification: n.orders_rectification,
    answerDueDate: n.answer_due_date,
    unitCount: counts.unit_count,
    answers: { awaiting: counts.awaiting, submitted: counts.submitted, accepted: counts.accepted, returned: counts.returned, overdue: counts.overdue },
    myAnswer: counts.my_answer,
    createdAt: n.created_at.toISOString(),
    updatedAt: n.updated_at.toISOString(),
  };
}

export async function listNotices(db: DbOrTrx, ctx: RequestContext, q: NoticeListQuery, now = new Date()): Promise<{ items: NoticeSummary[]; total: number }> {
  const { rows, total } = await findNotices(db, ctx.scope, q, { unitId: ctx.actor.unitId, today: shanghaiDate(now) });
  return { items: rows.map((r) => summaryOf(r, r)), total };
}

function answerOf(u: NoticeUnitRow, n: NoticeRow, files: Map<string, ReturnType<typeof toFileRef>>, now: Date): NoticeAnswer | null {
  if (!u.answer_state) return null;
  return {
    state: u.answer_state,
    overdue: isAnswerOverdue(u.answer_state, n.answer_due_date, now),
    text: u.answer_text,
    files: u.answer_file_ids.flatMap((id) => (files.has(id) ? [files.get(id)!] : [])),
    submittedAt: u.answer_submitted_at?.toISOString() ?? null,
    submittedBy: u.answer_submitted_by_name,
    reviewedAt: u.answer_reviewed_at?.toISOString() ?? null,
    reviewComment: u.answer_review_comment,
  };
}

/** The notice as the caller may see it: the bureau every row, a school (or team) only its own units' rows. */
export async function noticeDetail(db: DbOrTrx, ctx: RequestContext, n: NoticeRow, now = new Date()): Promise<NoticeDetail> {
  const units = await findNoticeUnits(db, ctx.scope, [n.id], n.whole);
  const fileIds = [...new Set(units.flatMap((u) => u.answer_file_ids))];
  const files = new Map((await findFilesByIds(db, fileIds)).map((f) => [f.id, toFileRef(f)]));
  const shown: NoticeUnit[] = units.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name, summary: u.summary, facts: u.facts, answer: answerOf(u, n, files, now) }));
  const count = (s: string) => units.filter((u) => u.answer_state === s).length;
  const own = units.find((u) => u.unit_id === ctx.actor.unitId);
  return {
    ...summaryOf(n, {
      unit_count: units.length,
      awaiting: count('awaiting'),
      submitted: count('submitted'),
      accepted: count('accepted'),
      returned: count('returned'),
      overdue: units.filter((u) => u.answer_state && isAnswerOverdue(u.answer_state, n.answer_due_date, now)).length,
      my_answer: own?.answer_state ?? null,
    }),
    recipients: n.recipients,
    body: n.body,
    query: { kind: n.kind, params: n.query_params as NoticeQueryParams },
    units: shown,
    issuedAt: n.issued_at?.toISOString() ?? null,
    version: n.version,
    allowedActions: noticeAllowedActions(ctx.actor.role, { state: n.status, ordersRectification: n.orders_rectification }, own?.answer_state ?? null).filter(
      // Managing needs the bureau's scope; a team member reads only.
      (a) => n.whole || (a !== 'update' && a !== 'issue' && a !== 'delete' && a !== 'review'),
    ),
  };
}

export async function getNotice(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<NoticeDetail> {
  return noticeDetail(db, ctx, await loadNotice(db, ctx, id), now);
}
