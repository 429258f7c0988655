/**
 * The home page's figures: one request (GET /api/home/summary) for every number a home
 * page shows, counted by the server within the caller's scope.
 */
import { useQuery } from '@tanstack/react-query';
import type { HomeAccountCounts, HomeHazardCounts, HomeSummary as HomeSummaryRaw } from '@xiaoan/contracts';
import type { HazardDomain } from '@xiaoan/domain';
import { api } from './client';
import { keys } from './keys';

// The contract's domain codes are built by a helper TypeBox cannot see through (see
// types.ts); narrowed here to the domain's code type, which lists the same codes.
export type HomeHazards = Omit<HomeHazardCounts, 'openByDomain'> & { openByDomain: { domain: HazardDomain; count: number }[] };
export type HomeSummary = Omit<HomeSummaryRaw, 'hazards'> & { hazards: HomeHazards | null };
export type HomeOrg = HomeSummary['org'];
export type HomeAccounts = HomeAccountCounts;

export const homeApi = {
  summary: (signal?: AbortSignal) => api.get<HomeSummary>('/api/home/summary', undefined, signal),
};

/**
 * Every figure of the caller's home page. Fresh on every visit to the home page (one
 * request, so no stale time); a saved hazard or check also invalidates `keys.home.all`.
 */
export function useHomeSummary() {
  return useQuery({ queryKey: keys.home.summary(), queryFn: ({ signal }) => homeApi.summary(signal) });
}
