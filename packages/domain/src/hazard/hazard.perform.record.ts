/**
 * The record actions that keep the state: 挂牌督办 / 摘牌 (list, delist), 报请政府协调
 * (escalate), 逾期说明, 延期申请 and its answer, 整改进展 (add_progress). Edit is in
 * hazard.perform.edit.ts.
 */
import { dateField, failure, filesField, milestonesField, optionalText, refuse, requiredText, type Errors } from './hazard.fields.js';
import { onRecord, type ActionContext, type Performed, type Performer } from './hazard.perform.js';
import type { HazardAction } from './hazard.table.js';
import { pendingExtension, type Hazard, type HazardMilestone } from './hazard.types.js';

function list(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const supervisingUnitId = requiredText(e, i.supervisingUnitId, 'supervisingUnitId', '督办单位');
  const reason = requiredText(e, i.reason, 'reason', '挂牌督办理由');
  if (e.length > 0) return refuse(e);
  const listing = { supervisingUnitId, reason, listedAt: at, listedBy: by, delistedAt: null, delistedBy: null, delistReason: null };
  return { next: { ...h, listings: [...h.listings, listing] }, comment: reason };
}

function delist(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const reason = requiredText(e, i.reason, 'reason', '摘牌理由');
  if (e.length > 0) return refuse(e);
  const listings = h.listings.map((l) => (l.delistedAt === null ? { ...l, delistedAt: at, delistedBy: by, delistReason: reason } : l));
  return { next: { ...h, listings }, comment: reason };
}

function escalate(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const note = requiredText(e, i.note, 'note', '报请协调的说明');
  if (e.length > 0) return refuse(e);
  return { next: { ...h, escalations: [...h.escalations, { note, at, by }] }, comment: note };
}

/** Answers for the current due date and replaces the plan (the old plan is kept in the explanation). */
function fileOverdueExplanation(h: Hazard, { i, e, at, by, today }: ActionContext): Performed {
  const reason = requiredText(e, i.reason, 'reason', '逾期原因');
  const plan = milestonesField(e, i.plan, 'plan', today, null);
  if (plan.length === 0 && h.state !== 'pending_verification' && !e.some((x) => x.field.startsWith('plan'))) {
    e.push({ field: 'plan', code: 'INVALID_INPUT', message: '请填写新的整改计划' });
  }
  if (e.length > 0) return refuse(e);
  const explanation = { reason, forDueDate: h.dueDate ?? '', plan, supersededPlan: h.plan, at, by };
  return {
    next: { ...h, plan: plan.length > 0 ? plan : h.plan, overdueExplanations: [...h.overdueExplanations, explanation] },
    comment: reason,
  };
}

/** A new due date must be later than the current one and not in the past (today is allowed). */
function extensionDateErrors(e: Errors, field: string, date: string, oldDueDate: string, today: string): void {
  if (date <= oldDueDate) {
    e.push({ field, code: 'EXTENSION_DATE_INVALID', message: `延期后的整改时限须晚于原时限（${oldDueDate}）` });
  } else if (date < today) {
    e.push({ field, code: 'EXTENSION_DATE_INVALID', message: '延期后的整改时限不能早于今天' });
  }
}

function requestExtension(h: Hazard, { i, e, at, by, today }: ActionContext): Performed {
  const requestedDueDate = dateField(e, i.requestedDueDate, 'requestedDueDate', '申请延期至');
  const reason = requiredText(e, i.reason, 'reason', '延期理由');
  const previousDueDate = h.dueDate ?? '';
  if (requestedDueDate !== null) extensionDateErrors(e, 'requestedDueDate', requestedDueDate, previousDueDate, today);
  if (e.length > 0 || requestedDueDate === null) return refuse(e);
  const extension = { previousDueDate, requestedDueDate, reason, requestedAt: at, requestedBy: by, decision: null };
  return { next: { ...h, extensions: [...h.extensions, extension] }, comment: reason };
}

/** Approving sets the due date (the requested one unless the approver gives another). */
function approveExtension(h: Hazard, { i, e, at, by, today }: ActionContext): Performed {
  const pending = pendingExtension(h);
  if (pending === null) return failure('NO_PENDING_EXTENSION', '没有待审批的延期申请');
  const newDueDate = i.newDueDate === undefined ? pending.requestedDueDate : dateField(e, i.newDueDate, 'newDueDate', '新的整改时限');
  const comment = optionalText(e, i.comment, 'comment', '审批意见');
  const oldDueDate = h.dueDate ?? '';
  if (newDueDate !== null) extensionDateErrors(e, 'newDueDate', newDueDate, oldDueDate, today);
  if (e.length > 0 || newDueDate === null) return refuse(e);
  const decision = { approved: true, newDueDate, comment: comment ?? '', at, by };
  return {
    next: { ...h, dueDate: newDueDate, extensions: h.extensions.map((x) => (x === pending ? { ...x, decision } : x)) },
    comment,
  };
}

function rejectExtension(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const pending = pendingExtension(h);
  if (pending === null) return failure('NO_PENDING_EXTENSION', '没有待审批的延期申请');
  const reason = requiredText(e, i.reason, 'reason', '不同意延期的理由');
  if (e.length > 0) return refuse(e);
  const decision = { approved: false, newDueDate: null, comment: reason, at, by };
  return { next: { ...h, extensions: h.extensions.map((x) => (x === pending ? { ...x, decision } : x)) }, comment: reason };
}

/** A progress note on one plan step; `done: true` marks the step done (once). */
function addProgress(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const index = i.milestoneIndex;
  const milestone = typeof index === 'number' && Number.isInteger(index) ? h.plan[index] : undefined;
  if (milestone === undefined) e.push({ field: 'milestoneIndex', code: 'INVALID_INPUT', message: '整改计划中没有这一项' });
  const note = requiredText(e, i.note, 'note', '进展情况');
  const files = filesField(e, i.files, 'files', '进展材料');
  if (i.done !== undefined && typeof i.done !== 'boolean') e.push({ field: 'done', code: 'INVALID_INPUT', message: '是否完成须为是或否' });
  if (e.length > 0 || milestone === undefined) return refuse(e);
  const updated: HazardMilestone = {
    ...milestone,
    doneAt: i.done === true ? (milestone.doneAt ?? at) : milestone.doneAt,
    progress: [...milestone.progress, { note, files, at, by }],
  };
  return { next: { ...h, plan: h.plan.map((m) => (m === milestone ? updated : m)) }, comment: note };
}

export const recordPerformers = {
  list: onRecord('list', list),
  delist: onRecord('delist', delist),
  escalate: onRecord('escalate', escalate),
  file_overdue_explanation: onRecord('file_overdue_explanation', fileOverdueExplanation),
  request_extension: onRecord('request_extension', requestExtension),
  approve_extension: onRecord('approve_extension', approveExtension),
  reject_extension: onRecord('reject_extension', rejectExtension),
  add_progress: onRecord('add_progress', addProgress),
} satisfies Partial<Record<HazardAction, Performer>>;
