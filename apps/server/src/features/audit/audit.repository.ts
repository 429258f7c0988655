import { sql, type Selectable } from 'kysely';
import { auditActionLabel, type AuditAction, type Scope } from '@xiaoan/domain';
import type { AuditEvent } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { AuditEventTable } from '../../db/schema.js';
import type { RequestContext } from '../../http/context.js';
import { inScope } from '../../db/scope.js';

export type AuditEntry = {
  /** One of the closed set of actions (each has a Chinese label in the domain). */
  action: AuditAction;
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

export type AuditFilter = { action?: string; actorUserId?: string; from?: string; to?: string };

/**
 * The audit trail an audit administrator sees: events whose actor acted from a
 * unit inside its scope, and, for an audit administrator of a whole district (its
 * unit is a root of the tree), the events that belong to no unit (failed logins
 * with an unknown username, refusals before sign-in).
 */
function auditQuery(db: DbOrTrx, scope: Scope, filter: AuditFilter, seesUnitless: boolean) {
  let q = db
    .selectFrom('audit_event as e')
    .leftJoin('unit', 'unit.id', 'e.actor_unit_id')
    .leftJoin('app_user as au', 'au.id', 'e.actor_user_id')
    .where((eb) => (seesUnitless ? eb.or([inScope('unit.path', scope), eb('e.actor_unit_id', 'is', null)]) : inScope('unit.path', scope)));
  if (filter.action) q = q.where(sql<boolean>`starts_with(e.action, ${filter.action})`);
  if (filter.actorUserId) q = q.where('e.actor_user_id', '=', filter.actorUserId);
  // Dates are Beijing calendar days, both ends included.
  if (filter.from) q = q.where(sql<boolean>`e.at >= (${filter.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (filter.to) q = q.where(sql<boolean>`e.at < ((${filter.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  return q;
}

/** An audit row as selected below: the table's columns, and the actor's name. */
type AuditRow = Omit<Selectable<AuditEventTable>, 'actor_unit_id' | 'prev_hash'> & { actor_name: string | null };

const toAuditEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  actor: r.actor_user_id ? { id: r.actor_user_id, displayName: r.actor_name ?? '' } : null,
  actorRole: r.actor_role,
  action: r.action,
  actionLabel: auditActionLabel(r.action),
  objectType: r.object_type,
  objectId: r.object_id,
  ip: r.ip,
  requestId: r.request_id,
  details: r.details ?? null,
  seq: r.seq === null ? null : Number(r.seq),
  rowHash: r.row_hash,
});

function selectAuditColumns<Q extends ReturnType<typeof auditQuery>>(q: Q) {
  return q.select([
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
    'e.seq',
    'e.row_hash',
  ]);
}

/** One page of the audit trail, newest first, with the total under the same conditions. */
export async function findAuditEvents(
  db: DbOrTrx,
  scope: Scope,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
  seesUnitless: boolean,
): Promise<{ items: AuditEvent[]; total: number }> {
  const q = auditQuery(db, scope, filter, seesUnitless);
  const [rows, count] = await Promise.all([
    selectAuditColumns(q)
      .orderBy('e.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: (rows as AuditRow[]).map(toAuditEvent), total: Number(count.n) };
}

/** The same events for an export, newest first, in batches (keyset on id): memory stays flat however long the trail. */
export async function* streamAuditEvents(db: DbOrTrx, scope: Scope, filter: AuditFilter, seesUnitless: boolean, batch = 2000): AsyncGenerator<AuditEvent[]> {
  let before: string | null = null;
  for (;;) {
    let q = selectAuditColumns(auditQuery(db, scope, filter, seesUnitless));
    if (before !== null) q = q.where('e.id', '<', before);
    const rows = (await q.orderBy('e.id', 'desc').limit(batch).execute()) as AuditRow[];
    if (!rows.length) return;
    yield rows.map(toAuditEvent);
    before = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}

/** A link of the chain as the verifier reads it: the stored hashes and the content recomputed from the row. */
export type ChainLink = { id: string; seq: string | null; prevHash: string | null; rowHash: string | null; content: string };

/**
 * The chain in sequence order, from a sequence number on. The content is rebuilt
 * from the row's own columns here, in the same form the database hashed at commit
 * (the migration's audit_event_content), so an edited column shows as a changed
 * hash; the hashing itself is the verifier's, not the database's.
 */
export async function readChain(db: DbOrTrx, afterSeq: number, limit: number): Promise<ChainLink[]> {
  const rows = await db
    .selectFrom('audit_event as e')
    .select([
      'e.id',
      'e.seq',
      'e.prev_hash',
      'e.row_hash',
      sql<string>`json_build_array(
        e.seq::text, e.id::text, (extract(epoch FROM e.at) * 1000000)::bigint::text,
        e.actor_user_id::text, e.actor_role, e.actor_unit_id::text, e.action, e.object_type,
        e.object_id, host(e.ip), e.request_id, e.details::text)::text`.as('content'),
    ])
    .where('e.seq', '>', String(afterSeq))
    .orderBy('e.seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, seq: r.seq, prevHash: r.prev_hash, rowHash: r.row_hash, content: r.content }));
}

/** Rows that never joined the chain (written with the database's triggers switched off). */
export async function findUnchainedEvent(db: DbOrTrx): Promise<{ id: string } | undefined> {
  return db.selectFrom('audit_event').select('id').where('seq', 'is', null).orderBy('id').limit(1).executeTakeFirst();
}

export async function readChainHead(db: DbOrTrx): Promise<{ seq: number; hash: string; at: Date }> {
  const h = await db.selectFrom('audit_chain_head').select(['seq', 'hash', 'at']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(h.seq), hash: h.hash, at: h.at };
}

export async function findChainLink(db: DbOrTrx, seq: number): Promise<{ id: string; rowHash: string | null } | undefined> {
  const r = await db.selectFrom('audit_event').select(['id', 'row_hash']).where('seq', '=', String(seq)).executeTakeFirst();
  return r ? { id: r.id, rowHash: r.row_hash } : undefined;
}
