// The province's dashboard figure, SQL only (as r2): no route spans districts (a province user
// does not exist), so this times the statements the dashboard service issues for a scope of
// every district of the dataset, on the app role, replayed on one pg client, and prints their
// EXPLAIN (ANALYZE, BUFFERS). `npx tsx bench/province-dashboard.ts` with the bench's env, on a
// dataset made by `npm run bench:generate`.
import pg from 'pg';
import { getDashboard } from '../apps/server/src/features/dashboard/dashboard.service.js';
import type { RequestContext } from '../apps/server/src/http/context.js';
import { readDataset } from './generate.js';
import { appUrlOf, openServer, say } from './lib/env.js';
import { ms, summarize } from './lib/stats.js';
import { Recorder, explain, inline, replay } from './lib/sqlreplay.js';

const ds = readDataset();
if (!ds) throw new Error('no dataset: run npm run bench:generate first');
const db = await openServer();
const admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
const appPool = new pg.Pool({ connectionString: await appUrlOf(db), max: 2 });
const rec = new Recorder(appPool);
try {
  const districts = (await admin.query<{ id: string; path: string }>(`SELECT id, path::text AS path FROM unit WHERE kind = 'bureau' ORDER BY id`)).rows;
  const staff = (await admin.query<{ id: string; username: string; display_name: string }>(`SELECT id, username, display_name FROM app_user WHERE username = $1`, [ds.org.logins.bigDistrictStaff.username])).rows[0]!;
  // A province reader: every district's subtree. As no unit holds them all, the service shows the
  // scope as a whole (children: the schools), as it does for a team member's several schools.
  const ctx: RequestContext = {
    actor: { userId: staff.id, username: staff.username, displayName: staff.display_name, role: 'team_member', unitId: districts[0]!.id, unitPath: districts[0]!.path, departmentId: null },
    scope: { unitPaths: districts.map((d) => d.path) },
    ip: '127.0.0.1',
    requestId: 'bench-province',
    reauthAt: new Date(),
  };
  const captured = await rec.capture((k) => getDashboard(k, ctx, {}));
  say(`province dashboard: ${districts.length} districts, ${captured.value.ranking.length} schools, ${captured.statements.length} statements; open hazards ${captured.value.figures.openHazards}`);
  const c = await appPool.connect();
  try {
    await replay(c, captured.statements);
    const times: number[] = [];
    const until = performance.now() + Number(process.env.BENCH_SQL_SECONDS ?? 8) * 1000;
    while (performance.now() < until || times.length < 5) times.push(await replay(c, captured.statements));
    const s = summarize(times);
    say(`province dashboard SQL: p50 ${ms(s.p50)} p95 ${ms(s.p95)} ms (${s.n}×)`);
    if (process.env.BENCH_EXPLAIN !== '0') {
      for (const st of captured.statements) {
        process.stdout.write(`\n-- ${inline(st).slice(0, 400)}\n${await explain(c, st)}\n`);
      }
    }
  } finally {
    c.release();
  }
} finally {
  await rec.db.destroy().catch(() => {});
  await admin.end();
  await db.stop();
}
