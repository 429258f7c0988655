import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A repository function takes either the pool-backed handle or an open transaction. */
export type DbOrTrx = Db | Trx;

// bigint (int8) ids stay strings; numeric stays string (money is exact).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** Opens the application's connection pool (as the non-owner application role). */
export function createDb(appUrl: string, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: appUrl, max, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {
    /* an idle client died (e.g. server restart); the pool replaces it */
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
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
