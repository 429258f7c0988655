import crypto from 'node:crypto';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { AppError } from '../../http/errors.js';

export const requestHash = (body: unknown) => crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

export type StoredResponse = { statusCode: number; response: unknown };

/**
 * The answer already given to this user for this key, if any. The same key with a
 * different request is refused: a key names one request, never two.
 */
export async function findIdempotentResponse(
  db: DbOrTrx,
  userId: string,
  key: string,
  route: string,
  hash: string,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_key')
    .select(['route', 'request_hash', 'status_code', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.route !== route || row.request_hash !== hash) {
    throw new AppError('CONFLICT', '此 Idempotency-Key 已用于另一个请求，请为新的提交生成新的键', { reason: 'idempotency_key_reused' });
  }
  return { statusCode: row.status_code, response: row.response };
}

/**
 * Records the answer in the same transaction as the write it answers. A concurrent
 * retry with the same key hits the primary key: its transaction rolls back and it
 * reads the first answer instead.
 */
export async function saveIdempotentResponse(
  trx: Trx,
  userId: string,
  key: string,
  route: string,
  hash: string,
  stored: StoredResponse,
): Promise<void> {
  await trx
    .insertInto('idempotency_key')
    .values({ user_id: userId, key, route, request_hash: hash, status_code: stored.statusCode, response: JSON.stringify(stored.response) })
    .execute();
}

export function validIdempotencyKey(key: string | string[] | undefined): string | undefined {
  if (key === undefined) return undefined;
  const k = Array.isArray(key) ? key[0] : key;
  if (!k || k.length < 8 || k.length > 200 || !/^[A-Za-z0-9_.:-]+$/.test(k)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 格式不正确（8–200 个字母、数字或 -_.:）');
  }
  return k;
}
