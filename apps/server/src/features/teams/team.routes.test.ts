import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildUser, type District } from '../../../test/factories.js';

type Team = {
  id: string;
  name: string;
  status: string;
  version: number;
  members: { userId: string; position: string; displayName: string; hasLogin: boolean }[];
  schools: { id: string; name: string; otherTeams: string[] }[];
};

describe('supervision teams API', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let admin: Client, staff: Client, leader: Client, memberA: Client, memberB: Client, adminA1: Client, staffA1: Client;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    const app = t().app;
    const as = (u: { username: string; password: string }) => login(app, u.username, u.password);
    admin = await as(d.users.admin);
    staff = await as(d.users.staff);
    leader = await as(d.users.leader);
    memberA = await as(d.users.memberA);
    memberB = await as(d.users.memberB);
    adminA1 = await as(d.users.schoolAdminA1);
    staffA1 = await as(d.users.schoolStaffA1);
  });

  const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

  describe('reading', () => {
    it('bureau roles see every team of their district with members and schools', async () => {
      const res = await leader.get('/api/supervision-teams');
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: Team[]; total: number };
      expect(ids(body.items)).toEqual([d.teamA.id, d.teamB.id].sort());
      expect(body.total).toBe(2);
      const a = body.items.find((x) => x.id === d.teamA.id)!;
      expect(a).toMatchObject({ name: d.teamA.name, status: 'active', version: 1 });
      expect(a.members).toEqual([{ userId: d.users.memberA.id, displayName: expect.any(String), title: null, position: 'member', hasLogin: true }]);
      expect(ids(a.schools)).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
      expect(a.schools.every((s) => s.otherTeams.length === 0)).toBe(true);
    });

    it('a team member sees only its own team', async () => {
      const body = (await memberA.get('/api/supervision-teams')).json();
      expect(ids(body.items)).toEqual([d.teamA.id]);
      expect((await memberA.get(`/api/supervision-teams/${d.teamA.id}`)).statusCode).toBe(200);
    });

    it('a team member cannot see another team: 404, exactly as for a missing one', async () => {
      const out = await memberA.get(`/api/supervision-teams/${d.teamB.id}`);
      const missing = await memberA.get('/api/supervision-teams/999999999');
      expect(out.statusCode).toBe(404);
      expect(out.json().error.code).toBe('NOT_FOUND');
      expect(out.json()).toEqual(missing.json());
    });

    it('a school admin sees the teams assigned to its school, showing only its own school', async () => {
      const body = (await adminA1.get('/api/supervision-teams')).json();
      expect(ids(body.items)).toEqual([d.teamA.id]);
      expect(ids(body.items[0].schools)).toEqual([d.schoolA1.id]);
      expect((await adminA1.get(`/api/supervision-teams/${d.teamB.id}`)).statusCode).toBe(404);
    });

    it("answers 404 for another district's team", async () => {
      const out = await staff.get(`/api/supervision-teams/${other.teamA.id}`);
      expect(out.statusCode).toBe(404);
      expect(out.json()).toEqual((await staff.get('/api/supervision-teams/999999999')).json());
    });

    it('filters by name and refuses unknown query fields (400)', async () => {
      const body = (await staff.get(`/api/supervision-teams?q=${encodeURIComponent(d.teamB.name)}`)).json();
      expect(ids(body.items)).toEqual([d.teamB.id]);
      const bad = await staff.get('/api/supervision-teams?colour=red');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('不允许的字段');
    });

    it('refuses school staff (no supervision_team.read) with 403', async () => {
      expect((await staffA1.get('/api/supervision-teams')).statusCode).toBe(403);
    });
  });

  describe('leading group', () => {
    it('lists the bureau leading group, leader first, to every role of the district', async () => {
      const db = t().tdb.db;
      await db.insertInto('leading_group_member').values([
        { unit_id: d.bureau.id, user_id: d.users.staff.id, position: 'member', title: '发展规划与财务科科长', sort_order: 2 },
        { unit_id: d.bureau.id, user_id: d.users.leader.id, position: 'leader', title: '局长', sort_order: 0 },
        { unit_id: d.bureau.id, user_id: d.users.admin.id, position: 'deputy', sort_order: 1 },
        { unit_id: other.bureau.id, user_id: other.users.leader.id, position: 'leader', title: '外区局长' },
      ]).execute();
      const res = await staffA1.get('/api/leading-group');
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([
        { userId: d.users.leader.id, displayName: expect.any(String), title: '局长', position: 'leader' },
        { userId: d.users.admin.id, displayName: expect.any(String), title: null, position: 'deputy' },
        { userId: d.users.staff.id, displayName: expect.any(String), title: '发展规划与财务科科长', position: 'member' },
      ]);
    });
  });

  describe('writing', () => {
    // A district of its own, so the reads above stay as built.
    let m: District;
    let staffM: Client, memberAM: Client;
    beforeAll(async () => {
      m = await buildDistrict(t().tdb.db);
      staffM = await login(t().app, m.users.staff.username, m.users.staff.password);
      memberAM = await login(t().app, m.users.memberA.username, m.users.memberA.password);
    });
    const team = async (id: string) => (await staffM.get(`/api/supervision-teams/${id}`)).json() as Team;

    it('creates a team, empty, and refuses its name a second time with 409', async () => {
      const name = `丙督查组-${m.tag}`;
      const res = await staffM.post('/api/supervision-teams', { name });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name, status: 'active', version: 1, members: [], schools: [] });
      const dup = await staffM.post('/api/supervision-teams', { name });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.message).toBe(`督查小组“${name}”已存在`);
    });

    it('refuses roles without supervision_team.manage (403)', async () => {
      expect((await leader.post('/api/supervision-teams', { name: '领导建组' })).statusCode).toBe(403);
      expect((await memberA.patch(`/api/supervision-teams/${d.teamA.id}`, { version: 1, name: '自改' })).statusCode).toBe(403);
      expect((await adminA1.patch(`/api/supervision-teams/${d.teamA.id}`, { version: 1, schoolIds: [] })).statusCode).toBe(403);
    });

    it('a school in two active teams is allowed, warned in Chinese, and listed by both teams', async () => {
      const a = await team(m.teamA.id);
      const res = await staffM.patch(`/api/supervision-teams/${m.teamA.id}`, { version: a.version, schoolIds: [m.schoolA1.id, m.schoolA2.id, m.schoolB1.id] });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { team: Team; warnings: string[] };
      expect(body.warnings).toEqual([`${m.schoolB1.name} 同时分配给 ${m.teamA.name}、${m.teamB.name}`]);
      expect(body.team.version).toBe(a.version + 1);
      expect(ids(body.team.schools)).toEqual([m.schoolA1.id, m.schoolA2.id, m.schoolB1.id].sort());
      expect(body.team.schools.find((s) => s.id === m.schoolB1.id)!.otherTeams).toEqual([m.teamB.name]);
      const b = await team(m.teamB.id);
      expect(b.schools.find((s) => s.id === m.schoolB1.id)!.otherTeams).toEqual([m.teamA.name]);
      // The unit shows both teams, and team A's member now has B1 in scope.
      const unit = (await staffM.get(`/api/units/${m.schoolB1.id}`)).json();
      expect(ids(unit.teams)).toEqual([m.teamA.id, m.teamB.id].sort());
      expect((await memberAM.get(`/api/units/${m.schoolB1.id}`)).statusCode).toBe(200);
      const audit = await t().tdb.db.selectFrom('audit_event').select('details').where('action', '=', 'supervision_team.update').where('object_id', '=', m.teamA.id).executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ fields: ['schoolIds'], schoolsAdded: [m.schoolB1.id], schoolsRemoved: [] });
    });

    it('no warning once the other team is disabled, and otherTeams forget it', async () => {
      const b = await team(m.teamB.id);
      const off = await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, { version: b.version, status: 'disabled' });
      expect(off.statusCode).toBe(200);
      expect(off.json().warnings).toEqual([]);
      const a = await team(m.teamA.id);
      const again = await staffM.patch(`/api/supervision-teams/${m.teamA.id}`, { version: a.version, name: a.name });
      expect(again.json().warnings).toEqual([]);
      expect(again.json().team.schools.every((s: Team['schools'][number]) => s.otherTeams.length === 0)).toBe(true);
      // Its member no longer sees the disabled team.
      const memberBM = await login(t().app, m.users.memberB.username, m.users.memberB.password);
      expect((await memberBM.get(`/api/supervision-teams/${m.teamB.id}`)).statusCode).toBe(404);
      const b2 = await team(m.teamB.id);
      await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, { version: b2.version, status: 'active' });
    });

    it('refuses schools that are not schools of the scope, listing which (400), and changes nothing', async () => {
      const before = await team(m.teamB.id);
      const res = await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, {
        version: before.version,
        schoolIds: [m.schoolB2.id, m.area1.id, other.schoolA1.id, m.campusA1.id],
      });
      expect(res.statusCode).toBe(400);
      const e = res.json().error;
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.message).toContain(`“${m.area1.name}”不是学校`);
      expect(e.message).toContain(`“${m.campusA1.name}”不是学校`);
      expect(e.message).toContain(`学校 ${other.schoolA1.id} 不存在或不在您的权限范围内`);
      expect(e.message).not.toContain(other.schoolA1.name);
      expect(await team(m.teamB.id)).toEqual(before);
    });

    it('replaces the member list: bureau-side people only, one leader, leader listed first', async () => {
      const before = await team(m.teamB.id);
      const wrong = await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, {
        version: before.version,
        members: [
          { userId: m.users.schoolAdminA1.id, position: 'member' },
          { userId: other.users.staff.id, position: 'member' },
        ],
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.message).toContain('不是教育局人员，不能加入督查小组');
      expect(wrong.json().error.message).toContain(`人员 ${other.users.staff.id} 不存在`);
      const twoLeaders = await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, {
        version: before.version,
        members: [
          { userId: m.users.staff.id, position: 'leader' },
          { userId: m.users.leader.id, position: 'leader' },
        ],
      });
      expect(twoLeaders.statusCode).toBe(400);
      expect(twoLeaders.json().error.message).toContain('只能有一名组长');
      expect(await team(m.teamB.id)).toEqual(before);

      const paper = await buildUser(t().tdb.db, { role: 'team_member', unitId: m.area2.id, withLogin: false });
      const ok = await staffM.patch(`/api/supervision-teams/${m.teamB.id}`, {
        version: before.version,
        members: [
          { userId: paper.id, position: 'member' },
          { userId: m.users.memberA.id, position: 'deputy' },
          { userId: m.users.staff.id, position: 'leader' },
        ],
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().team.members.map((x: Team['members'][number]) => [x.userId, x.position, x.hasLogin])).toEqual([
        [m.users.staff.id, 'leader', true],
        [m.users.memberA.id, 'deputy', true],
        [paper.id, 'member', false],
      ]);
      // memberB left team B; memberA now sees it.
      expect(ids((await memberAM.get('/api/supervision-teams')).json().items)).toEqual([m.teamA.id, m.teamB.id].sort());
    });

    it('rejects a stale version with 409 and changes nothing', async () => {
      const before = await team(m.teamA.id);
      const stale = await staffM.patch(`/api/supervision-teams/${m.teamA.id}`, { version: before.version - 1, name: '旧版本改名', schoolIds: [], members: [] });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details).toEqual({ reason: 'stale_version' });
      expect(await team(m.teamA.id)).toEqual(before);
    });

    it('refuses a rename onto another team name (409) and a blank name (400)', async () => {
      const a = await team(m.teamA.id);
      const dup = await staffM.patch(`/api/supervision-teams/${m.teamA.id}`, { version: a.version, name: m.teamB.name });
      expect(dup.statusCode).toBe(409);
      const blank = await staffM.patch(`/api/supervision-teams/${m.teamA.id}`, { version: a.version, name: '  ' });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.message).toBe('督查小组名称不能为空');
      expect(await team(m.teamA.id)).toEqual(a);
    });

    it("answers 404 when patching another district's team", async () => {
      const out = await staffM.patch(`/api/supervision-teams/${d.teamA.id}`, { version: 1, name: '越界' });
      const missing = await staffM.patch('/api/supervision-teams/999999999', { version: 1, name: '越界' });
      expect(out.statusCode).toBe(404);
      expect(out.json()).toEqual(missing.json());
      expect((await admin.get(`/api/supervision-teams/${d.teamA.id}`)).json().name).toBe(d.teamA.name);
    });
  });
});
