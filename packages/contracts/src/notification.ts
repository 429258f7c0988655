import { Type, type Static } from 'typebox';
import { Nullable, Paging } from './common.js';

/**
 * In-app notifications (站内消息). The reminder sweep writes them: 3 days and 1 day
 * before a hazard's due date, and on the first day it is overdue.
 */
export const NOTIFICATION_KINDS = ['due_in_3_days', 'due_in_1_day', 'overdue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  due_in_3_days: '整改时限还有 3 天',
  due_in_1_day: '整改时限明天到期',
  overdue: '隐患已逾期',
};

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: '消息类型：due_in_3_days 三天后到期、due_in_1_day 明天到期、overdue 已逾期（以后可能增加其他类型）' }),
  title: Type.String(),
  body: Type.String(),
  hazardId: Nullable(Type.String({ description: '相关隐患，打开 /api/hazards/{hazardId} 查看' })),
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
