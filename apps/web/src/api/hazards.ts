import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HazardDomain, HazardGrade, HazardSource, HazardState } from '@xiaoan/domain';
import { api, request, withQuery, type Query } from './client';
import { keys } from './keys';
import type { CreateHazardBody, HazardDetail, HazardSummary, LedgerImportPreview, LedgerImportResult, PageOf } from './types';

/** The ledger's filters as GET /api/hazards takes them (arrays are repeated parameters). */
export type HazardFilter = {
  state?: HazardState[];
  domain?: HazardDomain[];
  grade?: HazardGrade;
  source?: HazardSource[];
  overdue?: boolean;
  listed?: boolean;
  schoolId?: string;
  areaId?: string;
  /** The schools of one supervision team. */
  teamId?: string;
  owner?: string;
  foundFrom?: string;
  foundTo?: string;
  q?: string;
  sort?: 'foundAt' | 'dueDate' | 'reportedAt' | 'id';
  order?: 'asc' | 'desc';
};

/** The query string of a filter; `false` flags are left out (the server reads them as "any"). */
export function hazardQuery(f: HazardFilter): Query {
  return {
    state: f.state,
    domain: f.domain,
    grade: f.grade,
    source: f.source,
    overdue: f.overdue ? 'true' : undefined,
    listed: f.listed ? 'true' : undefined,
    schoolId: f.schoolId,
    areaId: f.areaId,
    teamId: f.teamId,
    owner: f.owner,
    foundFrom: f.foundFrom,
    foundTo: f.foundTo,
    q: f.q,
    sort: f.sort,
    order: f.sort ? f.order : undefined,
  };
}

export function useHazardPage(filter: HazardFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: keys.hazards.list(filter, page, pageSize),
    queryFn: ({ signal }) => api.get<PageOf<HazardSummary>>('/api/hazards', { ...hazardQuery(filter), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** How many hazards match: a one-row page, reading `total`. */
export function useHazardCount(filter: HazardFilter, enabled = true) {
  return useQuery({
    queryKey: keys.hazards.count(filter),
    queryFn: async ({ signal }) => (await api.get<PageOf<HazardSummary>>('/api/hazards', { ...hazardQuery(filter), page: 1, pageSize: 1 }, signal)).total,
    staleTime: 30_000,
    enabled,
  });
}

export const hazardDetailKey = keys.hazards.detail;

export function useHazardDetail(id: string | undefined) {
  return useQuery({
    queryKey: hazardDetailKey(id ?? ''),
    queryFn: ({ signal }) => api.get<HazardDetail>(`/api/hazards/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 5_000,
  });
}

/** Creates a hazard; the same Idempotency-Key again returns the first answer and creates nothing. */
export function createHazard(body: CreateHazardBody, idempotencyKey: string): Promise<HazardDetail> {
  return request<HazardDetail>('/api/hazards', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The Excel download of the filtered ledger (the server streams it). */
export function hazardExportUrl(filter: HazardFilter): string {
  return withQuery('/api/hazards/export.xlsx', hazardQuery(filter));
}

/** The ledger import: preview reads the sheet with the column mapping (writes nothing), commit writes it. */
export const ledgerImport = {
  preview: (form: FormData) => api.upload<LedgerImportPreview>('/api/hazards/import/preview', form),
  commit: (form: FormData) => api.upload<LedgerImportResult>('/api/hazards/import/commit', form),
};
