import { sql } from 'kysely';
import { daysUntilDue, shanghaiDate } from '@xiaoan/domain';
import type { NotificationKind } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../db/database.js';
import type { DueHazard, DueTask } from '../kernel/events.js';
import { notify } from '../kernel/notifier.js';
import { findDueHazardBatch, findDueTasks, type DueHazardRow } from './due-date.repository.js';
import { sweepReportReminders } from './report-reminders.js';
import { runRegistrySweeps } from './registry-sweep.js';
import { sweepMeasureReminders } from './measure-reminders.js';
import { reminderDueDates, reminderKindAt } from './due-dates.js';

export { OVERDUE_CATCH_UP_DAYS, reminderDueDates, reminderKindAt } from './due-dates.js';

export { reminderDedupeKey, reminderText } from '../kernel/notifier.js';

/**
 * The due-date sweep (整改时限提醒). It emits hazard.due_soon / hazard.overdue and
 * task.due_soon / task.overdue events; the notifier (kernel/notifier.ts) decides who is
 * told. For every open hazard with a due date
 * (registered, rectifying, pending_verification) it notifies, in-app, the owner side:
 * the school_admin users of the hazard's school (and of its campus), and the active
 * members of the active supervision teams assigned to the school —
 *
 *   - 3 days before the due date   → 'due_in_3_days'
 *   - 1 day before the due date    → 'due_in_1_day'
 *   - once the due date has passed → 'overdue' (due date + 1, Beijing time; an
 *     instance that was down catches up for OVERDUE_CATCH_UP_DAYS days)
 *
 * Due dates are calendar days in Asia/Shanghai; all date arithmetic goes through the
 * domain's deadline functions, never the server's time zone. Overdue itself is
 * derived (the ledger computes it), so the sweep changes no hazard; it only notifies.
 *
 * Exactly once: each notification carries dedupe_key "hazard:<id>:<kind>:<dueDate>"
 * and is inserted with ON CONFLICT (user_id, dedupe_key) DO NOTHING, so a second run,
 * or a run on another instance, sends nothing twice; an approved extension changes
 * the due date and so allows new reminders for the new date.
 *
 * One runner at a time across instances: the sweep holds a session advisory lock on a
 * dedicated connection; when another instance holds it, the run is skipped. Every run
 * that takes the lock is recorded in job_run. Hazards are read in keyset batches on id.
 *
 * Campaign tasks that are not done get the same reminders (3 days, 1 day, overdue with
 * the same catch-up) for their lead departments' users, with dedupe keys of their own;
 * they are counted apart (taskNotifications), the hazard counts stay as they were.
 *
 * Reports owed upward (jobs/report-reminders.ts) get theirs too: 3 days and 1 day before the
 * due date to the submitter's users, the day after it the missing list to the covering teams
 * and the bureau (reports, reportNotifications).
 *
 * Measures not yet established (jobs/measure-reminders.ts) remind their school's admins on the
 * hazards' days (measures, measureNotifications). Last, every registry's watch runs
 * (jobs/registry-sweep.ts: expiry reminders, hazards for lapsed documents).
 */

export const REMINDER_SWEEP_JOB = 'reminder_sweep';
/** Arbitrary constant advisory-lock key, next to the migration (…001) and setup (…002) keys. */
export const REMINDER_SWEEP_LOCK_KEY = 748_213_003;
const DEFAULT_BATCH_SIZE = 500;

export type ReminderSweepResult =
  | { skipped: true }
  | {
      skipped: false;
      runId: string;
      today: string;
      hazards: number;
      notifications: number;
      batches: number;
      tasks: number;
      taskNotifications: number;
      /** Reporting upward (jobs/report-reminders.ts): reports due soon plus missing submitters, and their new notifications. */
      reports: number;
      reportNotifications: number;
      /** The registries' watch (jobs/registry-sweep.ts): reminders sent, hazards opened, registries that failed. */
      /** Measures (制度措施) due soon or overdue, and their new notifications (jobs/measure-reminders.ts). */
      measures: number;
      measureNotifications: number;
      registryReminders: number;
      registryHazards: number;
      registryFailed: string[];
    };

export type ReminderSweepOptions = {
  /** Hazards read per batch (keyset on id). */
  batchSize?: number;
  /** Called once the lock is held, before any work (tests use it to hold a run open). */
  afterLock?: () => Promise<void>;
  /** A registry's watch failed (the others still ran): the scheduler logs it. */
  onRegistryError?: (registry: string, e: unknown) => void;
};

const isOverdue = (kind: NotificationKind) => kind === 'overdue';

/** Emits the reminders one batch of hazards calls for; returns how many notifications were new. */
async function notifyBatch(db: DbOrTrx, batch: readonly DueHazardRow[], now: Date): Promise<number> {
  const due: DueHazard[] = batch.flatMap((h) => {
    const kind = reminderKindAt(h.due_date, now);
    return kind ? [{ id: h.id, unitId: h.unit_id, schoolId: h.school_id, schoolName: h.school_name, title: h.title, state: h.state, dueDate: h.due_date, kind }] : [];
  });
  if (due.length === 0) return 0;
  const soon = await notify(db, { action: 'hazard.due_soon', hazards: due.filter((h) => !isOverdue(h.kind)) });
  const late = await notify(db, { action: 'hazard.overdue', hazards: due.filter((h) => isOverdue(h.kind)) });
  return soon.written + late.written;
}

/** Emits the reminders of the campaign tasks due today; returns how many tasks and new notifications. */
async function notifyTasks(db: DbOrTrx, dates: readonly string[], now: Date): Promise<{ tasks: number; notifications: number }> {
  const rows = await findDueTasks(db, dates);
  const due: DueTask[] = rows.flatMap((t) => {
    const kind = reminderKindAt(t.deadline, now);
    if (!kind) return [];
    return [{ id: t.id, campaignId: t.campaign_id, campaignTitle: t.campaign_title, title: t.title, deadline: t.deadline, leadDepartmentIds: t.lead_department_ids.map(String), days: daysUntilDue(t.deadline, now) }];
  });
  if (due.length === 0) return { tasks: 0, notifications: 0 };
  const soon = await notify(db, { action: 'task.due_soon', tasks: due.filter((t) => t.days > 0) });
  const late = await notify(db, { action: 'task.overdue', tasks: due.filter((t) => t.days < 0) });
  return { tasks: due.length, notifications: soon.written + late.written };
}

/**
 * Runs the sweep once as of `now` (see the comment at the top). Returns
 * `{ skipped: true }` when another run (on any instance) holds the lock.
 */
export async function runReminderSweep(db: Db, now: Date = new Date(), opts: ReminderSweepOptions = {}): Promise<ReminderSweepResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const today = shanghaiDate(now);
  const dates = reminderDueDates(now);
  return db.connection().execute(async (conn) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${REMINDER_SWEEP_LOCK_KEY}) AS locked`.execute(conn);
    if (!lock.rows[0]?.locked) return { skipped: true } as const;
    try {
      await opts.afterLock?.();
      const run = await conn
        .insertInto('job_run')
        .values({ job: REMINDER_SWEEP_JOB, details: JSON.stringify({ asOf: now.toISOString(), today }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const counts = { hazards: 0, notifications: 0, batches: 0, tasks: 0, taskNotifications: 0, reports: 0, reportNotifications: 0, measures: 0, measureNotifications: 0, registryReminders: 0, registryHazards: 0, registryFailed: [] as string[] };
      try {
        let after = '0';
        for (;;) {
          const batch = await findDueHazardBatch(conn, dates, after, batchSize);
          if (batch.length === 0) break;
          counts.batches++;
          counts.hazards += batch.length;
          counts.notifications += await notifyBatch(conn, batch, now);
          after = batch[batch.length - 1]!.id;
          if (batch.length < batchSize) break;
        }
        const t = await notifyTasks(conn, dates, now);
        counts.tasks = t.tasks;
        counts.taskNotifications = t.notifications;
        const r = await sweepReportReminders(conn, now);
        counts.reports = r.reports;
        counts.reportNotifications = r.notifications;
        const m = await sweepMeasureReminders(conn, now);
        counts.measures = m.measures;
        counts.measureNotifications = m.notifications;
        const g = await runRegistrySweeps(conn, now, opts.onRegistryError);
        counts.registryReminders = g.reminders;
        counts.registryHazards = g.hazards;
        counts.registryFailed = g.failed;
      } catch (e) {
        await conn
          .updateTable('job_run')
          .set({ finished_at: sql`now()`, details: JSON.stringify({ asOf: now.toISOString(), today, ...counts, error: e instanceof Error ? e.message : String(e) }) })
          .where('id', '=', run.id)
          .execute();
        throw e;
      }
      await conn
        .updateTable('job_run')
        .set({ finished_at: sql`now()`, details: JSON.stringify({ asOf: now.toISOString(), today, ...counts }) })
        .where('id', '=', run.id)
        .execute();
      return { skipped: false, runId: run.id, today, ...counts } as const;
    } finally {
      await sql`SELECT pg_advisory_unlock(${REMINDER_SWEEP_LOCK_KEY})`.execute(conn);
    }
  });
}
