import { can, validateChecklistItems, type ChecklistItem } from '@xiaoan/domain';
import type { ChecklistDetail, ChecklistSummary, ChecklistVersionDetail, CreateChecklistBody, UpdateChecklistBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  findChecklists,
  findChecklistVisible,
  findUnitKind,
  findVersionItems,
  findVersionVisible,
  insertChecklist,
  insertVersion,
  updateChecklistRow,
  type ChecklistListed,
} from './checklist.repository.js';

/** Only the owning unit's staff may change a checklist: the bureau's library by bureau staff, a school's own by its admin. */
function canEdit(ctx: RequestContext, ownerUnitId: string): boolean {
  return can(ctx.actor.role, 'checklist.manage') && ownerUnitId === ctx.actor.unitId;
}

const toSummary = (r: ChecklistListed, ctx: RequestContext): ChecklistSummary => ({ ...r, canEdit: canEdit(ctx, r.owner.id) });

function itemsProblem(items: readonly ChecklistItem[]): void {
  const errors = validateChecklistItems(items);
  if (errors.length) throw invalid(errors.join('；'), { fields: errors.map((message) => ({ field: 'items', code: 'INVALID_INPUT', message })) });
}

export async function listChecklists(db: Db, ctx: RequestContext, q: { domain?: unknown; pointType?: unknown; includeArchived?: boolean }) {
  const rows = await findChecklists(db, ctx.scope, {
    ...(typeof q.domain === 'string' ? { domain: q.domain } : {}),
    ...(typeof q.pointType === 'string' ? { pointType: q.pointType } : {}),
    ...(q.includeArchived ? { includeArchived: true } : {}),
  });
  const items = rows.map((r) => toSummary(r, ctx));
  return { items, total: items.length };
}

async function findVisible(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChecklistListed> {
  const row = await findChecklistVisible(db, ctx.scope, id);
  if (!row) throw notFound('检查表');
  return row;
}

export async function getChecklist(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChecklistDetail> {
  const row = await findVisible(db, ctx, id);
  return { checklist: toSummary(row, ctx), items: await findVersionItems(db, row.currentVersionId) };
}

/** A version exactly as it was written (what a finished inspection used), if its checklist is visible. */
export async function getChecklistVersion(db: DbOrTrx, ctx: RequestContext, versionId: string): Promise<ChecklistVersionDetail> {
  const v = await findVersionVisible(db, ctx.scope, versionId);
  if (!v) throw notFound('检查表版本');
  return v;
}

/** A new checklist owned by the caller's unit (the bureau's library, or the school's own). */
export async function createChecklist(db: Db, ctx: RequestContext, body: CreateChecklistBody, basedOnId: string | null = null): Promise<ChecklistDetail> {
  itemsProblem(body.items as readonly ChecklistItem[]);
  if ((await findUnitKind(db, ctx.actor.unitId)) === 'area') throw new AppError('FORBIDDEN', '片区账号不能建立检查表');
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
  if (!canEdit(ctx, row.owner.id)) throw new AppError('FORBIDDEN', '只能修改本单位的检查表；学校可复制区级检查表后增加本校检查项', { domainCode: 'NOT_OWNER' });
  if (row.version !== body.version) throw staleVersion();
  if (body.items) itemsProblem(body.items as readonly ChecklistItem[]);
  return db.transaction().execute(async (trx) => {
    let versionId: string | undefined;
    if (body.items) versionId = await insertVersion(trx, id, row.versionNo + 1, body.items as readonly ChecklistItem[], ctx.actor.userId);
    const updated = await updateChecklistRow(trx, id, body.version, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.pointTypes !== undefined ? { pointTypes: body.pointTypes } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(versionId ? { currentVersionId: versionId } : {}),
    });
    if (!updated) throw staleVersion();
    await recordAudit(trx, ctx, { action: 'checklist.update', objectType: 'checklist', objectId: id, details: { newVersion: versionId ? row.versionNo + 1 : null, status: body.status } });
    return getChecklist(trx, ctx, id);
  });
}
