import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { FileRef } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/** A file_object row as the service works with it: the API's FileRef plus where its bytes and owner are. */
export type StoredFile = FileRef & {
  sha256: string;
  thumbSha256: string | null;
  unitId: string;
  unitPath: string;
};

export type NewFileObject = {
  sha256: string;
  kind: 'photo' | 'document';
  mime: string;
  sizeBytes: number;
  originalName: string;
  width: number | null;
  height: number | null;
  thumbSha256: string | null;
  unitId: string;
  unitPath: string;
  uploadedBy: string;
};

const PLAIN_COLUMNS = ['id', 'kind', 'mime', 'size_bytes', 'original_name', 'width', 'height', 'sha256', 'thumb_sha256', 'unit_id', 'uploaded_at'] as const;
const COLUMNS = [...PLAIN_COLUMNS.map((c) => `f.${c}` as const), sql<string>`f.unit_path::text`.as('unit_path')] as const;

function toStoredFile(r: {
  id: string;
  kind: 'photo' | 'document';
  mime: string;
  size_bytes: string;
  original_name: string;
  width: number | null;
  height: number | null;
  sha256: string;
  thumb_sha256: string | null;
  unit_id: string;
  unit_path: string;
  uploaded_at: Date;
}): StoredFile {
  return {
    id: r.id,
    kind: r.kind,
    mime: r.mime,
    originalName: r.original_name,
    sizeBytes: Number(r.size_bytes),
    width: r.width,
    height: r.height,
    hasThumbnail: r.thumb_sha256 !== null,
    uploadedAt: r.uploaded_at.toISOString(),
    sha256: r.sha256,
    thumbSha256: r.thumb_sha256,
    unitId: r.unit_id,
    unitPath: r.unit_path,
  };
}

/** Only the API's fields of a stored file. */
export function toFileRef(f: StoredFile): FileRef {
  return {
    id: f.id,
    kind: f.kind,
    mime: f.mime,
    originalName: f.originalName,
    sizeBytes: f.sizeBytes,
    width: f.width,
    height: f.height,
    hasThumbnail: f.hasThumbnail,
    uploadedAt: f.uploadedAt,
  };
}

export async function insertFileObject(db: DbOrTrx, f: NewFileObject): Promise<StoredFile> {
  const row = await db
    .insertInto('file_object')
    .values({
      sha256: f.sha256,
      kind: f.kind,
      mime: f.mime,
      size_bytes: f.sizeBytes,
      original_name: f.originalName,
      width: f.width,
      height: f.height,
      thumb_sha256: f.thumbSha256,
      unit_id: f.unitId,
      unit_path: f.unitPath,
      uploaded_by: f.uploadedBy,
    })
    .returning([...PLAIN_COLUMNS, sql<string>`unit_path::text`.as('unit_path')])
    .executeTakeFirstOrThrow();
  return toStoredFile(row);
}

/** One file whose unit lies in the scope, or undefined (out of scope reads exactly like missing). */
export async function findFileInScope(db: DbOrTrx, scope: Scope, id: string): Promise<StoredFile | undefined> {
  const r = await db.selectFrom('file_object as f').select(COLUMNS).where('f.id', '=', id).where(inScope('f.unit_path', scope)).executeTakeFirst();
  return r ? toStoredFile(r) : undefined;
}

/** The files with these ids (unknown ids are left out), restricted to the scope when one is given. */
export async function findFilesByIds(db: DbOrTrx, ids: readonly string[], scope?: Scope): Promise<StoredFile[]> {
  if (ids.length === 0) return [];
  let q = db.selectFrom('file_object as f').select(COLUMNS).where('f.id', 'in', [...ids]);
  if (scope) q = q.where(inScope('f.unit_path', scope));
  return (await q.execute()).map(toStoredFile);
}
