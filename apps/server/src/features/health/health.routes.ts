import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.js';

export const healthRoutes: FastifyPluginAsync<AppDeps> = async (app, { pingDb }) => {
  app.get(
    '/health',
    {
      config: { action: 'public' },
      schema: {
        tags: ['system'],
        summary: '健康检查：数据库可用时 200 {"status":"ok"}，否则 503',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable') }) },
      },
    },
    async (_req, reply) => ((await pingDb()) ? { status: 'ok' as const } : reply.status(503).send({ status: 'unavailable' as const })),
  );
};
