import { four100Indicators, four100Passes, four100Rate, shanghaiDate, FOUR_100_CODES, type Scope } from '@xiaoan/domain';
import type { Four100, Four100Breakdown, Four100Query } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { schoolSecurityFacts, type SchoolFacts } from '../guards/index.js';
import { findSchoolOfUnit, findUnitById } from '../units/index.js';

/**
 * The four 100 % indicators (四个100%) of a unit: its active schools in the caller's scope, each
 * judged by the domain (four100Passes) from its security profile and its guards registry; the
 * rate of each indicator is passing ÷ schools. A team sees only its schools, a school itself;
 * a unit outside the scope answers 404 like an unknown one.
 */

type Unit = Four100['unit'];
type Target = { unit: Unit; path: string | undefined };

async function targetOf(db: DbOrTrx, ctx: RequestContext, unitId: string | undefined): Promise<Target> {
  if (unitId) {
    const u = await findUnitById(db, ctx.scope, unitId);
    if (!u || u.kind === 'campus') throw notFound('单位');
    return { unit: { id: u.id, name: u.name, kind: u.kind }, path: u.path };
  }
  const own = (await findSchoolOfUnit(db, ctx.actor.unitId)) ?? ctx.actor.unitId;
  const u = await findUnitById(db, ctx.scope, own);
  // A supervision team's member: the own unit (the bureau) is not in the scope, the team's schools are.
  if (!u) return { unit: { id: ctx.actor.unitId, name: '本组负责的学校', kind: 'team' }, path: undefined };
  return { unit: { id: u.id, name: u.name, kind: u.kind }, path: u.path };
}

async function factsOf(db: DbOrTrx, scope: Scope, t: Target, now: Date): Promise<SchoolFacts[]> {
  return schoolSecurityFacts(db, scope, t.path, shanghaiDate(now));
}

export async function getFour100(db: DbOrTrx, ctx: RequestContext, q: Four100Query, now = new Date()): Promise<Four100> {
  const t = await targetOf(db, ctx, q.unitId);
  const facts = await factsOf(db, ctx.scope, t, now);
  return { unit: t.unit, indicators: four100Indicators(facts.map((f) => ({ unitId: f.school.id, name: f.school.name, facts: f.facts }))) };
}

/** The unit's children with each indicator's figures: a district by area (schools under no area as one row), an area or a team by school. */
export async function getFour100Breakdown(db: DbOrTrx, ctx: RequestContext, q: Four100Query, now = new Date()): Promise<Four100Breakdown> {
  const t = await targetOf(db, ctx, q.unitId);
  const facts = await factsOf(db, ctx.scope, t, now);
  const groups = new Map<string, { unit: Unit; members: SchoolFacts[] }>();
  for (const f of facts) {
    const byArea = t.unit.kind === 'bureau';
    const key = byArea ? (f.school.area_id ?? 'none') : f.school.id;
    const unit: Unit = byArea ? (f.school.area_id ? { id: f.school.area_id, name: f.school.area_name ?? '', kind: 'area' } : { id: t.unit.id, name: '未分片区的学校', kind: 'unassigned' }) : { id: f.school.id, name: f.school.name, kind: 'school' };
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { unit, members: [] }));
    g.members.push(f);
  }
  const rows = [...groups.values()].map((g) => {
    const passes = g.members.map((m) => four100Passes(m.facts));
    return {
      unit: g.unit,
      schools: g.members.length,
      indicators: FOUR_100_CODES.map((code) => {
        const passing = passes.filter((p) => p[code]).length;
        return { code, passing, rate: four100Rate(passing, g.members.length) };
      }),
    };
  });
  return { unit: t.unit, rows };
}
