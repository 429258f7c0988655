/**
 * The one way the web app talks to the server: same-origin JSON, the CSRF header on
 * every state-changing request, server errors turned into ApiError with the server's
 * Chinese message. A 401 sends the user to the login page, and so does a sign-in that
 * is not finished (second factor, forced password change); a 403 REAUTH_REQUIRED asks
 * for the password again (the re-authentication modal) and retries the request once.
 */

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server answered 409 because the record changed since it was read. */
  get isStale(): boolean {
    return this.status === 409 && (this.details as { reason?: string } | undefined)?.reason === 'stale_version';
  }
}

const CSRF_COOKIE = 'xiaoan_csrf';
let csrfToken: string | null = null;

/** Remembers the token from the login answer or GET /api/auth/me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function readCookie(name: string): string | null {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

/** The CSRF header for a state-changing request made outside `request` (an upload with progress). */
export function csrfHeaders(): Record<string, string> {
  const token = csrfToken ?? readCookie(CSRF_COOKIE);
  return token ? { 'x-csrf-token': token } : {};
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/login')) {
    window.location.assign(`/login?next=${encodeURIComponent(here)}`);
  }
};

/** The app installs a handler that navigates inside the router instead of reloading. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** Answers that mean "finish signing in first": the login page picks up where the sign-in stopped. */
const SIGN_IN_INCOMPLETE = new Set(['SECOND_FACTOR_REQUIRED', 'PASSWORD_CHANGE_REQUIRED']);

/**
 * Asks the user to prove who they are again (password, and the code when bound);
 * resolves true once POST /api/auth/reauth succeeded, false when the user cancelled.
 */
type ReauthHandler = () => Promise<boolean>;
let onReauthRequired: ReauthHandler | null = null;
// Several requests refused at once share one prompt.
let reauthInFlight: Promise<boolean> | null = null;

/** The app installs the re-authentication modal here. */
export function setReauthHandler(handler: ReauthHandler | null): void {
  onReauthRequired = handler;
}

function reauthenticate(): Promise<boolean> {
  if (!onReauthRequired) return Promise.resolve(false);
  reauthInFlight ??= onReauthRequired().finally(() => {
    reauthInFlight = null;
  });
  return reauthInFlight;
}

type QueryValue = string | number | boolean | null | undefined;
/** A query value; an array becomes a repeated parameter (`state=a&state=b`). */
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** multipart/form-data (file upload); the browser sets the boundary. */
  form?: FormData;
  /**
   * A 401 (or an unfinished sign-in) here is an answer to show, not a reason to leave
   * the page: the login, second-factor and password-change steps themselves.
   */
  allow401?: boolean;
  /** Do not prompt for re-authentication on REAUTH_REQUIRED (the re-authentication request itself). */
  noReauth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
};

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? (v as readonly QueryValue[]) : [v as QueryValue]) {
      if (one === undefined || one === null || one === '') continue;
      params.append(k, String(one));
    }
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(path, opts);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'REAUTH_REQUIRED' || opts.noReauth || !onReauthRequired) throw e;
    if (!(await reauthenticate())) throw new ApiError('REAUTH_CANCELLED', '已取消：此操作须先验证您的身份', undefined, 403);
    // Once only: a second refusal is shown as it is.
    return send<T>(path, { ...opts, noReauth: true });
  }
}

async function send<T>(path: string, opts: RequestOptions): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET') Object.assign(headers, csrfHeaders());

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', undefined, 0);
  }

  const text = await res.text();
  const data = parseJson(text);
  if (!res.ok) throw responseError(res.status, data, opts.allow401);
  return data as T;
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The ApiError for a non-2xx answer; a 401, or a sign-in that still needs its second
 * factor or a password change, also sends the user to the login page (unless allowed).
 */
export function responseError(status: number, data: unknown, allow401?: boolean): ApiError {
  const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const apiError = new ApiError(err?.code ?? 'INTERNAL', err?.message ?? `服务器返回了意外的响应（${status}），请稍后重试`, err?.details, status);
  if (status === 401 && !allow401) {
    setCsrfToken(null);
    onUnauthorized();
  } else if (status === 403 && SIGN_IN_INCOMPLETE.has(apiError.code) && !allow401) {
    onUnauthorized();
  }
  return apiError;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  upload: <T>(path: string, form: FormData) => request<T>(path, { method: 'POST', form }),
};

/** A human message for any error a query or mutation can throw. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 404 && e.message.startsWith('接口不存在')) return `此功能的服务端接口尚未上线（${e.message}）`;
    return e.message;
  }
  if (e instanceof Error && e.message) return e.message;
  return '操作失败，请稍后重试';
}

/**
 * Validation details come as "field: reason" lines, or (hazard ledger) as
 * `details.fields: [{field, code, message}]`; returns them per field so a form can show
 * each reason under its input.
 */
export function fieldErrors(e: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(e instanceof ApiError)) return out;
  const fields = (e.details as { fields?: unknown } | null | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const f of fields as { field?: unknown; message?: unknown }[]) {
      if (typeof f?.field === 'string' && typeof f.message === 'string') (out[f.field] ??= []).push(f.message);
    }
    return out;
  }
  if (!Array.isArray(e.details)) return out;
  for (const line of e.details) {
    if (typeof line !== 'string') continue;
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    const field = line.slice(0, i);
    (out[field] ??= []).push(line.slice(i + 2));
  }
  return out;
}
