import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/database.js';
import { freeLoopbackPort, pgDirOf, readPostmasterPid, readSuperuserPassword } from '../src/db/embedded.js';
import { buildDistrict } from './factories.js';

/**
 * Fault injection against the real server process on its embedded PostgreSQL: the
 * database is taken away under write load (its connections terminated, then the
 * postmaster SIGKILLed), and the app process itself is SIGKILLed and started again.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const execFileAsync = promisify(execFile);

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(dataDir: string, port: number, extraEnv: NodeJS.ProcessEnv = {}): Running {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    XIAOAN_DATA_DIR: dataDir,
    XIAOAN_DEMO: 'false',
    LOG_LEVEL: 'warn',
    XIAOAN_WEB_DIST: path.join(dataDir, 'no-web'),
  };
  delete env.DATABASE_URL;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(port: number, r: Running, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (r.child.exitCode !== null) throw new Error(`server exited: ${r.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      /* starting */
    }
    await sleep(100);
  }
  throw new Error(`not healthy in time: ${r.output()}`);
}

function postgresProcessesFor(dataDir: string): string[] {
  return execSync('ps -eo pid,args', { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(dataDir) && /postgres/.test(l));
}

/** The superuser's URL of the running embedded server, the way the backup tool finds it. */
function superuserUrl(dataDir: string): string {
  const info = readPostmasterPid(pgDirOf(dataDir));
  if (!info) throw new Error('no postmaster.pid');
  return `postgres://postgres:${encodeURIComponent(readSuperuserPassword(dataDir))}@127.0.0.1:${info.port}/xiaoan`;
}

async function superuserQuery<T extends pg.QueryResultRow>(dataDir: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: superuserUrl(dataDir) });
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

type Outcome = { ok: string[]; unavailable: number; unavailableBodies: unknown[]; other: string[] };

/**
 * Writers creating departments as fast as the server answers, until stopped: every 201
 * is an acknowledged write, every 503 must be DB_UNAVAILABLE, anything else (a 500, a
 * refused connection because the process died) is recorded as a failure.
 */
function writeLoad(port: number, session: { cookie: string; csrf: string }, tag: string, workers = 4) {
  const outcome: Outcome = { ok: [], unavailable: 0, unavailableBodies: [], other: [] };
  let stop = false;
  let n = 0;
  const worker = async () => {
    while (!stop) {
      const name = `科室-${tag}-${n++}`;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/departments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ name }),
        });
        const body: unknown = await res.json();
        if (res.status === 201) outcome.ok.push(name);
        else if (res.status === 503) {
          outcome.unavailable++;
          if (outcome.unavailableBodies.length < 3) outcome.unavailableBodies.push(body);
        } else outcome.other.push(`${res.status} ${JSON.stringify(body)}`);
      } catch (e) {
        outcome.other.push(`fetch: ${(e as Error).message}`);
        await sleep(50);
      }
      if (outcome.unavailable > 0) await sleep(5); // do not spin on a database that is down
    }
  };
  const running = Array.from({ length: workers }, worker);
  return {
    outcome,
    stop: async () => {
      stop = true;
      await Promise.all(running);
      return outcome;
    },
  };
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('losing the database does not kill the app (embedded PostgreSQL, real server process)', () => {
  let dataDir = '';
  let port = 0;
  let server: Running | undefined;
  let session = { cookie: '', csrf: '' };
  let bureauId = '';
  const acknowledged: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-resilience-'));
    fs.chmodSync(dataDir, 0o755); // the embedded server runs as "postgres" when the tests run as root
    port = await freeLoopbackPort();
    server = startServer(dataDir, port);
    await waitHealthy(port, server);
    // A district of its own, written as the superuser; its bureau staff member signs in over HTTP.
    const { db, pool } = createDb(superuserUrl(dataDir), 2);
    let district: Awaited<ReturnType<typeof buildDistrict>>;
    try {
      district = await buildDistrict(db);
    } finally {
      await pool.end();
    }
    bureauId = district.bureau.id;
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: district.users.staff.username, password: district.users.staff.password }),
    });
    expect(res.status).toBe(200);
    session = {
      cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('terminating every connection of the app under write load: the process stays up, requests answer 201 or 503, the pool reconnects', async () => {
    const load = writeLoad(port, session, 'term');
    await waitFor('first writes', () => load.outcome.ok.length >= 20, 15_000);
    for (let i = 0; i < 6; i++) {
      if (server!.child.exitCode !== null) throw new Error(`the server died: ${server!.output()}`);
      const killed = await superuserQuery<{ n: number }>(
        dataDir,
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE usename = 'xiaoan_app' AND pid <> pg_backend_pid()`,
      );
      expect(killed[0]!.n).toBeGreaterThanOrEqual(0);
      await sleep(150);
    }
    const okBefore = load.outcome.ok.length;
    await waitFor('writes after the last termination', () => load.outcome.ok.length >= okBefore + 20, 15_000);
    const outcome = await load.stop();
    acknowledged.push(...outcome.ok);

    expect(server!.child.exitCode).toBeNull();
    expect(outcome.other).toEqual([]);
    for (const body of outcome.unavailableBodies) {
      expect(body).toEqual({ error: { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试', details: { retryAfterSeconds: 5 } } });
    }
  }, 60_000);

  it('SIGKILL of the postmaster under write load: 503 DB_UNAVAILABLE while it is down, PostgreSQL is restarted, no acknowledged write is lost', async () => {
    const before = readPostmasterPid(pgDirOf(dataDir))!;
    const load = writeLoad(port, session, 'kill');
    await waitFor('first writes', () => load.outcome.ok.length >= 20, 15_000);
    process.kill(before.pid, 'SIGKILL');
    await waitFor('503 answers while the database is down', () => load.outcome.unavailable > 0, 10_000);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    const okAtKill = load.outcome.ok.length;
    await waitFor('writes after the restart', () => load.outcome.ok.length >= okAtKill + 20, 30_000);
    const outcome = await load.stop();
    acknowledged.push(...outcome.ok);

    expect(server!.child.exitCode).toBeNull();
    expect(outcome.other).toEqual([]);
    expect(outcome.unavailableBodies[0]).toEqual({ error: { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试', details: { retryAfterSeconds: 5 } } });
    // Health said so too (unless the restart was already done by the time it was asked).
    expect([200, 503]).toContain(health.status);
    if (health.status === 503) expect(await health.json()).toEqual({ status: 'unavailable' });
    expect(server!.output()).toContain('嵌入式 PostgreSQL 意外退出（信号 SIGKILL）');
    expect(server!.output()).toContain('嵌入式 PostgreSQL 已重启');
    const after = readPostmasterPid(pgDirOf(dataDir))!;
    expect(after.pid).not.toBe(before.pid);
    expect(after.port).toBe(before.port);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    // Every write that was answered 201 is in the database.
    const rows = await superuserQuery<{ name: string }>(dataDir, 'SELECT name FROM department WHERE unit_id = $1', [bureauId]);
    const stored = new Set(rows.map((r) => r.name));
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(80);
  }, 60_000);

  it('npm run backup while the server runs under writes, npm run restore into an empty directory: the app starts there with every write acknowledged before the backup', async () => {
    const node = (script: string, env: NodeJS.ProcessEnv) => {
      const e: NodeJS.ProcessEnv = { ...process.env, ...env };
      delete e.DATABASE_URL;
      return execFileAsync(process.execPath, [path.join(root, 'scripts', script), file], { cwd: root, env: e });
    };
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-backup.tar.gz`);
    const restoredDir = `${dataDir}-restored`;
    const load = writeLoad(port, session, 'backup', 2);
    try {
      await waitFor('first writes', () => load.outcome.ok.length >= 5, 15_000);
      const before = [...acknowledged, ...load.outcome.ok];
      const backup = await node('backup.mjs', { XIAOAN_DATA_DIR: dataDir });
      expect(backup.stdout).toContain('运行中的嵌入式 PostgreSQL');
      expect(backup.stdout).toContain('备份完成');
      const outcome = await load.stop();
      acknowledged.push(...outcome.ok);
      expect(outcome.other).toEqual([]);

      const restore = await node('restore.mjs', { XIAOAN_DATA_DIR: restoredDir });
      expect(restore.stdout).toContain('恢复完成');
      const port2 = await freeLoopbackPort();
      const again = startServer(restoredDir, port2);
      try {
        await waitHealthy(port2, again);
        const rows = await superuserQuery<{ name: string }>(restoredDir, 'SELECT name FROM department WHERE unit_id = $1', [bureauId]);
        const stored = new Set(rows.map((r) => r.name));
        expect(before.filter((n) => !stored.has(n))).toEqual([]);
      } finally {
        again.child.kill('SIGTERM');
        expect(await again.exited).toBe(0);
      }
    } finally {
      await load.stop();
      fs.rmSync(file, { force: true });
      fs.rmSync(restoredDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('SIGKILL of the app leaves its PostgreSQL running; the next start on the same data directory stops that orphan and comes up with the data', async () => {
    server!.child.kill('SIGKILL');
    await server!.exited;
    const orphan = readPostmasterPid(pgDirOf(dataDir))!;
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    server = startServer(dataDir, port);
    await waitHealthy(port, server);
    expect(server.output()).toContain(`发现上次异常退出后仍在运行的嵌入式 PostgreSQL（PID ${orphan.pid}`);
    expect(server.output()).not.toContain('启动失败');
    expect(readPostmasterPid(pgDirOf(dataDir))!.pid).not.toBe(orphan.pid);
    const rows = await superuserQuery<{ name: string }>(dataDir, 'SELECT name FROM department WHERE unit_id = $1', [bureauId]);
    const stored = new Set(rows.map((r) => r.name));
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 60_000);
});

describe('a start that fails says why', () => {
  it('an unreachable DATABASE_URL and a data directory PostgreSQL refuses both print the cause, never "undefined"', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-startfail-'));
    fs.chmodSync(dataDir, 0o755);
    try {
      const closedPort = await freeLoopbackPort();
      const external = startServer(dataDir, await freeLoopbackPort(), { DATABASE_URL: `postgres://owner@127.0.0.1:${closedPort}/xiaoan` });
      expect(await external.exited).toBe(1);
      expect(external.output()).toMatch(/启动失败：.*ECONNREFUSED/);
      expect(external.output()).not.toMatch(/undefined/);

      // A broken cluster directory: PostgreSQL itself refuses to start, and its words are the message.
      fs.mkdirSync(path.join(dataDir, 'pg'), { mode: 0o700 });
      fs.writeFileSync(path.join(dataDir, 'pg', 'PG_VERSION'), '99\n');
      if (os.userInfo().uid === 0) execSync(`chown -R postgres:postgres ${path.join(dataDir, 'pg')}`);
      fs.writeFileSync(path.join(dataDir, 'pg-superuser.secret'), 'x\n', { mode: 0o600 });
      const embedded = startServer(dataDir, await freeLoopbackPort());
      expect(await embedded.exited).toBe(1);
      expect(embedded.output()).toMatch(/启动失败：嵌入式 PostgreSQL 启动失败（数据目录 .*，端口 \d+）：.*postgresql\.conf/);
      expect(embedded.output()).not.toMatch(/undefined/);
      expect(fs.existsSync(path.join(dataDir, 'xiaoan.lock'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
