import { sql } from 'kysely';
import type { Role } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { SessionStage } from '../../db/schema.js';

/** What signing in needs to know about an account (the only read of the password hash). */
export type LoginAccount = {
  id: string;
  role: Role;
  unit_id: string;
  username: string | null;
  password_hash: string | null;
  status: 'active' | 'disabled';
  must_change_password: boolean;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
};

export async function findLoginAccount(db: DbOrTrx, by: { username: string } | { id: string }): Promise<LoginAccount | undefined> {
  let q = db
    .selectFrom('app_user')
    .select(['id', 'role', 'unit_id', 'username', 'password_hash', 'status', 'must_change_password', 'totp_secret', 'totp_pending_secret', 'totp_last_step']);
  q = 'username' in by ? q.where('username', '=', by.username) : q.where('id', '=', by.id);
  return q.executeTakeFirst();
}

/** Has the owner signed in successfully from this address before? */
export async function isKnownLoginAddress(db: DbOrTrx, userId: string, ip: string): Promise<boolean> {
  if (!ip) return false;
  const row = await db
    .selectFrom('user_login_address')
    .select('user_id')
    .where('user_id', '=', userId)
    .where(sql<boolean>`ip = ${ip}::inet`)
    .executeTakeFirst();
  return !!row;
}

export async function rememberLoginAddress(db: DbOrTrx, userId: string, ip: string): Promise<void> {
  if (!ip) return;
  await db
    .insertInto('user_login_address')
    .values({ user_id: userId, ip })
    .onConflict((oc) => oc.columns(['user_id', 'ip']).doUpdateSet({ last_success_at: sql`now()` }))
    .execute();
}

export async function markLoggedIn(db: DbOrTrx, userId: string): Promise<void> {
  await db.updateTable('app_user').set({ last_login_at: sql`now()` }).where('id', '=', userId).execute();
}

export async function setSessionStage(db: DbOrTrx, sessionId: string, stage: SessionStage): Promise<void> {
  await db.updateTable('user_session').set({ stage }).where('id', '=', sessionId).execute();
}

/** Marks the session as having just proved who it is (password, and the code when bound). */
export async function markSessionReauthenticated(db: DbOrTrx, sessionId: string): Promise<void> {
  await db.updateTable('user_session').set({ reauth_at: sql`now()` }).where('id', '=', sessionId).execute();
}

export async function setPassword(db: DbOrTrx, userId: string, hash: string, mustChange: boolean): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, password_changed_at: sql`now()`, must_change_password: mustChange, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', userId)
    .execute();
}

export async function setPendingTotpSecret(db: DbOrTrx, userId: string, secret: string): Promise<void> {
  await db.updateTable('app_user').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
}

/** Binds the pending secret as the account's second factor, with its first used step. */
export async function enableTotp(db: DbOrTrx, userId: string, secret: string, step: number): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: sql`now()`, totp_last_step: String(step), updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records a used time step, only if it is later than the last one: of two requests
 * racing with the same code, one wins.
 */
export async function advanceTotpStep(db: DbOrTrx, userId: string, step: number): Promise<boolean> {
  const res = await db
    .updateTable('app_user')
    .set({ totp_last_step: String(step) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function clearTotp(db: DbOrTrx, userId: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('user_recovery_code').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: DbOrTrx, userId: string, hashes: readonly string[]): Promise<void> {
  await db.deleteFrom('user_recovery_code').where('user_id', '=', userId).execute();
  await db
    .insertInto('user_recovery_code')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
    .execute();
}

/** Uses a recovery code once: true when it was unused (and is now used). */
export async function useRecoveryCode(db: DbOrTrx, userId: string, hash: string): Promise<boolean> {
  const res = await db
    .updateTable('user_recovery_code')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countRecoveryCodesLeft(db: DbOrTrx, userId: string): Promise<number> {
  const r = await db
    .selectFrom('user_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function anySecurityAdmin(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('app_user').select('id').where('role', '=', 'security_admin').limit(1).executeTakeFirst();
  return !!row;
}
