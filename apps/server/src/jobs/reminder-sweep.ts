import { sql } from 'kysely';
import { HAZARD_STATE_LABELS, addDays, daysUntilDue, shanghaiDate, type HazardState } from '@xiaoan/domain';
import type { NotificationKind } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../db/database.js';

/**
 * The due-date reminder sweep (整改时限提醒). For every open hazard with a due date
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
 */

export const REMINDER_SWEEP_JOB = 'reminder_sweep';
/** Arbitrary constant advisory-lock key, next to the migration (…001) and setup (…002) keys. */
export const REMINDER_SWEEP_LOCK_KEY = 748_213_003;
/** How many days after the due date a missed 'overdue' reminder is still sent. */
export const OVERDUE_CATCH_UP_DAYS = 7;
const DEFAULT_BATCH_SIZE = 500;
const INSERT_CHUNK = 1000;

export type ReminderSweepResult =
  | { skipped: true }
  | { skipped: false; runId: string; today: string; hazards: number; notifications: number; batches: number };

export type ReminderSweepOptions = {
  /** Hazards read per batch (keyset on id). */
  batchSize?: number;
  /** Called once the lock is held, before any work (tests use it to hold a run open). */
  afterLock?: () => Promise<void>;
};

type DueHazard = {
  id: string;
  unit_id: string;
  school_id: string;
  school_name: string;
  title: string;
  state: HazardState;
  due_date: string;
};

/** Which reminder a hazard due on `dueDate` gets at `now`, or null. */
export function reminderKindAt(dueDate: string, now: Date): NotificationKind | null {
  const days = daysUntilDue(dueDate, now);
  if (days === 3) return 'due_in_3_days';
  if (days === 1) return 'due_in_1_day';
  if (days <= -1 && days >= -OVERDUE_CATCH_UP_DAYS) return 'overdue';
  return null;
}

/** Title and body of a reminder, in the words the school and the team read. */
export function reminderText(kind: NotificationKind, h: { title: string; schoolName: string; dueDate: string; state: HazardState }): { title: string; body: string } {
  const about = `${h.schoolName}的隐患“${h.title}”`;
  const state = `当前状态：${HAZARD_STATE_LABELS[h.state]}。`;
  const waiting = h.state === 'pending_verification';
  switch (kind) {
    case 'due_in_3_days':
      return {
        title: `整改时限还有 3 天：${h.title}`,
        body: `${about}整改时限为 ${h.dueDate}，还有 3 天。${state}${waiting ? '学校已提交验收，请督查组及时验收。' : '请按期完成整改并提交验收。'}`,
      };
    case 'due_in_1_day':
      return {
        title: `整改时限明天到期：${h.title}`,
        body: `${about}整改时限为 ${h.dueDate}（明天）。${state}${waiting ? '学校已提交验收，请督查组及时验收。' : '请抓紧完成整改并提交验收，确实无法按期完成的请及时申请延期。'}`,
      };
    case 'overdue':
      return {
        title: `隐患已逾期：${h.title}`,
        body: `${about}已超过整改时限（${h.dueDate}）。${state}${waiting ? '学校已提交验收，请督查组尽快验收。' : '请尽快完成整改，并按要求填报逾期说明。'}`,
      };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export const reminderDedupeKey = (hazardId: string, kind: NotificationKind, dueDate: string) => `hazard:${hazardId}:${kind}:${dueDate}`;

/** The due dates that call for a reminder today: in 3 days, in 1 day, and the last days past. */
export function reminderDueDates(now: Date): string[] {
  const today = shanghaiDate(now);
  const dates = [addDays(today, 3), addDays(today, 1)];
  for (let d = 1; d <= OVERDUE_CATCH_UP_DAYS; d++) dates.push(addDays(today, -d));
  return dates;
}

/**
 * One keyset batch of open hazards whose due date calls for a reminder today. The
 * materialized CTE makes PostgreSQL find them through the partial index on open
 * hazards' due dates (hazard_open_due_idx), never by walking the whole table in id order.
 */
async function dueHazardBatch(db: DbOrTrx, dates: readonly string[], afterId: string, limit: number): Promise<DueHazard[]> {
  const r = await sql<DueHazard>`
    WITH due AS MATERIALIZED (
      SELECT id FROM hazard
       WHERE state IN ('registered', 'rectifying', 'pending_verification')
         AND due_date = ANY(${sql.val(dates)}::date[])
         AND id > ${afterId}::bigint),
    page AS (SELECT id FROM due ORDER BY id LIMIT ${limit})
    SELECT h.id, h.unit_id, h.school_id, s.name AS school_name, h.title, h.state, h.due_date::text AS due_date
      FROM page JOIN hazard h ON h.id = page.id JOIN unit s ON s.id = h.school_id
     ORDER BY h.id`.execute(db);
  return r.rows;
}

/**
 * Who is told about hazards of these units: school admins by their unit (school or
 * campus), members of the active teams by the school they cover. Active users only.
 */
async function recipientsOf(db: DbOrTrx, hazards: readonly DueHazard[]): Promise<{ admins: Map<string, string[]>; team: Map<string, string[]> }> {
  const unitIds = [...new Set(hazards.flatMap((h) => [h.school_id, h.unit_id]))];
  const schoolIds = [...new Set(hazards.map((h) => h.school_id))];
  const [adminRows, teamRows] = await Promise.all([
    db
      .selectFrom('app_user')
      .select(['id', 'unit_id'])
      .where('role', '=', 'school_admin')
      .where('status', '=', 'active')
      .where('unit_id', 'in', unitIds)
      .execute(),
    db
      .selectFrom('supervision_team_school as ts')
      .innerJoin('supervision_team as t', 't.id', 'ts.team_id')
      .innerJoin('supervision_team_member as m', 'm.team_id', 't.id')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'ts.school_unit_id'])
      .where('t.status', '=', 'active')
      .where('u.status', '=', 'active')
      .where('ts.school_unit_id', 'in', schoolIds)
      .execute(),
  ]);
  const group = (rows: { key: string; user: string }[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.key, [...(m.get(r.key) ?? []), r.user]);
    return m;
  };
  return {
    admins: group(adminRows.map((r) => ({ key: r.unit_id, user: r.id }))),
    team: group(teamRows.map((r) => ({ key: r.school_unit_id, user: r.user_id }))),
  };
}

/** Notifications for one batch, inserted idempotently; returns how many were new. */
async function notifyBatch(db: DbOrTrx, hazards: readonly DueHazard[], now: Date): Promise<number> {
  const due = hazards.flatMap((h) => {
    const kind = reminderKindAt(h.due_date, now);
    return kind ? [{ h, kind }] : [];
  });
  if (due.length === 0) return 0;
  const { admins, team } = await recipientsOf(db, due.map((d) => d.h));
  const rows: { user_id: string; kind: string; hazard_id: string; title: string; body: string; dedupe_key: string }[] = [];
  for (const { h, kind } of due) {
    const users = new Set([...(admins.get(h.school_id) ?? []), ...(admins.get(h.unit_id) ?? []), ...(team.get(h.school_id) ?? [])]);
    const text = reminderText(kind, { title: h.title, schoolName: h.school_name, dueDate: h.due_date, state: h.state });
    const dedupe = reminderDedupeKey(h.id, kind, h.due_date);
    for (const user of users) rows.push({ user_id: user, kind, hazard_id: h.id, title: text.title, body: text.body, dedupe_key: dedupe });
  }
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const res = await db
      .insertInto('notification')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
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
      const counts = { hazards: 0, notifications: 0, batches: 0 };
      try {
        let after = '0';
        for (;;) {
          const batch = await dueHazardBatch(conn, dates, after, batchSize);
          if (batch.length === 0) break;
          counts.batches++;
          counts.hazards += batch.length;
          counts.notifications += await notifyBatch(conn, batch, now);
          after = batch[batch.length - 1]!.id;
          if (batch.length < batchSize) break;
        }
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
