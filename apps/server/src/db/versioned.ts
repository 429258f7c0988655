import { sql, type Expression, type Updateable } from 'kysely';
import type { DbOrTrx } from './database.js';
import type { Database } from './schema.js';

/** The tables that carry an optimistic lock: an id, a version and an updated_at column. */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; version: unknown; updated_at: unknown } ? T : never;
}[keyof Database];

type Row<T extends VersionedTable> = Updateable<Database[T]>;

/**
 * What a versioned update may set: any column of the table but the three the helper owns.
 * A value may also be an SQL expression of the column's type (`sql<Date>\`now()\``), so a
 * timestamp stamped in the same statement keeps the database's clock.
 */
export type VersionedSet<T extends VersionedTable> = {
  [K in Exclude<keyof Row<T>, 'id' | 'version' | 'updated_at'>]?: Row<T>[K] | Expression<Row<T>[K]>;
};

/**
 * UPDATE <table> SET …, version = version + 1, updated_at = now() WHERE id = ? AND version = ?.
 * True when exactly one row changed; false when the row moved on since the caller read it
 * (or is gone) — the caller answers 409.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: DbOrTrx,
  table: T,
  id: string,
  version: number,
  set: VersionedSet<T>,
): Promise<boolean> {
  // Kysely cannot resolve column names through a generic table; the signature above is what is checked.
  const res = await db
    .updateTable(table as 'unit')
    .set({ ...(set as Record<string, never>), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
