import { sql } from 'kysely';
import type { TaskSchoolTally, Scope } from '@xiaoan/domain';
import type { TaskInput } from '@xiaoan/contracts';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { TaskStatus } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';
import { campaignVisible } from './campaign.repository.js';

/* Campaign tasks (任务清单), their schools' copies (一校一策) and their progress notes. */

export type TaskRow = {
  id: string;
  campaign_id: string;
  stage_id: string | null;
  title: string;
  description: string;
  domain: string | null;
  lead_department_ids: string[];
  cooperating_department_ids: string[];
  cooperating_note: string;
  deadline: string | null;
  recurrence: string | null;
  status: TaskStatus;
  version: number;
};

export function taskSelect(db: DbOrTrx) {
  return db
    .selectFrom('campaign_task as t')
    .select([
      't.id',
      't.campaign_id',
      't.stage_id',
      't.title',
      't.description',
      't.domain',
      't.lead_department_ids',
      't.cooperating_department_ids',
      't.cooperating_note',
      sql<string | null>`t.deadline::text`.as('deadline'),
      't.recurrence',
      't.status',
      't.version',
    ]);
}

export type CopyRow = { id: string; task_id: string; school_unit_id: string; school_name: string; status: TaskStatus; version: number };

/** 一校一策 copies of the tasks, only those of schools in the scope. */
export async function findCopies(db: DbOrTrx, scope: Scope, taskIds: readonly string[]): Promise<CopyRow[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('campaign_task_school as ts')
    .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
    .select(['ts.id', 'ts.task_id', 'ts.school_unit_id', 's.name as school_name', 'ts.status', 'ts.version'])
    .where('ts.task_id', 'in', taskIds)
    .where(inScope('ts.school_path', scope))
    .orderBy('ts.task_id')
    .orderBy('s.name')
    .execute();
}

export type ProgressRow = {
  id: string;
  task_id: string;
  text: string;
  file_ids: string[];
  status_after: TaskStatus | null;
  school_id: string | null;
  school_name: string | null;
  author: string;
  created_at: Date;
};

/** Progress notes of the tasks: the bureau's own and those of schools in the scope. */
export async function findProgress(db: DbOrTrx, scope: Scope, taskIds: readonly string[]): Promise<ProgressRow[]> {
  if (taskIds.length === 0) return [];
  return (await db
    .selectFrom('task_progress as p')
    .innerJoin('app_user as a', 'a.id', 'p.author_user_id')
    .leftJoin('campaign_task_school as ts', 'ts.id', 'p.task_school_id')
    .leftJoin('unit as s', 's.id', 'ts.school_unit_id')
    .select(['p.id', 'p.task_id', 'p.text', 'p.file_ids', 'p.status_after', 's.id as school_id', 's.name as school_name', 'a.display_name as author', 'p.created_at'])
    .where('p.task_id', 'in', taskIds)
    .where((eb) => eb.or([eb('p.task_school_id', 'is', null), inScope('ts.school_path', scope) as never]))
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()) as ProgressRow[];
}


/** One task by id (the caller then checks that its campaign is visible). */
export async function findTask(db: DbOrTrx, id: string): Promise<TaskRow | undefined> {
  return (await taskSelect(db).where('t.id', '=', id).executeTakeFirst()) as TaskRow | undefined;
}

/** A campaign's tasks in their order. */
export async function findCampaignTasks(db: DbOrTrx, campaignId: string): Promise<TaskRow[]> {
  return (await taskSelect(db).where('t.campaign_id', '=', campaignId).orderBy('t.sort_order').orderBy('t.id').execute()) as TaskRow[];
}

/** Status and deadline of the tasks of these campaigns (for the list's counts). */
export async function findTaskStatuses(db: DbOrTrx, campaignIds: readonly string[]): Promise<{ id: string; campaign_id: string; status: TaskStatus; deadline: string | null }[]> {
  if (campaignIds.length === 0) return [];
  return db.selectFrom('campaign_task').select(['id', 'campaign_id', 'status', sql<string | null>`deadline::text`.as('deadline')]).where('campaign_id', 'in', [...campaignIds]).execute();
}

/**
 * How each task broken down to schools stands across ALL its copies (not only those in the
 * caller's scope: a task's status is its schools' whoever looks), by task id. Tasks without
 * copies are absent.
 */
export async function findSchoolTallies(db: DbOrTrx, taskIds: readonly string[]): Promise<Map<string, TaskSchoolTally>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaign_task_school')
    .select([
      'task_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE status = 'done'))::int`.as('done'),
      sql<number>`(count(*) FILTER (WHERE status = 'in_progress'))::int`.as('in_progress'),
    ])
    .where('task_id', 'in', [...new Set(taskIds)])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, { total: r.total, done: r.done, inProgress: r.in_progress }]));
}

/** The first copy of the task belonging to a school in the scope: the one a school's caller acts on. */
export async function findOwnCopy(db: DbOrTrx, scope: Scope, taskId: string): Promise<{ id: string; status: TaskStatus; version: number; school_unit_id: string } | undefined> {
  return db
    .selectFrom('campaign_task_school')
    .select(['id', 'status', 'version', 'school_unit_id'])
    .where('task_id', '=', taskId)
    .where(inScope('school_path', scope))
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * The caller's tasks: those its department leads or co-operates on, every task of a campaign
 * whose office it is, and those broken down to a school in its scope of campaigns whose bureau
 * lies outside it; done ones last, at most 200.
 */
export async function findMyTasks(db: DbOrTrx, scope: Scope, departmentId: string | null): Promise<TaskRow[]> {
  return (await taskSelect(db)
    .innerJoin('campaign as c', 'c.id', 't.campaign_id')
    .where(campaignVisible(scope))
    .where((eb) => {
      const ors = [];
      if (departmentId) {
        ors.push(eb(sql`${departmentId}::bigint`, '=', sql`ANY(t.lead_department_ids)`));
        ors.push(eb(sql`${departmentId}::bigint`, '=', sql`ANY(t.cooperating_department_ids)`));
        // The campaign's office (named on the campaign) runs every task of it.
        ors.push(sql<boolean>`c.office->>'name' = (SELECT d.name FROM department d WHERE d.id = ${departmentId}::bigint AND d.unit_id = c.bureau_unit_id)`);
      }
      ors.push(eb.exists(eb.selectFrom('campaign_task_school as ts').select('ts.id').whereRef('ts.task_id', '=', 't.id').where(inScope('ts.school_path', scope)).where(sql<boolean>`NOT (c.bureau_unit_path <@ ${sql.val(scope.unitPaths.length ? scope.unitPaths : ['0'])}::ltree[])`)));
      return eb.or(ors);
    })
    .orderBy(sql`t.status = 'done'`)
    .orderBy(sql`t.deadline asc nulls last`)
    .orderBy('t.id')
    .limit(200)
    .execute()) as TaskRow[];
}

/** The kind of a unit ('bureau', 'school', …), undefined when there is none. */
export async function unitKind(db: DbOrTrx, unitId: string): Promise<string | undefined> {
  return (await db.selectFrom('unit').select('kind').where('id', '=', unitId).executeTakeFirst())?.kind;
}

/* ---------- writing (inside the workflow's transaction) ---------- */

/** The next free position at the end of a campaign's task list. */
export async function nextTaskOrder(trx: Trx, campaignId: string): Promise<number> {
  return (await trx.selectFrom('campaign_task').select(sql<number>`coalesce(max(sort_order) + 1, 0)::int`.as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow()).n;
}

/** Inserts tasks in order from `startOrder` (stage by index into `stageIds`); returns their ids. */
export async function insertTasks(trx: Trx, campaignId: string, tasks: readonly TaskInput[], stageIds: readonly string[], startOrder = 0): Promise<string[]> {
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

export type TaskChanges = {
  status?: TaskStatus;
  title?: string;
  description?: string;
  leadDepartmentIds?: readonly string[];
  cooperatingDepartmentIds?: readonly string[];
  deadline?: string | null;
  stageId?: string | null;
};

/** Updates the task at `version` (or, without a version, unconditionally); false when another edit came first. */
export async function updateTaskRow(trx: Trx, id: string, version: number | null, c: TaskChanges): Promise<boolean> {
  let q = trx
    .updateTable('campaign_task')
    .set({
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.title !== undefined ? { title: c.title.trim() } : {}),
      ...(c.description !== undefined ? { description: c.description.trim() } : {}),
      ...(c.leadDepartmentIds !== undefined ? { lead_department_ids: [...new Set(c.leadDepartmentIds)] } : {}),
      ...(c.cooperatingDepartmentIds !== undefined ? { cooperating_department_ids: [...new Set(c.cooperatingDepartmentIds)] } : {}),
      ...(c.deadline !== undefined ? { deadline: c.deadline } : {}),
      ...(c.stageId !== undefined ? { stage_id: c.stageId } : {}),
      version: sql`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id);
  if (version !== null) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

/** Moves a school's copy on at `version` (or unconditionally without one); false when another edit came first. */
export async function updateTaskCopy(trx: Trx, copyId: string, version: number | null, status: TaskStatus | undefined): Promise<boolean> {
  let q = trx
    .updateTable('campaign_task_school')
    .set({ ...(status ? { status } : {}), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', copyId);
  if (version !== null) q = q.where('version', '=', version);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

/** Appends a progress note (the table refuses UPDATE and DELETE). */
export async function insertProgress(
  trx: Trx,
  p: { taskId: string; copyId: string | null; text: string; fileIds: readonly string[]; statusAfter: TaskStatus | null; authorId: string },
): Promise<void> {
  await trx
    .insertInto('task_progress')
    .values({ task_id: p.taskId, task_school_id: p.copyId, text: p.text, file_ids: [...p.fileIds], status_after: p.statusAfter, author_user_id: p.authorId })
    .execute();
}

/** A copy of the task for each school, keeping those that exist; returns how many were created. */
export async function insertTaskCopies(trx: Trx, taskId: string, schools: readonly { id: string; path: string }[]): Promise<number> {
  const r = await trx
    .insertInto('campaign_task_school')
    .values(schools.map((s) => ({ task_id: taskId, school_unit_id: s.id, school_path: s.path })))
    .onConflict((oc) => oc.constraint('campaign_task_school_uq').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}
