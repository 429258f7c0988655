import { sql } from 'kysely';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

/**
 * A planned measure of school A1 of the district, written straight to the table (no sign-in:
 * the matrix signs in every role already, and sign-ins are rate limited).
 */
async function measureOf(db: Db, x: District): Promise<string> {
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('measure')
    .values({ unit_id: x.schoolA1.id, unit_path: school.path, title: '矩阵门卫值守制度', kind: 'rule', owner_name: '校长', due_on: '2030-01-10', created_by: x.users.schoolAdminA1.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The measures feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const measuresScope: ScopeFeature = {
  resources: {
    measure: async ({ db, d, other }) => ({ inside: await measureOf(db, d), outside: await measureOf(db, other) }),
  },
  bodies: {
    'POST /api/measures': (d) => ({ schoolId: d.schoolA1.id, title: '矩阵新增制度', kind: 'system', ownerName: '主任', dueOn: '2030-02-01' }),
    'PUT /api/measures/:id': () => ({ version: 1, title: '矩阵修改制度', kind: 'rule', ownerName: '校长', dueOn: '2030-01-10' }),
    'POST /api/measures/:id/status': () => ({ version: 1, to: 'in_progress' }),
  },
};
