import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../http/context.js';
import type { DbOrTrx } from '../../db/database.js';
import type { SessionStage } from '../../db/schema.js';

export const sessionIdOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
export const newToken = () => crypto.randomBytes(32).toString('base64url');

export async function createSession(
  db: DbOrTrx,
  s: { userId: string; expiresAt: Date; ip: string; userAgent: string | undefined; stage?: SessionStage },
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await db
    .insertInto('user_session')
    .values({
      id: sessionIdOf(token),
      user_id: s.userId,
      csrf_token: csrfToken,
      expires_at: s.expiresAt,
      ip: s.ip || null,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
      stage: s.stage ?? 'full',
    })
    .execute();
  return { token, csrfToken };
}

/** The session and its user: the user's fields are the request's `Actor`. */
export type SessionWithUser = Actor & {
  sessionId: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  userStatus: 'active' | 'disabled';
  /** Not `full` until the second factor is passed (or first enrolled). */
  stage: SessionStage;
  /** A password set by someone else: nothing but changing it is allowed. */
  mustChangePassword: boolean;
  /** When the session last proved who it is (login, or re-authentication). */
  reauthAt: Date;
};

/** One query: the session, its user and the user's unit path. */
export async function findSession(db: DbOrTrx, token: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .select([
      's.id as sessionId',
      's.csrf_token as csrfToken',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      'u.id as userId',
      'u.username',
      'u.display_name as displayName',
      'u.role',
      'u.unit_id as unitId',
      sql<string>`unit.path::text`.as('unitPath'),
      'u.department_id as departmentId',
      'u.status as userStatus',
      's.stage',
      'u.must_change_password as mustChangePassword',
      's.reauth_at as reauthAt',
    ])
    .where('s.id', '=', sessionIdOf(token))
    .executeTakeFirst();
  return row ? { ...row, username: row.username ?? '', reauthAt: row.reauthAt } : undefined;
}

export async function touchSession(db: DbOrTrx, sessionId: string): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: sql`now()` }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: DbOrTrx, sessionId: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

/** Ends every session of a user (password change, account disabled). */
export async function deleteUserSessions(db: DbOrTrx, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
