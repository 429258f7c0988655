import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/database.js';
import { login, useTestApp } from '../../test/app.js';
import { buildDistrict } from '../../test/factories.js';

const root = path.resolve(import.meta.dirname, '../../../..');

/** `npm run audit:verify` from the operator's console: exit 0 on an intact trail, 1 naming the first broken row. */
describe('npm run audit:verify', () => {
  const t = useTestApp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-verify-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const run = () =>
    spawnSync(process.execPath, [path.join(root, 'scripts/audit-verify.mjs')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t().tdb.adminUrl, XIAOAN_DATA_DIR: dataDir, XIAOAN_AUDIT_ANCHOR_KEY: undefined },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('says the trail is intact, then names the row a superuser edited', async () => {
    const d = await buildDistrict(t().tdb.db);
    await login(t().app, d.users.staff.username, d.users.staff.password);
    const ok = run();
    expect(ok.stdout).toContain('操作日志完整');
    expect(ok.status).toBe(0);
    const owner = createDb(t().tdb.adminUrl, 1).db;
    try {
      const first = await owner.selectFrom('audit_event').select('id').orderBy('seq').executeTakeFirstOrThrow();
      await owner.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE audit_event SET action = 'auth.logout' WHERE id = ${first.id}`.execute(trx);
      });
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain('操作日志被改动');
      expect(broken.stderr).toContain(`记录编号 ${first.id}`);
    } finally {
      await owner.destroy();
    }
  });
});
