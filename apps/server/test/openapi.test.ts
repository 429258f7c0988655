import { describe, expect, it } from 'vitest';
import { useTestApp } from './app.js';

type Op = { requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> }; responses?: Record<string, unknown>; summary?: string };

describe('the OpenAPI document at /api/openapi.json', () => {
  const t = useTestApp();

  it('describes every registered API route, with a summary and its responses', async () => {
    const doc = (await t().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const missing: string[] = [];
    for (const r of t().app.routeList) {
      if (r.url === '/api/openapi.json') continue;
      const p = r.url.replace(/:([a-zA-Z]+)/g, '{$1}');
      const op: Op | undefined = doc.paths?.[p]?.[r.method.toLowerCase()];
      if (!op || !op.summary || !op.responses) missing.push(`${r.method} ${r.url}`);
    }
    expect(missing).toEqual([]);
  });

  it('closes every JSON request body with additionalProperties: false', async () => {
    const doc = (await t().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const open: string[] = [];
    for (const [p, ops] of Object.entries<Record<string, Op>>(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (schema && schema.additionalProperties !== false) open.push(`${m.toUpperCase()} ${p}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('documents how a browser session carries the CSRF token', async () => {
    const doc = (await t().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
  });

  it('answers unknown API paths with a Chinese 404 error body', async () => {
    const res = await t().app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});

describe('per-IP login rate limit', () => {
  const t = useTestApp({ login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 3 } });

  it('answers 429 with a Chinese message after too many attempts from one address', async () => {
    const attempt = () =>
      t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'someone', password: 'Wrong#123x' }, remoteAddress: '10.9.8.7' });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.json().error.message).toContain('频繁');
  });
});
