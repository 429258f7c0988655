import { sql } from 'kysely';
import {
  can,
  HAZARD_SOURCE_LABELS,
  itemApplies,
  periodOf,
  shanghaiDate,
  addDays,
  tally,
  validateAnswers,
  type ChecklistItem,
  type Frequency,
  type PointType,
  type SchoolKind,
  type VersionItems,
} from '@xiaoan/domain';
import type { CreateInspectionBody, InspectionDetail, InspectionSummary, RaiseHazardBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { inScope } from '../../db/scope.js';
import { findIdempotentResponse, requestHash, saveIdempotentResponse } from '../idempotency/idempotency.repository.js';
import { findReportableUnit } from '../hazards/hazard.repository.js';
import { createHazard } from '../hazards/hazard.service.js';

const ROUTE = 'POST /api/inspections';
/** How far back a check may be dated: a phone that was offline for a while still delivers its queue. */
export const MAX_BACKDATE_DAYS = 14;

type SummaryRow = {
  id: string;
  kind: InspectionSummary['kind'];
  unit_id: string;
  unit_name: string;
  school_id: string;
  school_name: string;
  point_id: string | null;
  point_name: string | null;
  period_key: string | null;
  inspected_on: string;
  started_via: 'qr' | 'app';
  inspector_user_id: string;
  inspector_name: string;
  pass_count: number;
  fail_count: number;
  na_count: number;
  score: string | null;
  corrects_id: string | null;
  visit_id: string | null;
  submitted_at: Date;
};

export function inspectionSelect(db: DbOrTrx) {
  return db
    .selectFrom('inspection as i')
    .innerJoin('unit as u', 'u.id', 'i.unit_id')
    .innerJoin('unit as s', 's.id', 'i.school_id')
    .innerJoin('app_user as a', 'a.id', 'i.inspector_user_id')
    .leftJoin('inspection_point as p', 'p.id', 'i.point_id')
    .select([
      'i.id',
      'i.kind',
      'i.unit_id',
      'u.name as unit_name',
      'i.school_id',
      's.name as school_name',
      'i.point_id',
      'p.name as point_name',
      'i.period_key',
      sql<string>`i.inspected_on::text`.as('inspected_on'),
      'i.started_via',
      'i.inspector_user_id',
      'a.display_name as inspector_name',
      'i.pass_count',
      'i.fail_count',
      'i.na_count',
      'i.score',
      'i.corrects_id',
      'i.visit_id',
      'i.submitted_at',
    ]);
}

export function toInspectionSummary(r: SummaryRow): InspectionSummary {
  return {
    id: r.id,
    kind: r.kind,
    unit: { id: r.unit_id, name: r.unit_name },
    school: { id: r.school_id, name: r.school_name },
    point: r.point_id ? { id: r.point_id, name: r.point_name ?? '' } : null,
    periodKey: r.period_key,
    inspectedOn: r.inspected_on,
    startedVia: r.started_via,
    inspector: { id: r.inspector_user_id, displayName: r.inspector_name },
    passCount: r.pass_count,
    failCount: r.fail_count,
    naCount: r.na_count,
    score: r.score === null ? null : Number(r.score),
    correctsId: r.corrects_id,
    visitId: r.visit_id,
    submittedAt: r.submitted_at.toISOString(),
  };
}

export async function listInspections(
  db: DbOrTrx,
  ctx: RequestContext,
  q: { schoolId?: string; pointId?: string; kind?: string; from?: string; to?: string; withFailures?: boolean; page?: number; pageSize?: number },
) {
  const filtered = (qb: ReturnType<typeof inspectionSelect>) => {
    let x = qb.where(inScope('i.unit_path', ctx.scope));
    if (q.schoolId) x = x.where('i.school_id', '=', q.schoolId);
    if (q.pointId) x = x.where('i.point_id', '=', q.pointId);
    if (q.kind) x = x.where('i.kind', '=', q.kind as never);
    if (q.from) x = x.where('i.inspected_on', '>=', q.from);
    if (q.to) x = x.where('i.inspected_on', '<=', q.to);
    if (q.withFailures) x = x.where('i.fail_count', '>', 0);
    return x;
  };
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const base = filtered(inspectionSelect(db));
  const [rows, count] = await Promise.all([
    base.orderBy('i.inspected_on', 'desc').orderBy('i.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    filtered(inspectionSelect(db)).clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: (rows as SummaryRow[]).map(toInspectionSummary), total: Number(count.n) };
}

async function findInspection(db: DbOrTrx, ctx: RequestContext, id: string) {
  const row = (await inspectionSelect(db).select(['i.co_inspectors', 'i.summary', 'i.started_at', 'i.checklist_version_ids']).where('i.id', '=', id).where(inScope('i.unit_path', ctx.scope)).executeTakeFirst()) as
    | (SummaryRow & { co_inspectors: string[]; summary: string; started_at: Date | null; checklist_version_ids: string[] })
    | undefined;
  if (!row) throw notFound('检查记录');
  return row;
}

export async function getInspection(db: DbOrTrx, ctx: RequestContext, id: string): Promise<InspectionDetail> {
  const row = await findInspection(db, ctx, id);
  const [versions, results, corrections] = await Promise.all([
    db
      .selectFrom('checklist_version as cv')
      .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
      .select(['cv.id', 'cv.checklist_id', 'cv.version_no', 'cv.items', 'c.title', 'c.domain'])
      .where('cv.id', 'in', row.checklist_version_ids)
      .execute(),
    db
      .selectFrom('inspection_result as r')
      .leftJoin('hazard as h', 'h.id', 'r.hazard_id')
      .select(['r.checklist_version_id', 'r.item_code', 'r.answer', 'r.note', 'r.photo_ids', 'r.hazard_id', 'h.title as hazard_title', 'h.state as hazard_state'])
      .where('r.inspection_id', '=', id)
      .execute(),
    db.selectFrom('inspection').select(['id', 'submitted_at']).where('corrects_id', '=', id).orderBy('id').execute(),
  ]);
  const order = new Map(row.checklist_version_ids.map((v, i) => [String(v), i]));
  versions.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const itemIndex = new Map<string, { item: ChecklistItem; pos: number }>();
  let pos = 0;
  for (const v of versions) for (const item of v.items as ChecklistItem[]) itemIndex.set(`${v.id}/${item.code}`, { item, pos: pos++ });
  const out = results
    .map((r) => {
      const found = itemIndex.get(`${r.checklist_version_id}/${r.item_code}`);
      return {
        pos: found?.pos ?? 1e9,
        dto: {
          checklistVersionId: r.checklist_version_id,
          itemCode: r.item_code,
          itemText: found?.item.text ?? r.item_code,
          standard: found?.item.standard ?? '',
          basis: found?.item.basis ?? '',
          answer: r.answer,
          note: r.note,
          photoIds: r.photo_ids.map(String),
          hazard: r.hazard_id ? { id: r.hazard_id, title: r.hazard_title ?? '', state: r.hazard_state ?? '' } : null,
        },
      };
    })
    .sort((a, b) => a.pos - b.pos)
    .map((x) => x.dto);
  return {
    inspection: toInspectionSummary(row),
    coInspectors: row.co_inspectors,
    summary: row.summary,
    startedAt: row.started_at ? row.started_at.toISOString() : null,
    checklists: versions.map((v) => ({ versionId: v.id, checklistId: v.checklist_id, title: v.title, domain: v.domain, versionNo: v.version_no })),
    results: out,
    correctedBy: corrections.map((c) => ({ id: c.id, submittedAt: c.submitted_at.toISOString() })),
    canRaiseHazard: can(ctx.actor.role, 'inspection.raise_hazard'),
  };
}

const fieldError = (field: string, message: string) => invalid(message, { fields: [{ field, code: 'INVALID_INPUT', message }] });

/**
 * Signs off one inspection: the point (from the QR code or chosen), the checklist versions it
 * used, one answer per applicable item. Everything is checked before anything is written, and
 * it is written in one transaction; with an Idempotency-Key a retry returns the first answer.
 */
export async function submitInspection(
  db: Db,
  ctx: RequestContext,
  body: CreateInspectionBody,
  idempotencyKey?: string,
  now = new Date(),
): Promise<{ statusCode: number; detail: InspectionDetail }> {
  const hash = requestHash(body);
  if (idempotencyKey) {
    const prior = await findIdempotentResponse(db, ctx.actor.userId, idempotencyKey, ROUTE, hash);
    if (prior) return { statusCode: prior.statusCode, detail: prior.response as InspectionDetail };
  }
  const today = shanghaiDate(now);
  if (body.kind === 'self' && ctx.actor.role !== 'school_admin' && ctx.actor.role !== 'school_staff') {
    throw fieldError('kind', '自查由学校人员进行；督查组和教育局的检查请选择督查、抽查等方式');
  }
  const inspectedOn = body.inspectedOn ?? today;
  if (inspectedOn > today) throw fieldError('inspectedOn', '检查日期不能晚于今天');
  if (inspectedOn < addDays(today, -MAX_BACKDATE_DAYS)) throw fieldError('inspectedOn', `检查日期不能早于 ${MAX_BACKDATE_DAYS} 天前`);

  // The point: by QR token (records that the check was started at the point) or by id.
  let point: { id: string; unit_id: string; frequency: Frequency; point_type: string; retired_on: string | null } | undefined;
  if (body.qrToken || body.pointId) {
    let q = db
      .selectFrom('inspection_point as p')
      .select(['p.id', 'p.unit_id', 'p.frequency', 'p.point_type', 'p.qr_token', sql<string | null>`p.retired_on::text`.as('retired_on')])
      .where(inScope('p.unit_path', ctx.scope));
    if (body.qrToken) q = q.where('p.qr_token', '=', body.qrToken);
    if (body.pointId) q = q.where('p.id', '=', body.pointId);
    point = await q.executeTakeFirst();
    if (!point) {
      throw body.qrToken
        ? new AppError('NOT_FOUND', '二维码无效，或该点位不属于您的学校')
        : new AppError('NOT_FOUND', '点位不存在或不在您的权限范围内');
    }
    if (point.retired_on) throw new AppError('CONFLICT', '该点位已停用');
  }
  const unitId = point?.unit_id ?? body.unitId;
  if (!unitId) throw fieldError('unitId', '请选择被检查的学校或点位');
  if (point && body.unitId && body.unitId !== point.unit_id) throw fieldError('unitId', '所选学校与点位不一致');
  const unit = await findReportableUnit(db, ctx.scope, unitId);
  if (!unit) throw notFound('学校或校区');
  const school = await db
    .selectFrom('unit')
    .select(['school_kind', sql<string>`path::text`.as('path')])
    .where('id', '=', unit.school_id)
    .executeTakeFirstOrThrow();

  // The checklist versions: real versions of checklists usable at this school.
  const versionIds = [...new Set(body.checklistVersionIds)];
  const versionRows = await db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.id', 'cv.items'])
    .where('cv.id', 'in', versionIds)
    .where(sql<boolean>`(c.owner_unit_path @> ${school.path}::ltree OR c.owner_unit_path <@ ${school.path}::ltree)`)
    .execute();
  const missing = versionIds.filter((id) => !versionRows.some((v) => v.id === id));
  if (missing.length) throw fieldError('checklistVersionIds', `检查表版本不存在或不适用于该学校（${missing.join('、')}），请刷新后重新填写`);
  const versions: VersionItems[] = versionRows.map((v) => ({ checklistVersionId: v.id, items: v.items as ChecklistItem[] }));

  const problems = validateAnswers(versions, body.answers, (i) => itemApplies(i, school.school_kind as SchoolKind | null, (point?.point_type as PointType) ?? null));
  if (problems.length) {
    throw invalid(problems.length === 1 ? problems[0]!.message : `有 ${problems.length} 处需要修改：${problems.slice(0, 3).map((p) => p.message).join('；')}`, {
      fields: problems.map((p) => ({ field: p.index === null ? 'answers' : `answers[${p.index}]`, code: p.code, message: p.message })),
    });
  }

  // Photos: uploaded files of this school, and photos only.
  const photoIds = [...new Set(body.answers.flatMap((a) => a.photoIds ?? []))];
  if (photoIds.length) {
    const files = await db
      .selectFrom('file_object')
      .select(['id', 'kind'])
      .where('id', 'in', photoIds)
      .where(sql<boolean>`unit_path <@ ${school.path}::ltree`)
      .execute();
    const bad = photoIds.filter((id) => !files.some((f) => f.id === id && f.kind === 'photo'));
    if (bad.length) throw fieldError('answers', `照片不存在、不是图片或不属于该学校（${bad.join('、')}）`);
  }

  if (body.correctsId) {
    const c = await db.selectFrom('inspection').select(['school_id']).where('id', '=', body.correctsId).where(inScope('unit_path', ctx.scope)).executeTakeFirst();
    if (!c) throw fieldError('correctsId', '要更正的检查记录不存在或不在您的权限范围内');
    if (c.school_id !== unit.school_id) throw fieldError('correctsId', '更正记录须与原记录为同一学校');
  }
  if (body.visitId) {
    const v = await db.selectFrom('supervision_visit').select(['school_id', 'status']).where('id', '=', body.visitId).where(inScope('school_path', ctx.scope)).executeTakeFirst();
    if (!v) throw fieldError('visitId', '督查安排不存在或不在您的权限范围内');
    if (v.school_id !== unit.school_id) throw fieldError('visitId', '检查的学校与督查安排不一致');
    if (v.status === 'cancelled') throw new AppError('CONFLICT', '该督查安排已取消');
  }

  // A scheduled self-check at a point satisfies that point's period (每日一自查 and the rest).
  const period = point && body.kind === 'self' ? periodOf(point.frequency, inspectedOn) : null;
  const t = tally(versions, body.answers);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('inspection')
        .values({
          kind: body.kind,
          unit_id: unit.id,
          unit_path: unit.path,
          school_id: unit.school_id,
          point_id: point?.id ?? null,
          period_key: period?.key ?? null,
          period_end: period?.end ?? null,
          inspected_on: inspectedOn,
          started_via: body.qrToken ? 'qr' : 'app',
          started_at: body.startedAt ? new Date(body.startedAt) : null,
          inspector_user_id: ctx.actor.userId,
          co_inspectors: body.coInspectors?.map((s) => s.trim()).filter(Boolean) ?? [],
          checklist_version_ids: versionIds,
          summary: body.summary?.trim() ?? '',
          pass_count: t.pass,
          fail_count: t.fail,
          na_count: t.na,
          score: t.score,
          corrects_id: body.correctsId ?? null,
          visit_id: body.visitId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('inspection_result')
        .values(
          body.answers.map((a) => ({
            inspection_id: row.id,
            checklist_version_id: a.checklistVersionId,
            item_code: a.itemCode,
            answer: a.answer,
            note: a.note?.trim() ?? '',
            photo_ids: [...new Set(a.photoIds ?? [])],
            hazard_id: null,
          })),
        )
        .execute();
      await recordAudit(trx, ctx, {
        action: 'inspection.submit',
        objectType: 'inspection',
        objectId: row.id,
        details: { kind: body.kind, pointId: point?.id ?? null, periodKey: period?.key ?? null, startedVia: body.qrToken ? 'qr' : 'app', fail: t.fail, correctsId: body.correctsId ?? null },
      });
      const detail = await getInspection(trx, ctx, row.id);
      if (idempotencyKey) await saveIdempotentResponse(trx, ctx.actor.userId, idempotencyKey, ROUTE, hash, { statusCode: 201, response: detail });
      return { statusCode: 201, detail };
    });
  } catch (e) {
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const prior = await findIdempotentResponse(db, ctx.actor.userId, idempotencyKey, ROUTE, hash);
      if (prior) return { statusCode: prior.statusCode, detail: prior.response as InspectionDetail };
    }
    throw e;
  }
}

/**
 * 一键登记: a failed item becomes a ledger hazard, pre-filled from the item, its note, photos,
 * the point and the inspection, and linked both ways (the result row points at the hazard, the
 * hazard at the inspection and item) in the same transaction. An item is registered once.
 */
export async function raiseHazard(db: Db, ctx: RequestContext, inspectionId: string, body: RaiseHazardBody, idempotencyKey?: string, now = new Date()) {
  const insp = await findInspection(db, ctx, inspectionId);
  const result = await db
    .selectFrom('inspection_result')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .where('checklist_version_id', '=', body.checklistVersionId)
    .where('item_code', '=', body.itemCode)
    .executeTakeFirst();
  if (!result) throw notFound('检查项');
  if (result.answer !== 'fail') throw new AppError('CONFLICT', '只有“不合格”的检查项才能登记为隐患');
  if (result.hazard_id) throw new AppError('CONFLICT', '该检查项已登记为隐患', { hazardId: result.hazard_id });
  const version = await db
    .selectFrom('checklist_version as cv')
    .innerJoin('checklist as c', 'c.id', 'cv.checklist_id')
    .select(['cv.items', 'c.domain', 'c.title'])
    .where('cv.id', '=', body.checklistVersionId)
    .executeTakeFirstOrThrow();
  const item = (version.items as ChecklistItem[]).find((i) => i.code === body.itemCode);
  const point = insp.point_id
    ? await db.selectFrom('inspection_point').select(['name', 'location']).where('id', '=', insp.point_id).executeTakeFirst()
    : undefined;
  const itemText = item?.text ?? body.itemCode;
  const location = body.location ?? [point?.name, point?.location].filter(Boolean).join(' · ');
  const description =
    body.description ??
    `${HAZARD_SOURCE_LABELS[insp.kind]}发现（${insp.inspected_on}，${version.title}）：${itemText}不合格。${result.note}${item?.standard ? `\n合格标准：${item.standard}` : ''}${item?.basis ? `\n依据：${item.basis}` : ''}`;
  return createHazard(
    db,
    ctx,
    {
      unitId: insp.unit_id,
      domain: (body.domain ?? version.domain) as never,
      grade: body.grade ?? 'general',
      source: insp.kind,
      title: (body.title ?? `${point?.name ? `${point.name}：` : ''}${itemText}不合格`).slice(0, 200),
      description: description.slice(0, 4000),
      location: location.slice(0, 200),
      photoIds: result.photo_ids.map(String),
      foundAt: insp.inspected_on,
      foundBy: insp.inspector_name,
      ...(body.register ? { register: body.register } : {}),
    },
    idempotencyKey,
    now,
    {
      route: `POST /api/inspections/${inspectionId}/raise-hazard`,
      columns: { inspection_id: inspectionId, checklist_version_id: body.checklistVersionId, inspection_item_code: body.itemCode, ...(insp.visit_id ? { supervision_visit_id: insp.visit_id } : {}) },
      after: async (trx, hazardId) => {
        const linked = await trx
          .updateTable('inspection_result')
          .set({ hazard_id: hazardId })
          .where('inspection_id', '=', inspectionId)
          .where('checklist_version_id', '=', body.checklistVersionId)
          .where('item_code', '=', body.itemCode)
          .where('hazard_id', 'is', null)
          .executeTakeFirst();
        if (Number(linked.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该检查项已登记为隐患');
        await recordAudit(trx, ctx, { action: 'inspection.raise_hazard', objectType: 'inspection', objectId: inspectionId, details: { itemCode: body.itemCode, hazardId } });
      },
    },
  );
}
