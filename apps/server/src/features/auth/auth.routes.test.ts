import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { cookieHeader, login, useTestApp } from '../../../test/app.js';
import { buildDistrict, buildUser, type District } from '../../../test/factories.js';

describe('login, sessions and CSRF', () => {
  const t = useTestApp();
  let d: District;
  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
  });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t().app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('signs in, sets an HttpOnly SameSite=Lax session cookie and returns the user with its scope', async () => {
    const res = await post('/api/auth/login', { username: d.users.memberA.username, password: d.users.memberA.password });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'xiaoan_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(session.path).toBe('/');
    const me = res.json();
    expect(me.role).toBe('team_member');
    expect(me.scope.unitCount).toBe(2);
    expect(me.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('answers a wrong username and a wrong password with the same message', async () => {
    const wrongUser = await post('/api/auth/login', { username: 'nobody_here', password: 'Whatever#123' });
    const wrongPw = await post('/api/auth/login', { username: d.users.leader.username, password: 'Wrong#Passw0rd' });
    expect(wrongUser.statusCode).toBe(401);
    expect(wrongPw.statusCode).toBe(401);
    expect(wrongUser.json()).toEqual(wrongPw.json());
    expect(wrongUser.json().error.message).toBe('用户名或密码错误');
  });

  it('locks the account after 5 failures for 15 minutes, even for the right password', async () => {
    const u = await buildUser(t().tdb.db, { role: 'school_staff', unitId: d.schoolB2.id });
    for (let i = 0; i < 4; i++) {
      expect((await post('/api/auth/login', { username: u.username, password: 'Bad#Passw0rd' })).statusCode).toBe(401);
    }
    const fifth = await post('/api/auth/login', { username: u.username, password: 'Bad#Passw0rd' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    const right = await post('/api/auth/login', { username: u.username, password: u.password });
    expect(right.statusCode).toBe(423);
    const row = await t().tdb.db.selectFrom('login_throttle').select(['locked_until']).where('key', '=', `u:${u.username}`).executeTakeFirstOrThrow();
    const minutes = (row.locked_until!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15.1);
  });

  it('audits every login, success and failure, with IP and request id', async () => {
    const u = await buildUser(t().tdb.db, { role: 'school_staff', unitId: d.schoolB2.id });
    await post('/api/auth/login', { username: u.username, password: 'Bad#Passw0rd' });
    await post('/api/auth/login', { username: u.username, password: u.password });
    const events = await t()
      .tdb.db.selectFrom('audit_event')
      .select(['action', 'ip', 'request_id', 'actor_user_id'])
      .where('object_id', '=', u.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect(events.every((e) => e.ip && e.request_id && e.actor_user_id === u.id)).toBe(true);
  });

  it('gives a new session id at every login', async () => {
    const a = await login(t().app, d.users.staff.username, d.users.staff.password);
    const b = await login(t().app, d.users.staff.username, d.users.staff.password);
    expect(a.cookie).not.toBe(b.cookie);
  });

  it('refuses a state-changing request without the CSRF token, and changes nothing', async () => {
    const c = await login(t().app, d.users.staff.username, d.users.staff.password);
    const before = (await c.get(`/api/units/${d.schoolB1.id}`)).json();
    const res = await c.request('PATCH', `/api/units/${d.schoolB1.id}`, { version: before.version, address: 'x' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
    expect((await c.get(`/api/units/${d.schoolB1.id}`)).json().version).toBe(before.version);
  });

  it('logout destroys the session on the server: the old cookie no longer works', async () => {
    const c = await login(t().app, d.users.staff.username, d.users.staff.password);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
  });

  it('expires a session idle for longer than the idle timeout', async () => {
    const c = await login(t().app, d.users.staff.username, d.users.staff.password);
    await sql`UPDATE user_session SET last_seen_at = now() - interval '31 minutes'`.execute(t().tdb.db);
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('expires a session past its absolute lifetime even when active', async () => {
    const c = await login(t().app, d.users.leader.username, d.users.leader.password);
    await sql`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = ${d.users.leader.id}`.execute(t().tdb.db);
    expect((await c.get('/api/auth/me')).json().error.code).toBe('SESSION_EXPIRED');
  });

  it('ends all of a user’s sessions when the password changes', async () => {
    const u = await buildUser(t().tdb.db, { role: 'school_staff', unitId: d.schoolA2.id });
    const a = await login(t().app, u.username, u.password);
    const b = await login(t().app, u.username, u.password);
    const res = await a.post('/api/auth/password', { currentPassword: u.password, newPassword: 'New#Passw0rd9' });
    expect(res.statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    await login(t().app, u.username, 'New#Passw0rd9');
  });

  it('refuses a weak new password with the reasons in Chinese', async () => {
    const u = await buildUser(t().tdb.db, { role: 'school_staff', unitId: d.schoolA2.id });
    const c = await login(t().app, u.username, u.password);
    const res = await c.post('/api/auth/password', { currentPassword: u.password, newPassword: 'password' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('至少三类');
  });

  it('rejects unknown JSON fields with a field-level Chinese message', async () => {
    const res = await post('/api/auth/login', { username: 'a', password: 'b', remember: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toContain('不允许的字段 remember');
  });

  it('answers 413 for an oversized body', async () => {
    const res = await post('/api/auth/login', { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 401 to an API call without a session and sends security headers', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/units' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('请先登录');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('reports health 200 {"status":"ok"}', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('carries the cookie helper through a real login', async () => {
    const res = await post('/api/auth/login', { username: d.users.admin.username, password: d.users.admin.password });
    expect(cookieHeader(res)).toContain('xiaoan_session=');
  });
});
