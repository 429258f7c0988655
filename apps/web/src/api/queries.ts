import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from './client';
import type { Department, EduGroup, LeadingGroupMember, Me, PageOf, SupervisionTeam, Unit } from './types';

export const MAX_PAGE_SIZE = 500;

/** A list answer as {items,total}; a bare array (some routes while they are being built) is accepted too. */
async function getPage<T>(path: string, query?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<PageOf<T>> {
  const data = await api.get<PageOf<T> | T[]>(path, query, signal);
  if (Array.isArray(data)) return { items: data, total: data.length };
  return { items: data?.items ?? [], total: data?.total ?? data?.items?.length ?? 0 };
}

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }) => {
    const me = await api.get<Me>('/api/auth/me', undefined, signal);
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 5 * 60_000,
});

type UnitFilter = { kind?: Unit['kind']; parentId?: string; q?: string; status?: 'active' | 'disabled'; teamId?: string };

/** Every unit matching the filter, paging through the API 500 at a time. */
export async function fetchAllUnits(filter: UnitFilter = {}, signal?: AbortSignal): Promise<Unit[]> {
  const out: Unit[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get<PageOf<Unit>>('/api/units', { ...filter, page, pageSize: MAX_PAGE_SIZE }, signal);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

/** All units in the caller's scope (bureau, areas, schools, campuses): the tree, pickers and counts share it. */
export const allUnitsQuery = queryOptions({
  queryKey: ['units', 'all'],
  queryFn: ({ signal }) => fetchAllUnits({}, signal),
  staleTime: 60_000,
});

export function useAllUnits() {
  return useQuery(allUnitsQuery);
}

export function useUnitPage(filter: UnitFilter & { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: ['units', 'page', filter],
    queryFn: ({ signal }) => api.get<PageOf<Unit>>('/api/units', filter, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['units', 'one', id],
    queryFn: ({ signal }) => api.get<Unit>(`/api/units/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: ['departments'],
    queryFn: ({ signal }) => getPage<Department>('/api/departments', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useEduGroups(enabled = true) {
  return useQuery({
    queryKey: ['edu-groups'],
    queryFn: ({ signal }) => getPage<EduGroup>('/api/edu-groups', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => getPage<SupervisionTeam>('/api/supervision-teams', undefined, signal),
    staleTime: 30_000,
    enabled,
  });
}

/** The leading group; accepts a bare array, {items} or {members}, since the route is still being built. */
export function useLeadingGroup(enabled = true) {
  return useQuery({
    queryKey: ['leading-group'],
    queryFn: async ({ signal }) => {
      const data = await api.get<unknown>('/api/leading-group', undefined, signal);
      if (Array.isArray(data)) return data as LeadingGroupMember[];
      const o = data as { items?: LeadingGroupMember[]; members?: LeadingGroupMember[] } | null;
      return o?.items ?? o?.members ?? [];
    },
    staleTime: 60_000,
    enabled,
  });
}
