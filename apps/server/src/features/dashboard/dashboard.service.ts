import {
  addDays,
  daysBetween,
  defaultDashboardPeriod,
  dueDeadline,
  intersectPaths,
  monthsOfPeriod,
  overdueAgeBucket,
  owedPeriods,
  parseSchoolKind,
  periodProblems,
  rankSchools,
  reportPeriodsBetween,
  shanghaiDate,
  splitPeriod,
  type HazardDomain,
  type Scope,
} from '@xiaoan/domain';
import type { Dashboard, DashboardChild, DashboardQuery, DashboardUnit } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { findActiveReportTypes, findCampaignStages, scheduleOf } from '../reports/index.js';
import { districtRootId } from '../units/index.js';
import { emptyCounts, sumCounts, toFigures, type Counts } from './dashboard.figures.js';
import {
  findActiveTeams,
  findAreas,
  findCampaignSchoolPaths,
  findCampaignVisible,
  findChecksDoneBySchool,
  findMemberTeams,
  findOpenByDomain,
  findOpenBySchool,
  findOverdueBySchool,
  findOverdueTasksBySchool,
  findPeriodBySchool,
  findPointGroups,
  findReportsBySchool,
  findSchools,
  findSupervisedSchools,
  findTeamVisible,
  findTrend,
  findUnitInScope,
  findUnitsBetween,
  type CampaignRow,
  type DuePeriod,
  type SchoolRow,
} from './dashboard.repository.js';

/**
 * GET /api/dashboard: the caller's picture of a unit (the whole scope, an area, a school or a
 * supervision team), its children partitioning it, the ranking of its schools, the trend and
 * the open hazards per domain. Every count is per school first and then summed, so a unit's
 * count is exactly the sum of its children's.
 */

/** What a picture is of: the unit shown, the scope its figures count within, and where it sits. */
type Target = { unit: DashboardUnit; scope: Scope; path: string | null; districtId: string; trail: DashboardUnit[] };

const unitOf = (u: { id: string; name: string; kind: string }): DashboardUnit => ({
  id: u.id,
  name: u.name,
  // A campus (a school's site, where a campus user sits) is shown as the school level.
  kind: u.kind === 'campus' ? 'school' : (u.kind as DashboardUnit['kind']),
});

/** The caller's whole scope as a unit: a bureau user's unit, a member's team(s), a school user's school. */
async function rootOf(db: DbOrTrx, ctx: RequestContext): Promise<Target> {
  const districtId = districtRootId(ctx.actor.unitPath);
  if (ctx.actor.role === 'team_member') {
    const teams = await findMemberTeams(db, ctx.actor.userId);
    const unit: DashboardUnit = { id: teams[0]?.id ?? ctx.actor.unitId, name: teams.map((t) => t.name).join('、') || '本组', kind: 'team' };
    return { unit, scope: ctx.scope, path: null, districtId, trail: [unit] };
  }
  const u = await findUnitInScope(db, ctx.scope, ctx.actor.unitId);
  if (!u) throw notFound('单位');
  const unit = unitOf(u);
  return { unit, scope: { unitPaths: [u.path] }, path: u.path, districtId, trail: [unit] };
}

async function targetOf(db: DbOrTrx, ctx: RequestContext, q: DashboardQuery): Promise<Target> {
  const root = await rootOf(db, ctx);
  let base = root;
  if (q.teamId) {
    const team = await findTeamVisible(db, ctx.scope, q.teamId, ctx.actor.userId);
    if (!team) throw notFound('督查小组');
    const unit: DashboardUnit = { id: team.id, name: team.name, kind: 'team' };
    const scope = { unitPaths: intersectPaths(team.school_paths, ctx.scope.unitPaths) };
    const trail = root.unit.kind === 'team' && root.unit.id === team.id ? [unit] : [...root.trail, unit];
    base = { unit, scope, path: null, districtId: team.bureau_unit_id, trail };
    if (!q.unitId) return base;
  }
  if (!q.unitId) return root;
  // A unit inside the base (a team's school, or anything in the caller's scope).
  const u = await findUnitInScope(db, base.scope, q.unitId);
  if (!u) throw notFound('单位');
  const unit = unitOf(u);
  // The trail: the base's, then the units below it down to this one.
  const below = base.path ? (await findUnitsBetween(db, base.path, u.path)).slice(1).map(unitOf) : [unit];
  return { unit, scope: { unitPaths: [u.path] }, path: u.path, districtId: districtRootId(u.path), trail: [...base.trail, ...below] };
}

/** The campaign's schools and dates, when the picture is limited to one campaign. */
async function campaignOf(db: DbOrTrx, ctx: RequestContext, id: string): Promise<{ row: CampaignRow; schoolPaths: string[] }> {
  const row = await findCampaignVisible(db, ctx.scope, id);
  if (!row) throw notFound('专项整治');
  const kinds = row.scope.schoolKinds.map((k) => parseSchoolKind(k)).filter((k): k is NonNullable<typeof k> => k !== null);
  return { row, schoolPaths: await findCampaignSchoolPaths(db, row, kinds) };
}

function periodOf(q: DashboardQuery, today: string, campaign: CampaignRow | null): { from: string; to: string } {
  const def = defaultDashboardPeriod(today);
  let from = q.from ?? (campaign ? campaign.period_start : def.from);
  let to = q.to ?? (campaign ? (campaign.period_end < today ? campaign.period_end : today) : def.to);
  const problems = periodProblems(from, to);
  if (problems.length) throw invalid(problems[0]!, problems);
  if (campaign) {
    // Within the campaign's dates; a campaign not yet begun shows its first day.
    if (from < campaign.period_start) from = campaign.period_start;
    if (to > campaign.period_end) to = campaign.period_end;
    if (to < from) to = from;
  }
  return { from, to };
}

/** The (type, period) pairs of school reports due in [from, to] whose deadline has passed. */
async function duePeriods(db: DbOrTrx, scope: Scope, from: string, to: string, now: Date, campaignId: string | undefined): Promise<DuePeriod[]> {
  const related = (bureauPath: string) => scope.unitPaths.some((p) => p === bureauPath || p.startsWith(`${bureauPath}.`) || bureauPath.startsWith(`${p}.`));
  const out: DuePeriod[] = [];
  for (const t of await findActiveReportTypes(db)) {
    if (t.submitter_kind !== 'school' || !related(t.bureau_unit_path)) continue;
    if (campaignId && t.campaign_id !== campaignId) continue;
    const stages = t.period_kind === 'stage' && t.campaign_id ? await findCampaignStages(db, t.campaign_id) : [];
    // Due dates fall on or after a period's first day and well within a year of it.
    for (const p of reportPeriodsBetween(scheduleOf(t, stages), addDays(from, -400), to, 5_000)) {
      if (p.dueDate < from || p.dueDate > to || dueDeadline(p.dueDate) > now) continue;
      out.push({ typeId: t.id, bureauPath: t.bureau_unit_path, key: p.key, start: p.start, end: p.end });
    }
  }
  return out;
}

/** Every school's counts within `scope`, keyed by school id. */
async function countsBySchool(db: DbOrTrx, scope: Scope, schools: readonly SchoolRow[], period: { from: string; to: string }, today: string, now: Date, campaignId: string | undefined): Promise<Map<string, Counts>> {
  const split = splitPeriod(period.from, period.to);
  const [open, overdue, found, points, done, reports, tasks, supervised] = await Promise.all([
    findOpenBySchool(db, scope),
    findOverdueBySchool(db, scope, today),
    findPeriodBySchool(db, scope, split),
    findPointGroups(db, scope, period.from, period.to),
    findChecksDoneBySchool(db, scope, period.from, period.to),
    duePeriods(db, scope, period.from, period.to, now, campaignId).then((ps) => findReportsBySchool(db, scope, ps)),
    findOverdueTasksBySchool(db, scope, today, campaignId),
    findSupervisedSchools(db, scope, period.from, period.to),
  ]);
  const by = new Map<string, Counts>();
  const at = (id: string) => {
    let c = by.get(id);
    if (!c) by.set(id, (c = emptyCounts()));
    return c;
  };
  for (const s of schools) if (s.active) at(s.id).schools = 1;
  for (const r of open) Object.assign(at(r.school_id), { open: r.open, major: r.major, listed: r.listed });
  for (const r of overdue) {
    const c = at(r.school_id);
    const days = daysBetween(r.due_date, today);
    c.overdue += r.n;
    c.age[overdueAgeBucket(days)] += r.n;
    c.oldest = c.oldest === null ? days : Math.max(c.oldest, days);
  }
  for (const r of found) Object.assign(at(r.school_id), { found: r.found, rejected: r.rejected, foundClosed: r.foundClosed });
  // Points of one life owe the same periods (the inspections feature's rule, domain owedPeriods): work each out once.
  const owed = new Map<string, number>();
  for (const g of points) {
    const key = `${g.frequency}|${g.active_from}|${g.retired_on ?? ''}`;
    let o = owed.get(key);
    if (o === undefined) owed.set(key, (o = owedPeriods({ frequency: g.frequency, activeFrom: g.active_from, retiredOn: g.retired_on }, period.from, period.to, today).length));
    at(g.school_id).checksDue += o * g.n;
  }
  for (const [id, d] of done) at(id).checksDone = d;
  for (const r of reports) Object.assign(at(r.school_id), { reportsDue: r.due, reportsOnTime: r.on_time });
  for (const [id, k] of tasks) at(id).overdueTasks = k;
  for (const id of supervised) at(id).supervised = 1;
  return by;
}

export async function getDashboard(db: DbOrTrx, ctx: RequestContext, q: DashboardQuery, now = new Date()): Promise<Dashboard> {
  const today = shanghaiDate(now);
  const campaign = q.campaignId ? await campaignOf(db, ctx, q.campaignId) : null;
  const period = periodOf(q, today, campaign?.row ?? null);
  const target = await targetOf(db, ctx, q);
  const scope: Scope = campaign ? { unitPaths: intersectPaths(campaign.schoolPaths, target.scope.unitPaths) } : target.scope;
  const schools = await findSchools(db, scope);
  const split = splitPeriod(period.from, period.to);
  const [bySchool, trendRows, domains] = await Promise.all([
    countsBySchool(db, scope, schools, period, today, now, campaign?.row.id),
    findTrend(db, scope, split),
    findOpenByDomain(db, scope, today),
  ]);

  // The children: a district by area or by team (plus the schools neither holds); an area or a team by school.
  const kind = target.unit.kind;
  const by = kind === 'bureau' ? (q.by ?? 'area') : null;
  const groups: { unit: DashboardUnit; ids: Set<string> }[] = [];
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  if (by) {
    const parents = by === 'area' ? await findAreas(db, target.path!) : await findActiveTeams(db, target.unit.id);
    const index = new Map(parents.map((p, i) => [p.id, i]));
    for (const p of parents) groups.push({ unit: { id: p.id, name: p.name, kind: by }, ids: new Set() });
    const rest = { unit: { id: target.unit.id, name: by === 'area' ? '未分片区的学校' : '无督查小组的学校', kind: 'unassigned' as const }, ids: new Set<string>() };
    for (const id of new Set([...schoolOf.keys(), ...bySchool.keys()])) {
      const s = schoolOf.get(id);
      const parent = s ? (by === 'area' ? s.area_id : s.team_id) : null;
      const i = parent === null ? undefined : index.get(parent);
      (i === undefined ? rest : groups[i]!).ids.add(id);
    }
    if (rest.ids.size) groups.push(rest);
  } else if (kind === 'area' || kind === 'team') {
    for (const s of schools) groups.push({ unit: { id: s.id, name: s.name, kind: 'school' }, ids: new Set([s.id]) });
  }
  const countsOf = (ids: Iterable<string>) => sumCounts([...ids].flatMap((id) => (bySchool.has(id) ? [bySchool.get(id)!] : [])));
  const children: DashboardChild[] = groups.map((g) => ({ unit: g.unit, figures: toFigures(countsOf(g.ids)) }));

  const ranking =
    kind === 'school'
      ? []
      : rankSchools(schools.map((s) => ({ unit: { id: s.id, name: s.name, kind: 'school' as const }, name: s.name, figures: toFigures(bySchool.get(s.id) ?? emptyCounts()) }))).map(({ unit, figures }) => ({ unit, figures }));

  return {
    unit: target.unit,
    trail: target.trail,
    by,
    period,
    figures: toFigures(sumCounts(bySchool.values())),
    children,
    trend: monthsOfPeriod(period.from, period.to).map((month) => {
      const t = trendRows.get(month);
      return { month, found: t?.found ?? 0, closed: t?.closed ?? 0 };
    }),
    openByDomain: domains
      .map((d) => ({ domain: d.domain as HazardDomain, open: d.open, overdue: d.overdue }))
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.domain.localeCompare(b.domain)),
    ranking,
    asOf: now.toISOString(),
  };
}

