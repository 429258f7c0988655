import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

describe('notifications API: only the caller’s own', () => {
  const t = useTestApp();
  let d: District;
  let adminA1: Client, memberA: Client, adminB1: Client;
  const ids: Record<string, string> = {};

  const add = async (userId: string, key: string, over: { kind?: string; title?: string; createdAt?: string } = {}) => {
    const row = await t()
      .tdb.db.insertInto('notification')
      .values({
        user_id: userId,
        kind: over.kind ?? 'due_in_3_days',
        title: over.title ?? `整改时限还有 3 天：${key}`,
        body: '请按期完成整改并提交验收。',
        dedupe_key: key,
        created_at: over.createdAt ?? new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  };

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [adminA1, memberA, adminB1] = await Promise.all([lg(d.users.schoolAdminA1), lg(d.users.memberA), lg(d.users.schoolAdminB1)]);
    await add(d.users.schoolAdminA1.id, 'a-old', { createdAt: '2026-01-01T02:00:00Z', kind: 'overdue', title: '隐患已逾期：围墙开裂' });
    await add(d.users.schoolAdminA1.id, 'a-mid', { createdAt: '2026-01-02T02:00:00Z' });
    await add(d.users.schoolAdminA1.id, 'a-new', { createdAt: '2026-01-03T02:00:00Z', kind: 'due_in_1_day' });
    await add(d.users.memberA.id, 'm-1');
    await add(d.users.schoolAdminB1.id, 'b-1');
  });

  it('lists the caller’s notifications newest first, nobody else’s', async () => {
    const res = await adminA1.get('/api/notifications');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((n: { id: string }) => n.id)).toEqual([ids['a-new'], ids['a-mid'], ids['a-old']]);
    expect(body.items[2]).toEqual({
      id: ids['a-old'],
      kind: 'overdue',
      title: '隐患已逾期：围墙开裂',
      body: '请按期完成整改并提交验收。',
      hazardId: null,
      link: null,
      createdAt: '2026-01-01T02:00:00.000Z',
      readAt: null,
    });
    expect((await memberA.get('/api/notifications')).json().items.map((n: { id: string }) => n.id)).toEqual([ids['m-1']]);
  });

  it('pages, and refuses an unknown query parameter', async () => {
    const p2 = (await adminA1.get('/api/notifications?page=2&pageSize=2')).json();
    expect(p2).toMatchObject({ total: 3 });
    expect(p2.items.map((n: { id: string }) => n.id)).toEqual([ids['a-old']]);
    expect((await adminA1.get('/api/notifications?mine=false')).statusCode).toBe(400);
  });

  it('marks one read (unread=true counts drop), keeps the first read time on a repeat', async () => {
    const first = await adminA1.post(`/api/notifications/${ids['a-mid']}/read`);
    expect(first.statusCode).toBe(200);
    expect(first.json().readAt).toEqual(expect.any(String));
    const again = await adminA1.post(`/api/notifications/${ids['a-mid']}/read`);
    expect(again.json().readAt).toBe(first.json().readAt);
    const unread = (await adminA1.get('/api/notifications?unread=true')).json();
    expect(unread.total).toBe(2);
    expect(unread.items.map((n: { id: string }) => n.id)).toEqual([ids['a-new'], ids['a-old']]);
  });

  it('answers 404 for another user’s notification exactly as for a missing one, and changes nothing', async () => {
    const foreign = await adminA1.post(`/api/notifications/${ids['b-1']}/read`);
    const missing = await adminA1.post('/api/notifications/999999999/read');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect(foreign.json().error.message).toContain('消息');
    const b = (await adminB1.get('/api/notifications?unread=true')).json();
    expect(b.items.map((n: { id: string }) => n.id)).toEqual([ids['b-1']]);
  });

  it('needs the CSRF header to mark read', async () => {
    const res = await adminA1.request('POST', `/api/notifications/${ids['a-new']}/read`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_INVALID');
  });

  it('marks all of the caller’s unread read, and only the caller’s', async () => {
    const res = await adminA1.post('/api/notifications/read-all');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    expect((await adminA1.get('/api/notifications?unread=true')).json().total).toBe(0);
    expect((await adminA1.post('/api/notifications/read-all')).json()).toEqual({ updated: 0 });
    expect((await memberA.get('/api/notifications?unread=true')).json().total).toBe(1);
    expect((await adminB1.get('/api/notifications?unread=true')).json().total).toBe(1);
  });

  it('requires a login', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/notifications' });
    expect(res.statusCode).toBe(401);
  });
});
