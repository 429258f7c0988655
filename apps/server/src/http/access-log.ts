import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** One access-log line: what an operator greps for. JSON, one object per line. */
export type AccessLogLine = {
  time: string;
  reqId: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  bytes: number | undefined;
  ip: string;
  userId: string | undefined;
};

/**
 * The access log (XIAOAN_ACCESS_LOG): one JSON line per answered request, to standard output
 * or appended to a file (opened with O_APPEND, so `copytruncate` rotation is safe). Off by
 * default: the server log itself (LOG_LEVEL, warn by default) has no line per request.
 */
export function installAccessLog(app: FastifyInstance, target: Config['accessLog']): void {
  if (!target) return;
  let write: (line: string) => void;
  if (target === 'stdout') {
    write = (line) => void process.stdout.write(line);
  } else {
    const stream = fs.createWriteStream(target.file, { flags: 'a' });
    stream.on('error', (e) => app.log.error({ err: e }, 'access log write failed'));
    write = (line) => void stream.write(line);
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => stream.end(resolve));
    });
  }
  app.addHook('onResponse', async (req, reply) => {
    const length = reply.getHeader('content-length');
    const line: AccessLogLine = {
      time: new Date().toISOString(),
      reqId: req.id,
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      bytes: length === undefined ? undefined : Number(length),
      ip: req.ip,
      userId: req.session?.userId,
    };
    write(`${JSON.stringify(line)}\n`);
  });
}
