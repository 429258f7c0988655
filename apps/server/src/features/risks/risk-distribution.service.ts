import { buildRiskHeat, heatCellOf, intersectPaths, HAZARD_DOMAINS, type HazardDomain, type Scope } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import {
  findMajorRisks,
  findMemberTeamNames,
  findPictureSchools,
  findPictureUnit,
  findRiskTallies,
  findUnitsBelow,
  type PictureSchoolRow,
  type PictureUnitRow,
} from './risk-distribution.repository.js';
import type { RiskDistribution, RiskDistributionQuery } from '@xiaoan/contracts';

/**
 * GET /api/risk-distribution: the district's risk picture (风险分布) over the caller's scope or one
 * unit in it: active risks by level and domain per area and school, the heat table (rows × domains,
 * each cell the worst level present with its counts) and the schools with major (red) risks.
 * Rows are the areas for the bureau and a team (a school directly under the bureau is a row of its
 * own), the schools for an area, the school itself for a school.
 */

type UnitRef = RiskDistribution['unit'];
type Target = { unit: UnitRef; scope: Scope; path: string | null; trail: UnitRef[] };

const refOf = (u: PictureUnitRow): UnitRef => ({ id: u.id, name: u.name, kind: u.kind === 'campus' ? 'school' : u.kind });

/** The caller's whole scope: a bureau user's bureau, a member's team(s), a school user's school. */
async function rootOf(db: DbOrTrx, ctx: RequestContext): Promise<Target> {
  if (ctx.actor.role === 'team_member') {
    const teams = await findMemberTeamNames(db, ctx.actor.userId);
    const unit: UnitRef = { id: teams[0]?.id ?? ctx.actor.unitId, name: teams.map((t) => t.name).join('、') || '本组', kind: 'team' };
    return { unit, scope: ctx.scope, path: null, trail: [unit] };
  }
  const u = await findPictureUnit(db, ctx.scope, ctx.actor.unitId);
  if (!u) throw notFound('单位');
  return { unit: refOf(u), scope: ctx.scope, path: u.path, trail: [refOf(u)] };
}

async function targetOf(db: DbOrTrx, ctx: RequestContext, unitId: string | undefined): Promise<Target> {
  const root = await rootOf(db, ctx);
  if (!unitId || (root.path && unitId === root.unit.id)) return root;
  const u = await findPictureUnit(db, ctx.scope, unitId);
  // Only the part of the unit inside the caller's scope is counted (a team sees its schools of an area).
  const paths = u ? intersectPaths([u.path], ctx.scope.unitPaths) : [];
  if (!u || paths.length === 0) throw notFound('单位');
  const top = root.path ?? u.path.split('.')[0]!;
  const below = top === u.path ? [] : (await findUnitsBelow(db, top, u.path)).filter((x) => x.kind !== 'campus').map(refOf);
  return { unit: refOf(u), scope: { unitPaths: paths }, path: u.path, trail: [...root.trail, ...(below.length ? below : [refOf(u)])] };
}

export async function riskDistribution(db: DbOrTrx, ctx: RequestContext, q: RiskDistributionQuery): Promise<RiskDistribution> {
  const target = await targetOf(db, ctx, q.unitId);
  const [schools, tallies, majors] = await Promise.all([
    findPictureSchools(db, target.scope),
    findRiskTallies(db, target.scope, q.domain),
    findMajorRisks(db, target.scope, q.domain),
  ]);
  const schoolById = new Map(schools.map((s) => [s.id, s]));
  const byArea = target.unit.kind === 'bureau' || target.unit.kind === 'team';
  // A row of areas: the school's area, or the school itself when it sits directly under the bureau.
  const rowOf = (s: PictureSchoolRow) => (byArea && s.area_id ? `a:${s.area_id}` : `s:${s.id}`);
  const heat = buildRiskHeat(tallies, (id) => {
    const s = schoolById.get(id);
    return s && rowOf(s);
  });
  const bySchool = buildRiskHeat(tallies, (id) => (schoolById.has(id) ? id : undefined));

  const domains = (q.domain ? [q.domain] : HAZARD_DOMAINS.filter((d) => heat.columns[d])) as HazardDomain[];
  const rowIds: { key: string; id: string; name: string; kind: 'area' | 'school'; schools: number }[] = [];
  for (const s of schools) {
    const key = rowOf(s);
    const row = rowIds.find((r) => r.key === key);
    if (row) row.schools++;
    else rowIds.push(key.startsWith('a:') ? { key, id: s.area_id!, name: s.area_name!, kind: 'area', schools: 1 } : { key, id: s.id, name: s.name, kind: 'school', schools: 1 });
  }

  const majorSchools: RiskDistribution['majorSchools'] = [];
  for (const r of majors) {
    const s = schoolById.get(r.school_id);
    if (!s) continue;
    let entry = majorSchools.find((m) => m.id === s.id);
    if (!entry) majorSchools.push((entry = { id: s.id, name: s.name, areaName: s.area_name, major: 0, risks: [] }));
    entry.major++;
    entry.risks.push({ id: r.id, name: r.name, domain: r.domain as HazardDomain, pointName: r.point_name });
  }
  majorSchools.sort((a, b) => b.major - a.major || a.name.localeCompare(b.name, 'zh-CN'));

  return {
    unit: target.unit,
    trail: target.trail,
    domain: q.domain ?? null,
    domains,
    all: heat.all,
    byDomain: domains.map((d) => ({ domain: d, cell: heat.columns[d] ?? heatCellOf(heat, '', d) })),
    rowKind: byArea ? 'area' : 'school',
    rows: rowIds.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      schoolCount: r.schools,
      all: heatCellOf(heat, r.key),
      cells: domains.map((d) => ({ domain: d, cell: heatCellOf(heat, r.key, d) })),
    })),
    schools: schools.map((s) => ({ id: s.id, name: s.name, areaId: s.area_id, areaName: s.area_name, all: heatCellOf(bySchool, s.id) })),
    majorSchools,
  };
}
