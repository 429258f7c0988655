import type { Db } from '../db/database.js';
import { isDbUnavailable } from '../db/pg-errors.js';
import { runReminderSweep, type ReminderSweepResult } from './reminder-sweep.js';

export type JobSchedule = {
  /** Stops the timers and waits for a run in progress to finish (call before closing the pool). */
  stop: () => Promise<void>;
};

/**
 * Runs the reminder sweep shortly after start and then every `intervalMinutes`
 * (0 = off). The timers are unref'd, so they never keep the process alive, and a run
 * still going when the next one is due is not doubled in this process (other
 * instances are kept out by the sweep's advisory lock).
 */
export function scheduleReminderSweep(
  db: Db,
  opts: {
    intervalMinutes: number;
    firstDelayMs?: number;
    onResult?: (r: ReminderSweepResult) => void;
    onError?: (e: unknown) => void;
    /** After a run failed because the database was unavailable, try again this soon rather than a whole interval later. */
    retryMs?: number;
  },
): JobSchedule {
  if (opts.intervalMinutes <= 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = runReminderSweep(db, new Date(), { onRegistryError: (registry, e) => opts.onError?.(new Error(`registry sweep ${registry} failed`, { cause: e })) })
      .then((r) => opts.onResult?.(r))
      .catch((e: unknown) => {
        opts.onError?.(e);
        // A database outage is survived: the sweep is idempotent, so it simply runs again.
        if (!stopped && isDbUnavailable(e) && !retry) {
          retry = setTimeout(() => {
            retry = undefined;
            tick();
          }, opts.retryMs ?? 60_000);
          retry.unref();
        }
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, opts.firstDelayMs ?? 5_000);
  const every = setInterval(tick, opts.intervalMinutes * 60_000);
  first.unref();
  every.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
