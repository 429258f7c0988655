/**
 * The guards registry (保安员台账), the school security profiles (学校安防情况) and the four 100 %
 * indicators (四个100%). Shapes come from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CreateGuardBody, Four100, Four100Breakdown, GuardDetail, GuardListQuery, GuardSummary, PutSecurityProfileBody, SchoolSecurity, UpdateGuardBody } from '@xiaoan/contracts';
import { api, request, withQuery } from './client';
import { keys } from './keys';

export type GuardSummaryT = GuardSummary;
export type GuardDetailT = GuardDetail;
export type SchoolSecurityT = SchoolSecurity;
export type Four100T = Four100;
export type Four100BreakdownT = Four100Breakdown;
export type GuardFilter = Omit<GuardListQuery, 'page' | 'pageSize'>;

type PageOf<T> = { items: T[]; total: number };

export const guardApi = {
  list: (q: GuardListQuery, signal?: AbortSignal) => api.get<PageOf<GuardSummaryT>>('/api/registries/guards', q, signal),
  detail: (id: string, signal?: AbortSignal) => api.get<GuardDetailT>(`/api/registries/guards/${id}`, undefined, signal),
  create: (body: CreateGuardBody) => api.post<GuardDetailT>('/api/registries/guards', body),
  update: (id: string, body: UpdateGuardBody) => request<GuardDetailT>(`/api/registries/guards/${id}`, { method: 'PUT', body }),
  security: (q: { unitId?: string; failing?: string }, signal?: AbortSignal) => api.get<PageOf<SchoolSecurityT>>('/api/security-profiles', q, signal),
  school: (id: string, signal?: AbortSignal) => api.get<SchoolSecurityT>(`/api/security-profiles/${id}`, undefined, signal),
  putProfile: (id: string, body: PutSecurityProfileBody) => request<SchoolSecurityT>(`/api/security-profiles/${id}`, { method: 'PUT', body }),
  four100: (unitId: string | undefined, signal?: AbortSignal) => api.get<Four100T>('/api/indicators/four-100', { unitId }, signal),
  breakdown: (unitId: string | undefined, signal?: AbortSignal) => api.get<Four100BreakdownT>('/api/indicators/four-100/breakdown', { unitId }, signal),
};

/** The guards roster (.xlsx) under the list's filters. */
export const guardExportUrl = (q: { unitId?: string; schoolId?: string; certificate?: string } = {}) => withQuery('/api/registries/guards/export.xlsx', q);

export function useGuards(filter: GuardFilter, page: number, pageSize: number, enabled = true) {
  const q = { ...filter, page, pageSize };
  return useQuery({ queryKey: keys.guards.list(q), queryFn: ({ signal }) => guardApi.list(q, signal), placeholderData: keepPreviousData, enabled });
}

export function useGuard(id: string | undefined) {
  return useQuery({ queryKey: keys.guards.detail(id ?? ''), queryFn: ({ signal }) => guardApi.detail(id!, signal), enabled: !!id });
}

export function useSchoolSecurityList(q: { unitId?: string; failing?: string }, enabled = true) {
  return useQuery({ queryKey: keys.guards.security(q), queryFn: ({ signal }) => guardApi.security(q, signal), placeholderData: keepPreviousData, enabled });
}

export function useSchoolSecurity(id: string | undefined) {
  return useQuery({ queryKey: keys.guards.school(id ?? ''), queryFn: ({ signal }) => guardApi.school(id!, signal), enabled: !!id });
}

export function useFour100(unitId: string | undefined) {
  return useQuery({ queryKey: keys.guards.four100({ unitId }), queryFn: ({ signal }) => guardApi.four100(unitId, signal), placeholderData: keepPreviousData });
}

export function useFour100Breakdown(unitId: string | undefined, enabled = true) {
  return useQuery({ queryKey: keys.guards.breakdown({ unitId }), queryFn: ({ signal }) => guardApi.breakdown(unitId, signal), placeholderData: keepPreviousData, enabled });
}
