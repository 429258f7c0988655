import type { AuditEvent } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { findAuditEvents, type AuditFilter } from './audit.repository.js';

/** The audit trail of the caller's scope: events whose actor's unit lies inside it. */
export async function listAuditEvents(
  db: Db,
  ctx: RequestContext,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: AuditEvent[]; total: number }> {
  return findAuditEvents(db, ctx.scope, filter, page);
}
