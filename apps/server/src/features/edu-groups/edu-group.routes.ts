import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateEduGroupBody, EduGroup, Page, asPage } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createEduGroup, listEduGroups } from './edu-group.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const eduGroupRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/edu-groups',
    {
      config: { action: 'edu_group.read' },
      schema: { tags: ['organisation'], summary: '本区的教育集团及其成员学校（仅列出可见范围内的学校）', security, response: { 200: Page(EduGroup), 401: err, 403: err } },
    },
    async (req) => asPage(await listEduGroups(db, ctxOf(req))),
  );

  app.post(
    '/edu-groups',
    {
      config: { action: 'edu_group.manage' },
      schema: { tags: ['organisation'], summary: '新增教育集团（名称不能重复）', security: writeSecurity, body: CreateEduGroupBody, response: { 201: EduGroup, 400: err, 401: err, 403: err, 409: err } },
    },
    async (req, reply) => reply.status(201).send(await createEduGroup(db, ctxOf(req), req.body)),
  );
};
