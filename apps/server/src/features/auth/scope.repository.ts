import { sql } from 'kysely';
import type { Role, Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';

/**
 * Resolves a user's scope. A supervision team member sees the union of the
 * schools assigned to its active teams; every other role sees its unit's subtree.
 */
export async function resolveScope(
  db: DbOrTrx,
  user: { userId: string; role: Role; unitPath: string },
): Promise<Scope> {
  if (user.role !== 'team_member') return { unitPaths: [user.unitPath] };
  const rows = await db
    .selectFrom('supervision_team_member as m')
    .innerJoin('supervision_team as t', 't.id', 'm.team_id')
    .innerJoin('supervision_team_school as s', 's.team_id', 'm.team_id')
    .innerJoin('unit as u', 'u.id', 's.school_unit_id')
    .select(sql<string>`u.path::text`.as('path'))
    .distinct()
    .where('m.user_id', '=', user.userId)
    .where('t.status', '=', 'active')
    .execute();
  return { unitPaths: rows.map((r) => r.path) };
}
