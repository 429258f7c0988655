import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from './client';
import { keys } from './keys';
import { departmentApi, eduGroupApi, MAX_PAGE_SIZE, teamApi, unitApi } from './org';
import type { LeadingGroupMember, Me, PageOf, Unit } from './types';

export { MAX_PAGE_SIZE };

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async ({ signal }) => {
    const me = await api.get<Me>('/api/auth/me', undefined, signal);
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 5 * 60_000,
});

export type UnitFilter = { kind?: Unit['kind']; parentId?: string; q?: string; status?: 'active' | 'disabled'; teamId?: string };

/** Every unit matching the filter, paging through the API 500 at a time. */
export async function fetchAllUnits(filter: UnitFilter = {}, signal?: AbortSignal): Promise<Unit[]> {
  const out: Unit[] = [];
  for (let page = 1; ; page++) {
    const res = await unitApi.page({ ...filter, page, pageSize: MAX_PAGE_SIZE }, signal);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

/** All units in the caller's scope (bureau, areas, schools, campuses): the tree, pickers and counts share it. */
export const allUnitsQuery = queryOptions({
  queryKey: keys.units.list({}),
  queryFn: ({ signal }) => fetchAllUnits({}, signal),
  staleTime: 60_000,
});

export function useAllUnits() {
  return useQuery(allUnitsQuery);
}

/** Every unit of one kind in scope (the area and school pickers of the filter bars). */
export function useUnitsOfKind(kind: Unit['kind'], enabled = true) {
  return useQuery({ queryKey: keys.units.list({ kind }), queryFn: ({ signal }) => fetchAllUnits({ kind }, signal), staleTime: 60_000, enabled });
}

export function useUnitPage(filter: UnitFilter & { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: keys.units.page(filter),
    queryFn: ({ signal }) => unitApi.page(filter, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: keys.units.detail(id ?? ''),
    queryFn: ({ signal }) => unitApi.get(id!, signal),
    enabled: !!id,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({ queryKey: keys.departments.all, queryFn: ({ signal }) => departmentApi.list(signal), staleTime: 60_000, enabled });
}

export function useEduGroups(enabled = true) {
  return useQuery({ queryKey: keys.eduGroups.all, queryFn: ({ signal }) => eduGroupApi.list(signal), staleTime: 60_000, enabled });
}

export function useTeams(enabled = true) {
  return useQuery({ queryKey: keys.teams.all, queryFn: ({ signal }) => teamApi.list(signal), staleTime: 30_000, enabled });
}

export function useLeadingGroup(enabled = true) {
  return useQuery({
    queryKey: keys.leadingGroup.all,
    queryFn: async ({ signal }) => (await api.get<PageOf<LeadingGroupMember>>('/api/leading-group', undefined, signal)).items,
    staleTime: 60_000,
    enabled,
  });
}
