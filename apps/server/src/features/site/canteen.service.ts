import { addDays, canteenStaffIssues, certificateStatus, shanghaiDate, SITE_EXPIRY_NOTICE_DAYS } from '@xiaoan/domain';
import type { CanteenStaffDetail, CanteenStaffListQuery, CanteenStaffSummary, CreateCanteenStaffBody, UpdateCanteenStaffBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findStaff, findStaffByIdNumber, findStaffInScope, insertStaff, updateStaffRow, type StaffRow } from './site.repository.js';
import { SITE_KINDS, editActions, hazardsOf, refuse, schoolFor, trimmed } from './site.service.js';

/**
 * Canteen staff (食堂从业人员) and their health certificates (持证上岗): the sweep reminds the
 * school 30 days before a certificate expires and opens a hazard when it has (cause
 * `expired:health:<expiry>`, so a renewed certificate that lapses again is a new one).
 * The ID number is shown whole only to the school's admin, masked to everyone else.
 */

const mask = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

export function toStaff(r: StaffRow, today: string, full: boolean): CanteenStaffSummary {
  const cert = certificateStatus({ status: r.status, certExpiresOn: r.cert_expires_on }, today);
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    name: r.name,
    idNumber: full ? r.id_number : mask(r.id_number),
    post: r.post,
    phone: r.phone,
    certNo: r.cert_no,
    certIssuedOn: r.cert_issued_on,
    certExpiresOn: r.cert_expires_on,
    certStatus: cert === 'inactive' ? null : cert,
    status: r.status,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

const seesFull = (ctx: RequestContext) => ctx.actor.role === 'school_admin';

export async function listCanteenStaff(db: DbOrTrx, ctx: RequestContext, q: CanteenStaffListQuery, now = new Date()): Promise<{ items: CanteenStaffSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findStaff(db, ctx.scope, { ...q, unitId: q.unitId ?? q.schoolId }, today, addDays(today, SITE_EXPIRY_NOTICE_DAYS), { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toStaff(r, today, seesFull(ctx))), total };
}

export async function getCanteenStaff(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<CanteenStaffDetail> {
  const row = await findStaffInScope(db, ctx.scope, id);
  if (!row) throw notFound('食堂从业人员');
  return { item: toStaff(row, shanghaiDate(now), seesFull(ctx)), hazards: await hazardsOf(db, SITE_KINDS.staff, id), allowedActions: editActions(ctx) };
}

function staffValues(b: Omit<CreateCanteenStaffBody, 'schoolId'>) {
  return {
    name: trimmed(b.name),
    id_number: trimmed(b.idNumber).toUpperCase(),
    post: b.post,
    phone: trimmed(b.phone),
    cert_no: trimmed(b.certNo),
    cert_issued_on: b.certIssuedOn,
    cert_expires_on: b.certExpiresOn,
  };
}

export async function createCanteenStaff(db: Db, ctx: RequestContext, body: CreateCanteenStaffBody, now = new Date()): Promise<CanteenStaffDetail> {
  const issues = canteenStaffIssues(body, shanghaiDate(now));
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  const v = staffValues(body);
  if (school && !issues.some((i) => i.field === 'idNumber') && (await findStaffByIdNumber(db, school.id, v.id_number))) issues.push({ field: 'idNumber', message: `${school.name}已登记身份证号为 ${mask(v.id_number)} 的从业人员` });
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertStaff(trx, { ...v, school_id: s.id, unit_path: s.path, created_by: ctx.actor.userId });
    await emit({ action: 'canteen_staff.create', objectType: 'canteen_staff', objectId: id, details: { schoolId: s.id, name: v.name, post: v.post, certExpiresOn: v.cert_expires_on } });
    return getCanteenStaff(trx, ctx, id, now);
  });
}

export async function updateCanteenStaff(db: Db, ctx: RequestContext, id: string, body: UpdateCanteenStaffBody, now = new Date()): Promise<CanteenStaffDetail> {
  const row = await findStaffInScope(db, ctx.scope, id);
  if (!row) throw notFound('食堂从业人员');
  if (row.version !== body.version) throw staleVersion();
  const issues = canteenStaffIssues(body, shanghaiDate(now));
  const v = staffValues(body);
  const other = issues.some((i) => i.field === 'idNumber') ? undefined : await findStaffByIdNumber(db, row.school_id, v.id_number);
  if (other && other !== id) issues.push({ field: 'idNumber', message: `${row.school_name}已登记身份证号为 ${mask(v.id_number)} 的从业人员` });
  if (issues.length > 0) throw refuse(issues);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateStaffRow(trx, id, body.version, { ...v, status: body.status ?? row.status }))) throw staleVersion();
    await emit({ action: 'canteen_staff.update', objectType: 'canteen_staff', objectId: id, details: { certExpiresOn: { from: row.cert_expires_on, to: v.cert_expires_on }, status: body.status ?? row.status } });
    return getCanteenStaff(trx, ctx, id, now);
  });
}
