import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

type AjvIssue = { instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string };

const FIELD_MESSAGES: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段 ${String(p.missingProperty ?? '')}`,
  additionalProperties: (p) => `不允许的字段 ${String(p.additionalProperty ?? '')}`,
  minLength: (p) => `长度不能少于 ${String(p.limit)}`,
  maxLength: (p) => `长度不能超过 ${String(p.limit)}`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  pattern: () => '格式不正确',
  type: (p) => `类型应为 ${String(p.type)}`,
  format: (p) => `格式应为 ${String(p.format)}`,
  enum: () => '取值不在允许范围内',
  const: () => '取值不在允许范围内',
  anyOf: () => '取值不在允许范围内',
  maxItems: (p) => `最多 ${String(p.limit)} 项`,
};

/** Turns schema-validation issues into `field: reason` lines in Chinese. */
function describeValidation(context: string | undefined, issues: AjvIssue[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const i of issues) {
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
    req.log.error({ err, reqId: req.id }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: `服务器内部错误（请求编号 ${req.id}）` } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` } });
  });
}
