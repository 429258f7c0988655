import { Type, type Static, type TSchema } from 'typebox';

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
  Type.Literal('INTERNAL'),
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

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

/** A whole (unpaged) list in the list shape every list endpoint answers with. */
export function asPage<T>(items: T[]): { items: T[]; total: number } {
  return { items, total: items.length };
}

export const Ok = Type.Object({ ok: Type.Literal(true) });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
