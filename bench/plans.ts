// The plans of the benchmark's heaviest reads without the load run: the statements the service
// issues for a team member's ledger (b3), a two-character search across the big district (c)
// and the big district's dashboard (k1), captured as run.ts captures them, each replayed
// BENCH_PLAN_RUNS times (p50, max) and shown with EXPLAIN (ANALYZE, BUFFERS).
// `npx tsx bench/plans.ts` with the bench's env; BENCH_PLANS=b3,c,k1 to choose.
import pg from 'pg';
import type { Db } from '../apps/server/src/db/database.js';
import { getDashboard } from '../apps/server/src/features/dashboard/dashboard.service.js';
import { findHazards } from '../apps/server/src/features/hazards/hazard.repository.js';
import { readDataset } from './generate.js';
import { openServer, say } from './lib/env.js';
import { ctxFor } from './lib/server.js';
import { ms, summarize } from './lib/stats.js';
import { Recorder, explain, inline, replay } from './lib/sqlreplay.js';

// The known logins (README) when the dataset's record is not written yet (generation still indexing).
const ds = readDataset();
const db = await openServer();
// The owner's connection: no migration is run (an index may be building on the dataset).
const appPool = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
const rec = new Recorder(appPool);
const runs = Number(process.env.BENCH_PLAN_RUNS ?? 5);
const only = (process.env.BENCH_PLANS ?? 'b3,c,k1').split(',');
try {
  const as = (username: string) => ctxFor(rec, { username } as never);
  const team = await as(ds?.org.logins.teamMember.username ?? 'bench_team');
  const bureau = await as(ds?.org.logins.bigDistrictStaff.username ?? 'bench_bureau');
  const now = new Date();
  const calls: [string, (k: Db) => Promise<unknown>][] = [
    ['b3 team ledger ?pageSize=20', (k) => findHazards(k, team.scope, { pageSize: 20 }, now)],
    ['b3 team ledger ?state=rectifying', (k) => findHazards(k, team.scope, { state: ['rectifying'], pageSize: 20 }, now)],
    ['b3 team ledger ?overdue=true', (k) => findHazards(k, team.scope, { overdue: true, pageSize: 20 }, now)],
    ['c search 消防 across the big district', (k) => findHazards(k, bureau.scope, { q: '消防', pageSize: 20 }, now)],
    ['c search 门卫 across the big district', (k) => findHazards(k, bureau.scope, { q: '门卫', pageSize: 20 }, now)],
    ['k1 big district dashboard', (k) => getDashboard(k, bureau, {}, now)],
  ];
  const c = await appPool.connect();
  try {
    for (const [title, call] of calls) {
      if (!only.includes(title.split(' ')[0]!)) continue;
      const { statements } = await rec.capture(call);
      await replay(c, statements);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await replay(c, statements));
      const s = summarize(times);
      say(`${title}: SQL p50 ${ms(s.p50)} ms, max ${ms(s.max)} ms (${s.n}×, ${statements.length} statements)`);
      if (process.env.BENCH_EXPLAIN !== '0') {
        for (const st of statements) process.stdout.write(`\n-- ${inline(st).slice(0, 600)}\n${await explain(c, st)}\n`);
        process.stdout.write('\n');
      }
    }
  } finally {
    c.release();
  }
} finally {
  await rec.db.destroy().catch(() => {});
  await db.stop();
}
