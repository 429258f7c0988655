import type { NextStepPeople } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';

/**
 * The names `nextActor` speaks of for a hazard: its unit, the active safety administrators of
 * its school (or campus), and the team assigned to its school (the first by sort order).
 * Called only for a hazard already read in the caller's scope.
 */
export async function findNextStepPeople(db: DbOrTrx, h: { unitId: string; unitName: string; schoolId: string }): Promise<NextStepPeople> {
  const [admins, team] = await Promise.all([
    db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('role', '=', 'school_admin')
      .where('status', '=', 'active')
      .where('unit_id', 'in', [...new Set([h.unitId, h.schoolId])])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('supervision_team_school as ts')
      .innerJoin('supervision_team as t', 't.id', 'ts.team_id')
      .select('t.name')
      .where('ts.school_unit_id', '=', h.schoolId)
      .where('t.status', '=', 'active')
      .orderBy('t.sort_order')
      .orderBy('t.id')
      .executeTakeFirst(),
  ]);
  return { unitName: h.unitName, schoolAdmins: admins.map((a) => ({ userId: a.id, name: a.display_name })), teamName: team?.name ?? null };
}
