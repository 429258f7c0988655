import type { Config } from './config.js';
import type { Db } from './db/database.js';

/**
 * What every feature plugin is given: the database, the configuration and a
 * database ping. In a module of its own, so that feature routes need not import
 * app.ts (which imports them).
 */
export type AppDeps = {
  db: Db;
  config: Config;
  pingDb: () => Promise<boolean>;
  /**
   * The read replica (DATABASE_REPLICA_URL), when there is one: only the heavy read-only routes
   * read through it (`readOnlyDb`); absent, they use `db` like everything else.
   */
  replicaDb?: Db;
};

/**
 * The handle for a heavy read-only route (the dashboard, the .xlsx exports, the reporting
 * matrix and roll-ups, the risk picture): the replica when one is configured, else the primary.
 * Such a route may be a few seconds behind the primary; it never writes through this handle.
 */
export const readOnlyDb = (deps: AppDeps): Db => deps.replicaDb ?? deps.db;
