import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login, useTestApp, type Client } from '../../test/app.js';
import { buildDistrict, type District } from '../../test/factories.js';
import { uploadBytes } from '../../test/files.js';
import { photo as jpeg } from '../../test/images.js';
import { createDb } from '../db/database.js';
import { lockDataDir, startEmbeddedPostgres } from '../db/embedded.js';
import { APP_ROLE, ensureDatabase, withCredentials, withDatabase } from '../db/migrate.js';
import { BackupArchiveError, MANIFEST_ENTRY, RestoreTargetError, type Manifest } from './archive.js';
import { createBackup } from './backup.js';
import { BACKUP_LOCK_KEY, runDueBackup } from './backup-job.js';
import { restoreIntoDataDir, restoreIntoDatabase, verifyArchive } from './restore.js';
import { TarWriter, readTar } from './tar.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * Every table's row count and content hash, computed in SQL and independently of the
 * backup code (whole-row text, sorted): md5 of the rows, in one session with fixed output
 * settings. With a snapshot id, as of that snapshot.
 */
async function tableHashes(url: string, snapshot?: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; SET IntervalStyle = 'postgres'`);
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (snapshot) await c.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    const { rows: tables } = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await c.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS h FROM public."${name}" t`,
      );
      out[name] = `${rows[0]!.n}:${rows[0]!.h}`;
    }
    await c.query('COMMIT');
    return out;
  } finally {
    await c.end();
  }
}

/** relative path → sha256 of every file under a directory. */
function treeOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A fresh empty database on the test server, named so that the run's teardown drops it. */
async function emptyDatabase(): Promise<string> {
  const name = `${inject('pgTemplateDb')}_r_${crypto.randomBytes(4).toString('hex')}`;
  await ensureDatabase(inject('pgAdminUrl'), name);
  return withDatabase(inject('pgAdminUrl'), name);
}

/** Rewrites an archive with a changed manifest (every other entry as it was). */
async function withManifest(src: string, dst: string, change: (m: Manifest) => void): Promise<void> {
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, fs.createWriteStream(dst));
  const tar = new TarWriter(gzip);
  for await (const e of readTar(fs.createReadStream(src).pipe(zlib.createGunzip()))) {
    const chunks: Buffer[] = [];
    for await (const c of e.body) chunks.push(c);
    let data = Buffer.concat(chunks);
    if (e.name === MANIFEST_ENTRY) {
      const m = JSON.parse(data.toString('utf8')) as Manifest;
      change(m);
      data = Buffer.from(JSON.stringify(m));
    }
    await tar.add(e.name, data.length, data);
  }
  await tar.finish();
  await done;
}

describe('backup and restore', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;
  let work: string;
  let archive: string;
  let snapshotHashes: Record<string, string> = {};
  let filesDir: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-backup-test-'));
    fs.chmodSync(work, 0o755); // an embedded server started under it runs as "postgres" when tests run as root
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
    filesDir = path.join(t().config.dataDir, 'files');
    // Evidence through the real upload route (bytes and thumbnails in the file storage) and hazards citing it.
    for (let i = 0; i < 3; i++) {
      // Different pictures (the storage keeps equal bytes once): a photo and its thumbnail each.
      const up = await uploadBytes(t().app, staff, await jpeg('jpeg', 64 + i, 48), { filename: `现场-${i}.jpg` });
      expect(up.statusCode).toBe(201);
      const photo = up.json() as { id: string };
      const res = await staff.post('/api/hazards', {
        unitId: d.schoolA1.id,
        domain: 'fire',
        grade: 'general',
        source: 'self',
        title: `灭火器过期 ${i}`,
        description: '消防器材检查发现灭火器压力不足，已过有效期',
        location: '教学楼三楼东侧',
        photoIds: [photo.id],
        foundAt: today(),
        foundBy: '李华',
      });
      expect(res.statusCode).toBe(201);
    }
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('a backup taken while writes go on restores into an empty database with every table and file exactly as in its snapshot', async () => {
    const admin = await login(t().app, d.users.staff.username, d.users.staff.password);
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const res = await admin.post('/api/departments', { name: `备份期间-${writes}` });
        expect(res.statusCode).toBe(201);
        writes++;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    archive = path.join(work, 'backup.tar.gz');
    const r = await createBackup({
      adminUrl: t().tdb.adminUrl,
      filesDir,
      file: archive,
      onSnapshot: async (id) => {
        snapshotHashes = await tableHashes(t().tdb.adminUrl, id);
        // Writes commit after the snapshot and before the tables are read: they must not be in the backup.
        const at = writes;
        while (writes < at + 3) await new Promise((res) => setTimeout(res, 10));
      },
    });
    writing = false;
    await writer;
    expect(r.manifest.files.missing).toEqual([]);
    expect(r.manifest.files.count).toBe(6); // 3 photos and their thumbnails
    expect(r.manifest.tables.find((x) => x.name === 'hazard')!.rows).toBeGreaterThanOrEqual(3);
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);

    const targetUrl = await emptyDatabase();
    const targetFiles = path.join(work, 'restored-files');
    const restored = await restoreIntoDatabase({ file: archive, adminUrl: targetUrl, appPassword: inject('pgAppPassword') || undefined, filesDir: targetFiles });
    expect(restored.tables).toBe(r.manifest.tables.length);

    expect(await tableHashes(targetUrl)).toEqual(snapshotHashes);
    expect(Object.keys(snapshotHashes)).toContain('schema_migration');
    // The source moved on after the snapshot; the restore did not.
    expect(await tableHashes(t().tdb.adminUrl)).not.toEqual(snapshotHashes);
    expect(treeOf(targetFiles)).toEqual(treeOf(filesDir));

    // The application role works on the restored database, and identities go on after the restored ids.
    const { db, pool } = createDb(withCredentials(targetUrl, APP_ROLE, inject('pgAppPassword') || undefined), 1);
    try {
      const max = await pool.query<{ m: string }>('SELECT max(id)::text AS m FROM department');
      const row = await db.insertInto('department').values({ unit_id: d.bureau.id, name: '恢复后新建' }).returning('id').executeTakeFirstOrThrow();
      expect(BigInt(row.id)).toBeGreaterThan(BigInt(max.rows[0]!.m));
      await expect(pool.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/permission denied/);
    } finally {
      await db.destroy();
    }
  });

  it('restore refuses a target that is not empty, a damaged archive and a backup from a newer schema, and changes nothing', async () => {
    // Not empty: the source database itself.
    await expect(restoreIntoDatabase({ file: archive, adminUrl: t().tdb.adminUrl, filesDir: path.join(work, 'x') })).rejects.toThrow(RestoreTargetError);
    await expect(restoreIntoDatabase({ file: archive, adminUrl: t().tdb.adminUrl, filesDir: path.join(work, 'x') })).rejects.toThrow(/不是空的/);
    const notEmptyDir = path.join(work, 'not-empty');
    fs.mkdirSync(notEmptyDir);
    fs.writeFileSync(path.join(notEmptyDir, 'something'), 'x');
    await expect(restoreIntoDataDir({ file: archive, dataDir: notEmptyDir })).rejects.toThrow(/目标数据目录 .* 不是空的/);
    expect(fs.readdirSync(notEmptyDir)).toEqual(['something']);

    const target = await emptyDatabase();
    const untouched = async () => {
      const c = new pg.Client({ connectionString: target });
      await c.connect();
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`);
      await c.end();
      return rows[0].n as number;
    };
    const bytes = fs.readFileSync(archive);
    // A flipped byte in the middle of the compressed data, and a cut-off archive.
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    fs.writeFileSync(path.join(work, 'flipped.tar.gz'), flipped);
    fs.writeFileSync(path.join(work, 'cut.tar.gz'), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    for (const bad of ['flipped.tar.gz', 'cut.tar.gz']) {
      const file = path.join(work, bad);
      await expect(verifyArchive(file)).rejects.toThrow(BackupArchiveError);
      await expect(restoreIntoDatabase({ file, adminUrl: target, filesDir: path.join(work, `files-${bad}`) })).rejects.toThrow(/备份文件已损坏/);
      expect(fs.existsSync(path.join(work, `files-${bad}`))).toBe(false);
    }
    // A table's data changed inside an otherwise well-formed archive.
    const tampered = path.join(work, 'tampered.tar.gz');
    await withManifest(archive, tampered, (m) => {
      m.tables.find((x) => x.name === 'hazard')!.sha256 = '0'.repeat(64);
    });
    await expect(restoreIntoDatabase({ file: tampered, adminUrl: target, filesDir: path.join(work, 'files-t') })).rejects.toThrow(/表 hazard 的数据与清单不符/);
    const newer = path.join(work, 'newer.tar.gz');
    await withManifest(archive, newer, (m) => {
      m.migrationVersion = 9999;
    });
    await expect(restoreIntoDatabase({ file: newer, adminUrl: target, filesDir: path.join(work, 'files-n') })).rejects.toThrow(/较新版本.*9999/);
    await expect(restoreIntoDataDir({ file: newer, dataDir: path.join(work, 'never-created') })).rejects.toThrow(/较新版本/);
    expect(fs.existsSync(path.join(work, 'never-created'))).toBe(false);
    expect(await untouched()).toBe(0);
  });

  it.skipIf(!!process.env.DATABASE_URL)('restores into an empty data directory for the embedded server (new cluster, same tables and files)', async () => {
    const dataDir = path.join(work, 'restored-data');
    const r = await restoreIntoDataDir({ file: archive, dataDir });
    expect(r.files).toBe(6);
    expect(fs.existsSync(path.join(dataDir, 'xiaoan.lock'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, 'pg-superuser.secret')).mode & 0o777).toBe(0o600);
    expect(treeOf(path.join(dataDir, 'files'))).toEqual(treeOf(filesDir));
    const release = lockDataDir(dataDir);
    const server = await startEmbeddedPostgres(dataDir);
    try {
      expect(await tableHashes(withDatabase(server.adminUrl, 'xiaoan'))).toEqual(snapshotHashes);
    } finally {
      await server.stop();
      release();
    }
  });

  it('the daily job makes one backup a day from the configured hour (Beijing time), keeps the newest N, and runs on one instance at a time', async () => {
    const dir = path.join(work, 'daily');
    fs.mkdirSync(dir);
    for (const old of ['xiaoan-backup-20200101-020000.tar.gz', 'xiaoan-backup-20200102-020000.tar.gz', 'xiaoan-backup-20200103-020000.tar.gz']) {
      fs.writeFileSync(path.join(dir, old), 'old');
    }
    const opts = { adminUrl: t().tdb.adminUrl, filesDir, dir, hour: 2, keep: 2 };
    // 01:30 and 02:10 in Beijing are 17:30 and 18:10 UTC of the day before.
    expect(await runDueBackup(t().tdb.db, opts, new Date('2026-03-09T17:30:00Z'))).toEqual({ ran: false, reason: 'not_due' });
    const holder = await t().tdb.pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [BACKUP_LOCK_KEY]);
      expect(await runDueBackup(t().tdb.db, opts, new Date('2026-03-09T18:10:00Z'))).toEqual({ ran: false, reason: 'locked' });
      await holder.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]);
    } finally {
      holder.release();
    }
    const first = await runDueBackup(t().tdb.db, opts, new Date('2026-03-09T18:10:00Z'));
    expect(first).toMatchObject({ ran: true, removed: ['xiaoan-backup-20200102-020000.tar.gz', 'xiaoan-backup-20200101-020000.tar.gz'] });
    expect(await runDueBackup(t().tdb.db, opts, new Date('2026-03-09T23:00:00Z'))).toEqual({ ran: false, reason: 'done_today' });
    expect(fs.readdirSync(dir).sort()).toEqual(['xiaoan-backup-20200103-020000.tar.gz', 'xiaoan-backup-20260310-021000.tar.gz']);
    expect((await verifyArchive(path.join(dir, 'xiaoan-backup-20260310-021000.tar.gz'))).tables.length).toBeGreaterThan(10);
    const runs = await t().tdb.db.selectFrom('job_run').select(['finished_at', 'details']).where('job', '=', 'backup').execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.finished_at).not.toBeNull();
    expect(runs[0]!.details).toMatchObject({ day: '2026-03-10', file: 'xiaoan-backup-20260310-021000.tar.gz' });
  });
});
