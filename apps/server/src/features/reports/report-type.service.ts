import {
  REPORT_TEMPLATES,
  reportPeriodsBetween,
  scheduleOfCampaignRule,
  scheduleProblems,
  reportRuleText,
  shanghaiDate,
  templateProblems,
  type DueRule,
  type ReportPeriodKind,
  type ReportSection,
} from '@xiaoan/domain';
import type { CampaignReportTypesBody, CreateReportTypeBody, ReportPeriod, ReportPeriodsQuery, ReportType, ReportTypeListQuery, UpdateReportTypeBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { idempotent, runCommand, type Emit } from '../../kernel/command.js';
import { toPeriod, toReportType } from './report.presenter.js';
import { loadType, notYours, seesDistrict, typeAllowedActions } from './report.service.js';
import {
  codeTaken,
  findBureauOf,
  findCampaignInScope,
  findCampaignRules,
  findCampaignStages,
  findReportTypeInScope,
  findReportTypes,
  insertReportType,
  updateReportType,
  type NewReportType,
} from './report-type.repository.js';

/** Report types (报表类型): list, detail, create and edit, their periods, and a campaign's reporting rules as types. */

export async function listReportTypes(db: DbOrTrx, ctx: RequestContext, q: ReportTypeListQuery): Promise<{ items: ReportType[]; total: number }> {
  const { rows, total } = await findReportTypes(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toReportType(r, typeAllowedActions(ctx, r))), total };
}

export async function getReportType(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ReportType> {
  const t = await loadType(db, ctx, id);
  return toReportType(t.row, typeAllowedActions(ctx, t.row));
}

/** The type's periods overlapping [from, to] (default: this year), with due dates. */
export async function listReportPeriods(db: DbOrTrx, ctx: RequestContext, id: string, q: ReportPeriodsQuery, now = new Date()): Promise<{ items: ReportPeriod[]; total: number }> {
  const t = await loadType(db, ctx, id);
  const today = shanghaiDate(now);
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? `${today.slice(0, 4)}-12-31`;
  if (to < from) throw invalid('to: 结束日期不能早于开始日期', ['to: 早于 from']);
  const items = reportPeriodsBetween(t.schedule, from, to).map(toPeriod);
  return { items, total: items.length };
}

type TypeSpec = Omit<NewReportType, 'ruleText' | 'createdBy' | 'bureauUnitId' | 'bureauUnitPath'>;

/** Checks a type's schedule and template; throws a 400 listing every problem. */
function checkSpec(spec: TypeSpec, stageCount: number) {
  const problems = [
    ...scheduleProblems({ periodKind: spec.periodKind as ReportPeriodKind, dueRule: spec.dueRule as DueRule, periodNumbers: spec.periodNumbers, startsOn: spec.startsOn, endsOn: spec.endsOn, stageCount }),
    ...templateProblems(spec.template as ReportSection[]),
  ];
  if (spec.reviewer === 'team' && spec.submitterKind !== 'school') problems.push('reviewer: 只有学校报送的报表可由督查组审核');
  if (problems.length) throw invalid(problems.join('；'), problems);
}

async function createOne(trx: Trx, ctx: RequestContext, emit: Emit, bureau: { id: string; path: string }, spec: TypeSpec): Promise<string> {
  if (await codeTaken(trx, bureau.id, spec.code)) throw new AppError('CONFLICT', `报表代码“${spec.code}”已被使用`, { domainCode: 'code_taken' });
  const ruleText = reportRuleText({ periodKind: spec.periodKind as ReportPeriodKind, dueRule: spec.dueRule as DueRule, periodNumbers: spec.periodNumbers }, spec.lateAccepted);
  const id = await insertReportType(trx, { ...spec, bureauUnitId: bureau.id, bureauUnitPath: bureau.path, ruleText, createdBy: ctx.actor.userId });
  await emit({ action: 'report_type.create', objectType: 'report_type', objectId: id, details: { code: spec.code, name: spec.name, periodKind: spec.periodKind, ruleText } });
  return id;
}

async function bureauOfCaller(db: DbOrTrx, ctx: RequestContext) {
  const bureau = await findBureauOf(db, ctx.actor.unitPath);
  if (!bureau || !seesDistrict(ctx, bureau.path)) throw notYours('只有教育局可以设置报表类型');
  return bureau;
}

export async function createReportType(db: Db, ctx: RequestContext, body: CreateReportTypeBody, idemKey?: string, now = new Date()): Promise<ReportType> {
  const bureau = await bureauOfCaller(db, ctx);
  const campaignId = body.campaignId ?? null;
  let stageIds: string[] = [];
  if (campaignId) {
    const campaign = await findCampaignInScope(db, ctx.scope, campaignId);
    if (!campaign || campaign.bureau_unit_id !== bureau.id) throw notFound('专项整治');
    const stages = await findCampaignStages(db, campaignId);
    stageIds = body.stageIds ?? (body.periodKind === 'stage' ? stages.map((s) => s.id) : []);
    const unknown = stageIds.filter((id) => !stages.some((s) => s.id === id));
    if (unknown.length) throw invalid(`stageIds: 阶段 ${unknown.join('、')} 不属于该专项整治`, ['stageIds: 阶段无效']);
  } else if (body.periodKind === 'stage' || body.stageIds?.length) {
    throw invalid('campaignId: 阶段报送须属于一个专项整治', ['campaignId: 缺少专项整治']);
  }
  const spec: TypeSpec = {
    code: body.code,
    name: body.name.trim(),
    periodKind: body.periodKind,
    dueRule: body.dueRule,
    periodNumbers: [...new Set(body.periodNumbers ?? [])].sort((a, b) => a - b),
    submitterKind: body.submitterKind,
    reviewer: body.reviewer ?? 'bureau',
    campaignId,
    stageIds,
    campaignRuleId: null,
    template: body.template,
    lateAccepted: body.lateAccepted ?? true,
    startsOn: body.startsOn ?? shanghaiDate(now),
    endsOn: body.endsOn ?? null,
  };
  checkSpec(spec, stageIds.length);
  const id = await runCommand(db, ctx, idempotent(idemKey, 'POST /api/report-types', body), (trx, emit) => createOne(trx, ctx, emit, bureau, spec));
  return getReportType(db, ctx, id);
}

export async function updateReportTypeById(db: Db, ctx: RequestContext, id: string, body: UpdateReportTypeBody): Promise<ReportType> {
  const t = await loadType(db, ctx, id);
  if (!seesDistrict(ctx, t.row.bureau_unit_path)) throw notYours('只有教育局可以修改报表类型');
  if (body.template) {
    const problems = templateProblems(body.template as ReportSection[]);
    if (problems.length) throw invalid(problems.join('；'), problems);
  }
  if (body.reviewer === 'team' && t.row.submitter_kind !== 'school') throw invalid('reviewer: 只有学校报送的报表可由督查组审核', ['reviewer: 无效']);
  if (body.endsOn && body.endsOn < t.row.starts_on) throw invalid('endsOn: 结束日期早于开始日期', ['endsOn: 早于开始日期']);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = await updateReportType(trx, id, body.version, {
      name: body.name?.trim(),
      template: body.template,
      lateAccepted: body.lateAccepted,
      reviewer: body.reviewer,
      endsOn: body.endsOn,
      status: body.status,
      ...(body.lateAccepted !== undefined ? { ruleText: reportRuleText(t.schedule, body.lateAccepted) } : {}),
    });
    if (!ok) throw staleVersion();
    const { version: _version, ...changes } = body;
    await emit({ action: 'report_type.update', objectType: 'report_type', objectId: id, details: { fields: Object.keys(changes) } });
  });
  const row = await findReportTypeInScope(db, ctx.scope, id);
  if (!row) throw notFound('报表类型');
  return toReportType(row, typeAllowedActions(ctx, row));
}

const TEMPLATE_OF = { summary: REPORT_TEMPLATES.summary, list: REPORT_TEMPLATES.monthlyHazardList, plain: REPORT_TEMPLATES.plain } as const;

/**
 * A campaign's reporting rules become its report types in one step: the caller confirms each
 * rule it wants (by id, with a code, a name and who submits); all are created in one
 * transaction or none. Answers the created types.
 */
export async function createCampaignReportTypes(db: Db, ctx: RequestContext, campaignId: string, body: CampaignReportTypesBody, idemKey?: string): Promise<{ items: ReportType[]; total: number }> {
  const bureau = await bureauOfCaller(db, ctx);
  const campaign = await findCampaignInScope(db, ctx.scope, campaignId);
  if (!campaign || campaign.bureau_unit_id !== bureau.id) throw notFound('专项整治');
  const rules = new Map((await findCampaignRules(db, campaignId)).map((r) => [r.id, r]));
  const stages = await findCampaignStages(db, campaignId);
  const problems: string[] = [];
  const specs: TypeSpec[] = [];
  const codes = new Set<string>();
  body.rules.forEach((c, i) => {
    const rule = rules.get(c.ruleId);
    if (!rule) {
      problems.push(`rules[${i}].ruleId: 规则 ${c.ruleId} 不属于该专项整治`);
      return;
    }
    if (codes.has(c.code)) problems.push(`rules[${i}].code: 报表代码“${c.code}”重复`);
    codes.add(c.code);
    const sched = scheduleOfCampaignRule({ text: rule.text, kind: rule.kind, dueDate: rule.due_date, dayOfMonth: rule.day_of_month, month: rule.month }, { stageAfterDays: c.stageAfterDays });
    if (sched.periodKind === 'once' && sched.dueRule.kind !== 'on') problems.push(`rules[${i}]: “${rule.text}”没有识别出截止日期，请在专项整治中补充后再生成`);
    const spec: TypeSpec = {
      code: c.code,
      name: c.name.trim(),
      periodKind: sched.periodKind,
      dueRule: sched.dueRule,
      periodNumbers: sched.periodNumbers,
      submitterKind: c.submitterKind,
      reviewer: c.reviewer ?? 'bureau',
      campaignId,
      stageIds: sched.periodKind === 'stage' ? stages.map((s) => s.id) : [],
      campaignRuleId: rule.id,
      template: [...TEMPLATE_OF[c.template ?? 'summary']],
      lateAccepted: c.lateAccepted ?? true,
      startsOn: campaign.period_start,
      endsOn: campaign.period_end,
    };
    try {
      checkSpec(spec, spec.stageIds.length);
    } catch (e) {
      problems.push(...((e as AppError).details as string[]).map((p) => `rules[${i}].${p}`));
    }
    specs.push(spec);
  });
  if (problems.length) throw invalid(problems.join('；'), problems);
  const ids = await runCommand(db, ctx, idempotent(idemKey, `POST /api/campaigns/${campaignId}/report-types`, body), async (trx, emit) => {
    const out: string[] = [];
    for (const spec of specs) out.push(await createOne(trx, ctx, emit, bureau, spec));
    return out;
  });
  const items: ReportType[] = [];
  for (const id of ids) {
    const row = await findReportTypeInScope(db, ctx.scope, id);
    if (row) items.push(toReportType(row, typeAllowedActions(ctx, row)));
  }
  return { items, total: items.length };
}
