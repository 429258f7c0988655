import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, login, useTestApp, type TestApp } from '../../../test/app.js';
import { buildDistrict, buildUser, type District } from '../../../test/factories.js';


describe('login hardening', () => {
  const t = useTestApp();
  let d: District;
  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
  });
  const attempt = (username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
    t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers });
  const school = () => buildUser(t().tdb.db, { role: 'school_staff', unitId: d.schoolA1.id });

  it('cannot be raced: 23 wrong passwords and the right one at once check at most 5, and the right one is refused once locked', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const u = await school();
      const ip = `198.51.100.${10 + trial}`;
      const wrong = Array.from({ length: 23 }, () => attempt(u.username, 'Wrong#Pass1', ip));
      const all = await Promise.all([...wrong.slice(0, 12), attempt(u.username, u.password, ip), ...wrong.slice(12)]);
      // The fifth checked one answers 423 itself (it used the last attempt).
      const checked = all.filter((r) => r.statusCode === 401 || r.statusCode === 200).length;
      expect(checked).toBeLessThanOrEqual(5);
      expect(all.filter((r) => r.statusCode === 423).length).toBeGreaterThanOrEqual(19);
      expect(all.every((r) => [200, 401, 423].includes(r.statusCode))).toBe(true);
      // Whether the right one won a slot or not, after the race the account is locked to this address.
      const success = all.find((r) => r.statusCode === 200);
      if (!success) expect((await attempt(u.username, u.password, '198.51.100.20')).statusCode).toBe(423);
    }
  });

  it('answers an unknown username exactly like a known one, lock included', async () => {
    const u = await school();
    const ghost = `ghost_${d.tag}`;
    const known: number[] = [];
    const unknown: number[] = [];
    let lastKnown, lastUnknown;
    for (let i = 0; i < 6; i++) {
      lastKnown = await attempt(u.username, 'Wrong#Pass1', '198.51.100.30');
      lastUnknown = await attempt(ghost, 'Wrong#Pass1', '198.51.100.30');
      known.push(lastKnown.statusCode);
      unknown.push(lastUnknown.statusCode);
    }
    expect(unknown).toEqual(known);
    expect(known).toEqual([401, 401, 401, 401, 423, 423]);
    expect(lastUnknown!.json().error.message).toBe(lastKnown!.json().error.message);
  });

  it('starts counting again after a successful login, and after the lock expires (no lock forever)', async () => {
    const u = await school();
    for (let i = 0; i < 4; i++) await attempt(u.username, 'Wrong#Pass1', '198.51.100.40');
    expect((await attempt(u.username, u.password, '198.51.100.40')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(u.username, 'Wrong#Pass1', '198.51.100.8')).statusCode).toBe(401);
    expect((await attempt(u.username, 'Wrong#Pass1', '198.51.100.8')).statusCode).toBe(423);
    // The lock runs out: one more wrong try must not lock it again.
    await t().tdb.db.updateTable('login_throttle').set({ locked_until: new Date(Date.now() - 1000) }).where('key', '=', `u:${u.username}`).execute();
    expect((await attempt(u.username, 'Wrong#Pass1', '198.51.100.8')).statusCode).toBe(401);
    expect((await attempt(u.username, u.password, '198.51.100.8')).statusCode).toBe(200);
  });

  it('never locks the owner out from an address it signed in from before: a growing delay instead', async () => {
    const u = await school();
    const home = '192.0.2.44';
    expect((await attempt(u.username, u.password, home)).statusCode).toBe(200);
    // Someone else locks the account from elsewhere.
    for (let i = 0; i < 6; i++) await attempt(u.username, 'Wrong#Pass1', '198.51.100.50');
    expect((await attempt(u.username, u.password, '198.51.100.50')).statusCode).toBe(423);
    // From home the owner still gets in.
    expect((await attempt(u.username, u.password, home)).statusCode).toBe(200);
    // Guessing from home is slowed: after three failures the next try must wait.
    for (let i = 0; i < 4; i++) expect((await attempt(u.username, 'Wrong#Pass1', home)).statusCode).toBe(401);
    const slowed = await attempt(u.username, u.password, home);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.message).toMatch(/秒后再试/);
  });

  it('records failed logins of unknown usernames with no actor', async () => {
    await attempt(`nobody_${d.tag}`, 'x', '198.51.100.60');
    const row = await t()
      .tdb.db.selectFrom('audit_event')
      .select(['actor_user_id', 'actor_unit_id', 'details', 'ip'])
      .where('action', '=', 'auth.login_failed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_user_id: null, actor_unit_id: null, ip: '198.51.100.60', details: { username: `nobody_${d.tag}`, reason: 'unknown_user' } });
  });

  it('ignores X-Forwarded-For by default: a forged address neither escapes the limits nor reaches the audit trail', async () => {
    const u = await school();
    const res = await attempt(u.username, 'Wrong#Pass1', '198.51.100.70', { 'x-forwarded-for': '1.2.3.4' });
    expect(res.statusCode).toBe(401);
    const row = await t().tdb.db.selectFrom('audit_event').select('ip').where('object_id', '=', u.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.ip).toBe('198.51.100.70');
    // Forty spoofed addresses from one client still count against that client's limit.
    const spoofed = [];
    for (let i = 0; i < 40; i++) spoofed.push((await attempt(`spoof_${d.tag}_${i}`, 'x', '198.51.100.71', { 'x-forwarded-for': `10.9.${i}.1` })).statusCode);
    expect(spoofed.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
  });

  it('refuses the current password and the published demo password as a new password', async () => {
    const u = await school();
    const c = await login(t().app, u.username, u.password);
    const same = await c.post('/api/auth/password', { currentPassword: u.password, newPassword: u.password });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.message).toContain('新密码不能与当前密码相同');
    const demo = await c.post('/api/auth/password', { currentPassword: u.password, newPassword: 'Tianning@2026' });
    expect(demo.statusCode).toBe(400);
    expect(demo.json().error.message).toContain('不能使用公开的演示密码');
    const wrongCurrent = await c.post('/api/auth/password', { currentPassword: 'Not#Mine123', newPassword: 'Fresh#Pass2026' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.message).toBe('当前密码不正确');
  });

  it('takes the session from the cookie only (a session token elsewhere is ignored)', async () => {
    const u = await school();
    const c = await login(t().app, u.username, u.password);
    const token = c.cookie.match(/xiaoan_session=([^;]+)/)![1]!;
    const viaHeader = await t().app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(viaHeader.statusCode).toBe(401);
    const viaQuery = await t().app.inject({ method: 'GET', url: `/api/auth/me?xiaoan_session=${token}` });
    expect(viaQuery.statusCode).toBe(401);
  });
});

describe('trusted proxies', () => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp({ trustProxy: ['127.0.0.1'] });
  });

  it("believes X-Forwarded-For only from the configured proxy's address", async () => {
    const d = await buildDistrict(ta.tdb.db);
    const u = await buildUser(ta.tdb.db, { role: 'school_staff', unitId: d.schoolA1.id });
    const viaProxy = { username: u.username, password: 'Wrong#Pass1' };
    await ta.app.inject({ method: 'POST', url: '/api/auth/login', payload: viaProxy, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.50' } });
    await ta.app.inject({ method: 'POST', url: '/api/auth/login', payload: viaProxy, remoteAddress: '198.51.100.99', headers: { 'x-forwarded-for': '203.0.113.51' } });
    const ips = (await ta.tdb.db.selectFrom('audit_event').select('ip').where('object_id', '=', u.id).orderBy('id').execute()).map((r) => r.ip);
    expect(ips).toEqual(['203.0.113.50', '198.51.100.99']);
    await ta.app.close();
    await ta.tdb.close();
  });
});

describe('second factor (TOTP)', () => {
  const t = useTestApp();
  let d: District;
  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
  });
  const post = (url: string, payload: unknown, cookie?: string, csrf?: string) =>
    t().app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
  const get = (url: string, cookie: string) => t().app.inject({ method: 'GET', url, headers: { cookie } });

  it('is required for the administrators and the director: nothing but enrolment until it is bound', async () => {
    for (const role of ['system_admin', 'security_admin', 'audit_admin', 'bureau_leader'] as const) {
      const u = await buildUser(t().tdb.db, { role, unitId: d.bureau.id });
      const res = await post('/api/auth/login', { username: u.username, password: u.password });
      expect(res.json().authStage, role).toBe('enrol_second_factor');
      const cookie = cookieHeader(res);
      const blocked = await get('/api/units', cookie);
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe('SECOND_FACTOR_REQUIRED');
      expect((await get('/api/auth/me', cookie)).statusCode).toBe(200);
    }
    const staff = await buildUser(t().tdb.db, { role: 'bureau_staff', unitId: d.bureau.id });
    expect((await post('/api/auth/login', { username: staff.username, password: staff.password })).json().authStage).toBe('full');
  });

  it('binds by QR, signs in with a code, refuses a replayed code, and takes each recovery code once', async () => {
    const u = await buildUser(t().tdb.db, { role: 'bureau_leader', unitId: d.bureau.id });
    const first = await post('/api/auth/login', { username: u.username, password: u.password });
    let cookie = cookieHeader(first);
    const csrf = first.json().csrfToken;
    const setup = await post('/api/auth/totp/setup', {}, cookie, csrf);
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = setup.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toContain('<svg');
    const bad = await post('/api/auth/totp/enable', { code: '000000' }, cookie, csrf);
    expect(bad.statusCode).toBe(400);
    const code = await generate({ secret });
    const enable = await post('/api/auth/totp/enable', { code }, cookie, csrf);
    expect(enable.statusCode).toBe(200);
    const { recoveryCodes, me } = enable.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(me).toMatchObject({ authStage: 'full', secondFactor: { enabled: true, recoveryCodesLeft: 10 } });
    cookie = cookieHeader(enable);
    expect((await get('/api/units', cookie)).statusCode).toBe(200);

    // Next sign-in: password, then the code. The code just used to enrol is refused (replay).
    const again = await post('/api/auth/login', { username: u.username, password: u.password });
    expect(again.json().authStage).toBe('second_factor');
    const pending = cookieHeader(again);
    const pcsrf = again.json().csrfToken;
    expect((await get('/api/hazards', pending)).json().error.code).toBe('SECOND_FACTOR_REQUIRED');
    const replay = await post('/api/auth/second-factor', { code }, pending, pcsrf);
    expect(replay.statusCode).toBe(400);
    const rc = recoveryCodes[0];
    const ok = await post('/api/auth/second-factor', { code: rc.toUpperCase() }, pending, pcsrf);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ authStage: 'full', secondFactor: { recoveryCodesLeft: 9 } });
    // The pending session was replaced by a fresh one.
    expect(cookieHeader(ok)).not.toBe(pending);
    expect((await get('/api/units', pending)).statusCode).toBe(401);

    const third = await post('/api/auth/login', { username: u.username, password: u.password });
    const reused = await post('/api/auth/second-factor', { code: rc }, cookieHeader(third), third.json().csrfToken);
    expect(reused.statusCode).toBe(400);
    const events = (await t().tdb.db.selectFrom('audit_event').select('action').where('object_id', '=', u.id).orderBy('id').execute()).map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['auth.password_ok', 'auth.totp_enabled', 'auth.login', 'auth.second_factor_failed']));
  });

  it('counts wrong codes toward the lock, so codes cannot be guessed', async () => {
    const u = await buildUser(t().tdb.db, { role: 'bureau_leader', unitId: d.bureau.id });
    await login(t().app, u.username, u.password);
    const res = await post('/api/auth/login', { username: u.username, password: u.password });
    const cookie = cookieHeader(res);
    const csrf = res.json().csrfToken;
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await post('/api/auth/second-factor', { code: String(100000 + i) }, cookie, csrf)).statusCode);
    expect(answers.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(answers[5]).toBe(423);
  });

  it('cannot be removed by a role that requires it; an optional one can, with password and code', async () => {
    const leader = await buildUser(t().tdb.db, { role: 'bureau_leader', unitId: d.bureau.id });
    const lc = await login(t().app, leader.username, leader.password);
    const refused = await lc.post('/api/auth/totp/disable', { password: leader.password, code: '123456' });
    expect(refused.statusCode).toBe(403);
    const staff = await buildUser(t().tdb.db, { role: 'bureau_staff', unitId: d.bureau.id });
    const sc = await login(t().app, staff.username, staff.password);
    const setup = (await sc.post('/api/auth/totp/setup')).json();
    const enabled = await sc.post('/api/auth/totp/enable', { code: await generate({ secret: setup.secret }) });
    expect(enabled.statusCode).toBe(200);
    const off = await sc.post('/api/auth/totp/disable', { password: staff.password, code: enabled.json().recoveryCodes[0] });
    expect(off.statusCode).toBe(200);
    expect((await sc.get('/api/auth/me')).json().secondFactor.enabled).toBe(false);
  });
});
