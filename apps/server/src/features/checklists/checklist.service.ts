import { can, validateChecklistItems, type ChecklistItem } from '@xiaoan/domain';
import type { ChecklistDetail, ChecklistSummary, ChecklistVersionDetail, CreateChecklistBody, UpdateChecklistBody } from '@xiaoan/contracts';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { checklistSelect, checklistVisible, insertChecklist, insertVersion, type ChecklistRow } from './checklist.repository.js';

/** Only the owning unit's staff may change a checklist: the bureau's library by bureau staff, a school's own by its admin. */
function canEdit(ctx: RequestContext, ownerUnitId: string): boolean {
  return can(ctx.actor.role, 'checklist.manage') && ownerUnitId === ctx.actor.unitId;
}

function toSummary(r: ChecklistRow, ctx: RequestContext): ChecklistSummary {
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
    canEdit: canEdit(ctx, r.owner_unit_id),
  };
}

function itemsProblem(items: readonly ChecklistItem[]): void {
  const errors = validateChecklistItems(items);
  if (errors.length) throw invalid(errors.join('；'), { fields: errors.map((message) => ({ field: 'items', code: 'INVALID_INPUT', message })) });
}

export async function listChecklists(db: Db, ctx: RequestContext, q: { domain?: unknown; pointType?: unknown; includeArchived?: boolean }) {
  let query = checklistSelect(db).where(checklistVisible('c.owner_unit_path', ctx.scope));
  if (!q.includeArchived) query = query.where('c.status', '=', 'active');
  if (typeof q.domain === 'string') query = query.where('c.domain', '=', q.domain);
  if (typeof q.pointType === 'string') query = query.where((eb) => eb.or([eb(sql`cardinality(c.point_types)`, '=', 0), eb(sql`${q.pointType}`, '=', sql`ANY(c.point_types)`)]));
  const rows = (await query.orderBy('o.kind').orderBy('c.domain').orderBy('c.id').execute()) as ChecklistRow[];
  const items = rows.map((r) => toSummary(r, ctx));
  return { items, total: items.length };
}

async function findVisible(db: DbOrTrx, ctx: RequestContext, id: string) {
  const row = (await checklistSelect(db).where('c.id', '=', id).where(checklistVisible('c.owner_unit_path', ctx.scope)).executeTakeFirst()) as ChecklistRow | undefined;
  if (!row) throw notFound('检查表');
  return row;
}

export async function getChecklist(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChecklistDetail> {
  const row = await findVisible(db, ctx, id);
  const v = await db.selectFrom('checklist_version').select('items').where('id', '=', row.current_version_id).executeTakeFirstOrThrow();
  return { checklist: toSummary(row, ctx), items: v.items as ChecklistDetail['items'] };
}

/** A version exactly as it was written (what a finished inspection used), if its checklist is visible. */
export async function getChecklistVersion(db: DbOrTrx, ctx: RequestContext, versionId: string): Promise<ChecklistVersionDetail> {
  const v = await db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'cv.created_at', 'c.title', 'c.domain'])
    .where('cv.id', '=', versionId)
    .where(checklistVisible('c.owner_unit_path', ctx.scope))
    .executeTakeFirst();
  if (!v) throw notFound('检查表版本');
  return { id: v.id, checklistId: v.checklist_id, title: v.title, domain: v.domain as ChecklistSummary['domain'], versionNo: v.version_no, items: v.items as ChecklistDetail['items'], createdAt: v.created_at.toISOString() };
}

/** A new checklist owned by the caller's unit (the bureau's library, or the school's own). */
export async function createChecklist(db: Db, ctx: RequestContext, body: CreateChecklistBody, basedOnId: string | null = null): Promise<ChecklistDetail> {
  itemsProblem(body.items as readonly ChecklistItem[]);
  const owner = await db.selectFrom('unit').select(['kind']).where('id', '=', ctx.actor.unitId).executeTakeFirstOrThrow();
  if (owner.kind === 'area') throw new AppError('FORBIDDEN', '片区账号不能建立检查表');
  return db.transaction().execute(async (trx) => {
    const { id } = await insertChecklist(trx, {
      ownerUnitId: ctx.actor.unitId,
      domain: body.domain,
      title: body.title.trim(),
      description: body.description?.trim() ?? '',
      pointTypes: body.pointTypes ?? [],
      basedOnId,
      items: body.items as readonly ChecklistItem[],
      createdBy: ctx.actor.userId,
    });
    await recordAudit(trx, ctx, { action: 'checklist.create', objectType: 'checklist', objectId: id, details: { title: body.title, items: body.items.length, basedOnId } });
    return getChecklist(trx, ctx, id);
  });
}

/** A school's own copy of a district checklist, to which it adds its own items. */
export async function copyChecklist(db: Db, ctx: RequestContext, id: string): Promise<ChecklistDetail> {
  const src = await getChecklist(db, ctx, id);
  return createChecklist(
    db,
    ctx,
    {
      domain: src.checklist.domain,
      title: `${src.checklist.title}（本校）`.slice(0, 100),
      description: src.checklist.description,
      pointTypes: src.checklist.pointTypes as CreateChecklistBody['pointTypes'],
      items: src.items as CreateChecklistBody['items'],
    },
    id,
  );
}

/** Edits the header and, when items change, writes a new version (earlier inspections keep theirs). */
export async function updateChecklist(db: Db, ctx: RequestContext, id: string, body: UpdateChecklistBody): Promise<ChecklistDetail> {
  const row = await findVisible(db, ctx, id);
  if (!canEdit(ctx, row.owner_unit_id)) throw new AppError('FORBIDDEN', '只能修改本单位的检查表；学校可复制区级检查表后增加本校检查项', { domainCode: 'NOT_OWNER' });
  if (row.version !== body.version) throw staleVersion();
  if (body.items) itemsProblem(body.items as readonly ChecklistItem[]);
  return db.transaction().execute(async (trx) => {
    let versionId: string | undefined;
    if (body.items) versionId = await insertVersion(trx, id, row.version_no + 1, body.items as readonly ChecklistItem[], ctx.actor.userId);
    const updated = await trx
      .updateTable('checklist')
      .set({
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description.trim() } : {}),
        ...(body.pointTypes !== undefined ? { point_types: body.pointTypes } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(versionId ? { current_version_id: versionId } : {}),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw staleVersion();
    await recordAudit(trx, ctx, { action: 'checklist.update', objectType: 'checklist', objectId: id, details: { newVersion: versionId ? row.version_no + 1 : null, status: body.status } });
    return getChecklist(trx, ctx, id);
  });
}
