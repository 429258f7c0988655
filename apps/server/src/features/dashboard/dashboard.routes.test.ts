import { beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, DashboardFigures } from '@xiaoan/contracts';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildTeam, buildUnit, type District } from '../../../test/factories.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const commitments = (dueDate: string, over: Record<string, unknown> = {}) => ({ owner: '王校长', measures: '更换并加固', funds: 0, dueDate, contingencyPlan: '整改期间专人巡查', ...over });

/** The counts of figures (what children must sum to); rates are checked through their numerators and denominators. */
const COUNTS = ['schools', 'openHazards', 'overdueHazards', 'majorHazards', 'listedHazards', 'rectificationNum', 'rectificationDen', 'checksDone', 'checksDue', 'reportsOnTime', 'reportsDue', 'overdueTasks', 'supervisedSchools'] as const;
function expectChildrenSum(d: Dashboard) {
  for (const k of COUNTS) expect(d.children.reduce((a, c) => a + c.figures[k], 0), k).toBe(d.figures[k]);
  for (const k of ['d1to7', 'd8to30', 'd31to90', 'over90'] as const) expect(d.children.reduce((a, c) => a + c.figures.overdueAge[k], 0), k).toBe(d.figures.overdueAge[k]);
}

describe('GET /api/dashboard: the picture of a unit within the caller\'s scope, its children partitioning it', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let direct: { id: string };
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1' | 'secAdmin', Client>;
  const dash = async (client: Client, query = ''): Promise<Dashboard> => {
    // Two months back, whatever the day of the year the test runs on (the default period starts on 1 January).
    const q = query.includes('from=') ? query : `?from=${daysFromToday(-60)}&to=${today()}${query ? `&${query.slice(1)}` : ''}`;
    const res = await client.get(`/api/dashboard${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dashboard;
  };
  const ledgerOverdue = async (client: Client, filter = '') => ((await client.get(`/api/hazards?overdue=true${filter}`)).json() as { total: number }).total;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    // A school under no area (the district's "unassigned" child), also in no team.
    direct = await buildUnit(db, { kind: 'school', parentId: d.bureau.id, name: `直属中学-${d.tag}`, schoolKind: 'middle' });
    // A second team that also covers A1: A1 still counts under team A (the first by sort order), so children partition.
    await buildTeam(db, { bureauId: d.bureau.id, name: `丙督查组-${d.tag}`, schoolIds: [d.schoolA1.id] });
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1', 'secAdmin']);
    const [otherAdmin] = Object.values(await loginEach(t().app, other.users, ['schoolAdminA1']));

    const report = async (client: Client, unitId: string, over: Record<string, unknown> = {}) => {
      const res = await client.post('/api/hazards', { unitId, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '压力不足', foundAt: today(), foundBy: '李华', ...over });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { hazard: { id: string; version: number } };
    };
    // School A1: one reported; one overdue by a day and listed; one major at its campus, overdue by 40 days.
    await report(c.schoolStaffA1, d.schoolA1.id);
    const late = await report(c.schoolAdminA1, d.schoolA1.id, { domain: 'buildings', foundAt: daysFromToday(-30), register: commitments(daysFromToday(-1)) });
    expect((await c.staff.post(`/api/hazards/${late.hazard.id}/list`, { version: late.hazard.version, reason: '逾期未整改，挂牌督办' })).statusCode).toBe(200);
    await report(c.schoolAdminA1, d.campusA1.id, { domain: 'buildings', grade: 'major', foundAt: daysFromToday(-50), register: commitments(daysFromToday(-40), { interimControls: '设置警戒线，禁止学生进入', watcher: '张老师' }) });
    // School B1 (team B's): one registered, not yet due; one rejected (found, but not counted in the rate).
    await report(c.schoolAdminB1, d.schoolB1.id, { domain: 'food', register: commitments(daysFromToday(10)) });
    const dup = await report(c.schoolAdminB1, d.schoolB1.id);
    expect((await c.schoolAdminB1.post(`/api/hazards/${dup.hazard.id}/reject`, { version: dup.hazard.version, reason: 'duplicate', text: '重复上报' })).statusCode).toBe(200);
    // Another district: never counted here.
    await report(otherAdmin!, other.schoolA1.id, { domain: 'gas', foundAt: daysFromToday(-9), register: commitments(daysFromToday(-3)) });
  });

  it('gives the bureau its whole district by area, the schools under no area as one more child, each count the sum of the children\'s', async () => {
    const s = await dash(c.staff);
    expect(s.unit).toEqual({ id: d.bureau.id, name: `测试区教育局-${d.tag}`, kind: 'bureau' });
    expect(s.by).toBe('area');
    expect(s.trail).toEqual([s.unit]);
    expect(s.figures).toMatchObject<Partial<DashboardFigures>>({
      schools: 5,
      openHazards: 4,
      overdueHazards: 2,
      majorHazards: 1,
      listedHazards: 1,
      rectificationNum: 0,
      rectificationDen: 4,
      rectificationRate: 0,
      overdueAge: { d1to7: 1, d8to30: 0, d31to90: 1, over90: 0 },
      oldestOverdueDays: 40,
      overdueTasks: 0,
    });
    expect(s.children.map((ch) => [ch.unit.kind, ch.unit.id])).toEqual([
      ['area', d.area1.id],
      ['area', d.area2.id],
      ['unassigned', d.bureau.id],
    ]);
    expect(s.children.map((ch) => ch.figures.openHazards)).toEqual([3, 1, 0]);
    expectChildrenSum(s);
    expect(s.openByDomain).toEqual([
      { domain: 'buildings', open: 2, overdue: 2 },
      { domain: 'fire', open: 1, overdue: 0 },
      { domain: 'food', open: 1, overdue: 0 },
    ]);
    expect(s.ranking[0]!.unit).toEqual({ id: d.schoolA1.id, name: `甲一小学-${d.tag}`, kind: 'school' });
    expect(s.ranking.map((r) => r.unit.id)).not.toContain(direct.id);
    const thisMonth = today().slice(0, 7);
    expect(s.trend.at(-1)).toMatchObject({ month: thisMonth });
    expect(s.trend.reduce((a, m) => a + m.found, 0)).toBe(5);
    expect(await dash(c.leader)).toEqual({ ...s, asOf: expect.any(String) });
  });

  it('by team: the active teams (a school in two teams under its first) and the schools no team holds', async () => {
    const s = await dash(c.staff, '?by=team');
    expect(s.by).toBe('team');
    expect(s.children.map((ch) => ch.unit.kind)).toEqual(['team', 'team', 'team', 'unassigned']);
    expect(s.children.map((ch) => ch.figures.schools)).toEqual([2, 2, 0, 1]);
    expectChildrenSum(s);
  });

  it('answers overdueHazards equal to the ledger\'s overdue total for the district, each area, each team and each school', async () => {
    const s = await dash(c.staff);
    expect(s.figures.overdueHazards).toBe(await ledgerOverdue(c.staff));
    for (const ch of s.children.filter((x) => x.unit.kind === 'area')) expect(ch.figures.overdueHazards).toBe(await ledgerOverdue(c.staff, `&areaId=${ch.unit.id}`));
    for (const team of [d.teamA, d.teamB]) {
      const tv = await dash(c.staff, `?teamId=${team.id}`);
      expect(tv.unit).toMatchObject({ id: team.id, kind: 'team' });
      expect(tv.figures.overdueHazards).toBe(await ledgerOverdue(c.staff, `&teamId=${team.id}`));
      expectChildrenSum(tv);
    }
    for (const school of [d.schoolA1, d.schoolA2, d.schoolB1]) {
      const sv = await dash(c.staff, `?unitId=${school.id}`);
      expect(sv.children).toEqual([]);
      expect(sv.figures.overdueHazards).toBe(await ledgerOverdue(c.staff, `&schoolId=${school.id}`));
    }
  });

  it('drills down district → area → school with the trail of the way there', async () => {
    const area = await dash(c.staff, `?unitId=${d.area1.id}`);
    expect(area.unit.kind).toBe('area');
    expect(area.by).toBeNull();
    expect(area.children.map((ch) => ch.unit.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    expectChildrenSum(area);
    const school = await dash(c.staff, `?unitId=${d.schoolA1.id}`);
    expect(school.trail.map((u) => u.id)).toEqual([d.bureau.id, d.area1.id, d.schoolA1.id]);
    expect(school.ranking).toEqual([]);
    const viaTeam = await dash(c.staff, `?teamId=${d.teamA.id}&unitId=${d.schoolA1.id}`);
    expect(viaTeam.trail.map((u) => u.kind)).toEqual(['bureau', 'team', 'school']);
  });

  it('gives a team member only the team\'s schools and never a figure including another team\'s', async () => {
    const s = await dash(c.memberA);
    expect(s.unit).toMatchObject({ id: d.teamA.id, kind: 'team' });
    expect(s.figures).toMatchObject({ schools: 2, openHazards: 3, overdueHazards: 2 });
    expect(s.children.map((ch) => ch.unit.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    expect(s.openByDomain.map((x) => x.domain)).not.toContain('food');
    expectChildrenSum(s);
    expect(s.figures.overdueHazards).toBe(await ledgerOverdue(c.memberA));
    const b = await dash(c.memberB);
    expect(b.figures).toMatchObject({ schools: 2, openHazards: 1, overdueHazards: 0, rectificationDen: 1 });
    for (const q of [`?unitId=${d.schoolB1.id}`, `?teamId=${d.teamB.id}`, `?unitId=${d.area1.id}`, `?unitId=${d.bureau.id}`]) {
      expect((await c.memberA.get(`/api/dashboard${q}`)).statusCode, q).toBe(404);
    }
  });

  it('gives a school only itself (its campus included), without children', async () => {
    for (const client of [c.schoolAdminA1, c.schoolStaffA1]) {
      const s = await dash(client);
      expect(s.unit).toMatchObject({ id: d.schoolA1.id, kind: 'school' });
      expect(s.figures).toMatchObject({ schools: 1, openHazards: 3, overdueHazards: 2, majorHazards: 1 });
      expect(s.children).toEqual([]);
    }
    const b1 = await dash(c.schoolAdminB1);
    expect(b1.figures).toMatchObject({ openHazards: 1, overdueHazards: 0, rectificationDen: 1 });
    for (const q of [`?unitId=${d.schoolB1.id}`, `?unitId=${d.bureau.id}`, `?teamId=${d.teamA.id}`]) {
      expect((await c.schoolAdminA1.get(`/api/dashboard${q}`)).statusCode, q).toBe(404);
    }
  });

  it('answers 404 for another district\'s unit, team or campaign, and 400 with a Chinese message for a bad query', async () => {
    for (const q of [`?unitId=${other.schoolA1.id}`, `?unitId=${other.bureau.id}`, `?teamId=${other.teamA.id}`, '?campaignId=999999999', '?unitId=999999999']) {
      const res = await c.staff.get(`/api/dashboard${q}`);
      expect(res.statusCode, q).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const reversed = await c.staff.get('/api/dashboard?from=2026-05-01&to=2026-04-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toBe('to: 结束日期不能早于开始日期');
    for (const q of ['?by=school', '?unitId=abc', '?from=2026-13-01', '?colour=red']) expect((await c.staff.get(`/api/dashboard${q}`)).statusCode, q).toBe(400);
    expect((await c.secAdmin.get('/api/dashboard')).statusCode).toBe(403);
  });

  it('limits the period: hazards found before it leave the rate, open ones stay', async () => {
    const s = await dash(c.staff, `?from=${daysFromToday(-20)}&to=${today()}`);
    expect(s.period).toEqual({ from: daysFromToday(-20), to: today() });
    expect(s.figures).toMatchObject({ openHazards: 4, rectificationDen: 2 });
    expectChildrenSum(s);
  });
});
