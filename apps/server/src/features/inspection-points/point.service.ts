import crypto from 'node:crypto';
import { itemApplies, periodOf, shanghaiDate, type ChecklistItem, type SchoolKind } from '@xiaoan/domain';
import type { CreatePointBody, PointCheckForm, PointSummary, UpdatePointBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findReportableUnit } from '../hazards/index.js';
import { findSchoolInScope } from '../units/index.js';
import {
  findChecklistVersions,
  findInspectionInPeriod,
  findPointByToken,
  findPoints,
  findPointVisible,
  findUsableChecklistIds,
  insertPoint,
  isActiveStaffOf,
  replacePointChecklists,
  unitPathOf,
  updatePointRow,
} from './point.repository.js';
import { renderPrintSheet } from './print-sheet.js';

/** An unguessable token for a point's QR code (rotating it invalidates printed codes). */
export const newQrToken = () => crypto.randomBytes(18).toString('base64url');

export async function listPoints(db: DbOrTrx, ctx: RequestContext, q: { schoolId?: string; includeRetired?: boolean; page?: number; pageSize?: number }) {
  return findPoints(db, ctx.scope, {
    ...(q.schoolId ? { schoolId: q.schoolId } : {}),
    ...(q.includeRetired ? { includeRetired: true } : {}),
    page: q.page ?? 1,
    pageSize: q.pageSize ?? 200,
  });
}

/** The A4 sheet of a school's QR codes (a school in the caller's scope, else 404). */
export async function printSheet(db: DbOrTrx, ctx: RequestContext, schoolId: string, baseUrl: string): Promise<string> {
  const school = await findSchoolInScope(db, ctx.scope, schoolId);
  if (!school) throw notFound('学校');
  const { items } = await listPoints(db, ctx, { schoolId: school.id, pageSize: 500 });
  return renderPrintSheet(school.name, items, baseUrl);
}

export async function getPoint(db: DbOrTrx, ctx: RequestContext, id: string): Promise<PointSummary> {
  const point = await findPointVisible(db, ctx.scope, id);
  if (!point) throw notFound('点位');
  return point;
}

/** A QR token resolves only to a point in the caller's scope; forged and other schools' tokens are one answer. */
export async function pointByToken(db: DbOrTrx, ctx: RequestContext, token: string): Promise<PointSummary> {
  const point = await findPointByToken(db, ctx.scope, token);
  if (!point || point.retiredOn) throw new AppError('NOT_FOUND', '二维码无效，或该点位不属于您的学校（或已停用）');
  return point;
}

async function checkChecklists(db: DbOrTrx, schoolPath: string, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const ok = await findUsableChecklistIds(db, schoolPath, unique);
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw invalid(`检查表不存在、已停用或不适用于该学校（${bad.join('、')}）`, { fields: [{ field: 'checklistIds', code: 'INVALID_INPUT', message: '检查表不可用' }] });
  return unique;
}

async function checkResponsible(db: DbOrTrx, schoolPath: string, userId: string | null | undefined) {
  if (!userId) return;
  if (!(await isActiveStaffOf(db, schoolPath, userId))) throw invalid('责任人须为本校在岗人员', { fields: [{ field: 'responsibleUserId', code: 'INVALID_INPUT', message: '责任人须为本校在岗人员' }] });
}

function duplicateName(e: unknown): never {
  if ((e as { code?: string; constraint?: string }).constraint === 'inspection_point_school_name_uq') {
    throw new AppError('CONFLICT', '本校已有同名点位', { fields: [{ field: 'name', code: 'DUPLICATE', message: '本校已有同名点位' }] });
  }
  throw e;
}

export async function createPoint(db: Db, ctx: RequestContext, body: CreatePointBody, now = new Date()): Promise<PointSummary> {
  const unit = await findReportableUnit(db, ctx.scope, body.unitId);
  if (!unit) throw notFound('学校或校区');
  const schoolPath = await unitPathOf(db, unit.school_id);
  const checklistIds = await checkChecklists(db, schoolPath, body.checklistIds);
  await checkResponsible(db, schoolPath, body.responsibleUserId);
  try {
    return await runCommand(db, ctx, {}, async (trx, emit) => {
      const id = await insertPoint(trx, { unit, body, qrToken: newQrToken(), activeFrom: shanghaiDate(now) });
      await replacePointChecklists(trx, id, checklistIds);
      await emit({ action: 'inspection_point.create', objectType: 'inspection_point', objectId: id, details: { name: body.name, frequency: body.frequency } });
      return getPoint(trx, ctx, id);
    });
  } catch (e) {
    return duplicateName(e);
  }
}

export async function updatePoint(db: Db, ctx: RequestContext, id: string, body: UpdatePointBody, now = new Date()): Promise<PointSummary> {
  const point = await getPoint(db, ctx, id);
  if (point.version !== body.version) throw staleVersion();
  if (point.retiredOn) throw new AppError('CONFLICT', '点位已停用，不能修改');
  const schoolPath = await unitPathOf(db, point.school.id);
  const checklistIds = body.checklistIds ? await checkChecklists(db, schoolPath, body.checklistIds) : null;
  if (body.responsibleUserId !== undefined) await checkResponsible(db, schoolPath, body.responsibleUserId);
  try {
    return await runCommand(db, ctx, {}, async (trx, emit) => {
      const updated = await updatePointRow(
        trx,
        id,
        body.version,
        {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.pointType !== undefined ? { pointType: body.pointType } : {}),
          ...(body.location !== undefined ? { location: body.location } : {}),
          ...(body.responsibleUserId !== undefined ? { responsibleUserId: body.responsibleUserId } : {}),
          ...(body.responsibleName !== undefined ? { responsibleName: body.responsibleName } : {}),
          ...(body.frequency !== undefined ? { frequency: body.frequency } : {}),
          ...(body.retired ? { retiredOn: shanghaiDate(now) } : {}),
        },
        now,
      );
      if (!updated) throw staleVersion();
      if (checklistIds) await replacePointChecklists(trx, id, checklistIds);
      await emit({ action: body.retired ? 'inspection_point.retire' : 'inspection_point.update', objectType: 'inspection_point', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version') } });
      return getPoint(trx, ctx, id);
    });
  } catch (e) {
    return duplicateName(e);
  }
}

/** A new QR token: codes already printed stop working (for a lost or copied sheet). */
export async function rotateToken(db: Db, ctx: RequestContext, id: string): Promise<PointSummary> {
  await getPoint(db, ctx, id);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await updatePointRow(trx, id, null, { qrToken: newQrToken() }, new Date());
    await emit({ action: 'inspection_point.rotate_token', objectType: 'inspection_point', objectId: id });
    return getPoint(trx, ctx, id);
  });
}

/** The check screen of a point: its current period and the items of its checklists that apply here. */
export async function checkForm(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<PointCheckForm> {
  const point = await getPoint(db, ctx, id);
  const today = shanghaiDate(now);
  const period = periodOf(point.frequency, today);
  const versions = await findChecklistVersions(db, point.checklists.map((c) => c.currentVersionId));
  const order = new Map(point.checklists.map((c, i) => [c.currentVersionId, i]));
  versions.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const done = await findInspectionInPeriod(db, id, period.key);
  const kind = point.school.schoolKind as SchoolKind | null;
  return {
    point,
    period,
    doneInPeriod: done ? { inspectionId: done.id, inspectedOn: done.inspected_on } : null,
    checklists: versions.map((v) => ({
      id: v.id,
      checklistId: v.checklist_id,
      title: v.title,
      domain: v.domain as PointCheckForm['checklists'][number]['domain'],
      versionNo: v.version_no,
      items: (v.items as ChecklistItem[]).filter((i) => itemApplies(i, kind, point.pointType)) as PointCheckForm['checklists'][number]['items'],
      createdAt: v.created_at.toISOString(),
    })),
  };
}
