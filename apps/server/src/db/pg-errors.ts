/** PostgreSQL error codes the services turn into Chinese messages. */
export const uniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23505';
export const foreignKeyViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23503';

/** Socket-level codes of a connection that could not be made or was cut (Node's net errors). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin_shutdown
 * (also pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now
 * (starting up, in recovery), 53300 too_many_connections (a failover target filling up);
 * the whole class 08 (connection exception) is matched by prefix below.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Messages node-postgres and pg-pool give these situations without a code: the socket
 * ended under a client, a client that saw that is used again, a pool or client connect
 * timeout. "Cannot use a pool after calling end" is deliberately not here: that is our
 * own shutdown, not the database going away.
 */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /encountered a connection error and is not queryable/i,
];

/**
 * Whether an error means "the database is unreachable right now" (it went down, was
 * restarted, failed over, or our connection to it was terminated) rather than "this
 * request is wrong". Such errors answer 503 DB_UNAVAILABLE; the pool reconnects by
 * itself, so the same request may succeed a moment later. Looks through `cause`
 * chains and AggregateError (Node's multi-address connect) as well.
 */
export function isDbUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  const message = typeof err.message === 'string' ? err.message : '';
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDbUnavailable(x, depth + 1))) return true;
  return isDbUnavailable(err.cause, depth + 1);
}

/**
 * One line naming what went wrong, never "undefined": the message, else the code,
 * else String(e); followed by the cause chain (and the parts of an AggregateError).
 * For start-up failures, job failures and the ops commands.
 */
export function describeError(e: unknown, depth = 0): string {
  if (e === undefined || e === null) return '未知错误（没有错误对象）';
  if (typeof e !== 'object') return String(e);
  const err = e as { message?: unknown; code?: unknown; cause?: unknown; errors?: unknown; detail?: unknown };
  const message = typeof err.message === 'string' && err.message.trim() ? err.message.trim() : '';
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : '';
  let text = message ? (code && !message.includes(code) ? `${message}（${code}）` : message) : code || String(e);
  if (typeof err.detail === 'string' && err.detail) text += `：${err.detail}`;
  if (depth < 5) {
    if (Array.isArray(err.errors) && err.errors.length > 0 && !message) {
      text += `：${err.errors.map((x) => describeError(x, depth + 1)).join('；')}`;
    }
    if (err.cause !== undefined) text += ` ← 原因：${describeError(err.cause, depth + 1)}`;
  }
  return text;
}
