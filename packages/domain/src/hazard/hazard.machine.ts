import { ROLE_LABELS, type Role } from '../roles.js';
import { dueDeadline, isCalendarDate, isOverdue, shanghaiDate } from './deadline.js';
import { DATE_RANGE, isDateInRange } from '../input-limits.js';
import {
  HAZARD_ACTIONS,
  HAZARD_ACTION_LABELS,
  HAZARD_ACTION_ROLES,
  HAZARD_CREATE_ACTIONS,
  HAZARD_RECORD_ACTION_STATES,
  HAZARD_STATE_ACTIONS,
  HAZARD_TRANSITIONS,
  type HazardAction,
  type HazardActionInputs,
  type HazardActor,
  type HazardErrorCode,
  type HazardFailure,
  type HazardFieldError,
  type HazardMilestoneInput,
  type HazardResult,
  type HazardStateAction,
  type HazardTransition,
} from './hazard.table.js';
import {
  HAZARD_REJECTION_REASONS,
  HAZARD_STATE_LABELS,
  currentListing,
  isHazardDomain,
  isHazardGrade,
  isHazardSource,
  pendingExtension,
  type Hazard,
  type HazardActorRef,
  type HazardFile,
  type HazardMilestone,
  type HazardRejectionReason,
} from './hazard.types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Errors = HazardFieldError[];

const SCHOOL_SIDE: readonly Role[] = ['school_admin', 'school_staff'];
const SUPERVISOR_ROLES: readonly Role[] = ['team_member', 'bureau_staff'];

function failure(code: HazardErrorCode, message: string, fields: readonly HazardFieldError[] = []): HazardFailure {
  return { ok: false, code, message, fields };
}

/** One failure from field errors: the first error's code, all messages joined. */
function refuse(errors: Errors): HazardFailure {
  const first = errors[0];
  if (!first) throw new Error('refuse() needs at least one error');
  return failure(first.code, errors.map((e) => e.message).join('；'), errors);
}

function ref(actor: HazardActor): HazardActorRef {
  return { userId: actor.userId, role: actor.role };
}

function isStateAction(action: HazardAction): action is HazardStateAction {
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

function stateRefusal(hazard: Hazard | null, action: HazardAction): HazardFailure {
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

/** The conditions on who acts, beyond role, scope and state. */
function actorRefusal(hazard: Hazard, action: HazardAction, actor: HazardActor, now: Date): HazardFailure | null {
  const isSchool = SCHOOL_SIDE.includes(actor.role);
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
      if (isSchool && (!SCHOOL_SIDE.includes(hazard.reportedBy.role) || hazard.fixedOnSpot)) {
        return failure('REJECT_NOT_ALLOWED', '该隐患由督查组或教育局发现，或立行立改未通过验收，学校不能不予登记');
      }
      return null;
    case 'close':
    case 'return':
      if (hazard.rectifiedBy !== null && hazard.rectifiedBy.userId === actor.userId) {
        return failure('SAME_PERSON', '验收须由整改人以外的人员进行');
      }
      if (isSchool && (hazard.grade === 'major' || currentListing(hazard) !== null)) {
        return failure('CLOSE_AUTHORITY', '重大隐患和挂牌督办隐患须由督查组或教育局验收销号');
      }
      return null;
    case 'edit':
      if (actor.role === 'school_staff' && (hazard.state !== 'reported' || hazard.reportedBy.userId !== actor.userId)) {
        return failure('NOT_OWN_REPORT', '教职工只能在登记前修改自己上报的隐患');
      }
      if (isSchool && hazard.state === 'pending_verification') {
        return failure('STATE_NOT_ALLOWED', '隐患待验收期间，学校不能修改');
      }
      return null;
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

/**
 * The actions this actor may take on this hazard now (`null`: the creation actions
 * open to it). The API returns this list with each record so the UI shows only these.
 */
export function allowedActions(hazard: Hazard | null, actor: HazardActor, now: Date): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => checkHazardAction(hazard, a, actor, now) === null);
}

// ---------------------------------------------------------------- input checks

function requiredText(e: Errors, value: unknown, field: string, label: string, code: HazardErrorCode = 'INVALID_INPUT'): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  e.push({ field, code, message: `请填写${label}` });
  return '';
}

/** undefined, null and blank give null. */
function optionalText(e: Errors, value: unknown, field: string, label: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}须为文字` });
    return null;
  }
  return value.trim() === '' ? null : value.trim();
}

function dateField(e: Errors, value: unknown, field: string, label: string, missingCode: HazardErrorCode = 'INVALID_INPUT'): string | null {
  if (value === undefined || value === null || value === '') {
    e.push({ field, code: missingCode, message: `请填写${label}` });
    return null;
  }
  if (!isCalendarDate(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}不是有效日期（格式 YYYY-MM-DD）` });
    return null;
  }
  // A date far outside any school's working life (9999-12-31 would never be overdue) is a typo or an attack.
  if (!isDateInRange(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}须在 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间` });
    return null;
  }
  return value;
}

function codeField<T extends string>(e: Errors, value: unknown, is: (v: unknown) => v is T, field: string, label: string): T | null {
  if (is(value)) return value;
  e.push({ field, code: 'INVALID_INPUT', message: `${label}无效` });
  return null;
}

function isFile(value: unknown): value is HazardFile {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return typeof f.fileId === 'string' && f.fileId !== '' && (f.kind === 'photo' || f.kind === 'document');
}

function filesField(e: Errors, value: unknown, field: string, label: string): HazardFile[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isFile)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}无效` });
    return [];
  }
  return value.map((f: HazardFile) => ({ fileId: f.fileId, kind: f.kind }));
}

/** Plan steps with dates within [min, max] (either bound may be absent). */
function milestonesField(
  e: Errors,
  value: unknown,
  field: string,
  min: string | null,
  max: string | null,
): HazardMilestone[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: '整改计划无效' });
    return [];
  }
  return value.map((raw: unknown, i) => {
    const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<HazardMilestoneInput>;
    const title = requiredText(e, m.title, `${field}[${i}].title`, `整改计划第 ${i + 1} 项的内容`);
    const dueDate = dateField(e, m.dueDate, `${field}[${i}].dueDate`, `整改计划第 ${i + 1} 项的完成日期`) ?? '';
    if (dueDate !== '' && ((min !== null && dueDate < min) || (max !== null && dueDate > max))) {
      const range = min !== null && max !== null ? `${min} 至 ${max} 之间` : min !== null ? `不早于 ${min}` : `不晚于 ${max}`;
      e.push({ field: `${field}[${i}].dueDate`, code: 'INVALID_INPUT', message: `整改计划第 ${i + 1} 项的完成日期须${range}` });
    }
    return { title, dueDate, doneAt: null, progress: [] };
  });
}

function fundsField(e: Errors, value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') {
    e.push({ field, code: 'COMMITMENTS_INCOMPLETE', message: '请填写整改资金（不需要资金时填 0）' });
    return null;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    e.push({ field, code: 'INVALID_INPUT', message: '整改资金须为不小于 0 的金额（以分为单位的整数）' });
    return null;
  }
  return value;
}

function foundAtField(e: Errors, value: unknown, now: Date): string | null {
  const foundAt = dateField(e, value, 'foundAt', '发现日期');
  if (foundAt !== null && foundAt > shanghaiDate(now)) {
    e.push({ field: 'foundAt', code: 'FOUND_IN_FUTURE', message: '发现日期不能晚于今天' });
  }
  return foundAt;
}

function inputObject(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------- the actions

/** The record after an action, before `applyAction` sets the state from the table. */
type Performed = { readonly next: Hazard; readonly comment: string | null } | HazardFailure;

function createHazard(action: 'report' | 'report_fixed', input: unknown, actor: HazardActor, now: Date): Performed {
  const i = inputObject(input);
  const e: Errors = [];
  const at = now.toISOString();
  const unitId = requiredText(e, i.unitId, 'unitId', '所属单位');
  const domain = codeField(e, i.domain, isHazardDomain, 'domain', '隐患类别');
  const grade = codeField(e, i.grade, isHazardGrade, 'grade', '隐患等级');
  const source = codeField(e, i.source, isHazardSource, 'source', '发现方式');
  const title = requiredText(e, i.title, 'title', '隐患名称');
  const description = requiredText(e, i.description, 'description', '隐患描述');
  const location = optionalText(e, i.location, 'location', '位置') ?? '';
  const pointId = optionalText(e, i.pointId, 'pointId', '风险点');
  const photos = filesField(e, i.photos, 'photos', '隐患照片');
  const foundAt = foundAtField(e, i.foundAt, now);
  const foundBy = requiredText(e, i.foundBy, 'foundBy', '发现人');
  const fixed = action === 'report_fixed';
  let evidence: HazardFile[] = [];
  let fixNote: string | null = null;
  if (fixed) {
    if (grade === 'major') {
      e.push({ field: 'grade', code: 'ON_THE_SPOT_GENERAL_ONLY', message: '重大隐患不能立行立改，须登记后限期整改' });
    }
    if (!photos.some((f) => f.kind === 'photo')) {
      e.push({ field: 'photos', code: 'PHOTOS_REQUIRED', message: '立行立改须上传整改前照片' });
    }
    evidence = filesField(e, i.fixPhotos, 'fixPhotos', '整改后照片');
    if (!evidence.some((f) => f.kind === 'photo')) {
      e.push({ field: 'fixPhotos', code: 'PHOTOS_REQUIRED', message: '立行立改须上传整改后照片' });
    }
    fixNote = optionalText(e, i.fixNote, 'fixNote', '整改情况') ?? '立行立改';
  }
  if (e.length > 0 || domain === null || grade === null || source === null || foundAt === null) return refuse(e);
  const by = ref(actor);
  const next: Hazard = {
    state: 'reported', // set from the table by applyAction
    unitId,
    domain,
    location,
    pointId,
    title,
    description,
    photos,
    grade,
    source,
    foundAt,
    foundBy,
    reportedAt: at,
    reportedBy: by,
    fixedOnSpot: fixed,
    owner: null,
    measures: null,
    fundsFen: null,
    dueDate: null,
    contingencyPlan: null,
    registeredAt: null,
    registeredBy: null,
    interimControls: null,
    watcher: null,
    plan: [],
    rejection: null,
    evidence,
    rectificationNote: fixNote,
    rectifiedBy: fixed ? by : null,
    rectifiedAt: fixed ? at : null,
    returns: [],
    closedAt: null,
    closedBy: null,
    closeComment: null,
    listings: [],
    escalations: [],
    overdueExplanations: [],
    extensions: [],
  };
  return { next, comment: fixNote };
}

function register(h: Hazard, input: unknown, actor: HazardActor, now: Date): Performed {
  const i = inputObject(input);
  const e: Errors = [];
  const owner = requiredText(e, i.owner, 'owner', '整改责任人', 'COMMITMENTS_INCOMPLETE');
  const measures = requiredText(e, i.measures, 'measures', '整改措施', 'COMMITMENTS_INCOMPLETE');
  const fundsFen = fundsField(e, i.fundsFen, 'fundsFen');
  const dueDate = dateField(e, i.dueDate, 'dueDate', '整改时限', 'COMMITMENTS_INCOMPLETE');
  const contingencyPlan = requiredText(e, i.contingencyPlan, 'contingencyPlan', '应急预案', 'COMMITMENTS_INCOMPLETE');
  if (dueDate !== null && dueDate < h.foundAt) {
    e.push({ field: 'dueDate', code: 'DUE_BEFORE_FOUND', message: `整改时限不能早于发现日期（${h.foundAt}）` });
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
    registeredBy: ref(actor),
    interimControls,
    watcher,
    plan,
  };
  return { next, comment: null };
}

function majorControlErrors(e: Errors, interimControls: string | null, watcher: string | null): void {
  if (interimControls === null) {
    e.push({ field: 'interimControls', code: 'MAJOR_CONTROLS_REQUIRED', message: '重大隐患须落实临时管控措施' });
  }
  if (watcher === null) {
    e.push({ field: 'watcher', code: 'MAJOR_CONTROLS_REQUIRED', message: '重大隐患须明确专人盯防' });
  }
}

function edit(h: Hazard, input: unknown, actor: HazardActor, now: Date): Performed {
  const i = inputObject(input);
  const e: Errors = [];
  const next: Mutable<Hazard> = { ...h };
  const given = (k: string): boolean => i[k] !== undefined;
  if (given('title')) next.title = requiredText(e, i.title, 'title', '隐患名称');
  if (given('description')) next.description = requiredText(e, i.description, 'description', '隐患描述');
  if (given('location')) next.location = optionalText(e, i.location, 'location', '位置') ?? '';
  if (given('pointId')) next.pointId = optionalText(e, i.pointId, 'pointId', '风险点');
  if (given('domain')) next.domain = codeField(e, i.domain, isHazardDomain, 'domain', '隐患类别') ?? h.domain;
  if (given('grade')) next.grade = codeField(e, i.grade, isHazardGrade, 'grade', '隐患等级') ?? h.grade;
  if (given('source')) next.source = codeField(e, i.source, isHazardSource, 'source', '发现方式') ?? h.source;
  if (given('foundAt')) next.foundAt = foundAtField(e, i.foundAt, now) ?? h.foundAt;
  if (given('foundBy')) next.foundBy = requiredText(e, i.foundBy, 'foundBy', '发现人');
  if (given('addPhotos')) next.photos = [...h.photos, ...filesField(e, i.addPhotos, 'addPhotos', '隐患照片')];
  if (i.dueDate !== undefined) {
    e.push({ field: 'dueDate', code: 'INVALID_INPUT', message: '整改时限只能通过延期申请修改' });
  }
  const registered = h.registeredAt !== null;
  for (const k of ['owner', 'measures', 'fundsFen', 'contingencyPlan', 'addMilestones'] as const) {
    if (given(k) && !registered) e.push({ field: k, code: 'INVALID_INPUT', message: '登记前不能修改整改五落实和整改计划，请先登记' });
  }
  if (registered) {
    if (given('owner')) next.owner = requiredText(e, i.owner, 'owner', '整改责任人', 'COMMITMENTS_INCOMPLETE');
    if (given('measures')) next.measures = requiredText(e, i.measures, 'measures', '整改措施', 'COMMITMENTS_INCOMPLETE');
    if (given('fundsFen')) next.fundsFen = fundsField(e, i.fundsFen, 'fundsFen') ?? h.fundsFen;
    if (given('contingencyPlan')) {
      next.contingencyPlan = requiredText(e, i.contingencyPlan, 'contingencyPlan', '应急预案', 'COMMITMENTS_INCOMPLETE');
    }
    if (given('addMilestones')) next.plan = [...h.plan, ...milestonesField(e, i.addMilestones, 'addMilestones', next.foundAt, h.dueDate)];
  }
  if (i.interimControls !== undefined) next.interimControls = optionalText(e, i.interimControls, 'interimControls', '临时管控措施');
  if (i.watcher !== undefined) next.watcher = optionalText(e, i.watcher, 'watcher', '盯防人');

  if (h.grade === 'major' && next.grade === 'general') {
    const schoolCorrectingOwnReport =
      SCHOOL_SIDE.includes(actor.role) && h.state === 'reported' && SCHOOL_SIDE.includes(h.reportedBy.role);
    if (!SUPERVISOR_ROLES.includes(actor.role) && !schoolCorrectingOwnReport) {
      e.push({ field: 'grade', code: 'GRADE_LOWER_NOT_ALLOWED', message: '重大隐患降为一般隐患须由督查组或教育局认定' });
    }
  }
  if (next.grade === 'major' && h.fixedOnSpot && !registered && h.state === 'pending_verification') {
    e.push({ field: 'grade', code: 'ON_THE_SPOT_GENERAL_ONLY', message: '立行立改的隐患待验收期间不能改为重大隐患，请先退回' });
  }
  if (registered && next.grade === 'major') majorControlErrors(e, next.interimControls, next.watcher);
  if (registered && h.dueDate !== null && next.foundAt > h.dueDate) {
    e.push({ field: 'foundAt', code: 'DUE_BEFORE_FOUND', message: `发现日期不能晚于整改时限（${h.dueDate}）` });
  }
  if (e.length > 0) return refuse(e);
  if (changedFields(h, next).length === 0) return failure('NOTHING_CHANGED', '没有修改任何内容');
  return { next, comment: null };
}

function performOn(hazard: Hazard, action: HazardAction, input: unknown, actor: HazardActor, now: Date): Performed {
  const i = inputObject(input);
  const e: Errors = [];
  const at = now.toISOString();
  const by = ref(actor);
  const today = shanghaiDate(now);
  const h = hazard;
  switch (action) {
    case 'report':
    case 'report_fixed':
      return stateRefusal(h, action);
    case 'register':
      return register(h, input, actor, now);
    case 'reject': {
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
    case 'start_rectification': {
      const comment = optionalText(e, i.comment, 'comment', '说明');
      if (e.length > 0) return refuse(e);
      return { next: h, comment };
    }
    case 'request_verification': {
      const evidence = filesField(e, i.evidence, 'evidence', '整改材料');
      if (evidence.length === 0 && !e.some((x) => x.field === 'evidence')) {
        e.push({ field: 'evidence', code: 'EVIDENCE_REQUIRED', message: '提交验收须上传整改后的照片或材料' });
      }
      const note = requiredText(e, i.note, 'note', '整改情况说明');
      if (e.length > 0) return refuse(e);
      return {
        next: {
          ...h,
          evidence: [...h.evidence, ...evidence],
          rectificationNote: note,
          rectifiedBy: by,
          rectifiedAt: at,
        },
        comment: note,
      };
    }
    case 'close': {
      const files = filesField(e, i.files, 'files', '验收材料');
      const comment = optionalText(e, i.comment, 'comment', '验收意见');
      if (e.length === 0 && h.evidence.length + files.length === 0) {
        e.push({ field: 'files', code: 'EVIDENCE_REQUIRED', message: '销号须有整改后的照片或材料' });
      }
      if (e.length > 0) return refuse(e);
      const listings = h.listings.map((l) =>
        l.delistedAt === null ? { ...l, delistedAt: at, delistedBy: by, delistReason: '隐患已销号' } : l,
      );
      return {
        next: { ...h, evidence: [...h.evidence, ...files], closedAt: at, closedBy: by, closeComment: comment, listings },
        comment,
      };
    }
    case 'return': {
      const reason = requiredText(e, i.reason, 'reason', '退回原因');
      if (e.length > 0) return refuse(e);
      return { next: { ...h, returns: [...h.returns, { reason, at, by }] }, comment: reason };
    }
    case 'edit':
      return edit(h, input, actor, now);
    case 'list': {
      const supervisingUnitId = requiredText(e, i.supervisingUnitId, 'supervisingUnitId', '督办单位');
      const reason = requiredText(e, i.reason, 'reason', '挂牌督办理由');
      if (e.length > 0) return refuse(e);
      const listing = { supervisingUnitId, reason, listedAt: at, listedBy: by, delistedAt: null, delistedBy: null, delistReason: null };
      return { next: { ...h, listings: [...h.listings, listing] }, comment: reason };
    }
    case 'delist': {
      const reason = requiredText(e, i.reason, 'reason', '摘牌理由');
      if (e.length > 0) return refuse(e);
      const listings = h.listings.map((l) => (l.delistedAt === null ? { ...l, delistedAt: at, delistedBy: by, delistReason: reason } : l));
      return { next: { ...h, listings }, comment: reason };
    }
    case 'escalate': {
      const note = requiredText(e, i.note, 'note', '报请协调的说明');
      if (e.length > 0) return refuse(e);
      return { next: { ...h, escalations: [...h.escalations, { note, at, by }] }, comment: note };
    }
    case 'file_overdue_explanation': {
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
    case 'request_extension': {
      const requestedDueDate = dateField(e, i.requestedDueDate, 'requestedDueDate', '申请延期至');
      const reason = requiredText(e, i.reason, 'reason', '延期理由');
      const previousDueDate = h.dueDate ?? '';
      if (requestedDueDate !== null) extensionDateErrors(e, 'requestedDueDate', requestedDueDate, previousDueDate, today);
      if (e.length > 0 || requestedDueDate === null) return refuse(e);
      const extension = { previousDueDate, requestedDueDate, reason, requestedAt: at, requestedBy: by, decision: null };
      return { next: { ...h, extensions: [...h.extensions, extension] }, comment: reason };
    }
    case 'approve_extension': {
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
    case 'reject_extension': {
      const pending = pendingExtension(h);
      if (pending === null) return failure('NO_PENDING_EXTENSION', '没有待审批的延期申请');
      const reason = requiredText(e, i.reason, 'reason', '不同意延期的理由');
      if (e.length > 0) return refuse(e);
      const decision = { approved: false, newDueDate: null, comment: reason, at, by };
      return { next: { ...h, extensions: h.extensions.map((x) => (x === pending ? { ...x, decision } : x)) }, comment: reason };
    }
    case 'add_progress': {
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
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** A new due date must be later than the current one and not in the past (today is allowed). */
function extensionDateErrors(e: Errors, field: string, date: string, oldDueDate: string, today: string): void {
  if (date <= oldDueDate) {
    e.push({ field, code: 'EXTENSION_DATE_INVALID', message: `延期后的整改时限须晚于原时限（${oldDueDate}）` });
  } else if (date < today) {
    e.push({ field, code: 'EXTENSION_DATE_INVALID', message: '延期后的整改时限不能早于今天' });
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function isBlank(v: unknown): boolean {
  return v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

/** Top-level fields that differ (for a new hazard: the fields that were set). Never 'state'. */
function changedFields(prev: Hazard | null, next: Hazard): string[] {
  return (Object.keys(next) as (keyof Hazard)[]).filter(
    (k) => k !== 'state' && (prev === null ? !isBlank(next[k]) : !deepEqual(prev[k], next[k])),
  );
}

/**
 * Applies an action. Pure: never mutates `hazard`, returns a new record and the event
 * to record in the same transaction, or a structured Chinese refusal (never throws for
 * a rule; throws RangeError only for an invalid `now`). `hazard` is null for the
 * creation actions `report` and `report_fixed`. The input is checked again here, since
 * the rules (dates, grade, the five commitments) are the domain's.
 */
export function applyAction<A extends HazardAction>(
  hazard: Hazard | null,
  action: A,
  input: HazardActionInputs[A],
  actor: HazardActor,
  now: Date,
): HazardResult {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('invalid instant');
  const refused = checkHazardAction(hazard, action, actor, now);
  if (refused !== null) return refused;
  let performed: Performed;
  if (hazard === null) {
    if (action !== 'report' && action !== 'report_fixed') return stateRefusal(null, action);
    performed = createHazard(action, input, actor, now);
  } else {
    performed = performOn(hazard, action, input, actor, now);
  }
  if ('ok' in performed) return performed;
  // The new state comes from the table only; checkHazardAction has found the row.
  const row = isStateAction(action) ? transitionFor(hazard, action) : null;
  const next: Hazard = row === null ? performed.next : { ...performed.next, state: row.to };
  const comment = performed.comment;
  return {
    ok: true,
    next,
    event: {
      action,
      from: hazard?.state ?? null,
      to: next.state,
      changedFields: changedFields(hazard, next),
      comment,
      at: now.toISOString(),
      actor: ref(actor),
    },
  };
}

/**
 * The rules every stored hazard satisfies, as Chinese messages (empty when sound).
 * The property tests hold `applyAction` to them; the server may check imported rows.
 */
export function hazardInvariantViolations(h: Hazard): string[] {
  const v: string[] = [];
  const registered = h.registeredAt !== null;
  const commitments = [h.owner, h.measures, h.fundsFen, h.dueDate, h.contingencyPlan];
  if (!isCalendarDate(h.foundAt)) v.push('发现日期无效');
  if (registered) {
    if (commitments.some((c) => c === null || c === '')) v.push('已登记的隐患缺少整改五落实');
    if (h.fundsFen !== null && (!Number.isSafeInteger(h.fundsFen) || h.fundsFen < 0)) v.push('整改资金无效');
    if (h.dueDate !== null && (!isCalendarDate(h.dueDate) || h.dueDate < h.foundAt)) v.push('整改时限早于发现日期或无效');
    if (h.grade === 'major' && (!h.interimControls || !h.watcher)) v.push('重大隐患缺少临时管控措施或专人盯防');
  } else {
    if (commitments.some((c) => c !== null)) v.push('未登记的隐患不应有整改五落实');
    if (h.state === 'registered' || h.state === 'rectifying') v.push(`未登记的隐患不能处于"${HAZARD_STATE_LABELS[h.state]}"`);
    if ((h.state === 'pending_verification' || h.state === 'closed') && (!h.fixedOnSpot || h.grade !== 'general')) {
      v.push('只有立行立改的一般隐患可以不登记而验收');
    }
  }
  if ((h.state === 'rejected') !== (h.rejection !== null)) v.push('不予登记的状态与原因不一致');
  if (h.state === 'pending_verification' || h.state === 'closed') {
    if (h.rectifiedBy === null) v.push('待验收或已销号的隐患缺少整改人');
    if (h.evidence.length === 0) v.push('待验收或已销号的隐患缺少整改材料');
  }
  if (h.state === 'closed') {
    if (h.closedBy === null || h.closedAt === null) v.push('已销号的隐患缺少销号人');
    if (h.closedBy !== null && h.rectifiedBy !== null && h.closedBy.userId === h.rectifiedBy.userId) v.push('销号人与整改人相同');
    if (currentListing(h) !== null) v.push('已销号的隐患仍在挂牌督办');
  } else if (h.closedBy !== null || h.closedAt !== null) {
    v.push('未销号的隐患有销号记录');
  }
  if (h.listings.slice(0, -1).some((l) => l.delistedAt === null)) v.push('同时有多个挂牌督办');
  if (h.extensions.slice(0, -1).some((x) => x.decision === null)) v.push('同时有多个待审批的延期申请');
  return v;
}

