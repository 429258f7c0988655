/**
 * The one way the web app talks to the server: same-origin JSON, the CSRF header on
 * every state-changing request, server errors turned into ApiError with the server's
 * Chinese message, and a 401 sends the user to the login page.
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

export type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** multipart/form-data (file upload); the browser sets the boundary. */
  form?: FormData;
  /** A 401 here is an answer to show, not a reason to leave the page (login, password change). */
  allow401?: boolean;
  signal?: AbortSignal;
};

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET') {
    const token = csrfToken ?? readCookie(CSRF_COOKIE);
    if (token) headers['x-csrf-token'] = token;
  }

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', undefined, 0);
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const apiError = new ApiError(
      err?.code ?? 'INTERNAL',
      err?.message ?? `服务器返回了意外的响应（${res.status}），请稍后重试`,
      err?.details,
      res.status,
    );
    if (res.status === 401 && !opts.allow401) {
      setCsrfToken(null);
      onUnauthorized();
    }
    throw apiError;
  }
  return data as T;
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
 * Validation details come as "field: reason" lines; returns them per field so a form
 * can show each reason under its input.
 */
export function fieldErrors(e: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return out;
  for (const line of e.details) {
    if (typeof line !== 'string') continue;
    const i = line.indexOf(': ');
    if (i <= 0) continue;
    const field = line.slice(0, i);
    (out[field] ??= []).push(line.slice(i + 2));
  }
  return out;
}
