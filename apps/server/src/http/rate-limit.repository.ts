import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';

/** A limit key's state after one more hit: the hits in the current window and the milliseconds left in it. */
export type RateLimitHit = { current: number; ttl: number };

/**
 * Counts one hit of `key` in a fixed window of `windowMs`, in one statement that every
 * instance runs against the same row (migration 0017): a new key, or one whose window has
 * ended, starts a window with 1; otherwise the count goes up and the window keeps its end.
 */
export async function countRateLimitHit(db: DbOrTrx, key: string, windowMs: number): Promise<RateLimitHit> {
  const ends = sql`now() + make_interval(secs => ${windowMs / 1000})`;
  const r = await sql<{ hits: number; ttl_ms: number }>`
    INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at) VALUES (${key}, 1, ${ends})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
      window_ends_at = CASE WHEN c.window_ends_at <= now() THEN excluded.window_ends_at ELSE c.window_ends_at END
    RETURNING hits, greatest(0, ceil(extract(epoch FROM window_ends_at - now()) * 1000))::integer AS ttl_ms`.execute(db);
  const row = r.rows[0]!;
  return { current: row.hits, ttl: row.ttl_ms };
}

/** Forgets windows that ended more than an hour ago (through the owner's function: the app role has no DELETE); how many. */
export async function pruneRateLimitCounters(db: DbOrTrx): Promise<number> {
  const r = await sql<{ n: number }>`SELECT prune_rate_limit_counter() AS n`.execute(db);
  return r.rows[0]?.n ?? 0;
}
