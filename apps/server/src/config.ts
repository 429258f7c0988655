import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Owner/admin connection used to migrate; absent means the embedded server. */
  databaseUrl: string | undefined;
  /** The application's own (non-owner, non-superuser) connection, when given explicitly. */
  databaseAppUrl: string | undefined;
  appDbPassword: string | undefined;
  demo: boolean;
  secureCookies: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  login: { maxFailures: number; lockMinutes: number; perIpPerMinute: number };
  bodyLimitBytes: number;
  /** Largest evidence file (photo or PDF) one upload may carry. */
  fileMaxBytes: number;
  webDistDir: string;
  logLevel: string;
  /** Minutes between due-date reminder sweeps; 0 turns them off. */
  reminderIntervalMinutes: number;
};

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 应为非负整数，实际为 "${value}"`);
  return n;
}

/** Reads the configuration from the environment; every variable is documented in docs/CONFIGURATION.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const repoRoot = path.resolve(import.meta.dirname, '../../..');
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.XIAOAN_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    appDbPassword: env.XIAOAN_APP_DB_PASSWORD || undefined,
    demo: (env.XIAOAN_DEMO ?? 'true') !== 'false',
    secureCookies: env.XIAOAN_SECURE_COOKIES === 'true',
    session: {
      idleMinutes: int(env.XIAOAN_SESSION_IDLE_MINUTES, 30, 'XIAOAN_SESSION_IDLE_MINUTES'),
      absoluteHours: int(env.XIAOAN_SESSION_ABSOLUTE_HOURS, 12, 'XIAOAN_SESSION_ABSOLUTE_HOURS'),
    },
    login: {
      maxFailures: int(env.XIAOAN_LOGIN_MAX_FAILURES, 5, 'XIAOAN_LOGIN_MAX_FAILURES'),
      lockMinutes: int(env.XIAOAN_LOGIN_LOCK_MINUTES, 15, 'XIAOAN_LOGIN_LOCK_MINUTES'),
      perIpPerMinute: int(env.XIAOAN_LOGIN_PER_IP_PER_MINUTE, 30, 'XIAOAN_LOGIN_PER_IP_PER_MINUTE'),
    },
    bodyLimitBytes: int(env.XIAOAN_BODY_LIMIT_BYTES, 1024 * 1024, 'XIAOAN_BODY_LIMIT_BYTES'),
    fileMaxBytes: int(env.XIAOAN_FILE_MAX_BYTES, 10 * 1024 * 1024, 'XIAOAN_FILE_MAX_BYTES'),
    webDistDir: path.resolve(env.XIAOAN_WEB_DIST ?? path.join(repoRoot, 'apps/web/dist')),
    logLevel: env.LOG_LEVEL ?? 'info',
    reminderIntervalMinutes: int(env.XIAOAN_REMINDER_INTERVAL_MINUTES, 15, 'XIAOAN_REMINDER_INTERVAL_MINUTES'),
  };
}
