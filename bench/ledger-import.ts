/**
 * The ledger import's timing: 5,000 rows through the real application (preview and
 * commit, by a school admin and by the bureau for a district ledger), and the write path
 * alone, row by row (as the import wrote before) against the batched inserts it uses now.
 * A benchmark, not a test: it prints figures.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/ledger-import.ts
 *
 * A fresh database (xiaoan_ledger_bench_<random>) is created, migrated and dropped at the end.
 * BENCH_ROWS (default 5000) sets the size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import { applyAction, type HazardActor } from '@xiaoan/domain';
import { buildApp, type App } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config.js';
import { createDb, type Db } from '../apps/server/src/db/database.js';
import { ensureDatabase, prepareDatabase, withDatabase } from '../apps/server/src/db/migrate.js';
import { insertHazard, insertHazardEvent, projectHazard } from '../apps/server/src/features/hazards/hazard.repository.js';
import { insertImportedHazards } from '../apps/server/src/features/hazards/ledger.repository.js';
import { buildDistrict, type District } from '../apps/server/test/factories.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/postgres)');

type Client = { cookie: string; csrf: string };

async function login(app: App, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: (res.json() as { csrfToken: string }).csrfToken };
}

async function upload(app: App, who: Client, url: string, file: Buffer) {
  const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const t0 = performance.now();
  const res = await app.inject({ method: 'POST', url, payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return { ms, body: res.json() as Record<string, unknown> };
}

/** A ledger of `n` rows: 40 % reported, 30 % registered (five commitments), 30 % closed with their verification. */
async function ledger(n: number, schools: string[] | null, tag: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账');
  ws.addRow([...(schools ? ['学校名称'] : []), '序号', '隐患类别', '隐患名称', '排查日期', '整改责任人', '整改措施', '整改资金', '整改时限', '应急预案', '整改状态', '验收人', '验收时间']);
  const domains = ['消防', '食品', '校舍', '交通', '治安', '燃气'];
  for (let i = 0; i < n; i++) {
    const kind = i % 10 < 4 ? 'reported' : i % 10 < 7 ? 'registered' : 'closed';
    const day = 1 + (i % 27);
    const found = `2025-03-${String(day).padStart(2, '0')}`;
    const five = kind === 'reported' ? ['', '', '', '', ''] : ['王老师', '更换损坏设施', 200, `2025-04-${String(day).padStart(2, '0')}`, '设置警示标志'];
    const end = kind === 'closed' ? ['已销号', '李校长', `2025-04-${String(day).padStart(2, '0')}`] : ['', '', ''];
    ws.addRow([...(schools ? [schools[i % schools.length]!] : []), i + 1, domains[i % domains.length], `隐患${tag}-${i}`, found, ...five, ...end]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The old write path: one INSERT per hazard and per event, in one transaction. */
async function schoolPath(db: Db, id: string): Promise<string> {
  const r = await sql<{ path: string }>`SELECT path::text AS path FROM unit WHERE id = ${id}`.execute(db);
  return r.rows[0]!.path;
}

async function writeRowByRow(db: Db, d: District, n: number): Promise<number> {
  const unitPath = await schoolPath(db, d.schoolA1.id);
  const actor: HazardActor = { userId: d.users.schoolAdminA1.id, role: 'school_admin', actorCoversUnit: true };
  const now = new Date();
  const docs = Array.from({ length: n }, (_, i) => {
    const r = applyAction(null, 'report', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: `逐行-${i}`, description: `逐行-${i}`, foundAt: '2025-03-01', foundBy: '王' }, actor, now);
    if (!r.ok) throw new Error(r.message);
    return r;
  });
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const r of docs) {
      const id = await insertHazard(trx, r.next, projectHazard(r.next, { path: unitPath, schoolId: d.schoolA1.id }));
      await insertHazardEvent(trx, { hazardId: id, actorUserId: actor.userId, actorRole: actor.role, action: 'report', from: null, to: 'reported', comment: 'bench', changedFields: [], fileIds: [], at: r.event.at });
    }
  });
  return performance.now() - t0;
}

/** The new write path: multi-row inserts. */
async function writeBatched(db: Db, d: District, n: number): Promise<number> {
  const unitPath = await schoolPath(db, d.schoolA1.id);
  const actor: HazardActor = { userId: d.users.schoolAdminA1.id, role: 'school_admin', actorCoversUnit: true };
  const now = new Date();
  const docs = Array.from({ length: n }, (_, i) => {
    const r = applyAction(null, 'report', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: `批量-${i}`, description: `批量-${i}`, foundAt: '2025-03-01', foundBy: '王' }, actor, now);
    if (!r.ok) throw new Error(r.message);
    return r;
  });
  const at = now.toISOString();
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    await insertImportedHazards(
      trx,
      docs.map((r) => ({ doc: r.next, projection: projectHazard(r.next, { path: unitPath, schoolId: d.schoolA1.id }), createdAt: at, updatedAt: at, version: 1 })),
      docs.map((r, i) => ({ hazardIndex: i, actorUserId: actor.userId, actorRole: actor.role, action: 'report', from: null, to: 'reported', comment: 'bench', changedFields: [], fileIds: [], at: r.event.at, details: null })),
    );
  });
  return performance.now() - t0;
}

async function main() {
  const name = `xiaoan_ledger_bench_${crypto.randomBytes(4).toString('hex')}`;
  const benchAdminUrl = withDatabase(adminUrl!, name);
  await ensureDatabase(adminUrl!, name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-ledger-bench-'));
  let db: Db | undefined;
  let app: App | undefined;
  try {
    const { appUrl } = await prepareDatabase({ adminUrl: benchAdminUrl, appPassword: process.env.XIAOAN_APP_DB_PASSWORD || undefined });
    ({ db } = createDb(appUrl, 10));
    const d = await buildDistrict(db);
    const config = { ...loadConfig({ XIAOAN_DEMO: 'false' } as NodeJS.ProcessEnv), dataDir };
    app = await buildApp({ db, config, pingDb: async () => true }, { logger: false });
    const school = await login(app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    const bureau = await login(app, d.users.staff.username, d.users.staff.password);

    console.log(`ledger import, ${ROWS} rows, node ${process.version}, ${os.cpus().length} cores`);
    const ownLedger = await ledger(ROWS, null, 'school');
    const p1 = await upload(app, school, '/api/hazards/import/preview', ownLedger);
    const c1 = await upload(app, school, '/api/hazards/import/commit', ownLedger);
    console.log(`school admin: preview ${p1.ms.toFixed(0)} ms, commit ${c1.ms.toFixed(0)} ms →`, c1.body);

    // The bureau's district ledger: reported and closed rows for four schools (registration is the school's).
    const districtLedger = await ledger(ROWS, [d.schoolA1.name, d.schoolA2.name, d.schoolB1.name, d.schoolB2.name], 'district');
    // Only reported and closed rows are the bureau's to import: strip the commitments from the registered ones.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(districtLedger as unknown as ExcelJS.Buffer);
    wb.worksheets[0]!.eachRow((row, r) => {
      if (r > 1 && (r - 2) % 10 >= 4 && (r - 2) % 10 < 7) for (let c = 6; c <= 10; c++) row.getCell(c).value = null;
    });
    const bureauLedger = Buffer.from(await wb.xlsx.writeBuffer());
    const p2 = await upload(app, bureau, '/api/hazards/import/preview', bureauLedger);
    const c2 = await upload(app, bureau, '/api/hazards/import/commit', bureauLedger);
    console.log(`bureau (district ledger): preview ${p2.ms.toFixed(0)} ms, commit ${c2.ms.toFixed(0)} ms →`, c2.body);

    const slow = await writeRowByRow(db, d, ROWS);
    const fast = await writeBatched(db, d, ROWS);
    console.log(`write path alone, ${ROWS} reported hazards + events: row by row ${slow.toFixed(0)} ms, batched ${fast.toFixed(0)} ms`);
  } finally {
    await app?.close();
    await db?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: withDatabase(adminUrl!, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
