import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { AuditEvent } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { inScope } from '../auth/scope.repository.js';

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

export type AuditFilter = { action?: string; actorUserId?: string };

/**
 * Audit events whose actor acted from a unit inside the scope, newest first,
 * with the total under the same conditions. Events without an actor unit (a
 * failed login with an unknown username) belong to no scope and are not listed.
 */
export async function findAuditEvents(
  db: DbOrTrx,
  scope: Scope,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: AuditEvent[]; total: number }> {
  let q = db
    .selectFrom('audit_event as e')
    .innerJoin('unit', 'unit.id', 'e.actor_unit_id')
    .leftJoin('app_user as au', 'au.id', 'e.actor_user_id')
    .where(inScope('unit.path', scope));
  if (filter.action) q = q.where(sql<boolean>`starts_with(e.action, ${filter.action})`);
  if (filter.actorUserId) q = q.where('e.actor_user_id', '=', filter.actorUserId);
  const [rows, count] = await Promise.all([
    q
      .select([
        'e.id',
        'e.at',
        'e.actor_user_id',
        'au.display_name as actor_name',
        'e.actor_role',
        'e.action',
        'e.object_type',
        'e.object_id',
        sql<string | null>`host(e.ip)`.as('ip'),
        'e.request_id',
        'e.details',
      ])
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actor_user_id ? { id: r.actor_user_id, displayName: r.actor_name ?? '' } : null,
      actorRole: r.actor_role,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      ip: r.ip,
      requestId: r.request_id,
      details: r.details ?? null,
    })),
    total: Number(count.n),
  };
}
