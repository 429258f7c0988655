import { beforeAll, describe, expect, it } from 'vitest';
import { login, loginEach, secondFactorOf, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildUser, type District } from '../../../test/factories.js';

const STRONG = 'Xa#2026-safe!';

describe('users API', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let admin: Client, sec: Client, staff: Client, leader: Client, memberA: Client, adminA1: Client, staffA1: Client;
  let seq = 0;
  const uname = (p: string) => `${p}_${d.tag}_${++seq}`;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    const app = t().app;
    ({ admin, secAdmin: sec, staff, leader, memberA, schoolAdminA1: adminA1, schoolStaffA1: staffA1 } = await loginEach(app, d.users, ['admin', 'secAdmin', 'staff', 'leader', 'memberA', 'schoolAdminA1', 'schoolStaffA1']));
  });

  describe('reading', () => {
    it('bureau staff list every person of their district and nobody else', async () => {
      const res = await staff.get('/api/users?pageSize=500');
      expect(res.statusCode).toBe(200);
      const ids = res.json().items.map((u: { id: string }) => u.id);
      for (const u of Object.values(d.users)) expect(ids).toContain(u.id);
      for (const u of Object.values(other.users)) expect(ids).not.toContain(u.id);
    });

    it('a school admin sees only the people of its own school', async () => {
      const body = (await adminA1.get('/api/users?pageSize=500')).json();
      expect(body.items.map((u: { id: string }) => u.id).sort()).toEqual([d.users.schoolAdminA1.id, d.users.schoolStaffA1.id].sort());
      expect(body.total).toBe(2);
    });

    it('a team member sees the people of its team schools only', async () => {
      const ids = (await memberA.get('/api/users?pageSize=500')).json().items.map((u: { id: string }) => u.id);
      expect(ids).toContain(d.users.schoolAdminA1.id);
      expect(ids).not.toContain(d.users.schoolAdminB1.id);
      expect(ids).not.toContain(d.users.admin.id);
    });

    it('filters by unit (with its campuses), role and text', async () => {
      const byUnit = (await staff.get(`/api/users?unitId=${d.schoolA1.id}`)).json();
      expect(byUnit.total).toBe(2);
      const byRole = (await staff.get('/api/users?role=team_member&pageSize=500')).json();
      expect(byRole.items.map((u: { id: string }) => u.id).sort()).toEqual([d.users.memberA.id, d.users.memberB.id].sort());
      const byText = (await staff.get(`/api/users?q=${encodeURIComponent(d.users.schoolAdminB1.username)}`)).json();
      expect(byText.items.map((u: { id: string }) => u.id)).toEqual([d.users.schoolAdminB1.id]);
    });

    it('never returns a password hash', async () => {
      const list = await staff.get('/api/users?pageSize=500');
      const one = await staff.get(`/api/users/${d.users.admin.id}`);
      for (const res of [list, one]) {
        expect(res.body).not.toMatch(/argon2|password_hash|passwordHash|"password"/i);
      }
      expect(one.json()).toMatchObject({ id: d.users.admin.id, role: 'system_admin', hasLogin: true, lockedUntil: null });
    });

    it('answers 404 for a person outside the scope, exactly as for a missing one', async () => {
      const out = await adminA1.get(`/api/users/${d.users.schoolAdminB1.id}`);
      const missing = await adminA1.get('/api/users/999999999');
      expect(out.statusCode).toBe(404);
      expect(out.json().error.code).toBe('NOT_FOUND');
      expect(out.json()).toEqual(missing.json());
      const otherDistrict = await staff.get(`/api/users/${other.users.staff.id}`);
      expect(otherDistrict.json()).toEqual(missing.json());
    });

    it('refuses roles without user.read (403)', async () => {
      const res = await staffA1.get('/api/users');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    });
  });

  describe('creating', () => {
    it('creates a person with a login who can then sign in', async () => {
      const username = uname('new');
      const res = await sec.post('/api/users', {
        username,
        displayName: '王老师',
        role: 'school_staff',
        unitId: d.campusA1.id,
        password: STRONG,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ username, displayName: '王老师', role: 'school_staff', hasLogin: true, mustChangePassword: true, version: 1, unit: { id: d.campusA1.id, kind: 'campus' } });
      expect(res.body).not.toMatch(/argon2|password_hash|passwordHash|"password"/i);
      await expect(login(t().app, username, STRONG)).resolves.toBeTruthy();
      const audit = await t().tdb.db.selectFrom('audit_event').selectAll().where('action', '=', 'user.create').where('object_id', '=', res.json().id).executeTakeFirstOrThrow();
      expect(JSON.stringify(audit.details)).not.toContain(STRONG);
    });

    it('creates a person without a login (hasLogin false)', async () => {
      const res = await sec.post('/api/users', { displayName: '李组员', role: 'team_member', unitId: d.bureau.id, departmentId: d.department.id });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ username: null, hasLogin: false, department: { id: d.department.id } });
    });

    it('refuses a duplicate username with 409', async () => {
      const res = await sec.post('/api/users', { username: d.users.leader.username, displayName: '重名', role: 'bureau_staff', unitId: d.bureau.id });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'CONFLICT', message: '用户名已被使用' });
    });

    it('refuses role escalation: a school admin cannot create bureau staff', async () => {
      const res = await adminA1.post('/api/users', { displayName: '越权', role: 'bureau_staff', unitId: d.schoolA1.id });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(res.json().error.message).toContain('局科室人员');
    });

    it('refuses role escalation: bureau staff create no account at all, and nobody creates a security admin', async () => {
      const byStaff = await staff.post('/api/users', { displayName: '越权', role: 'bureau_leader', unitId: d.bureau.id });
      expect(byStaff.statusCode).toBe(403);
      const peer = await sec.post('/api/users', { displayName: '越权', role: 'security_admin', unitId: d.bureau.id });
      expect(peer.statusCode).toBe(403);
      expect(peer.json().error.message).toContain('安全管理员');
    });

    it('a password chosen by the security admin must be changed at the first login', async () => {
      const username = uname('first');
      const res = await sec.post('/api/users', { username, displayName: '新同事', role: 'school_staff', unitId: d.schoolA1.id, password: STRONG });
      expect(res.json()).toMatchObject({ mustChangePassword: true });
      const c = await login(t().app, username, STRONG);
      expect((await c.get('/api/auth/me')).json()).toMatchObject({ mustChangePassword: true });
      const blocked = await c.get('/api/hazards');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    });

    it('refuses roles without user.create (403)', async () => {
      const res = await leader.post('/api/users', { displayName: '某人', role: 'school_staff', unitId: d.schoolA1.id });
      expect(res.statusCode).toBe(403);
    });

    it('answers 404 when the target unit is outside the scope', async () => {
      const res = await adminA1.post('/api/users', { displayName: '外校', role: 'school_staff', unitId: d.schoolB1.id });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    });

    it('puts school roles on schools and bureau roles on the bureau or an area (400)', async () => {
      const a = await sec.post('/api/users', { displayName: '错位', role: 'school_staff', unitId: d.area1.id });
      expect(a.statusCode).toBe(400);
      expect(a.json().error.code).toBe('VALIDATION_FAILED');
      expect(a.json().error.message).toContain('学校或校区');
      const b = await sec.post('/api/users', { displayName: '错位', role: 'bureau_staff', unitId: d.schoolA1.id });
      expect(b.statusCode).toBe(400);
      expect(b.json().error.message).toContain('教育局或片区');
      const ok = await sec.post('/api/users', { displayName: '片区干事', role: 'bureau_staff', unitId: d.area2.id });
      expect(ok.statusCode).toBe(201);
    });

    it('refuses a department of another district (400)', async () => {
      const res = await sec.post('/api/users', { displayName: '科员', role: 'bureau_staff', unitId: d.bureau.id, departmentId: other.department.id });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe('科室不存在');
    });

    it('checks the password policy with Chinese reasons (400)', async () => {
      const weak = await sec.post('/api/users', { username: uname('weak'), displayName: '弱密码', role: 'school_staff', unitId: d.schoolA1.id, password: '123456' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.message).toContain('密码不符合要求');
      expect(weak.json().error.details).toEqual(expect.arrayContaining([expect.stringContaining('密码至少 8 位')]));
      const noName = await sec.post('/api/users', { displayName: '无用户名', role: 'school_staff', unitId: d.schoolA1.id, password: STRONG });
      expect(noName.statusCode).toBe(400);
      expect(noName.json().error.message).toContain('用户名');
    });

    it('refuses unknown fields and bad shapes (400, Chinese)', async () => {
      const res = await sec.post('/api/users', { displayName: '某人', role: 'school_staff', unitId: d.schoolA1.id, passwordHash: 'x' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('不允许的字段');
      const badName = await sec.post('/api/users', { username: 'Bad Name', displayName: '某人', role: 'school_staff', unitId: d.schoolA1.id });
      expect(badName.statusCode).toBe(400);
      expect(badName.json().error.message).toContain('格式不正确');
    });

    it('requires the CSRF header for writes', async () => {
      const res = await sec.request('POST', '/api/users', { displayName: '某人', role: 'school_staff', unitId: d.schoolA1.id }, { csrf: false });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CSRF_INVALID');
    });
  });

  describe('updating', () => {
    async function freshUser(role: 'school_staff' | 'bureau_staff' = 'school_staff') {
      const u = await buildUser(t().tdb.db, { role, unitId: role === 'school_staff' ? d.schoolA1.id : d.bureau.id });
      return u;
    }

    it('edits fields with the version it read and records the changed field names', async () => {
      const u = await freshUser();
      const res = await adminA1.patch(`/api/users/${u.id}`, { version: 1, displayName: '张老师', title: '安全主任', unitId: d.campusA1.id });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ displayName: '张老师', title: '安全主任', version: 2, unit: { id: d.campusA1.id } });
      const audit = await t().tdb.db.selectFrom('audit_event').selectAll().where('action', '=', 'user.update').where('object_id', '=', u.id).executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ fields: ['displayName', 'title', 'unitId'] });
      expect(audit.actor_user_id).toBe(d.users.schoolAdminA1.id);
    });

    it('rejects a stale version with 409 and changes nothing', async () => {
      const u = await freshUser();
      const ok = await sec.patch(`/api/users/${u.id}`, { version: 1, title: '新职务' });
      expect(ok.statusCode).toBe(200);
      const stale = await sec.patch(`/api/users/${u.id}`, { version: 1, title: '旧版本写入', status: 'disabled' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details).toEqual({ reason: 'stale_version' });
      const now = (await sec.get(`/api/users/${u.id}`)).json();
      expect(now).toMatchObject({ title: '新职务', status: 'active', version: 2 });
    });

    it('disabling a user ends all of its sessions at once', async () => {
      const u = await freshUser();
      const victim = await login(t().app, u.username, u.password);
      const victim2 = await login(t().app, u.username, u.password);
      expect((await victim.get('/api/auth/me')).statusCode).toBe(200);
      const res = await adminA1.patch(`/api/users/${u.id}`, { version: 1, status: 'disabled' });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('disabled');
      // Ended by the PATCH itself, before the victim's next request.
      const left = await t().tdb.db.selectFrom('user_session').select('id').where('user_id', '=', u.id).execute();
      expect(left).toHaveLength(0);
      expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
      expect((await victim2.get('/api/units')).statusCode).toBe(401);
      await expect(login(t().app, u.username, u.password)).rejects.toThrow(/401/);
    });

    it('a new password ends the sessions, lifts a lockout, must be changed at the next login and is told to the owner', async () => {
      const u = await freshUser();
      const victim = await login(t().app, u.username, u.password);
      for (let i = 0; i < 5; i++) await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'Wrong#pass1' }, remoteAddress: '203.0.113.9' });
      const locked = (await sec.get(`/api/users/${u.id}`)).json();
      expect(locked.lockedUntil).not.toBeNull();
      const res = await sec.patch(`/api/users/${u.id}`, { version: locked.version, password: STRONG });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ lockedUntil: null, mustChangePassword: true });
      expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
      const throttle = await t().tdb.db.selectFrom('login_throttle').select('key').where('key', '=', `u:${u.username}`).execute();
      expect(throttle).toEqual([]);
      const owner = await login(t().app, u.username, STRONG);
      const me = (await owner.get('/api/auth/me')).json();
      expect(me.mustChangePassword).toBe(true);
      expect((await owner.get('/api/units')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const changed = await owner.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'Changed#2026x' });
      expect(changed.statusCode).toBe(200);
      const after = await login(t().app, u.username, 'Changed#2026x');
      expect((await after.get('/api/units')).statusCode).toBe(200);
      const notes = (await after.get('/api/notifications')).json();
      expect(notes.items[0]).toMatchObject({ kind: 'account_password_reset', title: '您的登录密码已被重置' });
      expect(notes.items[0].body).toContain('安全管理员');
      const audit = await t().tdb.db.selectFrom('audit_event').selectAll().where('action', '=', 'user.update').where('object_id', '=', u.id).executeTakeFirstOrThrow();
      expect(audit.details).toMatchObject({ fields: ['password'], sessionsEnded: true, passwordReset: true });
      expect(JSON.stringify(audit.details)).not.toContain(STRONG);
    });

    it('refuses a weak new password (400) and keeps the old one', async () => {
      const u = await freshUser();
      const res = await sec.patch(`/api/users/${u.id}`, { version: 1, password: 'password' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('密码过于常见');
      await expect(login(t().app, u.username, u.password)).resolves.toBeTruthy();
    });

    it('closes the climb: bureau staff can neither reset the director\'s password nor promote a colleague', async () => {
      const colleague = await freshUser('bureau_staff');
      const reset = await staff.patch(`/api/users/${d.users.leader.id}`, { version: 1, password: STRONG });
      expect(reset.statusCode).toBe(403);
      const promote = await staff.patch(`/api/users/${colleague.id}`, { version: 1, role: 'bureau_leader' });
      expect(promote.statusCode).toBe(403);
      await expect(login(t().app, d.users.leader.username, STRONG)).rejects.toThrow(/401/);
      expect((await sec.get(`/api/users/${colleague.id}`)).json()).toMatchObject({ role: 'bureau_staff', version: 1 });
      const refusals = await t().tdb.db.selectFrom('audit_event').select('details').where('action', '=', 'access.denied').where('actor_user_id', '=', d.users.staff.id).execute();
      expect(refusals.length).toBeGreaterThanOrEqual(2);
    });

    it('one security admin cannot act on another (no locking a peer out)', async () => {
      const peer = await buildUser(t().tdb.db, { role: 'security_admin', unitId: d.bureau.id });
      const res = await sec.patch(`/api/users/${peer.id}`, { version: 1, password: STRONG });
      expect(res.statusCode).toBe(403);
      const disable = await sec.patch(`/api/users/${peer.id}`, { version: 1, status: 'disabled' });
      expect(disable.statusCode).toBe(403);
      await expect(login(t().app, peer.username, peer.password)).resolves.toBeTruthy();
    });

    it('a sensitive change needs a recent proof of identity (REAUTH_REQUIRED), which /auth/reauth gives', async () => {
      const u = await freshUser();
      await t().tdb.db.updateTable('user_session').set({ reauth_at: new Date(Date.now() - 10 * 60_000) }).where('user_id', '=', d.users.secAdmin.id).execute();
      const stale = await sec.patch(`/api/users/${u.id}`, { version: 1, password: STRONG });
      expect(stale.statusCode).toBe(403);
      expect(stale.json().error.code).toBe('REAUTH_REQUIRED');
      const harmless = await sec.patch(`/api/users/${u.id}`, { version: 1, title: '班主任' });
      expect(harmless.statusCode).toBe(200);
      const wrong = await sec.post('/api/auth/reauth', { password: 'Not#thepass1', code: '000000' });
      expect(wrong.statusCode).toBe(400);
      const sf = secondFactorOf(d.users.secAdmin.username)!;
      const ok = await sec.post('/api/auth/reauth', { password: d.users.secAdmin.password, code: sf.recoveryCodes.shift() });
      expect(ok.statusCode).toBe(200);
      const now = await sec.patch(`/api/users/${u.id}`, { version: 2, password: STRONG });
      expect(now.statusCode).toBe(200);
    });

    it('resetting a lost second factor unbinds it and ends the sessions; the owner binds again at the next login', async () => {
      const leader = await buildUser(t().tdb.db, { role: 'bureau_leader', unitId: d.bureau.id });
      const c = await login(t().app, leader.username, leader.password);
      expect((await c.get('/api/auth/me')).json().secondFactor).toMatchObject({ enabled: true, required: true });
      const v = (await sec.get(`/api/users/${leader.id}`)).json();
      expect(v.secondFactorEnabled).toBe(true);
      const res = await sec.patch(`/api/users/${leader.id}`, { version: v.version, resetSecondFactor: true });
      expect(res.statusCode).toBe(200);
      expect(res.json().secondFactorEnabled).toBe(false);
      expect((await c.get('/api/auth/me')).statusCode).toBe(401);
      const again = await t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: leader.username, password: leader.password } });
      expect(again.json().authStage).toBe('enrol_second_factor');
    });

    it('refuses a role that does not fit the unit (400)', async () => {
      const u = await freshUser();
      const res = await sec.patch(`/api/users/${u.id}`, { version: 1, role: 'team_member' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('教育局或片区');
    });

    it('answers 404 for a person or a new unit outside the scope', async () => {
      const out = await adminA1.patch(`/api/users/${d.users.schoolAdminB1.id}`, { version: 1, title: 'x' });
      const missing = await adminA1.patch('/api/users/999999999', { version: 1, title: 'x' });
      expect(out.statusCode).toBe(404);
      expect(out.json()).toEqual(missing.json());
      const u = await freshUser();
      const move = await adminA1.patch(`/api/users/${u.id}`, { version: 1, unitId: d.schoolB1.id });
      expect(move.statusCode).toBe(404);
    });

    it('does not let an admin edit or disable itself through user administration', async () => {
      const me = (await sec.get(`/api/users/${d.users.secAdmin.id}`)).json();
      const res = await sec.patch(`/api/users/${d.users.secAdmin.id}`, { version: me.version, status: 'disabled' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toContain('不能在人员管理中修改自己的账号');
      expect((await admin.patch(`/api/users/${d.users.admin.id}`, { version: 1, title: 'x' })).statusCode).toBe(403);
    });

    it('refuses a username taken by someone else (409)', async () => {
      const u = await freshUser();
      const res = await sec.patch(`/api/users/${u.id}`, { version: 1, username: d.users.leader.username });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('用户名已被使用');
    });
  });
});
