import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CompletionQuery,
  CompletionReport,
  CreateInspectionBody,
  DueCheck,
  HazardDetail,
  IdParam,
  InspectionDetail,
  InspectionListQuery,
  InspectionSummary,
  Page,
  RaiseHazardBody,
  ScheduleQuery,
  WeeklyRollup,
  WeeklyRollupQuery,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { validIdempotencyKey } from '../idempotency/index.js';
import { getInspection, listInspections, raiseHazard, submitInspection } from './inspection.service.js';
import { completion, dueList, weeklyRollup } from './schedule.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['inspections'];

export const inspectionRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/inspections', {
    config: { action: 'inspection.read' },
    schema: { tags, summary: '检查记录列表', security, querystring: InspectionListQuery, response: { 200: Page(InspectionSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listInspections(db, ctxOf(req), req.query));

  app.get('/inspections/:id', {
    config: { action: 'inspection.read', resource: 'inspection' },
    schema: { tags, summary: '检查记录详情（已提交的记录只读）', security, params: IdParam, response: { 200: InspectionDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getInspection(db, ctxOf(req), req.params.id));

  app.post('/inspections', {
    config: { action: 'inspection.submit' },
    schema: {
      tags,
      summary: '提交检查记录（签字确认后只读；更正请提交引用原记录的新记录）',
      description: '建议带请求头 Idempotency-Key：网络不好时手机端会重试，同一键只生成一条记录。',
      security: writeSecurity,
      body: CreateInspectionBody,
      response: { 201: InspectionDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req, reply) => {
    const { statusCode, detail } = await submitInspection(db, ctxOf(req), req.body, validIdempotencyKey(req.headers['idempotency-key']));
    return reply.status(statusCode as 201).send(detail);
  });

  app.post('/inspections/:id/raise-hazard', {
    config: { action: 'inspection.raise_hazard', resource: 'inspection' },
    schema: {
      tags,
      summary: '将不合格项一键登记为隐患（自动带入类别、点位、描述、检查方式、照片，并双向关联）',
      security: writeSecurity,
      params: IdParam,
      body: RaiseHazardBody,
      response: { 201: HazardDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req, reply) => {
    const { statusCode, detail } = await raiseHazard(db, ctxOf(req), req.params.id, req.body, validIdempotencyKey(req.headers['idempotency-key']));
    return reply.status(statusCode as 201).send(detail);
  });

  app.get('/inspection-schedule', {
    config: { action: 'inspection.read' },
    schema: {
      tags,
      summary: '今日待查：各点位本期检查是否完成（应查、已查、漏查）',
      security,
      querystring: ScheduleQuery,
      response: { 200: Type.Object({ items: Type.Array(DueCheck), total: Type.Integer(), today: Type.String() }), 400: err, 401: err, 403: err },
    },
  }, async (req) => dueList(db, ctxOf(req), req.query));

  app.get('/inspection-completion', {
    config: { action: 'inspection.read' },
    schema: { tags, summary: '完成率：按日、周、月统计各校应查、已查、漏查', security, querystring: CompletionQuery, response: { 200: CompletionReport, 400: err, 401: err, 403: err } },
  }, async (req) => completion(db, ctxOf(req), req.query));

  app.get('/inspection-rollups/weekly', {
    config: { action: 'inspection.read' },
    schema: { tags, summary: '每周一汇总：某校一周的检查完成、漏查、不合格项与登记隐患', security, querystring: WeeklyRollupQuery, response: { 200: WeeklyRollup, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => weeklyRollup(db, ctxOf(req), req.query));
};
