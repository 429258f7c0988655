import { sql } from 'kysely';
import { addDays, docPrefixOf, draftNoticeText, formatDocNumber, shanghaiDate, type NoticeQueryKind, type NoticeQueryParams } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import type { RequestContext } from '../http/context.js';
import { runQuery } from '../features/notices/notice-query.service.js';
import { insertNotice, issueNotice, submitAnswer, type BureauRow } from '../features/notices/notice.repository.js';

/**
 * The demo district's notices (通报), from its generated history through the feature's own
 * queries: an issued criticism of the schools with hazards overdue more than 30 days (one school
 * has already sent its 整改报告), an issued commendation of the best rectification rates of the
 * last quarter, and a draft about the latest missed monthly upload (or, when every school
 * uploaded, the hazards overdue more than 60 days).
 */
export async function seedDemoNotices(trx: Trx, opts: { now?: Date } = {}): Promise<{ notices: number; named: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const b = await trx.selectFrom('unit').select(['id', 'name', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const bureau: BureauRow = { id: b.id, name: b.name, path: b.path };
  const staff =
    (await trx.selectFrom('app_user').select('id').where('username', '=', 'wujiawei').executeTakeFirst()) ??
    (await trx.selectFrom('app_user').select('id').where('unit_id', '=', bureau.id).where('role', '=', 'bureau_staff').orderBy('id').limit(1).executeTakeFirstOrThrow());
  const ctx: RequestContext = {
    actor: { userId: staff.id, username: 'demo-seed', displayName: '演示数据', role: 'bureau_staff', unitId: bureau.id, unitPath: bureau.path, departmentId: null },
    scope: { unitPaths: [bureau.path] },
    ip: '127.0.0.1',
    requestId: 'demo-seed-notices',
    reauthAt: now,
  };
  let no = 0;
  let named = 0;

  const write = async (kind: NoticeQueryKind, params: NoticeQueryParams, v: { top?: number; issueDaysAgo?: number; answerDueDate: string | null }) => {
    const r = await runQuery(trx, ctx, kind, params, now);
    const units = v.top ? r.units.slice(0, v.top) : r.units;
    if (units.length === 0) return null;
    const issueDate = v.issueDaysAgo !== undefined ? addDays(today, -v.issueDaysAgo) : today;
    const text = draftNoticeText({ kind, bureauName: bureau.name, params: r.params, reportLabel: r.reportLabel, units: units.map((u) => ({ name: u.unitName, summary: u.summary })), today: issueDate, answerDueDate: v.answerDueDate });
    no += 1;
    named += units.length;
    const id = await insertNotice(trx, {
      bureau,
      kind,
      title: text.title,
      docNumber: formatDocNumber(docPrefixOf(bureau.name), year, no),
      recipients: text.recipients,
      body: text.body,
      params: r.params,
      ordersRectification: v.answerDueDate !== null,
      answerDueDate: v.answerDueDate,
      createdBy: staff.id,
      units,
    });
    if (v.issueDaysAgo !== undefined) await issueNotice(trx, id, 1, { issueDate, issuedBy: staff.id, ordersRectification: v.answerDueDate !== null });
    return { id, units };
  };

  // 1. Criticism, issued a week ago: the worst five schools; the first has answered.
  const criticism = await write('overdue_hazards', { minDaysOverdue: 30 }, { top: 5, issueDaysAgo: 7, answerDueDate: addDays(today, 8) });
  if (criticism) {
    const first = criticism.units[0]!;
    const admin = await trx
      .selectFrom('app_user as a')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select('a.id')
      .where('a.role', '=', 'school_admin')
      .where(sql<boolean>`u.path <@ ${first.unitPath}::ltree`)
      .orderBy('a.id')
      .limit(1)
      .executeTakeFirst();
    if (admin) {
      const titles = first.facts.slice(0, 3).map((f) => f.label.replace(/（.*$/, '')).join('、');
      await submitAnswer(trx, criticism.id, first.unitId, {
        text: `收到通报后，我校立即召开安全工作专题会议，逐条分析逾期原因。${titles}等隐患已明确责任人和整改措施，其中涉及资金的已报请教育局基建科安排专项经费，预计两周内完成整改；整改期间落实专人巡查和警示隔离措施。今后我校将每周对照隐患台账督办整改进度，确保按期销号。`,
        fileIds: [],
        userId: admin.id,
      });
    }
  }
  // 2. Commendation, issued three weeks ago: the best rectification rates of the last quarter.
  await write('best_rectification', { from: addDays(today, -90), to: today, minHazards: 5, top: 5 }, { issueDaysAgo: 21, answerDueDate: null });
  // 3. A draft: the latest missed monthly upload, or the hazards overdue more than 60 days.
  const monthly = await trx.selectFrom('report_type').select('id').where('bureau_unit_id', '=', bureau.id).where('code', '=', 'monthly-hazard-list').executeTakeFirst();
  const draft = monthly ? await write('missed_reports', { reportTypeId: monthly.id }, { answerDueDate: addDays(today, 10) }) : null;
  if (!draft) await write('overdue_hazards', { minDaysOverdue: 60 }, { answerDueDate: addDays(today, 10) });
  return { notices: no, named };
}
