import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/database.js';

/**
 * The advisory-lock keys of the scheduled work, one per job, next to the migration (…001)
 * and first-run setup (…002) keys: the reminder sweep (…003, jobs/reminder-sweep.ts), the
 * daily backup (…004, ops/backup-job.ts) and the clean-up of shared state (…005, below).
 * Every instance runs the same timers; the lock makes each run happen on one of them.
 */
export const SHARED_STATE_PRUNE_LOCK_KEY = 748_213_005;

/**
 * Runs `work` while holding the session advisory lock `key` on one dedicated connection, or
 * skips it (`{ ran: false }`) when another instance (or an earlier run here) holds it: the
 * pattern of the reminder sweep and the backup, for jobs that need nothing more.
 */
export async function withJobLock<T>(db: Db, key: number, work: (conn: DbOrTrx) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
  return db.connection().execute(async (conn) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${key}) AS locked`.execute(conn);
    if (!lock.rows[0]?.locked) return { ran: false } as const;
    try {
      return { ran: true, result: await work(conn) } as const;
    } finally {
      await sql`SELECT pg_advisory_unlock(${key})`.execute(conn).catch(() => {});
    }
  });
}
