// Measuring: the SQL replay of a scenario's statements (and the `<@ ANY` what-if), the ledger
// export with the server's RSS sampled, and the PostgreSQL settings the figures depend on.
import pg from 'pg';
import type { Dataset } from '../generate.js';
import { say } from './env.js';
import { summarize, type Summary } from './stats.js';
import { replay, type Statement } from './sqlreplay.js';
import { load, rssMb, specFor, type Server } from './server.js';
import { SQL_SECONDS, num, type ExportResult, type Login, type SqlPlan } from './run-config.js';

/** The scope test as the repository writes it: `unit_path <@ $n::ltree[]` (no GiST support for ltree <@ ltree[]). */
const SCOPE_ARRAY = /<@ (\$\d+)::ltree\[\]/g;
/** The same test as `<@ ANY($n::ltree[])`, which gist_ltree_ops serves. */
export function scopeAny(s: Statement): Statement {
  return { sql: s.sql.replace(SCOPE_ARRAY, '<@ ANY($1::ltree[])'), params: s.params };
}

export async function measureSql(client: pg.ClientBase, plan: SqlPlan): Promise<{ summary: Summary; statements: number }> {
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
export async function runExport(server: Server, who: Login, admin: pg.Pool, ds: Dataset): Promise<ExportResult> {
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

export async function postgresFacts(admin: pg.Pool): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  out.version = (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
  for (const s of ['shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'random_page_cost', 'synchronous_commit', 'jit']) {
    out[s] = (await admin.query<Record<string, string>>(`SHOW ${s}`)).rows[0]![s]!;
  }
  return out;
}
