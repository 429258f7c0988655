import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_HAZARD_STATES, hazardInvariantViolations, isHazardOverdue, shanghaiDate, type Hazard } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../test/app.js';
import { postParts } from '../../test/multipart.js';
import { FileStorage } from '../features/files/file.storage.js';
import { runReminderSweep } from '../jobs/reminder-sweep.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';

describe('the demo district starts with a realistic hazard ledger', () => {
  // The app serves uploads from <dataDir>/files: store the demo pictures there too.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-data-'));
  // Every school admin signs in once below (the round trip): more than a minute's worth from one address.
  const t = useTestApp({ dataDir, login: { maxFailures: 5, lockMinutes: 15, perIpPerMinute: 200 } });
  /**
   * The demo's hazards as the ledger generator wrote them: the registries' own (a D-grade building,
   * an expired bus document, a count that does not reconcile) are left out, and so are those the
   * registries' daily watch opens when a test runs the sweep.
   */
  const readHazards = () =>
    t()
      .tdb.db.selectFrom('hazard as h')
      .innerJoin('unit as s', 's.id', 'h.school_id')
      .leftJoin('registry_hazard as g', 'g.hazard_id', 'h.id')
      .where('g.hazard_id', 'is', null)
      .select(['h.id', 's.name as school', 'h.state', 'h.listed', 'h.doc'])
      .orderBy('h.id')
      .execute();
  const storage = new FileStorage(path.join(dataDir, 'files'));
  const now = new Date();
  let seconds = 0;
  let said = '';
  let huarun: Client;
  type Row = { id: string; school: string; state: Hazard['state']; listed: boolean; doc: Hazard };
  let rows: Row[];

  beforeAll(async () => {
    const t0 = Date.now();
    expect(await seedDemoDistrict(t().tdb.db, (m) => (said += m), { ledger: { storage, now } })).toBe(true);
    seconds = (Date.now() - t0) / 1000;
    rows = await readHazards();
    huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('gives 华润小学 and 虹景小学 a hazard in every open state, one overdue and one listed', () => {
    for (const school of ['华润小学', '虹景小学']) {
      const mine = rows.filter((r) => r.school === school);
      for (const state of OPEN_HAZARD_STATES) expect(mine.some((r) => r.state === state), `${school} ${state}`).toBe(true);
      expect(mine.some((r) => isHazardOverdue(r.doc, now))).toBe(true);
      expect(mine.some((r) => r.listed)).toBe(true);
      expect(mine.length).toBeGreaterThanOrEqual(13);
    }
  });

  it('covers most schools with 8–15 hazards each, every state, some overdue and listed, all valid', () => {
    const perSchool = new Map<string, number>();
    for (const r of rows) perSchool.set(r.school, (perSchool.get(r.school) ?? 0) + 1);
    console.log(`demo ledger: ${rows.length} hazards in ${perSchool.size} schools; district and ledger seeded in ${seconds.toFixed(2)} s; ${said}`);
    expect(perSchool.size).toBeGreaterThanOrEqual(60);
    for (const n of perSchool.values()) {
      expect(n).toBeGreaterThanOrEqual(8);
      expect(n).toBeLessThanOrEqual(15);
    }
    const states = new Set(rows.map((r) => r.state));
    expect([...states].sort()).toEqual(['closed', 'pending_verification', 'rectifying', 'registered', 'rejected', 'reported']);
    expect(rows.filter((r) => r.state === 'closed').length).toBeGreaterThan(rows.length / 2);
    expect(rows.filter((r) => isHazardOverdue(r.doc, now)).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.listed).length).toBeGreaterThan(5);
    const found = rows.map((r) => r.doc.foundAt).sort();
    expect(found[found.length - 1]! < shanghaiDate(now)).toBe(true);
    expect(found[0]! >= shanghaiDate(new Date(now.getTime() - 181 * 86_400_000))).toBe(true);
    expect(rows.flatMap((r) => hazardInvariantViolations(r.doc))).toEqual([]);
  });

  it('has real actors and real files: every user and file a record names exists, files in the hazard’s school, bytes on disk', async () => {
    const db = t().tdb.db;
    const userIds = new Set<string>();
    const fileIds = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'userId' && typeof x === 'string') userIds.add(x);
          else if (k === 'fileId' && typeof x === 'string') fileIds.add(x);
          else walk(x);
        }
      }
    };
    rows.forEach((r) => walk(r.doc));
    const users = await db.selectFrom('app_user').select('id').where('id', 'in', [...userIds]).execute();
    expect(users).toHaveLength(userIds.size);
    const files = await db.selectFrom('file_object').select(['id', 'unit_id', 'sha256', 'size_bytes', 'thumb_sha256']).where('id', 'in', [...fileIds]).execute();
    expect(files).toHaveLength(fileIds.size);
    const unitOf = new Map(files.map((f) => [f.id, f.unit_id]));
    for (const r of rows) {
      const ids = new Set<string>();
      JSON.stringify(r.doc, (k, v: unknown) => (k === 'fileId' && typeof v === 'string' && ids.add(v), v));
      for (const id of ids) expect(unitOf.get(id)).toBe(r.doc.unitId);
    }
    for (const f of files.slice(0, 6)) {
      expect(await storage.has(f.sha256, Number(f.size_bytes))).toBe(true);
      expect(f.thumb_sha256).not.toBeNull();
    }
    const badEvents = await sql<{ n: string }>`
      SELECT count(*) AS n FROM hazard_event e JOIN hazard h ON h.id = e.hazard_id
       WHERE e.actor_user_id IS NULL OR e.at > now() OR e.at < h.reported_at`.execute(db);
    expect(badEvents.rows[0]!.n).toBe('0');
    const adminless = await sql<{ n: string }>`
      SELECT count(*) AS n FROM unit s WHERE s.kind = 'school'
         AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.unit_id = s.id AND u.role = 'school_admin')`.execute(db);
    expect(adminless.rows[0]!.n).toBe('0');
  });

  it('shows in the API: huarun_admin sees the school’s ledger, a detail with its timeline, files and names', async () => {
    const list = await huarun.get('/api/hazards?pageSize=1');
    expect(list.statusCode).toBe(200);
    // The whole ledger of the school: the generator's hazards and the one its bus registry opened.
    const all = await t().tdb.db.selectFrom('hazard as h').innerJoin('unit as s', 's.id', 'h.school_id').where('s.name', '=', '华润小学').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(list.json().total).toBe(Number(all.n));
    const pending = rows.find((r) => r.school === '华润小学' && r.state === 'pending_verification' && !r.doc.fixedOnSpot)!;
    const detail = (await huarun.get(`/api/hazards/${pending.id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toContain('request_verification');
    expect(detail.files.length).toBeGreaterThan(0);
    expect(detail.users.map((u: { displayName: string }) => u.displayName)).toContain('周明');
    const file = await huarun.get(`/api/files/${detail.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect((await huarun.get(`/api/files/${detail.files[0].id}/thumbnail`)).statusCode).toBe(200);
  });

  it('feeds the reminder sweep: huarun_admin is told about the hazards due in 3 days and 1 day and the overdue one', async () => {
    const r = await runReminderSweep(t().tdb.db, now);
    expect(r.skipped).toBe(false);
    const kinds = (await huarun.get('/api/notifications?unread=true&pageSize=100')).json().items.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['due_in_3_days', 'due_in_1_day', 'overdue']));
  });

  it('round-trips every school’s own ledger: its export previews as an import with no errors', async () => {
    // Only two demo school admins can sign in; give the others the same password for this test.
    await sql`UPDATE app_user u SET username = 'rt_' || u.id, password_changed_at = now(),
                password_hash = (SELECT password_hash FROM app_user WHERE username = 'huarun_admin')
               WHERE u.role = 'school_admin' AND u.username IS NULL`.execute(t().tdb.db);
    const admins = await t()
      .tdb.db.selectFrom('app_user as u')
      .innerJoin('unit as s', 's.id', 'u.unit_id')
      .where('u.role', '=', 'school_admin')
      .where('s.kind', '=', 'school')
      .where('u.username', 'is not', null)
      .select(['u.username', 's.name as school'])
      .distinctOn('s.name')
      .orderBy('s.name')
      .execute();
    expect(admins.length).toBeGreaterThan(10);
    for (const a of admins) {
      const admin = await login(t().app, a.username!, DEMO_PASSWORD);
      const exported = await admin.get('/api/hazards/export.xlsx');
      expect(exported.statusCode, a.school).toBe(200);
      const preview = await postParts(t().app, admin, '/api/hazards/import/preview', [{ name: 'file', filename: `${a.school}隐患台账.xlsx`, data: exported.rawPayload }]);
      const ofSchool = await t().tdb.db.selectFrom('hazard as h').innerJoin('unit as s', 's.id', 'h.school_id').where('s.name', '=', a.school).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      if (Number(ofSchool.n) === 0) {
        // A school with an empty ledger exports the header alone, and the import says so.
        expect(preview.json().error.message, a.school).toContain('没有隐患数据');
        continue;
      }
      expect(preview.statusCode, `${a.school} ${preview.body}`).toBe(200);
      const p = preview.json();
      expect(p.errors, a.school).toEqual([]);
      // Every hazard of the school, the registries' ones included (the export is the whole ledger).
      expect(p.rows.length, a.school).toBe(Number(ofSchool.n));
    }
  }, 240_000);

  it('does nothing when the district exists', async () => {
    const count = async () => Number((await t().tdb.db.selectFrom('hazard').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect(await seedDemoDistrict(t().tdb.db, () => {}, { ledger: { storage, now } })).toBe(false);
    expect(await count()).toBe(before);
  });
});
