import {
  addDays,
  isMeasureOverdue,
  measureAllowedActions,
  measureInputIssues,
  measureMoveIssues,
  measureMoves,
  proposedMeasureTitle,
  scopeContains,
  shanghaiDate,
  MEASURE_LIMITS,
  type MeasureFieldIssue,
  type MeasureKind,
} from '@xiaoan/domain';
import type { CreateMeasureBody, MeasureDetail, MeasureListQuery, MeasureOverview, MeasureOverviewQuery, MeasureSummary, MoveMeasureBody, UpdateMeasureBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findFilesByIds } from '../files/index.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import {
  findMeasureEvents,
  findMeasureInScope,
  findMeasures,
  findOriginHazard,
  findOverview,
  insertMeasure,
  insertMeasureEvent,
  replaceMeasureOrigins,
  updateMeasureRow,
  type MeasureOriginRow,
  type MeasureRow,
} from './measure.repository.js';

/** Days a measure proposed from a closed hazard is given by default (its owner adjusts it). */
export const PROPOSAL_DAYS = 30;

export function toMeasureSummary(r: MeasureRow, today: string): MeasureSummary {
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    title: r.title,
    kind: r.kind,
    description: r.description,
    ownerName: r.owner_name,
    ownerDepartment: r.owner_department,
    dueOn: r.due_on,
    status: r.status,
    overdue: isMeasureOverdue({ status: r.status, dueOn: r.due_on }, today),
    adoptedOn: r.adopted_on,
    document: r.document_file_id ? { fileId: r.document_file_id, name: r.document_name ?? '制度文件' } : null,
    origins: r.origins,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields. */
function refuse(issues: readonly MeasureFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

export async function listMeasures(db: DbOrTrx, ctx: RequestContext, q: MeasureListQuery, now = new Date()): Promise<{ items: MeasureSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findMeasures(db, ctx.scope, q, today, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toMeasureSummary(r, today)), total };
}

async function loadMeasure(db: DbOrTrx, ctx: RequestContext, id: string): Promise<MeasureRow> {
  const row = await findMeasureInScope(db, ctx.scope, id);
  if (!row) throw notFound('制度措施');
  return row;
}

export async function getMeasure(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<MeasureDetail> {
  const row = await loadMeasure(db, ctx, id);
  const events = await findMeasureEvents(db, id);
  const allowed = measureAllowedActions(ctx.actor.role);
  return {
    measure: toMeasureSummary(row, shanghaiDate(now)),
    allowedActions: allowed,
    moves: allowed.includes('move') ? [...measureMoves(row.status)] : [],
    history: events.map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actor_name ?? '系统',
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      changedFields: e.changed_fields,
      document: e.document_file_id ? { fileId: e.document_file_id, name: e.document_name ?? '制度文件' } : null,
    })),
  };
}

export async function measureOverview(db: DbOrTrx, ctx: RequestContext, q: MeasureOverviewQuery, now = new Date()): Promise<MeasureOverview> {
  const rows = await findOverview(db, ctx.scope, q.unitId, shanghaiDate(now));
  const n = (s: string) => Number(s);
  const items = rows.map((r) => ({
    schoolId: r.school_id,
    schoolName: r.school_name,
    areaName: r.area_name,
    hazardsOpen: n(r.hazards_open),
    hazardsClosed: n(r.hazards_closed),
    hazardsOverdue: n(r.hazards_overdue),
    measures: { planned: n(r.planned), in_progress: n(r.in_progress), established: n(r.established), revised: n(r.revised) },
    measuresTotal: n(r.planned) + n(r.in_progress) + n(r.established) + n(r.revised),
    measuresOverdue: n(r.measures_overdue),
  }));
  return { items, total: items.length };
}

type School = { id: string; name: string; path: string };

/** Each hazard named as an origin: in the caller's scope and of the measure's school. Answers the rows to store, or the issues. */
async function resolveOrigins(db: DbOrTrx, ctx: RequestContext, school: School, ids: readonly string[], field = 'originHazardIds'): Promise<{ rows: MeasureOriginRow[]; issues: MeasureFieldIssue[] }> {
  const rows: MeasureOriginRow[] = [];
  const issues: MeasureFieldIssue[] = [];
  for (const [i, id] of [...new Set(ids)].entries()) {
    const h = await findOriginHazard(db, ctx.scope, id);
    if (!h) issues.push({ field: `${field}.${i}`, message: `隐患 #${id} 不存在或不在您的权限范围内` });
    else if (h.school_id !== school.id) issues.push({ field: `${field}.${i}`, message: `隐患“${h.title}”不属于${school.name}` });
    else rows.push({ kind: h.finding ? 'finding' : 'hazard', id: h.id, label: h.title.slice(0, 300) });
  }
  return { rows, issues };
}

const trimmed = (s: string | null | undefined) => (s ?? '').trim();

function fieldValues(b: { title?: string; kind?: MeasureKind; description?: string; ownerName?: string; ownerDepartment?: string; dueOn?: string | null }) {
  return {
    title: trimmed(b.title),
    kind: b.kind!,
    description: trimmed(b.description).slice(0, MEASURE_LIMITS.description),
    owner_name: trimmed(b.ownerName),
    owner_department: trimmed(b.ownerDepartment).slice(0, MEASURE_LIMITS.ownerDepartment),
    due_on: b.dueOn!,
  };
}

/**
 * A new measure of a school (the caller's own by default). With `fromHazardId` it is proposed
 * from a closed hazard of that school in one step (举一反三): the title, the origin and the owner
 * come from the hazard, the due date is 30 days on, unless the body says otherwise.
 */
export async function createMeasure(db: Db, ctx: RequestContext, body: CreateMeasureBody, now = new Date()): Promise<MeasureDetail> {
  const today = shanghaiDate(now);
  const issues: MeasureFieldIssue[] = [];
  let b = { ...body };
  let schoolId = body.schoolId;
  let fromOrigin: MeasureOriginRow | null = null;
  if (body.fromHazardId) {
    const h = await findOriginHazard(db, ctx.scope, body.fromHazardId);
    if (!h) issues.push({ field: 'fromHazardId', message: `隐患 #${body.fromHazardId} 不存在或不在您的权限范围内` });
    else if (h.state !== 'closed') issues.push({ field: 'fromHazardId', message: `隐患“${h.title}”尚未销号，销号后再举一反三建立制度措施` });
    else if (schoolId && schoolId !== h.school_id) issues.push({ field: 'fromHazardId', message: `隐患“${h.title}”不属于所选学校` });
    else {
      schoolId = h.school_id;
      fromOrigin = { kind: h.finding ? 'finding' : 'hazard', id: h.id, label: h.title.slice(0, 300) };
      b = {
        ...b,
        title: trimmed(b.title) ? b.title : proposedMeasureTitle(h.title),
        ownerName: trimmed(b.ownerName) ? b.ownerName : (h.owner ?? ''),
        dueOn: b.dueOn ?? addDays(today, PROPOSAL_DAYS),
        kind: b.kind ?? 'rule',
        description: trimmed(b.description) ? b.description : `由已销号的隐患“${h.title}”举一反三提出：从制度上防止同类问题再次发生。`,
      };
    }
  }
  schoolId ??= await findSchoolOfUnit(db, ctx.actor.unitId);
  const school = schoolId ? await findSchoolInScope(db, ctx.scope, schoolId, { active: true }) : undefined;
  if (!school && !issues.some((i) => i.field === 'fromHazardId')) issues.push({ field: 'schoolId', message: '该学校不存在、已停用或不在您的权限范围内' });
  issues.push(...measureInputIssues(b));
  const origins = school ? await resolveOrigins(db, ctx, school, (body.originHazardIds ?? []).filter((id) => id !== fromOrigin?.id)) : { rows: [], issues: [] };
  issues.push(...origins.issues);
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  const values = fieldValues(b);
  const allOrigins = [...(fromOrigin ? [fromOrigin] : []), ...origins.rows];
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertMeasure(trx, { ...values, unit_id: s.id, unit_path: s.path, status: 'planned', created_by: ctx.actor.userId });
    await replaceMeasureOrigins(trx, id, allOrigins);
    await insertMeasureEvent(trx, { measure_id: id, actor_user_id: ctx.actor.userId, action: 'create', from_status: null, to_status: 'planned', note: fromOrigin ? `举一反三：由隐患“${fromOrigin.label}”提出` : '', changed_fields: '[]' });
    await emit({ action: 'measure.create', objectType: 'measure', objectId: id, details: { schoolId: s.id, title: values.title, kind: values.kind, dueOn: values.due_on, fromHazardId: fromOrigin?.id ?? null, origins: allOrigins.length } });
    return getMeasure(trx, ctx, id, now);
  });
}

const LABELS: Record<string, string> = { title: '名称', kind: '类别', description: '内容', owner_name: '责任人', owner_department: '责任部门', due_on: '完成时限', origins: '来源' };

/** An edit replaces the measure's fields under the version read (the school and the status stay; origins when given). */
export async function updateMeasure(db: Db, ctx: RequestContext, id: string, body: UpdateMeasureBody, now = new Date()): Promise<MeasureDetail> {
  const row = await loadMeasure(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const school = { id: row.unit_id, name: row.school_name, path: row.unit_path };
  const issues = measureInputIssues(body);
  const origins = body.originHazardIds ? await resolveOrigins(db, ctx, school, body.originHazardIds) : null;
  issues.push(...(origins?.issues ?? []));
  if (issues.length > 0) throw refuse(issues);
  const values = fieldValues(body);
  const before: Record<string, string> = { title: row.title, kind: row.kind, description: row.description, owner_name: row.owner_name, owner_department: row.owner_department, due_on: row.due_on };
  const changed = Object.keys(before).filter((k) => before[k] !== (values as Record<string, string>)[k]);
  const originKey = (list: readonly { id: string }[]) => list.map((o) => o.id).sort().join(',');
  if (origins && originKey(origins.rows) !== originKey(row.origins)) changed.push('origins');
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateMeasureRow(trx, id, body.version, values))) throw staleVersion();
    if (origins) await replaceMeasureOrigins(trx, id, origins.rows);
    await insertMeasureEvent(trx, { measure_id: id, actor_user_id: ctx.actor.userId, action: 'update', from_status: row.status, to_status: row.status, note: changed.map((c) => LABELS[c] ?? c).join('、'), changed_fields: JSON.stringify(changed) });
    await emit({ action: 'measure.update', objectType: 'measure', objectId: id, details: { changed } });
    return getMeasure(trx, ctx, id, now);
  });
}

/** A status move; establishing or revising stores the adopted document (a file of the school uploaded through /api/files) and its date. */
export async function moveMeasure(db: Db, ctx: RequestContext, id: string, body: MoveMeasureBody, now = new Date()): Promise<MeasureDetail> {
  const row = await loadMeasure(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const today = shanghaiDate(now);
  const adoptedOn = body.adoptedOn ?? (body.documentFileId ? today : null);
  const issues = measureMoveIssues({ status: row.status, adoptedOn: row.adopted_on }, { to: body.to, adoptedOn, documentFileId: body.documentFileId }, today);
  if (body.documentFileId && issues.length === 0) {
    const [f] = await findFilesByIds(db, [body.documentFileId], ctx.scope);
    if (!f) issues.push({ field: 'documentFileId', message: `文件 #${body.documentFileId} 不存在或不在您的权限范围内` });
    else if (!scopeContains({ unitPaths: [row.unit_path] }, f.unitPath)) issues.push({ field: 'documentFileId', message: `文件“${f.originalName}”不是${row.school_name}的文件` });
  }
  if (issues.length > 0) throw refuse(issues);
  const done = body.to === 'established' || body.to === 'revised';
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = await updateMeasureRow(trx, id, body.version, done ? { status: body.to, adopted_on: adoptedOn, document_file_id: body.documentFileId! } : { status: body.to, adopted_on: null, document_file_id: null });
    if (!ok) throw staleVersion();
    await insertMeasureEvent(trx, {
      measure_id: id,
      actor_user_id: ctx.actor.userId,
      action: 'move',
      from_status: row.status,
      to_status: body.to,
      note: trimmed(body.note),
      changed_fields: '[]',
      document_file_id: done ? body.documentFileId! : null,
    });
    await emit({ action: 'measure.move', objectType: 'measure', objectId: id, details: { from: row.status, to: body.to, adoptedOn: done ? adoptedOn : null, documentFileId: done ? body.documentFileId : null } });
    return getMeasure(trx, ctx, id, now);
  });
}
