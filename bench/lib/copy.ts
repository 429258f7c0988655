// Streaming COPY … FROM STDIN (text format) with back-pressure: rows are buffered in
// ~1 MB chunks and the writer waits when PostgreSQL is behind, so memory stays flat.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in COPY text format (\N for null). */
export function copyText(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return /[\\\n\r\t]/.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : v;
}

/** A PostgreSQL array literal of texts ({"a","b"}), for a text[] column. */
export function textArray(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A PostgreSQL array literal of integers ({1,2}), for a bigint[] column. */
export function intArray(xs: readonly (string | number)[]): string {
  return `{${xs.join(',')}}`;
}

export class CopyWriter {
  private chunk: string[] = [];
  private size = 0;
  rows = 0;
  private readonly stream: ReturnType<typeof copyFrom>;
  private failed: Error | null = null;

  constructor(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[]) {
    this.stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    this.stream.on('error', (e: Error) => (this.failed = e));
  }

  /** Appends one row; resolves at once unless PostgreSQL is behind. */
  async write(cells: readonly Cell[]): Promise<void> {
    let line = '';
    for (let i = 0; i < cells.length; i++) line += (i ? '\t' : '') + copyText(cells[i]);
    this.chunk.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= 512 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.chunk.length === 0) return;
    const data = this.chunk.join('\n') + '\n';
    this.chunk = [];
    this.size = 0;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  /** Sends the rest and waits until PostgreSQL has committed the COPY; returns the row count. */
  async end(): Promise<number> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failed) throw this.failed;
    return this.rows;
  }
}
