import { Type, type Static } from 'typebox';
import { Nullable, Paging } from './common.js';

/**
 * In-app notifications (站内消息). The due-date sweep writes the hazard reminders: 3 days and
 * 1 day before a hazard's due date, and on the first day it is overdue; the other kinds come
 * from tasks, visits, accounts and reporting.
 */
export const NOTIFICATION_KINDS = ['due_in_3_days', 'due_in_1_day', 'overdue'] as const;
/** The kinds of a hazard reminder. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Every kind of notification the platform writes, with its Chinese label. */
export const NOTIFICATION_KIND_LABELS = {
  due_in_3_days: '整改时限还有 3 天',
  due_in_1_day: '整改时限明天到期',
  overdue: '隐患已逾期',
  task_due_soon: '任务即将到期',
  task_overdue: '任务已逾期',
  visit_feedback: '督查反馈',
  account_password_reset: '密码已被重置',
  report_due_soon: '报送即将截止',
  report_missing: '缺报名单',
  report_returned: '报送被退回',
  notice_issued: '收到通报',
  notice_answer_returned: '通报整改报告被退回',
  talk_recorded: '约谈记录',
  registry_expiring: '台账证照即将到期',
  measure_due_soon: '制度措施即将到期',
  measure_overdue: '制度措施已逾期',
} as const satisfies Record<string, string>;
export type AnyNotificationKind = keyof typeof NOTIFICATION_KIND_LABELS;

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: '消息类型（见 NOTIFICATION_KIND_LABELS）：due_in_3_days、due_in_1_day、overdue（隐患整改时限）、task_due_soon、task_overdue、visit_feedback、account_password_reset、report_due_soon、report_missing、report_returned' }),
  title: Type.String(),
  body: Type.String(),
  hazardId: Nullable(Type.String({ description: '相关隐患，打开 /api/hazards/{hazardId} 查看' })),
  link: Nullable(Type.String({ description: '不是隐患的消息（台账记录到期等）在网页中打开的路径，如 /registries/vehicles/12' })),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time', description: '已读时间；null 为未读' })),
});
export type Notification = Static<typeof Notification>;

export const NotificationListQuery = Type.Object(
  {
    ...Paging,
    unread: Type.Optional(Type.Boolean({ description: 'true 只看未读' })),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const ReadAllResult = Type.Object({ updated: Type.Integer({ description: '本次标为已读的消息数' }) });
export type ReadAllResult = Static<typeof ReadAllResult>;
