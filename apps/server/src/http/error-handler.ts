import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, dbUnavailable } from './errors.js';
import { describeError, isDbUnavailable } from '../db/pg-errors.js';
import { DATE_RANGE_MESSAGE, DATE_TIME_RANGE_MESSAGE } from '@xiaoan/domain';

type AjvIssue = { instancePath?: string; schemaPath?: string; keyword?: string; params?: Record<string, unknown>; message?: string };

/** The formats request schemas use, as a person reads them (validators.ts gives them their range). */
const FORMAT_MESSAGES: Record<string, string> = { date: DATE_RANGE_MESSAGE, 'date-time': DATE_TIME_RANGE_MESSAGE };
const DECIMALS = ['不能有小数', '最多一位小数', '最多两位小数'];
/** A request with thousands of bad items gets the first of them, not a message larger than the request. */
const MAX_LINES = 20;

const FIELD_MESSAGES: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段 ${String(p.missingProperty ?? '')}`,
  additionalProperties: (p) => `不允许的字段 ${String(p.additionalProperty ?? '')}`,
  minLength: (p) => `长度不能少于 ${String(p.limit)}`,
  maxLength: (p) => `长度不能超过 ${String(p.limit)}`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  pattern: () => '格式不正确',
  type: (p) => `类型应为 ${String(p.type)}`,
  format: (p) => FORMAT_MESSAGES[String(p.format)] ?? `格式应为 ${String(p.format)}`,
  maxDecimals: (p) => DECIMALS[Number(p.limit)] ?? `最多 ${String(p.limit)} 位小数`,
  enum: () => '取值不在允许范围内',
  const: () => '取值不在允许范围内',
  anyOf: () => '取值不在允许范围内',
  maxItems: (p) => `最多 ${String(p.limit)} 项`,
};

/**
 * A union (anyOf: a number or a decimal string, a date or null) whose value failed a
 * branch of its own type reports that failure alone: the other branches' "should be
 * null" and the union's own "no branch matched" would only bury `最多两位小数`.
 */
function withoutUnionNoise(issues: AjvIssue[]): AjvIssue[] {
  const drop = new Set<number>();
  issues.forEach((union, at) => {
    if (union.keyword !== 'anyOf' || !union.schemaPath) return;
    const prefix = `${union.schemaPath}/`;
    const here = union.instancePath ?? '';
    const typeMismatches: number[] = [];
    let specific = false;
    // Ajv reports a union's branch issues right before the union's own (one linear pass, however many items).
    for (let j = at - 1; j >= 0; j--) {
      const i = issues[j]!;
      if (!i.schemaPath?.startsWith(prefix) || !(i.instancePath ?? '').startsWith(here)) break;
      if (i.keyword === 'type' && (i.instancePath ?? '') === here) typeMismatches.push(j);
      else specific = true;
    }
    if (!specific) return;
    drop.add(at);
    for (const j of typeMismatches) drop.add(j);
  });
  return drop.size === 0 ? issues : issues.filter((_, at) => !drop.has(at));
}

/** Turns schema-validation issues into `field: reason` lines in Chinese. */
function describeValidation(context: string | undefined, issues: AjvIssue[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const relevant = withoutUnionNoise(issues);
  for (const i of relevant) {
    if (out.length === MAX_LINES) {
      out.push(`共 ${relevant.length} 处问题，仅列出前 ${MAX_LINES} 处`);
      break;
    }
    const field = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || context || '请求';
    const make = FIELD_MESSAGES[i.keyword ?? ''];
    const line = `${field}: ${make ? make(i.params ?? {}) : '取值不正确'}`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

/**
 * Errors the router raises before any route (and so before the error handler) runs:
 * a path that is not valid percent-encoded UTF-8 (`/api/hazards/%ED%A0%80`, half a
 * surrogate pair) answers in the API's shape instead of Fastify's own.
 */
export function answerFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message = err.code === 'FST_ERR_BAD_URL' ? '请求地址不正确：含有无效的字符编码' : '请求不正确';
  void reply.status(status).send({ error: { code: 'VALIDATION_FAILED', message, details: [`url: ${message}`] } });
}

/** One error handler for the whole API: AppErrors as they are, framework errors mapped, the rest a plain 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (err.validation) {
      const lines = describeValidation(err.validationContext, err.validation);
      return reply.status(400).send({
        error: { code: 'VALIDATION_FAILED', message: `请求数据不正确：${lines.join('；')}`, details: lines },
      });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' } });
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: '请求体不是有效的 JSON' } });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'VALIDATION_FAILED', message: '请求不正确' } });
    }
    if (isDbUnavailable(err)) {
      // Not a bug of this request: the pool reconnects by itself, so tell the client to retry.
      req.log.warn({ reqId: req.id, cause: describeError(err) }, 'database unavailable');
      const e = dbUnavailable();
      return reply.status(e.status).header('retry-after', '5').send({ error: { code: e.code, message: e.message, details: e.details } });
    }
    req.log.error({ err, reqId: req.id }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: `服务器内部错误（请求编号 ${req.id}）` } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` } });
  });
}
