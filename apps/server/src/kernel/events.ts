import type { AuditAction, HazardState, Role } from '@xiaoan/domain';
import type { NotificationKind } from '@xiaoan/contracts';
import type { DbOrTrx } from '../db/database.js';
import { recordAudit, type AuditEntry } from '../features/audit/audit.repository.js';
import { notify } from './notifier.js';

/** Who caused an event, as the audit row records it (a request, a sign-in attempt, a job). */
export type EventContext = Parameters<typeof recordAudit>[1];

/** An event that is one row of the audit trail. */
type Audited<A extends AuditAction> = {
  action: A;
  objectType?: string;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
};

/** 督查反馈 issued: audited, and the school's administrators are told. */
export type VisitFeedbackEvent = Audited<'supervision_visit.feedback'> & {
  visit: { id: string; schoolId: string; teamName: string };
  findings: readonly { hazardId: string; dueDate: string }[];
};

/** A report returned for corrections: audited, and the submitter's users are told (with the comment). */
export type ReportReturnedEvent = Audited<'report.return'> & {
  report: {
    submissionId: string;
    reportTypeName: string;
    periodLabel: string;
    submitterKind: 'school' | 'team' | 'department';
    submitterId: string;
    versionNo: number;
    comment: string;
  };
};

/** An admonition talk (约谈) recorded: audited, and the unit talked to is told (a school's admins, a department's staff). */
export type TalkRecordedEvent = Audited<'talk.create'> & {
  talk: { id: string; unitKind: 'school' | 'area' | 'department'; unitId: string; unitName: string; heldOn: string; status: 'planned' | 'held'; reason: string; followUpDue: string | null };
};

/** A notice (通报) issued: audited, and the named schools' administrators are told. */
export type NoticeIssuedEvent = Audited<'notice.issue'> & {
  notice: { id: string; title: string; docNumber: string; category: 'criticism' | 'commendation'; ordersRectification: boolean; answerDueDate: string | null; unitIds: readonly string[] };
};

/** A named unit's rectification report on a notice returned by the bureau: audited, and the unit's admins are told why. */
export type NoticeAnswerReturnedEvent = Audited<'notice.answer_return'> & {
  answer: { noticeId: string; title: string; docNumber: string; unitId: string; comment: string; answerDueDate: string | null };
};

/** An administrator reset a user's password (the change itself is audited as user.update): the user is told. */
export type PasswordResetEvent = {
  action: 'user.password_reset';
  userId: string;
  /** The row version the reset was made against: one notice per reset. */
  version: number;
  by: { displayName: string; role: Role };
  at: Date;
};

/** An open hazard whose due date calls for a reminder today. */
export type DueHazard = {
  id: string;
  unitId: string;
  schoolId: string;
  schoolName: string;
  title: string;
  state: HazardState;
  dueDate: string;
  kind: NotificationKind;
};

/** The due-date sweep found hazards due soon (in 3 days, in 1 day) or past due. Not audited: it changes nothing. */
export type HazardDueEvent = { action: 'hazard.due_soon' | 'hazard.overdue'; hazards: readonly DueHazard[] };

/** An unfinished campaign task whose deadline calls for a reminder today. */
export type DueTask = {
  id: string;
  campaignId: string;
  campaignTitle: string;
  title: string;
  deadline: string;
  leadDepartmentIds: readonly string[];
  /** Days until the deadline (negative: past it). */
  days: number;
};

/** The due-date sweep found campaign tasks due soon or past due. Not audited. */
export type TaskDueEvent = { action: 'task.due_soon' | 'task.overdue'; tasks: readonly DueTask[] };

/** A submitter's report not yet submitted, due in `days` days (3 or 1). */
export type DueReport = {
  reportTypeId: string;
  reportTypeName: string;
  periodKey: string;
  periodLabel: string;
  dueDate: string;
  submitterKind: 'school' | 'team' | 'department';
  submitterId: string;
  submitterName: string;
  days: number;
};

/** The reporting sweep found reports due soon. Not audited: it changes nothing. */
export type ReportDueEvent = { action: 'report.due_soon'; reports: readonly DueReport[] };

/** One period's missing submitters, the day after its due date (to the covering teams and the bureau). */
export type MissingReportList = {
  reportTypeId: string;
  reportTypeName: string;
  periodKey: string;
  periodLabel: string;
  dueDate: string;
  submitterKind: 'school' | 'team' | 'department';
  bureauUnitId: string;
  missing: readonly { id: string; name: string }[];
};

/** The reporting sweep found periods past due with submitters missing. Not audited. */
export type ReportMissingEvent = { action: 'report.missing'; lists: readonly MissingReportList[] };

/** A registry's watch found a document about to expire (or a monthly record missing): the school's admins are told. Not audited. */
export type RegistryExpiringEvent = {
  action: 'registry.expiring';
  reminder: { schoolId: string; kind: string; recordId: string; cause: string; title: string; body?: string; link: string };
};

/** A measure (制度措施) not yet established whose due date calls for a reminder today. */
export type DueMeasure = { id: string; schoolId: string; schoolName: string; title: string; ownerName: string; dueOn: string; /** Days until the due date (negative: past it). */ days: number };

/** The due-date sweep found measures due soon or past due: the school's admins are told. Not audited. */
export type MeasureDueEvent = { action: 'measure.due'; measures: readonly DueMeasure[] };

/** Events that only notify: they write no audit row. */
export type NoticeEvent = PasswordResetEvent | HazardDueEvent | TaskDueEvent | ReportDueEvent | ReportMissingEvent | RegistryExpiringEvent | MeasureDueEvent;

/**
 * Every event the application emits: the closed list. Each audited one is a row of
 * the audit trail under its action (labels in @xiaoan/domain AUDIT_ACTION_LABELS);
 * the notifier decides who, if anyone, is told.
 */
export type AppEvent = Audited<Exclude<AuditAction, VisitFeedbackEvent['action'] | ReportReturnedEvent['action'] | TalkRecordedEvent['action'] | NoticeIssuedEvent['action'] | NoticeAnswerReturnedEvent['action']>> | NoticeIssuedEvent | NoticeAnswerReturnedEvent | VisitFeedbackEvent | ReportReturnedEvent | TalkRecordedEvent | NoticeEvent;
export type AppEventName = AppEvent['action'];

const NOTICE_ONLY: ReadonlySet<AppEventName> = new Set<NoticeEvent['action']>([
  'user.password_reset',
  'hazard.due_soon',
  'hazard.overdue',
  'task.due_soon',
  'task.overdue',
  'report.due_soon',
  'report.missing',
  'registry.expiring',
  'measure.due',
]);

export const isNoticeEvent = (e: AppEvent): e is NoticeEvent => NOTICE_ONLY.has(e.action);

function auditEntryOf(e: Exclude<AppEvent, NoticeEvent>, recipients: number): AuditEntry {
  if (e.action === 'supervision_visit.feedback') {
    return { action: e.action, objectType: e.objectType ?? 'supervision_visit', objectId: e.objectId ?? e.visit.id, details: { findings: e.findings.length, notified: recipients, ...e.details } };
  }
  return { action: e.action, objectType: e.objectType, objectId: e.objectId, details: e.details };
}

/**
 * Writes one event: its notifications (through the one notifier) and its audit row,
 * on the connection given. Inside a command that is the command's transaction, so a
 * rolled-back command leaves neither.
 */
export async function emit(db: DbOrTrx, ctx: EventContext, event: AppEvent): Promise<void> {
  const { recipients } = await notify(db, event);
  if (isNoticeEvent(event)) return;
  await recordAudit(db, ctx, auditEntryOf(event, recipients));
}
