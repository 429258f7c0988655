import type { FileRef } from '@xiaoan/contracts';
import type { Hazard } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import { findFilesByIds, toFileRef } from '../files/index.js';

/** Every value under `key` anywhere in a record (file ids, user ids in nested lists). */
function collect(value: unknown, key: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) collect(v, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string') out.add(v);
      else collect(v, key, out);
    }
  }
  return out;
}

/** Metadata of every file a record references (photos, evidence, progress files …). */
export async function fileRefsOf(db: DbOrTrx, doc: Hazard): Promise<FileRef[]> {
  const ids = [...collect(doc, 'fileId', new Set())];
  if (ids.length === 0) return [];
  return (await findFilesByIds(db, ids)).map(toFileRef);
}

/** Names of the users a record mentions (reporter, registrar, verifier …). */
export async function usersOf(db: DbOrTrx, doc: Hazard): Promise<{ id: string; displayName: string }[]> {
  const ids = [...collect(doc, 'userId', new Set())];
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
