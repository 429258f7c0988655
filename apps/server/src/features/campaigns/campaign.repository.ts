import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';
import type { CreateCampaignBody, StageInput } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { CampaignScopeJson, TaskStatus } from '../../db/schema.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned } from '../../db/versioned.js';

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

/** The campaigns the caller may see, newest period first. */
export async function findCampaignsVisible(db: DbOrTrx, scope: Scope): Promise<CampaignRow[]> {
  return (await campaignSelect(db).where(campaignVisible(scope)).orderBy('c.period_start', 'desc').orderBy('c.id', 'desc').execute()) as CampaignRow[];
}

/** Title and bureau of campaigns by id (for task lists that span campaigns); callers pass ids of campaigns already seen. */
/**
 * Title, bureau and office of campaigns by id. The office (领导小组办公室) is named in words on the
 * campaign; `officeDepartmentId` is the bureau's department of that name, when there is one.
 */
export async function findCampaignHeads(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, CampaignHead>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaign as c')
    .select([
      'c.id',
      'c.title',
      sql<string>`c.bureau_unit_path::text`.as('bureau_path'),
      sql<string | null>`(SELECT d.id::text FROM department d WHERE d.unit_id = c.bureau_unit_id AND d.name = c.office->>'name' ORDER BY d.id LIMIT 1)`.as('office_department_id'),
    ])
    .where('c.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, bureauPath: r.bureau_path, officeDepartmentId: r.office_department_id }]));
}

export type CampaignHead = { title: string; bureauPath: string; officeDepartmentId: string | null };

export type UnitRef = { id: string; kind: string; path: string };

/** The caller's own unit (its kind says whether it may create a campaign). */
export async function findActorUnit(db: DbOrTrx, unitId: string): Promise<UnitRef> {
  return db.selectFrom('unit').select(['id', 'kind', sql<string>`path::text`.as('path')]).where('id', '=', unitId).executeTakeFirstOrThrow();
}

/** Of these ids, the departments that belong to the bureau. */
export async function findBureauDepartmentIds(db: DbOrTrx, bureauId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.selectFrom('department').select('id').where('unit_id', '=', bureauId).where('id', 'in', [...new Set(ids)]).execute()).map((d) => d.id));
}

/** The kinds of these units, for those inside the bureau's subtree (others are missing from the map). */
export async function unitKindsUnder(db: DbOrTrx, bureauPath: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'kind']).where('id', 'in', [...ids]).where(sql<boolean>`path <@ ${bureauPath}::ltree`).execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

export type IndicatorRow = { id: string; name: string; target: string; unit: string };
export type ReportingRuleRow = { id: string; text: string; kind: string; due_date: string | null; day_of_month: number | null; month: number | null };
export type TeamRow = { id: string; name: string; leader: string | null; members: string[]; schools: { id: string; name: string }[] };

export async function findIndicators(db: DbOrTrx, campaignId: string): Promise<IndicatorRow[]> {
  return db.selectFrom('campaign_indicator').select(['id', 'name', 'target', 'unit']).where('campaign_id', '=', campaignId).orderBy('sort_order').execute() as Promise<IndicatorRow[]>;
}

export async function findReportingRules(db: DbOrTrx, campaignId: string): Promise<ReportingRuleRow[]> {
  return db
    .selectFrom('campaign_reporting_rule')
    .select(['id', 'text', 'kind', sql<string | null>`due_date::text`.as('due_date'), 'day_of_month', 'month'])
    .where('campaign_id', '=', campaignId)
    .orderBy('sort_order')
    .execute();
}

/** The campaign's teams as recorded at its creation, each with its schools. */
export async function findCampaignTeams(db: DbOrTrx, campaignId: string): Promise<TeamRow[]> {
  const [teams, schools] = await Promise.all([
    db.selectFrom('campaign_team').select(['id', 'name', 'leader', 'members']).where('campaign_id', '=', campaignId).orderBy('sort_order').execute(),
    db
      .selectFrom('campaign_team_school as cs')
      .innerJoin('campaign_team as ct', 'ct.id', 'cs.campaign_team_id')
      .select(['cs.campaign_team_id', 'cs.school_unit_id', 'cs.school_name'])
      .where('ct.campaign_id', '=', campaignId)
      .orderBy('cs.school_name')
      .execute(),
  ]);
  return teams.map((t) => ({ ...t, schools: schools.filter((s) => s.campaign_team_id === t.id).map((s) => ({ id: s.school_unit_id, name: s.school_name })) }));
}

export type SchoolTally = { school_id: string; n: number; closed: number };

/** Hazards found (and of them closed) in the campaign's period, per school, for schools in the scope. */
export async function countHazardsBySchool(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], period: { start: string; end: string }): Promise<SchoolTally[]> {
  if (schoolIds.length === 0) return [];
  return db
    .selectFrom('hazard as h')
    .select(['h.school_id', sql<number>`count(*)::int`.as('n'), sql<number>`count(*) FILTER (WHERE h.state = 'closed')::int`.as('closed')])
    .where('h.school_id', 'in', [...schoolIds])
    .where(inScope('h.unit_path', scope))
    .where('h.found_at', '>=', period.start)
    .where('h.found_at', '<=', period.end)
    .groupBy('h.school_id')
    .execute() as Promise<SchoolTally[]>;
}

/** Inspections done in the campaign's period, per school, for schools in the scope. */
export async function countInspectionsBySchool(db: DbOrTrx, scope: Scope, schoolIds: readonly string[], period: { start: string; end: string }): Promise<{ school_id: string; n: number }[]> {
  if (schoolIds.length === 0) return [];
  return db
    .selectFrom('inspection as i')
    .select(['i.school_id', sql<number>`count(*)::int`.as('n')])
    .where('i.school_id', 'in', [...schoolIds])
    .where(inScope('i.unit_path', scope))
    .where('i.inspected_on', '>=', period.start)
    .where('i.inspected_on', '<=', period.end)
    .groupBy('i.school_id')
    .execute() as Promise<{ school_id: string; n: number }[]>;
}

/* ---------- writing (inside the workflow's transaction) ---------- */

export type NewCampaign = Omit<CreateCampaignBody, 'scope' | 'stages' | 'tasks' | 'teamIds'> & {
  bureauId: string;
  bureauPath: string;
  scope: CampaignScopeJson;
  copiedFromId: string | null;
  createdBy: string;
};

/** The campaign row with its indicators and reporting rules; returns its id. */
export async function insertCampaign(trx: Trx, c: NewCampaign): Promise<string> {
  const row = await trx
    .insertInto('campaign')
    .values({
      bureau_unit_id: c.bureauId,
      bureau_unit_path: c.bureauPath,
      title: c.title.trim(),
      doc_number: c.docNumber?.trim() || null,
      issuer: c.issuer?.trim() || null,
      issued_on: c.issuedOn ?? null,
      period_start: c.periodStart,
      period_end: c.periodEnd,
      scope: JSON.stringify(c.scope),
      focus_domains: c.focusDomains ?? [],
      leading_group: JSON.stringify(c.leadingGroup ?? []),
      office: c.office ? JSON.stringify(c.office) : null,
      plan_file_id: c.planFileId ?? null,
      copied_from_id: c.copiedFromId,
      created_by: c.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, x] of (c.indicators ?? []).entries()) {
    await trx.insertInto('campaign_indicator').values({ campaign_id: row.id, sort_order: i, name: x.name.trim(), target: x.target, unit: x.unit ?? '%' }).execute();
  }
  for (const [i, r] of (c.reportingRules ?? []).entries()) {
    await trx
      .insertInto('campaign_reporting_rule')
      .values({ campaign_id: row.id, sort_order: i, text: r.text.trim(), kind: r.kind, due_date: r.dueDate ?? null, day_of_month: r.dayOfMonth ?? null, month: r.month ?? null })
      .execute();
  }
  return row.id;
}

type StageValues = Static<typeof StageInput>;
const stageValues = (s: StageValues, i: number) => ({ sort_order: i, name: s.name.trim(), start_on: s.start, end_on: s.end, goals: s.goals?.trim() ?? '' });

/** The campaign's stages in order; returns their ids in the same order. */
export async function insertStages(trx: Trx, campaignId: string, stages: readonly StageValues[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, s] of stages.entries()) {
    ids.push((await trx.insertInto('campaign_stage').values({ campaign_id: campaignId, ...stageValues(s, i) }).returning('id').executeTakeFirstOrThrow()).id);
  }
  return ids;
}

/**
 * Replaces the stages, keeping their ids by position so tasks stay in "their" stage: extra
 * ones are added, missing ones detached from their tasks and moved out of the timeline
 * (sort_order -1) rather than deleted (the application role cannot delete).
 */
export async function replaceStages(trx: Trx, campaignId: string, existing: readonly StageRow[], stages: readonly StageValues[]): Promise<void> {
  for (const [i, s] of stages.entries()) {
    const old = existing[i];
    if (old) await trx.updateTable('campaign_stage').set(stageValues(s, i)).where('id', '=', old.id).execute();
    else await trx.insertInto('campaign_stage').values({ campaign_id: campaignId, ...stageValues(s, i) }).execute();
  }
  const removed = existing.slice(stages.length).map((s) => s.id);
  if (removed.length) {
    await trx.updateTable('campaign_task').set({ stage_id: null }).where('stage_id', 'in', removed).execute();
    await trx.updateTable('campaign_stage').set({ sort_order: -1, campaign_id: campaignId }).where('id', 'in', removed).execute();
  }
}

export type CampaignHeaderChanges = {
  title?: string;
  docNumber?: string | null;
  issuer?: string | null;
  issuedOn?: string | null;
  periodStart: string;
  periodEnd: string;
  scope?: CampaignScopeJson;
  focusDomains?: string[];
};

/** Updates the header at `version`; false when another edit came first (the caller answers 409). */
export async function updateCampaignHeader(trx: Trx, id: string, version: number, c: CampaignHeaderChanges): Promise<boolean> {
  return updateVersioned(trx, 'campaign', id, version, {
    ...(c.title !== undefined ? { title: c.title.trim() } : {}),
    ...(c.docNumber !== undefined ? { doc_number: c.docNumber?.trim() || null } : {}),
    ...(c.issuer !== undefined ? { issuer: c.issuer?.trim() || null } : {}),
    ...(c.issuedOn !== undefined ? { issued_on: c.issuedOn } : {}),
    period_start: c.periodStart,
    period_end: c.periodEnd,
    ...(c.scope ? { scope: JSON.stringify(c.scope) } : {}),
    ...(c.focusDomains ? { focus_domains: c.focusDomains } : {}),
  });
}

/** Of these ids, the bureau's supervision teams, in their order. */
export async function findBureauTeams(db: DbOrTrx, bureauId: string, teamIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (teamIds.length === 0) return [];
  return db.selectFrom('supervision_team').select(['id', 'name']).where('bureau_unit_id', '=', bureauId).where('id', 'in', [...teamIds]).orderBy('sort_order').orderBy('id').execute();
}

/** Copies supervision teams (name, leader, members, schools as they are now) into the campaign. */
export async function copySupervisionTeams(trx: Trx, campaignId: string, teams: readonly { id: string; name: string }[]): Promise<void> {
  for (const [i, t] of teams.entries()) {
    const people = await trx
      .selectFrom('supervision_team_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['u.display_name', 'm.position'])
      .where('m.team_id', '=', t.id)
      .orderBy('m.sort_order')
      .execute();
    const ct = await trx
      .insertInto('campaign_team')
      .values({
        campaign_id: campaignId,
        source_team_id: t.id,
        sort_order: i,
        name: t.name,
        leader: people.find((p) => p.position === 'leader')?.display_name ?? null,
        members: people.filter((p) => p.position !== 'leader').map((p) => p.display_name),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await copyTeamSchools(trx, ct.id, t.id);
  }
}

/** A campaign team's schools: those of its supervision team now, with their names as of now. */
export async function copyTeamSchools(trx: Trx, campaignTeamId: string, supervisionTeamId: string): Promise<void> {
  await trx
    .insertInto('campaign_team_school')
    .columns(['campaign_team_id', 'school_unit_id', 'school_name'])
    .expression((eb) =>
      eb
        .selectFrom('supervision_team_school as ts')
        .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
        .select([sql<string>`${campaignTeamId}::bigint`.as('campaign_team_id'), 'ts.school_unit_id', 's.name'])
        .where('ts.team_id', '=', supervisionTeamId),
    )
    .execute();
}

/** Teams as another campaign recorded them (next year's copy keeps them, not today's roster). */
export async function insertRecordedTeams(trx: Trx, campaignId: string, teams: readonly Omit<TeamRow, 'id'>[]): Promise<void> {
  for (const [i, t] of teams.entries()) {
    const ct = await trx
      .insertInto('campaign_team')
      .values({ campaign_id: campaignId, sort_order: i, name: t.name, leader: t.leader, members: t.members })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const s of t.schools) await trx.insertInto('campaign_team_school').values({ campaign_team_id: ct.id, school_unit_id: s.id, school_name: s.name }).execute();
  }
}
