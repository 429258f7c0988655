import { describe, expect, it } from 'vitest';
import { login, useTestApp } from '../../../test/app.js';

describe('first start without demo data', () => {
  const t = useTestApp();

  it('requires creating the first (security) admin, refuses a weak or the published demo password, then refuses a second set-up', async () => {
    const app = t().app;
    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ setupRequired: true, demo: false });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { bureauName: '某区教育局', username: 'root', displayName: '管理员', password: '12345678' },
    });
    expect(weak.statusCode).toBe(400);
    const demo = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { bureauName: '某区教育局', username: 'root', displayName: '管理员', password: 'Tianning@2026' },
    });
    expect(demo.statusCode).toBe(400);
    expect(demo.json().error.message).toContain('不能使用公开的演示密码');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { bureauName: '某区教育局', username: 'root', displayName: '管理员', password: 'Strong#Pass1' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json().setupRequired).toBe(false);
    const again = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { bureauName: '另一个', username: 'root2', displayName: '管理员2', password: 'Strong#Pass2' },
    });
    expect(again.statusCode).toBe(409);
    // 三员分立: the first account is the security administrator, who must bind a second factor.
    const first = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'root', password: 'Strong#Pass1' } });
    expect(first.json()).toMatchObject({ role: 'security_admin', authStage: 'enrol_second_factor' });
    const c = await login(app, 'root', 'Strong#Pass1');
    expect((await c.get('/api/auth/me')).json()).toMatchObject({ role: 'security_admin', authStage: 'full', secondFactor: { enabled: true, required: true } });
  });
});
