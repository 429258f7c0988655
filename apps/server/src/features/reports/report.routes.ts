import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApproveReportBody,
  CampaignReportTypesBody,
  Completeness,
  CompletenessMatrix,
  CompletenessQuery,
  CreateReportTypeBody,
  IdParam,
  MatrixQuery,
  Page,
  ReopenReportBody,
  ReportPeriod,
  ReportPeriodsQuery,
  ReportSubmissionDetail,
  ReportSubmissionListQuery,
  ReportSubmissionSummary,
  ReportType,
  ReportTypeListQuery,
  ReturnReportBody,
  SaveDraftBody,
  StartSubmissionBody,
  SubmitReportBody,
  UpdateReportTypeBody,
} from '@xiaoan/contracts';
import { readOnlyDb, type AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { validIdempotencyKey } from '../idempotency/index.js';
import { createCampaignReportTypes, createReportType, getReportType, listReportPeriods, listReportTypes, updateReportTypeById } from './report-type.service.js';
import { completeness, completenessMatrix } from './completeness.service.js';
import { getSubmission, listSubmissions, saveDraft, startSubmission, submitReport } from './submission.service.js';
import { approveReport, reopenPeriod, returnReport } from './review.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['reports'];

export const reportRoutes: FastifyPluginAsync<AppDeps> = async (app0, deps) => {
  const { db } = deps;
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const key = (h: string | string[] | undefined) => validIdempotencyKey(h);

  app.get('/report-types', {
    config: { action: 'report.read' },
    schema: { tags, summary: '报表类型（报送什么、多久一次、何时截止、谁报送）', security, querystring: ReportTypeListQuery, response: { 200: Page(ReportType), 401: err, 403: err } },
  }, async (req) => listReportTypes(db, ctxOf(req), req.query));

  app.get('/report-types/:id', {
    config: { action: 'report.read', resource: 'report_type' },
    schema: { tags, summary: '报表类型详情', security, params: IdParam, response: { 200: ReportType, 401: err, 403: err, 404: err } },
  }, async (req) => getReportType(db, ctxOf(req), req.params.id));

  app.post('/report-types', {
    config: { action: 'report_type.manage' },
    schema: { tags, summary: '新增报表类型（截止规则按北京时间，“X日前”为当日24时前）', security: writeSecurity, body: CreateReportTypeBody, response: { 201: ReportType, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createReportType(db, ctxOf(req), req.body, key(req.headers['idempotency-key']))));

  app.put('/report-types/:id', {
    config: { action: 'report_type.manage', resource: 'report_type' },
    schema: { tags, summary: '修改报表类型（名称、栏目、逾期是否可报、审核方、停用）', security: writeSecurity, params: IdParam, body: UpdateReportTypeBody, response: { 200: ReportType, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateReportTypeById(db, ctxOf(req), req.params.id, req.body));

  app.get('/report-types/:id/periods', {
    config: { action: 'report.read', resource: 'report_type' },
    schema: { tags, summary: '报表的各期及截止日（默认今年）', security, params: IdParam, querystring: ReportPeriodsQuery, response: { 200: Page(ReportPeriod), 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => listReportPeriods(db, ctxOf(req), req.params.id, req.query));

  app.get('/report-types/:id/completeness', {
    config: { action: 'report.read', resource: 'report_type' },
    schema: { tags, summary: '一期的报送情况：应报、已报、按时、逾期、未报，片区报送率与及时率，未报单位及安全管理员', security, params: IdParam, querystring: CompletenessQuery, response: { 200: Completeness, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => completeness(readOnlyDb(deps), ctxOf(req), req.params.id, req.query));

  app.get('/report-types/:id/matrix', {
    config: { action: 'report.read', resource: 'report_type' },
    schema: { tags, summary: '报送矩阵：单位 × 期次（按状态着色），可按片区、督查组筛选', security, params: IdParam, querystring: MatrixQuery, response: { 200: CompletenessMatrix, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => completenessMatrix(readOnlyDb(deps), ctxOf(req), req.params.id, req.query));

  app.post('/report-types/:id/reopen', {
    config: { action: 'report.reopen', resource: 'report_type' },
    schema: { tags, summary: '为一个单位重新开放已锁定的期次（记录何人何时）', security: writeSecurity, params: IdParam, body: ReopenReportBody, response: { 200: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => reopenPeriod(db, ctxOf(req), req.params.id, req.body));

  app.post('/campaigns/:id/report-types', {
    config: { action: 'report_type.manage', resource: 'campaign' },
    schema: {
      tags,
      summary: '按专项整治的报送要求一次生成报表类型（逐条确认）',
      security: writeSecurity,
      params: IdParam,
      body: CampaignReportTypesBody,
      response: { 201: Type.Object({ items: Type.Array(ReportType), total: Type.Integer() }), 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req, reply) => reply.status(201).send(await createCampaignReportTypes(db, ctxOf(req), req.params.id, req.body, key(req.headers['idempotency-key']))));

  app.get('/report-submissions', {
    config: { action: 'report.read' },
    schema: { tags, summary: '报送记录（本人权限范围内）', security, querystring: ReportSubmissionListQuery, response: { 200: Page(ReportSubmissionSummary), 401: err, 403: err } },
  }, async (req) => listSubmissions(db, ctxOf(req), req.query));

  app.get('/report-submissions/:id', {
    config: { action: 'report.read', resource: 'report_submission' },
    schema: { tags, summary: '报送详情：草稿、各版本（旧版本可查）、审核意见、变化对比', security, params: IdParam, response: { 200: ReportSubmissionDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getSubmission(db, ctxOf(req), req.params.id));

  app.post('/report-submissions', {
    config: { action: 'report.draft' },
    schema: { tags, summary: '开始填报一期报告（已有则返回已有的；自动汇总本期数据，预填上期目标）', security: writeSecurity, body: StartSubmissionBody, response: { 200: ReportSubmissionDetail, 201: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => {
    const { statusCode, detail } = await startSubmission(db, ctxOf(req), req.body, key(req.headers['idempotency-key']));
    return reply.status(statusCode as 201).send(detail);
  });

  app.put('/report-submissions/:id/draft', {
    config: { action: 'report.draft', resource: 'report_submission' },
    schema: { tags, summary: '保存草稿（自动保存）', security: writeSecurity, params: IdParam, body: SaveDraftBody, response: { 200: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => saveDraft(db, ctxOf(req), req.params.id, req.body));

  app.post('/report-submissions/:id/submit', {
    config: { action: 'report.submit', resource: 'report_submission' },
    schema: { tags, summary: '报送（自动汇总表此时固定，生成新版本；截止后报送记为逾期）', security: writeSecurity, params: IdParam, body: SubmitReportBody, response: { 200: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => submitReport(db, ctxOf(req), req.params.id, req.body, key(req.headers['idempotency-key'])));

  app.post('/report-submissions/:id/approve', {
    config: { action: 'report.review', resource: 'report_submission' },
    schema: { tags, summary: '审核通过', security: writeSecurity, params: IdParam, body: ApproveReportBody, response: { 200: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => approveReport(db, ctxOf(req), req.params.id, req.body));

  app.post('/report-submissions/:id/return', {
    config: { action: 'report.review', resource: 'report_submission' },
    schema: { tags, summary: '退回（须填写意见）', security: writeSecurity, params: IdParam, body: ReturnReportBody, response: { 200: ReportSubmissionDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => returnReport(db, ctxOf(req), req.params.id, req.body));
};
