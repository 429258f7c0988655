import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditEvent, AuditEventListQuery, AuditExportQuery, AuditVerification, Page } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { exportAuditEvents, listAuditEvents, verifyAudit } from './audit.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];

export const auditRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/audit-events',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '操作日志（审计管理员；分页，最新在前，可按操作前缀、操作人和日期筛选）',
        description: '只列出操作人所在单位在您的可见范围内的记录（区级审计管理员还能看到不属于任何单位的记录，如未知用户名的登录失败）。每次查阅本身也记入日志。',
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

  app.get(
    '/audit-events/export',
    {
      config: { action: 'audit.export' },
      schema: {
        tags: ['audit'],
        summary: '导出操作日志（CSV，UTF-8；筛选条件同列表，不分页）',
        description: '导出本身记入日志。',
        security,
        querystring: AuditExportQuery,
        response: { 200: { description: 'CSV 文件', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: err, 401: err, 403: err },
      },
    },
    async (req, reply) => {
      const rows = await exportAuditEvents(db, ctxOf(req), req.query);
      const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`操作日志-${day}.csv`)}`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rows));
    },
  );

  app.get(
    '/audit-events/verify',
    {
      config: { action: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: '核验操作日志的完整性：逐条检查哈希链，再与链外保存的锚点核对，指出第一条被改动、删除、调换或截断的记录',
        security,
        response: { 200: AuditVerification, 401: err, 403: err },
      },
    },
    async (req) => verifyAudit(db, ctxOf(req), config),
  );
};
