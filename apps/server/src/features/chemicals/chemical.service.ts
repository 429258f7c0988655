import {
  CHEMICAL_LIMITS,
  chemicalAllowedActions,
  chemicalInputIssues,
  isControlledChemical,
  type ChemicalFieldIssue,
} from '@xiaoan/domain';
import type { ChemicalDetail, ChemicalListQuery, ChemicalMovementSummary, ChemicalSummary, CreateChemicalBody, UpdateChemicalBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import {
  findChemicalByName,
  findChemicalInScope,
  findChemicals,
  findMovements,
  insertChemical,
  updateChemicalRow,
  type ChemicalRow,
  type MovementRow,
} from './chemical.repository.js';

/**
 * The chemicals catalogue (危化品目录) of each school, and what the chemicals' services share:
 * the answer shapes, the refusal of bad input, the school a write belongs to.
 */

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields; nothing is written. */
export function refuse(issues: readonly ChemicalFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

export const trimmed = (s: string | null | undefined): string => (s ?? '').trim();
export const orNull = (s: string | null | undefined): string | null => (trimmed(s) ? trimmed(s) : null);

/** The school a write names (the caller's own by default), active and in scope, or the issue. */
export async function schoolForWrite(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined): Promise<{ school?: { id: string; name: string; path: string }; issue?: ChemicalFieldIssue }> {
  const id = schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  const school = id ? await findSchoolInScope(db, ctx.scope, id, { active: true }) : undefined;
  return school ? { school } : { issue: { field: 'schoolId', message: '该学校不存在、已停用或不在您的权限范围内' } };
}

export function toChemicalSummary(r: ChemicalRow): ChemicalSummary {
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    name: r.name,
    casNo: r.cas_no,
    chemicalClass: r.chemical_class,
    controlled: isControlledChemical(r.chemical_class),
    unit: r.unit_of_measure,
    note: r.note,
    balance: Number(r.balance),
    stock: r.stock,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toMovementSummary(r: MovementRow): ChemicalMovementSummary {
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    storeId: r.store_id,
    storeName: r.store_name,
    chemicalId: r.chemical_id,
    chemicalName: r.chemical_name,
    chemicalClass: r.chemical_class,
    unit: r.unit_of_measure,
    kind: r.kind,
    quantity: Number(r.quantity),
    onDate: r.on_date,
    approverA: r.approver_a,
    approverB: r.approver_b,
    supplier: r.supplier,
    receivedBy: r.received_by,
    purchaseId: r.purchase_id,
    teacher: r.teacher,
    lesson: r.lesson,
    secondPerson: r.second_person,
    withdrawalId: r.withdrawal_id,
    contractor: r.contractor,
    manifestNo: r.manifest_no,
    note: r.note,
    recordedByName: r.recorded_by_name ?? '系统',
    outstanding: r.outstanding === null ? null : Number(r.outstanding),
    createdAt: r.created_at.toISOString(),
  };
}

export async function listChemicals(db: DbOrTrx, ctx: RequestContext, q: ChemicalListQuery): Promise<{ items: ChemicalSummary[]; total: number }> {
  const { rows, total } = await findChemicals(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toChemicalSummary), total };
}

export async function getChemical(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChemicalDetail> {
  const row = await findChemicalInScope(db, ctx.scope, id);
  if (!row) throw notFound('危化品');
  const { rows } = await findMovements(db, ctx.scope, { chemicalId: id }, { page: 1, pageSize: 50 });
  return { chemical: toChemicalSummary(row), allowedActions: chemicalAllowedActions(ctx.actor.role), movements: rows.map(toMovementSummary) };
}

const values = (b: CreateChemicalBody | UpdateChemicalBody) => ({
  name: trimmed(b.name),
  cas_no: trimmed(b.casNo),
  chemical_class: b.chemicalClass!,
  unit_of_measure: trimmed(b.unit),
  note: trimmed(b.note).slice(0, CHEMICAL_LIMITS.note),
});

async function duplicateIssue(db: DbOrTrx, schoolId: string, v: { name: string; cas_no: string }, exceptId?: string): Promise<ChemicalFieldIssue | null> {
  const dup = v.name ? await findChemicalByName(db, schoolId, v.name, v.cas_no, exceptId) : undefined;
  return dup ? { field: 'name', message: `本校目录中已有“${dup.name}”${v.cas_no ? `（CAS ${v.cas_no}）` : ''}` } : null;
}

/** A new catalogue entry of a school (the caller's own by default). */
export async function createChemical(db: Db, ctx: RequestContext, body: CreateChemicalBody): Promise<ChemicalDetail> {
  const { school, issue } = await schoolForWrite(db, ctx, body.schoolId);
  const issues = [...(issue ? [issue] : []), ...chemicalInputIssues(body)];
  const v = values(body);
  if (school && issues.length === 0) {
    const dup = await duplicateIssue(db, school.id, v);
    if (dup) issues.push(dup);
  }
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertChemical(trx, { ...v, unit_id: s.id, unit_path: s.path, created_by: ctx.actor.userId });
    await emit({ action: 'chemical.create', objectType: 'chemical', objectId: id, details: { schoolId: s.id, name: v.name, casNo: v.cas_no, chemicalClass: v.chemical_class } });
    return getChemical(trx, ctx, id);
  });
}

/** An edit of a catalogue entry under the version read; its movements keep pointing at it. */
export async function updateChemical(db: Db, ctx: RequestContext, id: string, body: UpdateChemicalBody): Promise<ChemicalDetail> {
  const row = await findChemicalInScope(db, ctx.scope, id);
  if (!row) throw notFound('危化品');
  if (row.version !== body.version) throw staleVersion();
  const issues = chemicalInputIssues(body);
  const v = values(body);
  const dup = issues.length === 0 ? await duplicateIssue(db, row.unit_id, v, id) : null;
  if (dup) issues.push(dup);
  if (issues.length > 0) throw refuse(issues);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateChemicalRow(trx, id, body.version, v))) throw staleVersion();
    await emit({ action: 'chemical.update', objectType: 'chemical', objectId: id, details: { name: v.name, casNo: v.cas_no, chemicalClass: v.chemical_class } });
    return getChemical(trx, ctx, id);
  });
}
