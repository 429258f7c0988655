import { sql } from 'kysely';
import { BUILTIN_CHECKLISTS, type ChecklistItem, type Scope } from '@xiaoan/domain';
import type { ChecklistDetail, ChecklistSummary, ChecklistVersionDetail } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { updateVersioned } from '../../db/versioned.js';

/**
 * "This checklist is usable in the scope": owned by a unit above a scope root (the district's
 * library) or inside the scope (a school's own). An empty scope sees nothing.
 */
export function checklistVisible(column: string, scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  const paths = sql.val(scope.unitPaths);
  return sql<boolean>`(${sql.ref(column)} @> ${paths}::ltree[] OR ${sql.ref(column)} <@ ${paths}::ltree[])`;
}

type ChecklistRow = {
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

function checklistSelect(db: DbOrTrx) {
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

/** A checklist as listed, without what depends on the caller (`canEdit`, decided by the service). */
export type ChecklistListed = Omit<ChecklistSummary, 'canEdit'>;

function toListed(r: ChecklistRow): ChecklistListed {
  return {
    id: r.id,
    code: r.code,
    owner: { id: r.owner_unit_id, name: r.owner_name, kind: r.owner_kind },
    domain: r.domain as ChecklistSummary['domain'],
    title: r.title,
    description: r.description,
    pointTypes: r.point_types,
    basedOnId: r.based_on_id,
    currentVersionId: r.current_version_id,
    versionNo: r.version_no,
    itemCount: Number(r.item_count),
    status: r.status,
    version: r.version,
  } as ChecklistListed;
}

/** The checklists usable in the scope: active ones unless `includeArchived`, of a domain, fit for a point type (or for any). */
export async function findChecklists(db: DbOrTrx, scope: Scope, q: { domain?: string; pointType?: string; includeArchived?: boolean }): Promise<ChecklistListed[]> {
  let query = checklistSelect(db).where(checklistVisible('c.owner_unit_path', scope));
  if (!q.includeArchived) query = query.where('c.status', '=', 'active');
  if (q.domain !== undefined) query = query.where('c.domain', '=', q.domain);
  if (q.pointType !== undefined) query = query.where((eb) => eb.or([eb(sql`cardinality(c.point_types)`, '=', 0), eb(sql`${q.pointType}`, '=', sql`ANY(c.point_types)`)]));
  const rows = (await query.orderBy('o.kind').orderBy('c.domain').orderBy('c.id').execute()) as ChecklistRow[];
  return rows.map(toListed);
}

/** One checklist usable in the scope, or undefined. */
export async function findChecklistVisible(db: DbOrTrx, scope: Scope, id: string): Promise<ChecklistListed | undefined> {
  const row = (await checklistSelect(db).where('c.id', '=', id).where(checklistVisible('c.owner_unit_path', scope)).executeTakeFirst()) as ChecklistRow | undefined;
  return row && toListed(row);
}

/** The items of a version (the caller found its checklist in scope). */
export async function findVersionItems(db: DbOrTrx, versionId: string): Promise<ChecklistDetail['items']> {
  return (await db.selectFrom('checklist_version').select('items').where('id', '=', versionId).executeTakeFirstOrThrow()).items as ChecklistDetail['items'];
}

/** A version exactly as it was written, if its checklist is usable in the scope. */
export async function findVersionVisible(db: DbOrTrx, scope: Scope, versionId: string): Promise<ChecklistVersionDetail | undefined> {
  const v = await db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'cv.created_at', 'c.title', 'c.domain'])
    .where('cv.id', '=', versionId)
    .where(checklistVisible('c.owner_unit_path', scope))
    .executeTakeFirst();
  if (!v) return undefined;
  return { id: v.id, checklistId: v.checklist_id, title: v.title, domain: v.domain as ChecklistSummary['domain'], versionNo: v.version_no, items: v.items as ChecklistDetail['items'], createdAt: v.created_at.toISOString() };
}

/** The kind of a unit ('bureau', 'area', 'school', …). */
export async function findUnitKind(db: DbOrTrx, unitId: string): Promise<string> {
  return (await db.selectFrom('unit').select(['kind']).where('id', '=', unitId).executeTakeFirstOrThrow()).kind;
}

/** Updates the header (and the current version) at `version`; false when another edit came first. */
export async function updateChecklistRow(
  trx: Trx,
  id: string,
  version: number,
  c: { title?: string; description?: string; pointTypes?: string[]; status?: 'active' | 'archived'; currentVersionId?: string },
): Promise<boolean> {
  return updateVersioned(trx, 'checklist', id, version, {
    ...(c.title !== undefined ? { title: c.title.trim() } : {}),
    ...(c.description !== undefined ? { description: c.description.trim() } : {}),
    ...(c.pointTypes !== undefined ? { point_types: c.pointTypes } : {}),
    ...(c.status !== undefined ? { status: c.status } : {}),
    ...(c.currentVersionId ? { current_version_id: c.currentVersionId } : {}),
  });
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
