import type { Config } from '../config.js';
import { lockDataDir, startEmbeddedPostgres } from './embedded.js';
import { ensureDatabase, prepareDatabase, withDatabase } from './migrate.js';

export type StartedDatabase = {
  appUrl: string;
  /** The owner's (external) or superuser's (embedded) URL of the application database: backups read every table with it. */
  adminUrl: string;
  stop: () => Promise<void>;
  embedded: boolean;
};

/**
 * Without DATABASE_URL: locks the data directory, starts the embedded PostgreSQL
 * server under it and creates the `xiaoan` database. With DATABASE_URL: uses that
 * server. Either way the same migrations run, and the application gets a URL for
 * its own unprivileged role.
 */
export async function startDatabase(config: Config, say: (m: string) => void): Promise<StartedDatabase> {
  if (config.databaseUrl) {
    const { appUrl } = await prepareDatabase({
      adminUrl: config.databaseUrl,
      appUrl: config.databaseAppUrl,
      appPassword: config.appDbPassword,
      log: say,
    });
    return { appUrl, adminUrl: config.databaseUrl, stop: async () => {}, embedded: false };
  }
  const release = lockDataDir(config.dataDir);
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  // PostgreSQL's own errors are worth showing, except the expected ones while it shuts down.
  let stopping = false;
  try {
    server = await startEmbeddedPostgres(
      config.dataDir,
      (m) => {
        if (stopping) return;
        for (const line of m.split('\n')) {
          // A Ctrl-C reaches PostgreSQL directly too; its shutdown notices are expected, and so
          // are refused connections while a restarted server is still starting up.
          if (/FATAL|ERROR|PANIC/.test(line) && !/administrator command|shutdown|starting up/.test(line)) say(`PostgreSQL: ${line.trim()}`);
        }
      },
      // The app's server is watched: if PostgreSQL dies it is started again on the same port.
      { say, supervise: true },
    );
    say(`嵌入式 PostgreSQL 已启动（127.0.0.1:${server.port}，数据目录 ${config.dataDir}/pg）`);
    await ensureDatabase(server.adminUrl, 'xiaoan');
    const adminUrl = withDatabase(server.adminUrl, 'xiaoan');
    const { appUrl } = await prepareDatabase({ adminUrl, appPassword: server.appPassword, log: say });
    const s = server;
    return {
      appUrl,
      adminUrl,
      embedded: true,
      stop: async () => {
        stopping = true;
        try {
          await s.stop();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    await server?.stop().catch(() => {});
    release();
    throw e;
  }
}
