import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freeLoopbackPort } from '../src/db/embedded.js';
import { createTestDb, type TestDb } from './db.js';
import { buildDistrict, type District } from './factories.js';
import { multipartBody } from './multipart.js';
import { photo } from './images.js';

/*
 * The compiled server (npm run build → apps/server/dist/main.js, what `npm start` runs) as a
 * child process on a cloned test database, driven over HTTP through a representative set of
 * requests. The rest of the server suite runs the same sources through vitest; what only the
 * compiled bundle can get wrong is what this file covers: module resolution and linking of every
 * feature (all routes are registered at start), files read at run time beside the sources
 * (migrations, the web build), the native and external packages (argon2, sharp, exceljs, docx),
 * and the production logging defaults.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const entry = path.join(root, 'apps/server/dist/main.js');

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

describe('the compiled server (apps/server/dist) answers like the TypeScript one', () => {
  let tdb: TestDb;
  let d: District;
  let server: Running;
  let base: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-compiled-'));
  const accessLog = path.join(dataDir, 'access.log');

  beforeAll(async () => {
    // Builds when missing or stale, exactly as npm start does (well under a second).
    execFileSync(process.execPath, [path.join(root, 'scripts/server-build.mjs')], { cwd: root, stdio: 'pipe' });
    tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
    const port = await freeLoopbackPort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: tdb.adminUrl,
      XIAOAN_APP_DB_PASSWORD: inject('pgAppPassword') || undefined,
      XIAOAN_DATA_DIR: dataDir,
      XIAOAN_DEMO: 'false',
      XIAOAN_ACCESS_LOG: accessLog,
      XIAOAN_REMINDER_INTERVAL_MINUTES: '0',
      XIAOAN_AUDIT_ANCHOR_MINUTES: '0',
    };
    delete env.LOG_LEVEL;
    delete env.DATABASE_APP_URL;
    const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    server = { child, output: () => out, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
    for (const deadline = Date.now() + 60_000; ; ) {
      if (child.exitCode !== null) throw new Error(`compiled server exited: ${out}`);
      if (Date.now() > deadline) throw new Error(`compiled server not listening in time: ${out}`);
      try {
        if ((await fetch(`${base}/api/health`)).status === 200) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await tdb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  type Session = { cookie: string; csrf: string };
  const signIn = async (u: { username: string; password: string }): Promise<Session> => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const call = (s: Session, method: string, url: string, body?: unknown) =>
    fetch(`${base}${url}`, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('serves health, the OpenAPI document and the web UI (or its placeholder), and refuses bad input with 400', async () => {
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok' });
    const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).length).toBeGreaterThan(100);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const bad = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":1}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it('signs in, uploads a photo, reports a hazard with it, reads it back in the ledger, exports the ledger and shows the dashboard', async () => {
    const school = await signIn(d.users.schoolAdminA1);
    const { payload, contentType } = multipartBody([{ name: 'file', filename: '现场.jpg', contentType: 'image/jpeg', data: await photo('jpeg', 640, 480) }]);
    const up = await fetch(`${base}/api/files`, { method: 'POST', headers: { cookie: school.cookie, 'x-csrf-token': school.csrf, 'content-type': contentType }, body: new Uint8Array(payload) });
    expect(up.status, await up.clone().text()).toBe(201);
    const fileId = ((await up.json()) as { id: string }).id;

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const created = await call(school, 'POST', '/api/hazards', {
      unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '三楼走廊灭火器过期',
      description: '消防器材检查发现灭火器压力不足', location: '教学楼三楼', photoIds: [fileId], foundAt: today, foundBy: '李华',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { hazard: { id: string } }).hazard.id;

    const read = await call(school, 'GET', `/api/hazards/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { hazard: { title: string } }).hazard.title).toBe('三楼走廊灭火器过期');
    const thumb = await call(school, 'GET', `/api/files/${fileId}/thumbnail`);
    expect(thumb.status).toBe(200);

    const staff = await signIn(d.users.staff);
    const ledger = (await (await call(staff, 'GET', '/api/hazards')).json()) as { total: number };
    expect(ledger.total).toBe(1);
    const xlsx = await call(staff, 'GET', '/api/hazards/export.xlsx');
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const dash = await call(staff, 'GET', '/api/dashboard');
    expect(dash.status).toBe(200);
    expect(((await dash.json()) as { figures: { openHazards: number } }).figures.openHazards).toBe(1);
    // Out of scope answers 404 like an unknown id, also compiled.
    const other = await signIn(d.users.schoolAdminB1);
    expect((await call(other, 'GET', `/api/hazards/${id}`)).status).toBe(404);
  });

  it('logs no line per request at the default level, and writes the access log when asked to', async () => {
    expect(server.output()).not.toMatch(/incoming request|request completed/);
    const lines = fs.readFileSync(accessLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; url: string; status: number; ms: number });
    expect(lines.some((l) => l.method === 'GET' && l.url === '/api/health' && l.status === 200)).toBe(true);
    expect(lines.some((l) => l.method === 'POST' && l.url === '/api/auth/login' && l.status === 400)).toBe(true);
    expect(lines.every((l) => typeof l.ms === 'number')).toBe(true);
  });
});
