/**
 * The measure list (制度措施清单) and the two lists' overview: list, detail, create (also from a
 * closed hazard in one step), edit (versioned), status moves, the export of both lists.
 * Shapes come from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CreateMeasureBody, MeasureDetail, MeasureListQuery, MeasureOverview, MeasureSummary, MoveMeasureBody, UpdateMeasureBody } from '@xiaoan/contracts';
import { api, request, withQuery } from './client';
import { keys } from './keys';

export type MeasureSummaryT = MeasureSummary;
export type MeasureDetailT = MeasureDetail;
export type MeasureOverviewRowT = MeasureOverview['items'][number];

type PageOf<T> = { items: T[]; total: number };

export type MeasureFilter = Omit<MeasureListQuery, 'page' | 'pageSize'>;

const query = (f: MeasureFilter & { page?: number; pageSize?: number }) => ({ ...f, overdue: f.overdue ? 'true' : undefined });

export const measureApi = {
  list: (filter: MeasureFilter & { page?: number; pageSize?: number } = {}, signal?: AbortSignal) => api.get<PageOf<MeasureSummaryT>>('/api/measures', query(filter), signal),
  detail: (id: string, signal?: AbortSignal) => api.get<MeasureDetailT>(`/api/measures/${id}`, undefined, signal),
  overview: (unitId?: string, signal?: AbortSignal) => api.get<MeasureOverview>('/api/measures/overview', { unitId }, signal),
  create: (body: CreateMeasureBody) => api.post<MeasureDetailT>('/api/measures', body),
  update: (id: string, body: UpdateMeasureBody) => request<MeasureDetailT>(`/api/measures/${id}`, { method: 'PUT', body }),
  move: (id: string, body: MoveMeasureBody) => api.post<MeasureDetailT>(`/api/measures/${id}/status`, body),
};

/** The workbook of one school's two lists (问题隐患清单, 制度措施清单). */
export const measureExportUrl = (schoolId?: string) => withQuery('/api/measures/export.xlsx', { schoolId });

export function useMeasures(filter: MeasureFilter, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: keys.measures.list({ ...filter, page, pageSize }),
    queryFn: ({ signal }) => measureApi.list({ ...filter, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMeasure(id: string | undefined) {
  return useQuery({ queryKey: keys.measures.detail(id ?? ''), queryFn: ({ signal }) => measureApi.detail(id!, signal), enabled: !!id });
}

export function useMeasureOverview(unitId: string | undefined) {
  return useQuery({ queryKey: keys.measures.overview({ unitId }), queryFn: ({ signal }) => measureApi.overview(unitId, signal) });
}
