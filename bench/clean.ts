// `npm run bench:clean`: drops the bench database and deletes ./data/bench.
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DB, DATA_DIR, REPO_ROOT, dropDatabase, openServer, say } from './lib/env.js';

if (process.env.DATABASE_URL) {
  const db = await openServer();
  await dropDatabase(db);
  say(`dropped database ${BENCH_DB}`);
}
fs.rmSync(DATA_DIR, { recursive: true, force: true });
say(`removed ${path.relative(REPO_ROOT, DATA_DIR)}`);
