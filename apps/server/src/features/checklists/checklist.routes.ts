import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ChecklistDetail, ChecklistListQuery, ChecklistSummary, ChecklistVersionDetail, CreateChecklistBody, IdParam, Page, UpdateChecklistBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { copyChecklist, createChecklist, getChecklist, getChecklistVersion, listChecklists, updateChecklist } from './checklist.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['checklists'];

export const checklistRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/checklists', {
    config: { action: 'checklist.read' },
    schema: { tags, summary: '检查表：区级检查表库与本校检查表', security, querystring: ChecklistListQuery, response: { 200: Page(ChecklistSummary), 401: err, 403: err } },
  }, async (req) => listChecklists(db, ctxOf(req), req.query));

  app.get('/checklists/:id', {
    config: { action: 'checklist.read', resource: 'checklist' },
    schema: { tags, summary: '检查表详情（当前版本的检查项）', security, params: IdParam, response: { 200: ChecklistDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getChecklist(db, ctxOf(req), req.params.id));

  app.get('/checklist-versions/:id', {
    config: { action: 'checklist.read', resource: 'checklist' },
    schema: { tags, summary: '检查表的某一版本（已完成的检查记录所用版本，永不修改）', security, params: IdParam, response: { 200: ChecklistVersionDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getChecklistVersion(db, ctxOf(req), req.params.id));

  app.post('/checklists', {
    config: { action: 'checklist.manage' },
    schema: { tags, summary: '新建检查表（归属本单位）', security: writeSecurity, body: CreateChecklistBody, response: { 201: ChecklistDetail, 400: err, 401: err, 403: err } },
  }, async (req, reply) => reply.status(201).send(await createChecklist(db, ctxOf(req), req.body)));

  app.post('/checklists/:id/copy', {
    config: { action: 'checklist.manage', resource: 'checklist' },
    schema: { tags, summary: '复制为本单位检查表（学校在区级检查表基础上增加本校检查项）', security: writeSecurity, params: IdParam, response: { 201: ChecklistDetail, 401: err, 403: err, 404: err } },
  }, async (req, reply) => reply.status(201).send(await copyChecklist(db, ctxOf(req), req.params.id)));

  app.put('/checklists/:id', {
    config: { action: 'checklist.manage', resource: 'checklist' },
    schema: {
      tags,
      summary: '修改检查表；修改检查项会生成新版本，已完成的检查记录仍指向原版本',
      security: writeSecurity,
      params: IdParam,
      body: UpdateChecklistBody,
      response: { 200: ChecklistDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => updateChecklist(db, ctxOf(req), req.params.id, req.body));
};
