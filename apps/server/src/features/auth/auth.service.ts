import { sql } from 'kysely';
import { ROLE_LABELS, checkPasswordPolicy, type Role } from '@xiaoan/domain';
import type { Me } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { Config } from '../../config.js';
import type { Origin, RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { installBuiltinChecklists } from '../checklists/checklist.repository.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { createSession, deleteSession, deleteUserSessions } from './session.repository.js';

const WRONG = '用户名或密码错误';

/**
 * Signs a user in. A wrong username and a wrong password answer alike; failures
 * count toward a lock (config.login) and every attempt is audited. Returns the
 * new session's token (a fresh id at every login) and CSRF token.
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string },
  origin: Origin,
): Promise<{ token: string; csrfToken: string; userId: string }> {
  const username = input.username.trim().toLowerCase();
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'role', 'unit_id', 'password_hash', 'status', 'locked_until', 'failed_login_count'])
    .where('username', '=', username)
    .executeTakeFirst();

  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(
      db,
      { ip: origin.ip, requestId: origin.requestId, actor: user ? { userId: user.id, role: user.role, unitId: user.unit_id } : null },
      { action, objectType: 'app_user', objectId: user?.id ?? null, details: { username, ...details } },
    );

  if (!user || !user.password_hash || user.status !== 'active') {
    await verifyPassword(await dummyHash(), input.password);
    await audit('auth.login_failed', { reason: !user ? 'unknown_user' : user.status !== 'active' ? 'disabled' : 'no_login' });
    throw new AppError('INVALID_CREDENTIALS', WRONG);
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await audit('auth.login_failed', { reason: 'locked' });
    throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请在 ${minutesLeft(user.locked_until)} 分钟后再试或联系管理员`, {
      lockedUntil: user.locked_until.toISOString(),
    });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const row = await db
      .updateTable('app_user')
      .set({
        failed_login_count: sql`failed_login_count + 1`,
        locked_until: sql`CASE WHEN failed_login_count + 1 >= ${config.login.maxFailures}
          THEN now() + make_interval(mins => ${config.login.lockMinutes}) ELSE locked_until END`,
      })
      .where('id', '=', user.id)
      .returning(['failed_login_count', 'locked_until'])
      .executeTakeFirstOrThrow();
    await audit('auth.login_failed', { reason: 'wrong_password', failures: row.failed_login_count });
    if (row.locked_until && row.locked_until.getTime() > Date.now()) {
      throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定 ${config.login.lockMinutes} 分钟`, {
        lockedUntil: row.locked_until.toISOString(),
      });
    }
    throw new AppError('INVALID_CREDENTIALS', WRONG);
  }

  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: sql`now()` })
      .where('id', '=', user.id)
      .execute();
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3600_000);
    const s = await createSession(trx, { userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent });
    await recordAudit(
      trx,
      { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } },
      { action: 'auth.login', objectType: 'app_user', objectId: user.id },
    );
    return { ...s, userId: user.id };
  });
}

function minutesLeft(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
}

export async function logout(db: Db, ctx: RequestContext, sessionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, ctx, { action: 'auth.logout', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}

/** The signed-in user, with a summary of what it can see. */
export async function getMe(db: Db, ctx: RequestContext, csrfToken: string): Promise<Me> {
  const u = await db
    .selectFrom('app_user as u')
    .innerJoin('unit', 'unit.id', 'u.unit_id')
    .leftJoin('department as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'unit.id as unit_id',
      'unit.name as unit_name',
      'unit.kind as unit_kind',
      'd.id as dept_id',
      'd.name as dept_name',
    ])
    .where('u.id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  const paths = ctx.scope.unitPaths;
  const schoolCount =
    paths.length === 0
      ? 0
      : Number(
          (
            await db
              .selectFrom('unit')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('kind', '=', 'school')
              .where(sql<boolean>`path <@ ${sql.val(paths)}::ltree[]`)
              .executeTakeFirstOrThrow()
          ).n,
        );
  const teams =
    u.role === 'team_member'
      ? await db
          .selectFrom('supervision_team_member as m')
          .innerJoin('supervision_team as t', 't.id', 'm.team_id')
          .select(['t.id', 't.name'])
          .where('m.user_id', '=', u.id)
          .where('t.status', '=', 'active')
          .orderBy('t.sort_order')
          .execute()
      : [];
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username ?? '',
    displayName: u.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    unit: { id: u.unit_id, name: u.unit_name, kind: u.unit_kind },
    department: u.dept_id ? { id: u.dept_id, name: u.dept_name ?? '' } : null,
    scope: {
      kind: role === 'team_member' ? 'teams' : 'subtree',
      description:
        role === 'team_member'
          ? teams.length
            ? `${teams.map((t) => t.name).join('、')}分配的 ${schoolCount} 所学校`
            : '尚未分配督查小组'
          : u.unit_kind === 'school' || u.unit_kind === 'campus'
            ? u.unit_name
            : `${u.unit_name}（${schoolCount} 所学校）`,
      unitCount: schoolCount,
      teams,
    },
    csrfToken,
  };
}

/** Changes the caller's password; every session of the user ends (the caller signs in again). */
export async function changePassword(
  db: Db,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await db
    .selectFrom('app_user')
    .select(['password_hash', 'username'])
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw invalid('当前密码不正确', ['currentPassword: 当前密码不正确']);
  }
  const problems = checkPasswordPolicy(input.newPassword, user.username ?? undefined);
  if (problems.length) throw invalid(`新密码不符合要求：${problems.join('；')}`, problems.map((p) => `newPassword: ${p}`));
  const hashed = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: hashed, password_changed_at: sql`now()`, updated_at: sql`now()`, version: sql`version + 1` })
      .where('id', '=', ctx.actor.userId)
      .execute();
    await deleteUserSessions(trx, ctx.actor.userId);
    await recordAudit(trx, ctx, { action: 'auth.password_changed', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}

export async function isSetupRequired(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_user').select('id').where('role', '=', 'system_admin').limit(1).executeTakeFirst();
  return !row;
}

/**
 * First start of a production database: creates the district bureau and the first
 * system admin. Refused once any system admin exists (no default password anywhere).
 */
export async function setupFirstAdmin(
  db: Db,
  input: { bureauName: string; username: string; displayName: string; password: string },
  origin: Origin,
): Promise<void> {
  const problems = checkPasswordPolicy(input.password, input.username);
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, problems.map((p) => `password: ${p}`));
  const hashed = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    // Serialise concurrent set-ups: the second waits here, then sees the admin.
    await sql`SELECT pg_advisory_xact_lock(748213002)`.execute(trx);
    const existing = await trx.selectFrom('app_user').select('id').where('role', '=', 'system_admin').limit(1).executeTakeFirst();
    if (existing) throw new AppError('CONFLICT', '系统已完成初始化');
    const bureau =
      (await trx.selectFrom('unit').select('id').where('kind', '=', 'bureau').orderBy('id').executeTakeFirst()) ??
      (await trx.insertInto('unit').values({ kind: 'bureau', name: input.bureauName.trim() } as never).returning('id').executeTakeFirstOrThrow());
    const user = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        role: 'system_admin',
        unit_id: bureau.id,
        password_hash: hashed,
        password_changed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The district starts with the built-in checklist library (written from the seeds).
    await installBuiltinChecklists(trx, bureau.id);
    await recordAudit(
      trx,
      { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: 'system_admin', unitId: bureau.id } },
      { action: 'setup.first_admin', objectType: 'app_user', objectId: user.id, details: { bureau: input.bureauName } },
    );
  });
}
