import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { isPostgresOf, lockDataDir, pgDirOf, pidAlive, readPostmasterPid, readSuperuserPassword, startEmbeddedPostgres } from '../db/embedded.js';
import { withDatabase } from '../db/migrate.js';

/** The embedded cluster's application database. */
export const EMBEDDED_DATABASE = 'xiaoan';

export type BackupSource = {
  /** Owner (external) or superuser (embedded) URL of the application database. */
  adminUrl: string;
  filesDir: string;
  /** Stops what was started for the backup (nothing when the server was already running). */
  close: () => Promise<void>;
  describe: string;
};

/**
 * Where `npm run backup` reads from. With DATABASE_URL: that database (its owner can
 * read every table). Embedded: the running server of the data directory, found through
 * `<dataDir>/pg/postmaster.pid` (its port) and reached as the superuser (password in
 * `pg-superuser.secret`); when it is not running, the server is started for the
 * duration of the backup, holding the data-directory lock so no app starts meanwhile.
 */
export async function openBackupSource(config: Config, say: (m: string) => void): Promise<BackupSource> {
  const filesDir = path.join(config.dataDir, 'files');
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { adminUrl: config.databaseUrl, filesDir, close: async () => {}, describe: `外部数据库 ${u.host}${u.pathname}` };
  }
  const pgDir = pgDirOf(config.dataDir);
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new Error(`数据目录 ${config.dataDir} 中没有嵌入式数据库（${pgDir}）：请检查 XIAOAN_DATA_DIR，或用 DATABASE_URL 指定外部数据库`);
  }
  const password = readSuperuserPassword(config.dataDir, say);
  const info = readPostmasterPid(pgDir);
  if (info && info.port > 0 && pidAlive(info.pid) && isPostgresOf(info.pid, pgDir)) {
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${info.port}/${EMBEDDED_DATABASE}`;
    return { adminUrl: url, filesDir, close: async () => {}, describe: `运行中的嵌入式 PostgreSQL（127.0.0.1:${info.port}）` };
  }
  const release = lockDataDir(config.dataDir);
  try {
    const server = await startEmbeddedPostgres(config.dataDir, () => {}, { say });
    return {
      adminUrl: withDatabase(server.adminUrl, EMBEDDED_DATABASE),
      filesDir,
      describe: `为备份临时启动的嵌入式 PostgreSQL（127.0.0.1:${server.port}）`,
      close: async () => {
        try {
          await server.stop();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
