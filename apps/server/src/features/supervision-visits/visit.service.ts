import { addDays, INSPECTION_KIND_LABELS, shanghaiDate, windowOf } from '@xiaoan/domain';
import type { CreateVisitBody, HazardDetail, TeamCoverage, VisitDetail, VisitFindingBody, VisitSummary } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { RecordVisitBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { idempotent, runCommand } from '../../kernel/command.js';
import { getHazardDetail, registerHazard } from '../hazards/index.js';
import { findVisitInspections } from '../inspections/index.js';
import { getTeam } from '../teams/index.js';
import { findSchoolInScope } from '../units/index.js';
import {
  findFindingDeadlines,
  findTeamCoverage,
  findTeamNear,
  findVisitFindings,
  findVisitInScope,
  findVisits,
  insertVisit,
  insertVisitFinding,
  isSchoolAssigned,
  isTeamMember,
  markFeedbackIssued,
  updateVisitStatus,
  type VisitFilter,
  type VisitRow,
} from './visit.repository.js';

/**
 * The team may act for a school only when the school is assigned to it; a team member acts
 * only for teams they belong to. Bureau staff and the admin act for any team of their bureau.
 */
async function assertTeamCovers(db: DbOrTrx, ctx: RequestContext, teamId: string, schoolId: string | null) {
  const team = await findTeamNear(db, ctx.actor.unitPath, teamId);
  if (!team) throw notFound('督查组');
  if (team.status !== 'active') throw new AppError('CONFLICT', '该督查组已停用');
  if (ctx.actor.role === 'team_member' || ctx.actor.role === 'bureau_leader') {
    if (!(await isTeamMember(db, teamId, ctx.actor.userId))) throw new AppError('FORBIDDEN', `您不是“${team.name}”的成员`, { domainCode: 'NOT_TEAM_MEMBER' });
  }
  if (schoolId && !(await isSchoolAssigned(db, teamId, schoolId))) {
    throw new AppError('FORBIDDEN', `该学校不在“${team.name}”的督查范围内`, { domainCode: 'SCHOOL_NOT_ASSIGNED' });
  }
  return team;
}

const toSummary = (r: VisitRow): VisitSummary => ({
  id: r.id,
  version: r.version,
  team: { id: r.team_id, name: r.team_name },
  school: { id: r.school_id, name: r.school_name },
  kind: r.kind,
  plannedOn: r.planned_on,
  visitedOn: r.visited_on,
  status: r.status,
  note: r.note,
  summary: r.summary,
  findingCount: Number(r.finding_count),
  inspectionCount: Number(r.inspection_count),
  feedbackIssuedAt: r.feedback_issued_at ? r.feedback_issued_at.toISOString() : null,
});

export async function listVisits(db: DbOrTrx, ctx: RequestContext, q: VisitFilter & { page?: number; pageSize?: number }) {
  const { rows, total } = await findVisits(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toSummary), total };
}

async function findVisit(db: DbOrTrx, ctx: RequestContext, id: string): Promise<VisitRow> {
  const row = await findVisitInScope(db, ctx.scope, id);
  if (!row) throw notFound('督查安排');
  return row;
}

async function canManage(db: DbOrTrx, ctx: RequestContext, teamId: string): Promise<boolean> {
  if (!['bureau_staff', 'team_member'].includes(ctx.actor.role)) return false;
  if (ctx.actor.role !== 'team_member') return true;
  return isTeamMember(db, teamId, ctx.actor.userId);
}

export async function getVisit(db: DbOrTrx, ctx: RequestContext, id: string): Promise<VisitDetail> {
  const row = await findVisit(db, ctx, id);
  const [inspections, findings, manage] = await Promise.all([findVisitInspections(db, id), findVisitFindings(db, id), canManage(db, ctx, row.team_id)]);
  return {
    visit: toSummary(row),
    inspections,
    findings: findings.map((f) => ({ id: f.id, title: f.title, state: f.state, dueDate: f.due_date, grade: f.grade })),
    canManage: manage,
  };
}

export async function createVisit(db: Db, ctx: RequestContext, body: CreateVisitBody, now = new Date()): Promise<VisitDetail> {
  await assertTeamCovers(db, ctx, body.teamId, body.schoolId);
  const school = await findSchoolInScope(db, ctx.scope, body.schoolId);
  if (!school) throw notFound('学校');
  if (body.plannedOn < addDays(shanghaiDate(now), -30)) throw invalid('计划日期不能早于 30 天前', { fields: [{ field: 'plannedOn', code: 'INVALID_INPUT', message: '计划日期过早' }] });
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertVisit(trx, { team_id: body.teamId, school_id: school.id, school_path: school.path, kind: body.kind, planned_on: body.plannedOn, note: body.note?.trim() ?? '', created_by: ctx.actor.userId });
    await emit({ action: 'supervision_visit.create', objectType: 'supervision_visit', objectId: id, details: { teamId: body.teamId, schoolId: school.id, kind: body.kind, plannedOn: body.plannedOn } });
    return getVisit(trx, ctx, id);
  });
}

/** Records the visit as made (with its date and summary) or cancels it. */
export async function recordVisit(db: Db, ctx: RequestContext, id: string, body: Static<typeof RecordVisitBody>, now = new Date()): Promise<VisitDetail> {
  const row = await findVisit(db, ctx, id);
  await assertTeamCovers(db, ctx, row.team_id, null);
  if (row.version !== body.version) throw staleVersion();
  if (row.status !== 'planned') throw new AppError('CONFLICT', row.status === 'done' ? '该督查已记录完成' : '该督查安排已取消');
  const today = shanghaiDate(now);
  const visitedOn = body.status === 'done' ? (body.visitedOn ?? today) : null;
  if (visitedOn && visitedOn > today) throw invalid('督查日期不能晚于今天', { fields: [{ field: 'visitedOn', code: 'INVALID_INPUT', message: '督查日期不能晚于今天' }] });
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateVisitStatus(trx, id, body.version, { status: body.status, visited_on: visitedOn, summary: body.summary?.trim() ?? row.summary }, now))) throw staleVersion();
    await emit({ action: body.status === 'done' ? 'supervision_visit.record' : 'supervision_visit.cancel', objectType: 'supervision_visit', objectId: id, details: { visitedOn } });
    return getVisit(trx, ctx, id);
  });
}

/** A finding of the visit: a ledger hazard at the school, found by this visit, with the team's deadline. */
export async function addFinding(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: VisitFindingBody,
  idempotencyKey?: string,
  now = new Date(),
): Promise<{ statusCode: number; detail: HazardDetail }> {
  const row = await findVisit(db, ctx, id);
  await assertTeamCovers(db, ctx, row.team_id, null);
  if (row.status !== 'done') throw new AppError('CONFLICT', '请先记录督查完成，再登记发现的问题');
  if (row.feedback_issued_at) throw new AppError('CONFLICT', '督查反馈已下发，不能再增加问题');
  const today = shanghaiDate(now);
  if (body.dueDate < today) throw invalid('整改期限不能早于今天', { fields: [{ field: 'dueDate', code: 'INVALID_INPUT', message: '整改期限不能早于今天' }] });
  const hazard = {
    unitId: row.school_id,
    domain: body.domain,
    grade: body.grade,
    source: row.kind,
    title: body.title,
    description: `${body.description}\n（${row.team_name}${INSPECTION_KIND_LABELS[row.kind]}发现，整改期限 ${body.dueDate}）`,
    location: body.location ?? '',
    photoIds: body.photoIds ?? [],
    foundAt: row.visited_on ?? today,
    foundBy: ctx.actor.displayName,
  };
  const detail = await runCommand(db, ctx, idempotent(idempotencyKey, `POST /api/supervision-visits/${id}/findings`, hazard), async (trx) => {
    const hazardId = await registerHazard(trx, ctx, hazard, now, { supervision_visit_id: id }, body.dueDate);
    await insertVisitFinding(trx, id, hazardId, body.dueDate);
    return getHazardDetail(trx, ctx, hazardId, now);
  });
  return { statusCode: 201, detail };
}

/** 督查反馈: sends the findings list to the school's administrators; after this the list is fixed. */
export async function issueFeedback(db: Db, ctx: RequestContext, id: string, now = new Date()): Promise<VisitDetail> {
  const row = await findVisit(db, ctx, id);
  await assertTeamCovers(db, ctx, row.team_id, null);
  if (row.status !== 'done') throw new AppError('CONFLICT', '督查尚未记录完成，不能下发反馈');
  if (row.feedback_issued_at) throw new AppError('CONFLICT', '督查反馈已下发');
  const findings = await findFindingDeadlines(db, id);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await markFeedbackIssued(trx, id, ctx.actor.userId, now);
    await emit({
      action: 'supervision_visit.feedback',
      objectType: 'supervision_visit',
      objectId: id,
      visit: { id, schoolId: row.school_id, teamName: row.team_name },
      findings: findings.map((f) => ({ hazardId: f.hazard_id, dueDate: f.due_date })),
    });
    return getVisit(trx, ctx, id);
  });
}

/** Which of the team's schools were visited in [from, to] (default: this month), and which never. */
export async function teamCoverage(db: DbOrTrx, ctx: RequestContext, teamId: string, q: { from?: string; to?: string }, now = new Date()): Promise<TeamCoverage> {
  const today = shanghaiDate(now);
  const month = windowOf('month', today);
  const from = q.from ?? month.from;
  const to = q.to ?? month.to;
  if (to < from) throw invalid('结束日期不能早于开始日期');
  // The team as the caller may see it (its district; a member's own teams; a school's teams).
  const team = await getTeam(db as Db, ctx, teamId);
  const rows = await findTeamCoverage(db, ctx.scope, teamId, from, to, today);
  const schools = rows.map((r) => ({
    id: r.id,
    name: r.name,
    visitsInWindow: Number(r.in_window),
    lastVisitedOn: r.last_visited,
    nextPlannedOn: r.next_planned,
    openFindings: Number(r.open_findings),
  }));
  return {
    team: { id: team.id, name: team.name },
    from,
    to,
    schools,
    visited: schools.filter((s) => s.visitsInWindow > 0).length,
    neverVisited: schools.filter((s) => s.lastVisitedOn === null).length,
  };
}
