import { sql } from 'kysely';
import type { Role, Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
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

/** The signed-in user as the Me answer starts it: names, unit, department, whether a second factor is bound. */
export async function findProfile(db: DbOrTrx, userId: string) {
  const u = await db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .leftJoin('department as d', 'd.id', 'u.department_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'unit.id as unit_id', 'unit.name as unit_name', 'unit.kind as unit_kind'])
    .select(['d.id as dept_id', 'd.name as dept_name', sql<boolean>`u.totp_secret IS NOT NULL`.as('totp_enabled')])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    unit: { id: u.unit_id, name: u.unit_name, kind: u.unit_kind },
    department: u.dept_id ? { id: u.dept_id, name: u.dept_name ?? '' } : null,
    totpEnabled: u.totp_enabled,
  };
}

/** How many schools lie in the scope (0 for an empty scope). */
export async function countSchoolsInScope(db: DbOrTrx, scope: Scope): Promise<number> {
  if (scope.unitPaths.length === 0) return 0;
  const r = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'school')
    .where(sql<boolean>`path <@ ${sql.val(scope.unitPaths)}::ltree[]`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The active supervision teams the user is a member of, in their order. */
export async function findActiveTeamsOf(db: DbOrTrx, userId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('supervision_team_member as m')
    .innerJoin('supervision_team as t', 't.id', 'm.team_id')
    .select(['t.id', 't.name'])
    .where('m.user_id', '=', userId)
    .where('t.status', '=', 'active')
    .orderBy('t.sort_order')
    .execute();
}

/** Serialises concurrent first set-ups: the second waits here until the first commits. */
export async function lockSetup(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(748213002)`.execute(trx);
}

/** The district's bureau: the first one there is, else a new one with this name. */
export async function findOrCreateBureau(trx: Trx, name: string): Promise<{ id: string }> {
  return (
    (await trx.selectFrom('unit').select('id').where('kind', '=', 'bureau').orderBy('id').executeTakeFirst()) ??
    (await trx.insertInto('unit').values({ kind: 'bureau', name } as never).returning('id').executeTakeFirstOrThrow())
  );
}

/** The first security administrator of the bureau; returns its id. */
export async function insertSecurityAdmin(trx: Trx, a: { username: string; displayName: string; bureauId: string; passwordHash: string }): Promise<string> {
  const user = await trx
    .insertInto('app_user')
    .values({
      username: a.username,
      display_name: a.displayName,
      role: 'security_admin',
      unit_id: a.bureauId,
      password_hash: a.passwordHash,
      password_changed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}
