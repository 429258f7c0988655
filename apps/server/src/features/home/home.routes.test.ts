import { beforeAll, describe, expect, it } from 'vitest';
import type { HomeSummary } from '@xiaoan/contracts';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildTeam, buildUnit, type District } from '../../../test/factories.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const commitments = (dueDate: string) => ({ owner: '王校长', measures: '更换并加固', funds: 0, dueDate, contingencyPlan: '整改期间专人巡查' });

describe('GET /api/home/summary: every figure of a home page in one answer, within the caller\'s scope', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1' | 'secAdmin' | 'auditor' | 'admin', Client>;
  const summary = async (client: Client): Promise<HomeSummary> => {
    const res = await client.get('/api/home/summary');
    expect(res.statusCode).toBe(200);
    return res.json() as HomeSummary;
  };

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    // A school directly under the bureau (no area) and a team with no schools yet.
    await buildUnit(db, { kind: 'school', parentId: d.bureau.id, name: `直属中学-${d.tag}`, schoolKind: 'middle' });
    await buildTeam(db, { bureauId: d.bureau.id, name: `丙督查组-${d.tag}` });
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1', 'secAdmin', 'auditor', 'admin']);
    const [otherAdmin] = Object.values(await loginEach(t().app, other.users, ['schoolAdminA1']));

    const report = (client: Client, unitId: string, over: Record<string, unknown> = {}) =>
      client.post('/api/hazards', { unitId, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '压力不足', foundAt: today(), foundBy: '李华', ...over });
    // School A1: one reported (fire), one registered and overdue (buildings), then listed by the bureau.
    expect((await report(c.schoolStaffA1, d.schoolA1.id)).statusCode).toBe(201);
    const late = (await report(c.schoolAdminA1, d.schoolA1.id, { domain: 'buildings', foundAt: daysFromToday(-30), register: commitments(daysFromToday(-1)) })).json();
    expect((await c.staff.post(`/api/hazards/${late.hazard.id}/list`, { version: late.hazard.version, reason: '逾期未整改，挂牌督办' })).statusCode).toBe(200);
    // School B1 (team B's): one registered, not yet due.
    expect((await report(c.schoolAdminB1, d.schoolB1.id, { domain: 'food', register: commitments(daysFromToday(10)) })).statusCode).toBe(201);
    // Another district: never counted here.
    expect((await report(otherAdmin!, other.schoolA1.id, { domain: 'gas' })).statusCode).toBe(201);
  });

  it('gives the bureau the whole district: hazards by state and domain, schools per area and per team', async () => {
    const s = await summary(c.staff);
    expect(s.hazards).toMatchObject({ total: 3, open: 3, overdue: 1, listed: 1 });
    // 登记 puts a hazard in 整改中 in the same step (issue 15, item 4), so the two registered ones count as rectifying.
    expect(s.hazards!.byState).toEqual({ reported: 1, registered: 0, rejected: 0, rectifying: 2, pending_verification: 0, closed: 0 });
    expect(s.hazards!.openByDomain.map((r) => r.domain).sort()).toEqual(['buildings', 'fire', 'food']);
    expect(s.org).toMatchObject({ schools: 5, areas: 2, campuses: 1, unassignedSchools: 1, teams: 3 });
    expect(s.org.perArea).toEqual([
      { id: d.area1.id, name: `一片区-${d.tag}`, count: 2 },
      { id: d.area2.id, name: `二片区-${d.tag}`, count: 2 },
      { id: null, name: '直属学校（未分片区）', count: 1 },
    ]);
    expect(s.org.perTeam).toEqual([
      { id: d.teamA.id, name: d.teamA.name, count: 2 },
      { id: d.teamB.id, name: d.teamB.name, count: 2 },
      { id: expect.any(String), name: `丙督查组-${d.tag}`, count: 0 },
    ]);
    expect((await summary(c.leader)).hazards).toEqual(s.hazards);
  });

  it('gives a school only its own counts (its campus included), never its neighbours\'', async () => {
    for (const client of [c.schoolAdminA1, c.schoolStaffA1]) {
      const s = await summary(client);
      expect(s.hazards).toMatchObject({ total: 2, open: 2, overdue: 1, listed: 1, byState: { reported: 1, rectifying: 1 } });
      expect(s.hazards!.openByDomain).toEqual([
        { domain: 'buildings', count: 1 },
        { domain: 'fire', count: 1 },
      ]);
      expect(s.org).toMatchObject({ schools: 1, areas: 0, campuses: 1, unassignedSchools: 0 });
      expect(s.org.perArea).toEqual([{ id: d.area1.id, name: `一片区-${d.tag}`, count: 1 }]);
      expect(s.org.perTeam).toEqual([{ id: d.teamA.id, name: d.teamA.name, count: 1 }]);
    }
    const b1 = await summary(c.schoolAdminB1);
    expect(b1.hazards).toMatchObject({ total: 1, open: 1, overdue: 0, listed: 0, openByDomain: [{ domain: 'food', count: 1 }] });
  });

  it('gives a team only the schools it supervises', async () => {
    const s = await summary(c.memberA);
    expect(s.hazards).toMatchObject({ total: 2, open: 2, overdue: 1, listed: 1 });
    expect(s.hazards!.openByDomain.map((r) => r.domain)).not.toContain('food');
    expect(s.org).toMatchObject({ schools: 2, areas: 0, unassignedSchools: 0 });
    expect(s.org.perArea).toEqual([{ id: d.area1.id, name: `一片区-${d.tag}`, count: 2 }]);
    expect(s.org.perTeam).toEqual([{ id: d.teamA.id, name: d.teamA.name, count: 2 }]);
  });

  it('leaves out what the role may not read: no hazards for the security and audit administrators, accounts only where users may be read', async () => {
    const sec = await summary(c.secAdmin);
    expect(sec.hazards).toBeNull();
    // Every login of the district (the factory gives each of its ten users one); four roles must bind a second factor.
    expect(sec.accounts).toMatchObject({ total: 10, disabled: 0, mustChangePassword: 0 });
    expect(sec.accounts!.perRole.reduce((a, r) => a + r.count, 0)).toBe(10);
    // The test client bound an authenticator for each administrator it signed in, so those are no longer missing.
    expect(sec.accounts!.missingSecondFactorUsers.map((u) => u.role).every((r) => ['system_admin', 'security_admin', 'audit_admin', 'bureau_leader'].includes(r))).toBe(true);
    expect(sec.accounts!.missingSecondFactor).toBe(sec.accounts!.missingSecondFactorUsers.length);

    const audit = await summary(c.auditor);
    expect(audit.hazards).toBeNull();
    expect(audit.accounts).not.toBeNull();
    expect((await summary(c.schoolStaffA1)).accounts).toBeNull();
    expect((await summary(c.admin)).hazards).not.toBeNull();
  });

  it('counts the school admin\'s accounts within its school only', async () => {
    const s = await summary(c.schoolAdminA1);
    // schoolAdminA1 and schoolStaffA1 of this district's school A1.
    expect(s.accounts).toMatchObject({ total: 2 });
  });

  it('refuses without a session', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/home/summary' });
    expect(res.statusCode).toBe(401);
  });
});
