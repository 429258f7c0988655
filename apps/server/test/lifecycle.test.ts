import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freeLoopbackPort } from '../src/db/embedded.js';
import { ensureDatabase, prepareDatabase, withDatabase } from '../src/db/migrate.js';

const root = path.resolve(import.meta.dirname, '../../..');

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(dataDir: string, port: number): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', XIAOAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitHealthy(port: number, r: Running): Promise<void> {
  const deadline = Date.now() + 150_000; // the first start seeds the whole demo district
  while (Date.now() < deadline) {
    if (r.child.exitCode !== null) throw new Error(`server exited: ${r.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return;
    } catch {
      /* starting */
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`not healthy in time: ${r.output()}`);
}

function postgresProcessesFor(dataDir: string): string[] {
  const out = execSync('ps -eo pid,args', { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(dataDir) && /postgres/.test(l));
}

describe('the server process and its embedded PostgreSQL', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('starts, refuses a second start on the same data directory, and leaves no postgres process after Ctrl-C', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-life-'));
    fs.chmodSync(dataDir, 0o755);
    dirs.push(dataDir);
    const port = await freeLoopbackPort();
    const first = startServer(dataDir, port);
    await waitHealthy(port, first);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    expect(health).toEqual({ status: 'ok' });

    const second = startServer(dataDir, await freeLoopbackPort());
    const code = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain('正被另一个校安进程');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('已停止');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'xiaoan.lock'))).toBe(false);

    // A second start on the same directory keeps the data and answers again.
    const again = startServer(dataDir, port);
    await waitHealthy(port, again);
    expect(again.output()).not.toContain('演示数据已写入');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 300_000);
});

describe('migrations', () => {
  it('two instances migrating the same empty database at once apply each migration exactly once', async () => {
    const admin = inject('pgAdminUrl');
    const name = `${inject('pgTemplateDb')}_mig_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(admin, name);
    const url = withDatabase(admin, name);
    const pw = inject('pgAppPassword') || undefined;
    const results = await Promise.all([prepareDatabase({ adminUrl: url, appPassword: pw }), prepareDatabase({ adminUrl: url, appPassword: pw })]);
    expect(results.map((r) => r.applied).sort()).toEqual([0, results[0]!.applied + results[1]!.applied].sort());
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query('SELECT version, count(*)::int AS n FROM schema_migration GROUP BY version');
    await c.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
  });

  it('the application role is neither superuser nor table owner, and cannot rewrite the audit trail', async () => {
    const { createTestDb } = await import('./db.js');
    const tdb = await createTestDb();
    try {
      const { rows } = await tdb.pool.query(
        `SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_tables WHERE schemaname='public' AND tableowner = current_user) AS owns
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(rows[0]).toEqual({ rolsuper: false, owns: false });
      await tdb.pool.query(`INSERT INTO audit_event (action) VALUES ('test.append')`);
      await expect(tdb.pool.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(tdb.pool.query(`DELETE FROM audit_event`)).rejects.toThrow(/permission denied/);
      await expect(tdb.pool.query(`CREATE TABLE evil (id int)`)).rejects.toThrow(/permission denied/);
      // The histories of risks and measures are append-only too; a risk's measures are replaced on edit.
      for (const history of ['risk_assessment', 'measure_event']) {
        await expect(tdb.pool.query(`UPDATE ${history} SET at = at`)).rejects.toThrow(/permission denied/);
        await expect(tdb.pool.query(`DELETE FROM ${history}`)).rejects.toThrow(/permission denied/);
      }
      await tdb.pool.query(`DELETE FROM risk_measure WHERE false`);
    } finally {
      await tdb.close();
    }
  });
});
