import {
  addDays,
  certificateState,
  guardAllowedActions,
  guardInputIssues,
  guardShortcomings,
  maskIdNumber,
  normalizeIdNumber,
  shanghaiDate,
  CERTIFICATE_WARNING_DAYS,
  type GuardFieldIssue,
  type GuardInput,
} from '@xiaoan/domain';
import type { CreateGuardBody, GuardDetail, GuardListQuery, GuardSummary, UpdateGuardBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { registryHazardsOf } from '../registries/index.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { findGuardInScope, findGuards, idNumberTaken, insertGuard, updateGuardRow, type GuardRow } from './guard.repository.js';

/** The registry kind of a guard record (its hazards and reminders in the shared registry tables). */
export const GUARD_KIND = 'guard';

export function toGuardSummary(r: GuardRow, today: string, fullId = false): GuardSummary {
  const facts = { status: r.status, employment: r.employment, certificateExpiresOn: r.certificate_expires_on, backgroundCheckResult: r.background_check_result, annualReviewResult: r.annual_review_result };
  const shortcomings = guardShortcomings(facts, today);
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    name: r.name,
    idNumber: fullId ? r.id_number : maskIdNumber(r.id_number),
    phone: r.phone,
    employment: r.employment,
    post: r.post,
    certificateNo: r.certificate_no,
    certificateIssuedOn: r.certificate_issued_on,
    certificateExpiresOn: r.certificate_expires_on,
    certificateState: certificateState(r.certificate_expires_on, today),
    backgroundCheckOn: r.background_check_on,
    backgroundCheckResult: r.background_check_result,
    annualReviewYear: r.annual_review_year,
    annualReviewResult: r.annual_review_result,
    status: r.status,
    note: r.note,
    qualified: shortcomings.length === 0,
    shortcomings,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields. */
function refuse(issues: readonly GuardFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

export async function listGuards(db: DbOrTrx, ctx: RequestContext, q: GuardListQuery, now = new Date()): Promise<{ items: GuardSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findGuards(db, ctx.scope, q, today, addDays(today, CERTIFICATE_WARNING_DAYS), { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toGuardSummary(r, today)), total };
}

async function loadGuard(db: DbOrTrx, ctx: RequestContext, id: string): Promise<GuardRow> {
  const row = await findGuardInScope(db, ctx.scope, id);
  if (!row) throw notFound('保安员记录');
  return row;
}

export async function getGuard(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<GuardDetail> {
  const row = await loadGuard(db, ctx, id);
  const allowed = guardAllowedActions(ctx.actor.role);
  return {
    guard: toGuardSummary(row, shanghaiDate(now), allowed.includes('edit')),
    allowedActions: allowed,
    hazards: (await registryHazardsOf(db, GUARD_KIND, id)).map((h) => ({ hazardId: h.hazardId, cause: h.cause, title: h.title, state: h.state })),
  };
}

const trimmed = (s: string | null | undefined) => (s ?? '').trim();

function values(b: GuardInput) {
  return {
    name: trimmed(b.name),
    id_number: normalizeIdNumber(b.idNumber ?? ''),
    phone: trimmed(b.phone),
    employment: b.employment!,
    post: b.post!,
    certificate_no: trimmed(b.certificateNo),
    certificate_issued_on: b.certificateIssuedOn ?? null,
    certificate_expires_on: b.certificateExpiresOn!,
    background_check_on: b.backgroundCheckOn ?? null,
    background_check_result: b.backgroundCheckResult!,
    annual_review_year: b.annualReviewYear ?? null,
    annual_review_result: b.annualReviewResult!,
    status: b.status ?? 'active',
    note: trimmed(b.note),
  };
}

const DUPLICATE: GuardFieldIssue = { field: 'idNumber', message: '该身份证号已登记（一人一档，调动学校请修改原记录）' };

/** A unique-key violation on the ID number (a concurrent insert of the same person) answers like the check before it. */
function duplicateOr(e: unknown): never {
  if (e && typeof e === 'object' && (e as { constraint?: string }).constraint === 'guard_id_number_uq') throw refuse([DUPLICATE]);
  throw e;
}

/** A new guard of a school (the caller's own by default): every field checked, the ID number unique in the district. */
export async function createGuard(db: Db, ctx: RequestContext, body: CreateGuardBody, now = new Date()): Promise<GuardDetail> {
  const today = shanghaiDate(now);
  const schoolId = body.schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  const school = schoolId ? await findSchoolInScope(db, ctx.scope, schoolId, { active: true }) : undefined;
  const issues: GuardFieldIssue[] = [];
  if (!school) issues.push({ field: 'schoolId', message: '该学校不存在、已停用或不在您的权限范围内' });
  issues.push(...guardInputIssues(body, today));
  if (!issues.some((i) => i.field === 'idNumber') && (await idNumberTaken(db, normalizeIdNumber(body.idNumber!)))) issues.push(DUPLICATE);
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  const v = values(body);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertGuard(trx, { ...v, unit_id: s.id, unit_path: s.path, created_by: ctx.actor.userId }).catch(duplicateOr);
    await emit({ action: 'guard.create', objectType: 'guard', objectId: id, details: { schoolId: s.id, name: v.name, post: v.post, certificateExpiresOn: v.certificate_expires_on } });
    return getGuard(trx, ctx, id, now);
  });
}

/** An edit replaces the guard's fields under the version read (the school stays). */
export async function updateGuard(db: Db, ctx: RequestContext, id: string, body: UpdateGuardBody, now = new Date()): Promise<GuardDetail> {
  const row = await loadGuard(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const today = shanghaiDate(now);
  const issues = guardInputIssues(body, today);
  if (!issues.some((i) => i.field === 'idNumber') && (await idNumberTaken(db, normalizeIdNumber(body.idNumber!), id))) issues.push(DUPLICATE);
  if (issues.length > 0) throw refuse(issues);
  const v = values(body);
  const before: Record<string, unknown> = { ...row };
  const changed = Object.keys(v).filter((k) => before[k] !== (v as Record<string, unknown>)[k]);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateGuardRow(trx, id, body.version, v).catch(duplicateOr))) throw staleVersion();
    await emit({ action: 'guard.update', objectType: 'guard', objectId: id, details: { changed: changed.filter((k) => k !== 'id_number') } });
    return getGuard(trx, ctx, id, now);
  });
}
