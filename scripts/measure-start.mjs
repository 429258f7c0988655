// Measures the server's start-to-listening time and idle memory, compiled (apps/server/dist) against
// tsx (apps/server/src through tsx), with the embedded PostgreSQL and, when given a server, with
// DATABASE_URL. A measurement, not a test: nothing here passes or fails.
//
//   npm run measure:start                                   # embedded only
//   npm run measure:start -- --pg postgres://postgres@127.0.0.1:5432/postgres --runs 3
//   npm run measure:start -- --data-dir ./data                # embedded, on an existing data directory
//
// Each configuration first starts once unmeasured (migrations and the demo district on a new
// database or data directory: the cold start), then `--runs` warm starts are measured: the time
// from spawning the process to the first answer of GET /api/health, and the process's resident
// memory (VmRSS, without PostgreSQL's own processes) after `--idle` seconds of doing nothing.
// With --pg it creates a database of its own on that server and drops it at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { ensureServerBuilt } from './server-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(opt('runs', '3'));
const idleSeconds = Number(opt('idle', '10'));
const pgUrl = opt('pg', process.env.MEASURE_PG_URL);
const modes = opt('modes', 'compiled,tsx').split(',');

const COMMANDS = {
  compiled: [path.join(root, 'apps/server/dist/main.js')],
  tsx: ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function startOnce(mode, env) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, COMMANDS[mode], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', XIAOAN_BACKUP_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise((r) => child.once('exit', r));
  let listeningMs;
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`${mode}: exited early:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) {
        listeningMs = performance.now() - t0;
        break;
      }
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (listeningMs === undefined) throw new Error(`${mode}: not listening in time:\n${out}`);
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const mem = rssMb(child.pid);
  child.kill('SIGTERM');
  await exited;
  // The server's own figure: from the start of main() (modules loaded) to listening.
  const own = /已启动：\S+（([\d.]+) 秒）/.exec(out);
  return { ms: listeningMs, mainMs: own ? Number(own[1]) * 1000 : NaN, ...mem };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label, envFor) {
  const rows = [];
  for (const mode of modes) {
    const env = envFor();
    process.stdout.write(`${label} · ${mode}: cold start (not measured) …\n`);
    await startOnce(mode, env);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await startOnce(mode, env));
    const row = {
      database: label,
      server: mode,
      'start→listening (s), median': (median(samples.map((s) => s.ms)) / 1000).toFixed(2),
      'all runs (s)': samples.map((s) => (s.ms / 1000).toFixed(2)).join(' '),
      'of which main() (s), median': (median(samples.map((s) => s.mainMs)) / 1000).toFixed(1),
      'idle RSS (MB), median': median(samples.map((s) => s.rss)).toFixed(0),
      'peak RSS (MB), median': median(samples.map((s) => s.peak)).toFixed(0),
    };
    rows.push(row);
    process.stdout.write(`  ${JSON.stringify(row)}\n`);
  }
  return rows;
}

await ensureServerBuilt();
const results = [];
process.stdout.write(`${os.cpus().length} CPU(s), Node ${process.version}, ${runs} warm runs each, RSS after ${idleSeconds} s idle\n`);

if (pgUrl) {
  const name = `xiaoan_measure_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    // One database for both servers: each cold start after the first finds it migrated and seeded.
    results.push(...(await measure('DATABASE_URL', () => ({ DATABASE_URL: url.toString() }))));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

// --data-dir: an existing embedded data directory (e.g. one `npm start` seeded) instead of a new one, kept afterwards.
const givenDir = opt('data-dir', undefined);
const dataDir = givenDir ? path.resolve(givenDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-measure-'));
if (!givenDir) fs.chmodSync(dataDir, 0o755);
try {
  const env = { XIAOAN_DATA_DIR: dataDir };
  delete process.env.DATABASE_URL;
  results.push(...(await measure('embedded', () => env)));
} finally {
  if (!givenDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
console.table(results);
