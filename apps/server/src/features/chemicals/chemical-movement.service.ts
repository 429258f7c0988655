import { CHEMICAL_LIMITS, CHEMICAL_MOVEMENT_SIGN, chemicalMovementIssues, shanghaiDate, type ChemicalFieldIssue } from '@xiaoan/domain';
import type { ChemicalMovementDetail, ChemicalMovementListQuery, ChemicalMovementSummary, CreateChemicalMovementBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import {
  applyBalance,
  findBalance,
  findChemicalInScope,
  findMovementInScope,
  findMovements,
  findRelatedMovements,
  findSchoolMovement,
  findStoreInScope,
  insertMovement,
  lockStore,
} from './chemical.repository.js';
import { orNull, refuse, toMovementSummary, trimmed } from './chemical.service.js';

/**
 * The lifecycle of a chemical as movements (出入库): purchase with two approvers, receipt,
 * issue to a lesson, return, disposal. Each is checked by the domain against the store's
 * balance read under the store's row lock, written with the balance in one transaction, and
 * never changed afterwards (a wrong entry is corrected by a counter-movement).
 */

export async function listMovements(db: DbOrTrx, ctx: RequestContext, q: ChemicalMovementListQuery): Promise<{ items: ChemicalMovementSummary[]; total: number }> {
  const { rows, total } = await findMovements(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toMovementSummary), total };
}

export async function getMovement(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChemicalMovementDetail> {
  const row = await findMovementInScope(db, ctx.scope, id);
  if (!row) throw notFound('出入库记录');
  const related = await findRelatedMovements(db, row);
  return { movement: toMovementSummary(row), related: related.map(toMovementSummary), balance: await findBalance(db, row.store_id, row.chemical_id) };
}

/**
 * Records one movement at a store of the caller's school. Refused with every reason, nothing
 * written, when the input breaks a rule: a negative or zero quantity, an issue or disposal
 * larger than the balance, a receipt beyond its purchase, a return beyond its withdrawal, one
 * approver for a purchase, a controlled chemical received without a purchase.
 */
export async function recordMovement(db: Db, ctx: RequestContext, body: CreateChemicalMovementBody, now = new Date()): Promise<ChemicalMovementDetail> {
  const issues: ChemicalFieldIssue[] = [];
  const store = await findStoreInScope(db, ctx.scope, body.storeId);
  const chemical = await findChemicalInScope(db, ctx.scope, body.chemicalId);
  if (!store) issues.push({ field: 'storeId', message: '库房（柜）不存在或不在您的权限范围内' });
  else if (store.status !== 'active') issues.push({ field: 'storeId', message: `“${store.name}”已停用，不能再登记出入库` });
  if (!chemical) issues.push({ field: 'chemicalId', message: '危化品不存在或不在您的权限范围内' });
  else if (store && chemical.unit_id !== store.unit_id) issues.push({ field: 'chemicalId', message: `“${chemical.name}”不是${store.school_name}目录中的危化品` });
  if (issues.length > 0) throw refuse(issues);
  const s = store!;
  const c = chemical!;
  const today = shanghaiDate(now);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await lockStore(trx, s.id);
    const balance = await findBalance(trx, s.id, c.id);
    const purchase = body.purchaseId ? await findSchoolMovement(trx, s.unit_id, body.purchaseId) : undefined;
    const withdrawal = body.withdrawalId ? await findSchoolMovement(trx, s.unit_id, body.withdrawalId) : undefined;
    const found = chemicalMovementIssues(
      { ...body, teacher: body.kind === 'return' ? (orNull(body.teacher) ?? withdrawal?.teacher ?? null) : body.teacher },
      {
        chemical: { id: c.id, name: c.name, chemicalClass: c.chemical_class, unit: c.unit_of_measure },
        storeId: s.id,
        balance,
        today,
        role: ctx.actor.role,
        purchase: purchase?.kind === 'purchase' ? { id: purchase.id, chemicalId: purchase.chemical_id, storeId: purchase.store_id, outstanding: Number(purchase.outstanding ?? 0) } : null,
        withdrawal: withdrawal?.kind === 'withdraw' ? { id: withdrawal.id, chemicalId: withdrawal.chemical_id, storeId: withdrawal.store_id, outstanding: Number(withdrawal.outstanding ?? 0), teacher: withdrawal.teacher ?? '' } : null,
      },
    );
    if (found.length > 0) throw refuse(found);
    const k = body.kind;
    const pick = (yes: boolean, v: string | null | undefined) => (yes ? orNull(v) : null);
    const id = await insertMovement(trx, {
      unit_id: s.unit_id,
      unit_path: s.unit_path,
      store_id: s.id,
      chemical_id: c.id,
      kind: k,
      quantity: body.quantity.toFixed(3),
      on_date: body.onDate,
      approver_a: pick(k === 'purchase', body.approverA),
      approver_b: pick(k === 'purchase', body.approverB),
      supplier: pick(k === 'purchase' || k === 'receive', body.supplier),
      received_by: pick(k === 'receive', body.receivedBy),
      purchase_id: k === 'receive' ? (body.purchaseId ?? null) : null,
      teacher: k === 'withdraw' ? orNull(body.teacher) : k === 'return' ? (orNull(body.teacher) ?? withdrawal?.teacher ?? null) : null,
      lesson: pick(k === 'withdraw', body.lesson),
      second_person: pick(k === 'withdraw', body.secondPerson),
      withdrawal_id: k === 'return' ? (body.withdrawalId ?? null) : null,
      contractor: pick(k === 'dispose', body.contractor),
      manifest_no: pick(k === 'dispose', body.manifestNo),
      note: trimmed(body.note).slice(0, CHEMICAL_LIMITS.note),
      recorded_by: ctx.actor.userId,
    });
    const sign = CHEMICAL_MOVEMENT_SIGN[k];
    if (sign !== 0) await applyBalance(trx, s.id, c.id, sign * body.quantity);
    await emit({
      action: 'chemical.movement',
      objectType: 'chemical_movement',
      objectId: id,
      details: { schoolId: s.unit_id, storeId: s.id, chemicalId: c.id, kind: k, quantity: body.quantity, onDate: body.onDate, balanceBefore: balance },
    });
    return getMovement(trx, ctx, id);
  });
}
