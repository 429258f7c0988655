import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HAZARD_ACTION_LABELS } from '@xiaoan/domain';
import { CreateHazardBody, HAZARD_ACTION_PATHS, HazardActionBodies, HazardDetail, HazardListQuery, HazardSummary, IdParam, Page } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { validIdempotencyKey } from '../idempotency/index.js';
import { actOnHazard, createHazard, getHazardDetail, listHazards, type ActionName } from './hazard.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const hazardRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/hazards',
    {
      config: { action: 'hazard.read' },
      schema: {
        tags: ['hazards'],
        summary: '隐患台账：可见范围内的隐患（筛选、搜索、排序、分页）',
        description: '数组参数可重复，如 ?state=registered&state=rectifying；q 为标题、描述、位置的全文搜索（两个字即可走索引）。',
        security,
        querystring: HazardListQuery,
        response: { 200: Page(HazardSummary), 400: err, 401: err, 403: err },
      },
    },
    async (req) => listHazards(db, ctxOf(req), req.query),
  );

  app.get(
    '/hazards/:id',
    {
      config: { action: 'hazard.read', resource: 'hazard' },
      schema: { tags: ['hazards'], summary: '隐患详情：完整记录、处理时间线、当前用户可执行的操作（allowedActions）', security, params: IdParam, response: { 200: HazardDetail, 401: err, 403: err, 404: err } },
    },
    async (req) => getHazardDetail(db, ctxOf(req), req.params.id),
  );

  app.post(
    '/hazards',
    {
      config: { action: 'hazard.report' },
      schema: {
        tags: ['hazards'],
        summary: '上报隐患（可同时登记整改五落实，或立行立改）',
        description: '可带请求头 Idempotency-Key：同一键重复提交返回第一次的结果，不会重复创建。',
        security: writeSecurity,
        body: CreateHazardBody,
        response: { 201: HazardDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
      },
    },
    async (req, reply) => {
      const key = validIdempotencyKey(req.headers['idempotency-key']);
      const { statusCode, detail } = await createHazard(db, ctxOf(req), req.body, key);
      return reply.status(statusCode as 201).send(detail);
    },
  );

  for (const action of Object.keys(HazardActionBodies) as ActionName[]) {
    app.post(
      `/hazards/:id/${HAZARD_ACTION_PATHS[action]}`,
      {
        config: { action: 'hazard.act', resource: 'hazard' },
        schema: {
          tags: ['hazards'],
          summary: `${HAZARD_ACTION_LABELS[action]}（${action}）`,
          description: '由隐患状态机校验：角色、当前状态、必填项、验收人不得为整改人等；version 过期返回 409 且不做修改。',
          security: writeSecurity,
          params: IdParam,
          body: HazardActionBodies[action],
          response: { 200: HazardDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
        },
      },
      async (req) => actOnHazard(db, ctxOf(req), req.params.id, action, req.body as never),
    );
  }
};
