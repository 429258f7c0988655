import { isOverdue } from '../hazard/deadline.js';
import { can } from '../policy.js';
import type { Role } from '../roles.js';
import { scopeContains, type Scope } from '../scope.js';

/** Rules of a running campaign (专项整治): stage dates, overdue tasks, next year's copy. Pure. */

export type TaskStatusCode = 'not_started' | 'in_progress' | 'done';
export type StageDates = { name: string; start: string; end: string };

/**
 * Problems with a campaign's period and stages, as `field: reason` messages in Chinese:
 * a stage ending before it starts, two stages overlapping (a stage may start the day after
 * the previous one ends, not on it), a period ending before it starts.
 */
export function stageProblems(period: { start: string; end: string }, stages: readonly StageDates[]): string[] {
  const problems: string[] = [];
  if (period.end < period.start) problems.push(`起止时间：结束日期 ${period.end} 早于开始日期 ${period.start}`);
  return [...problems, ...stageOverlapProblems(stages)];
}

/**
 * The stages alone: one ending before it starts, two overlapping. The import page checks
 * its draft with this same rule before it posts (the server checks again with `stageProblems`).
 */
export function stageOverlapProblems(stages: readonly StageDates[]): string[] {
  const problems: string[] = [];
  stages.forEach((s, i) => {
    if (s.end < s.start) problems.push(`阶段${i + 1}「${s.name}」：结束日期 ${s.end} 早于开始日期 ${s.start}`);
  });
  const sorted = stages.map((s, i) => ({ ...s, i })).filter((s) => s.end >= s.start).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (b.start <= a.end) problems.push(`阶段${b.i + 1}「${b.name}」：与阶段${a.i + 1}「${a.name}」时间重叠（${b.start} 早于或等于 ${a.end}）`);
  }
  return problems;
}

/** A task is overdue when it is not done and its deadline (by the end of that day, Beijing time) has passed. */
export function isTaskOverdue(task: { status: TaskStatusCode; deadline: string | null }, now: Date): boolean {
  return task.status !== 'done' && task.deadline !== null && isOverdue(task.deadline, now);
}

/** How a task broken down to schools (一校一策) stands across all its school copies. */
export type TaskSchoolTally = { readonly total: number; readonly done: number; readonly inProgress: number };

/**
 * One status per task, the same on every page: broken down to schools, it is the schools' —
 * done only when every copy is, in progress once any has begun (or is done), else not started;
 * not broken down, it is the task's own.
 */
export function taskStatusOf(own: TaskStatusCode, schools: TaskSchoolTally | null): TaskStatusCode {
  if (!schools || schools.total === 0) return own;
  if (schools.done === schools.total) return 'done';
  return schools.done > 0 || schools.inProgress > 0 ? 'in_progress' : 'not_started';
}

/** Why the bureau may not set a task's status by hand, or null: a broken-down task's status is its schools'. */
export function taskStatusSetRefusal(schools: TaskSchoolTally | null): string | null {
  return schools && schools.total > 0 ? `该任务已分解到各校，状态按各校完成情况汇总（${schools.done}/${schools.total} 所已完成），不能直接修改` : null;
}

/** The same calendar date one year later (29 February becomes 28 February). */
export function nextYearDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = y + 1;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A title for next year's copy: every year 20xx in it moves on by one (2021年度 → 2022年度). */
export function nextYearTitle(title: string): string {
  const bumped = title.replace(/(19|20)\d{2}/g, (y) => String(Number(y) + 1));
  return bumped === title ? `${title}（下一年度）` : bumped;
}

/** Where a stage stands relative to today. */
export function stageState(stage: { start: string; end: string }, today: string): 'past' | 'current' | 'future' {
  if (today > stage.end) return 'past';
  if (today < stage.start) return 'future';
  return 'current';
}

/* ---------- who may do what ---------- */

export type CampaignActor = { role: Role; scope: Scope; departmentId: string | null };

/** The caller works at the campaign's bureau (its scope holds the bureau), not at a school or a team below it. */
export function isAtCampaignBureau(actor: CampaignActor, bureauPath: string): boolean {
  return scopeContains(actor.scope, bureauPath);
}

/** Managing a campaign (edit, copy, add and break down tasks): the policy allows it and the caller works at its bureau. */
export function mayManageCampaign(actor: CampaignActor, bureauPath: string): boolean {
  return can(actor.role, 'campaign.manage') && isAtCampaignBureau(actor, bureauPath);
}

export type CampaignAction = 'update' | 'copy' | 'add_task';
export type TaskAction = 'update' | 'update_status' | 'add_progress' | 'break_down';

/** What the caller may do with a campaign now (sent with the detail, as hazards send theirs). */
export function campaignAllowedActions(actor: CampaignActor, campaign: { bureauPath: string }): CampaignAction[] {
  return mayManageCampaign(actor, campaign.bureauPath) ? ['update', 'copy', 'add_task'] : [];
}

/**
 * How the caller's department stands to a task: it leads it, it is the campaign's office
 * (领导小组办公室, which runs every task), it co-operates on it, or it has no part.
 */
export type TaskPart = 'lead' | 'office' | 'cooperating' | 'none';

export function taskPartOf(
  departmentId: string | null,
  task: { leadDepartmentIds: readonly string[]; cooperatingDepartmentIds: readonly string[] },
  officeDepartmentId: string | null,
): TaskPart {
  if (departmentId === null) return 'none';
  if (task.leadDepartmentIds.includes(departmentId)) return 'lead';
  if (departmentId === officeDepartmentId) return 'office';
  if (task.cooperatingDepartmentIds.includes(departmentId)) return 'cooperating';
  return 'none';
}

/**
 * Why the caller's department may not report on a task at the bureau, or null: the lead
 * department and the office report progress and move the status; a co-operating department
 * adds its part (a note, evidence) but leaves the status to the lead; others do neither.
 */
export function taskProgressRefusal(part: TaskPart, movesStatus: boolean): { code: string; message: string } | null {
  if (part === 'lead' || part === 'office') return null;
  if (part === 'cooperating') {
    return movesStatus ? { code: 'cooperating_no_status', message: '协办科室可以补充本科室的进展，任务状态由牵头科室更新' } : null;
  }
  return { code: 'not_task_department', message: '只有牵头科室、协办科室和专项整治办公室可以报告该任务的进展' };
}

/**
 * What the caller may do with a task now: managing the campaign, bureau staff edit the task
 * and break it down to schools; the lead department and the office move its status (unless it
 * is broken down: then the schools' copies make it) and report on it, a co-operating department adds its part; a school admin only moves its own copy
 * (一校一策) on and reports on it, so without a copy it may do nothing.
 */
export function taskAllowedActions(actor: CampaignActor, task: { bureauPath: string; hasOwnCopy: boolean; part: TaskPart; brokenDown?: boolean }): TaskAction[] {
  const out: TaskAction[] = [];
  if (isAtCampaignBureau(actor, task.bureauPath)) {
    const manages = mayManageCampaign(actor, task.bureauPath);
    const updates = can(actor.role, 'task.update');
    if (manages && updates) out.push('update');
    if (updates && !task.brokenDown && taskProgressRefusal(task.part, true) === null) out.push('update_status');
    if (updates && taskProgressRefusal(task.part, false) === null) out.push('add_progress');
    if (manages) out.push('break_down');
  } else if (task.hasOwnCopy && can(actor.role, 'task.update')) {
    out.push('update_status', 'add_progress');
  }
  return out;
}

/* ---------- task lists ---------- */

export type TaskDraft = {
  title: string;
  leadDepartmentIds: readonly string[];
  cooperatingDepartmentIds?: readonly string[] | undefined;
  stageIndex?: number | null | undefined;
};

/** Every department id the tasks name (leads and cooperating), once each. */
export function taskDepartmentIds(tasks: readonly TaskDraft[]): string[] {
  return [...new Set(tasks.flatMap((t) => [...t.leadDepartmentIds, ...(t.cooperatingDepartmentIds ?? [])]))];
}

/**
 * Problems with a task list, as `field: reason` messages in Chinese: a task without a lead
 * department, a department that is not one of the bureau's (`knownDepartmentIds`), a stage
 * index beyond the campaign's stages (`stageCount`; null skips that check).
 */
export function taskProblems(tasks: readonly TaskDraft[], knownDepartmentIds: ReadonlySet<string>, stageCount: number | null): string[] {
  const problems: string[] = [];
  tasks.forEach((t, i) => {
    const label = `任务${i + 1}「${t.title.slice(0, 30)}」`;
    if (t.leadDepartmentIds.length === 0) problems.push(`${label}：缺少牵头科室，请选择至少一个牵头科室`);
    for (const d of [...t.leadDepartmentIds, ...(t.cooperatingDepartmentIds ?? [])]) {
      if (!knownDepartmentIds.has(d)) problems.push(`${label}：科室 ${d} 不存在或不属于本局`);
    }
    if (stageCount !== null && t.stageIndex != null && t.stageIndex >= stageCount) problems.push(`${label}：所属阶段不存在`);
  });
  return problems;
}

/** A campaign's scope names areas and schools of its bureau: those that are not (by their kind as found there) are problems. */
export function campaignScopeProblems(scope: { areaIds: readonly string[]; schoolIds: readonly string[] }, kindById: ReadonlyMap<string, string>): string[] {
  return [
    ...scope.areaIds.filter((a) => kindById.get(a) !== 'area').map((a) => `范围：片区 ${a} 不存在或不属于本局`),
    ...scope.schoolIds.filter((a) => kindById.get(a) !== 'school').map((a) => `范围：学校 ${a} 不存在或不属于本局`),
  ];
}

/* ---------- lead names mapped at import ---------- */

export type LeadMapping = { name: string; departmentId: string };

/**
 * Problems with the lead-name mapping a plan import's review made (a name the plan writes,
 * e.g. 安稳办, and the bureau department chosen for it): a name mapped twice, a blank name,
 * a department that is not one of the bureau's (`knownDepartmentIds`).
 */
export function leadMappingProblems(mappings: readonly LeadMapping[], knownDepartmentIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  mappings.forEach((m, i) => {
    const name = m.name.trim();
    const label = `牵头单位对应${i + 1}「${name.slice(0, 30)}」`;
    if (!name) problems.push(`牵头单位对应${i + 1}：名称不能为空`);
    else if (seen.has(name)) problems.push(`${label}：同一名称只能对应一个科室`);
    seen.add(name);
    if (!knownDepartmentIds.has(m.departmentId)) problems.push(`${label}：科室 ${m.departmentId} 不存在或不属于本局`);
  });
  return problems;
}
