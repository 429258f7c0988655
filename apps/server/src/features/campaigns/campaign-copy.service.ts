import { nextYearDate, nextYearTitle } from '@xiaoan/domain';
import type { CampaignDetail, CreateCampaignBody, TaskInput } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { insertRecordedTeams } from './campaign.repository.js';
import { createCampaignWith } from './campaign-edit.service.js';
import { assertManage, getCampaign, loadCampaign } from './campaign.service.js';

/** The body of next year's campaign: every date one year later, the title's years moved on, no statuses, no progress. */
function nextYearBody(src: CampaignDetail, title: string | undefined): CreateCampaignBody {
  const stageIndex = new Map(src.stages.map((s, i) => [s.id, i]));
  return {
    title: title?.trim() || nextYearTitle(src.campaign.title),
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
  };
}

/**
 * Next year's campaign from this one: every date one year later, statuses reset, no
 * progress, the teams as the source campaign recorded them (not today's roster). One
 * transaction: a failure while copying the teams leaves no copy behind.
 */
export async function copyCampaign(db: Db, ctx: RequestContext, id: string, body: { title?: string }): Promise<CampaignDetail> {
  const src = await getCampaign(db, ctx, id);
  assertManage(ctx, await loadCampaign(db, ctx, id));
  return createCampaignWith(db, ctx, nextYearBody(src, body.title), { copiedFromId: id, audit: 'campaign.copy' }, (trx, copyId) => insertRecordedTeams(trx, copyId, src.teams));
}
