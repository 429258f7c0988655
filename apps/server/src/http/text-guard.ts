import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INVALID_TEXT_MESSAGE, hasInvalidText } from '@xiaoan/domain';
import { invalid } from './errors.js';

/** Deeper than any request schema goes (a campaign's tasks' department ids are 4 levels). */
export const MAX_NESTING = 32;
/** A request with thousands of bad strings gets the first of them named. */
const MAX_LINES = 20;
/** Request headers the application stores (user_session.user_agent); the others are only compared. */
const STORED_HEADERS = ['user-agent'] as const;

/**
 * Every string, and every property name, in a parsed request part that holds U+0000 or
 * an unpaired surrogate, as `field: reason` lines named like the validators' (`title`,
 * `register.owner`, `plan.0.title`); and a refusal of nesting deeper than MAX_NESTING.
 * Iterative, not recursive: a body nested 100 000 levels deep must not overflow the stack.
 */
export function findInvalidText(value: unknown, context: string): string[] {
  const lines: string[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && lines.length < MAX_LINES) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasInvalidText(v)) lines.push(`${path || context}: ${INVALID_TEXT_MESSAGE}`);
      continue;
    }
    // Bytes (a raw body) are not text: a file's content is checked by what reads it.
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_NESTING) {
      // Named by its top-level field: the full path would be 32 segments long.
      lines.push(`${path.split('.')[0] || context}: 嵌套层级过深（最多 ${MAX_NESTING} 层）`);
      break;
    }
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    // Pushed in reverse, so the fields are reported in the order they were sent.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      if (hasInvalidText(key)) {
        lines.push(`${path || context}: 字段名${INVALID_TEXT_MESSAGE}`);
        continue;
      }
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return lines;
}

/** The 400 of hostile text: one `field: reason` line each (also used by the upload reader for form fields). */
export function refuse(lines: string[]): never {
  throw invalid(`请求数据不正确：${lines.join('；')}`, lines);
}

function headerLines(req: FastifyRequest): string[] {
  return STORED_HEADERS.flatMap((h) => {
    const v = req.headers[h];
    return typeof v === 'string' && hasInvalidText(v) ? [`${h}: ${INVALID_TEXT_MESSAGE}`] : [];
  });
}

/**
 * Text PostgreSQL cannot store (a NUL byte, half a surrogate pair) is refused with a 400
 * naming the field, for every route in one place, before validation and the handler:
 * otherwise it reached the INSERT (or a search's SQL) and came back as a 500.
 * Path parameters, the query string (`?q=%00`, decoded), the JSON body and the stored
 * headers are checked; multipart forms by the upload reader (http/upload.ts), as it reads them.
 */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const lines = [
      ...findInvalidText(req.params, 'params'),
      ...findInvalidText(req.query, 'querystring'),
      ...findInvalidText(req.body, 'body'),
      ...headerLines(req),
    ];
    if (lines.length > 0) refuse(lines.slice(0, MAX_LINES));
  });
}
