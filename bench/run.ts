// The load runner of the hazard-ledger benchmark: starts the real server pinned to core 0,
// logs in as real users, drives each scenario from a load-generator child pinned to core 1,
// times the same SQL through a bare pg client, and writes the results file.
// Run alone (on a dataset made by `npm run bench:generate`) with `npm run bench:run`.
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { prepareBenchPoint } from './lib/inspections.js';
import { readDataset, type Dataset } from './generate.js';
import { REPO_ROOT, appUrlOf, machineFacts, openServer, say, type BenchDatabase } from './lib/env.js';
import { ms, summarize } from './lib/stats.js';
import { Recorder, explain, inline } from './lib/sqlreplay.js';
import { runReportExtras, type ReportExtras } from './lib/reports.js';
import { CONCURRENCY, DURATION_1_S, DURATION_S, SQL_SECONDS, WARMUP_S, num, type Login, type RunResults, type ScenarioResult, type SqlPlan } from './lib/run-config.js';
import { ctxFor, load, login, specFor, startServer } from './lib/server.js';
import { buildScenarios } from './lib/ledger-scenarios.js';
import { measureSql, postgresFacts, runExport, scopeAny } from './lib/measure.js';
import { prepareWriter, resetWrites } from './lib/writes.js';
import { writeResults } from './lib/results.js';

// index.ts and merge.ts import these from here.
export { renderMarkdown, writeResults } from './lib/results.js';
export type { ExportResult, RunResults, ScenarioResult } from './lib/run-config.js';

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