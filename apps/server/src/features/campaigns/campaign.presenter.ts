import {
  campaignAllowedActions,
  daysUntilDue,
  isTaskOverdue,
  mayManageCampaign,
  shanghaiDate,
  stageState,
  taskAllowedActions,
  taskPartOf,
  taskStatusOf,
  type CampaignActor,
  type TaskPart,
  type TaskSchoolTally,
} from '@xiaoan/domain';
import type { CampaignDetail, CampaignOverview, CampaignSummary, CampaignTask } from '@xiaoan/contracts';
import type { CampaignHead, CampaignRow, IndicatorRow, ReportingRuleRow, SchoolTally, StageRow, TeamRow } from './campaign.repository.js';
import type { CopyRow, ProgressRow, TaskRow } from './task.repository.js';

/* Rows to the API's shapes. Pure: the workflows load, this file only arranges. */

type Tallied = { status: string; overdue: boolean };

export function tally(tasks: readonly Tallied[]) {
  return {
    total: tasks.length,
    notStarted: tasks.filter((t) => t.status === 'not_started').length,
    inProgress: tasks.filter((t) => t.status === 'in_progress').length,
    done: tasks.filter((t) => t.status === 'done').length,
    overdue: tasks.filter((t) => t.overdue).length,
  };
}

export function toSummary(c: CampaignRow, tasks: readonly Tallied[]): CampaignSummary {
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

/** What a task list needs besides its rows: the copies and progress the caller may see, names of departments, stages and campaigns. */
export type TaskRelations = {
  copies: readonly CopyRow[];
  /** Every task's standing across all its school copies (not only those the caller sees). */
  schoolTallies: ReadonlyMap<string, TaskSchoolTally>;
  progress: readonly ProgressRow[];
  departments: ReadonlyMap<string, string>;
  stages: readonly StageRow[];
  campaigns: ReadonlyMap<string, CampaignHead>;
};

/** The caller's department's part in a task row (lead, office, co-operating, none). */
export function taskPartOfRow(actor: CampaignActor, r: TaskRow, campaign: Pick<CampaignHead, 'officeDepartmentId'>): TaskPart {
  return taskPartOf(actor.departmentId, { leadDepartmentIds: r.lead_department_ids, cooperatingDepartmentIds: r.cooperating_department_ids }, campaign.officeDepartmentId);
}

export function toTasks(rows: readonly TaskRow[], rel: TaskRelations, actor: CampaignActor, now: Date): CampaignTask[] {
  const stageName = new Map(rel.stages.map((s) => [s.id, s.name]));
  const ref = (id: string) => ({ id, name: rel.departments.get(id) ?? `科室${id}` });
  return rows.map((r) => {
    const copies = rel.copies.filter((c) => c.task_id === r.id);
    const campaign = rel.campaigns.get(r.campaign_id);
    const tallyOf = rel.schoolTallies.get(r.id);
    const status = taskStatusOf(r.status, tallyOf ?? null);
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignTitle: campaign?.title ?? '',
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
      status,
      overdue: isTaskOverdue({ status, deadline: r.deadline }, now),
      schoolTally: tallyOf ?? null,
      version: r.version,
      schools: copies.map((c) => ({
        id: c.id,
        school: { id: c.school_unit_id, name: c.school_name },
        status: c.status,
        overdue: isTaskOverdue({ status: c.status, deadline: r.deadline }, now),
        version: c.version,
      })),
      progress: rel.progress
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
      allowedActions: campaign
        ? taskAllowedActions(actor, { bureauPath: campaign.bureauPath, hasOwnCopy: copies.length > 0, part: taskPartOfRow(actor, r, campaign), brokenDown: !!tallyOf })
        : [],
    };
  });
}

export type CampaignParts = {
  stages: readonly StageRow[];
  indicators: readonly IndicatorRow[];
  rules: readonly ReportingRuleRow[];
  teams: readonly TeamRow[];
  tasks: CampaignTask[];
};

export function toDetail(c: CampaignRow, p: CampaignParts, actor: CampaignActor, now: Date): CampaignDetail {
  return {
    campaign: toSummary(c, p.tasks),
    scope: c.scope,
    leadingGroup: c.leading_group,
    office: c.office,
    planFileId: c.plan_file_id,
    stages: p.stages.map((s) => ({ id: s.id, name: s.name, start: s.start_on, end: s.end_on, goals: s.goals })),
    indicators: p.indicators.map((i) => ({ id: i.id, name: i.name, target: Number(i.target), unit: i.unit })),
    reportingRules: p.rules.map((r) => ({ id: r.id, text: r.text, kind: r.kind, dueDate: r.due_date, dayOfMonth: r.day_of_month, month: r.month })),
    teams: p.teams.map((t) => ({ id: t.id, name: t.name, leader: t.leader, members: t.members, schools: t.schools })),
    tasks: p.tasks,
    today: shanghaiDate(now),
    canManage: mayManageCampaign(actor, c.bureau_unit_path),
    allowedActions: campaignAllowedActions(actor, { bureauPath: c.bureau_unit_path }),
  };
}

export type OverviewCounts = {
  schools: readonly { id: string; name: string }[];
  hazards: readonly SchoolTally[];
  inspections: readonly { school_id: string; n: number }[];
};

/** The overview from the detail the caller sees and the per-school counts. */
export function toOverview(c: CampaignRow, detail: CampaignDetail, counts: OverviewCounts, now: Date): CampaignOverview {
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

  const { schools, hazards, inspections } = counts;
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
