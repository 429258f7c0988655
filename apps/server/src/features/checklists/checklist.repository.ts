import { sql } from 'kysely';
import { BUILTIN_CHECKLISTS, type ChecklistItem, type Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';

/**
 * "This checklist is usable in the scope": owned by a unit above a scope root (the district's
 * library) or inside the scope (a school's own). An empty scope sees nothing.
 */
export function checklistVisible(column: string, scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  const paths = sql.val(scope.unitPaths);
  return sql<boolean>`(${sql.ref(column)} @> ${paths}::ltree[] OR ${sql.ref(column)} <@ ${paths}::ltree[])`;
}

export type ChecklistRow = {
  id: string;
  code: string | null;
  owner_unit_id: string;
  owner_name: string;
  owner_kind: string;
  domain: string;
  title: string;
  description: string;
  point_types: string[];
  based_on_id: string | null;
  current_version_id: string;
  version_no: number;
  item_count: number;
  status: string;
  version: number;
};

export function checklistSelect(db: DbOrTrx) {
  return db
    .selectFrom('checklist as c')
    .innerJoin('unit as o', 'o.id', 'c.owner_unit_id')
    .innerJoin('checklist_version as cv', 'cv.id', 'c.current_version_id')
    .select([
      'c.id',
      'c.code',
      'c.owner_unit_id',
      'o.name as owner_name',
      'o.kind as owner_kind',
      'c.domain',
      'c.title',
      'c.description',
      'c.point_types',
      'c.based_on_id',
      sql<string>`c.current_version_id::text`.as('current_version_id'),
      'cv.version_no',
      sql<number>`jsonb_array_length(cv.items)`.as('item_count'),
      'c.status',
      'c.version',
    ]);
}

/** Creates a checklist and its first version; returns the checklist id. */
export async function insertChecklist(
  db: DbOrTrx,
  v: {
    code?: string | null;
    ownerUnitId: string;
    domain: string;
    title: string;
    description: string;
    pointTypes: readonly string[];
    basedOnId?: string | null;
    items: readonly ChecklistItem[];
    createdBy: string | null;
  },
): Promise<{ id: string; versionId: string }> {
  const c = await db
    .insertInto('checklist')
    .values({
      code: v.code ?? null,
      owner_unit_id: v.ownerUnitId,
      owner_unit_path: sql<string>`(SELECT path FROM unit WHERE id = ${v.ownerUnitId})` as never,
      domain: v.domain,
      title: v.title,
      description: v.description,
      point_types: [...v.pointTypes],
      based_on_id: v.basedOnId ?? null,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = await insertVersion(db, c.id, 1, v.items, v.createdBy);
  await db.updateTable('checklist').set({ current_version_id: versionId }).where('id', '=', c.id).execute();
  return { id: c.id, versionId };
}

export async function insertVersion(db: DbOrTrx, checklistId: string, versionNo: number, items: readonly ChecklistItem[], createdBy: string | null): Promise<string> {
  const row = await db
    .insertInto('checklist_version')
    .values({ checklist_id: checklistId, version_no: versionNo, items: JSON.stringify(items), created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Puts the built-in library (written from the seeds) into a bureau's checklists, once. */
export async function installBuiltinChecklists(db: DbOrTrx, bureauUnitId: string): Promise<number> {
  const existing = new Set(
    (await db.selectFrom('checklist').select('code').where('owner_unit_id', '=', bureauUnitId).where('code', 'is not', null).execute()).map((r) => r.code),
  );
  let n = 0;
  for (const c of BUILTIN_CHECKLISTS) {
    if (existing.has(c.code)) continue;
    await insertChecklist(db, {
      code: c.code,
      ownerUnitId: bureauUnitId,
      domain: c.domain,
      title: c.title,
      description: c.description,
      pointTypes: c.pointTypes,
      items: c.items,
      createdBy: null,
    });
    n++;
  }
  return n;
}
