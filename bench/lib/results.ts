// The results file: bench/results/ledger-<date>[-label].md and .json.
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, today, writeJson } from './env.js';
import { ms } from './stats.js';
import { renderReportExtras } from './reports.js';
import type { RunResults } from './run-config.js';

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
