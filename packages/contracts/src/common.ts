import { Type, type Static, type TSchema } from 'typebox';
import { DATE_RANGE } from '@xiaoan/domain';

export const ErrorCode = Type.Union([
  Type.Literal('VALIDATION_FAILED'),
  Type.Literal('UNAUTHENTICATED'),
  Type.Literal('SESSION_EXPIRED'),
  Type.Literal('INVALID_CREDENTIALS'),
  Type.Literal('ACCOUNT_LOCKED'),
  Type.Literal('FORBIDDEN'),
  Type.Literal('CSRF_INVALID'),
  Type.Literal('NOT_FOUND'),
  Type.Literal('CONFLICT'),
  Type.Literal('SETUP_REQUIRED'),
  Type.Literal('PAYLOAD_TOO_LARGE'),
  Type.Literal('UNSUPPORTED_MEDIA_TYPE'),
  Type.Literal('IMPORT_INVALID'),
  Type.Literal('RATE_LIMITED'),
  Type.Literal('SECOND_FACTOR_REQUIRED'),
  Type.Literal('PASSWORD_CHANGE_REQUIRED'),
  Type.Literal('REAUTH_REQUIRED'),
  Type.Literal('INTERNAL'),
  Type.Literal('DB_UNAVAILABLE'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: ErrorCode,
      message: Type.String({ description: '中文说明，可直接展示给用户' }),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }, { additionalProperties: false });

/**
 * Every number a request may carry has both bounds: a query's `page=1e309` (Infinity)
 * or `9223372036854775808`, a body's version of 2^40, would otherwise reach SQL and
 * overflow there (a 500) instead of being refused here (a 400).
 */
export const PAGE_MAX = 100_000;
/** PostgreSQL `integer`: the record versions and counters are stored as one. */
export const INT4_MAX = 2_147_483_647;

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

/** The version a record was read at (optimistic locking): a stale one is a 409 and changes nothing. */
export const Version = (description?: string) => Type.Integer({ minimum: 1, maximum: INT4_MAX, ...(description ? { description } : {}) });

/**
 * A calendar date of a request, 'YYYY-MM-DD' in Asia/Shanghai, inside DATE_RANGE
 * (packages/domain/src/input-limits.ts). The server's validators give `format: 'date'`
 * that meaning: a real date (not 2026-02-30) within the range (not 9999-12-31).
 */
export const CalendarDate = Type.String({
  format: 'date',
  description: `日历日期 YYYY-MM-DD（北京时间），${DATE_RANGE.min} 至 ${DATE_RANGE.max}`,
});

/** An instant of a request: RFC 3339 with an offset, on a date inside DATE_RANGE. */
export const DateTime = Type.String({ format: 'date-time', description: `带时区的时间（RFC 3339），${DATE_RANGE.min} 至 ${DATE_RANGE.max}` });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

/** A whole (unpaged) list in the list shape every list endpoint answers with. */
export function asPage<T>(items: T[]): { items: T[]; total: number } {
  return { items, total: items.length };
}

export const Ok = Type.Object({ ok: Type.Literal(true) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
