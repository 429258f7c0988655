import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@xiaoan/domain';
import { createTestDb, type TestDb } from '../../test/db.js';
import { buildDistrict, buildFile, type District } from '../../test/factories.js';
import { runReminderSweep } from './reminder-sweep.js';

/** 10:00 Beijing time on a calendar date. */
const beijing10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('due-date sweep: measures (制度措施)', () => {
  let tdb: TestDb;
  let d: District;
  let path: string;

  beforeAll(async () => {
    tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
    path = (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${d.schoolA1.id}`.execute(tdb.db)).rows[0]!.p;
  });
  afterAll(async () => {
    await tdb.close();
  });

  const measure = async (title: string, dueOn: string, status: 'planned' | 'in_progress' = 'planned') =>
    (
      await tdb.db
        .insertInto('measure')
        .values({ unit_id: d.schoolA1.id, unit_path: path, title, kind: 'rule', owner_name: '王主任', due_on: dueOn, status, created_by: d.users.schoolAdminA1.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const notes = async (userId: string, id: string) =>
    tdb.db.selectFrom('notification').select(['kind', 'title', 'link']).where('user_id', '=', userId).where('dedupe_key', 'like', `measure:${id}:%`).orderBy('id').execute();

  it('reminds the school admins 3 days before, once, with a link to the measure; others hear nothing', async () => {
    const today = '2032-03-10';
    const id = await measure('门卫值守制度', addDays(today, 3), 'in_progress');
    const first = await runReminderSweep(tdb.db, beijing10(today));
    expect(first).toMatchObject({ skipped: false, measures: 1, measureNotifications: 1 });
    expect(await notes(d.users.schoolAdminA1.id, id)).toEqual([{ kind: 'measure_due_soon', title: '制度措施还有 3 天到期：门卫值守制度', link: `/measures/${id}` }]);
    expect(await notes(d.users.schoolAdminB1.id, id)).toEqual([]);
    expect(await notes(d.users.schoolStaffA1.id, id)).toEqual([]);
    const again = await runReminderSweep(tdb.db, beijing10(today));
    expect(again).toMatchObject({ skipped: false, measureNotifications: 0 });
  });

  it('sends the overdue reminder once across the catch-up days, and none for an established measure', async () => {
    const due = '2032-04-01';
    const id = await measure('食堂留样制度', due);
    await runReminderSweep(tdb.db, beijing10(addDays(due, 1)));
    await runReminderSweep(tdb.db, beijing10(addDays(due, 2)));
    expect((await notes(d.users.schoolAdminA1.id, id)).map((n) => n.kind)).toEqual(['measure_overdue']);
    // Established before its due date: no reminder.
    const done = await measure('消防设施维护保养制度', addDays('2032-05-01', 3));
    await tdb.db.updateTable('measure').set({ status: 'established', adopted_on: '2032-04-28', document_file_id: await buildFile(tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id, kind: 'document' }) }).where('id', '=', done).execute();
    await runReminderSweep(tdb.db, beijing10('2032-05-01'));
    expect(await notes(d.users.schoolAdminA1.id, done)).toEqual([]);
  });
});
