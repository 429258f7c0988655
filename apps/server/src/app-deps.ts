import type { Config } from './config.js';
import type { Db } from './db/database.js';

/**
 * What every feature plugin is given: the database, the configuration and a
 * database ping. In a module of its own, so that feature routes need not import
 * app.ts (which imports them).
 */
export type AppDeps = { db: Db; config: Config; pingDb: () => Promise<boolean> };
