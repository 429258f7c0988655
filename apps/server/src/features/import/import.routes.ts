import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { SchoolImportPreview, SchoolImportResult } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { AppError, invalid } from '../../http/errors.js';
import { refuseInvalidFormText } from '../../http/text-guard.js';
import { commitSchoolImport, previewSchoolImport, type UploadedFile } from './import.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const writeSecurity = [{ session: [], csrf: [] }];

export const UPLOAD_LIMITS = {
  fileBytes: 10 * 1024 * 1024,
  /** Parsing a workbook is CPU work: a bound per client per route. */
  perMinute: 30,
};
const MB = UPLOAD_LIMITS.fileBytes / 1024 / 1024;

const FILE_FIELD = 'file';

/** The one uploaded file of a multipart request, read into memory (bounded by the size limit). */
async function receiveFile(req: FastifyRequest): Promise<UploadedFile> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 方式上传文件（表单字段 ${FILE_FIELD}）`);
  }
  let file: UploadedFile | undefined;
  let otherField: string | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      const buffer = await part.toBuffer(); // always drain, so the parser moves on
      if (part.fieldname === FILE_FIELD) file = { filename: part.filename ?? '', buffer };
      else otherField = part.fieldname;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件过大：最大 ${MB} MB。请删除无关的工作表、图片后再上传，或分批导入`);
    if (code === 'FST_FILES_LIMIT') throw invalid('一次只能上传一个文件');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw invalid('上传的表单字段过多');
    // Anything else here comes from reading the client's bytes (a cut-off or malformed form).
    req.log.info({ err: e }, 'unreadable multipart upload');
    throw invalid('上传的数据不完整或格式不正确，请重新选择文件上传');
  }
  if (!file) {
    throw invalid(
      otherField ? `请在表单字段 ${FILE_FIELD} 中上传文件（收到的字段为 ${otherField}）` : '请选择要上传的 Excel（.xlsx）文件',
    );
  }
  refuseInvalidFormText({ filename: file.filename });
  return file;
}

const description =
  `请求体为 multipart/form-data，字段 ${FILE_FIELD} 为一个 .xlsx 文件（最大 ${MB} MB）。读取第一个工作表：` +
  '表头可在前 6 行内（上面可有标题行），必填列“学校名称”（或 学校、单位名称、校名），' +
  '可选列：类别/学段、片区/教管中心、督查小组（多个用 、或 , 分隔）、地址、校长、安全管理员、联系电话、在校人数、教育集团。';

export const importRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  // Registered here, so only these routes accept multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_LIMITS.fileBytes, files: 1, fields: 10, parts: 20, fieldSize: 1024, headerPairs: 100 },
  });
  const rateLimit = { max: UPLOAD_LIMITS.perMinute, timeWindow: '1 minute' };

  app.post(
    '/imports/schools/preview',
    {
      config: { action: 'unit.import', rateLimit },
      schema: {
        tags: ['organisation'],
        summary: '预览学校名单导入（不写入任何数据）',
        description,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: SchoolImportPreview, 400: err, 401: err, 403: err, 413: err, 415: err, 429: err },
      },
    },
    async (req) => previewSchoolImport(db, ctxOf(req), await receiveFile(req)),
  );

  app.post(
    '/imports/schools/commit',
    {
      config: { action: 'unit.import', rateLimit },
      schema: {
        tags: ['organisation'],
        summary: '导入学校名单：重新检查同一文件，全部无误才在一个事务中写入；有任何行错误则返回 422，不写入任何数据',
        description,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: SchoolImportResult, 400: err, 401: err, 403: err, 409: err, 413: err, 415: err, 422: err, 429: err },
      },
    },
    async (req) => commitSchoolImport(db, ctxOf(req), await receiveFile(req)),
  );
};
