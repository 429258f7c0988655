import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned } from '../../db/versioned.js';

/** SQL of report types (报表类型) and the campaign facts they are built from. */

export type ReportTypeRow = {
  id: string;
  bureau_unit_id: string;
  bureau_unit_path: string;
  code: string;
  name: string;
  period_kind: string;
  due_rule: Record<string, unknown>;
  period_numbers: number[];
  submitter_kind: 'school' | 'team' | 'department';
  reviewer: 'bureau' | 'team';
  campaign_id: string | null;
  stage_ids: string[];
  template: unknown[];
  late_accepted: boolean;
  starts_on: string;
  ends_on: string | null;
  rule_text: string;
  status: 'active' | 'archived';
  version: number;
  created_at: Date;
  updated_at: Date;
};

/**
 * A type is visible to the users of its district: the bureau's subtree (bureau scope) and
 * everyone whose scope lies inside the bureau (schools, team members' schools).
 */
export function typeVisible(scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${inScope('t.bureau_unit_path', scope)} OR t.bureau_unit_path @> ANY(${sql.val(scope.unitPaths)}::ltree[]))`;
}

const COLUMNS = [
  't.id',
  't.bureau_unit_id',
  sql<string>`t.bureau_unit_path::text`.as('bureau_unit_path'),
  't.code',
  't.name',
  't.period_kind',
  't.due_rule',
  't.period_numbers',
  't.submitter_kind',
  't.reviewer',
  't.campaign_id',
  't.stage_ids',
  't.template',
  't.late_accepted',
  sql<string>`t.starts_on::text`.as('starts_on'),
  sql<string | null>`t.ends_on::text`.as('ends_on'),
  't.rule_text',
  't.status',
  't.version',
  't.created_at',
  't.updated_at',
] as const;

const cast = (r: unknown) => {
  const row = r as ReportTypeRow;
  return { ...row, stage_ids: (row.stage_ids ?? []).map(String), period_numbers: (row.period_numbers ?? []).map(Number) };
};

export type ReportTypeFilter = { campaignId?: string; status?: 'active' | 'archived'; submitterKind?: string };

export async function findReportTypes(db: DbOrTrx, scope: Scope, f: ReportTypeFilter, page: { page: number; pageSize: number }): Promise<{ rows: ReportTypeRow[]; total: number }> {
  let q = db.selectFrom('report_type as t').where(typeVisible(scope));
  if (f.campaignId) q = q.where('t.campaign_id', '=', f.campaignId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.submitterKind) q = q.where('t.submitter_kind', '=', f.submitterKind as 'school');
  const [rows, count] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy('t.campaign_id', (ob) => ob.desc().nullsFirst())
      .orderBy('t.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(cast), total: Number(count.n) };
}

export async function findReportTypeInScope(db: DbOrTrx, scope: Scope, id: string): Promise<ReportTypeRow | undefined> {
  const r = await db.selectFrom('report_type as t').select(COLUMNS).where('t.id', '=', id).where(typeVisible(scope)).executeTakeFirst();
  return r ? cast(r) : undefined;
}

/** Types (all of them, unscoped) for the reminder sweep: the active ones. */
export async function findActiveReportTypes(db: DbOrTrx): Promise<ReportTypeRow[]> {
  return (await db.selectFrom('report_type as t').select(COLUMNS).where('t.status', '=', 'active').orderBy('t.id').execute()).map(cast);
}

export async function codeTaken(db: DbOrTrx, bureauId: string, code: string): Promise<boolean> {
  return !!(await db.selectFrom('report_type').select('id').where('bureau_unit_id', '=', bureauId).where('code', '=', code).executeTakeFirst());
}

export type NewReportType = {
  bureauUnitId: string;
  bureauUnitPath: string;
  code: string;
  name: string;
  periodKind: string;
  dueRule: unknown;
  periodNumbers: number[];
  submitterKind: 'school' | 'team' | 'department';
  reviewer: 'bureau' | 'team';
  campaignId: string | null;
  stageIds: string[];
  campaignRuleId: string | null;
  template: unknown[];
  lateAccepted: boolean;
  startsOn: string;
  endsOn: string | null;
  ruleText: string;
  createdBy: string;
};

export async function insertReportType(trx: Trx, v: NewReportType): Promise<string> {
  const r = await trx
    .insertInto('report_type')
    .values({
      bureau_unit_id: v.bureauUnitId,
      bureau_unit_path: v.bureauUnitPath,
      code: v.code,
      name: v.name,
      period_kind: v.periodKind,
      due_rule: JSON.stringify(v.dueRule),
      period_numbers: v.periodNumbers,
      submitter_kind: v.submitterKind,
      reviewer: v.reviewer,
      campaign_id: v.campaignId,
      stage_ids: v.stageIds,
      campaign_rule_id: v.campaignRuleId,
      template: JSON.stringify(v.template),
      late_accepted: v.lateAccepted,
      starts_on: v.startsOn,
      ends_on: v.endsOn,
      rule_text: v.ruleText,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export type ReportTypeChanges = { name?: string; template?: unknown[]; lateAccepted?: boolean; reviewer?: 'bureau' | 'team'; endsOn?: string | null; status?: 'active' | 'archived'; ruleText?: string };

/** Updates at the version read; false when it changed meanwhile. */
export async function updateReportType(trx: Trx, id: string, version: number, c: ReportTypeChanges): Promise<boolean> {
  return updateVersioned(trx, 'report_type', id, version, {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.template !== undefined ? { template: JSON.stringify(c.template) } : {}),
    ...(c.lateAccepted !== undefined ? { late_accepted: c.lateAccepted } : {}),
    ...(c.reviewer !== undefined ? { reviewer: c.reviewer } : {}),
    ...(c.endsOn !== undefined ? { ends_on: c.endsOn } : {}),
    ...(c.status !== undefined ? { status: c.status } : {}),
    ...(c.ruleText !== undefined ? { rule_text: c.ruleText } : {}),
  });
}

export type StageRow = { id: string; name: string; start: string; end: string };

/** The stages of a campaign, in order. */
export async function findCampaignStages(db: DbOrTrx, campaignId: string): Promise<StageRow[]> {
  return db
    .selectFrom('campaign_stage')
    .select(['id', 'name', sql<string>`start_on::text`.as('start'), sql<string>`end_on::text`.as('end')])
    .where('campaign_id', '=', campaignId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export type CampaignForTypes = { id: string; title: string; bureau_unit_id: string; bureau_unit_path: string; period_start: string; period_end: string };

/** A campaign the caller sees (its bureau's users), for building its report types. */
export async function findCampaignInScope(db: DbOrTrx, scope: Scope, id: string): Promise<CampaignForTypes | undefined> {
  if (scope.unitPaths.length === 0) return undefined;
  return db
    .selectFrom('campaign as c')
    .select(['c.id', 'c.title', 'c.bureau_unit_id', sql<string>`c.bureau_unit_path::text`.as('bureau_unit_path'), sql<string>`c.period_start::text`.as('period_start'), sql<string>`c.period_end::text`.as('period_end')])
    .where('c.id', '=', id)
    .where(sql<boolean>`(${inScope('c.bureau_unit_path', scope)} OR c.bureau_unit_path @> ANY(${sql.val(scope.unitPaths)}::ltree[]))`)
    .executeTakeFirst();
}

export type CampaignRuleRow = { id: string; text: string; kind: 'once' | 'yearly' | 'monthly' | 'weekly' | 'quarterly' | 'termly'; due_date: string | null; day_of_month: number | null; month: number | null };

export async function findCampaignRules(db: DbOrTrx, campaignId: string): Promise<CampaignRuleRow[]> {
  return db
    .selectFrom('campaign_reporting_rule')
    .select(['id', 'text', 'kind', sql<string | null>`due_date::text`.as('due_date'), 'day_of_month', 'month'])
    .where('campaign_id', '=', campaignId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** The bureau (district root) of a unit path: its first label. */
export async function findBureauOf(db: DbOrTrx, unitPath: string): Promise<{ id: string; path: string } | undefined> {
  return db
    .selectFrom('unit')
    .select(['id', sql<string>`path::text`.as('path')])
    .where(sql<boolean>`path = subpath(${unitPath}::ltree, 0, 1)`)
    .where('kind', '=', 'bureau')
    .executeTakeFirst();
}
