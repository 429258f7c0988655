import type { Db } from '../db/database.js';
import { isDbUnavailable } from '../db/pg-errors.js';
import { anchorAuditChain } from '../features/audit/audit-chain.js';
import type { AnchorConfig } from '../features/audit/audit-anchor.js';
import { pruneLoginThrottle } from '../features/auth/login-throttle.repository.js';
import { pruneRateLimitCounters } from '../http/rate-limit.repository.js';
import { SHARED_STATE_PRUNE_LOCK_KEY, withJobLock } from './job-lock.js';

/**
 * Forgets login-throttle rows idle for a day and rate-limit windows that ended an hour ago,
 * on one instance at a time (the others skip while one holds the lock).
 */
export async function pruneSharedState(db: Db): Promise<{ ran: boolean; loginThrottle: number; rateLimits: number }> {
  const r = await withJobLock(db, SHARED_STATE_PRUNE_LOCK_KEY, async (conn) => ({ loginThrottle: await pruneLoginThrottle(conn), rateLimits: await pruneRateLimitCounters(conn) }));
  return r.ran ? { ran: true, ...r.result } : { ran: false, loginThrottle: 0, rateLimits: 0 };
}

/**
 * Every `intervalMinutes` (0 = off): copies the audit chain's head to the anchor
 * file when it has grown, and prunes the shared state (pruneSharedState, under an
 * advisory lock: once across instances). Each instance anchors into its own file
 * (an anchor is evidence kept outside the database; one more copy only adds to it);
 * a final anchor is written on stop.
 */
export function scheduleAuditAnchors(
  db: Db,
  anchors: AnchorConfig,
  opts: { intervalMinutes: number; onError?: (e: unknown) => void },
): { stop: () => Promise<void> } {
  if (opts.intervalMinutes <= 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  const tick = (final = false) => {
    if (running) return running;
    running = (async () => {
      await anchorAuditChain(db, anchors);
      if (!final) await pruneSharedState(db);
    })()
      // At shutdown the database may already be going (Ctrl-C reaches PostgreSQL too): then there is no new head to anchor.
      .catch((e: unknown) => (final && isDbUnavailable(e) ? undefined : opts.onError?.(e)))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const first = setTimeout(() => void tick(), 10_000);
  const every = setInterval(() => void tick(), opts.intervalMinutes * 60_000);
  first.unref();
  every.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(every);
      await running;
      await tick(true);
    },
  };
}
