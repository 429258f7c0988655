// `npm run bench`: generate the province-sized dataset, run every scenario, write
// bench/results/ledger-<date>.md and .json, then remove the data (BENCH_KEEP=1 keeps it;
// BENCH_REUSE=1 reuses a dataset of the same sizes left by an earlier run).
import fs from 'node:fs';
import path from 'node:path';
import { generate, readDataset } from './generate.js';
import { runBenchmark, writeResults } from './run.js';
import { DATA_DIR, FILES_DIR, REPO_ROOT, dropDatabase, openServer, say, sizesFromEnv } from './lib/env.js';

const sizes = sizesFromEnv();
fs.mkdirSync(DATA_DIR, { recursive: true });
const db = await openServer();
let failed = false;
try {
  const prior = readDataset();
  const reuse = process.env.BENCH_REUSE === '1' && prior && JSON.stringify(prior.sizes) === JSON.stringify(sizes);
  const ds = reuse ? prior : await generate(db, sizes);
  if (reuse) say(`reusing the dataset generated at ${prior.createdAt}`);
  const results = await runBenchmark(db, ds);
  const files = writeResults(results);
  say(`results: ${path.relative(REPO_ROOT, files.md)} and .json`);
} catch (e) {
  failed = true;
  throw e;
} finally {
  if (process.env.BENCH_KEEP === '1') {
    say(`kept the data (BENCH_KEEP=1): database ${db.kind === 'embedded' ? `under ${path.relative(REPO_ROOT, DATA_DIR)}` : 'xiaoan_bench'}, files under ${path.relative(REPO_ROOT, FILES_DIR)}`);
    await db.stop();
  } else {
    say('removing the bench data (set BENCH_KEEP=1 to keep it) …');
    if (db.kind === 'external') await dropDatabase(db).catch((e: unknown) => say(`could not drop the database: ${String(e)}`));
    await db.stop();
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}
