// Where the benchmark's data lives and how big it is: everything from the environment,
// with the province-sized defaults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { lockDataDir, startEmbeddedPostgres } from '../../apps/server/src/db/embedded.js';
import { ensureDatabase, prepareDatabase, withDatabase } from '../../apps/server/src/db/migrate.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

function int(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}

export type Sizes = {
  schools: number;
  districts: number;
  hazards: number;
  /** Real JPEG blobs written to disk; every file row points at one of them. */
  images: number;
  /** Hazards are spread over this many years back from today. */
  years: number;
  seed: number;
  /** Schools with inspection points and self-check history (the big district first); 0 = none. */
  inspectionSchools: number;
  /** Days of self-check history, ending yesterday. */
  inspectionDays: number;
};

export function sizesFromEnv(): Sizes {
  const schools = int('BENCH_SCHOOLS', 13_000);
  const districts = int('BENCH_DISTRICTS', Math.max(1, Math.min(100, Math.round(schools / 130))));
  const hazards = int('BENCH_HAZARDS', 2_000_000);
  return {
    schools,
    districts,
    hazards,
    images: int('BENCH_IMAGES', Math.min(10_000, Math.max(50, Math.round(hazards / 200)))),
    years: int('BENCH_YEARS', 3),
    seed: int('BENCH_SEED', 20_260_401),
    // A full city (3,000 schools) by default: the province (13,000 schools × a year ≈ 600 million
    // item results) does not fit a small machine. BENCH_INSPECTION_SCHOOLS=0 leaves inspections out.
    inspectionSchools: process.env.BENCH_INSPECTION_SCHOOLS === '0' ? 0 : Math.min(schools, int('BENCH_INSPECTION_SCHOOLS', 3_000)),
    inspectionDays: int('BENCH_INSPECTION_DAYS', 365),
  };
}

export const BENCH_DB = process.env.BENCH_DB || 'xiaoan_bench';
export const DATA_DIR = path.resolve(REPO_ROOT, process.env.BENCH_DATA_DIR || 'data/bench');
export const FILES_DIR = path.join(DATA_DIR, 'files');
export const DATASET_FILE = path.join(DATA_DIR, 'dataset.json');

/** The bench database: owner URL (bulk load, EXPLAIN), app-role URL (the server), how to stop it. */
export type BenchDatabase = {
  kind: 'external' | 'embedded';
  /** Superuser/owner URL of the server's maintenance database. */
  serverAdminUrl: string;
  /** Owner URL of the bench database. */
  adminUrl: string;
  /** What the server process is given as DATABASE_URL (it migrates and derives its app role from it). */
  serverEnv: Record<string, string>;
  appPassword: string | undefined;
  stop: () => Promise<void>;
};

export const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);

/**
 * The machine's PostgreSQL through DATABASE_URL when set, else an embedded server
 * under ./data/bench (the same PostgreSQL binaries the app embeds).
 */
export async function openServer(): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const appPassword = process.env.XIAOAN_APP_DB_PASSWORD || undefined;
    const adminUrl = withDatabase(url, BENCH_DB);
    return {
      kind: 'external',
      serverAdminUrl: withDatabase(url, 'postgres'),
      adminUrl,
      serverEnv: { DATABASE_URL: adminUrl, ...(appPassword ? { XIAOAN_APP_DB_PASSWORD: appPassword } : {}) },
      appPassword,
      stop: async () => {},
    };
  }
  const release = lockDataDir(DATA_DIR);
  say(`no DATABASE_URL: starting the embedded PostgreSQL under ${path.relative(REPO_ROOT, DATA_DIR)}/pg`);
  const server = await startEmbeddedPostgres(DATA_DIR, (m) => {
    if (/FATAL|PANIC/.test(m) && !/shutdown|administrator command/.test(m)) say(`PostgreSQL: ${m}`);
  });
  const adminUrl = withDatabase(server.adminUrl, BENCH_DB);
  return {
    kind: 'embedded',
    serverAdminUrl: server.adminUrl,
    adminUrl,
    serverEnv: { DATABASE_URL: adminUrl, XIAOAN_APP_DB_PASSWORD: server.appPassword },
    appPassword: server.appPassword,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        release();
      }
    },
  };
}

/** Drops and recreates the bench database, migrated with the app's own migrations; returns the app-role URL. */
export async function recreateDatabase(db: BenchDatabase): Promise<string> {
  await dropDatabase(db);
  await ensureDatabase(db.serverAdminUrl, BENCH_DB);
  // As on the embedded server the app runs with: parallel query made scans slower on 2 cores.
  await withClient(db.adminUrl, (c) => c.query(`ALTER DATABASE "${BENCH_DB}" SET max_parallel_workers_per_gather = 0`));
  return (await prepareDatabase({ adminUrl: db.adminUrl, appPassword: db.appPassword })).appUrl;
}

export async function appUrlOf(db: BenchDatabase): Promise<string> {
  return (await prepareDatabase({ adminUrl: db.adminUrl, appPassword: db.appPassword })).appUrl;
}

export async function dropDatabase(db: BenchDatabase): Promise<void> {
  await withClient(db.serverAdminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`));
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Facts about the machine for the results file. */
export function machineFacts(): Record<string, string> {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const cpu = os.cpus()[0]?.model ?? '?';
  return {
    nproc: sh('nproc', []),
    cpu,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: os.release(),
    node: process.version,
    disk: sh('df', ['-h', '--output=avail,size', REPO_ROOT]).split('\n').pop()?.trim().replace(/\s+/, ' free of ') ?? '?',
  };
}

export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}
