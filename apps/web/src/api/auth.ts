/**
 * Signing in and the account's own security: password, second factor (TOTP) and its
 * recovery codes, re-authentication. Every call here allows a 401 or an unfinished
 * sign-in as an answer (the pages show it), and the ones that answer `Me` remember
 * the new session's CSRF token.
 */
import { request, setCsrfToken } from './client';
import type { Me, RecoveryCodes, TotpSetup } from './types';
import { forgetOfflineReads } from '../lib/serviceWorker';

const opts = { allow401: true } as const;

function remember(me: Me): Me {
  setCsrfToken(me.csrfToken);
  return me;
}

/** The session as it stands (full, or waiting for the second factor / its enrolment); 401 when there is none. */
export async function fetchSession(signal?: AbortSignal): Promise<Me> {
  return remember(await request<Me>('/api/auth/me', { ...opts, signal }));
}

export async function login(username: string, password: string): Promise<Me> {
  return remember(await request<Me>('/api/auth/login', { method: 'POST', body: { username, password }, ...opts }));
}

/** The second step: a 6-digit code from the authenticator app, or a recovery code. */
export async function submitSecondFactor(code: string): Promise<Me> {
  return remember(await request<Me>('/api/auth/second-factor', { method: 'POST', body: { code }, ...opts }));
}

export function startTotpSetup(): Promise<TotpSetup> {
  return request<TotpSetup>('/api/auth/totp/setup', { method: 'POST', ...opts });
}

/** Binds the app with its first code; the ten recovery codes come back once. */
export async function enableTotp(code: string): Promise<{ recoveryCodes: string[]; me: Me }> {
  const r = await request<{ recoveryCodes: string[]; me: Me }>('/api/auth/totp/enable', { method: 'POST', body: { code }, ...opts });
  remember(r.me);
  return r;
}

export function disableTotp(password: string, code: string): Promise<{ ok: true }> {
  return request('/api/auth/totp/disable', { method: 'POST', body: { password, code }, ...opts });
}

export function renewRecoveryCodes(code: string): Promise<RecoveryCodes> {
  return request<RecoveryCodes>('/api/auth/recovery-codes', { method: 'POST', body: { code }, ...opts });
}

/** Changing the password ends every session of the user: sign in again afterwards. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword }, ...opts });
  setCsrfToken(null);
  forgetOfflineReads();
}

export function reauthenticate(password: string, code?: string): Promise<{ ok: true }> {
  return request('/api/auth/reauth', { method: 'POST', body: code ? { password, code } : { password }, ...opts, noReauth: true });
}

export async function logout(): Promise<void> {
  try {
    await request('/api/auth/logout', { method: 'POST', ...opts });
  } catch {
    // Whatever the server says, this browser is leaving.
  }
  setCsrfToken(null);
}

/** Where a sign-in continues: the code step stays on the login page; the others have their own pages. */
export function nextStepPath(me: Me, next: string): string | null {
  const q = `?next=${encodeURIComponent(next)}`;
  if (me.authStage === 'second_factor') return null;
  if (me.authStage === 'enrol_second_factor') return `/login/enrol${q}`;
  if (me.mustChangePassword) return `/login/change-password${q}`;
  return next;
}
