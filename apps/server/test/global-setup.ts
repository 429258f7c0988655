import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { lockDataDir, startEmbeddedPostgres } from '../src/db/embedded.js';
import { ensureDatabase, prepareDatabase, withDatabase } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
    pgAppPassword: string;
  }
}

/**
 * Once per test run: a PostgreSQL server (the embedded one in a temporary
 * directory, or DATABASE_URL's), and one migrated template database that each
 * test file clones, so files run in parallel and never clean up after each other.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let appPassword = '';
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    appPassword = process.env.XIAOAN_APP_DB_PASSWORD ?? '';
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-test-pg-'));
    fs.chmodSync(dir, 0o755);
    const release = lockDataDir(dir);
    const server = await startEmbeddedPostgres(dir);
    adminUrl = server.adminUrl;
    appPassword = server.appPassword;
    stop = async () => {
      await server.stop();
      release();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const templateDb = `xiaoan_tpl_${crypto.randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, templateDb);
  await prepareDatabase({ adminUrl: withDatabase(adminUrl, templateDb), appPassword: appPassword || undefined });
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplateDb', templateDb);
  project.provide('pgAppPassword', appPassword);

  return async () => {
    // Drop the template and every clone made from it in this run.
    const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`${templateDb}%`],
      );
      for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    } finally {
      await client.end();
      await stop();
    }
  };
}
