import crypto from 'node:crypto';
import { sql } from 'kysely';
import { itemApplies, periodOf, shanghaiDate, type ChecklistItem, type Frequency, type PointType, type SchoolKind } from '@xiaoan/domain';
import type { CreatePointBody, PointCheckForm, PointSummary, UpdatePointBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { inScope } from '../../db/scope.js';
import { findReportableUnit } from '../hazards/hazard.repository.js';

/** An unguessable token for a point's QR code (rotating it invalidates printed codes). */
export const newQrToken = () => crypto.randomBytes(18).toString('base64url');

type PointRow = {
  id: string;
  version: number;
  unit_id: string;
  unit_name: string;
  school_id: string;
  school_name: string;
  school_kind: string | null;
  name: string;
  point_type: string;
  location: string;
  responsible_user_id: string | null;
  responsible_name: string;
  frequency: Frequency;
  qr_token: string;
  active_from: string;
  retired_on: string | null;
  unit_path: string;
};

export function pointSelect(db: DbOrTrx) {
  return db
    .selectFrom('inspection_point as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('unit as s', 's.id', 'p.school_id')
    .select([
      'p.id',
      'p.version',
      'p.unit_id',
      'u.name as unit_name',
      'p.school_id',
      's.name as school_name',
      's.school_kind',
      'p.name',
      'p.point_type',
      'p.location',
      'p.responsible_user_id',
      'p.responsible_name',
      'p.frequency',
      'p.qr_token',
      sql<string>`p.active_from::text`.as('active_from'),
      sql<string | null>`p.retired_on::text`.as('retired_on'),
      sql<string>`p.unit_path::text`.as('unit_path'),
    ]);
}

async function checklistsOf(db: DbOrTrx, pointIds: string[]) {
  if (!pointIds.length) return new Map<string, PointSummary['checklists']>();
  const rows = await db
    .selectFrom('inspection_point_checklist as pc')
    .innerJoin('checklist as c', 'c.id', 'pc.checklist_id')
    .select(['pc.point_id', 'c.id', 'c.title', 'c.domain', sql<string>`c.current_version_id::text`.as('current_version_id')])
    .where('pc.point_id', 'in', pointIds)
    .orderBy('pc.point_id')
    .orderBy('pc.sort_order')
    .execute();
  const map = new Map<string, PointSummary['checklists']>();
  for (const r of rows) {
    const list = map.get(r.point_id) ?? [];
    list.push({ id: r.id, title: r.title, domain: r.domain, currentVersionId: r.current_version_id });
    map.set(r.point_id, list);
  }
  return map;
}

function toSummary(r: PointRow, checklists: PointSummary['checklists']): PointSummary {
  return {
    id: r.id,
    version: r.version,
    unit: { id: r.unit_id, name: r.unit_name },
    school: { id: r.school_id, name: r.school_name, schoolKind: r.school_kind },
    name: r.name,
    pointType: r.point_type as PointType,
    location: r.location,
    responsibleUserId: r.responsible_user_id,
    responsibleName: r.responsible_name,
    frequency: r.frequency,
    checklists,
    qrPath: `/p/${r.qr_token}`,
    activeFrom: r.active_from,
    retiredOn: r.retired_on,
  };
}

export async function listPoints(db: DbOrTrx, ctx: RequestContext, q: { schoolId?: string; includeRetired?: boolean; page?: number; pageSize?: number }) {
  let query = pointSelect(db).where(inScope('p.unit_path', ctx.scope));
  if (q.schoolId) query = query.where('p.school_id', '=', q.schoolId);
  if (!q.includeRetired) query = query.where('p.retired_on', 'is', null);
  const pageSize = q.pageSize ?? 200;
  const page = q.page ?? 1;
  const [rows, count] = await Promise.all([
    query.orderBy('s.name').orderBy('p.id').limit(pageSize).offset((page - 1) * pageSize).execute() as Promise<PointRow[]>,
    db.selectFrom('inspection_point as p').select(sql<string>`count(*)`.as('n')).where(inScope('p.unit_path', ctx.scope))
      .$if(!!q.schoolId, (qb) => qb.where('p.school_id', '=', q.schoolId!))
      .$if(!q.includeRetired, (qb) => qb.where('p.retired_on', 'is', null))
      .executeTakeFirstOrThrow(),
  ]);
  const cl = await checklistsOf(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toSummary(r, cl.get(r.id) ?? [])), total: Number(count.n) };
}

export async function findPoint(db: DbOrTrx, ctx: RequestContext, id: string): Promise<PointRow> {
  const row = (await pointSelect(db).where('p.id', '=', id).where(inScope('p.unit_path', ctx.scope)).executeTakeFirst()) as PointRow | undefined;
  if (!row) throw notFound('点位');
  return row;
}

export async function getPoint(db: DbOrTrx, ctx: RequestContext, id: string): Promise<PointSummary> {
  const row = await findPoint(db, ctx, id);
  return toSummary(row, (await checklistsOf(db, [id])).get(id) ?? []);
}

/** A QR token resolves only to a point in the caller's scope; forged and other schools' tokens are one answer. */
export async function pointByToken(db: DbOrTrx, ctx: RequestContext, token: string): Promise<PointSummary> {
  const row = (await pointSelect(db).where('p.qr_token', '=', token).where(inScope('p.unit_path', ctx.scope)).executeTakeFirst()) as PointRow | undefined;
  if (!row || row.retired_on) throw new AppError('NOT_FOUND', '二维码无效，或该点位不属于您的学校（或已停用）');
  return toSummary(row, (await checklistsOf(db, [row.id])).get(row.id) ?? []);
}

async function checkChecklists(db: DbOrTrx, schoolPath: string, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('checklist')
    .select('id')
    .where('id', 'in', unique)
    .where('status', '=', 'active')
    .where(sql<boolean>`(owner_unit_path @> ${schoolPath}::ltree OR owner_unit_path <@ ${schoolPath}::ltree)`)
    .execute();
  const ok = new Set(rows.map((r) => r.id));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw invalid(`检查表不存在、已停用或不适用于该学校（${bad.join('、')}）`, { fields: [{ field: 'checklistIds', code: 'INVALID_INPUT', message: '检查表不可用' }] });
  return unique;
}

async function checkResponsible(db: DbOrTrx, schoolPath: string, userId: string | null | undefined) {
  if (!userId) return;
  const u = await db
    .selectFrom('app_user as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select('a.id')
    .where('a.id', '=', userId)
    .where('a.status', '=', 'active')
    .where(sql<boolean>`u.path <@ ${schoolPath}::ltree`)
    .executeTakeFirst();
  if (!u) throw invalid('责任人须为本校在岗人员', { fields: [{ field: 'responsibleUserId', code: 'INVALID_INPUT', message: '责任人须为本校在岗人员' }] });
}

async function schoolPathOf(db: DbOrTrx, schoolId: string) {
  return (await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', schoolId).executeTakeFirstOrThrow()).path;
}

async function writeChecklists(db: DbOrTrx, pointId: string, ids: readonly string[]) {
  await db.deleteFrom('inspection_point_checklist').where('point_id', '=', pointId).execute();
  await db.insertInto('inspection_point_checklist').values(ids.map((checklist_id, sort_order) => ({ point_id: pointId, checklist_id, sort_order }))).execute();
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
  const schoolPath = await schoolPathOf(db, unit.school_id);
  const checklistIds = await checkChecklists(db, schoolPath, body.checklistIds);
  await checkResponsible(db, schoolPath, body.responsibleUserId);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('inspection_point')
        .values({
          unit_id: unit.id,
          unit_path: unit.path,
          school_id: unit.school_id,
          name: body.name.trim(),
          point_type: body.pointType,
          location: body.location?.trim() ?? '',
          responsible_user_id: body.responsibleUserId ?? null,
          responsible_name: body.responsibleName?.trim() ?? '',
          frequency: body.frequency,
          qr_token: newQrToken(),
          active_from: shanghaiDate(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeChecklists(trx, row.id, checklistIds);
      await recordAudit(trx, ctx, { action: 'inspection_point.create', objectType: 'inspection_point', objectId: row.id, details: { name: body.name, frequency: body.frequency } });
      return getPoint(trx, ctx, row.id);
    });
  } catch (e) {
    return duplicateName(e);
  }
}

export async function updatePoint(db: Db, ctx: RequestContext, id: string, body: UpdatePointBody, now = new Date()): Promise<PointSummary> {
  const row = await findPoint(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  if (row.retired_on) throw new AppError('CONFLICT', '点位已停用，不能修改');
  const schoolPath = await schoolPathOf(db, row.school_id);
  const checklistIds = body.checklistIds ? await checkChecklists(db, schoolPath, body.checklistIds) : null;
  if (body.responsibleUserId !== undefined) await checkResponsible(db, schoolPath, body.responsibleUserId);
  try {
    return await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('inspection_point')
        .set({
          ...(body.name !== undefined ? { name: body.name.trim() } : {}),
          ...(body.pointType !== undefined ? { point_type: body.pointType } : {}),
          ...(body.location !== undefined ? { location: body.location.trim() } : {}),
          ...(body.responsibleUserId !== undefined ? { responsible_user_id: body.responsibleUserId } : {}),
          ...(body.responsibleName !== undefined ? { responsible_name: body.responsibleName.trim() } : {}),
          ...(body.frequency !== undefined ? { frequency: body.frequency } : {}),
          ...(body.retired ? { retired_on: shanghaiDate(now) } : {}),
          version: sql`version + 1`,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
      if (checklistIds) await writeChecklists(trx, id, checklistIds);
      await recordAudit(trx, ctx, { action: body.retired ? 'inspection_point.retire' : 'inspection_point.update', objectType: 'inspection_point', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version') } });
      return getPoint(trx, ctx, id);
    });
  } catch (e) {
    return duplicateName(e);
  }
}

/** A new QR token: codes already printed stop working (for a lost or copied sheet). */
export async function rotateToken(db: Db, ctx: RequestContext, id: string): Promise<PointSummary> {
  await findPoint(db, ctx, id);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('inspection_point').set({ qr_token: newQrToken(), version: sql`version + 1`, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'inspection_point.rotate_token', objectType: 'inspection_point', objectId: id });
    return getPoint(trx, ctx, id);
  });
}

/** The check screen of a point: its current period and the items of its checklists that apply here. */
export async function checkForm(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<PointCheckForm> {
  const point = await getPoint(db, ctx, id);
  const today = shanghaiDate(now);
  const period = periodOf(point.frequency, today);
  const versions = point.checklists.length
    ? await db
        .selectFrom('checklist_version as cv')
        .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
        .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'cv.created_at', 'c.title', 'c.domain'])
        .where('cv.id', 'in', point.checklists.map((c) => c.currentVersionId))
        .execute()
    : [];
  const order = new Map(point.checklists.map((c, i) => [c.currentVersionId, i]));
  versions.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const done = await db
    .selectFrom('inspection')
    .select(['id', sql<string>`inspected_on::text`.as('inspected_on')])
    .where('point_id', '=', id)
    .where('period_key', '=', period.key)
    .orderBy('id')
    .executeTakeFirst();
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
