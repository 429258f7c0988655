import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type pg from 'pg';

/**
 * The backup archive: a gzip'd ustar file with
 *
 *   db/<table>.copy          every table of the public schema, COPY text format, rows in primary-key order
 *   files/<aa>/<bb>/<sha256> every stored file (uploaded evidence), named by the SHA-256 of its bytes
 *   manifest.json            last: what the archive holds and how to check it
 *
 * The manifest is written last because it records what was found while writing (row
 * counts and hashes of the tables, files that were missing or damaged on disk); restore
 * reads the whole archive once to check it before it touches the target anyway.
 */
export const BACKUP_FORMAT = 'xiaoan-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const tableEntry = (table: string) => `db/${table}.copy`;
export const fileEntry = (sha256: string) => `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
export const FILE_ENTRY = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export type ManifestTable = {
  name: string;
  /** The columns in the archive, in this order (generated columns are left out: the target computes them). */
  columns: string[];
  rows: number;
  bytes: number;
  /** SHA-256 of the table's COPY data exactly as archived. */
  sha256: string;
};

export type ManifestSequence = {
  name: string;
  /** The identity or serial column it belongs to, so restore finds it by column whatever its name there. */
  table: string | null;
  column: string | null;
  lastValue: string;
  isCalled: boolean;
};

export type Manifest = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The schema version (highest migration) of the backed-up database. */
  migrationVersion: number;
  migrations: { version: number; name: string; checksum: string }[];
  server: { version: string; database: string };
  tables: ManifestTable[];
  sequences: ManifestSequence[];
  files: { count: number; bytes: number; missing: string[]; damaged: string[] };
};

/**
 * Session settings of both ends, so the text COPY writes is the text COPY reads and
 * the same rows hash the same on any server: fixed time zone and date style, shortest
 * exact floats, hex bytea; row security off so that a policy could never silently hide
 * rows from the backup (it errors instead); no timeouts on a long copy.
 */
export const SESSION_SETTINGS = `
  SET client_encoding = 'UTF8';
  SET DateStyle = 'ISO, YMD';
  SET IntervalStyle = 'postgres';
  SET TimeZone = 'UTC';
  SET extra_float_digits = 1;
  SET bytea_output = 'hex';
  SET row_security = off;
  SET statement_timeout = 0;
  SET lock_timeout = 0;
  SET idle_in_transaction_session_timeout = 0;
`;

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type TableShape = { name: string; columns: string[]; orderBy: string };

/**
 * Every table of the public schema with its stored (non-generated) columns in column
 * order and an ORDER BY of its primary key (C collation, so text keys sort the same on
 * any server); a table without a primary key is ordered by its whole row text.
 */
export async function publicTables(client: pg.ClientBase): Promise<TableShape[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; pk: { col: string; collatable: boolean }[] | null }>(`
    SELECT c.relname AS name,
           ARRAY(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                  ORDER BY a.attnum) AS columns,
           (SELECT json_agg(json_build_object('col', a.attname, 'collatable', a.attcollation <> 0) ORDER BY k.ord)
              FROM pg_index i
              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`);
  return rows.map((r) => ({
    name: r.name,
    columns: r.columns,
    orderBy: r.pk?.length
      ? r.pk.map((k) => `${quoteIdent(k.col)}${k.collatable ? ' COLLATE "C"' : ''}`).join(', ')
      : `${quoteIdent(r.name)}::text COLLATE "C"`,
  }));
}

/** The statement that writes a table's archived form. */
export function copyOutSql(t: { name: string; columns: string[]; orderBy: string }): string {
  const cols = t.columns.map(quoteIdent).join(', ');
  return `COPY (SELECT ${cols} FROM public.${quoteIdent(t.name)} ORDER BY ${t.orderBy}) TO STDOUT`;
}

/** Passes bytes through while counting rows (COPY text: one line per row) and hashing them. */
export class CopyMeter extends Transform {
  readonly hash = crypto.createHash('sha256');
  rows = 0;
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
    cb(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** A problem with the archive itself (damaged, not a backup, from a newer version): nothing was changed. */
export class BackupArchiveError extends Error {}
/** The target of a restore is not empty, or cannot be written: nothing was changed. */
export class RestoreTargetError extends Error {}
