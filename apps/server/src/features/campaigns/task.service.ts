import { isAtCampaignBureau, mayManageCampaign, taskDepartmentIds, taskProblems, taskProgressRefusal, taskStatusSetRefusal } from '@xiaoan/domain';
import type { BreakDownBody, CampaignTask, MyTask, TaskInput, TaskProgressBody, UpdateTaskBody } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { loadFilesInScope } from '../files/index.js';
import { findBureauDepartmentIds, findCampaignHeads, findCampaignSchools, findCampaignVisible, findStages, type CampaignRow } from './campaign.repository.js';
import { taskPartOfRow } from './campaign.presenter.js';
import { actorOf, assertManage, loadCampaign, presentTasks, refuse } from './campaign.service.js';
import {
  findMyTasks,
  findOwnCopy,
  findSchoolTallies,
  findTask,
  insertProgress,
  insertTaskCopies,
  insertTasks,
  nextTaskOrder,
  unitKind,
  updateTaskCopy,
  updateTaskRow,
  type TaskRow,
} from './task.repository.js';

/* A campaign's tasks: adding, editing, progress, breaking down to schools (一校一策), and "my tasks". */

/** A task of a campaign the caller may see, with its campaign; else 404. */
async function loadTask(db: DbOrTrx, ctx: RequestContext, id: string): Promise<{ task: TaskRow; campaign: CampaignRow }> {
  const task = await findTask(db, id);
  const campaign = task ? await findCampaignVisible(db, ctx.scope, task.campaign_id) : undefined;
  if (!task || !campaign) throw notFound('任务');
  return { task, campaign };
}

/**
 * At the bureau: refuses a report on the task (moving its status or not) from a department
 * without that part, and a hand-set status on a task broken down to schools (theirs make it).
 */
async function assertTaskPart(db: DbOrTrx, ctx: RequestContext, task: TaskRow, movesStatus: boolean): Promise<void> {
  const head = (await findCampaignHeads(db, [task.campaign_id])).get(task.campaign_id)!;
  const refusal = taskProgressRefusal(taskPartOfRow(actorOf(ctx), task, head), movesStatus);
  if (refusal) throw new AppError('FORBIDDEN', refusal.message, { domainCode: refusal.code });
  if (!movesStatus) return;
  const brokenDown = taskStatusSetRefusal((await findSchoolTallies(db, [task.id])).get(task.id) ?? null);
  if (brokenDown) throw new AppError('CONFLICT', brokenDown, { domainCode: 'status_from_schools' });
}

/** The school's own copy (一校一策) the caller acts on, for callers below the bureau. */
async function ownCopy(db: DbOrTrx, ctx: RequestContext, taskId: string) {
  const copy = await findOwnCopy(db, ctx.scope, taskId);
  if (!copy) {
    throw new AppError('FORBIDDEN', '该任务没有分解到本校（一校一策），学校只能更新本校副本的状态和进展', { domainCode: 'no_school_copy' });
  }
  return copy;
}

async function present(db: DbOrTrx, ctx: RequestContext, id: string): Promise<CampaignTask> {
  const row = await findTask(db, id);
  return (await presentTasks(db, ctx, row ? [row] : []))[0]!;
}

/** Adds one task to a campaign (with its lead department; 400 without one). */
export async function addTask(db: Db, ctx: RequestContext, campaignId: string, body: TaskInput & { stageId?: string | null }): Promise<CampaignTask> {
  const c = await loadCampaign(db, ctx, campaignId);
  assertManage(ctx, c);
  const problems = taskProblems([body], await findBureauDepartmentIds(db, c.bureau_unit_id, taskDepartmentIds([body])), null);
  const stages = await findStages(db, [campaignId]);
  if (body.stageIndex != null && !stages[body.stageIndex]) problems.push('阶段：所属阶段不存在');
  if (problems.length) refuse(problems);
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    const [taskId] = await insertTasks(trx, campaignId, [body], stages.map((s) => s.id), await nextTaskOrder(trx, campaignId));
    await emit({ action: 'campaign.task_create', objectType: 'task', objectId: taskId!, details: { campaignId, title: body.title } });
    return taskId!;
  });
  return present(db, ctx, id);
}

/**
 * Updates a task. Bureau staff edit the task itself (fields and status); a school edits
 * only the status of its own copy. `version` is the version of what is edited.
 */
export async function updateTask(db: Db, ctx: RequestContext, id: string, body: UpdateTaskBody): Promise<CampaignTask> {
  const { task, campaign } = await loadTask(db, ctx, id);
  if (!isAtCampaignBureau(actorOf(ctx), campaign.bureau_unit_path)) {
    const copy = await ownCopy(db, ctx, id);
    const extra = Object.keys(body).filter((k) => k !== 'version' && k !== 'status');
    if (extra.length) throw new AppError('FORBIDDEN', '学校只能修改本校副本的状态', { domainCode: 'school_status_only' });
    if (copy.version !== body.version) throw staleVersion();
    await runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateTaskCopy(trx, copy.id, body.version, body.status))) throw staleVersion();
      await emit({ action: 'task.update_copy', objectType: 'task', objectId: id, details: { copyId: copy.id, status: body.status } });
    });
    return present(db, ctx, id);
  }
  if (task.version !== body.version) throw staleVersion();
  if (body.status !== undefined && body.status !== task.status) await assertTaskPart(db, ctx, task, true);
  const problems: string[] = [];
  if (body.leadDepartmentIds && body.leadDepartmentIds.length === 0) problems.push('牵头科室：至少选择一个牵头科室');
  const deptIds = [...(body.leadDepartmentIds ?? []), ...(body.cooperatingDepartmentIds ?? [])];
  if (deptIds.length) {
    const known = await findBureauDepartmentIds(db, campaign.bureau_unit_id, deptIds);
    if (known.size !== new Set(deptIds).size) problems.push('科室：有科室不存在或不属于本局');
  }
  if (body.stageId) {
    const stages = await findStages(db, [campaign.id]);
    if (!stages.some((s) => s.id === body.stageId)) problems.push('阶段：所属阶段不存在');
  }
  if (problems.length) throw invalid(problems.join('；'));
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const { version: _version, ...changes } = body;
    if (!(await updateTaskRow(trx, id, body.version, changes))) throw staleVersion();
    await emit({ action: 'task.update', objectType: 'task', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version'), status: body.status } });
  });
  return present(db, ctx, id);
}

/**
 * Appends a progress note (text and evidence files, never changed later), optionally
 * moving the status on: the task's for bureau staff, the school's copy for a school.
 */
export async function addProgress(db: Db, ctx: RequestContext, id: string, body: TaskProgressBody): Promise<CampaignTask> {
  const { task, campaign } = await loadTask(db, ctx, id);
  const bureau = isAtCampaignBureau(actorOf(ctx), campaign.bureau_unit_path);
  if (bureau) await assertTaskPart(db, ctx, task, body.status !== undefined && body.status !== task.status);
  const copy = bureau ? null : await ownCopy(db, ctx, id);
  if (!body.text.trim()) throw invalid('进展：请填写进展情况');
  const files = body.fileIds?.length ? await loadFilesInScope(db, ctx.scope, body.fileIds) : [];
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await insertProgress(trx, { taskId: id, copyId: copy?.id ?? null, text: body.text.trim(), fileIds: files.map((f) => f.id), statusAfter: body.status ?? null, authorId: ctx.actor.userId });
    if (body.status) {
      if (copy) await updateTaskCopy(trx, copy.id, null, body.status);
      else await updateTaskRow(trx, id, null, { status: body.status });
    }
    await emit({ action: 'task.progress', objectType: 'task', objectId: id, details: { copyId: copy?.id ?? null, files: files.length, status: body.status ?? null } });
  });
  return present(db, ctx, id);
}

/** 一校一策: a copy of the task for each given school of the campaign (all of them by default); existing copies are kept. */
export async function breakDownTask(db: Db, ctx: RequestContext, id: string, body: Static<typeof BreakDownBody>): Promise<CampaignTask> {
  const { campaign } = await loadTask(db, ctx, id);
  if (!mayManageCampaign(actorOf(ctx), campaign.bureau_unit_path)) {
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
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const created = await insertTaskCopies(trx, id, chosen);
    await emit({ action: 'task.break_down', objectType: 'task', objectId: id, details: { schools: chosen.length, created } });
  });
  return present(db, ctx, id);
}

/**
 * The caller's tasks: those its department leads (bureau staff), and for a school the
 * tasks broken down to it, with its own copy. Done tasks come last.
 */
export async function myTasks(db: Db, ctx: RequestContext): Promise<{ items: MyTask[]; total: number }> {
  const rows = await findMyTasks(db, ctx.scope, ctx.actor.departmentId);
  const tasks = await presentTasks(db, ctx, rows);
  const bureauUser = ctx.scope.unitPaths.length > 0 && (await unitKind(db, ctx.actor.unitId)) === 'bureau';
  const items = tasks.map((task) => ({ task, copy: bureauUser ? null : (task.schools[0] ?? null) }));
  return { items, total: items.length };
}
