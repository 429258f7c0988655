import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TEMPLATES } from '@xiaoan/domain';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/database.js';
import { withDatabase } from '../src/db/migrate.js';
import { login, type Client } from './app.js';
import { createTestDb } from './db.js';
import { buildDistrict, type District } from './factories.js';

/*
 * DATABASE_REPLICA_URL with two real databases: the test database (the primary) and a copy of it
 * (CREATE DATABASE … TEMPLATE) standing in for the replica, which then gets rows the primary does
 * not have. The dashboard, the risk picture, the reporting matrix and the ledger export must show
 * the replica's rows; everything else (sessions, the ledger list, the export's audit row) the primary's.
 */

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function appOn(db: Db, replicaDb: Db | undefined, dataDir: string): Promise<App> {
  const config = { ...loadConfig({ XIAOAN_DEMO: 'false' } as NodeJS.ProcessEnv), dataDir };
  return buildApp({ db, ...(replicaDb ? { replicaDb } : {}), config, pingDb: async () => true }, { logger: false });
}

describe('DATABASE_REPLICA_URL: the heavy read-only routes read the replica, everything else the primary', () => {
  const closers: (() => Promise<void>)[] = [];
  let d: District;
  let primary: Db;
  let app: App;
  let staff: Client;
  let replicaTypeId: string;
  let replicaName: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-replica-'));

  beforeAll(async () => {
    const tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
    // The copy needs the primary without connections; the primary's pool is opened again below.
    await tdb.close();
    const adminUrl = new URL(tdb.adminUrl);
    const replicaDbName = `${tdb.name}_replica`;
    await adminQuery(tdb.adminUrl, `CREATE DATABASE "${replicaDbName}" TEMPLATE "${tdb.name}"`);
    const replicaAppUrl = new URL(tdb.appUrl);
    replicaAppUrl.pathname = `/${replicaDbName}`;
    const p = createDb(tdb.appUrl, 5);
    primary = p.db;
    const replicaRo = createDb(replicaAppUrl.toString(), 5, { readOnly: true });
    const replicaRw = createDb(replicaAppUrl.toString(), 2);
    closers.push(() => primary.destroy(), () => replicaRo.db.destroy(), () => replicaRw.db.destroy());

    // Rows only the replica has: a hazard, a report type and the bureau's new name, written by
    // the application itself on the copy.
    const onReplica = await appOn(replicaRw.db, undefined, dataDir);
    closers.push(() => onReplica.close());
    const schoolAdmin = await login(onReplica, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    const hz = await schoolAdmin.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '压力不足', foundAt: '2026-03-02', foundBy: '李华' });
    expect(hz.statusCode, hz.body).toBe(201);
    const replicaStaff = await login(onReplica, d.users.staff.username, d.users.staff.password);
    const rt = await replicaStaff.post('/api/report-types', { code: 'replica-only', name: '只在副本中的月报', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, submitterKind: 'school', template: REPORT_TEMPLATES.plain });
    expect(rt.statusCode, rt.body).toBe(201);
    replicaTypeId = (rt.json() as { id: string }).id;
    replicaName = `副本中的教育局-${d.tag}`;
    const owner = new pg.Client({ connectionString: withDatabase(adminUrl.toString(), replicaDbName) });
    await owner.connect();
    await owner.query('UPDATE unit SET name = $1 WHERE id = $2', [replicaName, d.bureau.id]);
    await owner.end();

    app = await appOn(primary, replicaRo.db, dataDir);
    closers.push(() => app.close());
    staff = await login(app, d.users.staff.username, d.users.staff.password);
  });

  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the dashboard counts the replica\'s hazard and names the bureau as the replica does; the ledger list reads the primary', async () => {
    const dash = await staff.get('/api/dashboard');
    expect(dash.statusCode, dash.body).toBe(200);
    const body = dash.json() as { unit: { name: string }; figures: { openHazards: number } };
    expect(body.figures.openHazards).toBe(1);
    expect(body.unit.name).toBe(replicaName);
    const ledger = await staff.get('/api/hazards');
    expect(ledger.statusCode).toBe(200);
    expect((ledger.json() as { total: number }).total).toBe(0);
  });

  it('the risk picture and the reporting matrix read the replica (a report type the primary does not have)', async () => {
    const risks = await staff.get('/api/risk-distribution');
    expect(risks.statusCode, risks.body).toBe(200);
    expect((risks.json() as { unit: { name: string } }).unit.name).toBe(replicaName);
    expect((await staff.get(`/api/report-types/${replicaTypeId}`)).statusCode).toBe(404);
    const matrix = await staff.get(`/api/report-types/${replicaTypeId}/matrix`);
    expect(matrix.statusCode, matrix.body).toBe(200);
    const completeness = await staff.get(`/api/report-types/${replicaTypeId}/completeness`);
    expect(completeness.statusCode, completeness.body).toBe(200);
  });

  it('the ledger export streams the replica\'s rows and writes its audit row on the primary (the replica pool is read-only)', async () => {
    const res = await staff.get('/api/hazards/export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const audit = await primary.selectFrom('audit_event').select(['details']).where('action', '=', 'hazard.export').execute();
    expect(audit).toHaveLength(1);
    expect((audit[0]!.details as { rows: number }).rows).toBe(1);
  });

  it('without a replica the same routes read the primary (one pool, as before)', async () => {
    const single = await appOn(primary, undefined, dataDir);
    try {
      const c = await login(single, d.users.staff.username, d.users.staff.password);
      const dash = (await c.get('/api/dashboard')).json() as { unit: { name: string }; figures: { openHazards: number } };
      expect(dash.figures.openHazards).toBe(0);
      expect(dash.unit.name).toBe(d.bureau.name);
      expect((await c.get(`/api/report-types/${replicaTypeId}/matrix`)).statusCode).toBe(404);
    } finally {
      await single.close();
    }
  });
});
