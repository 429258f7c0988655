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
  /**
   * Which proxies' X-Forwarded-For to believe: false (the default: the client's
   * own address, always), or the proxies' addresses/CIDRs. Never "any".
   */
  trustProxy: false | string[];
  /** Anchors of the audit chain: the file (outside the database), its HMAC key, minutes between anchors (0 = off). */
  auditAnchor: { file: string | undefined; key: string | undefined; intervalMinutes: number };
  /** The daily backup: where the archives go (undefined = off), at which hour (Asia/Shanghai), how many are kept. */
  backup: { dir: string | undefined; hour: number; keep: number };
};

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 应为非负整数，实际为 "${value}"`);
  return n;
}

function hourOf(value: string | undefined): number {
  const h = int(value, 2, 'XIAOAN_BACKUP_HOUR');
  if (h > 23) throw new Error(`环境变量 XIAOAN_BACKUP_HOUR 应为 0–23 的整数（北京时间的小时），实际为 "${value}"`);
  return h;
}

/** XIAOAN_TRUST_PROXY: a comma-separated list of proxy addresses or CIDRs; "true"/"*" is refused (it trusts anyone). */
function trustedProxies(value: string | undefined): false | string[] {
  if (!value || value === 'false') return false;
  if (value === 'true' || value === '*') {
    throw new Error('XIAOAN_TRUST_PROXY 不能设为 true 或 *（那样任何人都能伪造来源地址）：请列出反向代理的地址，如 127.0.0.1,10.0.0.0/8');
  }
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const ok = /^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/;
  const bad = list.find((s) => !ok.test(s));
  if (bad) throw new Error(`XIAOAN_TRUST_PROXY 中的 "${bad}" 不是 IP 地址或 CIDR`);
  return list;
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
    trustProxy: trustedProxies(env.XIAOAN_TRUST_PROXY),
    auditAnchor: {
      // Unset: <data dir>/audit-anchors.jsonl (auditAnchorFile below).
      file: env.XIAOAN_AUDIT_ANCHOR_FILE ? path.resolve(env.XIAOAN_AUDIT_ANCHOR_FILE) : undefined,
      key: env.XIAOAN_AUDIT_ANCHOR_KEY || undefined,
      intervalMinutes: int(env.XIAOAN_AUDIT_ANCHOR_MINUTES, 10, 'XIAOAN_AUDIT_ANCHOR_MINUTES'),
    },
    backup: {
      dir: env.XIAOAN_BACKUP_DIR ? path.resolve(env.XIAOAN_BACKUP_DIR) : undefined,
      hour: hourOf(env.XIAOAN_BACKUP_HOUR),
      keep: Math.max(1, int(env.XIAOAN_BACKUP_KEEP, 14, 'XIAOAN_BACKUP_KEEP')),
    },
  };
}

/** Where the audit chain's anchors are written. */
export function auditAnchorFile(config: Pick<Config, 'auditAnchor' | 'dataDir'>): string {
  return config.auditAnchor.file ?? path.join(config.dataDir, 'audit-anchors.jsonl');
}
