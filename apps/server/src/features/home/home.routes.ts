import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HomeSummary } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { getHomeSummary } from './home.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];

export const homeRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/home/summary',
    {
      // Every signed-in role has a home page; which parts it gets is the policy table's answer per part.
      config: { action: 'session.self' },
      schema: {
        tags: ['home'],
        summary: '首页统计：隐患、学校与督查小组、账号的各项数字（均限于本人的工作范围）',
        security,
        response: { 200: HomeSummary, 401: err, 403: err },
      },
    },
    async (req) => getHomeSummary(db, ctxOf(req)),
  );
};
