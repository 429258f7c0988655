import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { lockDataDir, startEmbeddedPostgres } from '../db/embedded.js';
import { ensureDatabase, prepareDatabase, readMigrations, withDatabase } from '../db/migrate.js';
import { describeError } from '../db/pg-errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupArchiveError,
  CopyMeter,
  FILE_ENTRY,
  MANIFEST_ENTRY,
  RestoreTargetError,
  SESSION_SETTINGS,
  copyOutSql,
  publicTables,
  quoteIdent,
  tableEntry,
  type Manifest,
} from './archive.js';
import { TarFormatError, readTar, type TarEntry } from './tar.js';
import { sha256Of, type FileStorage } from '../features/files/file.storage.js';

export type RestoreResult = { manifest: Manifest; tables: number; rows: number; files: number; seconds: number };

/** The archive's entries, one pass over the gzip'd tar; gzip and tar damage become BackupArchiveError. */
async function forEachEntry(file: string, fn: (e: TarEntry) => Promise<void>): Promise<void> {
  try {
    await fsp.access(file, fs.constants.R_OK);
  } catch {
    throw new BackupArchiveError(`备份文件 ${file} 不存在或不可读`);
  }
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  // zlib's complaint (bad header, CRC, truncated) may surface inside `fn` (it reads the
  // entry's bytes), so it is noted where it starts: then any failure is the archive's.
  let broken: unknown;
  gunzip.on('error', (e) => (broken ??= e));
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  try {
    for await (const entry of readTar(gunzip as AsyncIterable<Buffer>)) await fn(entry);
  } catch (e) {
    if (e instanceof BackupArchiveError || e instanceof RestoreTargetError) throw e;
    if (broken !== undefined || e instanceof TarFormatError) throw new BackupArchiveError(`备份文件已损坏：${describeError(broken ?? e)}`);
    throw e;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

async function digestOf(body: AsyncIterable<Buffer>): Promise<{ sha256: string; rows: number; bytes: number }> {
  const meter = new CopyMeter();
  await pipeline(Readable.from(body), meter, new Writable({ write: (_c, _e, cb) => cb() }));
  return { sha256: meter.digest(), rows: meter.rows, bytes: meter.bytes };
}

/**
 * Reads the whole archive once and checks it against its manifest: every table's row
 * count, size and SHA-256, every file's bytes against its name, nothing missing and
 * nothing extra. Returns the manifest; throws BackupArchiveError (in Chinese) otherwise.
 * Restore runs this before it touches the target, so a damaged archive changes nothing.
 */
export async function verifyArchive(file: string): Promise<Manifest> {
  const tables = new Map<string, { sha256: string; rows: number; bytes: number }>();
  const files = new Map<string, boolean>();
  let manifest: Manifest | undefined;
  await forEachEntry(file, async (e) => {
    if (e.name === MANIFEST_ENTRY) {
      const chunks: Buffer[] = [];
      for await (const c of e.body) chunks.push(c);
      try {
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
      } catch {
        throw new BackupArchiveError('备份文件已损坏：清单 manifest.json 不是有效的 JSON');
      }
    } else if (e.name.startsWith('db/')) {
      tables.set(e.name, await digestOf(e.body));
    } else {
      const m = FILE_ENTRY.exec(e.name);
      if (!m) throw new BackupArchiveError(`这不是校安的备份文件：含有未知条目 ${e.name}`);
      files.set(m[3]!, (await digestOf(e.body)).sha256 === m[3]);
    }
  });
  if (!manifest) throw new BackupArchiveError('这不是校安的备份文件：缺少清单 manifest.json');
  const mf: Manifest = manifest;
  if (mf.format !== BACKUP_FORMAT) throw new BackupArchiveError('这不是校安的备份文件（清单格式不符）');
  if (mf.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupArchiveError(`备份文件格式版本 ${mf.formatVersion} 比本程序支持的（${BACKUP_FORMAT_VERSION}）新：请先升级校安再恢复`);
  }
  for (const t of mf.tables) {
    const got = tables.get(tableEntry(t.name));
    if (!got) throw new BackupArchiveError(`备份文件已损坏：缺少表 ${t.name} 的数据`);
    if (got.sha256 !== t.sha256 || got.rows !== t.rows || got.bytes !== t.bytes) {
      throw new BackupArchiveError(`备份文件已损坏：表 ${t.name} 的数据与清单不符（校验值或行数不同）`);
    }
    tables.delete(tableEntry(t.name));
  }
  if (tables.size) throw new BackupArchiveError(`备份文件已损坏：含有清单之外的数据 ${[...tables.keys()].join('、')}`);
  const damaged = new Set(mf.files.damaged);
  for (const [sha, ok] of files) {
    if (!ok && !damaged.has(sha)) throw new BackupArchiveError(`备份文件已损坏：文件 ${sha} 的内容与校验值不符`);
  }
  if (files.size !== mf.files.count) throw new BackupArchiveError(`备份文件已损坏：清单记有 ${mf.files.count} 个文件，实际 ${files.size} 个`);
  return mf;
}

/** Refuses a backup whose schema is newer than this code, or whose migrations differ from this code's. */
function checkSchema(manifest: Manifest): void {
  const known = new Map(readMigrations().map((m) => [m.version, m]));
  const newest = Math.max(0, ...known.keys());
  if (manifest.migrationVersion > newest) {
    throw new BackupArchiveError(
      `备份来自较新版本的校安（数据库结构版本 ${manifest.migrationVersion}），本程序只到版本 ${newest}：请先升级校安再恢复`,
    );
  }
  for (const m of manifest.migrations) {
    const mine = known.get(m.version);
    if (!mine || mine.checksum !== m.checksum) {
      throw new BackupArchiveError(`备份中的数据库迁移 ${m.name} 与本程序的不同（校验和不符），无法恢复到此版本`);
    }
  }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a lost connection fails the statement in flight
  await client.connect();
  return client;
}

async function assertEmptyTarget(adminUrl: string, filesDir: string, storage: FileStorage | undefined): Promise<void> {
  const client = await connect(adminUrl);
  try {
    const { rows } = await client.query<{ n: number; db: string }>(`
      SELECT count(*)::int AS n, current_database() AS db FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`);
    if (rows[0]!.n > 0) {
      throw new RestoreTargetError(`目标数据库 ${rows[0]!.db} 不是空的（public 模式中已有 ${rows[0]!.n} 个表或序列）：只能恢复到空数据库，请新建一个空数据库后重试`);
    }
  } finally {
    await client.end().catch(() => {});
  }
  if (storage) {
    const first = await storage.list()[Symbol.asyncIterator]().next();
    if (!first.done) throw new RestoreTargetError(`文件存储 ${storage.location} 不是空的：只能恢复到空的存储桶（或前缀）`);
    return;
  }
  const entries = await fsp.readdir(filesDir).catch(() => []);
  if (entries.length > 0) throw new RestoreTargetError(`文件目录 ${filesDir} 不是空的：只能恢复到空的数据目录`);
}

/** Puts one stored file into a file store other than the local directory (the S3 bucket), checked against its name first. */
async function putBlob(storage: FileStorage, sha: string, body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c);
  const data = Buffer.concat(chunks);
  if (sha256Of(data) !== sha) throw new BackupArchiveError(`备份文件已损坏：文件 ${sha} 的内容与校验值不符`);
  await storage.put(data);
  return sha;
}

/** Writes one stored file as FileStorage does (temporary file, flush, rename), checking its bytes against its name. */
async function writeBlob(filesDir: string, sha: string, body: AsyncIterable<Buffer>): Promise<string> {
  const target = path.join(filesDir, sha.slice(0, 2), sha.slice(2, 4), sha);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${sha}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const hash = crypto.createHash('sha256');
  try {
    const fh = await fsp.open(tmp, 'wx', 0o640);
    try {
      for await (const c of body) {
        hash.update(c);
        await fh.write(c);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (hash.digest('hex') !== sha) throw new BackupArchiveError(`备份文件已损坏：文件 ${sha} 的内容与校验值不符`);
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  return target;
}

/**
 * Restores an archive into an empty database (external, or the embedded one that
 * restoreIntoDataDir starts) and an empty files directory:
 *
 * 1. checks the archive (verifyArchive) and that its schema is not newer than this code;
 * 2. refuses a target that holds any table, or a files directory that holds anything;
 * 3. creates the application role and runs the migrations up to the backup's version;
 * 4. in one transaction, as the owner or superuser with `session_replication_role =
 *    replica` (so the append-only and path triggers and the foreign keys do not fire on
 *    rows that were valid when written): empties what the migrations wrote, COPYs every
 *    table in, sets every sequence, then reads every table back and compares its row
 *    count and SHA-256 with the manifest before committing;
 * 5. writes the stored files, each checked against its SHA-256 name.
 *
 * A failure in step 4 rolls the data back; the target then holds the empty schema and
 * must be recreated before the next try (the message says so).
 */
export async function restoreIntoDatabase(opts: {
  file: string;
  adminUrl: string;
  appUrl?: string;
  appPassword?: string;
  filesDir: string;
  /** The file storage to fill instead of `filesDir` (FILE_STORAGE=s3: the bucket, which must be empty). */
  storage?: FileStorage;
  say?: (m: string) => void;
  /** Already verified (restoreIntoDataDir checks before it creates the cluster). */
  manifest?: Manifest;
}): Promise<RestoreResult> {
  const t0 = Date.now();
  const say = opts.say ?? (() => {});
  const manifest = opts.manifest ?? (await verifyArchive(opts.file));
  checkSchema(manifest);
  await assertEmptyTarget(opts.adminUrl, opts.filesDir, opts.storage);
  say(`备份已校验：${manifest.createdAt} 的快照，数据库结构版本 ${manifest.migrationVersion}，${manifest.tables.length} 张表，${manifest.files.count} 个文件`);
  await prepareDatabase({ adminUrl: opts.adminUrl, appUrl: opts.appUrl, appPassword: opts.appPassword, upTo: manifest.migrationVersion, log: say });

  const written: string[] = [];
  const client = await connect(opts.adminUrl);
  try {
    await client.query(SESSION_SETTINGS);
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      // The dashboard's tallies are copied as they were; their trigger fires ALWAYS and must not count the copied hazards again.
      await client.query("SET LOCAL xiaoan.restoring = 'on'");
    } catch (e) {
      if ((e as { code?: string }).code === '42501') {
        throw new RestoreTargetError(
          '恢复需要以超级用户连接（或已被授予 SET ON PARAMETER session_replication_role 的数据库所有者），以便在导入时停用触发器和外键检查',
        );
      }
      throw e;
    }
    const shapes = new Map((await publicTables(client)).map((t) => [t.name, t]));
    for (const t of manifest.tables) {
      const there = shapes.get(t.name);
      if (!there || there.columns.length !== t.columns.length || t.columns.some((c) => !there.columns.includes(c))) {
        throw new RestoreTargetError(`迁移后的表 ${t.name} 与备份中的结构不符`);
      }
    }
    if (shapes.size !== manifest.tables.length) throw new RestoreTargetError('迁移后的数据表与备份中的不一致');
    // The migrations may have written rows (schema_migration at least): the backup's rows replace them.
    await client.query(`TRUNCATE ${manifest.tables.map((t) => `public.${quoteIdent(t.name)}`).join(', ')}`);

    const byEntry = new Map(manifest.tables.map((t) => [tableEntry(t.name), t]));
    const damaged = new Set(manifest.files.damaged);
    await forEachEntry(opts.file, async (e) => {
      const t = byEntry.get(e.name);
      if (t) {
        const meter = new CopyMeter();
        const into = client.query(copyFrom(`COPY public.${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(e.body), meter, into);
        if (meter.digest() !== t.sha256 || meter.rows !== t.rows) throw new BackupArchiveError(`备份文件已损坏：表 ${t.name} 的数据与清单不符`);
        return;
      }
      const m = FILE_ENTRY.exec(e.name);
      if (m && !damaged.has(m[3]!)) written.push(await (opts.storage ? putBlob(opts.storage, m[3]!, e.body) : writeBlob(opts.filesDir, m[3]!, e.body)));
    });
    for (const s of manifest.sequences) {
      const seq = s.table && s.column ? `pg_get_serial_sequence(${lit(`public.${quoteIdent(s.table)}`)}, ${lit(s.column)})` : lit(`public.${quoteIdent(s.name)}`);
      await client.query(`SELECT setval(${seq}::regclass, $1::bigint, $2)`, [s.lastValue, s.isCalled]);
    }
    // Read back what is now there, exactly as the backup read it.
    let rows = 0;
    for (const t of manifest.tables) {
      const meter = new CopyMeter();
      const out = client.query(copyTo(copyOutSql({ ...shapes.get(t.name)!, columns: t.columns })));
      await pipeline(out, meter, new Writable({ write: (_c, _e, cb) => cb() }));
      if (meter.rows !== t.rows || meter.digest() !== t.sha256) {
        throw new Error(`恢复校验失败：表 ${t.name} 恢复后有 ${meter.rows} 行，备份中 ${t.rows} 行，或内容校验值不同`);
      }
      rows += meter.rows;
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { manifest, tables: manifest.tables.length, rows, files: written.length, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    await Promise.all(written.map((f) => (opts.storage ? opts.storage.delete(f).catch(() => {}) : fsp.rm(f, { force: true }))));
    if (e instanceof BackupArchiveError) throw e;
    throw new Error('数据未导入（目标数据库中只留下了空的表结构，请删除并重新创建目标数据库后重试）', { cause: e });
  } finally {
    await client.end().catch(() => {});
  }
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Restores into an empty (or not yet existing) data directory for the embedded
 * server: checks the archive first, then initialises a new cluster there (new
 * passwords), restores into its `xiaoan` database and `<dataDir>/files`, and stops it.
 * On failure everything it created in the directory is removed again.
 */
export async function restoreIntoDataDir(opts: { file: string; dataDir: string; storage?: FileStorage; say?: (m: string) => void }): Promise<RestoreResult> {
  const say = opts.say ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const manifest = await verifyArchive(opts.file);
  checkSchema(manifest);
  const existed = fs.existsSync(dataDir);
  if (existed && (!fs.statSync(dataDir).isDirectory() || fs.readdirSync(dataDir).length > 0)) {
    throw new RestoreTargetError(`目标数据目录 ${dataDir} 不是空的：只能恢复到空的数据目录（或尚不存在的目录），请用 XIAOAN_DATA_DIR 指定一个新目录`);
  }
  const release = lockDataDir(dataDir);
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  try {
    server = await startEmbeddedPostgres(dataDir, () => {}, { say });
    say(`已在 ${dataDir}/pg 初始化并启动嵌入式 PostgreSQL`);
    await ensureDatabase(server.adminUrl, 'xiaoan');
    return await restoreIntoDatabase({
      file: opts.file,
      adminUrl: withDatabase(server.adminUrl, 'xiaoan'),
      appPassword: server.appPassword,
      filesDir: path.join(dataDir, 'files'),
      storage: opts.storage,
      say,
      manifest,
    });
  } catch (e) {
    await server?.stop().catch(() => {});
    server = undefined;
    // The directory was empty before: what is in it now is ours.
    for (const f of fs.readdirSync(dataDir)) if (f !== 'xiaoan.lock') fs.rmSync(path.join(dataDir, f), { recursive: true, force: true });
    if (e instanceof Error && e.message.startsWith('数据未导入')) throw new Error('数据未导入，已清空目标数据目录', { cause: e.cause });
    throw e;
  } finally {
    await server?.stop();
    release();
    if (!existed && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length === 0) fs.rmdirSync(dataDir);
  }
}
