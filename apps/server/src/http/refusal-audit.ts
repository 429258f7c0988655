import type { FastifyInstance } from 'fastify';
import type { AuditAction } from '@xiaoan/domain';
import type { Db } from '../db/database.js';
import { recordAudit } from '../features/audit/audit.repository.js';
import { clientIp } from './auth-hook.js';

const ACTION_OF: Record<number, AuditAction> = { 403: 'access.denied', 409: 'request.conflict' };

/**
 * Refused attempts leave a trace: every 403 (a role or a CSRF check said no, a
 * climb was stopped) and every 409 (a stale version, a race lost) of the API is
 * recorded with who tried what. The refused write itself rolled back, so this
 * row is written on its own, before the answer leaves.
 */
export function installRefusalAudit(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const action = ACTION_OF[reply.statusCode];
    if (!action || !req.url.startsWith('/api/')) return payload;
    let code: string | undefined;
    try {
      code = typeof payload === 'string' ? (JSON.parse(payload) as { error?: { code?: string } }).error?.code : undefined;
    } catch {
      code = undefined;
    }
    const s = req.session;
    try {
      await recordAudit(
        db,
        { ip: clientIp(req), requestId: req.id, actor: s ? { userId: s.userId, role: s.role, unitId: s.unitId } : null },
        {
          action,
          objectType: 'request',
          objectId: null,
          details: { method: req.method, route: req.routeOptions.url ?? null, path: req.url.split('?')[0], code: code ?? null },
        },
      );
    } catch (e) {
      // The answer still goes out; a database that cannot take the row is reported by the health check.
      req.log.error({ err: e, reqId: req.id }, 'refusal audit failed');
    }
    return payload;
  });
}
