/**
 * What a user may see: the union of the subtrees rooted at these unit paths.
 * Bureau and school users get their unit's subtree; supervision team members
 * get the union of their teams' assigned schools. An empty list sees nothing.
 */
export type Scope = {
  readonly unitPaths: readonly string[];
};

/** True when `path` (an ltree path such as "1.4.17") lies inside the scope. */
export function scopeContains(scope: Scope, path: string): boolean {
  return scope.unitPaths.some((root) => path === root || path.startsWith(`${root}.`));
}
