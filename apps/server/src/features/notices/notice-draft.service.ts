import {
  categoryOfKind,
  checkNoticeFields,
  defaultAnswerDueDate,
  docPrefixOf,
  draftNoticeText,
  formatDocNumber,
  isNoticeEditable,
  shanghaiDate,
  type NoticeIssue,
} from '@xiaoan/domain';
import type { DraftFromQueryBody, IssueNoticeBody, NoticeDetail, UpdateNoticeBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { chineseDate, noticeDocx } from './notice-docx.js';
import { runQuery } from './notice-query.service.js';
import { countBureauNotices, deleteDraft, findBureauOf, findNoticeUnits, insertNotice, issueNotice as issueRow, replaceNoticeUnits, updateNotice as updateRow, type NoticeRow } from './notice.repository.js';
import { getNotice, loadNotice } from './notice.service.js';

/**
 * Drafting, editing, issuing and the Word document of a notice. Every write is the bureau's
 * (its scope holds the notice's bureau); an issued notice is a record and refuses edits (409).
 */

const refuse = (issues: NoticeIssue[]) => {
  const details = issues.map((i) => `${i.field}: ${i.reason}`);
  return invalid(details.join('；'), details);
};

/** Only the issuing bureau's staff manage a notice; others who can read it get the same 404 as for a missing one. */
async function loadManaged(db: DbOrTrx, ctx: RequestContext, id: string, opts: { forUpdate?: boolean } = {}): Promise<NoticeRow> {
  const n = await loadNotice(db, ctx, id, opts);
  if (!n.whole) throw new AppError('FORBIDDEN', '只有印发通报的教育局可以修改通报', { domainCode: 'notice_not_issuer' });
  return n;
}

const issuedRefusal = () => new AppError('CONFLICT', '通报已印发，不能再修改', { domainCode: 'notice_issued' });

/** A draft from a query: the named schools and their facts, the 文号, title and body in document style. */
export async function draftFromQuery(db: Db, ctx: RequestContext, body: DraftFromQueryBody, now = new Date()): Promise<NoticeDetail> {
  const bureau = await findBureauOf(db, ctx.actor.unitPath);
  if (!bureau) throw new AppError('FORBIDDEN', '只有教育局可以起草通报');
  const result = await runQuery(db, ctx, body.kind, body.params ?? {}, now);
  let units = result.units;
  if (body.unitIds) {
    const chosen = new Set(body.unitIds);
    const unknown = body.unitIds.filter((id) => !units.some((u) => u.unitId === id));
    if (unknown.length) throw invalid(`unitIds: 以下单位不在查询结果中：${unknown.join('、')}`, [`unitIds: 不在查询结果中`]);
    units = units.filter((u) => chosen.has(u.unitId));
  }
  const today = shanghaiDate(now);
  const ordersRectification = categoryOfKind(body.kind) === 'commendation' ? false : (body.ordersRectification ?? true);
  const answerDueDate = ordersRectification ? (body.answerDueDate ?? defaultAnswerDueDate(today)) : null;
  const year = Number(today.slice(0, 4));
  const issues = checkNoticeFields({ title: 'x', docNumber: 'x', unitCount: units.length, ordersRectification, answerDueDate }, today);
  if (issues.length) {
    const noUnits = issues.find((i) => i.field === 'units');
    throw refuse(noUnits ? [{ field: 'units', reason: `查询“${result.label}”没有点名任何单位，不能起草通报` }] : issues);
  }
  const text = draftNoticeText({ kind: body.kind, bureauName: bureau.name, params: result.params, reportLabel: result.reportLabel, units: units.map((u) => ({ name: u.unitName, summary: u.summary })), today, answerDueDate });
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    const no = (await countBureauNotices(trx, bureau.id, year)) + 1;
    const id = await insertNotice(trx, {
      bureau,
      kind: body.kind,
      title: text.title,
      docNumber: formatDocNumber(docPrefixOf(bureau.name), year, no),
      recipients: text.recipients,
      body: text.body,
      params: result.params,
      ordersRectification,
      answerDueDate,
      createdBy: ctx.actor.userId,
      units,
    });
    await emit({ action: 'notice.draft', objectType: 'notice', objectId: id, details: { kind: body.kind, params: result.params, units: units.length } });
    return id;
  });
  return getNotice(db, ctx, id, now);
}

/** Saves the draft's fields and table (versioned); an issued notice refuses (409), bad fields 400, nothing written. */
export async function updateNotice(db: Db, ctx: RequestContext, id: string, body: UpdateNoticeBody, now = new Date()): Promise<NoticeDetail> {
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const n = await loadManaged(trx, ctx, id, { forUpdate: true });
    if (!isNoticeEditable(n.status)) throw issuedRefusal();
    if (n.version !== body.version) throw staleVersion();
    const current = await findNoticeUnits(trx, ctx.scope, [id], true);
    if (body.units) {
      const known = new Set(current.map((u) => u.unit_id));
      const unknown = body.units.filter((u) => !known.has(u.unitId)).map((u) => u.unitId);
      if (unknown.length) throw invalid(`units: 以下单位不在本通报的查询结果中：${unknown.join('、')}`, ['units: 只能保留或删减查询点名的单位']);
      if (new Set(body.units.map((u) => u.unitId)).size !== body.units.length) throw invalid('units: 同一单位不能重复列出', ['units: 重复']);
    }
    const ordersRectification = categoryOfKind(n.kind) === 'commendation' ? false : (body.ordersRectification ?? n.orders_rectification);
    const answerDueDate = ordersRectification ? (body.answerDueDate !== undefined ? body.answerDueDate : n.answer_due_date) : null;
    const fields = { title: body.title ?? n.title, docNumber: body.docNumber ?? n.doc_number, unitCount: body.units ? body.units.length : current.length, ordersRectification, answerDueDate };
    const issues = checkNoticeFields(fields, shanghaiDate(now));
    if (issues.length) throw refuse(issues);
    const ok = await updateRow(trx, id, body.version, {
      title: fields.title.trim(),
      doc_number: fields.docNumber.trim(),
      ...(body.recipients !== undefined ? { recipients: body.recipients } : {}),
      ...(body.body !== undefined ? { body: body.body } : {}),
      orders_rectification: ordersRectification,
      answer_due_date: answerDueDate,
    });
    if (!ok) throw staleVersion();
    if (body.units) await replaceNoticeUnits(trx, id, body.units);
    const changed = Object.keys(body).filter((k) => k !== 'version');
    await emit({ action: 'notice.update', objectType: 'notice', objectId: id, details: { changed } });
  });
  return getNotice(db, ctx, id, now);
}

export async function deleteNotice(db: Db, ctx: RequestContext, id: string, version: number | undefined): Promise<{ ok: true }> {
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const n = await loadManaged(trx, ctx, id, { forUpdate: true });
    if (!isNoticeEditable(n.status)) throw new AppError('CONFLICT', '通报已印发，不能删除', { domainCode: 'notice_issued' });
    if (version === undefined) throw invalid('version: 请提供读取时的版本号', ['version: 缺少']);
    if (!(await deleteDraft(trx, id, version))) throw staleVersion();
    await emit({ action: 'notice.delete', objectType: 'notice', objectId: id, details: { title: n.title, docNumber: n.doc_number } });
  });
  return { ok: true };
}

/** Issues the draft: a record from now on; the named schools' admins are told; answers await when it orders rectification. */
export async function issueNotice(db: Db, ctx: RequestContext, id: string, body: IssueNoticeBody, now = new Date()): Promise<NoticeDetail> {
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const n = await loadManaged(trx, ctx, id, { forUpdate: true });
    if (!isNoticeEditable(n.status)) throw new AppError('CONFLICT', '通报已印发', { domainCode: 'notice_issued' });
    if (n.version !== body.version) throw staleVersion();
    const units = await findNoticeUnits(trx, ctx.scope, [id], true);
    const today = shanghaiDate(now);
    const issues = checkNoticeFields({ title: n.title, docNumber: n.doc_number, unitCount: units.length, ordersRectification: n.orders_rectification, answerDueDate: n.answer_due_date }, today);
    if (issues.length) throw refuse(issues);
    if (!(await issueRow(trx, id, body.version, { issueDate: today, issuedBy: ctx.actor.userId, ordersRectification: n.orders_rectification }))) throw staleVersion();
    await emit({
      action: 'notice.issue',
      objectType: 'notice',
      objectId: id,
      details: { docNumber: n.doc_number, units: units.length, ordersRectification: n.orders_rectification, answerDueDate: n.answer_due_date },
      notice: {
        id,
        title: n.title,
        docNumber: n.doc_number,
        category: categoryOfKind(n.kind),
        ordersRectification: n.orders_rectification,
        answerDueDate: n.answer_due_date,
        unitIds: units.map((u) => u.unit_id),
      },
    });
  });
  return getNotice(db, ctx, id, now);
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The notice as Word in government-document form. The bureau downloads drafts and issued
 * notices; a named school an issued one, with only its own row in the table. Audited.
 */
export async function noticeDocument(db: Db, ctx: RequestContext, id: string, now = new Date()): Promise<{ fileName: string; buffer: Buffer }> {
  const n = await loadNotice(db, ctx, id);
  const units = await findNoticeUnits(db, ctx.scope, [id], n.whole);
  const buffer = await noticeDocx({
    issuerName: n.bureau_name,
    docNumber: n.doc_number,
    title: n.title,
    recipients: n.recipients,
    body: n.body,
    rows: units.map((u) => ({ unitName: u.unit_name, summary: u.summary })),
    tableTitle: categoryOfKind(n.kind) === 'commendation' ? '受表扬单位情况' : '被通报单位情况',
    date: n.issue_date ?? shanghaiDate(now),
    draft: n.status === 'draft',
    answerDueDate: n.answer_due_date,
  });
  await runCommand(db, ctx, {}, async (_trx, emit) => {
    await emit({ action: 'notice.export_document', objectType: 'notice', objectId: id, details: { status: n.status, date: chineseDate(n.issue_date ?? shanghaiDate(now)) } });
  });
  const safe = n.title.replace(/[\\/:*?"<>|]/g, '').slice(0, 80) || '通报';
  return { fileName: `${safe}${n.status === 'draft' ? '（草稿）' : ''}.docx`, buffer };
}
