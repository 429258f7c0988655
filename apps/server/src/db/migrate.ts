import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';

export const APP_ROLE = 'xiaoan_app';
const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
/** Arbitrary constant key of the migration advisory lock (the same on every instance). */
const MIGRATION_LOCK_KEY = 748_213_001;

export type Migration = { version: number; name: string; sql: string; checksum: string };

/** Reads the numbered plain-SQL migrations (`0001_name.sql`) in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.replace(/\.sql$/, ''),
        sql,
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
      };
    });
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Makes sure the application role exists: it can log in, is not a superuser and
 * owns nothing, so privileges (and row-level security, later) apply to it.
 */
export async function ensureAppRole(client: pg.ClientBase, password: string | undefined): Promise<void> {
  const pw = password ? ` PASSWORD ${quoteLiteral(password)}` : '';
  // Roles are cluster-wide: two databases (or test files) may race to create it.
  await client.query(`DO $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      BEGIN
        CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS${pw};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END $$`);
  if (password) {
    // Another database of the same cluster may be altering the role at this instant
    // ("tuple concurrently updated"): the role is cluster-wide, advisory locks are not.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN${pw}`);
        return;
      } catch (e) {
        if (attempt >= 5 || !/concurrently/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  }
}

/**
 * Applies the pending migrations under a session advisory lock, so that two
 * instances starting together never both migrate; each migration runs in its own
 * transaction and is recorded in `schema_migration` with its checksum. A migration
 * that changed after it was applied stops the start-up.
 */
export async function migrate(client: pg.ClientBase, log: (m: string) => void = () => {}, opts: { upTo?: number } = {}): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number; checksum: string; name: string }>(
      'SELECT version, checksum, name FROM schema_migration',
    );
    const applied = new Map(rows.map((r) => [r.version, r]));
    let count = 0;
    // A restore stops at the backup's schema version; later migrations run at the next start.
    for (const m of readMigrations().filter((x) => opts.upTo === undefined || x.version <= opts.upTo)) {
      const done = applied.get(m.version);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(`迁移 ${m.name} 在应用之后被修改过（校验和不符）。迁移文件落地后不得修改，请新增一个迁移。`);
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`迁移 ${m.name} 失败：${(e as Error).message}`);
      }
      log(`已应用数据库迁移 ${m.name}`);
      count++;
    }
    await grantAppPrivileges(client);
    return count;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

/**
 * The application role may read and write rows but not change the schema; the
 * audit trail and every history table are append-only for it (no UPDATE, no
 * DELETE), and the audit chain's head is the database's own (read only).
 */
async function grantAppPrivileges(client: pg.ClientBase): Promise<void> {
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
    GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${APP_ROLE};
    REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM ${APP_ROLE};
    GRANT DELETE ON user_session, supervision_team_member, supervision_team_school, leading_group_member TO ${APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON hazard_event FROM ${APP_ROLE};
    GRANT DELETE ON idempotency_key TO ${APP_ROLE};
    GRANT DELETE ON inspection_point_checklist TO ${APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON checklist_version, inspection, hazard_follow_up FROM ${APP_ROLE};
    REVOKE DELETE, TRUNCATE ON inspection_result FROM ${APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON task_progress FROM ${APP_ROLE};
    REVOKE ALL ON audit_chain_head FROM ${APP_ROLE};
    GRANT SELECT ON audit_chain_head TO ${APP_ROLE};
    GRANT DELETE ON user_recovery_code, login_throttle TO ${APP_ROLE};
    GRANT DELETE ON notice, notice_unit TO ${APP_ROLE};
    GRANT DELETE ON risk_measure TO ${APP_ROLE};
    REVOKE UPDATE, DELETE, TRUNCATE ON risk_assessment, measure_event FROM ${APP_ROLE};
  `);
}

/** Replaces user and password in a connection URL. */
export function withCredentials(url: string, user: string, password: string | undefined): string {
  const u = new URL(url);
  u.username = user;
  u.password = password ?? '';
  return u.toString();
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database if it does not exist yet (needs CREATEDB). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  client.on('error', () => {}); // a lost connection fails the query in flight; never an unhandled 'error' event
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04') throw e; // created by a concurrent start
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Prepares a database for the application: app role, migrations, privileges.
 * Returns the URL the application must connect with (never the owner's).
 */
export async function prepareDatabase(opts: {
  adminUrl: string;
  appUrl?: string;
  appPassword?: string;
  log?: (m: string) => void;
  /** Apply migrations only up to this version (restore). */
  upTo?: number;
}): Promise<{ appUrl: string; applied: number }> {
  const client = new pg.Client({ connectionString: opts.adminUrl });
  client.on('error', () => {}); // a lost connection fails the query in flight; never an unhandled 'error' event
  await client.connect();
  try {
    if (!opts.appUrl) await ensureAppRole(client, opts.appPassword);
    const applied = await migrate(client, opts.log, { upTo: opts.upTo });
    return { appUrl: opts.appUrl ?? withCredentials(opts.adminUrl, APP_ROLE, opts.appPassword), applied };
  } finally {
    await client.end();
  }
}
