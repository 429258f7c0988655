import { sql } from 'kysely';
import type { Role } from '@xiaoan/domain';
import type { Db } from '../src/db/database.js';
import type { RequestContext } from '../src/http/context.js';

const pathOf = async (db: Db, unitId: string) => (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${unitId}`.execute(db)).rows[0]!.p;

/**
 * A request context for calling a service or the kernel directly, as the auth hook would
 * build it: the user at its unit, the scope that unit's subtree unless `scopeUnitIds`
 * (a team member's schools) is given.
 */
export async function contextFor(
  db: Db,
  user: { id: string; username: string },
  as: { role: Role; unitId: string; displayName?: string; scopeUnitIds?: readonly string[]; requestId: string },
): Promise<RequestContext> {
  const unitPath = await pathOf(db, as.unitId);
  const unitPaths = as.scopeUnitIds ? await Promise.all(as.scopeUnitIds.map((id) => pathOf(db, id))) : [unitPath];
  return {
    actor: { userId: user.id, username: user.username, displayName: as.displayName ?? user.username, role: as.role, unitId: as.unitId, unitPath, departmentId: null },
    scope: { unitPaths },
    ip: '127.0.0.1',
    requestId: as.requestId,
    reauthAt: new Date(),
  };
}
