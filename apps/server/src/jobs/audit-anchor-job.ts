import type { Db } from '../db/database.js';
import { isDbUnavailable } from '../db/pg-errors.js';
import { anchorAuditChain } from '../features/audit/audit-chain.js';
import type { AnchorConfig } from '../features/audit/audit-anchor.js';
import { pruneLoginThrottle } from '../features/auth/login-throttle.repository.js';

/**
 * Every `intervalMinutes` (0 = off): copies the audit chain's head to the anchor
 * file when it has grown, and forgets login-throttle rows idle for a day. Each
 * instance anchors into its own file; a final anchor is written on stop.
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
      if (!final) await pruneLoginThrottle(db);
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
