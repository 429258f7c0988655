import { HAZARD_STATE_LABELS, ROLE_LABELS, type HazardState } from '@xiaoan/domain';
import type { NotificationKind } from '@xiaoan/contracts';
import type { DbOrTrx } from '../db/database.js';
import {
  findActiveSchoolAdminsUnder,
  findDepartmentMembers,
  findDueHazardRecipients,
  insertNotifications,
  type NewNotification,
} from '../features/notifications/notification.repository.js';
import type { AppEvent, DueHazard, DueTask, HazardDueEvent, NoticeAnswerReturnedEvent, NoticeIssuedEvent, MeasureDueEvent, PasswordResetEvent, RegistryExpiringEvent, ReportDueEvent, ReportMissingEvent, ReportReturnedEvent, TalkRecordedEvent, TaskDueEvent, VisitFeedbackEvent } from './events.js';
import { talkRecordedNotifications } from '../features/talks/talk-notices.js';
import { registryExpiringNotifications } from '../features/registries/registry-notices.js';
import { measureDueNotifications } from '../features/measures/measure-notices.js';
import { noticeAnswerReturnedNotifications, noticeIssuedNotifications } from '../features/notices/notice-notices.js';
import { reportDueNotifications, reportMissingNotifications, reportReturnedNotifications } from '../features/reports/report-notices.js';

/**
 * The one place that decides who is told what. Every notification row the
 * application writes comes from an event through here; the dedupe key makes each
 * notice at most once per user however often the event is emitted.
 */

/** Title and body of a hazard reminder, in the words the school and the team read. */
export function reminderText(kind: NotificationKind, h: { title: string; schoolName: string; dueDate: string; state: HazardState }): { title: string; body: string } {
  const about = `${h.schoolName}的隐患“${h.title}”`;
  const state = `当前状态：${HAZARD_STATE_LABELS[h.state]}。`;
  const waiting = h.state === 'pending_verification';
  switch (kind) {
    case 'due_in_3_days':
      return {
        title: `整改时限还有 3 天：${h.title}`,
        body: `${about}整改时限为 ${h.dueDate}，还有 3 天。${state}${waiting ? '学校已提交验收，请督查组及时验收。' : '请按期完成整改并提交验收。'}`,
      };
    case 'due_in_1_day':
      return {
        title: `整改时限明天到期：${h.title}`,
        body: `${about}整改时限为 ${h.dueDate}（明天）。${state}${waiting ? '学校已提交验收，请督查组及时验收。' : '请抓紧完成整改并提交验收，确实无法按期完成的请及时申请延期。'}`,
      };
    case 'overdue':
      return {
        title: `隐患已逾期：${h.title}`,
        body: `${about}已超过整改时限（${h.dueDate}）。${state}${waiting ? '学校已提交验收，请督查组尽快验收。' : '请尽快完成整改，并按要求填报逾期说明。'}`,
      };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export const reminderDedupeKey = (hazardId: string, kind: NotificationKind, dueDate: string) => `hazard:${hazardId}:${kind}:${dueDate}`;

/** Hazard reminders go to the owner side: the school admins of the school and of the campus, and the members of the active teams covering the school. */
async function hazardDue(db: DbOrTrx, hazards: readonly DueHazard[]): Promise<NewNotification[]> {
  if (!hazards.length) return [];
  const { admins, team } = await findDueHazardRecipients(
    db,
    [...new Set(hazards.flatMap((h) => [h.schoolId, h.unitId]))],
    [...new Set(hazards.map((h) => h.schoolId))],
  );
  const rows: NewNotification[] = [];
  for (const h of hazards) {
    const users = new Set([...(admins.get(h.schoolId) ?? []), ...(admins.get(h.unitId) ?? []), ...(team.get(h.schoolId) ?? [])]);
    const text = reminderText(h.kind, { title: h.title, schoolName: h.schoolName, dueDate: h.dueDate, state: h.state });
    const dedupeKey = reminderDedupeKey(h.id, h.kind, h.dueDate);
    for (const userId of users) rows.push({ userId, kind: h.kind, hazardId: h.id, title: text.title, body: text.body, dedupeKey });
  }
  return rows;
}

/** Task reminders go to the active members of the task's lead departments. */
async function taskDue(db: DbOrTrx, event: TaskDueEvent): Promise<NewNotification[]> {
  if (!event.tasks.length) return [];
  const members = await findDepartmentMembers(db, [...new Set(event.tasks.flatMap((t) => t.leadDepartmentIds))]);
  const kind = event.action === 'task.overdue' ? 'task_overdue' : 'task_due_soon';
  const rows: NewNotification[] = [];
  for (const t of event.tasks) {
    const users = new Set(t.leadDepartmentIds.flatMap((d) => members.get(d) ?? []));
    const text = taskReminderText(t);
    for (const userId of users) rows.push({ userId, kind, title: text.title, body: text.body, dedupeKey: `task:${t.id}:${t.days < 0 ? 'overdue' : `due_in_${t.days}_days`}:${t.deadline}` });
  }
  return rows;
}

function taskReminderText(t: DueTask): { title: string; body: string } {
  const about = `专项行动“${t.campaignTitle}”的任务“${t.title}”`;
  if (t.days < 0) return { title: `任务已逾期：${t.title}`, body: `${about}已超过完成时限（${t.deadline}），请尽快完成并填报进展。` };
  return { title: `任务还有 ${t.days} 天到期：${t.title}`, body: `${about}完成时限为 ${t.deadline}，还有 ${t.days} 天，请按期完成并填报进展。` };
}

/** 督查反馈 goes to the active school admins of the school and its campuses. */
async function visitFeedback(db: DbOrTrx, e: VisitFeedbackEvent): Promise<NewNotification[]> {
  const admins = await findActiveSchoolAdminsUnder(db, e.visit.schoolId);
  const earliest = e.findings.map((f) => f.dueDate).sort()[0];
  return admins.map((userId) => ({
    userId,
    kind: 'visit_feedback',
    hazardId: e.findings[0]?.hazardId ?? null,
    title: `${e.visit.teamName}督查反馈：${e.findings.length} 个问题待整改`,
    body: e.findings.length ? `请在期限内整改并上传整改材料，最早期限 ${earliest}。` : '本次督查未发现问题。',
    dedupeKey: `visit_feedback:${e.visit.id}`,
  }));
}

/** A reset password is told to its owner, so a reset they did not ask for does not go unnoticed. */
function passwordReset(e: PasswordResetEvent): NewNotification[] {
  return [
    {
      userId: e.userId,
      kind: 'account_password_reset',
      title: '您的登录密码已被重置',
      body: `${e.by.displayName}（${ROLE_LABELS[e.by.role]}）于 ${e.at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 重置了您的密码。登录后须先修改密码；如非本人申请，请立即联系安全管理员。`,
      dedupeKey: `password_reset:${e.userId}:${e.version}`,
    },
  ];
}

async function notificationsOf(db: DbOrTrx, event: AppEvent): Promise<NewNotification[]> {
  switch (event.action) {
    case 'hazard.due_soon':
    case 'hazard.overdue':
      return hazardDue(db, (event as HazardDueEvent).hazards);
    case 'task.due_soon':
    case 'task.overdue':
      return taskDue(db, event as TaskDueEvent);
    case 'supervision_visit.feedback':
      return visitFeedback(db, event as VisitFeedbackEvent);
    case 'user.password_reset':
      return passwordReset(event as PasswordResetEvent);
    case 'report.due_soon':
      return reportDueNotifications(db, (event as ReportDueEvent).reports);
    case 'report.missing':
      return reportMissingNotifications(db, (event as ReportMissingEvent).lists);
    case 'report.return':
      return reportReturnedNotifications(db, (event as ReportReturnedEvent).report);
    case 'talk.create':
      return talkRecordedNotifications(db, (event as TalkRecordedEvent).talk);
    case 'notice.issue':
      return noticeIssuedNotifications(db, (event as NoticeIssuedEvent).notice);
    case 'notice.answer_return':
      return noticeAnswerReturnedNotifications(db, (event as NoticeAnswerReturnedEvent).answer);
    case 'measure.due':
      return measureDueNotifications(db, event as MeasureDueEvent);
    case 'registry.expiring':
      return registryExpiringNotifications(db, (event as RegistryExpiringEvent).reminder);
    default:
      return [];
  }
}

/**
 * Writes the notifications an event calls for. Returns how many users it was
 * addressed to and how many rows were new (a repeat is dropped by its dedupe key).
 */
export async function notify(db: DbOrTrx, event: AppEvent): Promise<{ recipients: number; written: number }> {
  const rows = await notificationsOf(db, event);
  const written = await insertNotifications(db, rows);
  return { recipients: rows.length, written };
}
