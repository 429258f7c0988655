import type { Role } from '../roles.js';
import type {
  Hazard,
  HazardActorRef,
  HazardDomain,
  HazardFile,
  HazardGrade,
  HazardRejectionReason,
  HazardSource,
  HazardState,
} from './hazard.types.js';

/** Actions that move a hazard from one state to another (or create it). */
export const HAZARD_STATE_ACTIONS = [
  'report',
  'report_fixed',
  'register',
  'reject',
  'start_rectification',
  'request_verification',
  'close',
  'return',
] as const;
export type HazardStateAction = (typeof HAZARD_STATE_ACTIONS)[number];

/** Actions that change the record but never its state. */
export const HAZARD_RECORD_ACTIONS = [
  'edit',
  'list',
  'delist',
  'escalate',
  'file_overdue_explanation',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'add_progress',
] as const;
export type HazardRecordAction = (typeof HAZARD_RECORD_ACTIONS)[number];

/** Every action on the hazard ledger. There is no delete: nothing is ever deleted. */
export const HAZARD_ACTIONS = [...HAZARD_STATE_ACTIONS, ...HAZARD_RECORD_ACTIONS] as const;
export type HazardAction = HazardStateAction | HazardRecordAction;

/** Actions that create a hazard (applied to `null`). */
export const HAZARD_CREATE_ACTIONS: readonly HazardStateAction[] = ['report', 'report_fixed'];

export const HAZARD_ACTION_LABELS: Record<HazardAction, string> = {
  report: '上报隐患',
  report_fixed: '立行立改',
  register: '登记',
  reject: '不予登记',
  start_rectification: '开始整改',
  request_verification: '提交验收',
  close: '验收销号',
  return: '退回整改',
  edit: '修改',
  list: '挂牌督办',
  delist: '摘牌',
  escalate: '报请政府协调',
  file_overdue_explanation: '逾期说明',
  request_extension: '延期申请',
  approve_extension: '同意延期',
  reject_extension: '不同意延期',
  add_progress: '填报整改进展',
};

/**
 * A row of the state machine. `when` distinguishes rows of the same action and
 * state: a returned hazard that was registered goes back to 整改中, a 立行立改 hazard
 * that was never registered goes back to 已上报 so the school registers it with the
 * five commitments (it becomes a deadline rectification).
 */
export type HazardTransition = {
  readonly action: HazardStateAction;
  readonly from: HazardState | null;
  readonly to: HazardState;
  readonly when?: 'registered' | 'not_registered';
};

/** The state machine of the hazard ledger: the only way a state changes. */
export const HAZARD_TRANSITIONS: readonly HazardTransition[] = [
  { action: 'report', from: null, to: 'reported' },
  { action: 'report_fixed', from: null, to: 'pending_verification' },
  { action: 'register', from: 'reported', to: 'registered' },
  { action: 'reject', from: 'reported', to: 'rejected' },
  { action: 'start_rectification', from: 'registered', to: 'rectifying' },
  { action: 'request_verification', from: 'rectifying', to: 'pending_verification' },
  { action: 'close', from: 'pending_verification', to: 'closed' },
  { action: 'return', from: 'pending_verification', to: 'rectifying', when: 'registered' },
  { action: 'return', from: 'pending_verification', to: 'reported', when: 'not_registered' },
];

/** The states in which each record action applies (its state does not change). */
export const HAZARD_RECORD_ACTION_STATES: Record<HazardRecordAction, readonly HazardState[]> = {
  edit: ['reported', 'registered', 'rectifying', 'pending_verification'],
  list: ['reported', 'registered', 'rectifying', 'pending_verification'],
  delist: ['reported', 'registered', 'rectifying', 'pending_verification'],
  escalate: ['registered', 'rectifying'],
  file_overdue_explanation: ['registered', 'rectifying', 'pending_verification'],
  request_extension: ['registered', 'rectifying'],
  approve_extension: ['registered', 'rectifying', 'pending_verification'],
  reject_extension: ['registered', 'rectifying', 'pending_verification'],
  add_progress: ['registered', 'rectifying'],
};

const SUPERVISORS = ['team_member', 'bureau_staff'] as const satisfies readonly Role[];

/**
 * The roles that may attempt each action; further conditions (scope, state, who
 * rectified, grade and listing) are checked by `allowedActions` / `applyAction`.
 * bureau_leader is read-only. The administrators (system, security, audit) act on no
 * hazard: separating their duties from the business is the point of 三员分立.
 */
export const HAZARD_ACTION_ROLES: Record<HazardAction, readonly Role[]> = {
  report: ['school_staff', 'school_admin', ...SUPERVISORS],
  report_fixed: ['school_staff', 'school_admin'],
  register: ['school_admin'],
  reject: ['school_admin', ...SUPERVISORS],
  start_rectification: ['school_admin'],
  request_verification: ['school_admin'],
  close: ['school_admin', ...SUPERVISORS],
  return: ['school_admin', ...SUPERVISORS],
  edit: ['school_staff', 'school_admin', ...SUPERVISORS],
  list: SUPERVISORS,
  delist: SUPERVISORS,
  escalate: ['bureau_staff'],
  file_overdue_explanation: ['school_admin'],
  request_extension: ['school_admin'],
  approve_extension: SUPERVISORS,
  reject_extension: SUPERVISORS,
  add_progress: ['school_admin'],
};

/**
 * The actor as the domain needs it. `actorCoversUnit` is the server's scope check
 * for the hazard's unit (for `report`: the unit in the input): the own school for
 * school roles, the assigned schools for a team member, the district for bureau roles.
 */
export type HazardActor = {
  readonly userId: string;
  readonly role: Role;
  readonly actorCoversUnit: boolean;
};

/** A step of a plan as entered. */
export type HazardMilestoneInput = {
  readonly title: string;
  readonly dueDate: string;
};

export type HazardReportInput = {
  readonly unitId: string;
  readonly domain: HazardDomain;
  readonly grade: HazardGrade;
  readonly source: HazardSource;
  readonly title: string;
  readonly description: string;
  readonly location?: string;
  readonly pointId?: string | null;
  readonly photos?: readonly HazardFile[];
  readonly foundAt: string;
  readonly foundBy: string;
};

/** 立行立改: the hazard as found (photos = before) and as fixed (fixPhotos = after). */
export type HazardReportFixedInput = HazardReportInput & {
  readonly fixPhotos: readonly HazardFile[];
  readonly fixNote?: string;
};

/** 登记: the five commitments, and for hazards that cannot be fixed at once the controls and plan. */
export type HazardRegisterInput = {
  readonly owner: string;
  readonly measures: string;
  readonly fundsFen: number;
  readonly dueDate: string;
  readonly contingencyPlan: string;
  readonly interimControls?: string | null;
  readonly watcher?: string | null;
  readonly plan?: readonly HazardMilestoneInput[];
};

/** 修改: only the fields given change. The due date changes only by an approved extension. */
export type HazardEditInput = {
  readonly title?: string;
  readonly description?: string;
  readonly location?: string;
  readonly pointId?: string | null;
  readonly domain?: HazardDomain;
  readonly grade?: HazardGrade;
  readonly source?: HazardSource;
  readonly foundAt?: string;
  readonly foundBy?: string;
  readonly addPhotos?: readonly HazardFile[];
  readonly owner?: string;
  readonly measures?: string;
  readonly fundsFen?: number;
  readonly contingencyPlan?: string;
  readonly interimControls?: string | null;
  readonly watcher?: string | null;
  readonly addMilestones?: readonly HazardMilestoneInput[];
};

/** The input each action takes. */
export type HazardActionInputs = {
  report: HazardReportInput;
  report_fixed: HazardReportFixedInput;
  register: HazardRegisterInput;
  reject: { readonly reason: HazardRejectionReason; readonly text: string };
  start_rectification: { readonly comment?: string };
  request_verification: { readonly evidence: readonly HazardFile[]; readonly note: string };
  close: { readonly comment?: string; readonly files?: readonly HazardFile[] };
  return: { readonly reason: string };
  edit: HazardEditInput;
  list: { readonly supervisingUnitId: string; readonly reason: string };
  delist: { readonly reason: string };
  escalate: { readonly note: string };
  file_overdue_explanation: { readonly reason: string; readonly plan?: readonly HazardMilestoneInput[] };
  request_extension: { readonly requestedDueDate: string; readonly reason: string };
  approve_extension: { readonly newDueDate?: string; readonly comment?: string };
  reject_extension: { readonly reason: string };
  add_progress: {
    readonly milestoneIndex: number;
    readonly note: string;
    readonly done?: boolean;
    readonly files?: readonly HazardFile[];
  };
};

/**
 * Why an action was refused. `HAZARD_ERROR_KINDS` maps each code to the kind of
 * answer: forbidden (403 FORBIDDEN), conflict with the current state (409 CONFLICT)
 * or invalid input (400 VALIDATION_FAILED).
 */
export const HAZARD_ERROR_KINDS = {
  OUT_OF_SCOPE: 'forbidden',
  ROLE_NOT_ALLOWED: 'forbidden',
  SAME_PERSON: 'forbidden',
  CLOSE_AUTHORITY: 'forbidden',
  REJECT_NOT_ALLOWED: 'forbidden',
  NOT_OWN_REPORT: 'forbidden',
  GRADE_LOWER_NOT_ALLOWED: 'forbidden',
  STATE_NOT_ALLOWED: 'conflict',
  NOT_OVERDUE: 'conflict',
  EXTENSION_PENDING: 'conflict',
  NO_PENDING_EXTENSION: 'conflict',
  ALREADY_LISTED: 'conflict',
  NOT_LISTED: 'conflict',
  INVALID_INPUT: 'invalid',
  COMMITMENTS_INCOMPLETE: 'invalid',
  MAJOR_CONTROLS_REQUIRED: 'invalid',
  DUE_BEFORE_FOUND: 'invalid',
  DUE_AFTER_REQUIRED: 'invalid',
  FOUND_IN_FUTURE: 'invalid',
  EVIDENCE_REQUIRED: 'invalid',
  PHOTOS_REQUIRED: 'invalid',
  ON_THE_SPOT_GENERAL_ONLY: 'invalid',
  EXTENSION_DATE_INVALID: 'invalid',
  NOTHING_CHANGED: 'invalid',
} as const satisfies Record<string, 'forbidden' | 'conflict' | 'invalid'>;

export type HazardErrorCode = keyof typeof HAZARD_ERROR_KINDS;

/** One problem with one input field; `field` is the input's field name (e.g. 'dueDate', 'plan[0].dueDate'). */
export type HazardFieldError = {
  readonly field: string;
  readonly code: HazardErrorCode;
  readonly message: string;
};

/** A refused action: a code, a Chinese message for the user, and the fields at fault. */
export type HazardFailure = {
  readonly ok: false;
  readonly code: HazardErrorCode;
  readonly message: string;
  readonly fields: readonly HazardFieldError[];
};

/** What the server records in the history row of the same transaction. */
export type HazardEvent = {
  readonly action: HazardAction;
  readonly from: HazardState | null;
  readonly to: HazardState;
  /** Top-level fields of `Hazard` whose value changed (never 'state'). */
  readonly changedFields: readonly string[];
  readonly comment: string | null;
  readonly at: string;
  readonly actor: HazardActorRef;
};

export type HazardSuccess = {
  readonly ok: true;
  readonly next: Hazard;
  readonly event: HazardEvent;
};

export type HazardResult = HazardSuccess | HazardFailure;
