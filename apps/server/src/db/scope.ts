import { sql } from 'kysely';
import type { Scope } from '@xiaoan/domain';

/**
 * The SQL condition "this ltree column lies in the scope", one GiST-indexed
 * test. An empty scope matches nothing.
 */
export function inScope(column: string, scope: Scope) {
  if (scope.unitPaths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} <@ ${sql.val(scope.unitPaths)}::ltree[]`;
}
