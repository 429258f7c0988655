import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';

/** All SQL of the registries' shared base: the record → hazard links, the watch account, the school's bureau and admins. */

export type RegistryHazardLink = { hazardId: string; cause: string; label: string; title: string; state: string; createdAt: Date };

/** The hazard a record already opened for this cause, if any. */
export async function findRegistryHazard(db: DbOrTrx, kind: string, recordId: string, cause: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('registry_hazard')
    .select('hazard_id')
    .where('registry_kind', '=', kind)
    .where('record_id', '=', recordId)
    .where('cause', '=', cause)
    .executeTakeFirst();
  return r?.hazard_id;
}

/**
 * Serialises the openers of one (kind, record, cause) until the transaction ends, so two
 * instances' sweeps, or a sweep and a user's save, never both open a hazard for it.
 */
export async function lockRegistryCause(trx: Trx, kind: string, recordId: string, cause: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`registry:${kind}:${recordId}:${cause}`}, 0))`.execute(trx);
}

export async function insertRegistryHazard(trx: Trx, row: { schoolId: string; kind: string; recordId: string; cause: string; label: string; hazardId: string }): Promise<void> {
  await trx
    .insertInto('registry_hazard')
    .values({ school_id: row.schoolId, registry_kind: row.kind, record_id: row.recordId, cause: row.cause, label: row.label, hazard_id: row.hazardId })
    .execute();
}

/** The hazards a record opened, oldest first, with their current title and state. */
export async function findRegistryHazardsOf(db: DbOrTrx, kind: string, recordId: string): Promise<RegistryHazardLink[]> {
  const rows = await db
    .selectFrom('registry_hazard as r')
    .innerJoin('hazard as h', 'h.id', 'r.hazard_id')
    .select(['r.hazard_id', 'r.cause', 'r.label', 'h.title', 'h.state', 'r.created_at'])
    .where('r.registry_kind', '=', kind)
    .where('r.record_id', '=', recordId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ hazardId: r.hazard_id, cause: r.cause, label: r.label, title: r.title, state: r.state, createdAt: r.created_at }));
}

/** A school's bureau (the district root of its path) with its path. */
export async function findBureauOfSchool(db: DbOrTrx, schoolId: string): Promise<{ id: string; path: string } | undefined> {
  const r = await sql<{ id: string; path: string }>`
    SELECT b.id, b.path::text AS path
      FROM unit s JOIN unit b ON b.path = subpath(s.path, 0, 1)
     WHERE s.id = ${schoolId}::bigint AND b.kind = 'bureau'`.execute(db);
  return r.rows[0];
}

export const WATCH_ACCOUNT_NAME = '台账自动监测';
export const watchUsername = (bureauId: string) => `watch.${bureauId}`;

/**
 * The bureau's system account in whose name the registries' daily watch reports and lists
 * hazards (台账自动监测): a bureau_staff row that is disabled and has no password, so it can
 * never sign in. Made on first use; one per bureau (the username is unique).
 */
export async function ensureWatchAccount(trx: Trx, bureauId: string): Promise<string> {
  const username = watchUsername(bureauId);
  await sql`
    INSERT INTO app_user (username, display_name, title, role, unit_id, status)
    VALUES (${username}, ${WATCH_ACCOUNT_NAME}, '系统', 'bureau_staff', ${bureauId}::bigint, 'disabled')
    ON CONFLICT (username) WHERE username IS NOT NULL DO NOTHING`.execute(trx);
  const r = await trx.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return r.id;
}
