/**
 * The bureau's picture (驾驶舱, GET /api/dashboard): one unit's figures (the caller's whole
 * scope, an area, a supervision team or a school), its children, trend, open hazards by domain
 * and the ranking of its schools. Shapes come from packages/contracts/src/dashboard.ts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dashboard as DashboardRaw, DashboardChild, DashboardFigures, DashboardQuery, DashboardUnit } from '@xiaoan/contracts';
import type { HazardDomain } from '@xiaoan/domain';
import { api } from './client';
import { keys } from './keys';

export type { DashboardChild, DashboardFigures, DashboardQuery, DashboardUnit };

// The contract's domain codes are built by a helper TypeBox cannot see through (see
// types.ts); narrowed here to the domain's code type, which lists the same codes.
export type Dashboard = Omit<DashboardRaw, 'openByDomain'> & { openByDomain: { domain: HazardDomain; open: number; overdue: number }[] };

/** The query without its empty parts, so the same picture always has the same cache key. */
export function dashboardQuery(q: DashboardQuery): DashboardQuery {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as DashboardQuery;
}

export const dashboardApi = {
  view: (q: DashboardQuery, signal?: AbortSignal) => api.get<Dashboard>('/api/dashboard', q, signal),
};

/**
 * One unit's picture. The previous answer stays on screen while a drill-down or a filter
 * loads (no blank page between two pictures). Fresh for 30 s: the roll-ups behind it follow
 * every write, and the page shows when they were brought up to date (`asOf`).
 */
export function useDashboard(query: DashboardQuery, enabled = true) {
  const q = dashboardQuery(query);
  return useQuery({
    queryKey: keys.dashboard.view(q),
    queryFn: ({ signal }) => dashboardApi.view(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}
