import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { describeError, isDbUnavailable } from './pg-errors.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A repository function takes either the pool-backed handle or an open transaction. */
export type DbOrTrx = Db | Trx;

// bigint (int8) ids stay strings; numeric stays string (money is exact).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** How long a request waits for a connection before it answers 503 (a black-holed server must not hang requests). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the application's connection pool (as the non-owner application role).
 *
 * Losing the database must never kill the process. node-postgres emits 'error' on a
 * client whose socket ends or that receives a FATAL (admin shutdown, pg_terminate_backend,
 * a killed server) — also while the client is checked out, in the middle of a
 * transaction, where pg-pool's own listener (`pool.on('error')`, idle clients only) is
 * not attached. An 'error' event without a listener throws, and that was the crash.
 * Every client therefore gets a listener for its whole life: the error itself still
 * reaches the query in flight (or the next one fails with "not queryable"), and the
 * pool drops such a client on release and opens a fresh connection for the next
 * request, so the pool reconnects by itself once the server is back.
 */
export function createDb(appUrl: string, max = 10, opts: { readOnly?: boolean } = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: appUrl,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    // The replica's pool (DATABASE_REPLICA_URL): read-only sessions from the start (a startup
    // parameter, not a SET), so a write sent there by mistake fails also on a server that could take it.
    ...(opts.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  pool.on('error', () => {
    /* an idle client died (e.g. server restart); the pool replaces it */
  });
  pool.on('connect', (client) => {
    client.on('error', () => {
      /* a checked-out client lost its connection; the query sees the error, the pool discards the client */
    });
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/**
 * Runs a start-up step again while the database is unavailable (the embedded server is
 * being restarted, an external one is failing over), up to `attempts` times with a
 * growing pause; any other error, or the last attempt's, is thrown.
 */
export async function retryWhileDbUnavailable<T>(what: string, fn: () => Promise<T>, say: (m: string) => void, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isDbUnavailable(e)) throw e;
      const delay = Math.min(500 * 2 ** (attempt - 1), 10_000);
      say(`${what}：数据库暂时不可用（${describeError(e)}），${(delay / 1000).toFixed(1)} 秒后重试 …`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Refuses to run as a superuser or as the owner of the tables: privileges and,
 * later, row-level security must apply to the application's own queries.
 */
export async function assertUnprivilegedRole(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ rolsuper: boolean; rolbypassrls: boolean; owns: boolean; current_user: string }>(`
    SELECT r.rolsuper, r.rolbypassrls, current_user,
           EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns
      FROM pg_roles r WHERE r.rolname = current_user`);
  const r = rows[0];
  if (!r || r.rolsuper || r.rolbypassrls || r.owns) {
    throw new Error(
      `应用数据库角色 ${r?.current_user ?? '?'} 权限过大（超级用户、可绕过行级安全或拥有数据表）。请用 DATABASE_APP_URL 指定一个普通角色，见 docs/CONFIGURATION.md。`,
    );
  }
}
