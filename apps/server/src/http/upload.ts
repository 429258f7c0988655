import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { INVALID_TEXT_MESSAGE, hasInvalidText } from '@xiaoan/domain';
import { AppError, invalid } from './errors.js';
import { refuse } from './text-guard.js';

/*
 * The one upload reader. Multipart is registered once for the API (installUploads); a
 * route accepts a multipart body only when its config names the kind of upload it takes
 * (`config: { upload: 'excel' }`), every other route answers 415 as before; the handler
 * reads the file with readUpload(req, kind), bounded by that kind's limits. The zip
 * guard for the Office formats lives here too, so every reader of .xlsx/.docx uses it.
 */

/** What an upload route takes: evidence photos/PDFs, Excel workbooks, plan documents (.docx / .doc / PDF). */
export type UploadKind = 'evidence' | 'excel' | 'plan';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The kind of multipart upload this route accepts; routes without it refuse multipart bodies. */
    upload?: UploadKind;
  }
}

export const FILE_FIELD = 'file';
const MB = 1024 * 1024;

type UploadSpec = {
  /** The default size limit (evidence takes the configured one, see readUpload). */
  fileBytes: number;
  /** Busboy limits besides the file size: the forms are tiny, anything bigger is refused. */
  fields: number;
  parts: number;
  fieldSize: number;
  /** The text fields the handler reads (trimmed); any other text field is ignored. */
  textFields: readonly string[];
  /** The answer when no file came. */
  missing: string;
  tooLarge: (maxBytes: number) => string;
  /** The answer when a text field passes `fieldSize`. */
  fieldTooLong?: string;
  /** Refused here when empty; the Office formats' own guards say so otherwise. */
  emptyMessage?: string;
};

/** The limits of each kind of upload. */
export const UPLOAD_LIMITS: Record<UploadKind, UploadSpec> & { perMinute: number } = {
  evidence: {
    fileBytes: 10 * MB,
    fields: 5,
    parts: 10,
    fieldSize: 1024,
    textFields: ['unitId'],
    missing: '请选择要上传的照片或 PDF 文件',
    tooLarge: (max) => `文件不能超过 ${sizeLabel(max)}`,
    emptyMessage: '上传的文件是空的，请重新选择',
  },
  excel: {
    fileBytes: 10 * MB,
    fields: 10,
    parts: 20,
    fieldSize: 64 * 1024,
    textFields: ['mapping'],
    missing: '请选择要上传的 Excel（.xlsx）文件',
    tooLarge: (max) => `文件过大：最大 ${max / MB} MB。请删除无关的工作表、图片后再上传，或分批导入`,
    fieldTooLong: '列对应（mapping）过长',
  },
  plan: {
    // A plan document: 10 MB is far above any real 实施方案 (tens of kB as Word, a few hundred kB
    // as a PDF with text); the page and character limits are PLAN_LIMITS (domain, plan-intake.ts).
    fileBytes: 10 * MB,
    fields: 5,
    parts: 10,
    fieldSize: 1024,
    textFields: [],
    missing: '请选择要上传的实施方案（Word .docx / .doc 或 PDF 文件）',
    tooLarge: (max) => `文件不能超过 ${max / MB} MB：实施方案通常只有几十 KB，请删除文档中的图片后再上传，或直接粘贴方案全文`,
  },
  /** Parsing a workbook or a document is CPU work: a bound per client per route. */
  perMinute: 30,
};

/** "10 MB", "200 KB": a size limit as a person reads it. */
export function sizeLabel(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The one uploaded file of a request, with the text fields its kind reads. */
export type Upload = { filename: string; buffer: Buffer; fields: Record<string, string | undefined> };

/**
 * Registers multipart once for the API, and refuses a multipart body on every route
 * that does not declare an upload kind, as Fastify refuses a body it has no parser for.
 */
export async function installUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: 10 * MB, files: 1, fields: 5, parts: 10, fieldSize: 1024, headerPairs: 100 },
  });
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (req.isMultipart() && !req.routeOptions.config?.upload) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
  });
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

/**
 * The one file (form field `file`) of a multipart upload route and the text fields its
 * kind reads: the file stopped at the size limit while it streams (413), one file only,
 * few fields, the file name and the text fields refused when PostgreSQL could not store
 * them. `maxBytes` overrides the kind's size limit (evidence: the configured one);
 * `missing` is the answer when no file came.
 */
export async function readUpload(req: FastifyRequest, kind: UploadKind, opts: { maxBytes?: number; missing?: string } = {}): Promise<Upload> {
  if (req.routeOptions.config?.upload !== kind) throw new Error(`route ${req.routeOptions.url} reads a ${kind} upload without config.upload = '${kind}'`);
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 方式上传文件（表单字段 ${FILE_FIELD}）`);
  }
  const spec = UPLOAD_LIMITS[kind];
  const maxBytes = opts.maxBytes ?? spec.fileBytes;
  let file: { filename: string; buffer: Buffer } | undefined;
  const fields: Record<string, string | undefined> = {};
  let otherField: string | undefined;
  try {
    const limits = { fileSize: maxBytes, files: 1, fields: spec.fields, parts: spec.parts, fieldSize: spec.fieldSize, headerPairs: 100 };
    for await (const part of req.parts({ limits })) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) {
          otherField = part.fieldname;
          await part.toBuffer(); // drain it, so the parser moves on
          continue;
        }
        file = { filename: part.filename ?? '', buffer: await readUpTo(part.file, maxBytes) };
      } else if (spec.textFields.includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value).trim();
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      lingerThenClose(req);
      throw new AppError('PAYLOAD_TOO_LARGE', spec.tooLarge(maxBytes));
    }
    if (code === 'FST_FILES_LIMIT') throw invalid('一次只能上传一个文件');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw invalid('上传的表单字段过多');
    if (spec.fieldTooLong && (code === 'FST_PART_FIELD_SIZE_LIMIT' || code === 'FST_FIELD_SIZE_LIMIT')) throw invalid(spec.fieldTooLong);
    // Anything else here comes from reading the client's bytes (a cut-off or malformed form).
    req.log.info({ err: e }, 'unreadable multipart upload');
    throw invalid('上传的数据不完整或格式不正确，请重新选择文件上传');
  }
  if (!file) {
    throw invalid(otherField ? `请在表单字段 ${FILE_FIELD} 中上传文件（收到的字段为 ${otherField}）` : (opts.missing ?? spec.missing));
  }
  if (spec.emptyMessage && file.buffer.length === 0) throw invalid(spec.emptyMessage);
  refuseInvalidFormText({ filename: file.filename, ...fields });
  return { ...file, fields };
}

/**
 * The text of a multipart form (its text fields and the file's name), read from the
 * stream after the request hooks have run: refused as the text guard refuses the rest.
 */
function refuseInvalidFormText(fields: Record<string, string | undefined>): void {
  const lines = Object.entries(fields).flatMap(([field, text]) => (text !== undefined && hasInvalidText(text) ? [`${field}: ${INVALID_TEXT_MESSAGE}`] : []));
  if (lines.length > 0) refuse(lines);
}

/** RFC 5987 encoding of a file name for a download's `filename*=UTF-8''…`. */
export function encodeRfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// ---------------------------------------------------------------------------
// The zip guard: .xlsx and .docx are zip files, checked before a parser sees them.

/** Limits on what an uploaded workbook may unpack to, whatever its entries claim. */
export const ZIP_LIMITS = {
  /** Sum of the uncompressed sizes of all entries. */
  maxUncompressedBytes: 40 * 1024 * 1024,
  maxEntries: 2000,
};

const NOT_XLSX = '文件不是有效的 Excel（.xlsx）文件';
const SAVE_AS = '请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再上传';
const TOO_BIG = `表格解压后超过 ${ZIP_LIMITS.maxUncompressedBytes / 1024 / 1024} MB，请删除无关的工作表、图片后再上传，或分批导入`;
const NOT_DOCX = '文件不是有效的 Word（.docx）文件';
const SAVE_AS_DOCX = '请用 Word 或 WPS 打开后“另存为”Word 文档（.docx）再上传，或直接粘贴方案全文';

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** How an Office format is recognised, and what the refusals say. */
type OfficeFormat = {
  notWhat: string;
  /** An OLE compound file (D0 CF 11 E0): the old binary format, or any encrypted file. */
  oldOrEncrypted: string;
  /** Not a zip at all: the message, by the file's first text. */
  notZip: (head: string) => string;
  /** The part the format's zip must hold. */
  mainPart: string;
  noMainPart: string;
  tooBig: string;
};

const XLSX: OfficeFormat = {
  notWhat: NOT_XLSX,
  oldOrEncrypted: `这是旧版 Excel（.xls）文件或设置了打开密码的文件，系统只能读取 .xlsx：${SAVE_AS}（如有密码请先取消）`,
  notZip: (head) =>
    head.startsWith('<') ? `${NOT_XLSX}：该文件实为网页格式（常见于系统导出的“.xls”），${SAVE_AS}` : `${NOT_XLSX}。如果是 CSV 或其他格式，${SAVE_AS}`,
  mainPart: 'xl/workbook.xml',
  noMainPart: `${NOT_XLSX}：压缩包中没有 Excel 工作簿（可能是 Word、WPS 或其他文件改了扩展名）`,
  tooBig: TOO_BIG,
};

const DOCX: OfficeFormat = {
  notWhat: NOT_DOCX,
  oldOrEncrypted: `这是旧版 Word（.doc）文件或设置了打开密码的文件，系统只能读取 .docx：${SAVE_AS_DOCX}（如有密码请先取消）`,
  notZip: (head) => (head.startsWith('%pdf') ? `${NOT_DOCX}：这是 PDF 文件，${SAVE_AS_DOCX}` : `${NOT_DOCX}。${SAVE_AS_DOCX}`),
  mainPart: 'word/document.xml',
  noMainPart: `${NOT_DOCX}：压缩包中没有 Word 正文（可能是 Excel、WPS 或其他文件改了扩展名）`,
  tooBig: `文档解压后超过 ${ZIP_LIMITS.maxUncompressedBytes / 1024 / 1024} MB，请删除其中的图片后再上传，或直接粘贴方案全文`,
};

/**
 * Refuses anything but the format before a parser sees it: the magic bytes, the
 * old binary formats by name, then the zip directory (entry count, methods,
 * encryption, declared sizes) and finally the true size of every entry,
 * inflated with a hard output cap so a zip that lies about its sizes (a zip
 * bomb) stops at the cap instead of filling memory.
 */
function assertSafeOffice(buf: Buffer, f: OfficeFormat): void {
  if (buf.length === 0) throw invalid('上传的文件是空的');
  if (buf.subarray(0, 8).equals(OLE2)) throw invalid(f.oldOrEncrypted);
  if (buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) {
    throw invalid(f.notZip(buf.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase()));
  }
  const entries = readCentralDirectory(buf, f.notWhat);
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('[Content_Types].xml') || !names.has(f.mainPart)) throw invalid(f.noMainPart);
  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    if (declared > ZIP_LIMITS.maxUncompressedBytes) throw invalid(f.tooBig);
  }
  for (const e of entries) inflateChecked(buf, e, f.notWhat, f.tooBig);
}

/** An .xlsx before exceljs reads it (see assertSafeOffice). */
export function assertSafeXlsx(buf: Buffer): void {
  assertSafeOffice(buf, XLSX);
}

/** A Word document (.docx) before mammoth reads it (see assertSafeOffice). */
export function assertSafeDocx(buf: Buffer): void {
  assertSafeOffice(buf, DOCX);
}

type Entry = { name: string; flags: number; method: number; compressedSize: number; uncompressedSize: number; localOffset: number };

function corrupt(notWhat = NOT_XLSX): never {
  throw invalid(`${notWhat}：文件已损坏或不完整，请重新保存后上传`);
}

/** The entries of the zip's central directory (no zip64: an .xlsx under the upload limit never needs it). */
function readCentralDirectory(buf: Buffer, notWhat = NOT_XLSX): Entry[] {
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) corrupt(notWhat);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw invalid(TOO_BIG);
  if (count > ZIP_LIMITS.maxEntries) throw invalid(`${notWhat}：压缩包内文件过多（${count} 个）`);
  if (cdOffset + cdSize > eocd) corrupt(notWhat);

  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) corrupt(notWhat);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: Entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    };
    if (e.compressedSize === 0xffffffff || e.uncompressedSize === 0xffffffff || e.localOffset === 0xffffffff) throw invalid(TOO_BIG);
    if (e.flags & 0x1) throw invalid(`${notWhat}：文件已加密，请先取消密码`);
    if (e.method !== 0 && e.method !== 8) corrupt(notWhat);
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry with its declared size as the hard cap; more data than declared means a forged zip. */
function inflateChecked(buf: Buffer, e: Entry, notWhat = NOT_XLSX, tooBig = TOO_BIG): void {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) corrupt(notWhat);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) corrupt(notWhat);
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.uncompressedSize) corrupt(notWhat);
    return;
  }
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw invalid(tooBig);
    corrupt(notWhat);
  }
  if (out.length !== e.uncompressedSize) corrupt(notWhat);
}
