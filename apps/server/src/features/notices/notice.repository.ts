import { sql } from 'kysely';
import type { NoticeAnswerState, NoticeQueryKind, NoticeState, Scope } from '@xiaoan/domain';
import type { NoticeFact, NoticeListQuery } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * All SQL of notices (通报): the notices and their named units in the caller's scope, the
 * query kinds' reads over the ledger, and the writes of drafting, editing, issuing and answering.
 *
 * Who sees a notice: a caller whose scope holds the issuing bureau sees it whole (drafts
 * included); anyone else sees an issued notice only when it names a unit in their scope, and
 * then only those units' rows (a school its own row, a team its schools').
 */

export type NoticeRow = {
  id: string;
  bureau_unit_id: string;
  bureau_name: string;
  bureau_unit_path: string;
  kind: NoticeQueryKind;
  status: NoticeState;
  title: string;
  doc_number: string;
  recipients: string;
  body: string;
  query_params: Record<string, unknown>;
  orders_rectification: boolean;
  answer_due_date: string | null;
  issue_date: string | null;
  issued_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** The caller's scope holds the issuing bureau (sees drafts and every row). */
  whole: boolean;
};

export type NoticeUnitRow = {
  notice_id: string;
  unit_id: string;
  unit_name: string;
  unit_path: string;
  position: number;
  summary: string;
  facts: NoticeFact[];
  answer_state: NoticeAnswerState | null;
  answer_text: string | null;
  answer_file_ids: string[];
  answer_submitted_at: Date | null;
  answer_submitted_by_name: string | null;
  answer_reviewed_at: Date | null;
  answer_review_comment: string | null;
};

const wholeExpr = (scope: Scope) => inScope('n.bureau_unit_path', scope);

/** The notices the scope may read: the bureau's own, or issued ones naming a unit in the scope. */
function visible(scope: Scope) {
  return sql<boolean>`(${wholeExpr(scope)} OR (n.status = 'issued' AND EXISTS (SELECT 1 FROM notice_unit nu WHERE nu.notice_id = n.id AND ${inScope('nu.unit_path', scope)})))`;
}

function noticeSelect(db: DbOrTrx, scope: Scope) {
  return db
    .selectFrom('notice as n')
    .innerJoin('unit as b', 'b.id', 'n.bureau_unit_id')
    .select([
      'n.id',
      'n.bureau_unit_id',
      'b.name as bureau_name',
      sql<string>`n.bureau_unit_path::text`.as('bureau_unit_path'),
      'n.kind',
      'n.status',
      'n.title',
      'n.doc_number',
      'n.recipients',
      'n.body',
      'n.query_params',
      'n.orders_rectification',
      sql<string | null>`n.answer_due_date::text`.as('answer_due_date'),
      sql<string | null>`n.issue_date::text`.as('issue_date'),
      'n.issued_at',
      'n.version',
      'n.created_at',
      'n.updated_at',
      wholeExpr(scope).as('whole'),
    ])
    .where(visible(scope));
}

export async function findNoticeInScope(db: DbOrTrx, scope: Scope, id: string, opts: { forUpdate?: boolean } = {}): Promise<NoticeRow | undefined> {
  let q = noticeSelect(db, scope).where('n.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate('n');
  return (await q.executeTakeFirst()) as NoticeRow | undefined;
}

/** The named units of notices the caller may see: all of them for the bureau, else those in scope. */
export async function findNoticeUnits(db: DbOrTrx, scope: Scope, noticeIds: readonly string[], whole: boolean): Promise<NoticeUnitRow[]> {
  if (noticeIds.length === 0) return [];
  let q = db
    .selectFrom('notice_unit as nu')
    .leftJoin('app_user as su', 'su.id', 'nu.answer_submitted_by')
    .select([
      'nu.notice_id',
      'nu.unit_id',
      'nu.unit_name',
      sql<string>`nu.unit_path::text`.as('unit_path'),
      'nu.position',
      'nu.summary',
      'nu.facts',
      'nu.answer_state',
      'nu.answer_text',
      'nu.answer_file_ids',
      'nu.answer_submitted_at',
      'su.display_name as answer_submitted_by_name',
      'nu.answer_reviewed_at',
      'nu.answer_review_comment',
    ])
    .where('nu.notice_id', 'in', [...noticeIds])
    .orderBy('nu.notice_id')
    .orderBy('nu.position');
  if (!whole) q = q.where(inScope('nu.unit_path', scope));
  return (await q.execute()) as NoticeUnitRow[];
}

export type NoticeListRow = NoticeRow & {
  unit_count: number;
  awaiting: number;
  submitted: number;
  accepted: number;
  returned: number;
  overdue: number;
  /** The caller's own unit's answer state (schools). */
  my_answer: NoticeAnswerState | null;
};

/** One page of the notices the caller may read, newest first; counts over the rows the caller may see. */
export async function findNotices(db: DbOrTrx, scope: Scope, q: NoticeListQuery, ctx: { unitId: string; today: string }): Promise<{ rows: NoticeListRow[]; total: number }> {
  const { page = 1, pageSize = 50 } = q;
  let base = noticeSelect(db, scope);
  if (q.status) base = base.where('n.status', '=', q.status);
  if (q.kind) base = base.where('n.kind', '=', q.kind);
  if (q.unitId) base = base.where(sql<boolean>`EXISTS (SELECT 1 FROM notice_unit x WHERE x.notice_id = n.id AND x.unit_id = ${q.unitId} AND ${inScope('x.unit_path', scope)})`);
  const overdueCond = sql<boolean>`(nu.answer_state IN ('awaiting', 'returned') AND n.answer_due_date < ${ctx.today}::date)`;
  if (q.answerOverdue === true) {
    base = base.where(
      sql<boolean>`n.status = 'issued' AND EXISTS (SELECT 1 FROM notice_unit nu WHERE nu.notice_id = n.id AND ${overdueCond} AND (${wholeExpr(scope)} OR ${inScope('nu.unit_path', scope)}))`,
    );
  }
  const visibleUnit = sql<boolean>`(${wholeExpr(scope)} OR ${inScope('nu.unit_path', scope)})`;
  const [rows, count] = await Promise.all([
    base
      .select([
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit})`.as('unit_count'),
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit} AND nu.answer_state = 'awaiting')`.as('awaiting'),
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit} AND nu.answer_state = 'submitted')`.as('submitted'),
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit} AND nu.answer_state = 'accepted')`.as('accepted'),
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit} AND nu.answer_state = 'returned')`.as('returned'),
        sql<number>`(SELECT count(*)::int FROM notice_unit nu WHERE nu.notice_id = n.id AND ${visibleUnit} AND ${overdueCond})`.as('overdue'),
        sql<NoticeAnswerState | null>`(SELECT nu.answer_state FROM notice_unit nu WHERE nu.notice_id = n.id AND nu.unit_id = ${ctx.unitId})`.as('my_answer'),
      ])
      .orderBy(sql`coalesce(n.issued_at, n.created_at)`, 'desc')
      .orderBy('n.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as NoticeListRow[], total: Number(count.n) };
}

// ---- The bureau, the query kinds ----

export type BureauRow = { id: string; name: string; path: string };

/** The bureau a user belongs to: its own unit or the nearest bureau above it. */
export async function findBureauOf(db: DbOrTrx, unitPath: string): Promise<BureauRow | undefined> {
  return db
    .selectFrom('unit as b')
    .select(['b.id', 'b.name', sql<string>`b.path::text`.as('path')])
    .where('b.kind', '=', 'bureau')
    .where(sql<boolean>`b.path @> ${unitPath}::ltree`)
    .orderBy(sql`nlevel(b.path)`, 'desc')
    .executeTakeFirst();
}

/** How many notices the bureau has numbered in a year (the next 文号 is one more). */
export async function countBureauNotices(db: DbOrTrx, bureauId: string, year: number): Promise<number> {
  const r = await db
    .selectFrom('notice')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bureau_unit_id', '=', bureauId)
    .where(sql<boolean>`extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai') = ${year}`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type OverdueHazardRow = { hazard_id: string; school_id: string; school_name: string; school_path: string; title: string; due_date: string; days_overdue: number };

/**
 * Open hazards in the scope overdue more than `minDays` days on `today` (Beijing time): the
 * ledger's overdue rule (registered, rectifying or awaiting verification, due date passed),
 * with due_date < today − minDays. Worst first within each school.
 */
export async function findOverdueHazards(db: DbOrTrx, scope: Scope, minDays: number, today: string): Promise<OverdueHazardRow[]> {
  const r = await db
    .selectFrom('hazard as h')
    .innerJoin('unit as s', 's.id', 'h.school_id')
    .select([
      'h.id as hazard_id',
      'h.school_id',
      's.name as school_name',
      sql<string>`s.path::text`.as('school_path'),
      'h.title',
      sql<string>`h.due_date::text`.as('due_date'),
      sql<number>`(${today}::date - h.due_date)`.as('days_overdue'),
    ])
    .where(inScope('h.unit_path', scope))
    .where(sql<boolean>`h.state IN ('registered', 'rectifying', 'pending_verification')`)
    .where(sql<boolean>`h.due_date < ${today}::date - ${minDays}::int`)
    .orderBy('s.name')
    .orderBy('h.due_date')
    .orderBy('h.id')
    .execute();
  return r;
}

export type RectificationRow = { school_id: string; school_name: string; school_path: string; found: number; closed: number };

/** Per school in the scope: hazards found in [from, to] (not 不予登记) and how many of them are closed. */
export async function findRectificationBySchool(db: DbOrTrx, scope: Scope, from: string, to: string): Promise<RectificationRow[]> {
  return db
    .selectFrom('hazard as h')
    .innerJoin('unit as s', 's.id', 'h.school_id')
    .select([
      'h.school_id',
      's.name as school_name',
      sql<string>`s.path::text`.as('school_path'),
      sql<number>`count(*)::int`.as('found'),
      sql<number>`(count(*) FILTER (WHERE h.state = 'closed'))::int`.as('closed'),
    ])
    .where(inScope('h.unit_path', scope))
    .where('h.state', '<>', 'rejected')
    .where(sql<boolean>`h.found_at BETWEEN ${from}::date AND ${to}::date`)
    .where('s.kind', '=', 'school')
    .groupBy(['h.school_id', 's.name', 's.path'])
    .execute();
}

/** Paths of schools by id (the units a missed-report query names). */
export async function findUnitPaths(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The active school admins of each named unit (its own and its campuses' accounts). */
export async function findActiveSchoolAdmins(db: DbOrTrx, unitIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (unitIds.length === 0) return out;
  const rows = await db
    .selectFrom('unit as s')
    .innerJoin('unit as u', (j) => j.on(sql<boolean>`u.path <@ s.path`))
    .innerJoin('app_user as a', 'a.unit_id', 'u.id')
    .select(['s.id as unit_id', 'a.id as user_id'])
    .where('s.id', 'in', [...unitIds])
    .where('a.role', '=', 'school_admin')
    .where('a.status', '=', 'active')
    .execute();
  for (const r of rows) out.set(r.unit_id, [...(out.get(r.unit_id) ?? []), r.user_id]);
  return out;
}

// ---- Writes ----

export type NewNoticeUnit = { unitId: string; unitPath: string; unitName: string; summary: string; facts: NoticeFact[] };

export async function insertNotice(
  trx: Trx,
  v: {
    bureau: BureauRow;
    kind: NoticeQueryKind;
    title: string;
    docNumber: string;
    recipients: string;
    body: string;
    params: Record<string, unknown>;
    ordersRectification: boolean;
    answerDueDate: string | null;
    createdBy: string;
    units: readonly NewNoticeUnit[];
  },
): Promise<string> {
  const row = await trx
    .insertInto('notice')
    .values({
      bureau_unit_id: v.bureau.id,
      bureau_unit_path: v.bureau.path,
      kind: v.kind,
      title: v.title,
      doc_number: v.docNumber,
      recipients: v.recipients,
      body: v.body,
      query_params: JSON.stringify(v.params),
      orders_rectification: v.ordersRectification,
      answer_due_date: v.answerDueDate,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertNoticeUnits(trx, row.id, v.units);
  return row.id;
}

async function insertNoticeUnits(trx: Trx, noticeId: string, units: readonly NewNoticeUnit[]): Promise<void> {
  if (units.length === 0) return;
  await trx
    .insertInto('notice_unit')
    .values(
      units.map((u, i) => ({
        notice_id: noticeId,
        unit_id: u.unitId,
        unit_path: u.unitPath,
        unit_name: u.unitName,
        position: i + 1,
        summary: u.summary,
        facts: JSON.stringify(u.facts),
      })),
    )
    .execute();
}

/** The draft's own fields at `version` (false: stale). */
export async function updateNotice(trx: Trx, id: string, version: number, set: VersionedSet<'notice'>): Promise<boolean> {
  return updateVersioned(trx, 'notice', id, version, set);
}

/** Replaces the table of a draft: the kept units in the given order with their summaries (facts stay). */
export async function replaceNoticeUnits(trx: Trx, noticeId: string, kept: readonly { unitId: string; summary: string }[]): Promise<void> {
  const ids = kept.map((k) => k.unitId);
  await trx
    .deleteFrom('notice_unit')
    .where('notice_id', '=', noticeId)
    .$if(ids.length > 0, (q) => q.where('unit_id', 'not in', ids))
    .execute();
  for (const [i, k] of kept.entries()) {
    await trx.updateTable('notice_unit').set({ position: i + 1, summary: k.summary }).where('notice_id', '=', noticeId).where('unit_id', '=', k.unitId).execute();
  }
}

/** Issues a draft at `version`: status, date, and (when it orders rectification) an awaiting answer per named unit. */
export async function issueNotice(trx: Trx, id: string, version: number, v: { issueDate: string; issuedBy: string; ordersRectification: boolean }): Promise<boolean> {
  const ok = await updateVersioned(trx, 'notice', id, version, { status: 'issued', issue_date: v.issueDate, issued_at: sql<Date>`now()`, issued_by: v.issuedBy });
  if (ok && v.ordersRectification) await trx.updateTable('notice_unit').set({ answer_state: 'awaiting' }).where('notice_id', '=', id).execute();
  return ok;
}

export async function deleteDraft(trx: Trx, id: string, version: number): Promise<boolean> {
  const r = await trx.deleteFrom('notice').where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The school's answer, only from a state that allows it (true when written). */
export async function submitAnswer(trx: Trx, noticeId: string, unitId: string, v: { text: string; fileIds: readonly string[]; userId: string }): Promise<boolean> {
  const r = await trx
    .updateTable('notice_unit')
    .set({
      answer_state: 'submitted',
      answer_text: v.text,
      answer_file_ids: [...v.fileIds],
      answer_submitted_at: sql<Date>`now()`,
      answer_submitted_by: v.userId,
      answer_reviewed_at: null,
      answer_reviewed_by: null,
    })
    .where('notice_id', '=', noticeId)
    .where('unit_id', '=', unitId)
    .where('answer_state', 'in', ['awaiting', 'returned'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Accepts or returns a submitted answer (true when written). */
export async function reviewAnswer(trx: Trx, noticeId: string, unitId: string, v: { state: 'accepted' | 'returned'; comment: string | null; userId: string }): Promise<boolean> {
  const r = await trx
    .updateTable('notice_unit')
    .set({ answer_state: v.state, answer_review_comment: v.comment, answer_reviewed_at: sql<Date>`now()`, answer_reviewed_by: v.userId })
    .where('notice_id', '=', noticeId)
    .where('unit_id', '=', unitId)
    .where('answer_state', '=', 'submitted')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
