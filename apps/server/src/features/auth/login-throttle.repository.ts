import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/**
 * Login throttling, counted before the password is checked: each attempt first
 * takes a slot in one UPDATE … RETURNING (the row lock orders racing attempts), so
 * however many arrive at once, at most `maxFailures` passwords are ever compared
 * before the lock. Keys are the typed username, whether or not such an account
 * exists, so an unknown name locks and answers exactly like a known one.
 */
export type ThrottleSettings = { maxFailures: number; lockMinutes: number };

const accountKey = (username: string) => `u:${username}`;
const addressKey = (username: string, ip: string) => `a:${username}|${ip}`;

export type Slot = { ok: true; lastBeforeLock?: boolean } | { ok: false; kind: 'locked'; until: Date } | { ok: false; kind: 'delayed'; until: Date };

/**
 * The account-wide slot: refused while locked; after a lock expires, or after a
 * quiet spell as long as the lock, the count starts again at one. The attempt that
 * reaches the limit sets the lock (and is still checked; a success lifts it).
 */
export async function takeAccountSlot(db: DbOrTrx, username: string, s: ThrottleSettings): Promise<Slot> {
  const key = accountKey(username);
  await db.insertInto('login_throttle').values({ key }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const lock = sql`make_interval(mins => ${s.lockMinutes})`;
  const fresh = sql<boolean>`(locked_until IS NOT NULL AND locked_until <= now()) OR last_failure_at IS NULL OR last_failure_at < now() - ${lock}`;
  const row = await db
    .updateTable('login_throttle')
    .set({
      failures: sql`CASE WHEN ${fresh} THEN 1 ELSE failures + 1 END`,
      locked_until: sql`CASE WHEN (CASE WHEN ${fresh} THEN 1 ELSE failures + 1 END) >= ${s.maxFailures} THEN now() + ${lock} END`,
      last_failure_at: sql`now()`,
    })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .returning(['failures'])
    .executeTakeFirst();
  if (row) return { ok: true, lastBeforeLock: row.failures >= s.maxFailures };
  const held = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  return { ok: false, kind: 'locked', until: held?.locked_until ?? new Date() };
}

/**
 * The slot for the owner's own address (one it signed in from before): never a
 * lock, but a growing wait between attempts after the first three failures (1 s,
 * 2 s, 4 s … at most 5 minutes), so the owner is never locked out by someone
 * else's guessing and guessing from the owner's address stays slow.
 */
export async function takeAddressSlot(db: DbOrTrx, username: string, ip: string): Promise<Slot> {
  const key = addressKey(username, ip);
  await db.insertInto('login_throttle').values({ key }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db
    .updateTable('login_throttle')
    .set({
      failures: sql`failures + 1`,
      next_attempt_at: sql`now() + CASE WHEN failures < 3 THEN interval '0' ELSE least(interval '1 second' * power(2, failures - 3), interval '5 minutes') END`,
      last_failure_at: sql`now()`,
    })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', sql<Date>`now()`)]))
    .returning(['failures'])
    .executeTakeFirst();
  if (row) return { ok: true };
  const held = await db.selectFrom('login_throttle').select('next_attempt_at').where('key', '=', key).executeTakeFirst();
  return { ok: false, kind: 'delayed', until: held?.next_attempt_at ?? new Date() };
}

/** A successful login gives the slots back: the account's count and this address's delay start again. */
export async function clearLoginSlots(db: DbOrTrx, username: string, ip?: string): Promise<void> {
  const keys = [accountKey(username), ...(ip ? [addressKey(username, ip)] : [])];
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

/** A new password from an administrator lifts every lock and delay of the account. */
export async function clearAllLoginSlots(db: DbOrTrx, username: string): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where((eb) => eb.or([eb('key', '=', accountKey(username)), eb(sql<string>`left(key, ${username.length + 3})`, '=', `a:${username}|`)]))
    .execute();
}

/** The SQL expression "this account's lock, while it holds", for user lists. */
export function accountLockedUntil(usernameColumn: string) {
  return sql<Date | null>`(SELECT lt.locked_until FROM login_throttle lt WHERE lt.key = 'u:' || ${sql.ref(usernameColumn)} AND lt.locked_until > now())`;
}

/** Forgets throttle rows nobody has touched for a day (unknown usernames leave them behind). */
export async function pruneLoginThrottle(db: DbOrTrx): Promise<number> {
  const res = await db.deleteFrom('login_throttle').where('last_failure_at', '<', sql<Date>`now() - interval '1 day'`).executeTakeFirst();
  return Number(res.numDeletedRows);
}
