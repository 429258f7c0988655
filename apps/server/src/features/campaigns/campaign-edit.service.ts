import { campaignScopeProblems, leadMappingProblems, stageProblems, taskDepartmentIds, taskProblems } from '@xiaoan/domain';
import type { CampaignDetail, CampaignScope, CreateCampaignBody, UpdateCampaignBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { CampaignScopeJson } from '../../db/schema.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { runCommand, type Emit } from '../../kernel/command.js';
import { loadFilesInScope } from '../files/index.js';
import {
  copySupervisionTeams,
  findActorUnit,
  findBureauDepartmentIds,
  findBureauTeams,
  findStages,
  insertCampaign,
  insertStages,
  replaceStages,
  unitKindsUnder,
  updateCampaignHeader,
  type UnitRef,
} from './campaign.repository.js';
import { assertManage, getCampaign, loadCampaign, refuse } from './campaign.service.js';
import { insertTasks } from './task.repository.js';

/* Creating a campaign (from a reviewed proposal or by hand) and editing its header and stages. */

const ALL_SCHOOLS: CampaignScopeJson = { all: true, schoolKinds: [], areaIds: [], schoolIds: [] };
const scopeOf = (s: CampaignScope | undefined): CampaignScopeJson => (s ? { all: s.all, schoolKinds: s.schoolKinds, areaIds: s.areaIds, schoolIds: s.schoolIds } : ALL_SCHOOLS);

/** The caller's bureau (campaigns belong to a bureau; schools and areas cannot create them). */
export async function callerBureau(db: DbOrTrx, ctx: RequestContext): Promise<UnitRef> {
  const u = await findActorUnit(db, ctx.actor.unitId);
  if (u.kind !== 'bureau') throw new AppError('FORBIDDEN', '只有教育局账号可以建立专项整治', { domainCode: 'not_bureau' });
  return u;
}

async function scopeProblems(db: DbOrTrx, bureauPath: string, s: CampaignScopeJson): Promise<string[]> {
  return campaignScopeProblems(s, await unitKindsUnder(db, bureauPath, [...s.areaIds, ...s.schoolIds]));
}

/**
 * Checks a new campaign before anything is written: title, stages (no overlap, none ending
 * before it starts), tasks (each with a lead department of the bureau), scope, plan file and
 * teams of the bureau. Any problem: 400. Returns the teams to copy.
 */
async function checkNewCampaign(db: Db, ctx: RequestContext, bureau: UnitRef, body: CreateCampaignBody) {
  const stages = body.stages ?? [];
  const tasks = body.tasks ?? [];
  const mappings = body.leadMappings ?? [];
  const problems = [
    ...(body.title.trim() ? [] : ['标题：不能为空']),
    ...stageProblems({ start: body.periodStart, end: body.periodEnd }, stages),
    ...taskProblems(tasks, await findBureauDepartmentIds(db, bureau.id, taskDepartmentIds(tasks)), stages.length),
    ...leadMappingProblems(mappings, await findBureauDepartmentIds(db, bureau.id, mappings.map((m) => m.departmentId))),
    ...(await scopeProblems(db, bureau.path, scopeOf(body.scope))),
  ];
  if (problems.length) refuse(problems);
  if (body.planFileId) await loadFilesInScope(db, ctx.scope, [body.planFileId]);
  const teamIds = body.teamIds ?? [];
  const teams = await findBureauTeams(db, bureau.id, teamIds);
  if (teams.length !== new Set(teamIds).size) refuse(['督查组：有督查组不存在或不属于本局']);
  return teams;
}

/** How a new campaign came about: by hand or from a proposal, or as next year's copy. */
type CreatedAs = { copiedFromId: string | null; audit: 'campaign.create' | 'campaign.copy' };

/**
 * Writes a checked campaign inside the caller's command: the campaign, its stages,
 * indicators and reporting rules, the teams copied from the supervision teams, the tasks and
 * the audit event. Returns its id.
 */
async function writeCampaign(
  trx: Trx,
  emit: Emit,
  ctx: RequestContext,
  bureau: UnitRef,
  body: CreateCampaignBody,
  teams: readonly { id: string; name: string }[],
  opts: CreatedAs,
): Promise<string> {
  const stages = body.stages ?? [];
  const tasks = body.tasks ?? [];
  const id = await insertCampaign(trx, { ...body, bureauId: bureau.id, bureauPath: bureau.path, scope: scopeOf(body.scope), copiedFromId: opts.copiedFromId, createdBy: ctx.actor.userId });
  const stageIds = await insertStages(trx, id, stages);
  await copySupervisionTeams(trx, id, teams);
  await insertTasks(trx, id, tasks, stageIds);
  await emit({
    action: opts.audit,
    objectType: 'campaign',
    objectId: id,
    details: {
      title: body.title,
      stages: stages.length,
      tasks: tasks.length,
      planFileId: body.planFileId ?? null,
      copiedFromId: opts.copiedFromId,
      // the plan's lead names that matched no department, and the department the review chose for each
      leadMappings: (body.leadMappings ?? []).map((m) => ({ name: m.name.trim(), departmentId: m.departmentId })),
    },
  });
  return id;
}

/**
 * Checks and writes a campaign in one transaction, then `more(trx, id)` in the same one
 * (next year's copy adds its recorded teams there), so a failure anywhere leaves nothing.
 */
export async function createCampaignWith(
  db: Db,
  ctx: RequestContext,
  body: CreateCampaignBody,
  opts: CreatedAs,
  more: (trx: Trx, id: string) => Promise<void> = async () => {},
): Promise<CampaignDetail> {
  const bureau = await callerBureau(db, ctx);
  const teams = await checkNewCampaign(db, ctx, bureau, body);
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    const campaignId = await writeCampaign(trx, emit, ctx, bureau, body, teams, opts);
    await more(trx, campaignId);
    return campaignId;
  });
  return getCampaign(db, ctx, id);
}

/**
 * Creates a campaign from a reviewed proposal or by hand, all in one transaction: stages
 * (no overlap, none ending before it starts), tasks (each with a lead department), teams
 * copied from the supervision teams, indicators and reporting rules. Any problem: 400,
 * nothing written.
 */
export async function createCampaign(db: Db, ctx: RequestContext, body: CreateCampaignBody): Promise<CampaignDetail> {
  return createCampaignWith(db, ctx, body, { copiedFromId: null, audit: 'campaign.create' });
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
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const updated = await updateCampaignHeader(trx, id, body.version, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.docNumber !== undefined ? { docNumber: body.docNumber } : {}),
      ...(body.issuer !== undefined ? { issuer: body.issuer } : {}),
      ...(body.issuedOn !== undefined ? { issuedOn: body.issuedOn } : {}),
      periodStart: start,
      periodEnd: end,
      ...(body.scope ? { scope: scopeOf(body.scope) } : {}),
      ...(body.focusDomains ? { focusDomains: body.focusDomains } : {}),
    });
    if (!updated) throw staleVersion();
    if (body.stages) await replaceStages(trx, id, existing, body.stages);
    await emit({ action: 'campaign.update', objectType: 'campaign', objectId: id, details: { fields: Object.keys(body).filter((k) => k !== 'version') } });
  });
  return getCampaign(db, ctx, id);
}
