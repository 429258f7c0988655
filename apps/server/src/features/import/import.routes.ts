import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SchoolImportPreview, SchoolImportResult } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { FILE_FIELD, UPLOAD_LIMITS, readUpload } from '../../http/upload.js';
import { commitSchoolImport, previewSchoolImport } from './import.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const writeSecurity = [{ session: [], csrf: [] }];

const MB = UPLOAD_LIMITS.excel.fileBytes / 1024 / 1024;

const description =
  `请求体为 multipart/form-data，字段 ${FILE_FIELD} 为一个 .xlsx 文件（最大 ${MB} MB）。读取第一个工作表：` +
  '表头可在前 6 行内（上面可有标题行），必填列“学校名称”（或 学校、单位名称、校名），' +
  '可选列：类别/学段、片区/教管中心、督查小组（多个用 、或 , 分隔）、地址、校长、安全管理员、联系电话、在校人数、教育集团。';

export const importRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const rateLimit = { max: UPLOAD_LIMITS.perMinute, timeWindow: '1 minute' };

  app.post(
    '/imports/schools/preview',
    {
      config: { action: 'unit.import', upload: 'excel', rateLimit },
      schema: {
        tags: ['organisation'],
        summary: '预览学校名单导入（不写入任何数据）',
        description,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: SchoolImportPreview, 400: err, 401: err, 403: err, 413: err, 415: err, 429: err },
      },
    },
    async (req) => previewSchoolImport(db, ctxOf(req), await readUpload(req, 'excel')),
  );

  app.post(
    '/imports/schools/commit',
    {
      config: { action: 'unit.import', upload: 'excel', rateLimit },
      schema: {
        tags: ['organisation'],
        summary: '导入学校名单：重新检查同一文件，全部无误才在一个事务中写入；有任何行错误则返回 422，不写入任何数据',
        description,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: SchoolImportResult, 400: err, 401: err, 403: err, 409: err, 413: err, 415: err, 422: err, 429: err },
      },
    },
    async (req) => commitSchoolImport(db, ctxOf(req), await readUpload(req, 'excel')),
  );
};
