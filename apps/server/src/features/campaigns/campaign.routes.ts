import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BreakDownBody,
  CampaignDetail,
  CampaignOverview,
  CampaignSummary,
  CampaignTask,
  CopyCampaignBody,
  CreateCampaignBody,
  IdParam,
  MyTask,
  Page,
  PlanImportResult,
  PlanImportTextBody,
  TaskInput,
  TaskProgressBody,
  UpdateCampaignBody,
  UpdateTaskBody,
} from '@xiaoan/contracts';
import { PLAN_LIMITS } from '@xiaoan/domain';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { FILE_FIELD, UPLOAD_LIMITS, readUpload } from '../../http/upload.js';
import { fileStorageFor } from '../files/index.js';
import { copyCampaign } from './campaign-copy.service.js';
import { createCampaign, updateCampaign } from './campaign-edit.service.js';
import { campaignOverview } from './campaign-overview.service.js';
import { getCampaign, listCampaigns } from './campaign.service.js';
import { importPlanFile, importPlanText } from './plan-import.service.js';
import { addProgress, addTask, breakDownTask, myTasks, updateTask } from './task.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['campaigns'];

export const campaignRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const storage = fileStorageFor(config);

  app.get('/campaigns', {
    config: { action: 'campaign.read' },
    schema: { tags, summary: '专项整治列表（教育局看本局的；学校、督查组看包含本校/所负责学校的）', security, response: { 200: Page(CampaignSummary), 401: err, 403: err } },
  }, async (req) => listCampaigns(db, ctxOf(req)));

  app.post('/campaigns', {
    config: { action: 'campaign.manage' },
    schema: {
      tags,
      summary: '建立专项整治（可由识别结果确认后提交）；阶段重叠、结束早于开始、任务没有牵头科室时答 400，不写入任何数据',
      security: writeSecurity,
      body: CreateCampaignBody,
      response: { 201: CampaignDetail, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req, reply) => reply.status(201).send(await createCampaign(db, ctxOf(req), req.body)));

  app.get('/campaigns/:id', {
    config: { action: 'campaign.read', resource: 'campaign' },
    schema: { tags, summary: '专项整治详情：阶段、任务清单、督查组、指标、报送要求', security, params: IdParam, response: { 200: CampaignDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getCampaign(db, ctxOf(req), req.params.id));

  app.put('/campaigns/:id', {
    config: { action: 'campaign.manage', resource: 'campaign' },
    schema: { tags, summary: '修改专项整治（标题、时间、范围、阶段）', security: writeSecurity, params: IdParam, body: UpdateCampaignBody, response: { 200: CampaignDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateCampaign(db, ctxOf(req), req.params.id, req.body));

  app.post('/campaigns/:id/copy', {
    config: { action: 'campaign.manage', resource: 'campaign' },
    schema: { tags, summary: '复制为下一年度的专项整治（日期顺延一年，任务状态重置）', security: writeSecurity, params: IdParam, body: CopyCampaignBody, response: { 201: CampaignDetail, 400: err, 401: err, 403: err, 404: err } },
  }, async (req, reply) => reply.status(201).send(await copyCampaign(db, ctxOf(req), req.params.id, req.body)));

  app.get('/campaigns/:id/overview', {
    config: { action: 'campaign.read', resource: 'campaign' },
    schema: { tags, summary: '专项整治总览：时间轴（标出今天）、按科室与阶段的任务进度、逾期任务、各校参与情况、期间的隐患与检查', security, params: IdParam, response: { 200: CampaignOverview, 401: err, 403: err, 404: err } },
  }, async (req) => campaignOverview(db, ctxOf(req), req.params.id));

  app.post('/campaigns/:id/tasks', {
    config: { action: 'campaign.manage', resource: 'campaign' },
    schema: { tags, summary: '增加任务（须有牵头科室）', security: writeSecurity, params: IdParam, body: TaskInput, response: { 201: CampaignTask, 400: err, 401: err, 403: err, 404: err } },
  }, async (req, reply) => reply.status(201).send(await addTask(db, ctxOf(req), req.params.id, req.body)));

  app.put('/tasks/:id', {
    config: { action: 'task.update', resource: 'task' },
    schema: { tags, summary: '修改任务或其状态（学校只改本校副本的状态）', security: writeSecurity, params: IdParam, body: UpdateTaskBody, response: { 200: CampaignTask, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateTask(db, ctxOf(req), req.params.id, req.body));

  app.post('/tasks/:id/progress', {
    config: { action: 'task.update', resource: 'task' },
    schema: { tags, summary: '填报任务进展（文字与佐证材料，提交后不可修改）', security: writeSecurity, params: IdParam, body: TaskProgressBody, response: { 201: CampaignTask, 400: err, 401: err, 403: err, 404: err } },
  }, async (req, reply) => reply.status(201).send(await addProgress(db, ctxOf(req), req.params.id, req.body)));

  app.post('/tasks/:id/break-down', {
    config: { action: 'campaign.manage', resource: 'task' },
    schema: { tags, summary: '一校一策：把任务分解到各校（每校一份副本，各自的状态）', security: writeSecurity, params: IdParam, body: BreakDownBody, response: { 200: CampaignTask, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => breakDownTask(db, ctxOf(req), req.params.id, req.body));

  app.get('/tasks/mine', {
    config: { action: 'campaign.read' },
    schema: { tags, summary: '我的任务：本科室牵头的任务；学校账号为分解到本校的任务', security, response: { 200: Type.Object({ items: Type.Array(MyTask), total: Type.Integer() }), 401: err, 403: err } },
  }, async (req) => myTasks(db, ctxOf(req)));

  app.post('/campaign-imports', {
    config: { action: 'campaign.import', upload: 'plan', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '上传实施方案（.docx / .doc / PDF）并识别：返回建议的专项整治（每项附原文），不建立任何专项整治',
      description:
        `multipart/form-data，字段 ${FILE_FIELD} 为一个 .docx、旧版 .doc 或带文字的 PDF（最大 ${UPLOAD_LIMITS.plan.fileBytes / 1024 / 1024} MB，` +
        `PDF 最多 ${PLAN_LIMITS.maxPdfPages} 页，文字最多 ${PLAN_LIMITS.maxChars} 字），按文件内容而不是扩展名识别。加密、损坏、改了扩展名的 .xls / .wps、` +
        '空文件、过长的文档答 400；扫描件 PDF（没有文字层）和不是方案的内容答 422（details.domainCode 为 scanned_pdf / not_a_plan）；超限答 413；都不保存文件。文件保存后可作为 planFileId 提交。',
      consumes: ['multipart/form-data'],
      security: writeSecurity,
      response: { 200: PlanImportResult, 400: err, 401: err, 403: err, 413: err, 415: err, 422: err, 429: err },
    },
  }, async (req) => importPlanFile(db, storage, ctxOf(req), await readUpload(req, 'plan')));

  app.post('/campaign-imports/text', {
    config: { action: 'campaign.import', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '粘贴实施方案全文并识别：返回建议的专项整治，不写入任何数据',
      description: `网页复制的文字可直接粘贴（索引号、发布日期、打印本页等页面内容会被忽略）。超过 ${PLAN_LIMITS.maxChars} 字答 400，不是方案的内容答 422（details.domainCode 为 not_a_plan）。`,
      security: writeSecurity,
      body: PlanImportTextBody,
      response: { 200: PlanImportResult, 400: err, 401: err, 403: err, 422: err, 429: err },
    },
  }, async (req) => importPlanText(db, ctxOf(req), req.body.text));
};
