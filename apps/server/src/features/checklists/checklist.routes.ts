import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ChecklistDetail, ChecklistImportPreview, ChecklistImportQuery, ChecklistListQuery, ChecklistSummary, ChecklistVersionDetail, CreateChecklistBody, IdParam, Page, UpdateChecklistBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { FILE_FIELD, UPLOAD_LIMITS, readUpload } from '../../http/upload.js';
import { commitChecklistImport, parseChecklistMapping, previewChecklistImport, type ChecklistUpload } from './checklist-import.js';
import { copyChecklist, createChecklist, getChecklist, getChecklistVersion, listChecklists, updateChecklist } from './checklist.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['checklists'];

/** The uploaded checklist, and what it becomes (the query). */
async function receiveChecklist(req: FastifyRequest, query: ChecklistImportQuery): Promise<ChecklistUpload> {
  const upload = await readUpload(req, 'excel', { missing: '请选择要导入的检查表 Excel（.xlsx）文件' });
  return { filename: upload.filename, buffer: upload.buffer, mapping: parseChecklistMapping(upload.fields.mapping), ...query };
}

const importDescription =
  `请求体为 multipart/form-data：字段 ${FILE_FIELD} 为一个 .xlsx 文件（最大 ${UPLOAD_LIMITS.excel.fileBytes / 1024 / 1024} MB，最多 200 项），` +
  '查询参数 checklistId（导入为本单位该检查表的新版本；提交时须同时给 version）或 title 与 domain（新建检查表的标题与领域，缺省取表格标题行与其中的领域词）。' +
  '读取第一个工作表：表头在前 6 行内（可有标题行、两级表头），识别 项目（类别、检查部位…）、检查内容（内容、检查事项、检查要点…，必填）、检查标准（合格标准、检查要求…）、依据（检查依据、法规依据…）、分值（权重 1–10），序号、备注等列不导入。' +
  '与当前版本文字相同的检查项沿用原编号，新检查项接续编号。' +
  '可选文本字段 mapping 为 JSON 对象 {"表格中的列名": "字段（group、text、standard、basis、weight、code）或 null（不导入）"}，改正自动识别的列对应；预览的 columnMatches 给出每列的识别依据。';

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

  app.post('/checklists/import/preview', {
    config: { action: 'checklist.manage', upload: 'excel', rateLimit: { max: UPLOAD_LIMITS.perMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '预览检查表导入（审核步骤，不写入任何数据）：识别的列、检查项、与当前版本的差异和错误',
      description: importDescription,
      consumes: ['multipart/form-data'],
      security: writeSecurity,
      querystring: ChecklistImportQuery,
      response: { 200: ChecklistImportPreview, 400: err, 401: err, 403: err, 404: err, 413: err, 415: err, 429: err },
    },
  }, async (req) => previewChecklistImport(db, ctxOf(req), await receiveChecklist(req, req.query)));

  app.post('/checklists/import/commit', {
    config: { action: 'checklist.manage', upload: 'excel', rateLimit: { max: UPLOAD_LIMITS.perMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: '导入检查表：重新检查同一文件，无误则新建检查表或写入新版本（一个事务）；有错误返回 422，不写入任何数据',
      description: importDescription,
      consumes: ['multipart/form-data'],
      security: writeSecurity,
      querystring: ChecklistImportQuery,
      response: { 201: ChecklistDetail, 400: err, 401: err, 403: err, 404: err, 409: err, 413: err, 415: err, 422: err, 429: err },
    },
  }, async (req, reply) => reply.status(201).send(await commitChecklistImport(db, ctxOf(req), await receiveChecklist(req, req.query))));

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
