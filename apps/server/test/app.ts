import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type RouteInfo } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { generate } from 'otplib';
import { createTestDb, type TestDb } from './db.js';

export type TestApp = {
  app: App & { routeList: RouteInfo[] };
  tdb: TestDb;
  config: Config;
};

/** Builds the real application on a fresh cloned database (no network listener; use app.inject). */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const tdb = await createTestDb();
  // Each test app gets its own data directory (uploaded files), removed when the app closes.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-test-data-'));
  const config = { ...loadConfig({ XIAOAN_DEMO: 'false' } as NodeJS.ProcessEnv), dataDir, ...overrides };
  const app = await buildApp(
    {
      db: tdb.db,
      config,
      pingDb: async () => {
        try {
          await tdb.pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
    },
    { logger: false },
  );
  return { app, tdb, config };
}

/** Registers before/after hooks for a test file and returns a getter for the app. */
export function useTestApp(overrides: Partial<Config> = {}): () => TestApp {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await createTestApp(overrides);
  });
  afterAll(async () => {
    await t?.app.close();
    await t?.tdb.close();
    if (t && !overrides.dataDir) fs.rmSync(t.config.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!t) throw new Error('test app not ready');
    return t;
  };
}

/** A signed-in browser-like client: carries the session cookie and the CSRF header. */
export type Client = {
  cookie: string;
  csrf: string;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  del: (url: string) => Promise<LightMyRequestResponse>;
  request: (method: string, url: string, body?: unknown, opts?: { csrf?: boolean }) => Promise<LightMyRequestResponse>;
};

export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** What the test client remembers of each account's second factor, to sign in again later in a file. */
const secondFactors = new Map<string, { secret: string; recoveryCodes: string[] }>();

/** The second factor the test client bound for a username (to compute codes in a test). */
export function secondFactorOf(username: string): { secret: string; recoveryCodes: string[] } | undefined {
  return secondFactors.get(username);
}

function clientFor(app: App, cookie: string, csrf: string): Client {
  const request = (method: string, url: string, body?: unknown, opts: { csrf?: boolean } = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, ...(opts.csrf === false ? {} : { 'x-csrf-token': csrf }) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    cookie,
    csrf,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    put: (url, body) => request('PUT', url, body ?? {}),
    del: (url) => request('DELETE', url),
  };
}

/** The same signed-in browser (its cookie and CSRF token) talking to another app: a second instance behind one proxy. */
export function clientOn(app: App, client: Client): Client {
  return clientFor(app, client.cookie, client.csrf);
}

/**
 * Logs in through the real routes and returns a client; throws when the login
 * fails. For roles that must use a second factor it goes through it as a person
 * would: binds an authenticator the first time (keeping the secret and recovery
 * codes), and later answers with a recovery code (a TOTP code works once per
 * 30-second step, and tests sign in faster than that).
 */
export async function login(app: App, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const me = res.json() as { csrfToken: string; authStage: string };
  let client = clientFor(app, cookieHeader(res), me.csrfToken);
  if (me.authStage === 'enrol_second_factor' || (me.authStage === 'second_factor' && !secondFactors.has(username))) {
    if (me.authStage === 'second_factor') throw new Error(`login ${username}: a second factor is bound that this test client did not bind`);
    const setup = await client.post('/api/auth/totp/setup');
    if (setup.statusCode !== 200) throw new Error(`totp setup ${username} failed: ${setup.statusCode} ${setup.body}`);
    const { secret } = setup.json() as { secret: string };
    const enable = await client.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    if (enable.statusCode !== 200) throw new Error(`totp enable ${username} failed: ${enable.statusCode} ${enable.body}`);
    const body = enable.json() as { recoveryCodes: string[]; me: { csrfToken: string } };
    secondFactors.set(username, { secret, recoveryCodes: [...body.recoveryCodes] });
    client = clientFor(app, cookieHeader(enable), body.me.csrfToken);
  } else if (me.authStage === 'second_factor') {
    const code = secondFactors.get(username)!.recoveryCodes.shift();
    if (!code) throw new Error(`login ${username}: the test client has used up its recovery codes`);
    const second = await client.post('/api/auth/second-factor', { code });
    if (second.statusCode !== 200) throw new Error(`second factor ${username} failed: ${second.statusCode} ${second.body}`);
    client = clientFor(app, cookieHeader(second), (second.json() as { csrfToken: string }).csrfToken);
  }
  return client;
}

/** Signs in several accounts of a district at once, by name: `await loginEach(app, d.users, ['staff', 'leader'])`. */
export async function loginEach<K extends string>(
  app: App,
  users: Record<K, { username: string; password: string }>,
  names: readonly K[],
): Promise<Record<K, Client>> {
  const out = {} as Record<K, Client>;
  for (const n of names) out[n] = await login(app, users[n].username, users[n].password);
  return out;
}
