import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateDepartmentBody, Department, IdParam, UpdateDepartmentBody, Page, asPage } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createDepartment, listDepartments, updateDepartment } from './department.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const departmentRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/departments',
    {
      config: { action: 'department.read' },
      schema: { tags: ['organisation'], summary: '本区教育局的全部科室（含在岗人数）', security, response: { 200: Page(Department), 401: err, 403: err } },
    },
    async (req) => asPage(await listDepartments(db, ctxOf(req))),
  );

  app.post(
    '/departments',
    {
      config: { action: 'department.manage' },
      schema: { tags: ['organisation'], summary: '新增科室（同一教育局内名称不能重复）', security: writeSecurity, body: CreateDepartmentBody, response: { 201: Department, 400: err, 401: err, 403: err, 409: err } },
    },
    async (req, reply) => reply.status(201).send(await createDepartment(db, ctxOf(req), req.body)),
  );

  app.patch(
    '/departments/:id',
    {
      config: { action: 'department.manage', resource: 'department' },
      schema: { tags: ['organisation'], summary: '科室改名、停用或启用', security: writeSecurity, params: IdParam, body: UpdateDepartmentBody, response: { 200: Department, 400: err, 401: err, 403: err, 404: err, 409: err } },
    },
    async (req) => updateDepartment(db, ctxOf(req), req.params.id, req.body),
  );
};
