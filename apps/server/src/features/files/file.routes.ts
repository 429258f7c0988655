import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { FileRef, IdParam } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { AppError, invalid } from '../../http/errors.js';
import { refuseInvalidFormText } from '../../http/text-guard.js';
import { fileVariant, getFile, readVariant, uploadFile, type UploadedFile } from './file.service.js';
import { toFileRef } from './file.repository.js';
import { FileStorage } from './file.storage.js';
import { PHOTO_MAX_SIDE, THUMB_MAX_SIDE } from './file.content.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

const FILE_FIELD = 'file';
const UNIT_FIELD = 'unitId';
/** Files never change under an id; the scope may, so browsers keep them only a while and only for themselves. */
const CACHE_CONTROL = 'private, max-age=3600';
const UPLOADS_PER_MINUTE = 60;

/** "10 MB", "200 KB": a size limit as a person reads it. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Reads a file part, stopping the moment it passes the limit: the parser then
 * truncates the part, and waiting for its end would mean receiving the whole
 * (possibly 50 MB) body before answering.
 */
async function readUpTo(stream: Readable & { truncated?: boolean }, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (stream.truncated || size > maxBytes) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    chunks.push(chunk);
  }
  if (stream.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
  return Buffer.concat(chunks);
}

/** The one file of a multipart request (bounded by the size limit while it streams) and the unit field. */
async function receiveUpload(req: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 方式上传文件（表单字段 ${FILE_FIELD}）`);
  }
  let file: { filename: string; buffer: Buffer } | undefined;
  let unitId: string | undefined;
  let otherField: string | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) {
          otherField = part.fieldname;
          await part.toBuffer(); // drain it, so the parser moves on
          continue;
        }
        file = { filename: part.filename ?? '', buffer: await readUpTo(part.file, maxBytes) };
      } else if (part.fieldname === UNIT_FIELD) {
        unitId = String(part.value).trim();
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${sizeLabel(maxBytes)}`);
    if (code === 'FST_FILES_LIMIT') throw invalid('一次只能上传一个文件');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw invalid('上传的表单字段过多');
    req.log.info({ err: e }, 'unreadable multipart upload');
    throw invalid('上传的数据不完整或格式不正确，请重新选择文件上传');
  }
  if (!file) {
    throw invalid(otherField ? `请在表单字段 ${FILE_FIELD} 中上传文件（收到的字段为 ${otherField}）` : '请选择要上传的照片或 PDF 文件');
  }
  if (file.buffer.length === 0) throw invalid('上传的文件是空的，请重新选择');
  refuseInvalidFormText({ filename: file.filename, [UNIT_FIELD]: unitId });
  if (unitId === '') unitId = undefined;
  if (unitId !== undefined && !/^[0-9]{1,18}$/.test(unitId)) throw invalid(`请求数据不正确：${UNIT_FIELD}: 格式不正确`, [`${UNIT_FIELD}: 格式不正确`]);
  return { ...file, unitId };
}

/** How long a too-large upload may keep sending (discarded) after the 413, so the client can read the answer. */
const LINGER_MS = 5_000;

/**
 * After a too-large upload: the parser has stopped reading, so the rest of the body
 * is discarded as it arrives (nothing buffered) for a few seconds — a client still
 * sending then reads the 413 instead of a reset connection — and the connection is
 * closed then, or once the body has ended, instead of receiving all of it.
 */
function lingerThenClose(req: FastifyRequest): void {
  const raw = req.raw;
  const socket = raw.socket;
  // (Injected test requests have a stand-in socket without destroy().)
  const timer = setTimeout(() => (typeof socket.destroy === 'function' ? socket.destroy() : undefined), LINGER_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  raw.resume();
}

/** RFC 5987 encoding of a file name for `filename*=UTF-8''…`. */
export function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The name a download gets: the uploaded name with the extension of what is actually stored. */
export function downloadName(originalName: string, mime: string): string {
  const ext = mime === 'application/pdf' ? '.pdf' : mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ? '.docx' : '.jpg';
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
  const storage = new FileStorage(path.join(config.dataDir, 'files'));
  const maxBytes = config.fileMaxBytes;
  // Registered here, so only these routes accept multipart bodies; the file limit
  // stops reading a too-large upload at the limit instead of buffering it all.
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 10, fieldSize: 1024, headerPairs: 100 },
  });

  app.post(
    '/files',
    {
      config: { action: 'file.upload', rateLimit: { max: UPLOADS_PER_MINUTE, timeWindow: '1 minute' } },
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
    async (req, reply) => {
      let upload: UploadedFile;
      try {
        upload = await receiveUpload(req, maxBytes);
      } catch (e) {
        if (e instanceof AppError && e.status === 413) lingerThenClose(req);
        throw e;
      }
      return reply.status(201).send(await uploadFile(db, storage, ctxOf(req), upload));
    },
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
