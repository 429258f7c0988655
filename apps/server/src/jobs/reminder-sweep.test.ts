import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, applyAction, type Hazard, type HazardActionInputs, type HazardAction, type Role } from '@xiaoan/domain';
import { createTestDb, type TestDb } from '../../test/db.js';
import { buildDistrict, buildTeam, buildUser, type District } from '../../test/factories.js';
import { insertHazard, projectHazard } from '../features/hazards/hazard.repository.js';
import { REMINDER_SWEEP_LOCK_KEY, runReminderSweep } from './reminder-sweep.js';

/** 10:00 Beijing time on a calendar date. */
const beijing10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('reminder sweep', () => {
  let tdb: TestDb;
  let d: District;
  let extraAdminA1: string, disabledAdminA1: string, memberC: string, campusAdmin: string;

  beforeAll(async () => {
    tdb = await createTestDb();
    const db = tdb.db;
    d = await buildDistrict(db);
    extraAdminA1 = (await buildUser(db, { role: 'school_admin', unitId: d.schoolA1.id, withLogin: false })).id;
    disabledAdminA1 = (await buildUser(db, { role: 'school_admin', unitId: d.schoolA1.id })).id;
    await db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', disabledAdminA1).execute();
    campusAdmin = (await buildUser(db, { role: 'school_admin', unitId: d.campusA1.id })).id;
    // A second team also covers A1; a disabled team covering A1 notifies nobody.
    memberC = (await buildUser(db, { role: 'team_member', unitId: d.bureau.id })).id;
    await buildTeam(db, { bureauId: d.bureau.id, memberIds: [memberC], schoolIds: [d.schoolA1.id] });
    const ghost = (await buildUser(db, { role: 'team_member', unitId: d.bureau.id })).id;
    const off = await buildTeam(db, { bureauId: d.bureau.id, memberIds: [ghost], schoolIds: [d.schoolA1.id] });
    await db.updateTable('supervision_team').set({ status: 'disabled' }).where('id', '=', off.id).execute();
  });
  afterAll(async () => {
    await tdb.close();
  });

  const units = async () => {
    const rows = await tdb.db.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('id', 'in', [d.schoolA1.id, d.schoolB1.id, d.campusA1.id]).execute();
    return new Map(rows.map((r) => [r.id, r.path]));
  };

  /** A hazard driven through the state machine to `state`, registered with `dueDate`, stored as the service stores it. */
  const hazard = async (v: { unitId?: string; schoolId?: string; dueDate: string; state: 'registered' | 'rectifying' | 'pending_verification' | 'closed'; title?: string }) => {
    const unitId = v.unitId ?? d.schoolA1.id;
    const schoolId = v.schoolId ?? (unitId === d.schoolB1.id ? d.schoolB1.id : d.schoolA1.id);
    const adminId = schoolId === d.schoolB1.id ? d.users.schoolAdminB1.id : d.users.schoolAdminA1.id;
    const memberId = schoolId === d.schoolB1.id ? d.users.memberB.id : d.users.memberA.id;
    const foundAt = addDays(v.dueDate, -20);
    let doc: Hazard | null = null;
    let at = beijing10(foundAt);
    const step = <A extends HazardAction>(action: A, input: HazardActionInputs[A], userId: string, role: Role) => {
      at = new Date(at.getTime() + 3600_000);
      const r = applyAction(doc, action, input, { userId, role, actorCoversUnit: true }, at);
      if (!r.ok) throw new Error(`${action}: ${r.message}`);
      doc = r.next;
    };
    step('report', { unitId, domain: 'fire', grade: 'general', source: 'self', title: v.title ?? '灭火器过期', description: '教学楼灭火器压力不足', foundAt, foundBy: '李老师' }, adminId, 'school_admin');
    step('register', { owner: '总务处 王主任', measures: '更换灭火器', fundsFen: 120000, dueDate: v.dueDate, contingencyPlan: '增配临时灭火器' }, adminId, 'school_admin');
    if (v.state !== 'registered') step('start_rectification', {}, adminId, 'school_admin');
    if (v.state === 'pending_verification' || v.state === 'closed') {
      step('request_verification', { evidence: [{ fileId: '1', kind: 'photo' }], note: '已更换' }, adminId, 'school_admin');
    }
    if (v.state === 'closed') step('close', { comment: '合格' }, memberId, 'team_member');
    const path = (await units()).get(unitId)!;
    return insertHazard(tdb.db, doc!, projectHazard(doc!, { path, schoolId }));
  };

  const notes = async (hazardId: string) =>
    tdb.db.selectFrom('notification').select(['user_id', 'kind', 'title', 'body', 'dedupe_key']).where('hazard_id', '=', hazardId).orderBy('user_id').execute();

  it('3 days before the due date notifies each school admin and member of the teams of that school once, nobody else', async () => {
    const due = '2030-03-13';
    const id = await hazard({ dueDate: due, state: 'rectifying', title: '消防通道堵塞' });
    const other = await hazard({ unitId: d.schoolB1.id, dueDate: due, state: 'rectifying' });
    const r = await runReminderSweep(tdb.db, beijing10('2030-03-10'));
    expect(r).toMatchObject({ skipped: false, today: '2030-03-10' });
    const got = await notes(id);
    expect(got.map((n) => n.user_id).sort()).toEqual([d.users.schoolAdminA1.id, extraAdminA1, d.users.memberA.id, memberC].sort());
    expect(got.every((n) => n.kind === 'due_in_3_days' && n.dedupe_key === `hazard:${id}:due_in_3_days:${due}`)).toBe(true);
    expect(got[0]!.title).toBe('整改时限还有 3 天：消防通道堵塞');
    expect(got[0]!.body).toContain('2030-03-13');
    expect((await notes(other)).map((n) => n.user_id).sort()).toEqual([d.users.schoolAdminB1.id, d.users.memberB.id].sort());

    const run = await tdb.db.selectFrom('job_run').selectAll().where('id', '=', (r as { runId: string }).runId).executeTakeFirstOrThrow();
    expect(run.job).toBe('reminder_sweep');
    expect(run.finished_at).not.toBeNull();
    expect(run.details).toMatchObject({ today: '2030-03-10', hazards: 2, notifications: 6 });
  });

  it('running twice sends nothing twice', async () => {
    const id = await hazard({ dueDate: '2030-04-13', state: 'registered' });
    const now = beijing10('2030-04-12');
    const first = await runReminderSweep(tdb.db, now);
    const second = await runReminderSweep(tdb.db, now);
    expect(first).toMatchObject({ skipped: false, notifications: 4 });
    expect(second).toMatchObject({ skipped: false, hazards: 1, notifications: 0 });
    const got = await notes(id);
    expect(got).toHaveLength(4);
    expect(got.every((n) => n.kind === 'due_in_1_day')).toBe(true);
  });

  it('two concurrent runs: one is skipped by the lock, nothing is sent twice', async () => {
    const id = await hazard({ dueDate: '2030-05-13', state: 'pending_verification' });
    const now = beijing10('2030-05-10');
    let release!: () => void;
    const otherFinished = new Promise<void>((r) => (release = r));
    // Whoever takes the lock waits until the other run has returned, so they truly overlap.
    const run = () => runReminderSweep(tdb.db, now, { afterLock: () => otherFinished }).finally(release);
    const results = await Promise.all([run(), run()]);
    expect(results.filter((r) => r.skipped)).toHaveLength(1);
    expect(results.find((r) => !r.skipped)).toMatchObject({ notifications: 4 });
    expect(await notes(id)).toHaveLength(4);
    const again = await Promise.all([runReminderSweep(tdb.db, now), runReminderSweep(tdb.db, now)]);
    expect(again.reduce((n, r) => n + (r.skipped ? 0 : r.notifications), 0)).toBe(0);
    expect(await notes(id)).toHaveLength(4);
  });

  it('is skipped while another instance holds the lock', async () => {
    await tdb.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${REMINDER_SWEEP_LOCK_KEY})`.execute(conn);
      try {
        expect(await runReminderSweep(tdb.db, beijing10('2030-05-20'))).toEqual({ skipped: true });
      } finally {
        await sql`SELECT pg_advisory_unlock(${REMINDER_SWEEP_LOCK_KEY})`.execute(conn);
      }
    });
    expect((await runReminderSweep(tdb.db, beijing10('2030-05-20'))).skipped).toBe(false);
  });

  it('due yesterday → overdue; closed hazards → nothing', async () => {
    const late = await hazard({ dueDate: '2030-06-09', state: 'rectifying', title: '围墙开裂' });
    const closed = await hazard({ dueDate: '2030-06-09', state: 'closed' });
    const closedSoon = await hazard({ dueDate: '2030-06-13', state: 'closed' });
    await runReminderSweep(tdb.db, beijing10('2030-06-10'));
    const got = await notes(late);
    expect(got).toHaveLength(4);
    expect(got.every((n) => n.kind === 'overdue')).toBe(true);
    expect(got[0]!.title).toBe('隐患已逾期：围墙开裂');
    expect(got[0]!.body).toContain('逾期说明');
    expect(await notes(closed)).toEqual([]);
    expect(await notes(closedSoon)).toEqual([]);
  });

  it('counts days in Beijing time: 15:59:59Z of the due date is still on time, 16:00:00Z is overdue', async () => {
    const id = await hazard({ dueDate: '2030-07-10', state: 'registered' });
    await runReminderSweep(tdb.db, new Date('2030-07-10T15:59:59Z'));
    expect(await notes(id)).toEqual([]);
    await runReminderSweep(tdb.db, new Date('2030-07-10T16:00:00Z'));
    expect((await notes(id)).map((n) => n.kind)).toEqual(['overdue', 'overdue', 'overdue', 'overdue']);
    // And the day before: 16:00Z of D-4 is already D-3 in Beijing.
    const soon = await hazard({ dueDate: '2030-07-20', state: 'registered' });
    await runReminderSweep(tdb.db, new Date('2030-07-16T15:59:59Z'));
    expect(await notes(soon)).toEqual([]);
    await runReminderSweep(tdb.db, new Date('2030-07-16T16:00:00Z'));
    expect((await notes(soon)).map((n) => n.kind)).toEqual(Array(4).fill('due_in_3_days'));
  });

  it('notifies the admin of a campus about its hazards; a new due date (extension) allows new reminders', async () => {
    const id = await hazard({ unitId: d.campusA1.id, schoolId: d.schoolA1.id, dueDate: '2030-08-13', state: 'rectifying' });
    await runReminderSweep(tdb.db, beijing10('2030-08-10'));
    expect((await notes(id)).map((n) => n.user_id)).toContain(campusAdmin);
    // An approved extension moves the due date; the projection carries it.
    // (Every change of a hazard comes with its history row, in the same transaction.)
    await tdb.db.transaction().execute(async (trx) => {
      await trx.updateTable('hazard').set({ due_date: '2030-08-23' }).where('id', '=', id).execute();
      const h = await trx.selectFrom('hazard').select(['state', 'reported_by']).where('id', '=', id).executeTakeFirstOrThrow();
      await trx.insertInto('hazard_event').values({ hazard_id: id, actor_user_id: h.reported_by, action: 'approve_extension', from_state: h.state, to_state: h.state } as never).execute();
    });
    await runReminderSweep(tdb.db, beijing10('2030-08-20'));
    const kinds = (await notes(id)).map((n) => n.dedupe_key);
    expect(new Set(kinds)).toEqual(new Set([`hazard:${id}:due_in_3_days:2030-08-13`, `hazard:${id}:due_in_3_days:2030-08-23`]));
  });

  it('reads in keyset batches', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await hazard({ unitId: d.schoolB1.id, dueDate: '2030-09-13', state: 'registered' }));
    const r = await runReminderSweep(tdb.db, beijing10('2030-09-12'), { batchSize: 2 });
    expect(r).toMatchObject({ skipped: false, hazards: 5, batches: 3, notifications: 10 });
  });
});
