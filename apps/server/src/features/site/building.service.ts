import { BUILDING_USE_LABELS, buildingIssues, isDangerousBuildingInUse, shanghaiDate } from '@xiaoan/domain';
import type { BuildingDetail, BuildingListQuery, BuildingSummary, CreateBuildingBody, UpdateBuildingBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { openRegistryHazard } from '../registries/index.js';
import { findBuildingByName, findBuildingInScope, findBuildings, insertBuilding, updateBuildingRow, type BuildingRow } from './site.repository.js';
import { SITE_KINDS, editActions, hazardsOf, refuse, schoolFor, trimmed } from './site.service.js';

/**
 * Buildings (校舍): each with use, floors, year, structure and its appraisal grade A–D with
 * date and report. A D-grade building still in use opens a major hazard at once, listed for
 * supervision by the bureau (never twice for the same building: cause `grade-d-in-use`).
 */

export const DANGEROUS_BUILDING_CAUSE = 'grade-d-in-use';

export function toBuilding(r: BuildingRow): BuildingSummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    name: r.name,
    use: r.use,
    floors: r.floors,
    builtYear: r.built_year,
    structure: r.structure,
    areaM2: r.area_m2 === null ? null : Number(r.area_m2),
    grade: r.grade,
    appraisedOn: r.appraised_on,
    reportNo: r.report_no,
    inUse: r.in_use,
    dangerous: isDangerousBuildingInUse({ grade: r.grade, inUse: r.in_use }),
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listBuildings(db: DbOrTrx, ctx: RequestContext, q: BuildingListQuery): Promise<{ items: BuildingSummary[]; total: number }> {
  const { rows, total } = await findBuildings(db, ctx.scope, { ...q, unitId: q.unitId ?? q.schoolId }, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toBuilding), total };
}

export async function getBuilding(db: DbOrTrx, ctx: RequestContext, id: string): Promise<BuildingDetail> {
  const row = await findBuildingInScope(db, ctx.scope, id);
  if (!row) throw notFound('校舍');
  return { item: toBuilding(row), hazards: await hazardsOf(db, SITE_KINDS.building, id), allowedActions: editActions(ctx) };
}

/** The major hazard of a D-grade building in use (reported by the user who saved it, or by the watch account from the sweep). */
export async function openDangerousBuildingHazard(trx: Trx, b: { id: string; schoolId: string; name: string; use: string; appraisedOn: string; reportNo: string }, now: Date, ctx?: RequestContext) {
  const use = BUILDING_USE_LABELS[b.use as keyof typeof BUILDING_USE_LABELS] ?? '';
  return openRegistryHazard(
    trx,
    {
      schoolId: b.schoolId,
      kind: SITE_KINDS.building,
      recordId: b.id,
      cause: DANGEROUS_BUILDING_CAUSE,
      label: `校舍 ${b.name}`,
      title: `D级危房“${b.name}”仍在使用`,
      description: `${b.name}（${use}）经安全鉴定为 D 级（整幢危房，鉴定日期 ${b.appraisedOn}${b.reportNo ? `，报告 ${b.reportNo}` : ''}），仍在使用。须立即停止使用、撤离人员、设置警示隔离，并制定拆除或加固方案。`,
      location: b.name,
      domain: 'buildings',
      grade: 'major',
      listed: true,
    },
    now,
    ctx,
  );
}

type Fields = Omit<CreateBuildingBody, 'schoolId'>;

function values(b: Fields) {
  return {
    name: trimmed(b.name),
    use: b.use,
    floors: b.floors,
    built_year: b.builtYear,
    structure: b.structure,
    area_m2: b.areaM2 ?? null,
    grade: b.grade as BuildingRow['grade'],
    appraised_on: b.appraisedOn,
    report_no: trimmed(b.reportNo),
    in_use: b.inUse,
    note: trimmed(b.note),
  };
}

export async function createBuilding(db: Db, ctx: RequestContext, body: CreateBuildingBody, now = new Date()): Promise<BuildingDetail> {
  const issues = buildingIssues(body, shanghaiDate(now));
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  if (school && trimmed(body.name) && (await findBuildingByName(db, school.id, trimmed(body.name)))) issues.push({ field: 'name', message: `${school.name}已有名为“${trimmed(body.name)}”的校舍` });
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  const v = values(body);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertBuilding(trx, { ...v, school_id: s.id, unit_path: s.path, created_by: ctx.actor.userId });
    let hazardId: string | null = null;
    if (isDangerousBuildingInUse({ grade: v.grade, inUse: v.in_use })) {
      hazardId = (await openDangerousBuildingHazard(trx, { id, schoolId: s.id, name: v.name, use: v.use, appraisedOn: v.appraised_on, reportNo: v.report_no }, now, ctx)).hazardId;
    }
    await emit({ action: 'building.create', objectType: 'building', objectId: id, details: { schoolId: s.id, name: v.name, grade: v.grade, inUse: v.in_use, hazardId } });
    return getBuilding(trx, ctx, id);
  });
}

export async function updateBuilding(db: Db, ctx: RequestContext, id: string, body: UpdateBuildingBody, now = new Date()): Promise<BuildingDetail> {
  const row = await findBuildingInScope(db, ctx.scope, id);
  if (!row) throw notFound('校舍');
  if (row.version !== body.version) throw staleVersion();
  const issues = buildingIssues(body, shanghaiDate(now));
  const other = trimmed(body.name) ? await findBuildingByName(db, row.school_id, trimmed(body.name)) : undefined;
  if (other && other !== id) issues.push({ field: 'name', message: `${row.school_name}已有名为“${trimmed(body.name)}”的校舍` });
  if (issues.length > 0) throw refuse(issues);
  const v = values(body);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateBuildingRow(trx, id, body.version, v))) throw staleVersion();
    let hazardId: string | null = null;
    if (isDangerousBuildingInUse({ grade: v.grade, inUse: v.in_use })) {
      hazardId = (await openDangerousBuildingHazard(trx, { id, schoolId: row.school_id, name: v.name, use: v.use, appraisedOn: v.appraised_on, reportNo: v.report_no }, now, ctx)).hazardId;
    }
    await emit({ action: 'building.update', objectType: 'building', objectId: id, details: { grade: { from: row.grade, to: v.grade }, inUse: { from: row.in_use, to: v.in_use }, hazardId } });
    return getBuilding(trx, ctx, id);
  });
}
