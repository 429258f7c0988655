import { sql } from 'kysely';
import { can, daysUntilDue, isTaskOverdue, nextYearDate, nextYearTitle, shanghaiDate, stageProblems, stageState } from '@xiaoan/domain';
import type {
  CampaignDetail,
  CampaignOverview,
  CampaignScope,
  CampaignSummary,
  CampaignTask,
  CreateCampaignBody,
  TaskInput,
  UpdateCampaignBody,
} from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { CampaignScopeJson } from '../../db/schema.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { inScope } from '../../db/scope.js';
import { loadFilesInScope } from '../files/file.service.js';
import {
  campaignSelect,
  campaignVisible,
  departmentNames,
  findCampaignSchools,
  findCampaignVisible,
  findCopies,
  findProgress,
  findStages,
  isBureauLevel,
  taskSelect,
  type CampaignRow,
  type TaskRow,
} from './campaign.repository.js';

const ALL_SCHOOLS: CampaignScopeJson = { all: true, schoolKinds: [], areaIds: [], schoolIds: [] };

const fieldErrors = (messages: string[]) => ({ fields: messages.map((message) => ({ field: message.split('：')[0], code: 'INVALID_INPUT', message })) });
function refuse(messages: string[]): never {
  throw invalid(messages.join('；'), fieldErrors(messages));
}

/** The campaign the caller may see, else 404 (out of scope reads like missing). */
export async function loadCampaign(db: DbOrTrx, ctx: RequestContext, id: string): Promise<CampaignRow> {
  const c = await findCampaignVisible(db, ctx.scope, id);
  if (!c) throw notFound('专项整治');
  return c;
}

/** Managing a campaign: the policy allows it and the caller works at the campaign's bureau. */
function assertManage(ctx: RequestContext, c: CampaignRow): void {
  if (!can(ctx.actor.role, 'campaign.manage') || !isBureauLevel(ctx.scope, c.bureau_unit_path)) {
    throw new AppError('FORBIDDEN', '只有教育局的工作人员可以修改专项整治', { domainCode: 'not_bureau' });
  }
}

/** The caller's bureau (campaigns belong to a bureau; schools and areas cannot create them). */
async function callerBureau(db: DbOrTrx, ctx: RequestContext) {
  const u = await db.selectFrom('unit').select(['id', 'kind', sql<string>`path::text`.as('path')]).where('id', '=', ctx.actor.unitId).executeTakeFirstOrThrow();
  if (u.kind !== 'bureau') throw new AppError('FORBIDDEN', '只有教育局账号可以建立专项整治', { domainCode: 'not_bureau' });
  return u;
}

/* ---------- reading ---------- */

function tally<T extends { status: string; overdue: boolean }>(tasks: readonly T[]) {
  return {
    total: tasks.length,
    notStarted: tasks.filter((t) => t.status === 'not_started').length,
    inProgress: tasks.filter((t) => t.status === 'in_progress').length,
    done: tasks.filter((t) => t.status === 'done').length,
    overdue: tasks.filter((t) => t.overdue).length,
  };
}

/** Tasks as the API shows them: names of departments and stage, the copies and progress the caller may see. */
export async function presentTasks(db: DbOrTrx, ctx: RequestContext, rows: readonly TaskRow[], now = new Date()): Promise<CampaignTask[]> {
  const ids = rows.map((r) => r.id);
  const [copies, progress, depts, stages, campaigns] = await Promise.all([
    findCopies(db, ctx.scope, ids),
    findProgress(db, ctx.scope, ids),
    departmentNames(db, rows.flatMap((r) => [...r.lead_department_ids, ...r.cooperating_department_ids])),
    findStages(db, [...new Set(rows.map((r) => r.campaign_id))]),
    rows.length ? db.selectFrom('campaign').select(['id', 'title']).where('id', 'in', [...new Set(rows.map((r) => r.campaign_id))]).execute() : Promise.resolve([]),
  ]);
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  const titleOf = new Map(campaigns.map((c) => [c.id, c.title]));
  const ref = (id: string) => ({ id, name: depts.get(id) ?? `科室${id}` });
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    campaignTitle: titleOf.get(r.campaign_id) ?? '',
    stageId: r.stage_id,
    stageName: r.stage_id ? (stageName.get(r.stage_id) ?? null) : null,
    title: r.title,
    description: r.description,
    domain: r.domain,
    leads: r.lead_department_ids.map(ref),
    cooperating: r.cooperating_department_ids.map(ref),
    cooperatingNote: r.cooperating_note,
    deadline: r.deadline,
    recurrence: r.recurrence,
    status: r.status,
    overdue: isTaskOverdue(r, now),
    version: r.version,
    schools: copies
      .filter((c) => c.task_id === r.id)
      .map((c) => ({ id: c.id, school: { id: c.school_unit_id, name: c.school_name }, status: c.status, overdue: isTaskOverdue({ status: c.status, deadline: r.deadline }, now), version: c.version })),
    progress: progress
      .filter((p) => p.task_id === r.id)
      .map((p) => ({
        id: p.id,
        text: p.text,
        fileIds: p.file_ids,
        statusAfter: p.status_after,
        school: p.school_id ? { id: p.school_id, name: p.school_name ?? '' } : null,
        author: p.author,
        createdAt: p.created_at.toISOString(),
      })),
  }));
}

async function campaignTasks(db: DbOrTrx, campaignId: string): Promise<TaskRow[]> {
  return (await taskSelect(db).where('t.campaign_id', '=', campaignId).orderBy('t.sort_order').orderBy('t.id').execute()) as TaskRow[];
}

function toSummary(c: CampaignRow, tasks: readonly { status: string; overdue: boolean }[]): CampaignSummary {
  const t = tally(tasks);
  return {
    id: c.id,
    title: c.title,
    docNumber: c.doc_number,
    issuer: c.issuer,
    issuedOn: c.issued_on,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    focusDomains: c.focus_domains,
    taskCount: t.total,
    doneCount: t.done,
    overdueCount: t.overdue,
    copiedFromId: c.copied_from_id,
    version: c.version,
  };
}

export async function listCampaigns(db: Db, ctx: RequestContext) {
  const rows = (await campaignSelect(db).where(campaignVisible(ctx.scope)).orderBy('c.period_start', 'desc').orderBy('c.id', 'desc').execute()) as CampaignRow[];
  const ids = rows.map((r) => r.id);
  const tasks = ids.length
    ? await db.selectFrom('campaign_task').select(['campaign_id', 'status', sql<string | null>`deadline::text`.as('deadline')]).where('campaign_id', 'in', ids).execute()
    : [];
  const now = new Date();
  const items = rows.map((c) => toSummary(c, tasks.filter((t) => t.campaign_id === c.id).map((t) => ({ status: t.status, overdue: isTaskOverdue(t, now) }))));
  return { items, total: items.length };
}

export async function getCampaign(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<CampaignDetail> {
  const c = await loadCampaign(db, ctx, id);
  const [stages, indicators, rules, teams, teamSchools, taskRows] = await Promise.all([
    findStages(db, [id]),
    db.selectFrom('campaign_indicator').select(['id', 'name', 'target', 'unit']).where('campaign_id', '=', id).orderBy('sort_order').execute(),
    db
      .selectFrom('campaign_reporting_rule')
      .select(['id', 'text', 'kind', sql<string | null>`due_date::text`.as('due_date'), 'day_of_month', 'month'])
      .where('campaign_id', '=', id)
      .orderBy('sort_order')
      .execute(),
    db.selectFrom('campaign_team').select(['id', 'name', 'leader', 'members']).where('campaign_id', '=', id).orderBy('sort_order').execute(),
    db
      .selectFrom('campaign_team_school as cs')
      .innerJoin('campaign_team as ct', 'ct.id', 'cs.campaign_team_id')
      .select(['cs.campaign_team_id', 'cs.school_unit_id', 'cs.school_name'])
      .where('ct.campaign_id', '=', id)
      .orderBy('cs.school_name')
      .execute(),
    campaignTasks(db, id),
  ]);
  const tasks = await presentTasks(db, ctx, taskRows, now);
  return {
    campaign: toSummary(c, tasks),
    scope: c.scope,
    leadingGroup: c.leading_group,
    office: c.office,
    planFileId: c.plan_file_id,
    stages: stages.map((s) => ({ id: s.id, name: s.name, start: s.start_on, end: s.end_on, goals: s.goals })),
    indicators: indicators.map((i) => ({ id: i.id, name: i.name, target: Number(i.target), unit: i.unit })),
    reportingRules: rules.map((r) => ({ id: r.id, text: r.text, kind: r.kind, dueDate: r.due_date, dayOfMonth: r.day_of_month, month: r.month })),
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      leader: t.leader,
      members: t.members,
      schools: teamSchools.filter((s) => s.campaign_team_id === t.id).map((s) => ({ id: s.school_unit_id, name: s.school_name })),
    })),
    tasks,
    today: shanghaiDate(now),
    canManage: can(ctx.actor.role, 'campaign.manage') && isBureauLevel(ctx.scope, c.bureau_unit_path),
  };
}

/**
 * The campaign at a glance: stages against today, task progress by lead department and by
 * stage, overdue tasks, each school's part, and the hazards and inspections of its schools
 * within its period (a hazard belongs to every campaign whose period and schools cover it).
 */
export async function campaignOverview(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<CampaignOverview> {
  const detail = await getCampaign(db, ctx, id, now);
  const c = (await findCampaignVisible(db, ctx.scope, id))!;
  const today = detail.today;
  const { stages, tasks } = detail;
  const current = stages.find((s) => stageState(s, today) === 'current') ?? null;

  const deptIds = [...new Set(tasks.flatMap((t) => t.leads.map((l) => l.id)))];
  const byDepartment = deptIds.map((d) => {
    const mine = tasks.filter((t) => t.leads.some((l) => l.id === d));
    return { department: mine[0]!.leads.find((l) => l.id === d)!, ...tally(mine) };
  });
  const byStage = [
    ...stages.map((s) => ({ stage: { id: s.id, name: s.name }, ...tally(tasks.filter((t) => t.stageId === s.id)) })),
    ...(tasks.some((t) => !t.stageId) ? [{ stage: null, ...tally(tasks.filter((t) => !t.stageId)) }] : []),
  ];
  const overdueTasks = tasks
    .filter((t) => t.overdue && t.deadline)
    .map((t) => ({ id: t.id, title: t.title, deadline: t.deadline!, leads: t.leads.map((l) => l.name), daysOverdue: -daysUntilDue(t.deadline!, now) }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);

  const schools = await findCampaignSchools(db, c, ctx.scope);
  const schoolIds = schools.map((s) => s.id);
  const [hazards, inspections] = schoolIds.length
    ? await Promise.all([
        db
          .selectFrom('hazard as h')
          .select(['h.school_id', sql<number>`count(*)::int`.as('n'), sql<number>`count(*) FILTER (WHERE h.state = 'closed')::int`.as('closed')])
          .where('h.school_id', 'in', schoolIds)
          .where(inScope('h.unit_path', ctx.scope))
          .where('h.found_at', '>=', c.period_start)
          .where('h.found_at', '<=', c.period_end)
          .groupBy('h.school_id')
          .execute(),
        db
          .selectFrom('inspection as i')
          .select(['i.school_id', sql<number>`count(*)::int`.as('n')])
          .where('i.school_id', 'in', schoolIds)
          .where(inScope('i.unit_path', ctx.scope))
          .where('i.inspected_on', '>=', c.period_start)
          .where('i.inspected_on', '<=', c.period_end)
          .groupBy('i.school_id')
          .execute(),
      ])
    : [[], []];
  const hz = new Map(hazards.map((h) => [h.school_id, h]));
  const ins = new Map(inspections.map((i) => [i.school_id, i.n]));
  const copies = tasks.flatMap((t) => t.schools);
  return {
    today,
    timeline: {
      start: c.period_start,
      end: c.period_end,
      todayInPeriod: today >= c.period_start && today <= c.period_end,
      currentStageId: current?.id ?? null,
      stages: stages.map((s) => ({ id: s.id, name: s.name, start: s.start, end: s.end, state: stageState(s, today) })),
    },
    byDepartment,
    byStage,
    overdueTasks,
    schools: schools.map((s) => {
      const mine = copies.filter((x) => x.school.id === s.id);
      return {
        school: { id: s.id, name: s.name },
        taskCopies: mine.length,
        done: mine.filter((x) => x.status === 'done').length,
        overdue: mine.filter((x) => x.overdue).length,
        hazards: hz.get(s.id)?.n ?? 0,
        inspections: ins.get(s.id) ?? 0,
      };
    }),
    schoolCount: schools.length,
    attribution: {
      hazards: hazards.reduce((a, h) => a + h.n, 0),
      hazardsClosed: hazards.reduce((a, h) => a + h.closed, 0),
      inspections: inspections.reduce((a, i) => a + i.n, 0),
    },
  };
}

/* ---------- writing ---------- */

const scopeOf = (s: CampaignScope | undefined): CampaignScopeJson => (s ? { all: s.all, schoolKinds: s.schoolKinds, areaIds: s.areaIds, schoolIds: s.schoolIds } : ALL_SCHOOLS);

/** Checks the ids a task names: departments of the bureau, a stage of the campaign. */
async function taskProblems(db: DbOrTrx, bureauId: string, tasks: readonly TaskInput[], stageCount: number | null): Promise<string[]> {
  const problems: string[] = [];
  const ids = [...new Set(tasks.flatMap((t) => [...t.leadDepartmentIds, ...(t.cooperatingDepartmentIds ?? [])]))];
  const known = ids.length
    ? new Set((await db.selectFrom('department').select('id').where('unit_id', '=', bureauId).where('id', 'in', ids).execute()).map((d) => d.id))
    : new Set<string>();
  tasks.forEach((t, i) => {
    const label = `任务${i + 1}「${t.title.slice(0, 30)}」`;
    if (t.leadDepartmentIds.length === 0) problems.push(`${label}：缺少牵头科室，请选择至少一个牵头科室`);
    for (const d of [...t.leadDepartmentIds, ...(t.cooperatingDepartmentIds ?? [])]) {
      if (!known.has(d)) problems.push(`${label}：科室 ${d} 不存在或不属于本局`);
    }
    if (stageCount !== null && t.stageIndex != null && t.stageIndex >= stageCount) problems.push(`${label}：所属阶段不存在`);
  });
  return problems;
}

async function scopeProblems(db: DbOrTrx, bureauPath: string, s: CampaignScopeJson): Promise<string[]> {
  const ids = [...s.areaIds, ...s.schoolIds];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('unit')
    .select(['id', 'kind'])
    .where('id', 'in', ids)
    .where(sql<boolean>`path <@ ${bureauPath}::ltree`)
    .execute();
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  return [
    ...s.areaIds.filter((a) => kinds.get(a) !== 'area').map((a) => `范围：片区 ${a} 不存在或不属于本局`),
    ...s.schoolIds.filter((a) => kinds.get(a) !== 'school').map((a) => `范围：学校 ${a} 不存在或不属于本局`),
  ];
}

async function insertTasks(trx: Trx, campaignId: string, tasks: readonly TaskInput[], stageIds: readonly string[], startOrder = 0): Promise<string[]> {
  const out: string[] = [];
  for (const [i, t] of tasks.entries()) {
    const row = await trx
      .insertInto('campaign_task')
      .values({
        campaign_id: campaignId,
        stage_id: t.stageIndex != null ? (stageIds[t.stageIndex] ?? null) : null,
        sort_order: startOrder + i,
        title: t.title.trim(),
        description: t.description?.trim() ?? '',
        domain: t.domain ?? null,
        lead_department_ids: [...new Set(t.leadDepartmentIds)],
        cooperating_department_ids: [...new Set(t.cooperatingDepartmentIds ?? [])],
        cooperating_note: t.cooperatingNote?.trim() ?? '',
        deadline: t.deadline ?? null,
        recurrence: t.recurrence ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push(row.id);
  }
  return out;
}

/** Copies supervision teams (name, leader, members, schools as they are now) into the campaign. */
async function copyTeams(trx: Trx, campaignId: string, bureauId: string, teamIds: readonly string[]): Promise<void> {
  if (teamIds.length === 0) return;
  const teams = await trx.selectFrom('supervision_team').select(['id', 'name']).where('bureau_unit_id', '=', bureauId).where('id', 'in', teamIds).orderBy('sort_order').orderBy('id').execute();
  if (teams.length !== new Set(teamIds).size) refuse(['督查组：有督查组不存在或不属于本局']);
  for (const [i, t] of teams.entries()) {
    const people = await trx
      .selectFrom('supervision_team_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['u.display_name', 'm.position'])
      .where('m.team_id', '=', t.id)
      .orderBy('m.sort_order')
      .execute();
    const ct = await trx
      .insertInto('campaign_team')
      .values({
        campaign_id: campaignId,
        source_team_id: t.id,
        sort_order: i,
        name: t.name,
        leader: people.find((p) => p.position === 'leader')?.display_name ?? null,
        members: people.filter((p) => p.position !== 'leader').map((p) => p.display_name),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('campaign_team_school')
      .columns(['campaign_team_id', 'school_unit_id', 'school_name'])
      .expression((eb) =>
        eb
          .selectFrom('supervision_team_school as ts')
          .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
          .select([sql<string>`${ct.id}::bigint`.as('campaign_team_id'), 'ts.school_unit_id', 's.name'])
          .where('ts.team_id', '=', t.id),
      )
      .execute();
  }
}

/**
 * Creates a campaign from a reviewed proposal or by hand, all in one transaction: stages
 * (no overlap, none ending before it starts), tasks (each with a lead department), teams
 * copied from the supervision teams, indicators and reporting rules. Any problem: 400,
 * nothing written.
 */
export async function createCampaign(db: Db, ctx: RequestContext, body: CreateCampaignBody, opts: { copiedFromId?: string | null; audit?: string } = {}): Promise<CampaignDetail> {
  const bureau = await callerBureau(db, ctx);
  const stages = body.stages ?? [];
  const tasks = body.tasks ?? [];
  const scope = scopeOf(body.scope);
  const problems = [
    ...(body.title.trim() ? [] : ['标题：不能为空']),
    ...stageProblems({ start: body.periodStart, end: body.periodEnd }, stages),
    ...(await taskProblems(db, bureau.id, tasks, stages.length)),
    ...(await scopeProblems(db, bureau.path, scope)),
  ];
  if (problems.length) refuse(problems);
  if (body.planFileId) await loadFilesInScope(db, ctx.scope, [body.planFileId]);

  const id = await db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('campaign')
      .values({
        bureau_unit_id: bureau.id,
        bureau_unit_path: bureau.path,
        title: body.title.trim(),
        doc_number: body.docNumber?.trim() || null,
        issuer: body.issuer?.trim() || null,
        issued_on: body.issuedOn ?? null,
        period_start: body.periodStart,
        period_end: body.periodEnd,
        scope: JSON.stringify(scope),
        focus_domains: body.focusDomains ?? [],
        leading_group: JSON.stringify(body.leadingGroup ?? []),
        office: body.office ? JSON.stringify(body.office) : null,
        plan_file_id: body.planFileId ?? null,
        copied_from_id: opts.copiedFromId ?? null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stageIds: string[] = [];
    for (const [i, s] of stages.entries()) {
      const r = await trx
        .insertInto('campaign_stage')
        .values({ campaign_id: c.id, sort_order: i, name: s.name.trim(), start_on: s.start, end_on: s.end, goals: s.goals?.trim() ?? '' })
        .returning('id')
        .executeTakeFirstOrThrow();
      stageIds.push(r.id);
    }
    for (const [i, x] of (body.indicators ?? []).entries()) {
      await trx.insertInto('campaign_indicator').values({ campaign_id: c.id, sort_order: i, name: x.name.trim(), target: x.target, unit: x.unit ?? '%' }).execute();
    }
    for (const [i, r] of (body.reportingRules ?? []).entries()) {
      await trx
        .insertInto('campaign_reporting_rule')
        .values({ campaign_id: c.id, sort_order: i, text: r.text.trim(), kind: r.kind, due_date: r.dueDate ?? null, day_of_month: r.dayOfMonth ?? null, month: r.month ?? null })
        .execute();
    }
    await copyTeams(trx, c.id, bureau.id, body.teamIds ?? []);
    await insertTasks(trx, c.id, tasks, stageIds);
    await recordAudit(trx, ctx, {
      action: opts.audit ?? 'campaign.create',
      objectType: 'campaign',
      objectId: c.id,
      details: { title: body.title, stages: stages.length, tasks: tasks.length, planFileId: body.planFileId ?? null, copiedFromId: opts.copiedFromId ?? null },
    });
    return c.id;
  });
  return getCampaign(db, ctx, id);
}

/** Edits the header, scope and (replacing them) the stages; `version` guards against concurrent edits. */
export async function updateCampaign(db: Db, ctx: RequestContext, id: string, body: UpdateCampaignBody): Promise<CampaignDetail> {
  const c = await loadCampaign(db, ctx, id);
  assertManage(ctx, c);
  if (c.version !== body.version) throw staleVersion();
  const start = body.periodStart ?? c.period_start;
  const end = body.periodEnd ?? c.period_end;
  const existing = await findStages(db, [id]);
  const problems = [
    ...(body.title !== undefined && !body.title.trim() ? ['标题：不能为空'] : []),
    ...stageProblems({ start, end }, body.stages ?? existing.map((s) => ({ name: s.name, start: s.start_on, end: s.end_on }))),
    ...(body.scope ? await scopeProblems(db, c.bureau_unit_path, scopeOf(body.scope)) : []),
  ];
  if (problems.length) refuse(problems);
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('campaign')
      .set({
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.docNumber !== undefined ? { doc_number: body.docNumber?.trim() || null } : {}),
        ...(body.issuer !== undefined ? { issuer: body.issuer?.trim() || null } : {}),
        ...(body.issuedOn !== undefined ? { issued_on: body.issuedOn } : {}),
        period_start: start,
        period_end: end,
        ...(body.scope ? { scope: JSON.stringify(scopeOf(body.scope)) } : {}),
        ...(body.focusDomains ? { focus_domains: body.focusDomains } : {}),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    if (body.stages) {
      // Stages keep their ids by position, so tasks stay in "their" stage; extra ones are added, missing ones detached.
      for (const [i, s] of body.stages.entries()) {
        const old = existing[i];
        if (old) await trx.updateTable('campaign_stage').set({ name: s.name.trim(), start_on: s.start, end_on: s.end, goals: s.goals?.trim() ?? '', sort_order: i }).where('id', '=', old.id).execute();
        else await trx.insertInto('campaign_stage').values({ campaign_id: id, sort_order: i, name: s.name.trim(), start_on: s.start, end_on: s.end, goals: s.goals?.trim() ?? '' }).execute();
      }
      const removed = existing.slice(body.stages.length).map((s) => s.id);
      if (removed.length) {
        await trx.updateTable('campaign_task').set({ stage_id: null }).where('stage_id', 'in', removed).execute();
        // A removed stage is moved out of the timeline rather than deleted (the application role cannot delete).
        await trx.updateTable('campaign_stage').set({ sort_order: -1, campaign_id: id }).where('id', 'in', removed).execute();
      }
    }
    await recordAudit(trx, ctx, { action: 'campaign.update', objectType: 'campaign', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version') } });
  });
  return getCampaign(db, ctx, id);
}

/** Next year's campaign from this one: every date one year later, statuses reset, no progress, teams as copied. */
export async function copyCampaign(db: Db, ctx: RequestContext, id: string, body: { title?: string }): Promise<CampaignDetail> {
  const src = await getCampaign(db, ctx, id);
  const c = (await findCampaignVisible(db, ctx.scope, id))!;
  assertManage(ctx, c);
  const stageIndex = new Map(src.stages.map((s, i) => [s.id, i]));
  const created = await createCampaign(
    db,
    ctx,
    {
      title: body.title?.trim() || nextYearTitle(src.campaign.title),
      docNumber: null,
      issuer: src.campaign.issuer,
      issuedOn: null,
      periodStart: nextYearDate(src.campaign.periodStart),
      periodEnd: nextYearDate(src.campaign.periodEnd),
      scope: src.scope,
      focusDomains: src.campaign.focusDomains as CreateCampaignBody['focusDomains'],
      leadingGroup: src.leadingGroup,
      office: src.office,
      stages: src.stages.filter((s) => stageIndex.has(s.id)).map((s) => ({ name: s.name, start: nextYearDate(s.start), end: nextYearDate(s.end), goals: s.goals })),
      indicators: src.indicators.map((x) => ({ name: x.name, target: x.target, unit: x.unit })),
      reportingRules: src.reportingRules.map((r) => ({
        text: r.text,
        kind: r.kind as 'once',
        dueDate: r.dueDate ? nextYearDate(r.dueDate) : null,
        dayOfMonth: r.dayOfMonth,
        month: r.month,
      })),
      tasks: src.tasks.map((t) => ({
        title: t.title,
        description: t.description,
        domain: t.domain as TaskInput['domain'],
        leadDepartmentIds: t.leads.map((l) => l.id),
        cooperatingDepartmentIds: t.cooperating.map((l) => l.id),
        cooperatingNote: t.cooperatingNote,
        deadline: t.deadline ? nextYearDate(t.deadline) : null,
        recurrence: t.recurrence,
        stageIndex: t.stageId ? (stageIndex.get(t.stageId) ?? null) : null,
      })),
    },
    { copiedFromId: id, audit: 'campaign.copy' },
  );
  // The teams as the source campaign recorded them (not today's roster).
  await db.transaction().execute(async (trx) => {
    for (const [i, t] of src.teams.entries()) {
      const ct = await trx
        .insertInto('campaign_team')
        .values({ campaign_id: created.campaign.id, sort_order: i, name: t.name, leader: t.leader, members: t.members })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const s of t.schools) await trx.insertInto('campaign_team_school').values({ campaign_team_id: ct.id, school_unit_id: s.id, school_name: s.name }).execute();
    }
  });
  return getCampaign(db, ctx, created.campaign.id);
}

/** Adds one task to a campaign (with its lead department; 400 without one). */
export async function addTask(db: Db, ctx: RequestContext, campaignId: string, body: TaskInput & { stageId?: string | null }): Promise<CampaignTask> {
  const c = await loadCampaign(db, ctx, campaignId);
  assertManage(ctx, c);
  const problems = await taskProblems(db, c.bureau_unit_id, [body], null);
  const stages = await findStages(db, [campaignId]);
  if (body.stageIndex != null && !stages[body.stageIndex]) problems.push('阶段：所属阶段不存在');
  if (problems.length) refuse(problems);
  const id = await db.transaction().execute(async (trx) => {
    const max = await trx.selectFrom('campaign_task').select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
    const [taskId] = await insertTasks(trx, campaignId, [body], stages.map((s) => s.id), max.n);
    await recordAudit(trx, ctx, { action: 'campaign.task_create', objectType: 'task', objectId: taskId!, details: { campaignId, title: body.title } });
    return taskId!;
  });
  const rows = (await taskSelect(db).where('t.id', '=', id).execute()) as TaskRow[];
  return (await presentTasks(db, ctx, rows))[0]!;
}
