import { BUREAU_ROLES, ROLE_LABELS } from '@xiaoan/domain';
import type { CreateTeamBody, LeadingGroupMember, SupervisionTeam, TeamUpdateResult, UpdateTeamBody } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { runCommand } from '../../kernel/command.js';
import { districtRootId } from '../units/index.js';
import {
  findLeadingGroup,
  findPeople,
  findSharedSchools,
  findTeamById,
  findTeams,
  findUnitsInScope,
  insertTeam,
  replaceMembers,
  replaceSchools,
  updateTeamRow,
  type TeamFilter,
  type TeamScope,
} from './team.repository.js';

/**
 * What teams the caller sees: bureau roles every team of the district, a team
 * member its own teams, a school admin the teams assigned to its school.
 */
function teamScopeOf(ctx: RequestContext): TeamScope {
  const districtId = districtRootId(ctx.actor.unitPath);
  if (ctx.actor.role === 'team_member') return { kind: 'member', districtId, scope: ctx.scope, userId: ctx.actor.userId };
  if (BUREAU_ROLES.includes(ctx.actor.role)) return { kind: 'district', districtId, scope: ctx.scope };
  return { kind: 'school', districtId, scope: ctx.scope };
}

export async function listTeams(db: Db, ctx: RequestContext, filter: TeamFilter, page: { page: number; pageSize: number }) {
  return findTeams(db, teamScopeOf(ctx), filter, page);
}

export async function getTeam(db: Db, ctx: RequestContext, id: string): Promise<SupervisionTeam> {
  const t = await findTeamById(db, teamScopeOf(ctx), id);
  if (!t) throw notFound('督查小组');
  return t;
}

function cleanName(name: string): string {
  const n = name.trim();
  if (!n) throw invalid('督查小组名称不能为空', ['name: 不能为空']);
  return n;
}

const taken = (name: string | undefined) => new AppError('CONFLICT', name ? `督查小组“${name}”已存在` : '督查小组名称已被使用');

export async function createTeam(db: Db, ctx: RequestContext, body: CreateTeamBody): Promise<SupervisionTeam> {
  const name = cleanName(body.name);
  const ts = teamScopeOf(ctx);
  try {
    const id = await runCommand(db, ctx, {}, async (trx, emit) => {
      const newId = await insertTeam(trx, ts.districtId, name);
      await emit({ action: 'supervision_team.create', objectType: 'supervision_team', objectId: newId, details: { name } });
      return newId;
    });
    return getTeam(db, ctx, id);
  } catch (e) {
    if (uniqueViolation(e)) throw taken(name);
    throw e;
  }
}

/** Every id named in schoolIds must be a school in the caller's scope; the 400 lists the ones that are not. */
async function checkSchools(db: Db, ctx: RequestContext, schoolIds: readonly string[]): Promise<void> {
  const found = new Map((await findUnitsInScope(db, ctx.scope, schoolIds)).map((u) => [u.id, u]));
  const problems: string[] = [];
  for (const id of schoolIds) {
    const u = found.get(id);
    if (!u) problems.push(`学校 ${id} 不存在或不在您的权限范围内`);
    else if (u.kind !== 'school') problems.push(`“${u.name}”不是学校`);
  }
  if (problems.length) throw invalid(`学校列表有误：${problems.join('；')}`, problems.map((p) => `schoolIds: ${p}`));
}

/** Members are bureau-side people of the same district, each once, with at most one leader. */
async function checkMembers(db: Db, districtId: string, members: readonly { userId: string; position: string }[]): Promise<void> {
  const problems: string[] = [];
  const ids = members.map((m) => m.userId);
  const dupes = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  for (const id of dupes) problems.push(`成员 ${id} 重复出现`);
  if (members.filter((m) => m.position === 'leader').length > 1) problems.push('每个督查小组只能有一名组长');
  const people = new Map((await findPeople(db, [...new Set(ids)])).map((p) => [p.id, p]));
  for (const id of new Set(ids)) {
    const p = people.get(id);
    if (!p || p.districtId !== districtId) problems.push(`人员 ${id} 不存在`);
    else if (!BUREAU_ROLES.includes(p.role)) problems.push(`${p.displayName}（${ROLE_LABELS[p.role]}）不是教育局人员，不能加入督查小组`);
  }
  if (problems.length) throw invalid(`成员列表有误：${problems.join('；')}`, problems.map((p) => `members: ${p}`));
}

/**
 * Renames, disables, or replaces the members or schools of a team. Names the
 * version it read: a stale version changes nothing and answers 409. A school
 * assigned to another active team too is allowed and answered with a warning.
 */
export async function updateTeam(db: Db, ctx: RequestContext, id: string, body: UpdateTeamBody): Promise<TeamUpdateResult> {
  const ts = teamScopeOf(ctx);
  const current = await findTeamById(db, ts, id);
  if (!current) throw notFound('督查小组');
  const changes: { name?: string; status?: 'active' | 'disabled' } = {};
  if (body.name !== undefined) changes.name = cleanName(body.name);
  if (body.status !== undefined) changes.status = body.status;
  const schoolIds = body.schoolIds ? [...new Set(body.schoolIds)] : undefined;
  if (schoolIds) await checkSchools(db, ctx, schoolIds);
  if (body.members) await checkMembers(db, ts.districtId, body.members);

  const details: Record<string, unknown> = { fields: Object.keys(body).filter((k) => k !== 'version') };
  if (changes.name !== undefined && changes.name !== current.name) details.name = { from: current.name, to: changes.name };
  if (changes.status !== undefined && changes.status !== current.status) details.status = { from: current.status, to: changes.status };
  if (schoolIds) {
    const before = new Set(current.schools.map((s) => s.id));
    details.schoolsAdded = schoolIds.filter((s) => !before.has(s));
    details.schoolsRemoved = [...before].filter((s) => !schoolIds.includes(s));
  }
  if (body.members) details.members = body.members;
  try {
    await runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateTeamRow(trx, id, body.version, changes))) throw staleVersion();
      if (body.members) await replaceMembers(trx, id, body.members);
      if (schoolIds) await replaceSchools(trx, id, ctx.scope, schoolIds);
      await emit({ action: 'supervision_team.update', objectType: 'supervision_team', objectId: id, details });
    });
  } catch (e) {
    if (uniqueViolation(e)) throw taken(changes.name);
    throw e;
  }
  const shared = await findSharedSchools(db, id, ctx.scope);
  return {
    team: await getTeam(db, ctx, id),
    warnings: shared.map((s) => `${s.name} 同时分配给 ${s.teams.join('、')}`),
  };
}

/** The leading group (领导小组) of the caller's district. */
export async function getLeadingGroup(db: Db, ctx: RequestContext): Promise<LeadingGroupMember[]> {
  return findLeadingGroup(db, districtRootId(ctx.actor.unitPath));
}
