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
  type PointType,
  type SchoolKind,
  type VersionItems,
} from '@xiaoan/domain';
import type { CreateHazardBody, CreateInspectionBody, HazardDetail, InspectionDetail, RaiseHazardBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { idempotent, runCommand } from '../../kernel/command.js';
import { findReportableUnit } from '../hazards/index.js';
import { getHazardDetail, registerHazard } from '../hazards/index.js';
import {
  findCheckPoint,
  findInspectionInScope,
  findInspectionParts,
  findInspections,
  findInspectionSchoolInScope,
  findPointPlace,
  findResult,
  findSchoolFiles,
  findSchoolKindAndPath,
  findUsableVersions,
  findVersionWithChecklist,
  findVisitSchoolInScope,
  insertInspection,
  linkResultToHazard,
  toInspectionSummary,
  type CheckPoint,
  type InspectionFilter,
} from './inspection.repository.js';

export { inspectionSelect, toInspectionSummary } from './inspection.repository.js';

const ROUTE = 'POST /api/inspections';
/** How far back a check may be dated: a phone that was offline for a while still delivers its queue. */
export const MAX_BACKDATE_DAYS = 14;

export async function listInspections(db: DbOrTrx, ctx: RequestContext, q: InspectionFilter & { page?: number; pageSize?: number }) {
  return findInspections(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
}

async function findInspection(db: DbOrTrx, ctx: RequestContext, id: string) {
  const row = await findInspectionInScope(db, ctx.scope, id);
  if (!row) throw notFound('检查记录');
  return row;
}

export async function getInspection(db: DbOrTrx, ctx: RequestContext, id: string): Promise<InspectionDetail> {
  const row = await findInspection(db, ctx, id);
  const { versions, results, corrections } = await findInspectionParts(db, id, row.checklist_version_ids);
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
 * Everything a submission is checked against before anything is written: the point (from
 * the QR code or chosen), the checklist versions usable at the school, one answer per
 * applicable item, photos of the school, the corrected record and the visit.
 */
async function checkSubmission(db: DbOrTrx, ctx: RequestContext, body: CreateInspectionBody, now: Date) {
  const today = shanghaiDate(now);
  if (body.kind === 'self' && ctx.actor.role !== 'school_admin' && ctx.actor.role !== 'school_staff') {
    throw fieldError('kind', '自查由学校人员进行；督查组和教育局的检查请选择督查、抽查等方式');
  }
  const inspectedOn = body.inspectedOn ?? today;
  if (inspectedOn > today) throw fieldError('inspectedOn', '检查日期不能晚于今天');
  if (inspectedOn < addDays(today, -MAX_BACKDATE_DAYS)) throw fieldError('inspectedOn', `检查日期不能早于 ${MAX_BACKDATE_DAYS} 天前`);

  // The point: by QR token (records that the check was started at the point) or by id.
  let point: CheckPoint | undefined;
  if (body.qrToken || body.pointId) {
    point = await findCheckPoint(db, ctx.scope, { qrToken: body.qrToken, pointId: body.pointId });
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
  const school = await findSchoolKindAndPath(db, unit.school_id);

  // The checklist versions: real versions of checklists usable at this school.
  const versionIds = [...new Set(body.checklistVersionIds)];
  const versionRows = await findUsableVersions(db, versionIds, school.path);
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
    const files = await findSchoolFiles(db, photoIds, school.path);
    const bad = photoIds.filter((id) => !files.some((f) => f.id === id && f.kind === 'photo'));
    if (bad.length) throw fieldError('answers', `照片不存在、不是图片或不属于该学校（${bad.join('、')}）`);
  }

  if (body.correctsId) {
    const c = await findInspectionSchoolInScope(db, ctx.scope, body.correctsId);
    if (!c) throw fieldError('correctsId', '要更正的检查记录不存在或不在您的权限范围内');
    if (c.school_id !== unit.school_id) throw fieldError('correctsId', '更正记录须与原记录为同一学校');
  }
  if (body.visitId) {
    const v = await findVisitSchoolInScope(db, ctx.scope, body.visitId);
    if (!v) throw fieldError('visitId', '督查安排不存在或不在您的权限范围内');
    if (v.school_id !== unit.school_id) throw fieldError('visitId', '检查的学校与督查安排不一致');
    if (v.status === 'cancelled') throw new AppError('CONFLICT', '该督查安排已取消');
  }

  // A scheduled self-check at a point satisfies that point's period (每日一自查 and the rest).
  const period = point && body.kind === 'self' ? periodOf(point.frequency, inspectedOn) : null;
  return { unit, point, versionIds, inspectedOn, period, tally: tally(versions, body.answers) };
}

/**
 * Signs off one inspection. Everything is checked before anything is written, and it is
 * written in one transaction; with an Idempotency-Key a retry returns the first answer.
 */
export async function submitInspection(
  db: Db,
  ctx: RequestContext,
  body: CreateInspectionBody,
  idempotencyKey?: string,
  now = new Date(),
): Promise<{ statusCode: number; detail: InspectionDetail }> {
  const detail = await runCommand(db, ctx, idempotent(idempotencyKey, ROUTE, body), async (trx, emit) => {
    const { unit, point, versionIds, inspectedOn, period, tally: t } = await checkSubmission(trx, ctx, body, now);
    const id = await insertInspection(
      trx,
      {
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
      },
      body.answers.map((a) => ({
        checklist_version_id: a.checklistVersionId,
        item_code: a.itemCode,
        answer: a.answer,
        note: a.note?.trim() ?? '',
        photo_ids: [...new Set(a.photoIds ?? [])],
        hazard_id: null,
      })),
    );
    await emit({
      action: 'inspection.submit',
      objectType: 'inspection',
      objectId: id,
      details: { kind: body.kind, pointId: point?.id ?? null, periodKey: period?.key ?? null, startedVia: body.qrToken ? 'qr' : 'app', fail: t.fail, correctsId: body.correctsId ?? null },
    });
    return getInspection(trx, ctx, id);
  });
  return { statusCode: 201, detail };
}

/**
 * The hazard a failed item becomes, pre-filled from the item, its note, photos, the point and
 * the inspection (the caller has checked that the item failed and is not registered yet).
 */
async function hazardFromItem(db: DbOrTrx, insp: Awaited<ReturnType<typeof findInspection>>, note: string, photoIds: readonly string[], body: RaiseHazardBody): Promise<CreateHazardBody> {
  const version = await findVersionWithChecklist(db, body.checklistVersionId);
  const item = (version.items as ChecklistItem[]).find((i) => i.code === body.itemCode);
  const point = insp.point_id ? await findPointPlace(db, insp.point_id) : undefined;
  const itemText = item?.text ?? body.itemCode;
  const location = body.location ?? [point?.name, point?.location].filter(Boolean).join(' · ');
  const description =
    body.description ??
    `${HAZARD_SOURCE_LABELS[insp.kind]}发现（${insp.inspected_on}，${version.title}）：${itemText}不合格。${note}${item?.standard ? `\n合格标准：${item.standard}` : ''}${item?.basis ? `\n依据：${item.basis}` : ''}`;
  return {
    unitId: insp.unit_id,
    domain: (body.domain ?? version.domain) as never,
    grade: body.grade ?? 'general',
    source: insp.kind,
    title: (body.title ?? `${point?.name ? `${point.name}：` : ''}${itemText}不合格`).slice(0, 200),
    description: description.slice(0, 4000),
    location: location.slice(0, 200),
    photoIds: photoIds.map(String),
    foundAt: insp.inspected_on,
    foundBy: insp.inspector_name,
    ...(body.register ? { register: body.register } : {}),
  };
}

/**
 * 一键登记: a failed item becomes a ledger hazard, linked both ways (the result row points at
 * the hazard, the hazard at the inspection and item) in one transaction: both links or
 * nothing. An item is registered once.
 */
export async function raiseHazard(
  db: Db,
  ctx: RequestContext,
  inspectionId: string,
  body: RaiseHazardBody,
  idempotencyKey?: string,
  now = new Date(),
): Promise<{ statusCode: number; detail: HazardDetail }> {
  const insp = await findInspection(db, ctx, inspectionId);
  const key = { inspectionId, checklistVersionId: body.checklistVersionId, itemCode: body.itemCode };
  const result = await findResult(db, key);
  if (!result) throw notFound('检查项');
  if (result.answer !== 'fail') throw new AppError('CONFLICT', '只有“不合格”的检查项才能登记为隐患');
  if (result.hazard_id) throw new AppError('CONFLICT', '该检查项已登记为隐患', { hazardId: result.hazard_id });
  const hazard = await hazardFromItem(db, insp, result.note, result.photo_ids, body);
  const detail = await runCommand(db, ctx, idempotent(idempotencyKey, `POST /api/inspections/${inspectionId}/raise-hazard`, hazard), async (trx, emit) => {
    const hazardId = await registerHazard(trx, ctx, hazard, now, {
      inspection_id: inspectionId,
      checklist_version_id: body.checklistVersionId,
      inspection_item_code: body.itemCode,
      ...(insp.visit_id ? { supervision_visit_id: insp.visit_id } : {}),
    });
    if (!(await linkResultToHazard(trx, key, hazardId))) throw new AppError('CONFLICT', '该检查项已登记为隐患');
    await emit({ action: 'inspection.raise_hazard', objectType: 'inspection', objectId: inspectionId, details: { itemCode: body.itemCode, hazardId } });
    return getHazardDetail(trx, ctx, hazardId, now);
  });
  return { statusCode: 201, detail };
}
