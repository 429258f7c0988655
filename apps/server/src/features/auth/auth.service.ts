import { ROLE_LABELS, SECOND_FACTOR_ROLES, type AuditAction, type Role } from '@xiaoan/domain';
import type { TotpSetup } from '@xiaoan/contracts';
import type { Db, Trx } from '../../db/database.js';
import type { SessionStage } from '../../db/schema.js';
import type { Config } from '../../config.js';
import type { Origin, RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { runCommand } from '../../kernel/command.js';
import { dummyHash, verifyPassword } from './password.js';
import { createSession, deleteSession, type SessionWithUser } from './session.repository.js';
import {
  advanceTotpStep,
  clearTotp,
  enableTotp,
  findLoginAccount,
  isKnownLoginAddress,
  markLoggedIn,
  markSessionReauthenticated,
  rememberLoginAddress,
  replaceRecoveryCodes,
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

  // A refused attempt is recorded outside any write (and may have no actor: an
  // unknown name), so it is a plain audit row, not a command; it stays when the
  // request then fails.
  const audit = (action: AuditAction, details: Record<string, unknown>) =>
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
  // The password checked out: from here the account is the actor of the command.
  const ctx = { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } };
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await clearLoginSlots(trx, username, origin.ip);
    if (stage === 'full') await finishLogin(trx, user.id, origin.ip);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3600_000);
    const s = await createSession(trx, { userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent, stage });
    await emit({ action: stage === 'full' ? 'auth.login' : 'auth.password_ok', objectType: 'app_user', objectId: user.id, details: stage === 'full' ? undefined : { next: stage } });
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
  // A refused code writes nothing else: a plain audit row, not a command, kept when the request fails.
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
  entry: { action: 'auth.login'; details?: Record<string, unknown> },
): Promise<{ token: string; csrfToken: string }> {
  const ctx = { ip: origin.ip, requestId: origin.requestId, actor: { userId: user.id, role: user.role, unitId: user.unit_id } };
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await deleteSession(trx, session.sessionId);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3600_000);
    const s = await createSession(trx, { userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent, stage: 'full' });
    await finishLogin(trx, user.id, origin.ip);
    await emit({ action: entry.action, objectType: 'app_user', objectId: user.id, details: entry.details });
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
  await runCommand(db, { ip: origin.ip, requestId: origin.requestId, actor }, {}, async (trx, emit) => {
    await enableTotp(trx, user.id, user.totp_pending_secret!, step);
    await replaceRecoveryCodes(trx, user.id, codes.map(recoveryCodeHash));
    await emit({ action: 'auth.totp_enabled', objectType: 'app_user', objectId: user.id });
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
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await clearTotp(trx, user.id);
    await emit({ action: 'auth.totp_disabled', objectType: 'app_user', objectId: user.id });
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export async function regenerateRecoveryCodes(db: Db, ctx: RequestContext, code: string, config: Config): Promise<string[]> {
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.totp_secret) throw new AppError('CONFLICT', '尚未绑定动态验证码');
  await proveSecondFactor(db, config, user, code, ctx);
  const codes = newRecoveryCodes();
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await replaceRecoveryCodes(trx, user.id, codes.map(recoveryCodeHash));
    await emit({ action: 'auth.recovery_codes_renewed', objectType: 'app_user', objectId: user.id });
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
    // A refusal, written outside any write and kept when the request fails: not a command.
    await recordAudit(db, ctx, { action: 'auth.reauth_failed', objectType: 'app_user', objectId: user.id });
    throw invalid('当前密码不正确', ['password: 当前密码不正确']);
  }
  if (user.totp_secret) {
    if (!input.code) throw invalid('请输入动态验证码', ['code: 请输入动态验证码']);
    await proveSecondFactor(db, config, user, input.code, ctx);
  }
  await clearLoginSlots(db, `reauth:${user.id}`);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await markSessionReauthenticated(trx, sessionId);
    await emit({ action: 'auth.reauth', objectType: 'app_user', objectId: user.id });
  });
}

export async function logout(db: Db, ctx: RequestContext, sessionId: string): Promise<void> {
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await deleteSession(trx, sessionId);
    await emit({ action: 'auth.logout', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}
