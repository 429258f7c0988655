import { beforeAll, describe, expect, it } from 'vitest';
import { loginEach, useTestApp } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { backdateDistrict, createType } from '../../../test/report-fixtures.js';
import { runReminderSweep } from '../../jobs/reminder-sweep.js';

/** 10:00 Beijing time on a calendar date. */
const beijing10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('reporting reminders in the due-date sweep', () => {
  const t = useTestApp();
  let d: District;
  let typeId: string;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    await backdateDistrict(db, d);
    const c = await loginEach(t().app, d.users, ['staff']);
    typeId = (await createType(c.staff, { code: 'monthly-hazard-list', name: '每月隐患问题清单' })).id;
    // School A1 has already submitted March 2030 (written as the submit command writes it).
    const a1 = await db.selectFrom('unit').select('path').where('id', '=', d.schoolA1.id).executeTakeFirstOrThrow();
    const s = await db
      .insertInto('report_submission')
      .values({
        report_type_id: typeId,
        period_key: '2030-03',
        submitter_kind: 'school',
        unit_id: d.schoolA1.id,
        unit_path: a1.path,
        due_date: '2030-04-01',
        state: 'submitted',
        current_version: 1,
        first_submitted_at: beijing10('2030-03-28'),
        on_time: true,
        submitted_at: beijing10('2030-03-28'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('report_submission_version')
      .values({ submission_id: s.id, version_no: 1, content: '{}', narrative: '{}', submitted_by: d.users.schoolAdminA1.id, submitted_at: beijing10('2030-03-28'), late: false })
      .execute();
  });

  const notes = async (userId: string) =>
    t().tdb.db.selectFrom('notification').select(['kind', 'title', 'body', 'dedupe_key']).where('user_id', '=', userId).where('kind', 'like', 'report_%').orderBy('id').execute();

  it('3 days before the due date reminds the users of each school that has not submitted, once however often the sweep runs', async () => {
    const first = await runReminderSweep(t().tdb.db, beijing10('2030-03-29'));
    expect(first).toMatchObject({ skipped: false, reports: 3 });
    const b1 = await notes(d.users.schoolAdminB1.id);
    expect(b1).toHaveLength(1);
    expect(b1[0]).toMatchObject({ kind: 'report_due_soon', title: '每月隐患问题清单还有 3 天截止：2030年3月', dedupe_key: `report:${typeId}:2030-03:${d.schoolB1.id}:due_in_3_days` });
    expect(b1[0]!.body).toContain('2030-04-01 24时前');
    expect(await notes(d.users.schoolAdminA1.id)).toHaveLength(0);
    const again = await runReminderSweep(t().tdb.db, beijing10('2030-03-29'));
    expect(again).toMatchObject({ skipped: false, reportNotifications: 0 });
    expect(await notes(d.users.schoolAdminB1.id)).toHaveLength(1);
  });

  it('1 day before: a second reminder with its own key', async () => {
    await runReminderSweep(t().tdb.db, beijing10('2030-03-31'));
    const b1 = await notes(d.users.schoolAdminB1.id);
    expect(b1.map((n) => n.title)).toEqual(['每月隐患问题清单还有 3 天截止：2030年3月', '每月隐患问题清单明天截止：2030年3月']);
  });

  it('the day after the due date the missing list goes to each covering team (its schools) and to the bureau, once', async () => {
    const first = await runReminderSweep(t().tdb.db, beijing10('2030-04-02'));
    expect(first).toMatchObject({ skipped: false });
    const staff = await notes(d.users.staff.id);
    expect(staff).toHaveLength(1);
    expect(staff[0]!.title).toBe('每月隐患问题清单（2030年3月）3 个单位未报送');
    expect(staff[0]!.body).not.toContain(d.schoolA1.name);
    for (const s of [d.schoolA2, d.schoolB1, d.schoolB2]) expect(staff[0]!.body).toContain(s.name);
    const memberA = await notes(d.users.memberA.id);
    expect(memberA).toHaveLength(1);
    expect(memberA[0]!.body).toContain(d.schoolA2.name);
    expect(memberA[0]!.body).not.toContain(d.schoolB1.name);
    const memberB = await notes(d.users.memberB.id);
    expect(memberB[0]!.title).toBe('每月隐患问题清单（2030年3月）本组 2 所学校未报送');
    await runReminderSweep(t().tdb.db, beijing10('2030-04-02'));
    await runReminderSweep(t().tdb.db, beijing10('2030-04-03'));
    expect(await notes(d.users.staff.id)).toHaveLength(1);
    expect(await notes(d.users.memberA.id)).toHaveLength(1);
  });
});
