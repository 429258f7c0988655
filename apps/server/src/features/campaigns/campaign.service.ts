import { isTaskOverdue, mayManageCampaign, taskStatusOf, type CampaignActor } from '@xiaoan/domain';
import type { CampaignDetail, CampaignSummary, CampaignTask } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import {
  departmentNames,
  findCampaignHeads,
  findCampaignsVisible,
  findCampaignTeams,
  findCampaignVisible,
  findIndicators,
  findReportingRules,
  findStages,
  type CampaignRow,
} from './campaign.repository.js';
import { toDetail, toSummary, toTasks } from './campaign.presenter.js';
import { findCampaignTasks, findCopies, findProgress, findSchoolTallies, findTaskStatuses, type TaskRow } from './task.repository.js';

/*
 * Reading campaigns, and what every campaign workflow shares (the scoped load, the
 * manage guard, the 400 with field messages). The writes are one use case per file:
 * campaign-edit (create, update), campaign-copy (next year's), campaign-overview, task.
 */

export const actorOf = (ctx: RequestContext): CampaignActor => ({ role: ctx.actor.role, scope: ctx.scope, departmentId: ctx.actor.departmentId });

const fieldErrors = (messages: string[]) => ({ fields: messages.map((message) => ({ field: message.split('：')[0], code: 'INVALID_INPUT', message })) });
/** 400 with every problem found, each as a field error (nothing is written). */
export function refuse(messages: string[]): never {
  throw invalid(messages.join('；'), fieldErrors(messages));
}

/** The campaign the caller may see, else 404 (out of scope reads like missing). */
export async function loadCampaign(db: DbOrTrx, ctx: RequestContext, id: string): Promise<CampaignRow> {
  const c = await findCampaignVisible(db, ctx.scope, id);
  if (!c) throw notFound('专项整治');
  return c;
}

/** Managing a campaign: the policy allows it and the caller works at the campaign's bureau. */
export function assertManage(ctx: RequestContext, c: CampaignRow): void {
  if (!mayManageCampaign(actorOf(ctx), c.bureau_unit_path)) {
    throw new AppError('FORBIDDEN', '只有教育局的工作人员可以修改专项整治', { domainCode: 'not_bureau' });
  }
}

/** Tasks as the API shows them: names of departments and stage, the copies and progress the caller may see. */
export async function presentTasks(db: DbOrTrx, ctx: RequestContext, rows: readonly TaskRow[], now = new Date()): Promise<CampaignTask[]> {
  const ids = rows.map((r) => r.id);
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id))];
  const [copies, schoolTallies, progress, departments, stages, campaigns] = await Promise.all([
    findCopies(db, ctx.scope, ids),
    findSchoolTallies(db, ids),
    findProgress(db, ctx.scope, ids),
    departmentNames(db, rows.flatMap((r) => [...r.lead_department_ids, ...r.cooperating_department_ids])),
    findStages(db, campaignIds),
    findCampaignHeads(db, campaignIds),
  ]);
  return toTasks(rows, { copies, schoolTallies, progress, departments, stages, campaigns }, actorOf(ctx), now);
}

export async function listCampaigns(db: Db, ctx: RequestContext): Promise<{ items: CampaignSummary[]; total: number }> {
  const rows = await findCampaignsVisible(db, ctx.scope);
  const tasks = await findTaskStatuses(db, rows.map((r) => r.id));
  const tallies = await findSchoolTallies(db, tasks.map((t) => t.id));
  const now = new Date();
  const statusOf = (t: (typeof tasks)[number]) => {
    const status = taskStatusOf(t.status, tallies.get(t.id) ?? null);
    return { status, overdue: isTaskOverdue({ status, deadline: t.deadline }, now) };
  };
  const items = rows.map((c) => toSummary(c, tasks.filter((t) => t.campaign_id === c.id).map(statusOf)));
  return { items, total: items.length };
}

export async function getCampaign(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<CampaignDetail> {
  const c = await loadCampaign(db, ctx, id);
  const [stages, indicators, rules, teams, taskRows] = await Promise.all([
    findStages(db, [id]),
    findIndicators(db, id),
    findReportingRules(db, id),
    findCampaignTeams(db, id),
    findCampaignTasks(db, id),
  ]);
  const tasks = await presentTasks(db, ctx, taskRows, now);
  return toDetail(c, { stages, indicators, rules, teams, tasks }, actorOf(ctx), now);
}
