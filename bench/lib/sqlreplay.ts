// The "plain SQL" side of the benchmark: run the real repository/service code once
// through a Kysely whose log records every statement it sends (exact SQL and parameters),
// then replay those statements through a bare pg client and time them.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../apps/server/src/db/schema.js';
import '../../apps/server/src/db/database.js'; // the int8-as-string type parser, as the server has it

export type Statement = { sql: string; params: unknown[] };

export class Recorder {
  private current: Statement[] | null = null;
  readonly db: Kysely<Database>;
  constructor(readonly pool: pg.Pool) {
    this.db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (e) => {
        if (e.level === 'query' && this.current) this.current.push({ sql: e.query.sql, params: [...e.query.parameters] });
      },
    });
  }

  /** Runs `fn` and returns what it returned and every statement it sent, in order. */
  async capture<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<{ value: T; statements: Statement[] }> {
    if (this.current) throw new Error('one capture at a time');
    this.current = [];
    try {
      const value = await fn(this.db);
      return { value, statements: this.current };
    } finally {
      this.current = null;
    }
  }
}

/**
 * Replays statements on one connection, in order, and returns the elapsed ms.
 * `subst` replaces parameter values (a captured hazard id by another); an INSERT
 * INTO `newIdTable` (hazard by default) … RETURNING id maps the captured new id (`newIdOf`)
 * to the row it made.
 */
export async function replay(client: pg.ClientBase, statements: Statement[], subst: Map<string, string> = new Map(), newIdOf?: string, newIdTable = 'hazard'): Promise<number> {
  const t0 = performance.now();
  const map = new Map(subst);
  for (const s of statements) {
    const params = map.size ? s.params.map((p) => (typeof p === 'string' && map.has(p) ? map.get(p)! : p)) : s.params;
    const r = await client.query(s.sql, params);
    if (newIdOf && s.sql.startsWith(`insert into "${newIdTable}" `) && r.rows[0]?.id) map.set(newIdOf, String(r.rows[0].id));
  }
  return performance.now() - t0;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one captured statement, as text. */
export async function explain(client: pg.ClientBase, s: Statement): Promise<string> {
  const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

/** The statement with its parameters inlined, for a reader (not for execution). */
export function inline(s: Statement): string {
  return s.sql.replace(/\$(\d+)/g, (_m, i: string) => {
    const v = s.params[Number(i) - 1];
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return `'{${v.join(',')}}'`;
    if (v instanceof Date) return `'${v.toISOString()}'`;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const str = String(v);
    return `'${(str.length > 200 ? `${str.slice(0, 200)}…` : str).replace(/'/g, "''")}'`;
  });
}
