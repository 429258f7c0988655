import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../src/db/database.js';
import { APP_ROLE, withCredentials, withDatabase } from '../src/db/migrate.js';

export type TestDb = { db: Db; pool: pg.Pool; appUrl: string; adminUrl: string; name: string; close: () => Promise<void> };

/** A fresh database cloned from the migrated template, connected as the application role. */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplateDb');
  const appPassword = inject('pgAppPassword');
  // Named after this run's template, so a run's teardown drops only its own clones.
  const name = `${template}_c_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  try {
    // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
    for (let i = 0; ; i++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (e) {
        if (i > 20 || (e as { code?: string }).code !== '55006') throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const appUrl = withCredentials(withDatabase(adminUrl, name), APP_ROLE, appPassword || undefined);
  const { db, pool } = createDb(appUrl, 5);
  return {
    db,
    pool,
    appUrl,
    adminUrl: withDatabase(adminUrl, name),
    name,
    close: async () => {
      await db.destroy();
    },
  };
}
