/** 登记 (register, with the five commitments) and 不予登记 (reject). */
import { dateField, fundsField, milestonesField, optionalText, refuse, requiredText } from './hazard.fields.js';
import { majorControlErrors, onRecord, type ActionContext, type Performed, type Performer } from './hazard.perform.js';
import type { HazardAction } from './hazard.table.js';
import { HAZARD_REJECTION_REASONS, type Hazard, type HazardRejectionReason } from './hazard.types.js';

/** 整改五落实 (owner, measures, funds, due date, contingency plan), plus interim controls and a watcher for a major hazard. */
function register(h: Hazard, { i, e, now, by }: ActionContext): Performed {
  const owner = requiredText(e, i.owner, 'owner', '整改责任人', 'COMMITMENTS_INCOMPLETE');
  const measures = requiredText(e, i.measures, 'measures', '整改措施', 'COMMITMENTS_INCOMPLETE');
  const fundsFen = fundsField(e, i.fundsFen, 'fundsFen');
  const dueDate = dateField(e, i.dueDate, 'dueDate', '整改时限', 'COMMITMENTS_INCOMPLETE');
  const contingencyPlan = requiredText(e, i.contingencyPlan, 'contingencyPlan', '应急预案', 'COMMITMENTS_INCOMPLETE');
  if (dueDate !== null && dueDate < h.foundAt) {
    e.push({ field: 'dueDate', code: 'DUE_BEFORE_FOUND', message: `整改时限不能早于发现日期（${h.foundAt}）` });
  }
  if (dueDate !== null && h.requiredDueDate && dueDate > h.requiredDueDate) {
    e.push({
      field: 'dueDate',
      code: 'DUE_AFTER_REQUIRED',
      message: `整改时限不能晚于督查组规定的期限（${h.requiredDueDate}）；确需更长时间，请登记后申请延期，由督查组审批`,
    });
  }
  const interimControls = optionalText(e, i.interimControls, 'interimControls', '临时管控措施');
  const watcher = optionalText(e, i.watcher, 'watcher', '盯防人');
  if (h.grade === 'major') majorControlErrors(e, interimControls, watcher);
  const plan = milestonesField(e, i.plan, 'plan', h.foundAt, dueDate);
  if (e.length > 0 || fundsFen === null || dueDate === null) return refuse(e);
  const next: Hazard = {
    ...h,
    owner,
    measures,
    fundsFen,
    dueDate,
    contingencyPlan,
    registeredAt: now.toISOString(),
    registeredBy: by,
    interimControls,
    watcher,
    plan,
  };
  return { next, comment: null };
}

function reject(h: Hazard, { i, e, at, by }: ActionContext): Performed {
  const reason = i.reason;
  if (!(HAZARD_REJECTION_REASONS as readonly unknown[]).includes(reason)) {
    e.push({ field: 'reason', code: 'INVALID_INPUT', message: '请选择不予登记的原因（重复上报或不属于隐患）' });
  }
  const text = requiredText(e, i.text, 'text', '不予登记的说明');
  if (e.length > 0) return refuse(e);
  return {
    next: { ...h, rejection: { reason: reason as HazardRejectionReason, text, at, by } },
    comment: text,
  };
}

export const registerPerformers = {
  register: onRecord('register', register),
  reject: onRecord('reject', reject),
} satisfies Partial<Record<HazardAction, Performer>>;
