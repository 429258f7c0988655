import type { Db, Trx } from '../db/database.js';
import type { RequestContext } from '../http/context.js';
import { findIdempotentResponse, requestHash, saveIdempotentResponse } from '../features/idempotency/idempotency.repository.js';
import { emit as emitEvent, type AppEvent, type EventContext } from './events.js';

export type { AppEvent } from './events.js';

/** Writes one event inside the command's transaction. */
export type Emit = (event: AppEvent) => Promise<void>;

export type CommandOptions = {
  /**
   * With an Idempotency-Key: a retry with the same key and request gets the stored
   * answer and writes nothing; the same key for another request is a 409.
   */
  idempotency?: { key: string; route: string; requestHash: string; /** stored with the answer; default 201 */ statusCode?: number };
};

/** Who runs the command: the request's actor (the idempotency key belongs to the user). */
export type CommandContext = EventContext & { actor: Pick<RequestContext['actor'], 'userId' | 'role' | 'unitId'> };

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';
/** PostgreSQL gave up on the transaction (deadlock detected, serialization failure): nothing of it stayed, so it may run again. */
const isTransient = (e: unknown) => ['40P01', '40001'].includes((e as { code?: string } | null)?.code ?? '');
/** How often a command runs at most when PostgreSQL breaks a deadlock by cancelling it (two writes to one school's tallies, say). */
export const COMMAND_ATTEMPTS = 3;

/**
 * One state-changing command: `work` runs in one transaction and writes through it;
 * every event it emits (audit row, notifications) is written in that same
 * transaction, so they commit with the write or not at all. With
 * `opts.idempotency` the answer is stored with the write, and a concurrent retry
 * that loses the race on the key's primary key answers what the winner answered.
 * A transaction PostgreSQL cancels to break a deadlock (or a serialization failure) left
 * nothing behind and runs again, up to COMMAND_ATTEMPTS times in all; `work` must therefore
 * write only through `trx`.
 */
export async function runCommand<T>(db: Db, ctx: CommandContext, opts: CommandOptions, work: (trx: Trx, emit: Emit) => Promise<T>): Promise<T> {
  const idem = opts.idempotency;
  const prior = async () => (idem ? findIdempotentResponse(db, ctx.actor.userId, idem.key, idem.route, idem.requestHash) : undefined);
  const replay = await prior();
  if (replay) return replay.response as T;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const result = await work(trx, (event) => emitEvent(trx, ctx, event));
        if (idem) await saveIdempotentResponse(trx, ctx.actor.userId, idem.key, idem.route, idem.requestHash, { statusCode: idem.statusCode ?? 201, response: result });
        return result;
      });
    } catch (e) {
      // A concurrent retry with the same key committed first: answer what it answered.
      if (idem && isUniqueViolation(e)) {
        const first = await prior();
        if (first) return first.response as T;
      }
      // Cancelled to break a deadlock: the whole transaction rolled back, so run it again after a short, random pause.
      if (isTransient(e) && attempt < COMMAND_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * attempt));
        continue;
      }
      throw e;
    }
  }
}

/** The idempotency option of a command from the request's Idempotency-Key (none without a key). */
export function idempotent(key: string | undefined, route: string, body: unknown, statusCode = 201): CommandOptions {
  return key ? { idempotency: { key, route, requestHash: requestHash(body), statusCode } } : {};
}
