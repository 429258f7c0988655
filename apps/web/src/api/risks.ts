/**
 * The risk register (风险分级管控): the list (a school sees only its own), the detail, assessing
 * and editing a risk (versioned), reassessing and retiring it, the bureau's L×S matrix, and a
 * hazard naming the risk it realises. Shapes come from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CreateRiskBody,
  HazardRiskLink,
  LinkHazardRiskBody,
  PutRiskMatrixBody,
  ReassessRiskBody,
  RetireRiskBody,
  Risk,
  RiskDetail,
  RiskListQuery,
  RiskMatrix,
  RiskMatrixResult,
  UpdateRiskBody,
} from '@xiaoan/contracts';
import { api, request } from './client';
import { keys } from './keys';

export type RiskT = Risk;
export type RiskDetailT = RiskDetail;
export type RiskMatrixT = RiskMatrix;
export type RiskCreateT = CreateRiskBody;
export type RiskUpdateT = UpdateRiskBody;

type PageOf<T> = { items: T[]; total: number };

/** Filters of the register: school or area, point, level, domain, status, review due, flagged, a search, a hazard's risk. */
export type RiskFilter = Omit<RiskListQuery, 'page' | 'pageSize'>;

const query = (f: RiskFilter & { page?: number; pageSize?: number }) => ({
  ...f,
  reviewDue: f.reviewDue ? 'true' : undefined,
  flagged: f.flagged ? 'true' : undefined,
});

export const riskApi = {
  list: (filter: RiskFilter & { page?: number; pageSize?: number } = {}, signal?: AbortSignal) => api.get<PageOf<RiskT>>('/api/risks', query(filter), signal),
  detail: (id: string, signal?: AbortSignal) => api.get<RiskDetailT>(`/api/risks/${id}`, undefined, signal),
  create: (body: CreateRiskBody) => api.post<RiskDetailT>('/api/risks', body),
  update: (id: string, body: UpdateRiskBody) => request<RiskDetailT>(`/api/risks/${id}`, { method: 'PUT', body }),
  reassess: (id: string, body: ReassessRiskBody) => api.post<RiskDetailT>(`/api/risks/${id}/reassess`, body),
  retire: (id: string, body: RetireRiskBody) => api.post<RiskDetailT>(`/api/risks/${id}/retire`, body),
  matrix: (signal?: AbortSignal) => api.get<RiskMatrixT>('/api/risk-matrix', undefined, signal),
  saveMatrix: (body: PutRiskMatrixBody) => request<RiskMatrixResult>('/api/risk-matrix', { method: 'PUT', body }),
  linkHazard: (hazardId: string, body: LinkHazardRiskBody) => request<HazardRiskLink>(`/api/hazards/${hazardId}/risk`, { method: 'PUT', body }),
};

export function useRisks(filter: RiskFilter, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: keys.risks.list({ ...filter, page, pageSize }),
    queryFn: ({ signal }) => riskApi.list({ ...filter, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRisk(id: string | undefined) {
  return useQuery({ queryKey: keys.risks.detail(id ?? ''), queryFn: ({ signal }) => riskApi.detail(id!, signal), enabled: !!id });
}

export function useRiskMatrix(enabled = true) {
  return useQuery({ queryKey: keys.risks.matrix(), queryFn: ({ signal }) => riskApi.matrix(signal), enabled, staleTime: 60_000 });
}
