import { describe, expect, it } from 'vitest';
import { createTestApp } from './app.js';

describe('when the database is gone', () => {
  it('health answers 503 and API errors are a plain 500 with nothing internal in the body', async () => {
    const t = await createTestApp();
    try {
      await t.tdb.pool.end();
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'unavailable' });
      const res = await t.app.inject({ method: 'GET', url: '/api/units', headers: { cookie: 'xiaoan_session=abc' } });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body.error.code).toBe('INTERNAL');
      expect(body.error.message).toMatch(/^服务器内部错误（请求编号 [0-9a-f-]{36}）$/);
      expect(JSON.stringify(body)).not.toMatch(/pool|select|stack|at \//i);
    } finally {
      await t.app.close();
    }
  });
});
