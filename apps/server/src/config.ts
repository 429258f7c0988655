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
  /** The server log's level (pino): warn by default, so a healthy server logs no line per request. */
  logLevel: string;
  /** One line per request (the access log): off (undefined), 'stdout', or a file appended to. */
  accessLog: 'stdout' | { file: string } | undefined;
  /** A read replica for the heavy read-only routes (dashboard, exports, roll-ups); unset: the primary serves them too. */
  databaseReplicaUrl: string | undefined;
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
  /** Where uploaded files live: the local disk under `<dataDir>/files` (the default), or an S3-compatible bucket shared by every instance. */
  fileStorage: FileStorageConfig;
};

/** FILE_STORAGE=local (default) or s3, with the bucket's S3_* settings (docs/CONFIGURATION.md). */
export type FileStorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      /** An S3-compatible endpoint (MinIO, a cloud's object storage); undefined = the AWS endpoint of the region. */
      endpoint: string | undefined;
      bucket: string;
      region: string;
      /** Both or neither; neither = the SDK's own chain (AWS_* variables, an instance role). */
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      /** Bucket in the path (http://host/bucket/key), as MinIO and most S3-compatible servers want. */
      forcePathStyle: boolean;
      /** Prepended to every object key, e.g. "xiaoan/" (empty: the bucket's root). */
      prefix: string;
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

/** FILE_STORAGE and its S3_* settings; a bucket without a name, or half a key pair, is refused at start. */
function fileStorageOf(env: NodeJS.ProcessEnv): FileStorageConfig {
  const kind = env.FILE_STORAGE || 'local';
  if (kind === 'local') return { kind: 'local' };
  if (kind !== 's3') throw new Error(`环境变量 FILE_STORAGE 应为 local 或 s3，实际为 "${kind}"`);
  const bucket = env.S3_BUCKET;
  if (!bucket) throw new Error('FILE_STORAGE=s3 时必须设置 S3_BUCKET（存储桶名称）');
  const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
  if (!accessKeyId !== !secretAccessKey) throw new Error('S3_ACCESS_KEY_ID 与 S3_SECRET_ACCESS_KEY 须同时设置（或都不设置，使用 AWS 默认凭据）');
  const endpoint = env.S3_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^/\s]+/.test(endpoint)) throw new Error(`S3_ENDPOINT 应为 http(s):// 开头的地址，实际为 "${endpoint}"`);
  const style = env.S3_FORCE_PATH_STYLE;
  if (style !== undefined && style !== '' && style !== 'true' && style !== 'false') throw new Error(`S3_FORCE_PATH_STYLE 应为 true 或 false，实际为 "${style}"`);
  const prefix = env.S3_PREFIX ?? '';
  return {
    kind: 's3',
    endpoint,
    bucket,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    // A custom endpoint is usually MinIO or the like: path style unless told otherwise.
    forcePathStyle: style ? style === 'true' : endpoint !== undefined,
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
  };
}

/** XIAOAN_ACCESS_LOG: unset, 0 or false = off; 1, true or stdout = standard output; anything else = a file path. */
function accessLogOf(value: string | undefined): Config['accessLog'] {
  if (!value || value === '0' || value === 'false' || value === 'off') return undefined;
  if (value === '1' || value === 'true' || value === 'stdout') return 'stdout';
  return { file: path.resolve(value) };
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
    logLevel: env.LOG_LEVEL || 'warn',
    accessLog: accessLogOf(env.XIAOAN_ACCESS_LOG),
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
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
    fileStorage: fileStorageOf(env),
  };
}

/** Where the audit chain's anchors are written. */
export function auditAnchorFile(config: Pick<Config, 'auditAnchor' | 'dataDir'>): string {
  return config.auditAnchor.file ?? path.join(config.dataDir, 'audit-anchors.jsonl');
}
