import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateUserBody, IdParam, Page, UpdateUserBody, User, UserListQuery } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createUser, getUser, listUsers, updateUser } from './user.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const userRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/users',
    {
      config: { action: 'user.read' },
      schema: { tags: ['organisation'], summary: '可见范围内的人员和账号（分页，可按单位、角色、科室筛选）', security, querystring: UserListQuery, response: { 200: Page(User), 400: err, 401: err, 403: err } },
    },
    async (req) => {
      const { page = 1, pageSize = 50, ...filter } = req.query;
      return listUsers(db, ctxOf(req), filter, { page, pageSize });
    },
  );

  app.get(
    '/users/:id',
    {
      config: { action: 'user.read', resource: 'user' },
      schema: { tags: ['organisation'], summary: '人员详情', security, params: IdParam, response: { 200: User, 401: err, 403: err, 404: err } },
    },
    async (req) => getUser(db, ctxOf(req), req.params.id),
  );

  app.post(
    '/users',
    {
      config: { action: 'user.create' },
      schema: {
        tags: ['organisation'],
        summary: '新增人员（可同时开通登录账号）',
        description:
          '只能授予低于本人角色的角色（安全管理员：除安全管理员外的所有角色；学校安全管理员：教职工）；学校角色须设在学校或校区，教育局角色须设在教育局或片区。设置的密码须由本人在首次登录时修改。创建教职工以外的账号须在 5 分钟内验证过身份（POST /api/auth/reauth），否则 403 REAUTH_REQUIRED。',
        security: writeSecurity,
        body: CreateUserBody,
        response: { 201: User, 400: err, 401: err, 403: err, 404: err, 409: err },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(db, ctxOf(req), req.body, config)),
  );

  app.patch(
    '/users/:id',
    {
      config: { action: 'user.update', resource: 'user' },
      schema: {
        tags: ['organisation'],
        summary: '修改、停用人员，重置密码或动态验证码（须带读取时的 version）',
        description:
          '只能修改角色低于本人的账号，不能修改本人账号。重置密码、修改角色、停用、修改用户名或解除动态验证码须在 5 分钟内验证过身份（POST /api/auth/reauth），否则 403 REAUTH_REQUIRED。重置的密码须由本人在下次登录时修改，并通知本人；同时解除登录锁定。停用账号、重置密码、解除动态验证码或修改用户名会立即结束该用户的全部会话。',
        security: writeSecurity,
        params: IdParam,
        body: UpdateUserBody,
        response: { 200: User, 400: err, 401: err, 403: err, 404: err, 409: err },
      },
    },
    async (req) => updateUser(db, ctxOf(req), req.params.id, req.body, config),
  );
};
