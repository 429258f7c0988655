import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateUnitBody, IdParam, Page, Unit, UnitListQuery, UpdateUnitBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createUnit, getUnit, listUnits, updateUnit } from './unit.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const unitRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/units',
    {
      config: { action: 'unit.read' },
      schema: { tags: ['organisation'], summary: '可见范围内的单位（分页，可按类型筛选）', security, querystring: UnitListQuery, response: { 200: Page(Unit), 400: err, 401: err, 403: err } },
    },
    async (req) => {
      const { page = 1, pageSize = 50, ...filter } = req.query;
      return listUnits(db, ctxOf(req), filter, { page, pageSize });
    },
  );

  app.get(
    '/units/:id',
    {
      config: { action: 'unit.read', resource: 'unit' },
      schema: { tags: ['organisation'], summary: '单位详情', security, params: IdParam, response: { 200: Unit, 401: err, 403: err, 404: err } },
    },
    async (req) => getUnit(db, ctxOf(req), req.params.id),
  );

  app.post(
    '/units',
    {
      config: { action: 'unit.create' },
      schema: { tags: ['organisation'], summary: '新增片区、学校或校区', security: writeSecurity, body: CreateUnitBody, response: { 201: Unit, 400: err, 401: err, 403: err, 404: err, 409: err } },
    },
    async (req, reply) => reply.status(201).send(await createUnit(db, ctxOf(req), req.body)),
  );

  app.patch(
    '/units/:id',
    {
      config: { action: 'unit.update', resource: 'unit' },
      schema: { tags: ['organisation'], summary: '修改或停用单位（须带读取时的 version）', security: writeSecurity, params: IdParam, body: UpdateUnitBody, response: { 200: Unit, 400: err, 401: err, 403: err, 404: err, 409: err } },
    },
    async (req) => updateUnit(db, ctxOf(req), req.params.id, req.body),
  );
};
