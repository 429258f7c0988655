import {
  followUpIssues,
  isFollowUpOverdue,
  mayMoveTalk,
  normaliseCommitments,
  reportPeriodOf,
  scopeContains,
  shanghaiDate,
  talkAllowedActions,
  talkInputIssues,
  TALK_STATUS_LABELS,
  type TalkFieldIssue,
  type TalkLinkKind,
  type TalkUnitKind,
} from '@xiaoan/domain';
import type { CreateTalkBody, TalkDetail, TalkFollowUpBody, TalkLink, TalkListQuery, TalkSummary, UpdateTalkBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findHazardById } from '../hazards/index.js';
import { findReportTypeInScope, findSubmissionInScope, scheduleOf } from '../reports/index.js';
import {
  findNoticeTarget,
  findTalkInScope,
  findTalks,
  findTalkTarget,
  insertTalk,
  isUnitWithin,
  updateTalk as updateTalkRow,
  type TalkLinkRow,
  type TalkRow,
} from './talk.repository.js';

type Target = { kind: TalkUnitKind; id: string; name: string; path: string; bureauId: string };
type Person = { name: string; post: string };

const unitKindOf = (r: TalkRow): TalkUnitKind => (r.department_id ? 'department' : r.unit_kind === 'area' ? 'area' : 'school');

function toSummary(r: TalkRow, today: string): TalkSummary {
  const followUpDue = r.follow_up_due;
  return {
    id: r.id,
    version: r.version,
    unit: { kind: unitKindOf(r), id: (r.department_id ?? r.unit_id)!, name: r.unit_name },
    heldOn: r.held_on,
    status: r.status,
    reason: r.reason,
    interviewees: r.interviewees,
    followUpDue,
    followUpOverdue: isFollowUpOverdue({ status: r.status, followUpDue }, today),
    followUpResult: r.follow_up_result,
    linkCount: Number(r.link_count),
    createdAt: r.created_at.toISOString(),
  };
}

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields. */
function refuse(issues: readonly TalkFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

export async function listTalks(db: DbOrTrx, ctx: RequestContext, q: TalkListQuery, now = new Date()): Promise<{ items: TalkSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findTalks(db, ctx.scope, q, today, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toSummary(r, today)), total };
}

async function loadTalk(db: DbOrTrx, ctx: RequestContext, id: string): Promise<TalkRow> {
  const row = await findTalkInScope(db, ctx.scope, id);
  if (!row) throw notFound('约谈记录');
  return row;
}

/** A linked record as it stands now (its state, whether overdue), read in the caller's scope; the stored label stays. */
async function currentLink(db: DbOrTrx, ctx: RequestContext, l: TalkLinkRow, now: Date): Promise<TalkLink> {
  const base: TalkLink = { kind: l.kind, id: l.id, label: l.label, state: null, overdue: false };
  if (l.kind === 'hazard') {
    const h = await findHazardById(db, ctx.scope, l.id, now);
    return h ? { ...base, state: String(h.summary.state), overdue: h.summary.overdue } : base;
  }
  if (l.kind === 'report_submission') {
    const s = await findSubmissionInScope(db, ctx.scope, ctx.actor.userId, l.id);
    return s ? { ...base, state: s.state } : base;
  }
  return base;
}

export async function getTalk(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<TalkDetail> {
  const row = await loadTalk(db, ctx, id);
  const today = shanghaiDate(now);
  const links = await Promise.all(row.links.map((l) => currentLink(db, ctx, l, now)));
  return {
    talk: toSummary(row, today),
    interviewers: row.interviewers,
    commitments: row.commitments,
    notes: row.notes,
    links,
    followUp:
      row.follow_up_result && row.followed_up_on
        ? { result: row.follow_up_result, note: row.follow_up_note, recordedOn: row.followed_up_on, recordedBy: row.followed_up_by_name ?? '' }
        : null,
    createdBy: row.created_by_name,
    allowedActions: talkAllowedActions({ status: row.status }, ctx.actor.role),
  };
}

const within = (path: string, target: Target) => scopeContains({ unitPaths: [target.path] }, path);

/**
 * Each link checked against the unit talked to: it exists in the caller's scope and belongs to
 * that unit (a hazard of the school or of a school of the area; a submission by it; a period it
 * had to report; a notice that names it). Answers the rows to store, or the issues.
 */
async function resolveLinks(
  db: DbOrTrx,
  ctx: RequestContext,
  target: Target,
  links: readonly { kind: TalkLinkKind; id: string }[],
  now: Date,
): Promise<{ rows: TalkLinkRow[]; issues: TalkFieldIssue[] }> {
  const rows: TalkLinkRow[] = [];
  const issues: TalkFieldIssue[] = [];
  const seen = new Set<string>();
  const today = shanghaiDate(now);
  for (const [i, l] of links.entries()) {
    const key = `${l.kind}:${l.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const field = `links.${i}`;
    const fail = (message: string) => issues.push({ field, message });
    if (l.kind === 'hazard') {
      const h = /^[0-9]+$/.test(l.id) ? await findHazardById(db, ctx.scope, l.id, now) : undefined;
      if (!h) fail(`隐患 #${l.id} 不存在或不在您的权限范围内`);
      else if (target.kind === 'department') fail(`隐患“${h.summary.title}”属于学校，不能关联到科室约谈`);
      else if (target.kind === 'school' ? h.summary.school.id !== target.id : !(await isUnitWithin(db, h.summary.school.id, target.path))) {
        fail(`隐患“${h.summary.title}”（${h.summary.school.name}）不属于被约谈单位${target.name}`);
      } else rows.push({ kind: 'hazard', id: l.id, label: h.summary.title });
    } else if (l.kind === 'report_submission') {
      const s = /^[0-9]+$/.test(l.id) ? await findSubmissionInScope(db, ctx.scope, ctx.actor.userId, l.id) : undefined;
      if (!s) fail(`报送记录 #${l.id} 不存在或不在您的权限范围内`);
      else {
        const mine = target.kind === 'department' ? s.department_id === target.id : s.unit_id !== null && within(s.unit_path, target);
        if (!mine) fail(`报送记录“${s.report_type_name}（${s.period_key}）”是${s.submitter_name}的，不属于被约谈单位${target.name}`);
        else rows.push({ kind: 'report_submission', id: l.id, label: `${s.report_type_name}（${s.period_key}）${s.submitter_name}` });
      }
    } else if (l.kind === 'report_period') {
      const [typeId, periodKey] = l.id.split(':');
      const type = typeId && periodKey ? await findReportTypeInScope(db, ctx.scope, typeId) : undefined;
      const period = type && periodKey ? reportPeriodOf(scheduleOf(type), periodKey) : undefined;
      if (!type) fail(`报表类型 #${typeId ?? l.id} 不存在或不在您的权限范围内（写作“报表类型id:期次”）`);
      else if (!period) fail(`“${type.name}”没有期次 ${periodKey ?? ''}`);
      else if (period.dueDate >= today) fail(`“${type.name}”${period.label}尚未过截止日（${period.dueDate}）`);
      else if (type.submitter_kind === 'department' ? target.kind !== 'department' : type.submitter_kind !== 'school' || target.kind === 'department') {
        fail(`“${type.name}”不由${target.name}报送`);
      } else rows.push({ kind: 'report_period', id: `${type.id}:${periodKey}`, label: `${type.name}（${period.label}）未按时报送` });
    } else {
      const n = /^[0-9]+$/.test(l.id) ? await findNoticeTarget(db, ctx.scope, l.id, target.path) : undefined;
      if (!n) fail(`通报 #${l.id} 不存在、尚未印发或不在您的权限范围内`);
      else if (target.kind !== 'department' && !n.namesUnit) fail(`通报“${n.title}”未点名被约谈单位${target.name}`);
      else rows.push({ kind: 'notice', id: l.id, label: n.title });
    }
  }
  return { rows, issues };
}

const people = (list: readonly Person[]) => list.map((p) => ({ name: p.name.trim(), post: p.post.trim() })).filter((p) => p.name || p.post);

type Fields = Omit<UpdateTalkBody, 'version'>;

/** The talk's fields checked (with its links against the unit) and ready to store, or a 400 naming every bad field. */
async function checkFields(db: DbOrTrx, ctx: RequestContext, target: Target | null, b: Fields, status: 'planned' | 'held', now: Date) {
  const today = shanghaiDate(now);
  const interviewees = people(b.interviewees);
  const interviewers = people(b.interviewers);
  const issues = talkInputIssues(
    { unit: target, heldOn: b.heldOn, status, reason: b.reason, interviewees, interviewers, commitments: b.commitments, followUpDue: b.followUpDue ?? null },
    today,
  );
  const links = target ? await resolveLinks(db, ctx, target, b.links, now) : { rows: [], issues: [] };
  const all = [...issues, ...links.issues];
  if (all.length > 0) throw refuse(all);
  return {
    values: {
      held_on: b.heldOn,
      status,
      reason: b.reason!.trim(),
      interviewees: JSON.stringify(interviewees),
      interviewers: JSON.stringify(interviewers),
      commitments: JSON.stringify(normaliseCommitments(b.commitments)),
      notes: b.notes?.trim() ?? '',
      follow_up_due: b.followUpDue ?? null,
      links: JSON.stringify(links.rows.map((l) => ({ ...l, label: l.label.slice(0, 300) }))),
    },
    links: links.rows,
  };
}

export async function createTalk(db: Db, ctx: RequestContext, body: CreateTalkBody, now = new Date()): Promise<TalkDetail> {
  const target = (body.unit ? await findTalkTarget(db, ctx.scope, body.unit) : null) ?? null;
  if (body.unit && !target) throw refuse([{ field: 'unit', message: body.unit.kind === 'department' ? '该科室不存在或已停用' : '该单位不存在、类型不符或不在您的权限范围内' }]);
  const status = body.status ?? (body.heldOn <= shanghaiDate(now) ? 'held' : 'planned');
  const { values, links } = await checkFields(db, ctx, target, body, status, now);
  const t = target!;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertTalk(trx, {
      ...values,
      bureau_unit_id: t.bureauId,
      unit_id: t.kind === 'department' ? null : t.id,
      department_id: t.kind === 'department' ? t.id : null,
      unit_path: t.path,
      follow_up_result: null,
      created_by: ctx.actor.userId,
    });
    await emit({
      action: 'talk.create',
      objectType: 'talk',
      objectId: id,
      details: { unitKind: t.kind, unitId: t.id, heldOn: values.held_on, status, links: links.length },
      talk: { id, unitKind: t.kind, unitId: t.id, unitName: t.name, heldOn: values.held_on, status, reason: values.reason, followUpDue: values.follow_up_due },
    });
    return getTalk(trx, ctx, id, now);
  });
}

export async function updateTalk(db: Db, ctx: RequestContext, id: string, body: UpdateTalkBody, now = new Date()): Promise<TalkDetail> {
  const row = await loadTalk(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  if (row.status === 'followed_up') throw new AppError('CONFLICT', '已记录回访的约谈不能再修改');
  const status = body.status ?? (row.status === 'planned' ? 'planned' : 'held');
  if (!mayMoveTalk(row.status, status)) throw new AppError('CONFLICT', `约谈已是“${TALK_STATUS_LABELS[row.status]}”，不能改回“${TALK_STATUS_LABELS[status]}”`);
  const target = await findTalkTarget(db, ctx.scope, { kind: unitKindOf(row), id: (row.department_id ?? row.unit_id)! });
  if (!target) throw notFound('约谈记录');
  const { values, links } = await checkFields(db, ctx, target, body, status, now);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateTalkRow(trx, id, body.version, values))) throw staleVersion();
    await emit({ action: 'talk.update', objectType: 'talk', objectId: id, details: { status, heldOn: values.held_on, followUpDue: values.follow_up_due, links: links.length } });
    return getTalk(trx, ctx, id, now);
  });
}

/** 回访: whether the commitments were kept (done / not done with a note); the talk is then closed. */
export async function recordTalkFollowUp(db: Db, ctx: RequestContext, id: string, body: TalkFollowUpBody, now = new Date()): Promise<TalkDetail> {
  const row = await loadTalk(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  if (row.status === 'followed_up') throw new AppError('CONFLICT', '该约谈已记录回访');
  if (row.status !== 'held') throw new AppError('CONFLICT', '约谈尚未进行，不能记录回访');
  const today = shanghaiDate(now);
  const recordedOn = body.recordedOn ?? today;
  const issues = followUpIssues({ status: row.status, heldOn: row.held_on }, { result: body.result, note: body.note, recordedOn }, today);
  if (issues.length > 0) throw refuse(issues);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = await updateTalkRow(trx, id, body.version, {
      status: 'followed_up',
      follow_up_result: body.result,
      follow_up_note: body.note.trim(),
      followed_up_on: recordedOn,
      followed_up_by: ctx.actor.userId,
    });
    if (!ok) throw staleVersion();
    await emit({ action: 'talk.follow_up', objectType: 'talk', objectId: id, details: { result: body.result, recordedOn, followUpDue: row.follow_up_due } });
    return getTalk(trx, ctx, id, now);
  });
}
