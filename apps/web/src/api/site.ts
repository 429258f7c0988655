/**
 * The site registries (校舍、应急预案、演练、食堂从业人员) and the coverage figures: lists,
 * details, creates and versioned edits. Shapes come from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  BuildingDetail,
  BuildingSummary,
  CanteenProfile,
  CanteenStaffDetail,
  CanteenStaffSummary,
  CreateBuildingBody,
  CreateCanteenStaffBody,
  CreateDrillBody,
  CreatePlanBody,
  DrillDetail,
  DrillSummary,
  PlanDetail,
  PlanSummary,
  PutCanteenProfileBody,
  SiteCoverage,
  UpdateBuildingBody,
  UpdateCanteenStaffBody,
  UpdatePlanBody,
} from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type SiteKind = 'buildings' | 'emergency-plans' | 'drills' | 'canteen-staff';
export type SiteSummaries = { buildings: BuildingSummary; 'emergency-plans': PlanSummary; drills: DrillSummary; 'canteen-staff': CanteenStaffSummary };
export type SiteDetails = { buildings: BuildingDetail; 'emergency-plans': PlanDetail; drills: DrillDetail; 'canteen-staff': CanteenStaffDetail };
export type { CanteenProfile, BuildingSummary, PlanSummary, DrillSummary, CanteenStaffSummary, BuildingDetail, PlanDetail, DrillDetail, CanteenStaffDetail, SiteCoverage };

type PageOf<T> = { items: T[]; total: number };
export type SiteFilter = { unitId?: string; q?: string; status?: string; grade?: string; kind?: string };

export const siteApi = {
  list: <K extends SiteKind>(kind: K, filter: SiteFilter & { page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<PageOf<SiteSummaries[K]>>(`/api/registries/${kind}`, filter, signal),
  detail: <K extends SiteKind>(kind: K, id: string, signal?: AbortSignal) => api.get<SiteDetails[K]>(`/api/registries/${kind}/${id}`, undefined, signal),
  createBuilding: (body: CreateBuildingBody) => api.post<BuildingDetail>('/api/registries/buildings', body),
  updateBuilding: (id: string, body: UpdateBuildingBody) => request<BuildingDetail>(`/api/registries/buildings/${id}`, { method: 'PUT', body }),
  createPlan: (body: CreatePlanBody) => api.post<PlanDetail>('/api/registries/emergency-plans', body),
  updatePlan: (id: string, body: UpdatePlanBody) => request<PlanDetail>(`/api/registries/emergency-plans/${id}`, { method: 'PUT', body }),
  createDrill: (body: CreateDrillBody) => api.post<DrillDetail>('/api/registries/drills', body),
  createStaff: (body: CreateCanteenStaffBody) => api.post<CanteenStaffDetail>('/api/registries/canteen-staff', body),
  updateStaff: (id: string, body: UpdateCanteenStaffBody) => request<CanteenStaffDetail>(`/api/registries/canteen-staff/${id}`, { method: 'PUT', body }),
  canteenProfile: (schoolId?: string, signal?: AbortSignal) => api.get<CanteenProfile>('/api/registries/canteen-profile', { schoolId }, signal),
  saveCanteenProfile: (body: PutCanteenProfileBody) => request<CanteenProfile>('/api/registries/canteen-profile', { method: 'PUT', body }),
  coverage: (unitId?: string, signal?: AbortSignal) => api.get<SiteCoverage>('/api/indicators/coverage', { unitId }, signal),
};

export function useSiteList<K extends SiteKind>(kind: K, filter: SiteFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: keys.site.list(kind, { ...filter, page, pageSize }),
    queryFn: ({ signal }) => siteApi.list(kind, { ...filter, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSiteRecord<K extends SiteKind>(kind: K, id: string | undefined) {
  return useQuery({ queryKey: keys.site.detail(kind, id ?? ''), queryFn: ({ signal }) => siteApi.detail(kind, id!, signal), enabled: !!id });
}

export function useSiteCoverage(unitId: string | undefined) {
  return useQuery({ queryKey: keys.site.coverage({ unitId }), queryFn: ({ signal }) => siteApi.coverage(unitId, signal) });
}

export function useCanteenProfile(schoolId: string | undefined) {
  return useQuery({ queryKey: keys.site.profile(schoolId ?? ''), queryFn: ({ signal }) => siteApi.canteenProfile(schoolId, signal), enabled: !!schoolId });
}
