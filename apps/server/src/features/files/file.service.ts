import type { Scope } from '@xiaoan/domain';
import type { FileRef } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { emit } from '../../kernel/events.js';
import { findUnitById } from '../units/index.js';
import { UNSUPPORTED_TYPE_MESSAGE, processPhoto, sniffType } from './file.content.js';
import { findFileInScope, findFilesByIds, insertFileObject, toFileRef, type StoredFile } from './file.repository.js';
import { StoredFileError, type FileStorage } from './file.storage.js';

/** A file as the upload route hands it over. */
export type UploadedFile = { filename: string; buffer: Buffer; unitId?: string };

/** A file that other features attach to their records: the FileRef plus the unit it belongs to. */
export type ScopedFile = FileRef & { unitId: string; unitPath: string };

const MAX_NAME = 200;
const isId = (id: string) => /^[0-9]{1,18}$/.test(id);

/** The client's file name, as kept: no directory part, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').normalize('NFC').trim();
  return [...clean].slice(0, MAX_NAME).join('') || '未命名文件';
}

/**
 * The unit an upload belongs to: the one asked for, or the caller's own school or
 * campus. It must be a school or campus inside the caller's scope (else 404, as
 * for a missing unit), or the caller's own bureau when named explicitly.
 */
async function uploadUnit(db: Db, ctx: RequestContext, unitId: string | undefined) {
  const isSchool = (u: { kind: string }) => u.kind === 'school' || u.kind === 'campus';
  let unit;
  if (unitId === undefined) {
    unit = await findUnitById(db, ctx.scope, ctx.actor.unitId);
    if (!unit || !isSchool(unit)) throw invalid('请选择文件所属的学校或校区', ['unitId: 缺少所属学校或校区']);
  } else {
    unit = await findUnitById(db, ctx.scope, unitId);
    if (!unit) throw notFound('单位');
    // The bureau's own documents (a department's evidence of its campaign tasks) belong to the
    // bureau itself, named explicitly by its own staff; they stay out of every school's scope.
    const ownBureau = unit.kind === 'bureau' && unit.id === ctx.actor.unitId;
    if (!isSchool(unit) && !ownBureau) throw invalid('文件只能归属于学校或校区（或本局）', ['unitId: 应为学校、校区或本局']);
  }
  if (unit.status !== 'active') throw invalid(`${unit.name}已停用，不能再上传文件`, ['unitId: 单位已停用']);
  return unit;
}

/**
 * Stores an uploaded evidence file: typed by its content, photos re-encoded without
 * metadata (with a thumbnail), PDFs kept as they are; the bytes go to the
 * content-addressed storage, then the row and its audit event commit together.
 */
export async function uploadFile(db: Db, storage: FileStorage, ctx: RequestContext, upload: UploadedFile): Promise<FileRef> {
  const unit = await uploadUnit(db, ctx, upload.unitId);
  const type = sniffType(upload.buffer);
  if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_TYPE_MESSAGE);

  let stored: { kind: 'photo' | 'document'; mime: string; data: Buffer; width: number | null; height: number | null; thumb: Buffer | null };
  if (type === 'pdf') {
    stored = { kind: 'document', mime: 'application/pdf', data: upload.buffer, width: null, height: null, thumb: null };
  } else {
    const p = await processPhoto(upload.buffer, type);
    stored = { kind: 'photo', mime: 'image/jpeg', data: p.data, width: p.width, height: p.height, thumb: p.thumb };
  }
  // Bytes first: a row never names a blob that is not on disk. (A failed insert leaves an
  // unreferenced blob behind, which is harmless: content-addressed, reused by the same bytes.)
  const blob = await storage.put(stored.data);
  const thumb = stored.thumb ? await storage.put(stored.thumb) : null;

  const file = await runCommand(db, ctx, {}, async (trx, emit) => {
    const f = await insertFileObject(trx, {
      sha256: blob.sha256,
      kind: stored.kind,
      mime: stored.mime,
      sizeBytes: blob.sizeBytes,
      originalName: cleanFileName(upload.filename),
      width: stored.width,
      height: stored.height,
      thumbSha256: thumb?.sha256 ?? null,
      unitId: unit.id,
      unitPath: unit.path,
      uploadedBy: ctx.actor.userId,
    });
    await emit({
      action: 'file.upload',
      objectType: 'file',
      objectId: f.id,
      details: { sha256: f.sha256, sizeBytes: f.sizeBytes, kind: f.kind, mime: f.mime, unitId: unit.id, unitName: unit.name, originalName: f.originalName },
    });
    return f;
  });
  return toFileRef(file);
}

/** One file in the caller's scope (404 when missing or outside, with the same body). */
export async function getFile(db: DbOrTrx, ctx: RequestContext, id: string): Promise<StoredFile> {
  const f = await findFileInScope(db, ctx.scope, id);
  if (!f) throw notFound('文件');
  return f;
}

/** One of a file's blobs: the file itself or its thumbnail. */
export type FileVariant = { file: StoredFile; sha256: string; sizeBytes: number | undefined; mime: string; etag: string };

/**
 * Which blob to serve for a file (after the scope check); documents have no
 * thumbnail (404). Every download of a file itself (not of its thumbnail in a
 * list) is recorded in the audit trail.
 */
export async function fileVariant(db: DbOrTrx, ctx: RequestContext, id: string, variant: 'original' | 'thumbnail'): Promise<FileVariant> {
  const file = await getFile(db, ctx, id);
  if (variant === 'original') await emit(db, ctx, { action: 'file.download', objectType: 'file_object', objectId: id, details: { kind: file.kind, mime: file.mime } });
  if (variant === 'original') return { file, sha256: file.sha256, sizeBytes: file.sizeBytes, mime: file.mime, etag: `"${file.sha256}"` };
  if (!file.thumbSha256) throw new AppError('NOT_FOUND', '该文件没有缩略图（只有照片有缩略图）');
  return { file, sha256: file.thumbSha256, sizeBytes: undefined, mime: 'image/jpeg', etag: `"${file.thumbSha256}"` };
}

/**
 * The whole blob of a variant. Bytes missing or damaged on disk are a server
 * fault: logged, answered 500, never sent in part.
 */
export async function readVariant(
  storage: FileStorage,
  ctx: RequestContext,
  v: FileVariant,
  log: { error: (obj: object, msg: string) => void },
): Promise<Buffer> {
  try {
    return await storage.read(v.sha256, v.sizeBytes);
  } catch (e) {
    if (!(e instanceof StoredFileError)) throw e;
    log.error({ fileId: v.file.id, reason: e.reason, sha256: v.sha256, path: e.filePath, reqId: ctx.requestId }, 'stored file bytes missing or damaged');
    throw new AppError('INTERNAL', `文件内容缺失或已损坏，请联系系统管理员（请求编号 ${ctx.requestId}）`);
  }
}

/**
 * Files by id for another feature to attach to a record: all of them must exist and
 * lie in the scope, else VALIDATION_FAILED naming the ids that do not. Returned in
 * the order asked (duplicates once).
 */
export async function loadFilesInScope(db: DbOrTrx, scope: Scope, ids: readonly string[]): Promise<ScopedFile[]> {
  const wanted = [...new Set(ids)];
  const found = new Map((await findFilesByIds(db, wanted.filter(isId), scope)).map((f) => [f.id, f]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) {
    throw invalid(
      `以下文件不存在或不在您的权限范围内：${missing.join('、')}`,
      missing.map((id) => `fileIds: 文件 ${id} 不存在或不在您的权限范围内`),
    );
  }
  return wanted.map((id) => {
    const f = found.get(id)!;
    return { ...toFileRef(f), unitId: f.unitId, unitPath: f.unitPath };
  });
}

/** FileRefs for a response (no scope check: for ids a record already holds). Unknown ids are left out; order as asked. */
export async function fileRefsByIds(db: DbOrTrx, ids: readonly string[]): Promise<FileRef[]> {
  const wanted = [...new Set(ids)];
  const found = new Map((await findFilesByIds(db, wanted.filter(isId))).map((f) => [f.id, f]));
  return wanted.flatMap((id) => {
    const f = found.get(id);
    return f ? [toFileRef(f)] : [];
  });
}
