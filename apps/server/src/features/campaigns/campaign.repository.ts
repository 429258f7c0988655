import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { CampaignScopeJson, TaskStatus } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';

/**
 * "The caller may see this campaign": its bureau lies in the caller's scope (bureau staff),
 * or a school the campaign includes lies in the scope (a school's own people, the team
 * members of its supervision teams). An empty scope sees nothing.
 */
export function campaignVisible(scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  const paths = sql.val(scope.unitPaths);
  return sql<boolean>`(c.bureau_unit_path <@ ${paths}::ltree[] OR EXISTS (
    SELECT 1 FROM unit s
     WHERE s.kind = 'school' AND s.status = 'active' AND s.path <@ c.bureau_unit_path
       AND (s.path <@ ${paths}::ltree[] OR s.path @> ${paths}::ltree[])
       AND campaign_includes_school(c.scope, s.id, s.school_kind, s.parent_id)))`;
}

/** Is the campaign's bureau inside the caller's scope (the caller works at the bureau, not at a school)? */
export function isBureauLevel(scope: Scope, bureauPath: string): boolean {
  return scope.unitPaths.some((p) => bureauPath === p || bureauPath.startsWith(`${p}.`));
}

export type CampaignRow = {
  id: string;
  bureau_unit_id: string;
  bureau_unit_path: string;
  title: string;
  doc_number: string | null;
  issuer: string | null;
  issued_on: string | null;
  period_start: string;
  period_end: string;
  scope: CampaignScopeJson;
  focus_domains: string[];
  leading_group: { name: string; role: string }[];
  office: { name: string; director: string | null; phone: string | null } | null;
  plan_file_id: string | null;
  copied_from_id: string | null;
  version: number;
};

export function campaignSelect(db: DbOrTrx) {
  return db
    .selectFrom('campaign as c')
    .select([
      'c.id',
      'c.bureau_unit_id',
      sql<string>`c.bureau_unit_path::text`.as('bureau_unit_path'),
      'c.title',
      'c.doc_number',
      'c.issuer',
      sql<string | null>`c.issued_on::text`.as('issued_on'),
      sql<string>`c.period_start::text`.as('period_start'),
      sql<string>`c.period_end::text`.as('period_end'),
      'c.scope',
      'c.focus_domains',
      'c.leading_group',
      'c.office',
      'c.plan_file_id',
      'c.copied_from_id',
      'c.version',
    ]);
}

export async function findCampaignVisible(db: DbOrTrx, scope: Scope, id: string): Promise<CampaignRow | undefined> {
  return (await campaignSelect(db).where('c.id', '=', id).where(campaignVisible(scope)).executeTakeFirst()) as CampaignRow | undefined;
}

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

export type StageRow = { id: string; campaign_id: string; name: string; start_on: string; end_on: string; goals: string };

export async function findStages(db: DbOrTrx, campaignIds: readonly string[]): Promise<StageRow[]> {
  if (campaignIds.length === 0) return [];
  return db
    .selectFrom('campaign_stage')
    .select(['id', 'campaign_id', 'name', sql<string>`start_on::text`.as('start_on'), sql<string>`end_on::text`.as('end_on'), 'goals'])
    .where('campaign_id', 'in', campaignIds)
    .where('sort_order', '>=', 0)
    .orderBy('campaign_id')
    .orderBy('sort_order')
    .orderBy('start_on')
    .execute();
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

/** The schools a campaign includes (active schools of its bureau matching its scope), optionally only those in `scope`. */
export async function findCampaignSchools(db: DbOrTrx, campaign: { bureau_unit_path: string; scope: CampaignScopeJson }, scope?: Scope) {
  let q = db
    .selectFrom('unit as s')
    .select(['s.id', 's.name', sql<string>`s.path::text`.as('path')])
    .where('s.kind', '=', 'school')
    .where('s.status', '=', 'active')
    .where(sql<boolean>`s.path <@ ${campaign.bureau_unit_path}::ltree`)
    .where(sql<boolean>`campaign_includes_school(${JSON.stringify(campaign.scope)}::jsonb, s.id, s.school_kind, s.parent_id)`);
  if (scope) q = q.where(inScope('s.path', scope));
  return q.orderBy('s.name').execute();
}

export async function departmentNames(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('department').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
