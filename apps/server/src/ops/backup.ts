import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  CopyMeter,
  MANIFEST_ENTRY,
  SESSION_SETTINGS,
  copyOutSql,
  fileEntry,
  publicTables,
  quoteIdent,
  tableEntry,
  type Manifest,
  type ManifestSequence,
  type ManifestTable,
} from './archive.js';
import { TarWriter } from './tar.js';
import { LocalFileStorage, type FileStorage } from '../features/files/file.storage.js';

export type BackupResult = { file: string; manifest: Manifest; bytes: number; seconds: number };

/** Every blob of the store with its size (the local disk's `<root>/<aa>/<bb>/<sha256>`, or the bucket's objects). */
async function storedBlobs(storage: FileStorage): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const b of storage.list()) out.set(b.sha256, b.sizeBytes);
  return out;
}

/**
 * A consistent online backup of the application database and the stored files into
 * one archive (see archive.ts for the layout), while the application keeps running.
 *
 * Every table is read inside one REPEATABLE READ READ ONLY transaction (one snapshot,
 * exported so that others may look at the same state), holding ACCESS SHARE locks so
 * no migration changes a table under it; each table is COPY'd in primary-key order to
 * a spool file beside the target while its rows are counted and hashed. The snapshot
 * is released before the archive is packed. Stored files are immutable and written
 * before the row that names them commits, so copying them after the snapshot still
 * finds every file the snapshot refers to; those that are not on disk, or whose bytes
 * no longer match their name, are listed in the manifest rather than failing the backup.
 *
 * `adminUrl` must be able to read every table: the owner (external) or the superuser
 * (embedded). The archive is written as `<file>.partial` and renamed when complete.
 */
export async function createBackup(opts: {
  adminUrl: string;
  filesDir: string;
  /** Where the blobs are read from; default the local disk at `filesDir` (with FILE_STORAGE=s3: the bucket). */
  storage?: FileStorage;
  file: string;
  say?: (m: string) => void;
  /** Called once the snapshot is taken, before any table is read (tests read the source in the same snapshot). */
  onSnapshot?: (snapshotId: string) => Promise<void>;
}): Promise<BackupResult> {
  const t0 = Date.now();
  const say = opts.say ?? (() => {});
  const file = path.resolve(opts.file);
  if (fs.existsSync(file)) throw new Error(`备份文件 ${file} 已存在，不会覆盖`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const spool = fs.mkdtempSync(path.join(path.dirname(file), '.xiaoan-backup-'));
  const partial = `${file}.partial`;
  try {
    const db = await readDatabase(opts.adminUrl, spool, opts.onSnapshot);
    say(`数据库快照已导出：${db.tables.length} 张表，共 ${db.tables.reduce((n, t) => n + t.rows, 0)} 行`);

    const storage = opts.storage ?? new LocalFileStorage(opts.filesDir);
    const onDisk = await storedBlobs(storage);
    const missing = [...db.referenced].filter((s) => !onDisk.has(s)).sort();
    const damaged: string[] = [];
    let fileBytes = 0;

    const gzip = zlib.createGzip({ level: 6 });
    const written = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
    const tar = new TarWriter(gzip);
    const packed = (async () => {
      for (const t of db.tables) {
        await tar.add(tableEntry(t.name), t.bytes, fs.createReadStream(path.join(spool, `${t.name}.copy`)));
      }
      for (const [sha, size] of [...onDisk].sort(([a], [b]) => a.localeCompare(b))) {
        const hash = crypto.createHash('sha256');
        const body = await storage.getStream(sha);
        await tar.add(
          fileEntry(sha),
          size,
          (async function* () {
            for await (const c of body) {
              hash.update(c as Buffer);
              yield c as Buffer;
            }
          })(),
        );
        if (hash.digest('hex') !== sha) damaged.push(sha);
        fileBytes += size;
      }
      const manifest: Manifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: db.snapshotAt,
        migrationVersion: db.migrations.reduce((m, x) => Math.max(m, x.version), 0),
        migrations: db.migrations,
        server: db.server,
        tables: db.tables,
        sequences: db.sequences,
        files: { count: onDisk.size, bytes: fileBytes, missing, damaged },
      };
      const json = Buffer.from(JSON.stringify(manifest, null, 2));
      await tar.add(MANIFEST_ENTRY, json.length, json);
      await tar.finish();
      return manifest;
    })().catch((e: unknown) => {
      gzip.destroy(e as Error); // so that the file side settles too
      throw e;
    });
    // Either side may fail first (a full disk, an unreadable file): wait for both, report the cause.
    const [packResult, writeResult] = await Promise.allSettled([packed, written]);
    if (packResult.status === 'rejected') throw packResult.reason;
    if (writeResult.status === 'rejected') throw writeResult.reason;
    const manifest = packResult.value;
    const fh = await fsp.open(partial, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(partial, file);
    if (missing.length) say(`警告：${missing.length} 个被引用的文件不在文件目录中（已记入清单）`);
    if (damaged.length) say(`警告：${damaged.length} 个文件内容与其校验值不符（已记入清单，恢复时跳过）`);
    return { file, manifest, bytes: fs.statSync(file).size, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    await fsp.rm(partial, { force: true });
    throw e;
  } finally {
    await fsp.rm(spool, { recursive: true, force: true });
  }
}

type DatabaseSnapshot = {
  snapshotAt: string;
  server: { version: string; database: string };
  migrations: { version: number; name: string; checksum: string }[];
  tables: ManifestTable[];
  sequences: ManifestSequence[];
  referenced: Set<string>;
};

/** Reads every table, the migrations, the sequences and the referenced files in one snapshot. */
async function readDatabase(adminUrl: string, spool: string, onSnapshot?: (id: string) => Promise<void>): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {}); // a lost connection fails the statement in flight
  await client.connect();
  try {
    await client.query(SESSION_SETTINGS);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = await client.query<{ id: string; at: string; version: string; database: string }>(
      `SELECT pg_export_snapshot() AS id, to_json(now())#>>'{}' AS at, current_setting('server_version') AS version, current_database() AS database`,
    );
    const { id, at, version, database } = snap.rows[0]!;
    const shapes = await publicTables(client);
    if (!shapes.some((t) => t.name === 'schema_migration')) throw new Error(`数据库 ${database} 中没有校安的数据表（schema_migration 不存在）：连接的数据库不对？`);
    // As pg_dump does: no migration may alter or drop a table while it is being read.
    await client.query(`LOCK TABLE ${shapes.map((t) => `public.${quoteIdent(t.name)}`).join(', ')} IN ACCESS SHARE MODE`);
    await onSnapshot?.(id);
    const migrations = (await client.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migration ORDER BY version')).rows;
    const tables: ManifestTable[] = [];
    for (const t of shapes) {
      const meter = new CopyMeter();
      const out = client.query(copyTo(copyOutSql(t)));
      await pipeline(out, meter, fs.createWriteStream(path.join(spool, `${t.name}.copy`), { mode: 0o600 }));
      tables.push({ name: t.name, columns: t.columns, rows: meter.rows, bytes: meter.bytes, sha256: meter.digest() });
    }
    const referenced = new Set<string>();
    if (shapes.some((t) => t.name === 'file_object')) {
      const { rows } = await client.query<{ sha: string }>(
        'SELECT sha256 AS sha FROM file_object UNION SELECT thumb_sha256 FROM file_object WHERE thumb_sha256 IS NOT NULL',
      );
      for (const r of rows) referenced.add(r.sha);
    }
    const sequences = await readSequences(client);
    await client.query('COMMIT');
    return { snapshotAt: at, server: { version, database }, migrations, tables, sequences, referenced };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Every sequence of the public schema with its owning column (identity or serial).
 * Sequences are not transactional: read after the tables, each value is at least the
 * highest id in the snapshot, so restored sequences never hand out an id twice.
 */
async function readSequences(client: pg.ClientBase): Promise<ManifestSequence[]> {
  const { rows } = await client.query<{ name: string; table: string | null; column: string | null }>(`
    SELECT s.relname AS name, t.relname AS table, a.attname AS column
      FROM pg_class s
      JOIN pg_namespace n ON n.oid = s.relnamespace
      LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      LEFT JOIN pg_class t ON t.oid = d.refobjid
      LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = 'public'
     ORDER BY s.relname`);
  const out: ManifestSequence[] = [];
  for (const r of rows) {
    const v = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM public.${quoteIdent(r.name)}`);
    out.push({ name: r.name, table: r.table, column: r.column, lastValue: v.rows[0]!.last_value, isCalled: v.rows[0]!.is_called });
  }
  return out;
}
