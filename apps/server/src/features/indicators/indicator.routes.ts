import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Four100, Four100Breakdown, Four100Query } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { getFour100, getFour100Breakdown } from './indicator.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const tags = ['indicators'];

/** The four 100 % indicators (四个100%) per school, area and district, with the failing schools. */
export const indicatorRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/indicators/four-100', {
    config: { action: 'dashboard.read' },
    schema: {
      tags,
      summary: '四个100%：专职保安员配备率、学校封闭化管理率、一键式紧急报警和视频监控系统达标率、护学岗配备率',
      description: '`unit` 为所查单位（区县、片区或学校；缺省为调用者的整个范围），每项 `rate = passing ÷ schools`，`failing` 为未达标的学校。督查组只含本组学校，学校只含本校；范围外的单位与不存在一样 404。',
      security,
      querystring: Four100Query,
      response: { 200: Four100, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => getFour100(db, ctxOf(req), req.query));

  app.get('/indicators/four-100/breakdown', {
    config: { action: 'dashboard.read' },
    schema: { tags, summary: '四个100%按下级分解：区县按片区，片区和督查组按学校', security, querystring: Four100Query, response: { 200: Four100Breakdown, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => getFour100Breakdown(db, ctxOf(req), req.query));
};
