import type { FastifyInstance } from 'fastify';
import { Ajv, type Options, type SchemaValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { decimalPlaces, isDateInRange, isDateTimeInRange } from '@xiaoan/domain';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };

/**
 * Two validators: query strings and path parameters arrive as text and are coerced
 * to their schema types (`?page=2`); JSON bodies are taken as sent — a `null` stays
 * null instead of becoming 0 or "", and unknown fields are refused, never stripped.
 */
export function installValidators(app: FastifyInstance): void {
  const coercing = withInputLimits(addFormats(new Ajv({ ...common, coerceTypes: 'array' })));
  const exact = withInputLimits(addFormats(new Ajv({ ...common, coerceTypes: false })));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? exact : coercing).compile(schema),
  );
}

/** `maxDecimals: n` on a number or decimal string: 0.001 元 is refused, not rounded to 0 fen (see `decimalPlaces`). */
const validateMaxDecimals: SchemaValidateFunction = (limit: number, data: unknown) => {
  const places = typeof data === 'number' || typeof data === 'string' ? decimalPlaces(data) : null;
  if (places === null || places <= limit) return true;
  validateMaxDecimals.errors = [{ keyword: 'maxDecimals', params: { limit } }];
  return false;
};

/**
 * The input limits of packages/domain/src/input-limits.ts as schema vocabulary:
 * `format: 'date'` and `'date-time'` also require DATE_RANGE (ajv-formats' own
 * accept 9999-12-31, a due date that is never overdue), and `maxDecimals` bounds
 * the decimals of money. The messages are in error-handler.ts's FIELD_MESSAGES.
 */
function withInputLimits(ajv: Ajv): Ajv {
  ajv.addFormat('date', { type: 'string', validate: isDateInRange });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTimeInRange });
  ajv.addKeyword({ keyword: 'maxDecimals', type: ['number', 'string'], schemaType: 'number', errors: true, validate: validateMaxDecimals });
  return ajv;
}
