import { describe, expect, it } from 'vitest';
import { createDb } from '../db/database.js';
import { freeLoopbackPort } from '../db/embedded.js';
import { isDbUnavailable } from '../db/pg-errors.js';
import { scheduleReminderSweep } from './scheduler.js';

describe('the job scheduler when the database is down', () => {
  it('reports the failure, stays scheduled and tries again soon, without an unhandled error', async () => {
    // A real pool to a port where nothing listens: every run fails to connect.
    const { db } = createDb(`postgres://xiaoan_app@127.0.0.1:${await freeLoopbackPort()}/xiaoan`, 1);
    const errors: unknown[] = [];
    const jobs = scheduleReminderSweep(db, { intervalMinutes: 15, firstDelayMs: 0, retryMs: 50, onError: (e) => errors.push(e) });
    try {
      const deadline = Date.now() + 5_000;
      while (errors.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(errors.length).toBeGreaterThanOrEqual(3);
      expect(errors.every(isDbUnavailable)).toBe(true);
    } finally {
      await jobs.stop();
      await db.destroy();
    }
  });
});
