import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { readOnlyDb, type AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { riskCards } from './risk-card.service.js';
import { riskDistribution } from './risk-distribution.service.js';
import { RiskCards, RiskCardsQuery, RiskDistribution, RiskDistributionQuery } from '@xiaoan/contracts';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const tags = ['risks'];

/** Risk notice cards (风险告知卡) and the district's risk picture (风险分布): reads over the caller's scope. */
export const riskPictureRoutes: FastifyPluginAsync<AppDeps> = async (app0, deps) => {
  const { db } = deps;
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/risk-cards', {
    config: { action: 'risk.read' },
    schema: {
      tags,
      summary: '风险告知卡：一个点位（pointId）或一所学校全部点位（schoolId）的在管风险、主要管控措施、责任人、应急联系人和点位二维码（与点位检查二维码相同）',
      security,
      querystring: RiskCardsQuery,
      response: { 200: RiskCards, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req, reply) => {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    return reply.header('cache-control', 'no-store').send(await riskCards(db, ctxOf(req), req.query, base));
  });

  app.get('/risk-distribution', {
    config: { action: 'risk.read' },
    schema: {
      tags,
      summary: '风险分布：按片区与学校统计在管风险的等级和类别、热力表（片区 × 类别，取最高等级）、有重大风险的学校',
      security,
      querystring: RiskDistributionQuery,
      response: { 200: RiskDistribution, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => riskDistribution(readOnlyDb(deps), ctxOf(req), req.query));
};
