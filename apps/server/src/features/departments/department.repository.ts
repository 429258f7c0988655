import { sql } from 'kysely';
import type { Department } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';

/**
 * Departments (科室) belong to the district bureau: the district id, the first
 * label of a unit path, is the id of the bureau unit they hang on.
 */
function baseQuery(db: DbOrTrx, districtId: string) {
  return db.selectFrom('department as d').where('d.unit_id', '=', districtId);
}

const memberCount = sql<string>`(SELECT count(*) FROM app_user au WHERE au.department_id = d.id AND au.status = 'active')`;

function toDepartment(r: { id: string; name: string; status: 'active' | 'disabled'; member_count: string }): Department {
  return { id: r.id, name: r.name, status: r.status, memberCount: Number(r.member_count) };
}

/** Every department of the district, in the bureau's own order, with its number of active people. */
export async function findDepartments(db: DbOrTrx, districtId: string): Promise<Department[]> {
  const rows = await baseQuery(db, districtId)
    .select(['d.id', 'd.name', 'd.status', memberCount.as('member_count')])
    .orderBy('d.sort_order')
    .orderBy('d.id')
    .execute();
  return rows.map(toDepartment);
}

/** One department of the district, or undefined (another district's reads exactly like missing). */
export async function findDepartmentById(db: DbOrTrx, districtId: string, id: string): Promise<Department | undefined> {
  const r = await baseQuery(db, districtId)
    .select(['d.id', 'd.name', 'd.status', memberCount.as('member_count')])
    .where('d.id', '=', id)
    .executeTakeFirst();
  return r ? toDepartment(r) : undefined;
}

/** Appends a department at the end of the district's list. */
export async function insertDepartment(db: DbOrTrx, districtId: string, name: string): Promise<string> {
  const row = await db
    .insertInto('department')
    .values({
      unit_id: districtId,
      name,
      sort_order: sql<number>`(SELECT coalesce(max(sort_order), -1) + 1 FROM department WHERE unit_id = ${districtId})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDepartmentRow(
  db: DbOrTrx,
  id: string,
  changes: { name?: string; status?: 'active' | 'disabled' },
): Promise<void> {
  await db.updateTable('department').set(changes).where('id', '=', id).execute();
}
