import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addDays } from '@xiaoan/domain';
import type { Dashboard } from '@xiaoan/contracts';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { buildInspectionWorld, buildPoint, shanghaiToday } from '../../../test/inspection-fixtures.js';
import { backdateDistrict, createType, months } from '../../../test/report-fixtures.js';

/*
 * The figures that are not hazards equal what their own features answer: daily-check completion
 * the inspections feature's completion report, reporting timeliness the reports feature's
 * completeness of every period due, overdue campaign tasks and supervision coverage a direct count.
 */
describe('dashboard figures from checks, reports, tasks and visits', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'staff' | 'schoolAdminA1' | 'memberB', Client>;
  const today = shanghaiToday();
  const monthStart = `${today.slice(0, 7)}-01`;
  const dash = async (client: Client, q: string): Promise<Dashboard> => {
    const res = await client.get(`/api/dashboard?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dashboard;
  };
  let typeId = '';

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    await backdateDistrict(db, d);
    const w = await buildInspectionWorld(t().app, db, d);
    // A weekly point at B1 too, and the visit to A1 done today.
    await buildPoint(db, { schoolId: d.schoolB1.id, checklistIds: [w.small.id], frequency: 'weekly', activeFrom: addDays(today, -40) });
    await db.updateTable('supervision_visit').set({ status: 'done', visited_on: today }).where('id', '=', w.visitId).execute();
    c = await loginEach(t().app, d.users, ['staff', 'schoolAdminA1', 'memberB']);
    // A monthly report, late accepted: A1 sends the period before last (late), then it is marked on time as if sent in time.
    typeId = (await createType(c.staff, { code: `dash-${d.tag}`, name: '月报', lateAccepted: true })).id;
    const m = months();
    const started = await c.schoolAdminA1.post('/api/report-submissions', { reportTypeId: typeId, period: m.pastDue.key });
    expect(started.statusCode, started.body).toBe(201);
    const s = started.json() as { submission: { id: string; version: number } };
    expect((await c.schoolAdminA1.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version })).statusCode).toBe(200);
    await db.updateTable('report_submission').set({ on_time: true }).where('id', '=', s.submission.id).execute();
    // A campaign task past its deadline: A1's copy not done, B1's done.
    const bureau = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', d.bureau.id).executeTakeFirstOrThrow();
    const campaign = await db.insertInto('campaign').values({ bureau_unit_id: d.bureau.id, bureau_unit_path: bureau.path, title: '专项整治', period_start: addDays(today, -60), period_end: addDays(today, 60), scope: JSON.stringify({ all: true, schoolKinds: [], areaIds: [], schoolIds: [] }), leading_group: '[]', office: null }).returning('id').executeTakeFirstOrThrow();
    const task = await db.insertInto('campaign_task').values({ campaign_id: campaign.id, title: '排查消防通道', lead_department_ids: [d.department.id], deadline: addDays(today, -2) }).returning('id').executeTakeFirstOrThrow();
    for (const [school, status] of [[d.schoolA1, 'not_started'], [d.schoolB1, 'done']] as const) {
      const p = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', school.id).executeTakeFirstOrThrow();
      await sql`INSERT INTO campaign_task_school (task_id, school_unit_id, school_path, status) VALUES (${task.id}, ${school.id}, ${p.path}::ltree, ${status})`.execute(db);
    }
  });

  it('daily-check completion is the inspections feature\'s completion for the same month', async () => {
    const monthEnd = addDays(`${addDays(monthStart, 32).slice(0, 7)}-01`, -1);
    const s = await dash(c.staff, `from=${monthStart}&to=${monthEnd}`);
    const completion = (await c.staff.get('/api/inspection-completion?window=month')).json() as { total: { owed: number; done: number } };
    expect(completion.total.owed).toBeGreaterThan(0);
    expect({ due: s.figures.checksDue, done: s.figures.checksDone }).toEqual({ due: completion.total.owed, done: completion.total.done });
    const a1 = s.children.flatMap((a) => a.figures.checksDue);
    expect(a1.reduce((x, y) => x + y, 0)).toBe(s.figures.checksDue);
  });

  it('reporting timeliness counts each period due in the period as the completeness report does', async () => {
    const from = `${today.slice(0, 4)}-01-01`;
    const s = await dash(c.staff, `from=${from}&to=${today}`);
    const periods = ((await c.staff.get(`/api/report-types/${typeId}/periods?from=${addDays(from, -40)}&to=${today}`)).json() as { items: { key: string; dueDate: string }[] }).items;
    let expected = 0;
    let onTime = 0;
    for (const p of periods.filter((x) => x.dueDate >= from && x.dueDate < today)) {
      const r = (await c.staff.get(`/api/report-types/${typeId}/completeness?period=${p.key}`)).json() as { expected: number; onTime: number };
      expected += r.expected;
      onTime += r.onTime;
    }
    expect(expected).toBeGreaterThan(0);
    expect({ due: s.figures.reportsDue, onTime: s.figures.reportsOnTime }).toEqual({ due: expected, onTime });
    expect(onTime).toBe(1);
  });

  it('counts overdue task copies and visited schools per school, within the caller\'s scope', async () => {
    const s = await dash(c.staff, `from=${addDays(today, -30)}&to=${today}`);
    expect(s.figures).toMatchObject({ overdueTasks: 1, supervisedSchools: 1 });
    const a1 = await dash(c.schoolAdminA1, `from=${addDays(today, -30)}&to=${today}`);
    expect(a1.figures).toMatchObject({ overdueTasks: 1, supervisedSchools: 1 });
    const teamB = await dash(c.memberB, `from=${addDays(today, -30)}&to=${today}`);
    expect(teamB.figures).toMatchObject({ overdueTasks: 0, supervisedSchools: 0 });
  });
});
