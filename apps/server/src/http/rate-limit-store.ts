import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/database.js';
import { countRateLimitHit, type RateLimitHit } from './rate-limit.repository.js';

/**
 * What @fastify/rate-limit (10.x) hands a store: `new Store(globalOptions)`, then
 * `child(mergedRouteOptions)` per route, whose `routeInfo` is the route (method, URL).
 */
type RouteLimitOptions = { routeInfo?: { method?: string | string[]; url?: string } };

const MINUTE = 60_000;

/**
 * The request rate limits counted in PostgreSQL instead of each instance's memory, so that
 * two or more instances behind one proxy share them: 30 sign-ins a minute from an address
 * are 30 across all instances, not 30 on each. A route's limits are keyed by its method and
 * URL pattern, then by the route's key (the address, or the account where a route says so).
 * A hit is one upsert (http/rate-limit.repository.ts); when the database is unreachable the
 * request fails as every other database read does (503).
 */
export function sharedRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  return class SharedRateLimitStore {
    private readonly prefix: string;

    constructor(options: object) {
      const route = (options as RouteLimitOptions).routeInfo;
      const method = Array.isArray(route?.method) ? route.method.join(',') : route?.method;
      this.prefix = route?.url ? `${method ?? ''} ${route.url}|` : 'global|';
    }

    /** The plugin passes the route's window (milliseconds) and its maximum after the callback. */
    incr(key: string, cb: (err: Error | null, res?: RateLimitHit) => void, timeWindow: number = MINUTE): void {
      countRateLimitHit(db, this.prefix + key, timeWindow).then(
        (r) => cb(null, r),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    }

    child(options: object): SharedRateLimitStore {
      return new SharedRateLimitStore(options);
    }
  };
}
