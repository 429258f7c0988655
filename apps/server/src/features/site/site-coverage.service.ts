import { semesterOf, shanghaiDate } from '@xiaoan/domain';
import type { SiteCoverage, SiteCoverageQuery, SiteCoverageRow } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { findCoverageSchools, findUnitInScope, type CoverageSchoolRow } from './site.repository.js';

/**
 * SiteCoverage figures of the site registries for a unit (the district, an area, a school) in the
 * caller's scope: 阳光食堂 coverage (bright kitchens ÷ schools with a canteen) and drills held
 * this semester (schools with at least one drill ÷ schools), with the unit below and the schools
 * that fail each.
 */

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

function row(unitId: string, name: string, kind: string, schools: readonly CoverageSchoolRow[]): SiteCoverageRow {
  const canteens = schools.filter((s) => s.has_canteen).length;
  const bright = schools.filter((s) => s.has_canteen && s.bright_kitchen).length;
  const withDrill = schools.filter((s) => Number(s.drills) > 0).length;
  return {
    unitId,
    name,
    kind,
    schools: schools.length,
    canteens,
    brightKitchens: bright,
    brightKitchenRate: rate(bright, canteens),
    drills: schools.reduce((n, s) => n + Number(s.drills), 0),
    schoolsWithDrill: withDrill,
    drillRate: rate(withDrill, schools.length),
  };
}

export async function coverage(db: DbOrTrx, ctx: RequestContext, q: SiteCoverageQuery, now = new Date()): Promise<SiteCoverage> {
  const unitId = q.unitId ?? ctx.actor.unitId;
  const unit = (await findUnitInScope(db, ctx.scope, unitId)) ?? (q.unitId ? undefined : await findUnitInScope(db, { unitPaths: ctx.actor.unitPath ? [ctx.actor.unitPath] : [] }, unitId));
  if (!unit) throw notFound('单位');
  const semester = semesterOf(shanghaiDate(now));
  const schools = await findCoverageSchools(db, ctx.scope, unit.path, semester.from, semester.to);
  const kind = unit.kind === 'bureau' ? 'district' : unit.kind;
  let children: SiteCoverageRow[];
  if (unit.kind === 'bureau') {
    const areas = new Map<string, { name: string; rows: CoverageSchoolRow[] }>();
    for (const s of schools) {
      const key = s.area_id ?? '';
      const a = areas.get(key) ?? { name: s.area_name ?? '直属学校', rows: [] };
      a.rows.push(s);
      areas.set(key, a);
    }
    children = [...areas.entries()].map(([id, a]) => row(id, a.name, 'area', a.rows));
  } else {
    children = schools.map((s) => row(s.school_id, s.school_name, 'school', [s]));
  }
  return {
    unit: { id: unit.id, name: unit.name, kind },
    semester,
    total: row(unit.id, unit.name, kind, schools),
    children,
    withoutDrill: schools.filter((s) => Number(s.drills) === 0).map((s) => ({ unitId: s.school_id, name: s.school_name })),
    withoutBrightKitchen: schools.filter((s) => s.has_canteen && !s.bright_kitchen).map((s) => ({ unitId: s.school_id, name: s.school_name })),
  };
}
