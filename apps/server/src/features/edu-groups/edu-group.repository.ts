import type { Scope } from '@xiaoan/domain';
import type { EduGroup } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/**
 * The education groups (教育集团) of a district, each with its member schools —
 * only the schools that lie in the scope, so a group never reveals schools the
 * caller may not see.
 */
export async function findEduGroups(db: DbOrTrx, districtId: string, scope: Scope, id?: string): Promise<EduGroup[]> {
  let q = db.selectFrom('edu_group as g').where('g.bureau_unit_id', '=', districtId);
  if (id) q = q.where('g.id', '=', id);
  const groups = await q.select(['g.id', 'g.name']).orderBy('g.name').orderBy('g.id').execute();
  if (groups.length === 0) return [];
  const schools = await db
    .selectFrom('unit')
    .select(['unit.id', 'unit.name', 'unit.edu_group_id'])
    .where('unit.kind', '=', 'school')
    .where('unit.edu_group_id', 'in', groups.map((g) => g.id))
    .where(inScope('unit.path', scope))
    .orderBy('unit.name')
    .orderBy('unit.id')
    .execute();
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    schools: schools.filter((s) => s.edu_group_id === g.id).map((s) => ({ id: s.id, name: s.name })),
  }));
}

export async function insertEduGroup(db: DbOrTrx, districtId: string, name: string): Promise<string> {
  const row = await db
    .insertInto('edu_group')
    .values({ bureau_unit_id: districtId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
