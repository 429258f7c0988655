// The load runner of the hazard-ledger benchmark: starts the real server pinned to core 0,
// logs in as real users, drives each scenario from a load-generator child pinned to core 1,
// times the same SQL through a bare pg client, and writes the results file.
// Run alone (on a dataset made by `npm run bench:generate`) with `npm run bench:run`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { addDays, shanghaiDate, type Role } from '@xiaoan/domain';
import type { HazardListQuery } from '@xiaoan/contracts';
import { freeLoopbackPort } from '../apps/server/src/db/embedded.js';
import { hashPassword } from '../apps/server/src/features/auth/password.js';
import { resolveScope } from '../apps/server/src/features/auth/scope.repository.js';
import { findHazards } from '../apps/server/src/features/hazards/hazard.repository.js';
import { actOnHazard, createHazard, getHazardDetail } from '../apps/server/src/features/hazards/hazard.service.js';
import type { RequestContext } from '../apps/server/src/http/context.js';
import { submitInspection } from '../apps/server/src/features/inspections/inspection.service.js';
import { completion, dueList } from '../apps/server/src/features/inspections/schedule.service.js';
import { teamCoverage } from '../apps/server/src/features/supervision-visits/visit.service.js';
import type { Db } from '../apps/server/src/db/database.js';
import { benchCheckBody, prepareBenchPoint, type BenchPoint } from './lib/inspections.js';
import { readDataset, type Dataset } from './generate.js';
import { DATA_DIR, REPO_ROOT, RESULTS_DIR, appUrlOf, machineFacts, openServer, say, today, writeJson, type BenchDatabase } from './lib/env.js';
import { prepareHazards } from './lib/fixtures.js';
import type { LoadRequest, LoadResult, LoadSpec } from './lib/loadgen.js';
import { ms, summarize, type Summary } from './lib/stats.js';
import { Recorder, explain, inline, replay, type Statement } from './lib/sqlreplay.js';
import { renderReportExtras, reportScenarios, runReportExtras, type ReportExtras } from './lib/reports.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CONCURRENCY = num('BENCH_CONCURRENCY', 8);
const DURATION_S = num('BENCH_DURATION', 20);
const DURATION_1_S = num('BENCH_DURATION_SINGLE', 10);
const WARMUP_S = num('BENCH_WARMUP', 3);
const SQL_SECONDS = num('BENCH_SQL_SECONDS', 8);
const WRITE_POOL = num('BENCH_WRITE_POOL', 12_000);

type Login = { username: string; cookie: string; csrf: string; userId: string; role: Role };
type Target = { kind: 'read' | 'search' | 'write'; p95Ms: number };

export type ScenarioResult = {
  key: string;
  title: string;
  as: string;
  request: string;
  target: Target;
  api: (Summary & { rps: number; concurrency: number; seconds: number; errors: number; statuses: Record<string, number>; errorSamples: string[] }) | null;
  apiSingle: (Summary & { rps: number }) | null;
  sql: (Summary & { statements: number }) | null;
  /** The same statements with the scope test written `<@ ANY($n::ltree[])`, which the GiST index can serve (see README). */
  sqlScopeAny: Summary | null;
  ratioP50: number | null;
  ratioP95: number | null;
  met: boolean | null;
  notes: string[];
  /** os.loadavg() when the scenario started: other work on the machine skews the figures. */
  loadAverage: string;
  explain?: { sql: string; plan: string };
  explainScopeAny?: { sql: string; plan: string };
};

export type ExportResult = {
  request: string;
  as: string;
  rows: number;
  runs: { seconds: number; bytes: number; status: number; maxRssMb: number }[];
  baselineRssMb: number;
  maxRssMb: number;
  medianSeconds: number;
  met: { time: boolean; rss: boolean };
} | { skipped: string };

export type RunResults = {
  date: string;
  machine: Record<string, string>;
  postgres: Record<string, string>;
  settings: Record<string, string | number>;
  dataset: Dataset;
  scenarios: ScenarioResult[];
  export: ExportResult;
  /** Reporting: province rates per district (SQL) and the roll-up download; null when the dataset has no reports. */
  reports?: ReportExtras | null;
  notes: string[];
};

// ---------------------------------------------------------------------------------------
// The server under test

type Server = { proc: ChildProcess; pid: number; baseUrl: string; stop: () => Promise<void> };

async function startServer(db: BenchDatabase): Promise<Server> {
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

async function login(baseUrl: string, username: string, password: string): Promise<Login> {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const me = (await r.json()) as { csrfToken: string; id: string; role: Role };
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { username, cookie, csrf: me.csrfToken, userId: me.id, role: me.role };
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------
// Load

async function load(spec: LoadSpec): Promise<LoadResult> {
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

function specFor(server: Server, who: Login, requests: LoadRequest[], order: 'random' | 'once', concurrency: number, seconds: number, expect: number[]): LoadSpec {
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

// ---------------------------------------------------------------------------------------
// Scenarios

type Scenario = {
  key: string;
  title: string;
  who: Login;
  target: Target;
  order: 'random' | 'once';
  expect: number[];
  /** The requests of the concurrent run and of the single-connection run (writes need fresh hazards for each). */
  requests: { loaded: LoadRequest[]; single: LoadRequest[] };
  describe: string;
  /** Statement sequences to replay for the SQL figure, and how. */
  sql: () => Promise<SqlPlan>;
};

type SqlPlan =
  | { kind: 'read'; sequences: Statement[][] }
  | { kind: 'write'; statements: Statement[]; capturedId: string | null; newIdOf?: string; newIdTable?: string; targets: (string | null)[] };

async function ctxFor(rec: Recorder, l: Login): Promise<RequestContext> {
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

const qs = (q: Record<string, string | number | string[]>) =>
  Object.entries(q)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${encodeURIComponent(x)}`) : [`${k}=${encodeURIComponent(String(v))}`]))
    .join('&');

function listQuery(q: Record<string, string | number | string[]>): HazardListQuery {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) out[k] = (k === 'state' || k === 'domain' || k === 'source') && !Array.isArray(v) ? [v] : v;
  return out as HazardListQuery;
}

async function buildScenarios(
  server: Server,
  rec: Recorder,
  admin: pg.Pool,
  ds: Dataset,
  logins: Record<string, Login>,
  writeSchool: { id: number; path: string },
  benchPoint: BenchPoint | null,
): Promise<Scenario[]> {
  const o = ds.org;
  const school = logins.school!;
  const bureau = logins.bureau!;
  const team = logins.team!;
  const bureau2 = logins.bureau2!;
  const schoolCtx = await ctxFor(rec, school);
  const bureauCtx = await ctxFor(rec, bureau);
  const teamCtx = await ctxFor(rec, team);
  const bureau2Ctx = await ctxFor(rec, bureau2);
  const now = () => new Date();
  const read: Target = { kind: 'read', p95Ms: 50 };
  const search: Target = { kind: 'search', p95Ms: 100 };
  const write: Target = { kind: 'write', p95Ms: 30 };

  const listScenario = (key: string, title: string, who: Login, ctx: RequestContext, queries: Record<string, string | number | string[]>[], target: Target, describe: string): Scenario => {
    const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/hazards?${qs(q)}` }));
    return {
      key,
      title,
      who,
      target,
      order: 'random',
      expect: [200],
      requests: { loaded: requests, single: requests },
      describe,
      sql: async () => {
        const sequences: Statement[][] = [];
        for (const q of queries) sequences.push((await rec.capture((db) => findHazards(db, ctx.scope, listQuery(q), now()))).statements);
        return { kind: 'read', sequences };
      },
    };
  };

  // (c) search terms: two-character words of the generated texts, with their hit counts in the big district.
  const terms = (process.env.BENCH_SEARCH_TERMS ?? '消防,电线,护栏,食堂,裂缝,灭火,楼梯,门卫').split(',').map((t) => t.trim()).filter(Boolean);

  const termHits: string[] = [];
  for (const t of terms) {
    const n = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM hazard WHERE bigrams(search_text) @> bigrams($1) AND strpos(lower(search_text), lower($1)) > 0 AND unit_path <@ $2::ltree`,
      [t, o.bigDistrict.path],
    );
    termHits.push(`${t} (${Number(n.rows[0]!.n).toLocaleString('en')})`);
  }
  // (d) random hazards of the big district.
  const detailIds = (
    await admin.query<{ id: string }>(`SELECT id FROM hazard TABLESAMPLE SYSTEM (5) WHERE unit_path <@ $1::ltree AND id <= $2 LIMIT 2000`, [o.bigDistrict.path, ds.sizes.hazards])
  ).rows.map((r) => r.id);
  // (e) a photo of the big school, as a report would carry.
  const photo = (await admin.query<{ id: string }>(`SELECT id FROM file_object WHERE unit_id = $1 AND kind = 'photo' LIMIT 1`, [writeSchool!.id])).rows[0]?.id;

  // Writes go to a school of their own (the district's second-biggest), so that the read
  // scenarios of the biggest school see its ledger as generated.
  const writer = logins.writer!;
  const writerCtx = await ctxFor(rec, writer);
  const ws = writeSchool!;
  const bigSchool = { id: ws.id, path: ws.path, adminUserId: Number(writer.userId) };
  const fixturesClient = await admin.connect();
  const prep = async (state: 'reported' | 'registered', n: number) => prepareHazards(fixturesClient, bigSchool, n, state);
  let reportedPool: string[];
  let registeredPool: string[];
  try {
    say(`preparing ${WRITE_POOL.toLocaleString('en')} reported and ${WRITE_POOL.toLocaleString('en')} registered hazards for the transition scenarios …`);
    reportedPool = await prep('reported', WRITE_POOL);
    registeredPool = await prep('registered', WRITE_POOL);
    await fixturesClient.query('ANALYZE hazard');
  } finally {
    fixturesClient.release();
  }
  // Disjoint slices: single-connection run, concurrent run, SQL replay.
  const slices = (ids: string[]) => {
    const single = ids.slice(0, Math.floor(ids.length * 0.2));
    const sqlPart = ids.slice(single.length, single.length + Math.floor(ids.length * 0.15));
    const loaded = ids.slice(single.length + sqlPart.length);
    return { single, sqlPart, loaded };
  };
  const rep = slices(reportedPool);
  const reg = slices(registeredPool);

  const today_ = shanghaiDate(new Date());
  const reportBody = (i: number) => ({
    unitId: String(ws.id),
    domain: (['fire', 'buildings', 'food', 'security', 'gas'] as const)[i % 5],
    grade: 'general',
    source: 'self',
    title: ['三楼走廊灭火器过期', '食堂排烟罩油污较多', '操场篮球架底座松动', '配电房门未上锁', '校门口道闸故障'][i % 5],
    description: '日常巡查发现，现场已拍照，需登记整改。',
    location: ['教学楼三楼东侧', '食堂操作间', '操场', '行政楼配电房', '学校南门'][i % 5],
    photoIds: photo ? [photo] : [],
    foundAt: today_,
    foundBy: '安全管理员',
  });
  const registerBody = {
    version: 1,
    owner: '王校长',
    measures: '清理通道，设置警示标识，每日复查',
    funds: 800,
    dueDate: addDays(today_, 30),
    contingencyPlan: '整改期间专人巡查，发现异常立即处置',
  };

  const transition = (key: string, title: string, route: string, action: 'register' | 'start_rectification', pool: ReturnType<typeof slices>, body: Record<string, unknown>): Scenario => ({
    key,
    title,
    who: writer,
    target: write,
    order: 'once',
    expect: [200],
    requests: {
      loaded: pool.loaded.map((id) => ({ method: 'POST', path: `/api/hazards/${id}/${route}`, body })),
      single: pool.single.map((id) => ({ method: 'POST', path: `/api/hazards/${id}/${route}`, body })),
    },
    describe: `POST /api/hazards/:id/${route} {version: 1${action === 'register' ? ', the five commitments' : ''}}, each on its own prepared hazard`,
    sql: async () => {
      const [first, ...rest] = pool.sqlPart;
      const captured = await rec.capture((db) => actOnHazard(db, writerCtx, first!, action, body as never));
      return { kind: 'write', statements: captured.statements, capturedId: first!, targets: rest };
    },
  });

  const q1 = { schoolId: String(o.bigSchool.id), pageSize: 20 };
  const combos: [string, string][] = [
    ['rectifying', 'fire'],
    ['registered', 'food'],
    ['pending_verification', 'buildings'],
    ['reported', 'security'],
    ['rectifying', 'gas'],
  ];
  const bySchools = (
    await admin.query<{ id: string }>(`SELECT id FROM unit WHERE kind = 'school' AND path <@ $1::ltree AND id <> $2 ORDER BY random() LIMIT 200`, [o.bigDistrict.path, writeSchool!.id])
  ).rows.map((r) => ({ schoolId: r.id, pageSize: 20 }));

  return [
    listScenario('a', "(a) a school's ledger page", school, schoolCtx, [q1], read, `GET /api/hazards?schoolId=${o.bigSchool.id}&pageSize=20 (the biggest school of the big district)`),
    listScenario('a2', "(a2) a school's ledger page, as the bureau, over 200 schools", bureau, bureauCtx, bySchools, read, 'GET /api/hazards?schoolId=<one of 200 random schools of the big district>&pageSize=20'),
    listScenario(
      'b',
      "(b) a district's ledger by state and domain",
      bureau,
      bureauCtx,
      combos.map(([state, domain]) => ({ state, domain, pageSize: 20 })),
      read,
      `GET /api/hazards?state=…&domain=…&pageSize=20 over ${combos.map((c) => c.join('+')).join(', ')}`,
    ),
    listScenario('b2', "(b2) a typical district's ledger by state and domain", bureau2, bureau2Ctx, combos.map(([state, domain]) => ({ state, domain, pageSize: 20 })), read, 'as (b), as bureau staff of a typical district'),
    listScenario('b3', "(b3) a team member's ledger (the team's schools)", team, teamCtx, [{ pageSize: 20 }, { state: 'rectifying', pageSize: 20 }, { overdue: 'true', pageSize: 20 }], read, 'GET /api/hazards?pageSize=20 (and state=rectifying, overdue=true) as a team member'),
    listScenario('c', '(c) two-character search across the district', bureau, bureauCtx, terms.map((q) => ({ q, pageSize: 20 })), search, `GET /api/hazards?q=…&pageSize=20 for ${termHits.join('、')} (hits in the district)`),
    {
      key: 'd',
      title: "(d) a hazard's detail with its timeline",
      who: bureau,
      target: read,
      order: 'random',
      expect: [200],
      requests: { loaded: detailIds.map((id) => ({ method: 'GET', path: `/api/hazards/${id}` })), single: detailIds.map((id) => ({ method: 'GET', path: `/api/hazards/${id}` })) },
      describe: `GET /api/hazards/:id over ${detailIds.length} random hazards of the big district`,
      sql: async () => {
        const sequences: Statement[][] = [];
        for (const id of detailIds.slice(0, 300)) sequences.push((await rec.capture((db) => getHazardDetail(db, bureauCtx, id, now()))).statements);
        return { kind: 'read', sequences };
      },
    },
    {
      key: 'e',
      title: '(e) create (report)',
      who: writer,
      target: write,
      order: 'random',
      expect: [201],
      requests: { loaded: Array.from({ length: 50 }, (_, i) => ({ method: 'POST', path: '/api/hazards', body: reportBody(i) })), single: Array.from({ length: 50 }, (_, i) => ({ method: 'POST', path: '/api/hazards', body: reportBody(i) })) },
      describe: 'POST /api/hazards with a report body (one photo), CSRF header, as the admin of the write school',
      sql: async () => {
        const captured = await rec.capture((db) => createHazard(db, writerCtx, reportBody(0) as never));
        const id = captured.value.detail.hazard.id;
        return { kind: 'write', statements: captured.statements, capturedId: null, newIdOf: id, targets: Array.from({ length: 3000 }, () => null) };
      },
    },
    transition('f1', '(f1) transition: register', 'register', 'register', rep, registerBody),
    transition('f2', '(f2) transition: start rectification', 'start-rectification', 'start_rectification', reg, { version: 1 }),
    ...(benchPoint ? await inspectionScenarios(server, rec, admin, ds, logins, { school: schoolCtx, bureau: bureauCtx, bureau2: bureau2Ctx, team: teamCtx, writer: writerCtx }, benchPoint) : []),
    ...(ds.reports ? await reportScenarios(rec, admin, o.bigDistrict.bureauId, o.typicalDistrict.bureauId, { bureau, bureau2 }, { bureau: bureauCtx, bureau2: bureau2Ctx }) : []),
  ];
}

/**
 * 排查 scenarios: (i1) a 20-item daily check submitted from the QR code with an
 * Idempotency-Key; (i2) today's due list of the biggest school; (i3) a district's completion
 * rates for a month (this month and last month); (i4) a team's coverage page, last, as the
 * route is the newest.
 */
async function inspectionScenarios(
  server: Server,
  rec: Recorder,
  admin: pg.Pool,
  ds: Dataset,
  logins: Record<string, Login>,
  ctx: Record<'school' | 'bureau' | 'bureau2' | 'team' | 'writer', RequestContext>,
  point: BenchPoint,
): Promise<Scenario[]> {
  const o = ds.org;
  const page: Target = { kind: 'read', p95Ms: 100 };
  const submit: Target = { kind: 'write', p95Ms: 50 };
  const run = `${Date.now().toString(36)}`;
  const post = (prefix: string, n: number): LoadRequest[] =>
    Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/api/inspections', body: benchCheckBody(point, i), headers: { 'idempotency-key': `bench-${run}-${prefix}-${i}` } }));
  const today_ = shanghaiDate(new Date());
  const lastMonth = addDays(`${today_.slice(0, 7)}-01`, -1);
  const monthQueries: { window: 'month'; date?: string }[] = [{ window: 'month' }, { window: 'month', date: lastMonth }];
  const readScenario = (key: string, title: string, who: Login, paths: string[], describe: string, capture: ((db: Db) => Promise<unknown>)[]): Scenario => {
    const requests = paths.map((p) => ({ method: 'GET' as const, path: p }));
    return {
      key,
      title,
      who,
      target: page,
      order: 'random',
      expect: [200],
      requests: { loaded: requests, single: requests },
      describe,
      sql: async () => {
        const sequences: Statement[][] = [];
        for (const f of capture) sequences.push((await rec.capture((db) => f(db as Db))).statements);
        return { kind: 'read', sequences };
      },
    };
  };
  const teamRow = (await admin.query<{ team_id: string }>('SELECT team_id FROM supervision_team_member WHERE user_id = $1 ORDER BY team_id LIMIT 1', [logins.team!.userId])).rows[0];
  const probe = (await fetch(`${server.baseUrl}/api/openapi.json`).then((r) => r.json())) as { paths: Record<string, unknown> };
  const hasCoverage = Boolean(probe.paths['/api/supervision-teams/{id}/coverage']);
  const schoolPoints = (await admin.query<{ n: string }>('SELECT count(*) AS n FROM inspection_point WHERE school_id = $1', [o.bigSchool.id])).rows[0]!.n;
  const out: Scenario[] = [
    {
      key: 'i1',
      title: '(i1) submit a 20-item daily check (QR, Idempotency-Key)',
      who: logins.writer!,
      target: submit,
      order: 'once',
      expect: [201],
      requests: { loaded: post('l', 20_000), single: post('s', 5_000) },
      describe: 'POST /api/inspections {kind: self, qrToken, 1 checklist version, 20 answers (1 fail with a note)} with a fresh Idempotency-Key each, as the admin of the write school',
      sql: async () => {
        const key = `bench-${run}-sql-0`;
        const captured = await rec.capture((db) => submitInspection(db as Db, ctx.writer, benchCheckBody(point, 0), key));
        return {
          kind: 'write',
          statements: captured.statements,
          capturedId: key,
          newIdOf: captured.value.detail.inspection.id,
          newIdTable: 'inspection',
          targets: Array.from({ length: 3000 }, (_, i) => `bench-${run}-sql-${i + 1}`),
        };
      },
    },
    readScenario(
      'i2',
      "(i2) today's due list of a school",
      logins.school!,
      [`/api/inspection-schedule?schoolId=${o.bigSchool.id}`],
      `GET /api/inspection-schedule?schoolId=${o.bigSchool.id} (the biggest school of the big district, ${schoolPoints} points)`,
      [(db) => dueList(db, ctx.school, { schoolId: String(o.bigSchool.id) })],
    ),
    readScenario(
      'i3',
      "(i3) a district's completion rates for a month",
      logins.bureau!,
      monthQueries.map((q) => `/api/inspection-completion?${qs(q as Record<string, string>)}`),
      `GET /api/inspection-completion?window=month (this month, and last month with date=${lastMonth}) as bureau staff of ${o.bigDistrict.name} (${o.bigDistrict.schools} schools)`,
      monthQueries.map((q) => (db: Db) => completion(db, ctx.bureau, q)),
    ),
    readScenario(
      'i3b',
      "(i3b) a typical district's completion rates for a month",
      logins.bureau2!,
      monthQueries.map((q) => `/api/inspection-completion?${qs(q as Record<string, string>)}`),
      `as (i3), as bureau staff of ${o.typicalDistrict.name} (${o.typicalDistrict.schools} schools)`,
      monthQueries.map((q) => (db: Db) => completion(db, ctx.bureau2, q)),
    ),
  ];
  if (teamRow && hasCoverage) {
    out.push(
      readScenario(
        'i4',
        "(i4) a team's coverage page",
        logins.team!,
        [`/api/supervision-teams/${teamRow.team_id}/coverage`],
        `GET /api/supervision-teams/${teamRow.team_id}/coverage (this month) as a member of the team`,
        [(db) => teamCoverage(db, ctx.team, teamRow.team_id, {})],
      ),
    );
  } else {
    say(`(i4) not measured: ${hasCoverage ? 'bench_team is in no team' : 'GET /api/supervision-teams/:id/coverage is not registered in this build'}`);
  }
  return out;
}

/** The scope test as the repository writes it: `unit_path <@ $n::ltree[]` (no GiST support for ltree <@ ltree[]). */
const SCOPE_ARRAY = /<@ (\$\d+)::ltree\[\]/g;
/** The same test as `<@ ANY($n::ltree[])`, which gist_ltree_ops serves. */
function scopeAny(s: Statement): Statement {
  return { sql: s.sql.replace(SCOPE_ARRAY, '<@ ANY($1::ltree[])'), params: s.params };
}

async function measureSql(client: pg.ClientBase, plan: SqlPlan): Promise<{ summary: Summary; statements: number }> {
  const times: number[] = [];
  const until = performance.now() + SQL_SECONDS * 1000;
  if (plan.kind === 'read') {
    // Warm-up: sequences once each while within 2 s, then at least 5 timed replays however slow.
    const warm = performance.now() + 2000;
    for (const s of plan.sequences) {
      await replay(client, s);
      if (performance.now() > warm) break;
    }
    const end = Math.max(until, performance.now() + 1000);
    while ((performance.now() < end || times.length < 5) && times.length < 200_000) {
      const s = plan.sequences[Math.floor(Math.random() * plan.sequences.length)]!;
      times.push(await replay(client, s));
    }
    return { summary: summarize(times), statements: plan.sequences[0]!.length };
  }
  for (const target of plan.targets) {
    if (performance.now() > until) break;
    const subst = new Map<string, string>();
    if (plan.capturedId && target) subst.set(plan.capturedId, target);
    times.push(await replay(client, plan.statements, subst, plan.newIdOf, plan.newIdTable));
  }
  return { summary: summarize(times), statements: plan.statements.length };
}

/** Total rows of the ledger a bureau user of the big district exports (no filter). */
async function runExport(server: Server, who: Login, admin: pg.Pool, ds: Dataset): Promise<ExportResult> {
  const rows = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM hazard WHERE unit_path <@ $1::ltree`, [ds.org.bigDistrict.path])).rows[0]!.n);
  const requestPath = '/api/hazards/export.xlsx';
  const probe = await fetch(`${server.baseUrl}/api/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>);
  if (!probe.paths['/api/hazards/export.xlsx']) return { skipped: 'GET /api/hazards/export.xlsx does not exist in this build' };
  const runs: { seconds: number; bytes: number; status: number; maxRssMb: number }[] = [];
  const baselineRssMb = rssMb(server.pid);
  const repeat = num('BENCH_EXPORT_RUNS', 3);
  for (let i = 0; i < repeat; i++) {
    let maxRss = rssMb(server.pid);
    const timer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(server.pid))), 100);
    try {
      const r = await load({ ...specFor(server, who, [{ method: 'GET', path: requestPath }], 'once', 1, 600, [200]), maxRequests: 1 });
      maxRss = Math.max(maxRss, rssMb(server.pid));
      runs.push({ seconds: (r.latenciesMs[0] ?? NaN) / 1000, bytes: r.bytes, status: Number(Object.keys(r.statusCounts)[0]), maxRssMb: Math.round(maxRss) });
      say(`export run ${i + 1}: ${runs.at(-1)!.seconds.toFixed(2)} s, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, status ${JSON.stringify(r.statusCounts)}, max RSS ${Math.round(maxRss)} MB`);
    } finally {
      clearInterval(timer);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  const secs = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const medianSeconds = secs[Math.floor(secs.length / 2)]!;
  const maxRssMb = Math.max(...runs.map((r) => r.maxRssMb));
  return {
    request: `GET ${requestPath} (no filter: the whole big district)`,
    as: `${who.username} (bureau staff)`,
    rows,
    runs,
    baselineRssMb: Math.round(baselineRssMb),
    maxRssMb,
    medianSeconds,
    met: { time: medianSeconds <= 10, rss: maxRssMb <= 300 },
  };
}

async function postgresFacts(admin: pg.Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  out.version = (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
  for (const s of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'random_page_cost', 'synchronous_commit', 'jit']) {
    out[s] = (await admin.query<Record<string, string>>(`SHOW ${s}`)).rows[0]![s]!;
  }
  return out;
}

/** Runs every scenario against a generated dataset; the caller owns the database server. */
export async function runBenchmark(db: BenchDatabase, ds: Dataset): Promise<RunResults> {
  // This process (SQL timing, fixtures) and the load generator share core 1; the server has core 0.
  execFileSync('taskset', ['-a', '-pc', '1', String(process.pid)], { stdio: 'ignore' });
  const appUrl = await appUrlOf(db);
  const admin = new pg.Pool({ connectionString: db.adminUrl, max: 3 });
  const appPool = new pg.Pool({ connectionString: appUrl, max: 4 });
  const rec = new Recorder(appPool);
  await resetWrites(admin, ds);
  const writeSchool = await prepareWriter(admin, ds);
  const benchPoint = ds.inspections ? await prepareBenchPoint(admin, writeSchool) : null;
  const server = await startServer(db);
  const notes: string[] = [];
  try {
    const password = ds.passwordForBenchUsers;
    const logins: Record<string, Login> = {
      writer: await login(server.baseUrl, 'bench_writer', password),
      school: await login(server.baseUrl, ds.org.logins.bigSchoolAdmin.username, password),
      bureau: await login(server.baseUrl, ds.org.logins.bigDistrictStaff.username, password),
      team: await login(server.baseUrl, ds.org.logins.teamMember.username, password),
      bureau2: await login(server.baseUrl, ds.org.logins.typicalDistrictStaff.username, password),
    };
    const scenarios = await buildScenarios(server, rec, admin, ds, logins, writeSchool, benchPoint);
    const only = process.env.BENCH_ONLY?.split(',');
    const results: ScenarioResult[] = [];
    const sqlClient = await appPool.connect();
    try {
      for (const s of scenarios) {
        if (only && !only.includes(s.key)) continue;
        say(`${s.title} — ${s.describe}`);
        const r: ScenarioResult = { key: s.key, title: s.title, as: `${s.who.username} (${s.who.role})`, request: s.describe, target: s.target, api: null, apiSingle: null, sql: null, sqlScopeAny: null, ratioP50: null, ratioP95: null, met: null, notes: [], loadAverage: os.loadavg().map((x) => x.toFixed(2)).join(' ') };
        // Single connection: the service time, comparable with the SQL replay (one client too).
        const alive = () => {
          if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
            throw new Error(`the server stopped (${server.proc.exitCode ?? server.proc.signalCode}) during ${s.title}; see data/bench/server.log`);
          }
        };
        alive();
        const single = await load(specFor(server, s.who, s.requests.single, s.order, 1, DURATION_1_S, s.expect));
        const sSum = summarize(single.latenciesMs);
        r.apiSingle = { ...sSum, rps: single.latenciesMs.length / (single.elapsedMs / 1000) };
        // Concurrent: under load.
        const loaded = await load(specFor(server, s.who, s.requests.loaded, s.order, CONCURRENCY, DURATION_S, s.expect));
        alive();
        const lSum = summarize(loaded.latenciesMs);
        const errors = Object.entries(loaded.statusCounts).filter(([k]) => !s.expect.includes(Number(k))).reduce((a, [, v]) => a + v, 0)
          + Object.entries(single.statusCounts).filter(([k]) => !s.expect.includes(Number(k))).reduce((a, [, v]) => a + v, 0);
        r.api = { ...lSum, rps: loaded.latenciesMs.length / (loaded.elapsedMs / 1000), concurrency: CONCURRENCY, seconds: loaded.elapsedMs / 1000, errors, statuses: loaded.statusCounts, errorSamples: [...single.errors, ...loaded.errors].slice(0, 5) };
        if (s.order === 'once' && loaded.latenciesMs.length >= s.requests.loaded.length) r.notes.push(`the concurrent run used up its ${s.requests.loaded.length} prepared hazards before ${DURATION_S} s`);
        // Plain SQL.
        const plan = await s.sql();
        const sql = await measureSql(sqlClient, plan);
        r.sql = { ...sql.summary, statements: sql.statements };
        r.ratioP50 = sSum.p50 / sql.summary.p50;
        r.ratioP95 = sSum.p95 / sql.summary.p95;
        r.met = lSum.p95 <= s.target.p95Ms && errors === 0;
        if (plan.kind === 'read') {
          // The plans of the statements of a representative request.
          const seq = plan.sequences[0]!;
          const asIssued: string[] = [];
          for (const x of seq) asIssued.push(await explain(sqlClient, x));
          r.explain = { sql: seq.map(inline).join(';\n\n'), plan: asIssued.join('\n\n') };
          if (seq.some((x) => /<@ \$\d+::ltree\[\]/.test(x.sql))) {
            const fixed: SqlPlan = { kind: 'read', sequences: plan.sequences.map((q) => q.map(scopeAny)) };
            r.sqlScopeAny = (await measureSql(sqlClient, fixed)).summary;
            const fseq = fixed.sequences[0]!;
            const plans: string[] = [];
            for (const x of fseq) plans.push(await explain(sqlClient, x));
            r.explainScopeAny = { sql: fseq.map(inline).join(';\n\n'), plan: plans.join('\n\n') };
          }
        }
        say(
          `  API c=${CONCURRENCY}: p50 ${ms(lSum.p50)} p95 ${ms(lSum.p95)} p99 ${ms(lSum.p99)} ms, ${r.api.rps.toFixed(0)} req/s, ${lSum.n} requests, errors ${errors}` +
            ` | API c=1: p50 ${ms(sSum.p50)} p95 ${ms(sSum.p95)} | SQL: p50 ${ms(sql.summary.p50)} p95 ${ms(sql.summary.p95)} (${sql.summary.n}×, ${sql.statements} statements) | ratio p95 ${r.ratioP95.toFixed(2)}`,
        );
        if (r.api.errorSamples.length) say(`  errors: ${r.api.errorSamples.join(' | ')}`);
        results.push(r);
      }
    } finally {
      sqlClient.release();
    }
    // Before the ledger export (g), so the roll-up's RSS is not read after a 100,000-row workbook.
    let reports: ReportExtras | null = null;
    if (ds.reports && (!only || only.includes('r2') || only.includes('r3'))) {
      const c = await appPool.connect();
      try {
        reports = await runReportExtras({ baseUrl: server.baseUrl, serverPid: server.pid, who: logins.bureau!, ctx: await ctxFor(rec, logins.bureau!), rec, sqlClient: c, bigBureauId: ds.org.bigDistrict.bureauId, sqlSeconds: SQL_SECONDS, runs: num('BENCH_EXPORT_RUNS', 3), only });
      } finally {
        c.release();
      }
    }
    const exp = !only || only.includes('g') ? await runExport(server, logins.bureau!, admin, ds) : { skipped: 'not selected (BENCH_ONLY)' };
    const res: RunResults = {
      date: new Date().toISOString(),
      machine: machineFacts(),
      postgres: await postgresFacts(admin),
      settings: {
        concurrency: CONCURRENCY,
        durationSeconds: DURATION_S,
        singleConnectionSeconds: DURATION_1_S,
        warmupSeconds: WARMUP_S,
        sqlSeconds: SQL_SECONDS,
        serverLogLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
        pinning: 'server: taskset -c 0; load generator, fixtures and SQL client: taskset -c 1; PostgreSQL: not pinned',
      },
      dataset: ds,
      scenarios: results,
      export: exp,
      reports,
      notes,
    };
    return res;
  } finally {
    await server.stop();
    await rec.db.destroy().catch(() => {});
    await resetWrites(admin, ds).catch((e: unknown) => say(`could not remove the run's writes: ${String(e)}`));
    await admin.end();
  }
}

/**
 * The admin of the big district's second-biggest school becomes `bench_writer`: the write
 * scenarios report and act there, away from the school whose ledger (a) reads.
 */
async function prepareWriter(admin: pg.Pool, ds: Dataset): Promise<{ id: number; path: string }> {
  const r = await admin.query<{ id: string; path: string }>(
    `SELECT h.school_id AS id, min(h.unit_path::text) AS path FROM hazard h
      WHERE h.unit_path <@ $1::ltree AND h.school_id <> $2 AND h.unit_id = h.school_id
      GROUP BY h.school_id ORDER BY count(*) DESC LIMIT 1`,
    [ds.org.bigDistrict.path, ds.org.bigSchool.id],
  );
  const school = { id: Number(r.rows[0]!.id), path: r.rows[0]!.path };
  const hash = await hashPassword(ds.passwordForBenchUsers);
  await admin.query(`UPDATE app_user SET username = NULL WHERE username = 'bench_writer' AND unit_id <> $1`, [school.id]);
  await admin.query(
    `UPDATE app_user SET username = 'bench_writer', password_hash = $2, password_changed_at = now()
      WHERE id = (SELECT min(id) FROM app_user WHERE unit_id = $1 AND role = 'school_admin')`,
    [school.id, hash],
  );
  return school;
}

/**
 * Removes what a run wrote (hazards after the generated ids, and their history), so every
 * run starts from the generated ledger. The history is append-only for the application;
 * the owner lifts that here for the bench database only.
 */
async function resetWrites(admin: pg.Pool, ds: Dataset): Promise<void> {
  const c = await admin.connect();
  try {
    // Inspections a run submitted (after the generated ids), and their results: immutable for the app.
    const generated = ds.inspections?.inspections ?? 0;
    const ni = await c.query<{ n: string }>('SELECT count(*) AS n FROM inspection WHERE id > $1', [generated]);
    if (Number(ni.rows[0]!.n) > 0) {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      // The schedule counters of the points a run checked, recounted from what remains.
      const touched = await c.query<{ point_id: string }>('SELECT DISTINCT point_id FROM inspection WHERE id > $1 AND point_id IS NOT NULL', [generated]);
      const points = touched.rows.map((r) => r.point_id);
      await c.query('DELETE FROM inspection_result WHERE inspection_id > $1', [generated]);
      await c.query('DELETE FROM inspection WHERE id > $1', [generated]);
      if (points.length) {
        await c.query('DELETE FROM inspection_period_done WHERE point_id = ANY($1::bigint[])', [points]);
        await c.query(
          `INSERT INTO inspection_period_done (point_id, period_key)
             SELECT DISTINCT point_id, period_key FROM inspection WHERE point_id = ANY($1::bigint[]) AND period_key IS NOT NULL`,
          [points],
        );
        const units = await c.query<{ unit_id: string }>('SELECT DISTINCT unit_id FROM inspection_point WHERE id = ANY($1::bigint[])', [points]);
        const unitIds = units.rows.map((r) => r.unit_id);
        await c.query('DELETE FROM inspection_done_day WHERE unit_id = ANY($1::bigint[])', [unitIds]);
        await c.query(
          `INSERT INTO inspection_done_day (unit_id, period_end, school_id, done)
             SELECT unit_id, period_end, school_id, count(DISTINCT (point_id, period_key)) FROM inspection
              WHERE unit_id = ANY($1::bigint[]) AND period_key IS NOT NULL GROUP BY unit_id, period_end, school_id`,
          [unitIds],
        );
      }
      await c.query('COMMIT');
      await c.query('VACUUM (ANALYZE) inspection, inspection_result');
      say(`removed ${ni.rows[0]!.n} inspections written by a run, and their results`);
    }
    const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM hazard WHERE id > $1', [ds.sizes.hazards]);
    if (Number(n.rows[0]!.n) === 0) return;
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query('DELETE FROM hazard_event WHERE hazard_id > $1', [ds.sizes.hazards]);
    await c.query('DELETE FROM hazard WHERE id > $1', [ds.sizes.hazards]);
    await c.query('COMMIT');
    await c.query('VACUUM (ANALYZE) hazard, hazard_event');
    say(`removed ${n.rows[0]!.n} hazards written by a run, and their history`);
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

// ---------------------------------------------------------------------------------------
// The results file

const yes = (b: boolean | null) => (b === null ? '–' : b ? 'yes' : '**no**');

export function renderMarkdown(r: RunResults): string {
  const ds = r.dataset;
  const L: string[] = [];
  L.push(`# Hazard ledger benchmark — ${r.date.slice(0, 10)}`, '');
  L.push('Produced by `npm run bench` (bench/README.md). Every latency of every request is recorded; p50/p95/p99 are exact (nearest rank).', '');
  L.push('## Machine', '', '| fact | value |', '|---|---|');
  for (const [k, v] of Object.entries(r.machine)) L.push(`| ${k} | ${v} |`);
  for (const [k, v] of Object.entries(r.postgres)) L.push(`| PostgreSQL ${k} | ${v} |`);
  for (const [k, v] of Object.entries(r.settings)) L.push(`| run: ${k} | ${v} |`);
  L.push('', '## Dataset', '');
  L.push(`${ds.sizes.schools.toLocaleString('en')} schools in ${ds.sizes.districts} districts, ${ds.sizes.hazards.toLocaleString('en')} hazards over ${ds.sizes.years} years (seed ${ds.sizes.seed}), database ${ds.database.name} (${ds.database.kind}).`, '');
  L.push('| table / count | rows | size |', '|---|---:|---:|');
  for (const [k, v] of Object.entries(ds.counts)) L.push(`| ${k} | ${v.toLocaleString('en')} | ${ds.tableSizes[k] ?? ''} |`);
  L.push(`| whole database | | ${ds.tableSizes.database} |`, '');
  if (ds.inspections && ds.storage?.inspection_result) {
    const st = ds.storage;
    const res = st.inspection_result!;
    const mib = (b: number) => (b / 2 ** 20).toFixed(1);
    const perM = (b: number) => mib((b / res.rows) * 1e6);
    L.push(
      `Inspections: ${ds.inspections.points.toLocaleString('en')} points in ${ds.inspections.schools.toLocaleString('en')} schools, ${ds.inspections.days} days of self-checks up to yesterday: ${ds.inspections.inspections.toLocaleString('en')} inspections with ${ds.inspections.results.toLocaleString('en')} item results; ${ds.inspections.visits.toLocaleString('en')} supervision visits.`,
      '',
      '| storage per million item results | heap (+TOAST) MiB | indexes MiB | total MiB |',
      '|---|---:|---:|---:|',
      `| inspection_result | ${perM(res.heapBytes)} | ${perM(res.indexBytes)} | ${perM(res.bytes)} |`,
      `| inspection (the checks those results belong to) | ${perM(st.inspection!.heapBytes)} | ${perM(st.inspection!.indexBytes)} | ${perM(st.inspection!.bytes)} |`,
      `| both | ${perM(res.heapBytes + st.inspection!.heapBytes)} | ${perM(res.indexBytes + st.inspection!.indexBytes)} | ${perM(res.bytes + st.inspection!.bytes)} |`,
      '',
    );
  }
  L.push(`Big district: ${ds.org.bigDistrict.name} (${ds.org.bigDistrict.schools} schools); typical district: ${ds.org.typicalDistrict.name} (${ds.org.typicalDistrict.schools} schools); biggest school: ${ds.org.bigSchool.name}.`, '');
  L.push('### Generation time', '', '| phase | seconds | rows | rows/s |', '|---|---:|---:|---:|');
  for (const p of ds.phases) L.push(`| ${p.name}${p.note ? ` (${p.note})` : ''} | ${p.seconds} | ${p.rows?.toLocaleString('en') ?? ''} | ${p.rowsPerSecond?.toLocaleString('en') ?? ''} |`);
  L.push(`| **total** | **${ds.totalSeconds}** | | |`, '');
  L.push('## Results', '');
  L.push(`API = the real server (HTTP, session, scope, validation, serialisation) with ${r.settings.concurrency} concurrent keep-alive connections for ${r.settings.durationSeconds} s; "c=1" = one connection for ${r.settings.singleConnectionSeconds} s. SQL = the statements the repository/service issues for the same requests (captured from the real code through Kysely's log), replayed through one pg client. Ratio = API c=1 ÷ SQL. Met = API p95 under load ≤ target and no errors.`, '');
  L.push('| scenario | API p50 | API p95 | API p99 | API req/s | c=1 p50 | c=1 p95 | SQL p50 | SQL p95 | ratio p50 / p95 | target p95 | met? | ratio ≤ 1.5? | SQL p50 / p95 with `<@ ANY` |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|');
  for (const s of r.scenarios) {
    L.push(
      `| ${s.title} | ${ms(s.api!.p50)} | ${ms(s.api!.p95)} | ${ms(s.api!.p99)} | ${s.api!.rps.toFixed(0)} | ${ms(s.apiSingle!.p50)} | ${ms(s.apiSingle!.p95)} | ${ms(s.sql!.p50)} | ${ms(s.sql!.p95)} | ${s.ratioP50!.toFixed(2)} / ${s.ratioP95!.toFixed(2)} | ${s.target.p95Ms} ms | ${yes(s.met)} | ${yes(s.ratioP95! <= 1.5)} | ${s.sqlScopeAny ? `${ms(s.sqlScopeAny.p50)} / ${ms(s.sqlScopeAny.p95)}` : '–'} |`,
    );
  }
  L.push('', 'All times in milliseconds. The last column is a what-if: the same statements with the scope test written `unit_path <@ ANY($n::ltree[])` instead of `unit_path <@ $n::ltree[]` (only the former can use the GiST index on unit_path).', '');
  const e = r.export;
  L.push('### (g) Export', '');
  if ('skipped' in e) L.push(`Not measured: ${e.skipped}.`, '');
  else {
    L.push(`${e.request} as ${e.as}: ${e.rows.toLocaleString('en')} rows.`, '');
    L.push('| run | seconds | MB sent | status | server max RSS (MB) |', '|---|---:|---:|---:|---:|');
    e.runs.forEach((x, i) => L.push(`| ${i + 1} | ${x.seconds.toFixed(2)} | ${(x.bytes / 1024 / 1024).toFixed(1)} | ${x.status} | ${x.maxRssMb} |`));
    L.push('', `Median ${e.medianSeconds.toFixed(2)} s (target ≤ 10 s: ${yes(e.met.time)}); max RSS ${e.maxRssMb} MB, RSS before ${e.baselineRssMb} MB (target ≤ 300 MB: ${yes(e.met.rss)}). RSS sampled every 100 ms from /proc/<pid>/status (VmRSS) of the server process.`, '');
  }
  L.push(...renderReportExtras(r.reports, ds.reports));
  L.push('## Scenarios in detail', '');
  for (const s of r.scenarios) {
    L.push(`### ${s.title}`, '', `- request: ${s.request}`, `- as: ${s.as}`);
    L.push(`- API under load: ${s.api!.n.toLocaleString('en')} requests in ${s.api!.seconds.toFixed(1)} s, statuses ${JSON.stringify(s.api!.statuses)}, max ${ms(s.api!.max)} ms`);
    L.push(`- SQL: ${s.sql!.n.toLocaleString('en')} replays of ${s.sql!.statements} statements each`);
    L.push(`- load average when it started: ${s.loadAverage}`);
    for (const n of s.notes) L.push(`- note: ${n}`);
    if (s.api!.errorSamples.length) L.push(`- error samples: ${s.api!.errorSamples.map((x) => `\`${x.replace(/`/g, "'")}\``).join('; ')}`);
    if (s.explain) L.push('', '<details><summary>EXPLAIN (ANALYZE, BUFFERS) of its statements, as issued</summary>', '', '```sql', s.explain.sql, '```', '', '```', s.explain.plan, '```', '', '</details>');
    if (s.explainScopeAny) L.push('', '<details><summary>… and with the scope test as <code>&lt;@ ANY(…)</code></summary>', '', '```', s.explainScopeAny.plan, '```', '', '</details>');
    L.push('');
  }
  for (const n of r.notes) L.push(`- ${n}`);
  return L.join('\n') + '\n';
}

export function writeResults(r: RunResults): { md: string; json: string } {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL.replace(/[^a-z0-9-]/gi, '')}` : '';
  const base = path.join(RESULTS_DIR, `ledger-${today()}${label}`);
  writeJson(`${base}.json`, r);
  fs.writeFileSync(`${base}.md`, renderMarkdown(r));
  return { md: `${base}.md`, json: `${base}.json` };
}

// `npm run bench:run`: run against the dataset left by `npm run bench:generate`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const ds = readDataset();
  if (!ds) throw new Error('no dataset: run `npm run bench:generate` first (or `npm run bench`)');
  const db = await openServer();
  try {
    const r = await runBenchmark(db, ds);
    const files = writeResults(r);
    say(`results: ${path.relative(REPO_ROOT, files.md)}, ${path.relative(REPO_ROOT, files.json)}`);
  } finally {
    await db.stop();
  }
}
