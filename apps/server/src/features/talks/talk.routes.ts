import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateTalkBody, IdParam, Page, TalkDetail, TalkFollowUpBody, TalkListQuery, TalkSummary, UpdateTalkBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createTalk, getTalk, listTalks, recordTalkFollowUp, updateTalk } from './talk.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['accountability'];

/** Admonition talks (约谈): bureau staff record and follow up; the unit talked to (and its team) reads its own. */
export const talkRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/talks', {
    config: { action: 'talk.read' },
    schema: { tags, summary: '约谈记录（学校只看到约谈本校的；可按状态、回访逾期、单位筛选）', security, querystring: TalkListQuery, response: { 200: Page(TalkSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listTalks(db, ctxOf(req), req.query));

  app.get('/talks/:id', {
    config: { action: 'talk.read', resource: 'talk' },
    schema: { tags, summary: '约谈详情：被约谈人、约谈人、事由、关联记录、承诺事项、回访', security, params: IdParam, response: { 200: TalkDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getTalk(db, ctxOf(req), req.params.id));

  app.post('/talks', {
    config: { action: 'talk.manage' },
    schema: { tags, summary: '记录约谈（通知被约谈学校的管理员）', security: writeSecurity, body: CreateTalkBody, response: { 201: TalkDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createTalk(db, ctxOf(req), req.body)));

  app.put('/talks/:id', {
    config: { action: 'talk.manage', resource: 'talk' },
    schema: { tags, summary: '修改约谈（version；已回访的不能修改）', security: writeSecurity, params: IdParam, body: UpdateTalkBody, response: { 200: TalkDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateTalk(db, ctxOf(req), req.params.id, req.body));

  app.post('/talks/:id/follow-up', {
    config: { action: 'talk.manage', resource: 'talk' },
    schema: { tags, summary: '记录回访：承诺事项已落实，或未落实（写明情况）', security: writeSecurity, params: IdParam, body: TalkFollowUpBody, response: { 200: TalkDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => recordTalkFollowUp(db, ctxOf(req), req.params.id, req.body));
};
