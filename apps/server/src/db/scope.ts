import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';

/**
 * The SQL condition "this ltree column lies in the scope". An empty scope matches nothing.
 *
 * Written `column <@ ANY(paths)`, not `column <@ paths` (ltree's "the array holds an ancestor"
 * operator): the two mean the same, but only the first is an operator of the GiST opclass
 * (`<@ (ltree, ltree)` once per path, a bitmap index scan), and it is estimated from the
 * column's statistics path by path. The array operator is neither indexable nor estimated
 * (a constant 0.1 %), so every scoped read was a filter after a scan chosen blind: a team's
 * ledger at 2,000,000 hazards read the whole table (bench/README.md, province run).
 */
export function inScope(column: string, scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} <@ ANY(${sql.val(scope.unitPaths)}::ltree[])`;
}

/**
 * `inScope` plus the districts the scope lies in (`subpath(column, 0, 1)`, the tree's root:
 * a district bureau), for tables with a btree index led by that expression (the dashboard's
 * tallies, migration 0016): the district and the index's next key (a month, a day) become the
 * index range, and the exact scope test runs on the index entries. The same rows as `inScope`.
 */
export function inScopeByDistrict(column: string, scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  const roots = [...new Set(scope.unitPaths.map((p) => p.split('.')[0]!))];
  return sql<boolean>`(subpath(${sql.ref(column)}, 0, 1) = ANY(${sql.val(roots)}::ltree[]) AND ${inScope(column, scope)})`;
}

/**
 * The SQL condition "this ltree column lies under the unit with this id" (the unit itself
 * included): a list's `unitId` / `schoolId` filter, always beside `inScope`. No id: no filter.
 */
export function underUnit(column: string, unitId: string | undefined) {
  if (!unitId) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} <@ (SELECT path FROM unit WHERE id = ${unitId})`;
}
