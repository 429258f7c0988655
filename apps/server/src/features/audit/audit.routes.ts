import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditEvent, AuditEventListQuery, Page } from '@xiaoan/contracts';
import type { AppDeps } from '../../app.js';
import { ctxOf } from '../../http/auth-hook.js';
import { listAuditEvents } from './audit.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];

export const auditRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/audit-events',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '操作日志（分页，最新在前，可按操作前缀和操作人筛选）',
        description: '只列出操作人所在单位在您的可见范围内的记录。',
        security,
        querystring: AuditEventListQuery,
        response: { 200: Page(AuditEvent), 400: err, 401: err, 403: err },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 50, ...filter } = req.query;
      return listAuditEvents(db, ctxOf(req), filter, { page, pageSize });
    },
  );
};
