import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { shanghaiDate } from '@xiaoan/domain';
import type { Db } from '../db/database.js';
import { describeError } from '../db/pg-errors.js';
import type { FileStorage } from '../features/files/file.storage.js';
import { createBackup } from './backup.js';

/**
 * The scheduled daily backup (XIAOAN_BACKUP_DIR / _HOUR / _KEEP). Every few minutes the
 * app checks whether today's backup (Asia/Shanghai) is due — the hour has come and no
 * instance has made one today — and if so makes it, then keeps the newest N archives.
 * Checking rather than firing once at the hour means an instance that was down at 02:00,
 * or whose database was, catches up as soon as it can. One instance at a time: the run
 * holds a PostgreSQL advisory lock, and "made today" is a successful job_run row.
 */

export const BACKUP_JOB = 'backup';
/** Arbitrary constant advisory-lock key, next to the migration (…001), setup (…002) and reminder (…003) keys. */
export const BACKUP_LOCK_KEY = 748_213_004;
/** Archives the job writes and prunes: `xiaoan-backup-YYYYMMDD-HHMMSS.tar.gz` (Beijing time), so name order is time order. */
export const BACKUP_FILE_NAME = /^xiaoan-backup-\d{8}-\d{6}\.tar\.gz$/;
/** Leftovers of an interrupted backup (process stopped mid-way) older than this are removed. */
const STALE_MS = 24 * 3_600_000;

export type BackupJobOptions = {
  /** Owner or superuser URL of the application database. */
  adminUrl: string;
  filesDir: string;
  /** The file storage (FILE_STORAGE); default the local disk at filesDir. */
  storage?: FileStorage;
  dir: string;
  /** Hour of the day (0–23, Asia/Shanghai) from which today's backup is due. */
  hour: number;
  keep: number;
};

export type BackupJobResult =
  | { ran: false; reason: 'not_due' | 'done_today' | 'locked' }
  | { ran: true; file: string; bytes: number; seconds: number; removed: string[] };

/** Beijing wall-clock of an instant: China keeps UTC+8 all year, so a fixed offset is exact. */
export function shanghaiClock(now: Date): { day: string; hour: number; stamp: string } {
  const t = new Date(now.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    day: shanghaiDate(now),
    hour: t.getUTCHours(),
    stamp: `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}-${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`,
  };
}

/** Keeps the newest `keep` archives of the job in `dir` and removes stale leftovers; returns what was removed. */
export async function pruneBackups(dir: string, keep: number, now = new Date()): Promise<string[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const archives = names.filter((n) => BACKUP_FILE_NAME.test(n)).sort().reverse();
  const removed: string[] = [];
  for (const n of archives.slice(keep)) {
    await fsp.rm(path.join(dir, n), { force: true });
    removed.push(n);
  }
  for (const n of names) {
    if (!n.endsWith('.tar.gz.partial') && !n.startsWith('.xiaoan-backup-')) continue;
    const st = await fsp.stat(path.join(dir, n)).catch(() => undefined);
    if (st && now.getTime() - st.mtimeMs > STALE_MS) await fsp.rm(path.join(dir, n), { recursive: true, force: true });
  }
  return removed;
}

/** One check as of `now`: makes today's backup when it is due and nobody made it yet (see the top). */
export async function runDueBackup(db: Db, opts: BackupJobOptions, now = new Date()): Promise<BackupJobResult> {
  const clock = shanghaiClock(now);
  if (clock.hour < opts.hour) return { ran: false, reason: 'not_due' };
  return db.connection().execute(async (conn) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${BACKUP_LOCK_KEY}) AS locked`.execute(conn);
    if (!lock.rows[0]?.locked) return { ran: false, reason: 'locked' } as const;
    try {
      const done = await conn
        .selectFrom('job_run')
        .select('id')
        .where('job', '=', BACKUP_JOB)
        .where('finished_at', 'is not', null)
        .where(sql<boolean>`details->>'day' = ${clock.day} AND details->>'error' IS NULL`)
        .executeTakeFirst();
      if (done) return { ran: false, reason: 'done_today' } as const;
      const run = await conn
        .insertInto('job_run')
        .values({ job: BACKUP_JOB, details: JSON.stringify({ day: clock.day }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      try {
        fs.mkdirSync(opts.dir, { recursive: true });
        const r = await createBackup({ adminUrl: opts.adminUrl, filesDir: opts.filesDir, storage: opts.storage, file: path.join(opts.dir, `xiaoan-backup-${clock.stamp}.tar.gz`) });
        const removed = await pruneBackups(opts.dir, opts.keep, now);
        const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
        await conn
          .updateTable('job_run')
          .set({
            finished_at: sql`now()`,
            details: JSON.stringify({ day: clock.day, file: path.basename(r.file), bytes: r.bytes, rows, files: r.manifest.files.count, seconds: r.seconds, removed }),
          })
          .where('id', '=', run.id)
          .execute();
        return { ran: true, file: r.file, bytes: r.bytes, seconds: r.seconds, removed } as const;
      } catch (e) {
        await conn
          .updateTable('job_run')
          .set({ finished_at: sql`now()`, details: JSON.stringify({ day: clock.day, error: describeError(e) }) })
          .where('id', '=', run.id)
          .execute()
          .catch(() => {}); // the database itself may be what failed
        throw e;
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${BACKUP_LOCK_KEY})`.execute(conn).catch(() => {});
    }
  });
}

export type BackupSchedule = { stop: () => Promise<void> };

/**
 * Checks every `checkEveryMs` (first after `firstDelayMs`) and runs the backup when due.
 * After a failure (disk full, database down) the next try waits `retryMs`. Timers are
 * unref'd; stop() waits a little for a backup in progress, whose leftovers are removed
 * by a later run otherwise.
 */
export function scheduleDailyBackup(
  db: Db,
  opts: BackupJobOptions & {
    firstDelayMs?: number;
    checkEveryMs?: number;
    retryMs?: number;
    onResult?: (r: BackupJobResult) => void;
    onError?: (e: unknown) => void;
  },
): BackupSchedule {
  let running: Promise<void> | null = null;
  let stopped = false;
  let notBefore = 0;
  const tick = () => {
    if (stopped || running || Date.now() < notBefore) return;
    running = runDueBackup(db, opts)
      .then((r) => opts.onResult?.(r))
      .catch((e: unknown) => {
        notBefore = Date.now() + (opts.retryMs ?? 30 * 60_000);
        opts.onError?.(e);
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, opts.firstDelayMs ?? 60_000);
  const every = setInterval(tick, opts.checkEveryMs ?? 5 * 60_000);
  first.unref();
  every.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 15_000).unref())]);
    },
  };
}
