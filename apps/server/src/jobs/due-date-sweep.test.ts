import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@xiaoan/domain';
import { createTestDb, type TestDb } from '../../test/db.js';
import { buildDistrict, type District } from '../../test/factories.js';
import { runReminderSweep } from './reminder-sweep.js';

/** 10:00 Beijing time on a calendar date. */
const beijing10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('due-date sweep: campaign tasks', () => {
  let tdb: TestDb;
  let d: District;

  beforeAll(async () => {
    tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
  });
  afterAll(async () => {
    await tdb.close();
  });

  const task = async (deadline: string, status: 'not_started' | 'done' = 'not_started') => {
    const db = tdb.db;
    const bureauPath = (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${d.bureau.id}`.execute(db)).rows[0]!.p;
    const c = await db
      .insertInto('campaign')
      .values({
        bureau_unit_id: d.bureau.id,
        bureau_unit_path: bureauPath,
        title: '校园安全专项整治',
        period_start: '2031-01-01',
        period_end: '2031-12-31',
        scope: JSON.stringify({ all: true, schoolKinds: [], areaIds: [], schoolIds: [] }),
        leading_group: JSON.stringify([]),
        office: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const t = await db
      .insertInto('campaign_task')
      .values({ campaign_id: c.id, title: `排查消防设施-${deadline}`, lead_department_ids: [d.department.id], deadline, status })
      .returning('id')
      .executeTakeFirstOrThrow();
    return t.id;
  };
  const notes = async (userId: string) =>
    (await tdb.db.selectFrom('notification').select(['kind', 'dedupe_key', 'title', 'hazard_id']).where('user_id', '=', userId).where('kind', 'like', 'task_%').orderBy('id').execute());

  it('tells the lead department of a task due in 3 days, once, and not of a finished one', async () => {
    const today = '2031-03-10';
    const id = await task(addDays(today, 3));
    await task(addDays(today, 3), 'done');
    const first = await runReminderSweep(tdb.db, beijing10(today));
    expect(first).toMatchObject({ skipped: false, tasks: 1, taskNotifications: 1 });
    const got = await notes(d.users.staff.id);
    expect(got).toEqual([{ kind: 'task_due_soon', dedupe_key: `task:${id}:due_in_3_days:${addDays(today, 3)}`, title: `任务还有 3 天到期：排查消防设施-${addDays(today, 3)}`, hazard_id: null }]);
    // Users outside the department hear nothing.
    expect(await notes(d.users.leader.id)).toEqual([]);
    const again = await runReminderSweep(tdb.db, beijing10(today));
    expect(again).toMatchObject({ skipped: false, taskNotifications: 0 });
  });

  it('sends the overdue reminder once across the catch-up days', async () => {
    const deadline = '2031-04-01';
    const id = await task(deadline);
    await runReminderSweep(tdb.db, beijing10(addDays(deadline, 1)));
    await runReminderSweep(tdb.db, beijing10(addDays(deadline, 2)));
    const overdue = (await notes(d.users.staff.id)).filter((n) => n.dedupe_key.startsWith(`task:${id}:`));
    expect(overdue.map((n) => n.kind)).toEqual(['task_overdue']);
  });
});
