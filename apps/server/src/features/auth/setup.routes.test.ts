import { describe, expect, it } from 'vitest';
import { login, useTestApp } from '../../../test/app.js';

describe('first start without demo data', () => {
  const t = useTestApp();

  it('requires creating the first admin, refuses a weak password, then refuses a second set-up', async () => {
    const app = t().app;
    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ setupRequired: true, demo: false });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { bureauName: '某区教育局', username: 'root', displayName: '管理员', password: '12345678' },
    });
    expect(weak.statusCode).toBe(400);
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
    const c = await login(app, 'root', 'Strong#Pass1');
    expect((await c.get('/api/auth/me')).json().role).toBe('system_admin');
  });
});
