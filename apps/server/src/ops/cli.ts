import path from 'node:path';
import { loadConfig } from '../config.js';
import { describeError } from '../db/pg-errors.js';
import { fileStorageFor } from '../features/files/file.storage-config.js';
import { createBackup } from './backup.js';
import { restoreIntoDatabase, restoreIntoDataDir } from './restore.js';
import { openBackupSource } from './source.js';

const say = (m: string) => process.stdout.write(`[校安] ${m}\n`);
const fail = (m: string) => process.stderr.write(`[校安] ${m}\n`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A path given on the command line is relative to where `npm run` was typed, not to the repository root npm runs in. */
function argFile(argv: string[], usage: string): string | undefined {
  const files = argv.filter((a) => a !== '--');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    fail(usage);
    return undefined;
  }
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), files[0]!);
}

/** `npm run backup -- FILE`: returns the exit code. */
export async function runBackupCli(argv: string[]): Promise<number> {
  const file = argFile(argv, '用法：npm run backup -- 备份文件.tar.gz');
  if (!file) return 2;
  try {
    const config = loadConfig();
    const source = await openBackupSource(config, say);
    const storage = fileStorageFor(config);
    say(`开始备份：${source.describe}，文件存储 ${storage.location}`);
    try {
      const r = await createBackup({ adminUrl: source.adminUrl, filesDir: source.filesDir, storage, file, say });
      const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
      say(
        `备份完成：${r.file}（${r.manifest.tables.length} 张表 ${rows} 行，${r.manifest.files.count} 个文件，数据库结构版本 ${r.manifest.migrationVersion}，${mb(r.bytes)}，用时 ${r.seconds.toFixed(1)} 秒）`,
      );
    } finally {
      await source.close();
    }
    return 0;
  } catch (e) {
    fail(`备份失败：${describeError(e)}`);
    return 1;
  }
}

/** `npm run restore -- FILE`: into XIAOAN_DATA_DIR (embedded) or the DATABASE_URL database; returns the exit code. */
export async function runRestoreCli(argv: string[]): Promise<number> {
  const file = argFile(argv, '用法：npm run restore -- 备份文件.tar.gz（恢复到空的 XIAOAN_DATA_DIR，或 DATABASE_URL 指定的空数据库）');
  if (!file) return 2;
  try {
    const config = loadConfig();
    say(`开始恢复：${file}`);
    // FILE_STORAGE=s3: the files go into the (empty) bucket; otherwise into <dataDir>/files as always.
    const sharedStorage = config.fileStorage.kind === 's3' ? fileStorageFor(config) : undefined;
    const r = config.databaseUrl
      ? await restoreIntoDatabase({
          file,
          adminUrl: config.databaseUrl,
          appUrl: config.databaseAppUrl,
          appPassword: config.appDbPassword,
          filesDir: path.join(config.dataDir, 'files'),
          storage: sharedStorage,
          say,
        })
      : await restoreIntoDataDir({ file, dataDir: config.dataDir, storage: sharedStorage, say });
    say(`恢复完成：${r.tables} 张表 ${r.rows} 行、${r.files} 个文件已恢复并逐表校验（用时 ${r.seconds.toFixed(1)} 秒）。现在可以用 npm start 启动。`);
    return 0;
  } catch (e) {
    fail(`恢复失败：${describeError(e)}`);
    return 1;
  }
}
