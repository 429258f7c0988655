import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParam, Notification, NotificationListQuery, Page, ReadAllResult } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { listNotifications, readAllNotifications, readNotification } from './notification.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

/** The caller's own in-app notifications (整改时限提醒、逾期提醒). */
export const notificationRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/notifications',
    {
      config: { action: 'notification.read' },
      schema: {
        tags: ['notifications'],
        summary: '我的消息（最新在前；unread=true 只看未读，total 即未读数）',
        security,
        querystring: NotificationListQuery,
        response: { 200: Page(Notification), 400: err, 401: err, 403: err },
      },
    },
    async (req) => listNotifications(db, ctxOf(req), req.query),
  );

  // Own-only: the id is looked up together with the caller's user id, so another
  // user's notification answers 404 exactly like a missing one.
  app.post(
    '/notifications/:id/read',
    {
      config: { action: 'notification.read', resource: 'notification' },
      schema: {
        tags: ['notifications'],
        summary: '将一条消息标为已读（重复标记不改变首次已读时间）',
        security: writeSecurity,
        params: IdParam,
        response: { 200: Notification, 400: err, 401: err, 403: err, 404: err },
      },
    },
    async (req) => readNotification(db, ctxOf(req), req.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { action: 'notification.read' },
      schema: {
        tags: ['notifications'],
        summary: '将我的全部未读消息标为已读',
        security: writeSecurity,
        response: { 200: ReadAllResult, 401: err, 403: err },
      },
    },
    async (req) => readAllNotifications(db, ctxOf(req)),
  );
};
