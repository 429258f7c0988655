import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CoverageQuery,
  CreateFollowUpBody,
  CreateVisitBody,
  FollowUpCandidate,
  FollowUpQuery,
  FollowUpResult,
  HazardDetail,
  IdParam,
  Page,
  RecordVisitBody,
  TeamCoverage,
  VisitDetail,
  VisitFindingBody,
  VisitListQuery,
  VisitSummary,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { validIdempotencyKey } from '../idempotency/index.js';
import { addFinding, createVisit, getVisit, issueFeedback, listVisits, recordVisit, teamCoverage } from './visit.service.js';
import { followUpCandidates, recordFollowUp } from './follow-up.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['supervision'];

export const visitRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/supervision-visits', {
    config: { action: 'supervision_visit.read' },
    schema: { tags, summary: '督查安排与记录', security, querystring: VisitListQuery, response: { 200: Page(VisitSummary), 401: err, 403: err } },
  }, async (req) => listVisits(db, ctxOf(req), req.query));

  app.get('/supervision-visits/:id', {
    config: { action: 'supervision_visit.read', resource: 'supervision_visit' },
    schema: { tags, summary: '督查详情：检查记录、发现的问题、反馈', security, params: IdParam, response: { 200: VisitDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getVisit(db, ctxOf(req), req.params.id));

  app.post('/supervision-visits', {
    config: { action: 'supervision_visit.manage' },
    schema: { tags, summary: '安排督查（只能安排本组负责的学校）', security: writeSecurity, body: CreateVisitBody, response: { 201: VisitDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createVisit(db, ctxOf(req), req.body)));

  app.put('/supervision-visits/:id', {
    config: { action: 'supervision_visit.manage', resource: 'supervision_visit' },
    schema: { tags, summary: '记录督查完成或取消', security: writeSecurity, params: IdParam, body: RecordVisitBody, response: { 200: VisitDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => recordVisit(db, ctxOf(req), req.params.id, req.body));

  app.post('/supervision-visits/:id/findings', {
    config: { action: 'supervision_visit.manage', resource: 'supervision_visit' },
    schema: { tags, summary: '登记督查发现的问题（生成台账隐患，带整改期限）', security: writeSecurity, params: IdParam, body: VisitFindingBody, response: { 201: HazardDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => {
    const { statusCode, detail } = await addFinding(db, ctxOf(req), req.params.id, req.body, validIdempotencyKey(req.headers['idempotency-key']));
    return reply.status(statusCode as 201).send(detail);
  });

  app.post('/supervision-visits/:id/feedback', {
    config: { action: 'supervision_visit.manage', resource: 'supervision_visit' },
    schema: { tags, summary: '下发督查反馈（通知学校管理员，问题清单随即固定）', security: writeSecurity, params: IdParam, response: { 200: VisitDetail, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => issueFeedback(db, ctxOf(req), req.params.id));

  app.get('/supervision-teams/:id/coverage', {
    config: { action: 'supervision_visit.read', resource: 'supervision_team' },
    schema: { tags, summary: '督查覆盖：本组学校在时段内（默认本月）是否已督查、从未督查', security, params: IdParam, querystring: CoverageQuery, response: { 200: TeamCoverage, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => teamCoverage(db, ctxOf(req), req.params.id, req.query));

  app.get('/follow-ups/candidates', {
    config: { action: 'inspection.read' },
    schema: { tags, summary: '回头看：最近 N 天（默认 30）销号的隐患', security, querystring: FollowUpQuery, response: { 200: Type.Object({ items: Type.Array(FollowUpCandidate), total: Type.Integer() }), 401: err, 403: err } },
  }, async (req) => followUpCandidates(db, ctxOf(req), req.query));

  app.post('/follow-ups', {
    config: { action: 'inspection.submit' },
    schema: { tags, summary: '记录回头看：问题未复发，或复发（生成关联的新隐患）', security: writeSecurity, body: CreateFollowUpBody, response: { 201: FollowUpResult, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => {
    const { statusCode, result } = await recordFollowUp(db, ctxOf(req), req.body, validIdempotencyKey(req.headers['idempotency-key']));
    return reply.status(statusCode as 201).send(result);
  });
};
