import { sql } from 'kysely';
import { addDays, INSPECTION_KIND_LABELS, shanghaiDate, windowOf } from '@xiaoan/domain';
import type { CreateVisitBody, TeamCoverage, VisitDetail, VisitFindingBody, VisitSummary } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { RecordVisitBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { insertNotifications } from '../notifications/notification.repository.js';
import { inScope } from '../../db/scope.js';
import { createHazard } from '../hazards/hazard.service.js';
import { inspectionSelect, toInspectionSummary } from '../inspections/inspection.service.js';
import { getTeam } from '../teams/team.service.js';


/**
 * The team may act for a school only when the school is assigned to it; a team member acts
 * only for teams they belong to. Bureau staff and the admin act for any team of their bureau.
 */
async function assertTeamCovers(db: DbOrTrx, ctx: RequestContext, teamId: string, schoolId: string | null) {
  const team = await db
    .selectFrom('supervision_team as t')
    .innerJoin('unit as b', 'b.id', 't.bureau_unit_id')
    .select(['t.id', 't.name', 't.status'])
    .where('t.id', '=', teamId)
    .where(sql<boolean>`b.path @> ${ctx.actor.unitPath}::ltree OR b.path <@ ${ctx.actor.unitPath}::ltree`)
    .executeTakeFirst();
  if (!team) throw notFound('督查组');
  if (team.status !== 'active') throw new AppError('CONFLICT', '该督查组已停用');
  if (ctx.actor.role === 'team_member' || ctx.actor.role === 'bureau_leader') {
    const member = await db.selectFrom('supervision_team_member').select('user_id').where('team_id', '=', teamId).where('user_id', '=', ctx.actor.userId).executeTakeFirst();
    if (!member) throw new AppError('FORBIDDEN', `您不是“${team.name}”的成员`, { domainCode: 'NOT_TEAM_MEMBER' });
  }
  if (schoolId) {
    const assigned = await db.selectFrom('supervision_team_school').select('school_unit_id').where('team_id', '=', teamId).where('school_unit_id', '=', schoolId).executeTakeFirst();
    if (!assigned) throw new AppError('FORBIDDEN', `该学校不在“${team.name}”的督查范围内`, { domainCode: 'SCHOOL_NOT_ASSIGNED' });
  }
  return team;
}

type VisitRow = {
  id: string;
  version: number;
  team_id: string;
  team_name: string;
  school_id: string;
  school_name: string;
  kind: VisitSummary['kind'];
  planned_on: string;
  visited_on: string | null;
  status: VisitSummary['status'];
  note: string;
  summary: string;
  finding_count: string;
  inspection_count: string;
  feedback_issued_at: Date | null;
};

function visitSelect(db: DbOrTrx) {
  return db
    .selectFrom('supervision_visit as v')
    .innerJoin('supervision_team as t', 't.id', 'v.team_id')
    .innerJoin('unit as s', 's.id', 'v.school_id')
    .select([
      'v.id',
      'v.version',
      'v.team_id',
      't.name as team_name',
      'v.school_id',
      's.name as school_name',
      'v.kind',
      sql<string>`v.planned_on::text`.as('planned_on'),
      sql<string | null>`v.visited_on::text`.as('visited_on'),
      'v.status',
      'v.note',
      'v.summary',
      sql<string>`(SELECT count(*) FROM visit_finding f WHERE f.visit_id = v.id)`.as('finding_count'),
      sql<string>`(SELECT count(*) FROM inspection i WHERE i.visit_id = v.id)`.as('inspection_count'),
      'v.feedback_issued_at',
    ]);
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

export async function listVisits(db: DbOrTrx, ctx: RequestContext, q: { teamId?: string; schoolId?: string; status?: string; page?: number; pageSize?: number }) {
  let query = visitSelect(db).where(inScope('v.school_path', ctx.scope));
  if (q.teamId) query = query.where('v.team_id', '=', q.teamId);
  if (q.schoolId) query = query.where('v.school_id', '=', q.schoolId);
  if (q.status) query = query.where('v.status', '=', q.status as never);
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const rows = (await query.orderBy('v.planned_on', 'desc').orderBy('v.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute()) as VisitRow[];
  const count = await db
    .selectFrom('supervision_visit as v')
    .select(sql<string>`count(*)`.as('n'))
    .where(inScope('v.school_path', ctx.scope))
    .$if(!!q.teamId, (x) => x.where('v.team_id', '=', q.teamId!))
    .$if(!!q.schoolId, (x) => x.where('v.school_id', '=', q.schoolId!))
    .$if(!!q.status, (x) => x.where('v.status', '=', q.status as never))
    .executeTakeFirstOrThrow();
  return { items: rows.map(toSummary), total: Number(count.n) };
}

async function findVisit(db: DbOrTrx, ctx: RequestContext, id: string): Promise<VisitRow> {
  const row = (await visitSelect(db).where('v.id', '=', id).where(inScope('v.school_path', ctx.scope)).executeTakeFirst()) as VisitRow | undefined;
  if (!row) throw notFound('督查安排');
  return row;
}

async function canManage(db: DbOrTrx, ctx: RequestContext, teamId: string): Promise<boolean> {
  if (!['bureau_staff', 'team_member'].includes(ctx.actor.role)) return false;
  if (ctx.actor.role !== 'team_member') return true;
  return !!(await db.selectFrom('supervision_team_member').select('user_id').where('team_id', '=', teamId).where('user_id', '=', ctx.actor.userId).executeTakeFirst());
}

export async function getVisit(db: DbOrTrx, ctx: RequestContext, id: string): Promise<VisitDetail> {
  const row = await findVisit(db, ctx, id);
  const [inspections, findings, manage] = await Promise.all([
    inspectionSelect(db).where('i.visit_id', '=', id).orderBy('i.id').execute(),
    db
      .selectFrom('visit_finding as f')
      .innerJoin('hazard as h', 'h.id', 'f.hazard_id')
      .select(['h.id', 'h.title', 'h.state', 'h.grade', sql<string>`f.due_date::text`.as('due_date')])
      .where('f.visit_id', '=', id)
      .orderBy('h.id')
      .execute(),
    canManage(db, ctx, row.team_id),
  ]);
  return {
    visit: toSummary(row),
    inspections: inspections.map((r) => toInspectionSummary(r as never)),
    findings: findings.map((f) => ({ id: f.id, title: f.title, state: f.state, dueDate: f.due_date, grade: f.grade })),
    canManage: manage,
  };
}

export async function createVisit(db: Db, ctx: RequestContext, body: CreateVisitBody, now = new Date()): Promise<VisitDetail> {
  await assertTeamCovers(db, ctx, body.teamId, body.schoolId);
  const school = await db.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('id', '=', body.schoolId).where('kind', '=', 'school').where(inScope('path', ctx.scope)).executeTakeFirst();
  if (!school) throw notFound('学校');
  if (body.plannedOn < addDays(shanghaiDate(now), -30)) throw invalid('计划日期不能早于 30 天前', { fields: [{ field: 'plannedOn', code: 'INVALID_INPUT', message: '计划日期过早' }] });
  return db.transaction().execute(async (trx) => {
    const v = await trx
      .insertInto('supervision_visit')
      .values({ team_id: body.teamId, school_id: school.id, school_path: school.path, kind: body.kind, planned_on: body.plannedOn, note: body.note?.trim() ?? '', created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'supervision_visit.create', objectType: 'supervision_visit', objectId: v.id, details: { teamId: body.teamId, schoolId: school.id, kind: body.kind, plannedOn: body.plannedOn } });
    return getVisit(trx, ctx, v.id);
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
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('supervision_visit')
      .set({ status: body.status, visited_on: visitedOn, summary: body.summary?.trim() ?? row.summary, version: sql`version + 1`, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await recordAudit(trx, ctx, { action: `supervision_visit.${body.status === 'done' ? 'record' : 'cancel'}`, objectType: 'supervision_visit', objectId: id, details: { visitedOn } });
    return getVisit(trx, ctx, id);
  });
}

/** A finding of the visit: a ledger hazard at the school, found by this visit, with the team's deadline. */
export async function addFinding(db: Db, ctx: RequestContext, id: string, body: VisitFindingBody, idempotencyKey?: string, now = new Date()) {
  const row = await findVisit(db, ctx, id);
  await assertTeamCovers(db, ctx, row.team_id, null);
  if (row.status !== 'done') throw new AppError('CONFLICT', '请先记录督查完成，再登记发现的问题');
  if (row.feedback_issued_at) throw new AppError('CONFLICT', '督查反馈已下发，不能再增加问题');
  const today = shanghaiDate(now);
  if (body.dueDate < today) throw invalid('整改期限不能早于今天', { fields: [{ field: 'dueDate', code: 'INVALID_INPUT', message: '整改期限不能早于今天' }] });
  return createHazard(
    db,
    ctx,
    {
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
    },
    idempotencyKey,
    now,
    {
      route: `POST /api/supervision-visits/${id}/findings`,
      columns: { supervision_visit_id: id },
      after: async (trx, hazardId) => {
        await trx.insertInto('visit_finding').values({ visit_id: id, hazard_id: hazardId, due_date: body.dueDate }).execute();
      },
    },
  );
}

/** 督查反馈: sends the findings list to the school's administrators; after this the list is fixed. */
export async function issueFeedback(db: Db, ctx: RequestContext, id: string, now = new Date()): Promise<VisitDetail> {
  const row = await findVisit(db, ctx, id);
  await assertTeamCovers(db, ctx, row.team_id, null);
  if (row.status !== 'done') throw new AppError('CONFLICT', '督查尚未记录完成，不能下发反馈');
  if (row.feedback_issued_at) throw new AppError('CONFLICT', '督查反馈已下发');
  const findings = await db.selectFrom('visit_finding').select(['hazard_id', sql<string>`due_date::text`.as('due_date')]).where('visit_id', '=', id).execute();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('supervision_visit').set({ feedback_issued_at: now, feedback_issued_by: ctx.actor.userId, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
    const admins = await trx
      .selectFrom('app_user as a')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select('a.id')
      .where('a.role', '=', 'school_admin')
      .where('a.status', '=', 'active')
      .where(sql<boolean>`u.path <@ (SELECT path FROM unit WHERE id = ${row.school_id})`)
      .execute();
    const earliest = findings.map((f) => f.due_date).sort()[0];
    if (admins.length) {
      await insertNotifications(
        trx,
        admins.map((a) => ({
          userId: a.id,
          kind: 'visit_feedback',
          hazardId: findings[0]?.hazard_id ?? null,
          title: `${row.team_name}督查反馈：${findings.length} 个问题待整改`,
          body: findings.length ? `请在期限内整改并上传整改材料，最早期限 ${earliest}。` : '本次督查未发现问题。',
          dedupeKey: `visit_feedback:${id}`,
        })),
      );
    }
    await recordAudit(trx, ctx, { action: 'supervision_visit.feedback', objectType: 'supervision_visit', objectId: id, details: { findings: findings.length, notified: admins.length } });
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
  const rows = await db
    .selectFrom('supervision_team_school as ts')
    .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
    .select([
      's.id',
      's.name',
      sql<string>`(SELECT count(*) FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'done' AND v.visited_on BETWEEN ${from} AND ${to})`.as('in_window'),
      sql<string | null>`(SELECT max(v.visited_on)::text FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'done')`.as('last_visited'),
      sql<string | null>`(SELECT min(v.planned_on)::text FROM supervision_visit v WHERE v.school_id = s.id AND v.team_id = ts.team_id AND v.status = 'planned' AND v.planned_on >= ${today})`.as('next_planned'),
      sql<string>`(SELECT count(*) FROM visit_finding f JOIN supervision_visit v ON v.id = f.visit_id JOIN hazard h ON h.id = f.hazard_id WHERE v.school_id = s.id AND v.team_id = ts.team_id AND h.state NOT IN ('closed', 'rejected'))`.as('open_findings'),
    ])
    .where('ts.team_id', '=', teamId)
    .where(inScope('s.path', ctx.scope))
    .orderBy('s.name')
    .execute();
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
