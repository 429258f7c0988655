import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { buildApp, type App, type RouteInfo } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createDb, type Db } from '../src/db/database.js';
import { createTestDb, type TestDb } from './db.js';

/** One app instance: its own connection pool, data directory and HTTP listener, as a separate process would have. */
export type Instance = { app: App & { routeList: RouteInfo[] }; db: Db; pool: pg.Pool; config: Config; url: string };

/**
 * Starts `count` app instances on ONE fresh test database, each listening on its own
 * loopback port (a reverse proxy would spread requests over them), each with its own pool
 * and data directory: what they share is only what the deployment shares (the database,
 * and the bucket when `overrides.fileStorage` names one). close() stops them all.
 */
export async function startInstances(count: number, overrides: Partial<Config> = {}): Promise<{ tdb: TestDb; instances: Instance[]; close: () => Promise<void> }> {
  const tdb = await createTestDb();
  const instances: Instance[] = [];
  const close = async () => {
    for (const i of instances) {
      await i.app.close();
      await i.db.destroy();
      fs.rmSync(i.config.dataDir, { recursive: true, force: true });
    }
    await tdb.close();
  };
  try {
    for (let n = 0; n < count; n++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `xiaoan-instance-${n}-`));
      const config: Config = { ...loadConfig({ XIAOAN_DEMO: 'false' } as NodeJS.ProcessEnv), dataDir, reminderIntervalMinutes: 0, ...overrides };
      const { db, pool } = createDb(tdb.appUrl, 5);
      const pingDb = async () => {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      };
      const app = await buildApp({ db, config, pingDb }, { logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      instances.push({ app, db, pool, config, url: `http://127.0.0.1:${port}` });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { tdb, instances, close };
}
