import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FileRef, IdParam } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { invalid } from '../../http/errors.js';
import { FILE_FIELD, encodeRfc5987, readUpload, sizeLabel } from '../../http/upload.js';
import { fileVariant, getFile, readVariant, uploadFile, type UploadedFile } from './file.service.js';
import { toFileRef } from './file.repository.js';
import type { FileStorage } from './file.storage.js';
import { fileStorageFor } from './file.storage-config.js';
import { PHOTO_MAX_SIDE, THUMB_MAX_SIDE } from './file.content.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

const UNIT_FIELD = 'unitId';
/** Files never change under an id; the scope may, so browsers keep them only a while and only for themselves. */
const CACHE_CONTROL = 'private, max-age=3600';
const UPLOADS_PER_MINUTE = 60;

/** The evidence file of an upload and its optional unit field (checked here: the one field of this form). */
async function receiveUpload(req: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  const upload = await readUpload(req, 'evidence', { maxBytes });
  let unitId = upload.fields[UNIT_FIELD];
  if (unitId === '') unitId = undefined;
  if (unitId !== undefined && !/^[0-9]{1,18}$/.test(unitId)) throw invalid(`请求数据不正确：${UNIT_FIELD}: 格式不正确`, [`${UNIT_FIELD}: 格式不正确`]);
  return { filename: upload.filename, buffer: upload.buffer, unitId };
}

/** The extension of each stored type; everything else stored is a (re-encoded) JPEG photo. */
const DOWNLOAD_EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/msword': '.doc',
};

/** The name a download gets: the uploaded name with the extension of what is actually stored. */
export function downloadName(originalName: string, mime: string): string {
  const ext = DOWNLOAD_EXTENSIONS[mime] ?? '.jpg';
  const base = path.parse(originalName).name || '文件';
  return `${base}${ext}`;
}

/**
 * Serves a file or its thumbnail after the scope check: typed by the stored mime,
 * never sniffed, cached only by the browser; an unchanged copy answers 304 unread.
 */
async function serve(req: FastifyRequest, reply: FastifyReply, id: string, db: AppDeps['db'], storage: FileStorage, variant: 'original' | 'thumbnail') {
  const ctx = ctxOf(req);
  const v = await fileVariant(db, ctx, id, variant);
  reply.header('x-content-type-options', 'nosniff').header('cache-control', CACHE_CONTROL).header('etag', v.etag);
  if (req.headers['if-none-match'] === v.etag) return reply.status(304).send();
  const data = await readVariant(storage, ctx, v, req.log);
  // Photos show in the page; PDFs download (a browser's PDF viewer does not run under the API's CSP).
  const disposition = variant === 'original' && v.file.kind === 'document' ? 'attachment' : 'inline';
  return reply
    .type(v.mime)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeRfc5987(downloadName(v.file.originalName, v.file.mime))}`)
    .header('content-length', data.length)
    .send(data);
}

const binary = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});

export const fileRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  // The local disk or the shared bucket (FILE_STORAGE): every instance on one bucket serves every upload.
  const storage = fileStorageFor(config);
  const maxBytes = config.fileMaxBytes;

  app.post(
    '/files',
    {
      config: { action: 'file.upload', upload: 'evidence', rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['files'],
        summary: '上传证据文件（照片或 PDF）',
        description:
          `请求体为 multipart/form-data：字段 ${FILE_FIELD} 为一个文件（最大 ${sizeLabel(maxBytes)}），可选字段 ${UNIT_FIELD} 为文件所属的学校或校区` +
          '（不填则为当前用户所在的学校或校区）。按文件内容识别类型：JPEG、PNG、WebP、HEIC 照片与 PDF；' +
          `照片按 EXIF 方向摆正、去除全部元数据（含 GPS 位置）、长边不超过 ${PHOTO_MAX_SIDE} 像素后以 JPEG 保存，并生成缩略图；PDF 原样保存。`,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 201: FileRef, 400: err, 401: err, 403: err, 404: err, 413: err, 415: err, 429: err },
      },
    },
    async (req, reply) => reply.status(201).send(await uploadFile(db, storage, ctxOf(req), await receiveUpload(req, maxBytes))),
  );

  app.get(
    '/files/:id',
    {
      config: { action: 'file.read', resource: 'file' },
      schema: {
        tags: ['files'],
        summary: '下载文件内容（照片内联显示，PDF 作为附件下载）',
        security,
        params: IdParam,
        response: { 200: binary('文件内容', ['image/jpeg', 'application/pdf']), 401: err, 403: err, 404: err, 500: err },
      },
    },
    async (req, reply) => serve(req, reply, req.params.id, db, storage, 'original'),
  );

  app.get(
    '/files/:id/thumbnail',
    {
      config: { action: 'file.read', resource: 'file' },
      schema: {
        tags: ['files'],
        summary: `照片缩略图（JPEG，长边不超过 ${THUMB_MAX_SIDE} 像素；PDF 没有缩略图，返回 404）`,
        security,
        params: IdParam,
        response: { 200: binary('缩略图', ['image/jpeg']), 401: err, 403: err, 404: err, 500: err },
      },
    },
    async (req, reply) => serve(req, reply, req.params.id, db, storage, 'thumbnail'),
  );

  app.get(
    '/files/:id/meta',
    {
      config: { action: 'file.read', resource: 'file' },
      schema: { tags: ['files'], summary: '文件信息', security, params: IdParam, response: { 200: FileRef, 401: err, 403: err, 404: err } },
    },
    async (req) => toFileRef(await getFile(db, ctxOf(req), req.params.id)),
  );
};
