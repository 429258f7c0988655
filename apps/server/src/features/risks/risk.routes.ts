import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateRiskBody,
  HazardRiskLink,
  IdParam,
  LinkHazardRiskBody,
  Page,
  PutRiskMatrixBody,
  ReassessRiskBody,
  RetireRiskBody,
  Risk,
  RiskDetail,
  RiskListQuery,
  RiskMatrix,
  RiskMatrixResult,
  UpdateRiskBody,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createRisk, getRisk, getRiskMatrix, linkHazardRisk, listRisks, putRiskMatrix, reassessRisk, retireRisk, updateRisk } from './risk.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['risks'];

/** Risk register (风险分级管控): a school's admin assesses its risks; the bureau and teams read; bureau staff set the matrix. */
export const riskRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/risks', {
    config: { action: 'risk.read' },
    schema: { tags, summary: '风险清单（学校只看本校；可按学校或片区、点位、等级、类别、复评到期、建议重新评估、关联隐患筛选）', security, querystring: RiskListQuery, response: { 200: Page(Risk), 400: err, 401: err, 403: err } },
  }, async (req) => listRisks(db, ctxOf(req), req.query));

  app.get('/risks/:id', {
    config: { action: 'risk.read', resource: 'risk' },
    schema: { tags, summary: '风险详情：管控措施、方案与预案、评估记录、关联隐患', security, params: IdParam, response: { 200: RiskDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getRisk(db, ctxOf(req), req.params.id));

  app.post('/risks', {
    config: { action: 'risk.manage' },
    schema: { tags, summary: '登记风险（L×S 评估，按教育局的分级阈值定级）', security: writeSecurity, body: CreateRiskBody, response: { 201: RiskDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createRisk(db, ctxOf(req), req.body)));

  app.put('/risks/:id', {
    config: { action: 'risk.manage', resource: 'risk' },
    schema: { tags, summary: '修改风险（version；L 或 S 变化时记一条评估记录）', security: writeSecurity, params: IdParam, body: UpdateRiskBody, response: { 200: RiskDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateRisk(db, ctxOf(req), req.params.id, req.body));

  app.post('/risks/:id/reassess', {
    config: { action: 'risk.manage', resource: 'risk' },
    schema: { tags, summary: '重新评估（新的 L×S、残余风险、原因）', security: writeSecurity, params: IdParam, body: ReassessRiskBody, response: { 200: RiskDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => reassessRisk(db, ctxOf(req), req.params.id, req.body));

  app.post('/risks/:id/retire', {
    config: { action: 'risk.manage', resource: 'risk' },
    schema: { tags, summary: '销号（写明原因；历史保留）', security: writeSecurity, params: IdParam, body: RetireRiskBody, response: { 200: RiskDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => retireRisk(db, ctxOf(req), req.params.id, req.body));

  app.get('/risk-matrix', {
    config: { action: 'risk.read' },
    schema: { tags, summary: '本局的风险分级阈值（未设置时为默认：≥20 重大、12–19 较大、6–11 一般、≤5 低）', security, response: { 200: RiskMatrix, 401: err, 403: err } },
  }, async (req) => getRiskMatrix(db, ctxOf(req)));

  app.put('/risk-matrix', {
    config: { action: 'risk.matrix' },
    schema: { tags, summary: '调整分级阈值（校验重叠、缺口；同一事务内为本局所有学校的风险重新定级并记录原因）', security: writeSecurity, body: PutRiskMatrixBody, response: { 200: RiskMatrixResult, 400: err, 401: err, 403: err, 409: err } },
  }, async (req) => putRiskMatrix(db, ctxOf(req), req.body));

  app.put('/hazards/:id/risk', {
    config: { action: 'risk.manage', resource: 'hazard' },
    schema: { tags, summary: '隐患关联风险（同一学校在管的风险；riskId 为 null 解除关联）', security: writeSecurity, params: IdParam, body: LinkHazardRiskBody, response: { 200: HazardRiskLink, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => linkHazardRisk(db, ctxOf(req), req.params.id, req.body));
};
