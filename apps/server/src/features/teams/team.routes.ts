import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateTeamBody, IdParam, LeadingGroupMember, Page, SupervisionTeam, TeamListQuery, TeamUpdateResult, UpdateTeamBody, asPage } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createTeam, getLeadingGroup, getTeam, listTeams, updateTeam } from './team.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

export const teamRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/supervision-teams',
    {
      config: { action: 'supervision_team.read' },
      schema: {
        tags: ['organisation'],
        summary: '可见的督查小组（分页）及其成员和负责学校',
        description: '教育局人员看到本区全部小组；督查组成员只看到自己所在的小组；学校管理员只看到负责本校的小组。',
        security,
        querystring: TeamListQuery,
        response: { 200: Page(SupervisionTeam), 400: err, 401: err, 403: err },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 50, ...filter } = req.query;
      return listTeams(db, ctxOf(req), filter, { page, pageSize });
    },
  );

  app.get(
    '/supervision-teams/:id',
    {
      config: { action: 'supervision_team.read', resource: 'supervision_team' },
      schema: { tags: ['organisation'], summary: '督查小组详情', security, params: IdParam, response: { 200: SupervisionTeam, 401: err, 403: err, 404: err } },
    },
    async (req) => getTeam(db, ctxOf(req), req.params.id),
  );

  app.post(
    '/supervision-teams',
    {
      config: { action: 'supervision_team.manage' },
      schema: { tags: ['organisation'], summary: '新增督查小组（名称不能重复）', security: writeSecurity, body: CreateTeamBody, response: { 201: SupervisionTeam, 400: err, 401: err, 403: err, 409: err } },
    },
    async (req, reply) => reply.status(201).send(await createTeam(db, ctxOf(req), req.body)),
  );

  app.patch(
    '/supervision-teams/:id',
    {
      config: { action: 'supervision_team.manage', resource: 'supervision_team' },
      schema: {
        tags: ['organisation'],
        summary: '修改督查小组：改名、停用、整体替换成员或负责学校（须带读取时的 version）',
        description: '给出 members 或 schoolIds 时替换整个列表。一所学校同时分配给两个有效小组是允许的，但会在 warnings 中提示。',
        security: writeSecurity,
        params: IdParam,
        body: UpdateTeamBody,
        response: { 200: TeamUpdateResult, 400: err, 401: err, 403: err, 404: err, 409: err },
      },
    },
    async (req) => updateTeam(db, ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/leading-group',
    {
      config: { action: 'department.read' },
      schema: { tags: ['organisation'], summary: '本区教育局安全工作领导小组成员（组长、副组长、成员）', security, response: { 200: Page(LeadingGroupMember), 401: err, 403: err } },
    },
    async (req) => asPage(await getLeadingGroup(db, ctxOf(req))),
  );
};
