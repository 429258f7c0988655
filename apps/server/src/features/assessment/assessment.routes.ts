import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AssessmentScheme,
  CreateSchemeBody,
  IdParam,
  ManualScoreBody,
  ReviewBody,
  SaveSelfBody,
  SchemeList,
  SchemeListQuery,
  SchemeScores,
  SchoolCard,
  ScoresQuery,
  SelfAssessment,
  SelfAssessmentList,
  SelfAssessmentListQuery,
  UpdateSchemeBody,
  VersionBody,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { XLSX_MIME, exportSlots, sendStreamedXlsx } from '../../http/xlsx-stream.js';
import { createScheme, getScheme, listSchemes, updateSchemeOf } from './scheme.service.js';
import { enterManualScore, schemeScores, schoolCard } from './scoring.service.js';
import { getSelf, listSelf, reviewSelf, saveSelf, submitSelf } from './self-assessment.service.js';
import { openScoresWorkbook } from './assessment-export.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['assessment'];
const EXPORTS_PER_MINUTE = 20;

/**
 * Annual assessment (年度综合考核) and the standardisation self-assessment (标准化创建). Every read
 * is over the caller's scope: a school sees its own scores and self-assessment, a team its schools.
 */
export const assessmentRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;
  const exports = exportSlots(3, '同时进行的考核导出较多，请稍后再试');

  app.get('/assessment/schemes', {
    config: { action: 'assessment.read' },
    schema: { tags, summary: '考核方案（每个教育局每年一个），及平台可计算的数据指标', security, querystring: SchemeListQuery, response: { 200: SchemeList, 400: err, 401: err, 403: err } },
  }, async (req) => listSchemes(db, ctxOf(req), req.query.year));

  app.post('/assessment/schemes', {
    config: { action: 'assessment.manage' },
    schema: {
      tags,
      summary: '新建考核方案：指标（数据指标或手工评分项）、分值、评分规则',
      description: '分值合计须为 100；数据指标须为平台提供的；线性阈值不能颠倒；同一年度只能有一个方案（409）。不合格时 400，不写入。',
      security: writeSecurity,
      body: CreateSchemeBody,
      response: { 201: AssessmentScheme, 400: err, 401: err, 403: err, 409: err },
    },
  }, async (req, reply) => reply.status(201).send(await createScheme(db, ctxOf(req), req.body)));

  app.get('/assessment/schemes/:id', {
    config: { action: 'assessment.read', resource: 'assessment_scheme' },
    schema: { tags, summary: '考核方案详情（各指标的评分规则说明）', security, params: IdParam, response: { 200: AssessmentScheme, 401: err, 403: err, 404: err } },
  }, async (req) => getScheme(db, ctxOf(req), req.params.id));

  app.put('/assessment/schemes/:id', {
    config: { action: 'assessment.manage', resource: 'assessment_scheme' },
    schema: { tags, summary: '修改考核方案（名称、指标；version）', security: writeSecurity, params: IdParam, body: UpdateSchemeBody, response: { 200: AssessmentScheme, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateSchemeOf(db, ctxOf(req), req.params.id, req.body));

  app.get('/assessment/schemes/:id/scores', {
    config: { action: 'assessment.read', resource: 'assessment_scheme' },
    schema: {
      tags,
      summary: '各校得分与排名：每项指标的原始值、得分、依据（分子分母、构成、台账链接或评分理由）、总分、名次',
      description: '学校只看到本校，督查组看到本组学校；名次为调用者可见学校间的名次。',
      security,
      params: IdParam,
      querystring: ScoresQuery,
      response: { 200: SchemeScores, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => schemeScores(db, ctxOf(req), req.params.id, req.query));

  app.get('/assessment/schemes/:id/scores.xlsx', {
    config: { action: 'assessment.read', resource: 'assessment_scheme', rateLimit: { max: EXPORTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '导出考核结果（Excel）：第 1 张表为排名与各项得分，第 2 张表为每项得分的依据',
      security,
      params: IdParam,
      response: { 200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => sendStreamedXlsx(req, reply, exports, () => openScoresWorkbook(db, ctxOf(req), req.params.id), 'assessment export'));

  app.get('/assessment/schemes/:id/card', {
    config: { action: 'assessment.read', resource: 'assessment_scheme' },
    schema: {
      tags,
      summary: '一所学校的考核卡：各项得分及依据，旁边是该校的标准化自评',
      description: '学校用户缺省为本校（他校 404）；其他角色须给出 schoolId。',
      security,
      params: IdParam,
      querystring: ScoresQuery,
      response: { 200: SchoolCard, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => schoolCard(db, ctxOf(req), req.params.id, req.query));

  app.put('/assessment/schemes/:id/manual-scores', {
    config: { action: 'assessment.manage', resource: 'assessment_scheme' },
    schema: {
      tags,
      summary: '录入手工评分项的得分（加分、扣分须写明理由，可附佐证说明与文件）',
      description: '得分在 0 到该项分值之间；没有理由 400，不写入。再次录入覆盖上一次（审计中保留）。',
      security: writeSecurity,
      params: IdParam,
      body: ManualScoreBody,
      response: { 200: SchoolCard, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => enterManualScore(db, ctxOf(req), req.params.id, req.body));

  app.get('/assessment/schemes/:id/self-assessments', {
    config: { action: 'assessment.read', resource: 'assessment_scheme' },
    schema: { tags, summary: '各校标准化自评（学校只看到本校的）', security, params: IdParam, querystring: SelfAssessmentListQuery, response: { 200: SelfAssessmentList, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => listSelf(db, ctxOf(req), req.params.id, req.query.state));

  app.put('/assessment/schemes/:id/self-assessment', {
    config: { action: 'assessment.self', resource: 'assessment_scheme' },
    schema: {
      tags,
      summary: '保存本校的标准化自评（每项自评分与说明；首次保存时创建）',
      description: '已提交待审核或已通过的自评不能修改（409）；退回后可修改再提交。',
      security: writeSecurity,
      params: IdParam,
      body: SaveSelfBody,
      response: { 200: SelfAssessment, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => saveSelf(db, ctxOf(req), req.params.id, req.body));

  app.post('/assessment/schemes/:id/self-assessment/submit', {
    config: { action: 'assessment.self', resource: 'assessment_scheme' },
    schema: { tags, summary: '提交本校的标准化自评（每项都须自评）', security: writeSecurity, params: IdParam, body: VersionBody, response: { 200: SelfAssessment, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => submitSelf(db, ctxOf(req), req.params.id, req.body.version));

  app.get('/assessment/self-assessments/:id', {
    config: { action: 'assessment.read', resource: 'self_assessment' },
    schema: { tags, summary: '一份标准化自评', security, params: IdParam, response: { 200: SelfAssessment, 401: err, 403: err, 404: err } },
  }, async (req) => getSelf(db, ctxOf(req), req.params.id));

  app.post('/assessment/self-assessments/:id/accept', {
    config: { action: 'assessment.manage', resource: 'self_assessment' },
    schema: { tags, summary: '审核通过标准化自评（最终得分以教育局评分为准）', security: writeSecurity, params: IdParam, body: ReviewBody, response: { 200: SelfAssessment, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => reviewSelf(db, ctxOf(req), req.params.id, 'accept', req.body));

  app.post('/assessment/self-assessments/:id/return', {
    config: { action: 'assessment.manage', resource: 'self_assessment' },
    schema: { tags, summary: '退回标准化自评（须填写意见）', security: writeSecurity, params: IdParam, body: ReviewBody, response: { 200: SelfAssessment, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => reviewSelf(db, ctxOf(req), req.params.id, 'return', req.body));
};
