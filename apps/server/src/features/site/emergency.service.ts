import { DEFAULT_REVISION_MONTHS, SITE_EXPIRY_NOTICE_DAYS, addDays, drillIssues, planIssues, planRevisionDue, semesterOf, shanghaiDate, siteDueStatus } from '@xiaoan/domain';
import type { CreateDrillBody, CreatePlanBody, DrillDetail, DrillListQuery, DrillSummary, PlanDetail, PlanListQuery, PlanSummary, UpdatePlanBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findDrillInScope, findDrills, findPlanInScope, findPlanOfSchool, findPlans, findSchoolFiles, insertDrill, insertPlan, updatePlanRow, type DrillRow, type PlanRow } from './site.repository.js';
import { SITE_KINDS, editActions, hazardsOf, refuse, schoolFor, trimmed } from './site.service.js';

/**
 * Emergency plans (应急预案) with kind, version and revision date: the next revision is due a
 * cycle (12 months by default) after the last one, and the sweep reminds the school 30 days
 * ahead and when it has passed. Drills (演练) with date, kind, participants, duration,
 * evaluation and photos, optionally under a plan; a drill is a record of what happened and is
 * not edited afterwards.
 */

export function toPlan(r: PlanRow, today: string): PlanSummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    title: r.title,
    kind: r.kind,
    versionLabel: r.version_label,
    issuedOn: r.issued_on,
    revisedOn: r.revised_on,
    revisionMonths: r.revision_months,
    revisionDueOn: r.revision_due_on,
    revisionStatus: r.status === 'active' ? siteDueStatus(r.revision_due_on, today) : null,
    ownerName: r.owner_name,
    status: r.status,
    note: r.note,
    drills: Number(r.drills),
    lastDrillOn: r.last_drill_on,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listPlans(db: DbOrTrx, ctx: RequestContext, q: PlanListQuery, now = new Date()): Promise<{ items: PlanSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findPlans(db, ctx.scope, { ...q, unitId: q.unitId ?? q.schoolId }, today, addDays(today, SITE_EXPIRY_NOTICE_DAYS), { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toPlan(r, today)), total };
}

export async function getPlan(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<PlanDetail> {
  const row = await findPlanInScope(db, ctx.scope, id);
  if (!row) throw notFound('应急预案');
  return { item: toPlan(row, shanghaiDate(now)), hazards: await hazardsOf(db, SITE_KINDS.plan, id), allowedActions: editActions(ctx) };
}

function planValues(b: Omit<CreatePlanBody, 'schoolId'>) {
  const revisionMonths = b.revisionMonths ?? DEFAULT_REVISION_MONTHS;
  return {
    title: trimmed(b.title),
    kind: b.kind,
    version_label: trimmed(b.versionLabel),
    issued_on: b.issuedOn,
    revised_on: b.revisedOn,
    revision_months: revisionMonths,
    revision_due_on: planRevisionDue({ revisedOn: b.revisedOn, revisionMonths }),
    owner_name: trimmed(b.ownerName),
    note: trimmed(b.note),
  };
}

export async function createPlan(db: Db, ctx: RequestContext, body: CreatePlanBody, now = new Date()): Promise<PlanDetail> {
  const issues = planIssues({ ...body, revisionMonths: body.revisionMonths ?? DEFAULT_REVISION_MONTHS }, shanghaiDate(now));
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  const v = planValues(body);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertPlan(trx, { ...v, school_id: s.id, unit_path: s.path, created_by: ctx.actor.userId });
    await emit({ action: 'emergency_plan.create', objectType: 'emergency_plan', objectId: id, details: { schoolId: s.id, title: v.title, kind: v.kind, revisionDueOn: v.revision_due_on } });
    return getPlan(trx, ctx, id, now);
  });
}

/** An edit; a new revision is recorded by moving revisedOn (and the version label), which moves the next due date. */
export async function updatePlan(db: Db, ctx: RequestContext, id: string, body: UpdatePlanBody, now = new Date()): Promise<PlanDetail> {
  const row = await findPlanInScope(db, ctx.scope, id);
  if (!row) throw notFound('应急预案');
  if (row.version !== body.version) throw staleVersion();
  const issues = planIssues({ ...body, revisionMonths: body.revisionMonths ?? row.revision_months }, shanghaiDate(now));
  if (issues.length > 0) throw refuse(issues);
  const v = planValues({ ...body, revisionMonths: body.revisionMonths ?? row.revision_months });
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updatePlanRow(trx, id, body.version, { ...v, status: body.status ?? row.status }))) throw staleVersion();
    await emit({ action: 'emergency_plan.update', objectType: 'emergency_plan', objectId: id, details: { revisedOn: { from: row.revised_on, to: v.revised_on }, versionLabel: { from: row.version_label, to: v.version_label }, status: body.status ?? row.status } });
    return getPlan(trx, ctx, id, now);
  });
}

export function toDrill(r: DrillRow): DrillSummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    planId: r.plan_id,
    planTitle: r.plan_title,
    title: r.title,
    kind: r.kind,
    heldOn: r.held_on,
    semester: semesterOf(r.held_on).label,
    participants: r.participants,
    durationMinutes: r.duration_minutes,
    rating: r.rating,
    evaluation: r.evaluation,
    photos: r.photos,
    recordedBy: r.recorded_by ?? '系统',
    createdAt: r.created_at.toISOString(),
  };
}

export async function listDrills(db: DbOrTrx, ctx: RequestContext, q: DrillListQuery): Promise<{ items: DrillSummary[]; total: number }> {
  const { rows, total } = await findDrills(db, ctx.scope, { ...q, unitId: q.unitId ?? q.schoolId }, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toDrill), total };
}

export async function getDrill(db: DbOrTrx, ctx: RequestContext, id: string): Promise<DrillDetail> {
  const row = await findDrillInScope(db, ctx.scope, id);
  if (!row) throw notFound('演练记录');
  return { item: toDrill(row), hazards: await hazardsOf(db, SITE_KINDS.drill, id), allowedActions: [] };
}

export async function createDrill(db: Db, ctx: RequestContext, body: CreateDrillBody, now = new Date()): Promise<DrillDetail> {
  const photoIds = [...new Set(body.photoFileIds ?? [])];
  const issues = drillIssues({ ...body, photoCount: photoIds.length }, shanghaiDate(now));
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  if (school && body.planId && !(await findPlanOfSchool(db, school.id, body.planId))) issues.push({ field: 'planId', message: `应急预案 #${body.planId} 不是${school.name}的预案` });
  if (school && photoIds.length > 0 && photoIds.length <= 9) {
    const found = new Set(await findSchoolFiles(db, school.path, photoIds));
    photoIds.forEach((f, i) => {
      if (!found.has(f)) issues.push({ field: `photoFileIds.${i}`, message: `照片 #${f} 不存在或不是${school.name}的文件` });
    });
  }
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertDrill(trx, {
      school_id: s.id,
      unit_path: s.path,
      plan_id: body.planId ?? null,
      title: trimmed(body.title),
      kind: body.kind,
      held_on: body.heldOn,
      participants: body.participants,
      duration_minutes: body.durationMinutes,
      rating: body.rating,
      evaluation: trimmed(body.evaluation),
      photo_file_ids: photoIds,
      recorded_by: ctx.actor.userId,
    });
    await emit({ action: 'drill.create', objectType: 'drill', objectId: id, details: { schoolId: s.id, kind: body.kind, heldOn: body.heldOn, participants: body.participants, photos: photoIds.length } });
    return getDrill(trx, ctx, id);
  });
}
