import { sql } from 'kysely';
import { can } from '@xiaoan/domain';
import type { BreakDownBody, CampaignTask, MyTask, TaskProgressBody, UpdateTaskBody } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { inScope } from '../../db/scope.js';
import { loadFilesInScope } from '../files/file.service.js';
import { campaignVisible, findCampaignSchools, findCampaignVisible, findStages, isBureauLevel, taskSelect, type CampaignRow, type TaskRow } from './campaign.repository.js';
import { presentTasks } from './campaign.service.js';

/** A task of a campaign the caller may see, with its campaign; else 404. */
async function loadTask(db: DbOrTrx, ctx: RequestContext, id: string): Promise<{ task: TaskRow; campaign: CampaignRow }> {
  const task = (await taskSelect(db).where('t.id', '=', id).executeTakeFirst()) as TaskRow | undefined;
  const campaign = task ? await findCampaignVisible(db, ctx.scope, task.campaign_id) : undefined;
  if (!task || !campaign) throw notFound('任务');
  return { task, campaign };
}

/** The school's own copy (一校一策) the caller acts on, for callers below the bureau. */
async function ownCopy(db: DbOrTrx, ctx: RequestContext, taskId: string) {
  const copy = await db
    .selectFrom('campaign_task_school')
    .select(['id', 'status', 'version', 'school_unit_id'])
    .where('task_id', '=', taskId)
    .where(inScope('school_path', ctx.scope))
    .orderBy('id')
    .executeTakeFirst();
  if (!copy) {
    throw new AppError('FORBIDDEN', '该任务没有分解到本校（一校一策），学校只能更新本校副本的状态和进展', { domainCode: 'no_school_copy' });
  }
  return copy;
}

async function present(db: DbOrTrx, ctx: RequestContext, id: string): Promise<CampaignTask> {
  const rows = (await taskSelect(db).where('t.id', '=', id).execute()) as TaskRow[];
  return (await presentTasks(db, ctx, rows))[0]!;
}

/**
 * Updates a task. Bureau staff edit the task itself (fields and status); a school edits
 * only the status of its own copy. `version` is the version of what is edited.
 */
export async function updateTask(db: Db, ctx: RequestContext, id: string, body: UpdateTaskBody): Promise<CampaignTask> {
  const { task, campaign } = await loadTask(db, ctx, id);
  if (!isBureauLevel(ctx.scope, campaign.bureau_unit_path)) {
    const copy = await ownCopy(db, ctx, id);
    const extra = Object.keys(body).filter((k) => k !== 'version' && k !== 'status');
    if (extra.length) throw new AppError('FORBIDDEN', '学校只能修改本校副本的状态', { domainCode: 'school_status_only' });
    if (copy.version !== body.version) throw staleVersion();
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('campaign_task_school')
        .set({ ...(body.status ? { status: body.status } : {}), version: sql`version + 1`, updated_at: new Date() })
        .where('id', '=', copy.id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
      await recordAudit(trx, ctx, { action: 'task.update_copy', objectType: 'task', objectId: id, details: { copyId: copy.id, status: body.status } });
    });
    return present(db, ctx, id);
  }
  if (task.version !== body.version) throw staleVersion();
  const problems: string[] = [];
  if (body.leadDepartmentIds && body.leadDepartmentIds.length === 0) problems.push('牵头科室：至少选择一个牵头科室');
  const deptIds = [...(body.leadDepartmentIds ?? []), ...(body.cooperatingDepartmentIds ?? [])];
  if (deptIds.length) {
    const n = await db.selectFrom('department').select('id').where('unit_id', '=', campaign.bureau_unit_id).where('id', 'in', deptIds).execute();
    if (new Set(n.map((d) => d.id)).size !== new Set(deptIds).size) problems.push('科室：有科室不存在或不属于本局');
  }
  if (body.stageId) {
    const stages = await findStages(db, [campaign.id]);
    if (!stages.some((s) => s.id === body.stageId)) problems.push('阶段：所属阶段不存在');
  }
  if (problems.length) throw invalid(problems.join('；'));
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('campaign_task')
      .set({
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description.trim() } : {}),
        ...(body.leadDepartmentIds !== undefined ? { lead_department_ids: [...new Set(body.leadDepartmentIds)] } : {}),
        ...(body.cooperatingDepartmentIds !== undefined ? { cooperating_department_ids: [...new Set(body.cooperatingDepartmentIds)] } : {}),
        ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
        ...(body.stageId !== undefined ? { stage_id: body.stageId } : {}),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
    await recordAudit(trx, ctx, { action: 'task.update', objectType: 'task', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version'), status: body.status } });
  });
  return present(db, ctx, id);
}

/**
 * Appends a progress note (text and evidence files, never changed later), optionally
 * moving the status on: the task's for bureau staff, the school's copy for a school.
 */
export async function addProgress(db: Db, ctx: RequestContext, id: string, body: TaskProgressBody): Promise<CampaignTask> {
  const { campaign } = await loadTask(db, ctx, id);
  const bureau = isBureauLevel(ctx.scope, campaign.bureau_unit_path);
  const copy = bureau ? null : await ownCopy(db, ctx, id);
  if (!body.text.trim()) throw invalid('进展：请填写进展情况');
  const files = body.fileIds?.length ? await loadFilesInScope(db, ctx.scope, body.fileIds) : [];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('task_progress')
      .values({ task_id: id, task_school_id: copy?.id ?? null, text: body.text.trim(), file_ids: files.map((f) => f.id), status_after: body.status ?? null, author_user_id: ctx.actor.userId })
      .execute();
    if (body.status) {
      if (copy) await trx.updateTable('campaign_task_school').set({ status: body.status, version: sql`version + 1`, updated_at: new Date() }).where('id', '=', copy.id).execute();
      else await trx.updateTable('campaign_task').set({ status: body.status, version: sql`version + 1`, updated_at: new Date() }).where('id', '=', id).execute();
    }
    await recordAudit(trx, ctx, { action: 'task.progress', objectType: 'task', objectId: id, details: { copyId: copy?.id ?? null, files: files.length, status: body.status ?? null } });
  });
  return present(db, ctx, id);
}

/** 一校一策: a copy of the task for each given school of the campaign (all of them by default); existing copies are kept. */
export async function breakDownTask(db: Db, ctx: RequestContext, id: string, body: Static<typeof BreakDownBody>): Promise<CampaignTask> {
  const { campaign } = await loadTask(db, ctx, id);
  if (!can(ctx.actor.role, 'campaign.manage') || !isBureauLevel(ctx.scope, campaign.bureau_unit_path)) {
    throw new AppError('FORBIDDEN', '只有教育局的工作人员可以分解任务', { domainCode: 'not_bureau' });
  }
  const schools = await findCampaignSchools(db, campaign);
  let chosen = schools;
  if (body.schoolIds) {
    const byId = new Map(schools.map((s) => [s.id, s]));
    const unknown = body.schoolIds.filter((s) => !byId.has(s));
    if (unknown.length) throw invalid(`学校：${unknown.join('、')} 不在本专项整治的范围内`);
    chosen = [...new Set(body.schoolIds)].map((s) => byId.get(s)!);
  }
  if (chosen.length === 0) throw invalid('学校：本专项整治范围内没有学校');
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('campaign_task_school')
      .values(chosen.map((s) => ({ task_id: id, school_unit_id: s.id, school_path: s.path })))
      .onConflict((oc) => oc.constraint('campaign_task_school_uq').doNothing())
      .executeTakeFirst();
    await recordAudit(trx, ctx, { action: 'task.break_down', objectType: 'task', objectId: id, details: { schools: chosen.length, created: Number(r.numInsertedOrUpdatedRows ?? 0) } });
  });
  return present(db, ctx, id);
}

/**
 * The caller's tasks: those its department leads (bureau staff), and for a school the
 * tasks broken down to it, with its own copy. Done tasks come last.
 */
export async function myTasks(db: Db, ctx: RequestContext): Promise<{ items: MyTask[]; total: number }> {
  const dept = ctx.actor.departmentId;
  const rows = (await taskSelect(db)
    .innerJoin('campaign as c', 'c.id', 't.campaign_id')
    .where(campaignVisible(ctx.scope))
    .where((eb) => {
      const ors = [];
      if (dept) ors.push(eb(sql`${dept}::bigint`, '=', sql`ANY(t.lead_department_ids)`));
      ors.push(eb.exists(eb.selectFrom('campaign_task_school as ts').select('ts.id').whereRef('ts.task_id', '=', 't.id').where(inScope('ts.school_path', ctx.scope)).where(sql<boolean>`NOT (c.bureau_unit_path <@ ${sql.val(ctx.scope.unitPaths.length ? ctx.scope.unitPaths : ['0'])}::ltree[])`)));
      return eb.or(ors);
    })
    .orderBy(sql`t.status = 'done'`)
    .orderBy(sql`t.deadline asc nulls last`)
    .orderBy('t.id')
    .limit(200)
    .execute()) as TaskRow[];
  const tasks = await presentTasks(db, ctx, rows);
  const bureauUser = ctx.scope.unitPaths.length > 0 && (await db.selectFrom('unit').select('kind').where('id', '=', ctx.actor.unitId).executeTakeFirst())?.kind === 'bureau';
  const items = tasks.map((task) => ({ task, copy: bureauUser ? null : (task.schools[0] ?? null) }));
  return { items, total: items.length };
}
