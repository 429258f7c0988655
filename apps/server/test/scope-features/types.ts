import type { Db } from '../../src/db/database.js';
import type { App } from '../../src/app.js';
import type { District } from '../factories.js';

/**
 * What one feature adds to the scope matrix (scope-matrix.test.ts): how to build an
 * in-scope and an out-of-scope object for each resource kind its `:id` routes name,
 * and a harmless, valid body for each of its write routes. One file per feature, listed
 * in ./index.ts, so features do not edit each other's lines.
 */
export type ScopeFeature = {
  /** Resource kind → builder of one object in district `d` (in scope) and one in `other`. */
  resources?: Record<string, (env: { app: App; db: Db; d: District; other: District }) => Promise<{ inside: string; outside: string }>>;
  /** 'METHOD /api/url/:id' → a body each allowed role may send. */
  bodies?: Record<string, (d: District) => unknown>;
  /** URL prefixes of multipart routes (policy and scope are checked before the body is read). */
  multipartPrefixes?: string[];
};
