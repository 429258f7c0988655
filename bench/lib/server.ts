// The server under test (started pinned to core 0), logins and their request contexts, the
// server's RSS, and the load generator child (pinned to core 1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Role } from '@xiaoan/domain';
import { freeLoopbackPort } from '../../apps/server/src/db/embedded.js';
import { resolveScope } from '../../apps/server/src/features/auth/scope.repository.js';
import type { RequestContext } from '../../apps/server/src/http/context.js';
import { DATA_DIR, REPO_ROOT, say, type BenchDatabase } from './env.js';
import type { LoadRequest, LoadResult, LoadSpec } from './loadgen.js';
import type { Recorder } from './sqlreplay.js';
import { WARMUP_S, type Login } from './run-config.js';

export type Server = { proc: ChildProcess; pid: number; baseUrl: string; stop: () => Promise<void> };

export async function startServer(db: BenchDatabase): Promise<Server> {
  const port = await freeLoopbackPort();
  const logFile = path.join(DATA_DIR, 'server.log');
  const out = fs.openSync(logFile, 'w');
  const proc = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', 'bench/lib/serve.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...db.serverEnv,
      XIAOAN_DEMO: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      XIAOAN_DATA_DIR: DATA_DIR,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', out, out],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}); see ${logFile}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = proc.pid!;
  const affinity = execFileSync('taskset', ['-pc', String(pid)], { encoding: 'utf8' }).trim();
  say(`server pid ${pid} on ${baseUrl} (${affinity})`);
  return {
    proc,
    pid,
    baseUrl,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      fs.closeSync(out);
    },
  };
}

export async function login(baseUrl: string, username: string, password: string): Promise<Login> {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const me = (await r.json()) as { csrfToken: string; id: string; role: Role };
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { username, cookie, csrf: me.csrfToken, userId: me.id, role: me.role };
}

export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// Load

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-bench-'));
  const specFile = path.join(dir, 'spec.json');
  const outFile = path.join(dir, 'result.json');
  fs.writeFileSync(specFile, JSON.stringify(spec));
  await new Promise<void>((resolve, reject) => {
    const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'bench/lib/loadgen.ts'), specFile, outFile], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator exited ${code}`))));
  });
  const result = JSON.parse(fs.readFileSync(outFile, 'utf8')) as LoadResult;
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

export function specFor(server: Server, who: Login, requests: LoadRequest[], order: 'random' | 'once', concurrency: number, seconds: number, expect: number[]): LoadSpec {
  return {
    baseUrl: server.baseUrl,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, accept: 'application/json' },
    concurrency,
    durationMs: seconds * 1000,
    warmupMs: order === 'random' ? WARMUP_S * 1000 : 0,
    order,
    requests,
    expectStatus: expect,
    maxRequests: 2_000_000,
  };
}

export async function ctxFor(rec: Recorder, l: Login): Promise<RequestContext> {
  const u = await rec.db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.unit_id', 'u.department_id'])
    .select((eb) => eb.cast<string>('unit.path', 'text').as('unit_path'))
    .where('u.username', '=', l.username)
    .executeTakeFirstOrThrow();
  const scope = await resolveScope(rec.db, { userId: u.id, role: u.role, unitPath: u.unit_path });
  return {
    actor: { userId: u.id, username: u.username ?? '', displayName: u.display_name, role: u.role, unitId: u.unit_id, unitPath: u.unit_path, departmentId: u.department_id },
    scope,
    ip: '127.0.0.1',
    requestId: 'bench',
    reauthAt: new Date(),
  };
}

export const qs = (q: Record<string, string | number | string[]>) =>
  Object.entries(q)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${encodeURIComponent(x)}`) : [`${k}=${encodeURIComponent(String(v))}`]))
    .join('&');
