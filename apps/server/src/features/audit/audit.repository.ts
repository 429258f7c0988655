import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';

export type AuditEntry = {
  action: string;
  objectType?: string;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
};

/**
 * Appends one audit event. Call it inside the transaction of the write it
 * describes, so that the write and its record commit or fail together.
 */
export async function recordAudit(
  db: DbOrTrx,
  ctx: Pick<RequestContext, 'ip' | 'requestId'> & { actor: Pick<RequestContext['actor'], 'userId' | 'role' | 'unitId'> | null },
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_user_id: ctx.actor?.userId ?? null,
      actor_role: ctx.actor?.role ?? null,
      actor_unit_id: ctx.actor?.unitId ?? null,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId == null ? null : String(entry.objectId),
      ip: ctx.ip || null,
      request_id: ctx.requestId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}
