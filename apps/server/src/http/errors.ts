import type { ErrorCode } from '@xiaoan/contracts';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SETUP_REQUIRED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IMPORT_INVALID: 422,
  RATE_LIMITED: 429,
  SECOND_FACTOR_REQUIRED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  REAUTH_REQUIRED: 403,
  INTERNAL: 500,
  DB_UNAVAILABLE: 503,
};

/** The one error type services throw; the error handler turns it into `{error:{code,message,details}}`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或不在您的权限范围内`);
export const staleVersion = () =>
  new AppError('CONFLICT', '该记录已被他人修改，请刷新后重试', { reason: 'stale_version' });
export const invalid = (message: string, details?: unknown) => new AppError('VALIDATION_FAILED', message, details);
/** The database is unreachable right now (down, restarting, failing over); the client may retry shortly. */
export const dbUnavailable = () => new AppError('DB_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { retryAfterSeconds: 5 });
