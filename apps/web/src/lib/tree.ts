import type { Unit } from '../api/types';

export type UnitNode = { unit: Unit; children: UnitNode[] };

const KIND_ORDER: Record<Unit['kind'], number> = { bureau: 0, area: 1, school: 2, campus: 3 };

/**
 * Builds the organisation tree from a flat list. A unit whose parent is outside the
 * caller's scope (a team member sees schools, not their areas) becomes a root.
 */
export function buildUnitTree(units: Unit[]): { roots: UnitNode[]; byId: Map<string, UnitNode> } {
  const byId = new Map<string, UnitNode>();
  for (const u of units) byId.set(u.id, { unit: u, children: [] });
  const roots: UnitNode[] = [];
  for (const node of byId.values()) {
    const parent = node.unit.parentId ? byId.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (nodes: UnitNode[]) => {
    nodes.sort((a, b) => KIND_ORDER[a.unit.kind] - KIND_ORDER[b.unit.kind] || a.unit.name.localeCompare(b.unit.name, 'zh-Hans-CN'));
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return { roots, byId };
}

/** Ids of a unit's ancestors that are in the tree, nearest last. */
export function ancestorIds(byId: Map<string, UnitNode>, id: string): string[] {
  const out: string[] = [];
  let cur = byId.get(id)?.unit.parentId;
  while (cur && byId.has(cur)) {
    out.unshift(cur);
    cur = byId.get(cur)?.unit.parentId;
  }
  return out;
}

/** Number of schools at or under a node. */
export function countSchools(node: UnitNode): number {
  return (node.unit.kind === 'school' ? 1 : 0) + node.children.reduce((n, c) => n + countSchools(c), 0);
}
