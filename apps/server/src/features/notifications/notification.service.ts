import type { Notification, NotificationListQuery, ReadAllResult } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { findNotifications, markAllNotificationsRead, markNotificationRead } from './notification.repository.js';

/** Notifications are always the caller's own: no scope, the user id is the only key. */
export async function listNotifications(db: Db, ctx: RequestContext, query: NotificationListQuery) {
  const { page = 1, pageSize = 20, unread } = query;
  return findNotifications(db, ctx.actor.userId, { unread, page, pageSize });
}

/** Someone else's notification answers exactly like a missing one (404). */
export async function readNotification(db: Db, ctx: RequestContext, id: string): Promise<Notification> {
  const n = await markNotificationRead(db, ctx.actor.userId, id);
  if (!n) throw notFound('消息');
  return n;
}

export async function readAllNotifications(db: Db, ctx: RequestContext): Promise<ReadAllResult> {
  return { updated: await markAllNotificationsRead(db, ctx.actor.userId) };
}
