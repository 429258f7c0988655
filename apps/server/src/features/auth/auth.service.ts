import { sql } from 'kysely';
import { ROLE_LABELS, SECOND_FACTOR_ROLES, checkPasswordPolicy, type Role } from '@xiaoan/domain';
import type { Me, TotpSetup } from '@xiaoan/contracts';
import type { Db, Trx } from '../../db/database.js';
import type { SessionStage } from '../../db/schema.js';
import type { Config } from '../../config.js';
import type { Origin, RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { installBuiltinChecklists } from '../checklists/checklist.repository.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { createSession, deleteSession, deleteUserSessions, type SessionWithUser } from './session.repository.js';
import {
  advanceTotpStep,
  anySecurityAdmin,
  clearTotp,
  countRecoveryCodesLeft,
  enableTotp,
  findLoginAccount,
  isKnownLoginAddress,
  markLoggedIn,
  markSessionReauthenticated,
  rememberLoginAddress,
  replaceRecoveryCodes,
  setPassword,
  setPendingTotpSecret,
  useRecoveryCode,
  type LoginAccount,
} from './auth.repository.js';
import { clearLoginSlots, takeAccountSlot, takeAddressSlot } from './login-throttle.repository.js';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpEnrolment, verifyTotp } from './totp.js';

const WRONG = '用户名或密码错误';

/** Does this role have to sign in with a second factor? */
export const secondFactorRequired = (role: Role) => SECOND_FACTOR_ROLES.includes(role);

function lockedError(until: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', `登录失败次数过多，请在 ${minutesLeft(until)} 分钟后再试或联系管理员`, { lockedUntil: until.toISOString() });
}

/**
 * Signs a user in with the password. A wrong username and a wrong password answer
 * alike, in time and in words, and so do their locks (the throttle is keyed by the
 * typed name). Every attempt takes its throttle slot before the password is
 * compared, atomically, so racing attempts cannot check more than the limit. From
 * an address the owner signed in from before, attempts are slowed, never locked.
 * Returns the new session: full, or waiting for the second factor (or its first
 * enrolment, for the roles that require one).
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string },
  origin: Origin,
): Promise<{ token: string; csrfToken: string; userId: string; stage: SessionStage }> {
  const username = input.username.trim().toLowerCase();
  const user = await findLoginAccount(db, { username });

  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(
      db,
      { ip: origin.ip, requestId: origin.requestId, actor: user ? { userId: user.id, role: user.role, unitId: user.unit_id } : null },
      { action, objectType: 'app_user', objectId: user?.id ?? null, details: { username, ...details } },
    );

  const known = user ? await isKnownLoginAddress(db, user.id, origin.ip) : false;
  const slot = known ? await takeAddressSlot(db, username, origin.ip) : await takeAccountSlot(db, username, config.login);
  if (!slot.ok) {
    await verifyPassword(await dummyHash(), input.password);
    await audit('auth.login_failed', { reason: slot.kind });
    if (slot.kind === 'delayed') {
      const seconds = Math.max(1, Math.ceil((slot.until.getTime() - Date.now()) / 1000));
      throw new AppError('RATE_LIMITED', `尝试过于频繁，请 ${seconds} 秒后再试`, { retryAfterSeconds: seconds });
    }
    throw lockedError(slot.until);
  }

  const usable = !!user && !!user.password_hash && user.status === 'active';
  const ok = usable ? await verifyPassword(user.password_hash!, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!ok || !user) {
    await audit('auth.login_failed', { reason: !user ? 'unknown_user' : !usable ? (user.status !== 'active' ? 'disabled' : 'no_login') : 'wrong_password' });
    // The failure that used the last attempt says so at once, known name or not.
    if (slot.lastBeforeLock) throw lockedError(new Date(Date.now() + config.login.lockMinutes * 60_000));
    throw new AppError('INVALID_CREDENTIALS', WRONG);
  }

  const stage: SessionStage = user.totp_secret ? 'second_factor' : secondFactorRequired(user.role) ? 'enrol_second_factor' : 'full';
  return db.transaction().execute(async (trx) => {
    await clearLoginSlots(trx, username, origin.ip);
    if (stage === 'full') await finishLogin(trx, user.id, origin.ip);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3600_000);
    const s = await createSession(trx, { userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent, stage });
    await recordAudit(
      trx,
      { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } },
      { action: stage === 'full' ? 'auth.login' : 'auth.password_ok', objectType: 'app_user', objectId: user.id, details: stage === 'full' ? undefined : { next: stage } },
    );
    return { ...s, userId: user.id, stage };
  });
}

/** A sign-in is complete: the address becomes one the owner is known to use. */
async function finishLogin(trx: Trx, userId: string, ip: string): Promise<void> {
  await markLoggedIn(trx, userId);
  await rememberLoginAddress(trx, userId, ip);
}

function minutesLeft(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
}

/**
 * Checks a second-factor code (TOTP, or an unused recovery code) for the account.
 * Failures count toward the same account throttle as passwords, so codes cannot
 * be guessed either. Returns how it was proved.
 */
async function proveSecondFactor(db: Db, config: Config, user: LoginAccount, code: string, origin: Origin): Promise<'totp' | 'recovery_code'> {
  const username = user.username ?? `#${user.id}`;
  const slot = await takeAccountSlot(db, `2fa:${username}`, config.login);
  if (!slot.ok) throw lockedError(slot.until);
  const digits = code.replace(/\s/g, '');
  if (user.totp_secret && /^[0-9]{6}$/.test(digits)) {
    const step = await verifyTotp(user.totp_secret, digits, user.totp_last_step === null ? null : Number(user.totp_last_step));
    if (step !== null && (await advanceTotpStep(db, user.id, step))) {
      await clearLoginSlots(db, `2fa:${username}`);
      return 'totp';
    }
  } else if (user.totp_secret && (await useRecoveryCode(db, user.id, recoveryCodeHash(code)))) {
    await clearLoginSlots(db, `2fa:${username}`);
    return 'recovery_code';
  }
  await recordAudit(
    db,
    { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } },
    { action: 'auth.second_factor_failed', objectType: 'app_user', objectId: user.id },
  );
  throw invalid('动态验证码不正确或已使用', ['code: 动态验证码不正确或已使用']);
}

/**
 * The second step of signing in: the code from the authenticator app (or a recovery
 * code). The pending session is replaced by a new one (a fresh id once the user is
 * fully signed in).
 */
export async function completeSecondFactor(
  db: Db,
  config: Config,
  session: SessionWithUser,
  code: string,
  origin: Origin,
): Promise<{ token: string; csrfToken: string }> {
  if (session.stage !== 'second_factor') throw new AppError('CONFLICT', session.stage === 'full' ? '已完成登录' : '请先绑定动态验证码');
  const user = await findLoginAccount(db, { id: session.userId });
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  const how = await proveSecondFactor(db, config, user, code, origin);
  return upgradeSession(db, config, session, user, origin, { action: 'auth.login', details: { secondFactor: how } });
}

/** Replaces a pending session with a full one, in one transaction with the audit row. */
async function upgradeSession(
  db: Db,
  config: Config,
  session: SessionWithUser,
  user: LoginAccount,
  origin: Origin,
  entry: { action: string; details?: Record<string, unknown> },
): Promise<{ token: string; csrfToken: string }> {
  return db.transaction().execute(async (trx) => {
    await deleteSession(trx, session.sessionId);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3600_000);
    const s = await createSession(trx, { userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent, stage: 'full' });
    await finishLogin(trx, user.id, origin.ip);
    await recordAudit(
      trx,
      { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } },
      { action: entry.action, objectType: 'app_user', objectId: user.id, details: entry.details },
    );
    return s;
  });
}

/** Starts (or restarts) binding an authenticator app: a new secret, shown as a QR code, not yet in force. */
export async function startTotpEnrolment(db: Db, session: SessionWithUser): Promise<TotpSetup> {
  if (session.stage === 'second_factor') throw new AppError('SECOND_FACTOR_REQUIRED', '请先输入动态验证码完成登录');
  const user = await findLoginAccount(db, { id: session.userId });
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (user.totp_secret) throw new AppError('CONFLICT', '已绑定动态验证码；如需更换，请先解除绑定或联系安全管理员');
  const secret = newTotpSecret();
  await setPendingTotpSecret(db, user.id, secret);
  return { secret, ...(await totpEnrolment(user.username ?? user.id, secret)) };
}

/**
 * Binds the authenticator app once its first code checks out, and returns ten
 * recovery codes (shown once). A session that was waiting for this enrolment
 * becomes a full one.
 */
export async function finishTotpEnrolment(
  db: Db,
  config: Config,
  session: SessionWithUser,
  code: string,
  origin: Origin,
): Promise<{ recoveryCodes: string[]; session?: { token: string; csrfToken: string } }> {
  if (session.stage === 'second_factor') throw new AppError('SECOND_FACTOR_REQUIRED', '请先输入动态验证码完成登录');
  const user = await findLoginAccount(db, { id: session.userId });
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (user.totp_secret) throw new AppError('CONFLICT', '已绑定动态验证码');
  if (!user.totp_pending_secret) throw new AppError('CONFLICT', '请先获取绑定二维码');
  const step = await verifyTotp(user.totp_pending_secret, code, null);
  if (step === null) throw invalid('动态验证码不正确，请核对手机时间后重试', ['code: 动态验证码不正确']);
  const codes = newRecoveryCodes();
  const actor = { userId: user.id, role: user.role, unitId: user.unit_id };
  await db.transaction().execute(async (trx) => {
    await enableTotp(trx, user.id, user.totp_pending_secret!, step);
    await replaceRecoveryCodes(trx, user.id, codes.map(recoveryCodeHash));
    await recordAudit(trx, { ip: origin.ip, requestId: origin.requestId, actor }, { action: 'auth.totp_enabled', objectType: 'app_user', objectId: user.id });
  });
  if (session.stage === 'enrol_second_factor') {
    const s = await upgradeSession(db, config, session, user, origin, { action: 'auth.login', details: { secondFactor: 'enrolled' } });
    return { recoveryCodes: codes, session: s };
  }
  return { recoveryCodes: codes };
}

/** Unbinds one's own authenticator app: password and a current code; refused for the roles that require it. */
export async function disableTotp(db: Db, ctx: RequestContext, input: { password: string; code: string }, config: Config): Promise<void> {
  if (secondFactorRequired(ctx.actor.role)) {
    throw new AppError('FORBIDDEN', `“${ROLE_LABELS[ctx.actor.role]}”必须使用动态验证码登录，不能解除绑定`, { domainCode: 'SECOND_FACTOR_REQUIRED_FOR_ROLE' });
  }
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.totp_secret) throw new AppError('CONFLICT', '尚未绑定动态验证码');
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.password))) throw invalid('当前密码不正确', ['password: 当前密码不正确']);
  await proveSecondFactor(db, config, user, input.code, ctx);
  await db.transaction().execute(async (trx) => {
    await clearTotp(trx, user.id);
    await recordAudit(trx, ctx, { action: 'auth.totp_disabled', objectType: 'app_user', objectId: user.id });
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export async function regenerateRecoveryCodes(db: Db, ctx: RequestContext, code: string, config: Config): Promise<string[]> {
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.totp_secret) throw new AppError('CONFLICT', '尚未绑定动态验证码');
  await proveSecondFactor(db, config, user, code, ctx);
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, user.id, codes.map(recoveryCodeHash));
    await recordAudit(trx, ctx, { action: 'auth.recovery_codes_renewed', objectType: 'app_user', objectId: user.id });
  });
  return codes;
}

/** How long a re-authentication lets sensitive account changes through. */
export const REAUTH_WINDOW_MS = 5 * 60_000;

/**
 * Proves again who is at the keyboard (password, and a code when a second factor
 * is bound) before sensitive account changes; marks the session for a few minutes.
 */
export async function reauthenticate(
  db: Db,
  config: Config,
  ctx: RequestContext,
  sessionId: string,
  input: { password: string; code?: string },
): Promise<void> {
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.password_hash) throw new AppError('UNAUTHENTICATED', '请先登录');
  const slot = await takeAccountSlot(db, `reauth:${user.id}`, config.login);
  if (!slot.ok) throw lockedError(slot.until);
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await recordAudit(db, ctx, { action: 'auth.reauth_failed', objectType: 'app_user', objectId: user.id });
    throw invalid('当前密码不正确', ['password: 当前密码不正确']);
  }
  if (user.totp_secret) {
    if (!input.code) throw invalid('请输入动态验证码', ['code: 请输入动态验证码']);
    await proveSecondFactor(db, config, user, input.code, ctx);
  }
  await clearLoginSlots(db, `reauth:${user.id}`);
  await db.transaction().execute(async (trx) => {
    await markSessionReauthenticated(trx, sessionId);
    await recordAudit(trx, ctx, { action: 'auth.reauth', objectType: 'app_user', objectId: user.id });
  });
}

export async function logout(db: Db, ctx: RequestContext, sessionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, ctx, { action: 'auth.logout', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}

/** The signed-in user, with a summary of what it can see. */
export async function getMe(db: Db, ctx: RequestContext, session: Pick<SessionWithUser, 'csrfToken' | 'stage' | 'mustChangePassword'>): Promise<Me> {
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
      sql<boolean>`u.totp_secret IS NOT NULL`.as('totp_enabled'),
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
    csrfToken: session.csrfToken,
    authStage: session.stage,
    mustChangePassword: session.mustChangePassword,
    secondFactor: {
      enabled: u.totp_enabled,
      required: secondFactorRequired(role),
      recoveryCodesLeft: u.totp_enabled ? await countRecoveryCodesLeft(db, u.id) : 0,
    },
  };
}

/**
 * Changes the caller's password: the current one is asked for, and the new one
 * must pass the policy and differ from it. Clears a pending forced change. Every
 * session of the user ends (the caller signs in again).
 */
export async function changePassword(
  db: Db,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
  config: Pick<Config, 'demo'>,
): Promise<void> {
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw invalid('当前密码不正确', ['currentPassword: 当前密码不正确']);
  }
  const problems = checkPasswordPolicy(input.newPassword, user.username ?? undefined, { demo: config.demo });
  if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw invalid(`新密码不符合要求：${problems.join('；')}`, problems.map((p) => `newPassword: ${p}`));
  const hashed = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPassword(trx, ctx.actor.userId, hashed, false);
    await deleteUserSessions(trx, ctx.actor.userId);
    await recordAudit(trx, ctx, { action: 'auth.password_changed', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}

export async function isSetupRequired(db: Db): Promise<boolean> {
  return !(await anySecurityAdmin(db));
}

/**
 * First start of a production database: creates the district bureau and the first
 * security administrator, who then creates the system and audit administrators and
 * every other account (三员分立). Refused once a security administrator exists (no
 * default password anywhere).
 */
export async function setupFirstAdmin(
  db: Db,
  input: { bureauName: string; username: string; displayName: string; password: string },
  origin: Origin,
): Promise<void> {
  const problems = checkPasswordPolicy(input.password, input.username, { demo: false });
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, problems.map((p) => `password: ${p}`));
  const hashed = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    // Serialise concurrent set-ups: the second waits here, then sees the admin.
    await sql`SELECT pg_advisory_xact_lock(748213002)`.execute(trx);
    if (await anySecurityAdmin(trx)) throw new AppError('CONFLICT', '系统已完成初始化');
    const bureau =
      (await trx.selectFrom('unit').select('id').where('kind', '=', 'bureau').orderBy('id').executeTakeFirst()) ??
      (await trx.insertInto('unit').values({ kind: 'bureau', name: input.bureauName.trim() } as never).returning('id').executeTakeFirstOrThrow());
    const user = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        role: 'security_admin',
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
      { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: 'security_admin', unitId: bureau.id } },
      { action: 'setup.first_admin', objectType: 'app_user', objectId: user.id, details: { bureau: input.bureauName } },
    );
  });
}
