import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateMeasureBody,
  IdParam,
  MeasureDetail,
  MeasureExportQuery,
  MeasureListQuery,
  MeasureOverview,
  MeasureOverviewQuery,
  MeasureSummary,
  MoveMeasureBody,
  Page,
  UpdateMeasureBody,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { XLSX_MIME, exportSlots, sendStreamedXlsx } from '../../http/xlsx-stream.js';
import { openMeasureExport } from './measure-export.js';
import { createMeasure, getMeasure, listMeasures, measureOverview, moveMeasure, updateMeasure } from './measure.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['measures'];

/** The two lists (两个清单): the measure list of each school, its export with the hazard list, the bureau's overview. */
export const measureRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;
  const exports = exportSlots(3, '同时进行的清单导出较多，请稍后再试');

  app.get('/measures', {
    config: { action: 'measure.read' },
    schema: { tags, summary: '制度措施清单（学校看本校的，督查组看本组学校的，教育局全部；可按学校/片区、状态、逾期、类别、来源隐患筛选）', security, querystring: MeasureListQuery, response: { 200: Page(MeasureSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listMeasures(db, ctxOf(req), req.query));

  app.get('/measures/overview', {
    config: { action: 'measure.read' },
    schema: { tags, summary: '两个清单总览：每所学校的隐患（未销号、已销号、逾期）与制度措施（按状态、逾期）', security, querystring: MeasureOverviewQuery, response: { 200: MeasureOverview, 400: err, 401: err, 403: err } },
  }, async (req) => measureOverview(db, ctxOf(req), req.query));

  app.get('/measures/export.xlsx', {
    config: { action: 'measure.read', rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '导出一所学校的两个清单（Excel，工作表“问题隐患清单”和“制度措施清单”）',
      description: '学校导出本校的；教育局、督查组须填 schoolId（范围外与不存在一样 404）。问题隐患清单：序号、问题隐患名称、类别、等级、发现时间、责任人、整改措施、完成时限、完成情况、整改情况说明、销号时间、是否逾期；制度措施清单：序号、制度名称、类别、责任部门、责任人、建立情况、完成时限、完成情况、印发时间、制度文件、来源（举一反三）、是否逾期。',
      security,
      querystring: MeasureExportQuery,
      response: { 200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 400: err, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(req);
    return sendStreamedXlsx(req, reply, exports, () => openMeasureExport(db, ctx, req.query), 'measure list export');
  });

  app.get('/measures/:id', {
    config: { action: 'measure.read', resource: 'measure' },
    schema: { tags, summary: '制度措施详情：来源隐患、制度文件、历史、allowedActions', security, params: IdParam, response: { 200: MeasureDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getMeasure(db, ctxOf(req), req.params.id));

  app.post('/measures', {
    config: { action: 'measure.manage' },
    schema: { tags, summary: '新增制度措施（学校管理员，本校）；带 fromHazardId 时由已销号的隐患一步提出（举一反三）', security: writeSecurity, body: CreateMeasureBody, response: { 201: MeasureDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createMeasure(db, ctxOf(req), req.body)));

  app.put('/measures/:id', {
    config: { action: 'measure.manage', resource: 'measure' },
    schema: { tags, summary: '修改制度措施（version，过期 409）', security: writeSecurity, params: IdParam, body: UpdateMeasureBody, response: { 200: MeasureDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateMeasure(db, ctxOf(req), req.params.id, req.body));

  app.post('/measures/:id/status', {
    config: { action: 'measure.manage', resource: 'measure' },
    schema: { tags, summary: '变更状态：已建立、已修订须附制度文件（先经 POST /api/files 上传）和印发日期', security: writeSecurity, params: IdParam, body: MoveMeasureBody, response: { 200: MeasureDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => moveMeasure(db, ctxOf(req), req.params.id, req.body));
};
