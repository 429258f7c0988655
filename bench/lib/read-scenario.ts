import type { Db } from '../../apps/server/src/db/database.js';
import type { Login, Scenario, Target } from './run-config.js';
import type { Recorder, Statement } from './sqlreplay.js';

/**
 * A read scenario: the same GET requests for the loaded and the single-connection run, in random
 * order, and for the SQL figure the statements each service call runs (`capture`, one per
 * sequence), recorded by calling the service directly.
 */
export function readScenario(
  rec: Recorder,
  s: { key: string; title: string; who: Login; target: Target; paths: readonly string[]; describe: string; capture: readonly ((db: Db) => Promise<unknown>)[] },
): Scenario {
  const requests = s.paths.map((path) => ({ method: 'GET' as const, path }));
  return {
    key: s.key,
    title: s.title,
    who: s.who,
    target: s.target,
    order: 'random',
    expect: [200],
    requests: { loaded: requests, single: requests },
    describe: s.describe,
    sql: async () => {
      const sequences: Statement[][] = [];
      for (const f of s.capture) sequences.push((await rec.capture((db) => f(db as Db))).statements);
      return { kind: 'read', sequences };
    },
  };
}
