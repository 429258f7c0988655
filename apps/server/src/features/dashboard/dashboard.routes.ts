import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Dashboard, DashboardQuery } from '@xiaoan/contracts';
import { readOnlyDb, type AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { getDashboard } from './dashboard.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];

export const dashboardRoutes: FastifyPluginAsync<AppDeps> = async (app0, deps) => {
  // Read-only and heavy: the read replica when one is configured (DATABASE_REPLICA_URL).
  const db = readOnlyDb(deps);
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/dashboard',
    {
      config: { action: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        summary: '驾驶舱：单位（缺省为本人的整个工作范围）的各项数字、下级分解、学校排名、按月趋势与分领域未销号隐患',
        description:
          'unitId：区县、片区或学校；teamId：督查小组（与 unitId 同用时为该组的一所学校）；by=area|team：区县按片区或按督查小组分解（缺省片区）；' +
          'campaignId：限于该专项整治的学校、期间与任务；from/to：期间（缺省今年 1 月 1 日至今天）。范围外的单位、小组与专项整治回 404。',
        security,
        querystring: DashboardQuery,
        response: { 200: Dashboard, 400: err, 401: err, 403: err, 404: err },
      },
    },
    async (req) => getDashboard(db, ctxOf(req), req.query),
  );
};
