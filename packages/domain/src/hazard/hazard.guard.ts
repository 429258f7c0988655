/**
 * The guard: may this actor take this action on this hazard now? Scope, role, the state
 * (the transition table or the record action's states) and the conditions on who acts
 * (separation of duties: the rectifier never verifies; a school never closes a major or
 * listed hazard; a school never rejects what the bureau side found). Inputs are not read here.
 */
import { ROLE_LABELS, type Role } from '../roles.js';
import { dueDeadline, isOverdue } from './deadline.js';
import { failure } from './hazard.fields.js';
import {
  HAZARD_ACTION_LABELS,
  HAZARD_ACTION_ROLES,
  HAZARD_CREATE_ACTIONS,
  HAZARD_RECORD_ACTION_STATES,
  HAZARD_STATE_ACTIONS,
  HAZARD_TRANSITIONS,
  type HazardAction,
  type HazardActor,
  type HazardFailure,
  type HazardStateAction,
  type HazardTransition,
} from './hazard.table.js';
import { HAZARD_STATE_LABELS, currentListing, pendingExtension, type Hazard } from './hazard.types.js';

export const SCHOOL_SIDE: readonly Role[] = ['school_admin', 'school_staff'];
export const SUPERVISOR_ROLES: readonly Role[] = ['team_member', 'bureau_staff'];

export function isStateAction(action: HazardAction): action is HazardStateAction {
  return (HAZARD_STATE_ACTIONS as readonly string[]).includes(action);
}

/**
 * The row of `HAZARD_TRANSITIONS` that `action` follows from this hazard's state
 * (`null` hazard: creation), or null when the table has none.
 */
export function transitionFor(hazard: Hazard | null, action: HazardStateAction): HazardTransition | null {
  const from = hazard?.state ?? null;
  return (
    HAZARD_TRANSITIONS.find(
      (t) =>
        t.action === action &&
        t.from === from &&
        (t.when === undefined || (t.when === 'registered') === (hazard !== null && hazard.registeredAt !== null)),
    ) ?? null
  );
}

/**
 * Is the hazard overdue (逾期) now? Derived, never stored: a registered hazard that is
 * not closed, past the end of its due date in Asia/Shanghai (see `isOverdue`).
 */
export function isHazardOverdue(hazard: Hazard, now: Date): boolean {
  if (hazard.dueDate === null) return false;
  switch (hazard.state) {
    case 'registered':
    case 'rectifying':
    case 'pending_verification':
      return isOverdue(hazard.dueDate, now);
    case 'reported':
    case 'rejected':
    case 'closed':
      return false;
    default: {
      const never: never = hazard.state;
      return never;
    }
  }
}

/**
 * Must the school file a 逾期说明 now? True while the hazard is overdue and no
 * explanation answers for its current due date. A hazard submitted for verification
 * on time is waiting for the verifier, so the school owes no explanation for it.
 */
export function requiresOverdueExplanation(hazard: Hazard, now: Date): boolean {
  if (!isHazardOverdue(hazard, now) || hazard.dueDate === null) return false;
  const due = hazard.dueDate;
  if (hazard.overdueExplanations.some((e) => e.forDueDate === due)) return false;
  if (hazard.state === 'pending_verification' && hazard.rectifiedAt !== null) {
    return new Date(hazard.rectifiedAt).getTime() >= dueDeadline(due).getTime();
  }
  return true;
}

export function stateRefusal(hazard: Hazard | null, action: HazardAction): HazardFailure {
  const label = HAZARD_ACTION_LABELS[action];
  if (hazard === null) return failure('STATE_NOT_ALLOWED', `须先有隐患记录才能${label}`);
  return failure('STATE_NOT_ALLOWED', `隐患当前为"${HAZARD_STATE_LABELS[hazard.state]}"，不能${label}`);
}

/**
 * Why this actor may not take this action on this hazard now, or null when it may
 * (inputs are not looked at). `allowedActions` is exactly the actions where this is null,
 * and `applyAction` refuses with this failure before it reads the input.
 */
export function checkHazardAction(
  hazard: Hazard | null,
  action: HazardAction,
  actor: HazardActor,
  now: Date,
): HazardFailure | null {
  const label = HAZARD_ACTION_LABELS[action];
  if (!actor.actorCoversUnit) return failure('OUT_OF_SCOPE', '该隐患不在你的管理范围内');
  if (!HAZARD_ACTION_ROLES[action].includes(actor.role)) {
    return failure('ROLE_NOT_ALLOWED', `${ROLE_LABELS[actor.role]}不能${label}`);
  }
  if (hazard === null) return HAZARD_CREATE_ACTIONS.includes(action as HazardStateAction) ? null : stateRefusal(null, action);
  if (isStateAction(action)) {
    if (transitionFor(hazard, action) === null) return stateRefusal(hazard, action);
  } else if (!HAZARD_RECORD_ACTION_STATES[action].includes(hazard.state)) {
    return stateRefusal(hazard, action);
  }
  return actorRefusal(hazard, action, actor, now);
}

/** 验收 and 退回: never the rectifier; a school only for a general, unlisted hazard. */
function verifierRefusal(hazard: Hazard, actor: HazardActor): HazardFailure | null {
  if (hazard.rectifiedBy !== null && hazard.rectifiedBy.userId === actor.userId) {
    return failure('SAME_PERSON', '验收须由整改人以外的人员进行');
  }
  if (SCHOOL_SIDE.includes(actor.role) && (hazard.grade === 'major' || currentListing(hazard) !== null)) {
    return failure('CLOSE_AUTHORITY', '重大隐患和挂牌督办隐患须由督查组或教育局验收销号');
  }
  return null;
}

/** Staff edit only their own report before registration; the school edits nothing awaiting verification. */
function editorRefusal(hazard: Hazard, actor: HazardActor): HazardFailure | null {
  if (actor.role === 'school_staff' && (hazard.state !== 'reported' || hazard.reportedBy.userId !== actor.userId)) {
    return failure('NOT_OWN_REPORT', '教职工只能在登记前修改自己上报的隐患');
  }
  if (SCHOOL_SIDE.includes(actor.role) && hazard.state === 'pending_verification') {
    return failure('STATE_NOT_ALLOWED', '隐患待验收期间，学校不能修改');
  }
  return null;
}

/** The conditions on who acts, beyond role, scope and state. */
function actorRefusal(hazard: Hazard, action: HazardAction, actor: HazardActor, now: Date): HazardFailure | null {
  switch (action) {
    case 'report':
    case 'report_fixed':
    case 'register':
    case 'start_rectification':
    case 'request_verification':
    case 'escalate':
      return null;
    case 'add_progress':
      return hazard.plan.length > 0 ? null : failure('STATE_NOT_ALLOWED', '没有整改计划，请先在修改中添加计划节点');
    case 'reject':
      // A school may not strike off what the bureau side found, nor a failed 立行立改 fix.
      if (SCHOOL_SIDE.includes(actor.role) && (!SCHOOL_SIDE.includes(hazard.reportedBy.role) || hazard.fixedOnSpot)) {
        return failure('REJECT_NOT_ALLOWED', '该隐患由督查组或教育局发现，或立行立改未通过验收，学校不能不予登记');
      }
      return null;
    case 'close':
    case 'return':
      return verifierRefusal(hazard, actor);
    case 'edit':
      return editorRefusal(hazard, actor);
    case 'list':
      return currentListing(hazard) === null ? null : failure('ALREADY_LISTED', '该隐患已挂牌督办');
    case 'delist':
      return currentListing(hazard) !== null ? null : failure('NOT_LISTED', '该隐患未挂牌督办');
    case 'file_overdue_explanation':
      return isHazardOverdue(hazard, now) ? null : failure('NOT_OVERDUE', '隐患未逾期，无需逾期说明');
    case 'request_extension':
      return pendingExtension(hazard) === null ? null : failure('EXTENSION_PENDING', '已有延期申请待审批');
    case 'approve_extension':
    case 'reject_extension':
      return pendingExtension(hazard) !== null ? null : failure('NO_PENDING_EXTENSION', '没有待审批的延期申请');
    default: {
      const never: never = action;
      return never;
    }
  }
}
