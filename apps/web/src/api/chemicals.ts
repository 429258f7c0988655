/**
 * The chemicals registry (危化品台账): the catalogue, the stores and cabinets with their book,
 * the movements, the reconciliation (盘点), the QR label and the Excel ledger. Shapes come
 * from the contracts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ChemicalCountResult,
  ChemicalDetail,
  ChemicalImportResult,
  ChemicalListQuery,
  ChemicalMovementDetail,
  ChemicalMovementListQuery,
  ChemicalMovementSummary,
  ChemicalStoreDetail,
  ChemicalStoreListQuery,
  ChemicalStoreSummary,
  ChemicalSummary,
  CreateChemicalBody,
  CreateChemicalCountBody,
  CreateChemicalMovementBody,
  CreateChemicalStoreBody,
  UpdateChemicalBody,
  UpdateChemicalStoreBody,
} from '@xiaoan/contracts';
import { api, request, withQuery } from './client';
import { keys } from './keys';

export type ChemicalSummaryT = ChemicalSummary;
export type ChemicalDetailT = ChemicalDetail;
export type ChemicalStoreSummaryT = ChemicalStoreSummary;
export type ChemicalStoreDetailT = ChemicalStoreDetail;
export type ChemicalMovementT = ChemicalMovementSummary;
export type ChemicalMovementDetailT = ChemicalMovementDetail;
export type ChemicalCountResultT = ChemicalCountResult;
export type ChemicalImportResultT = ChemicalImportResult;

type PageOf<T> = { items: T[]; total: number };
type Paged<Q> = Omit<Q, 'page' | 'pageSize'> & { page?: number; pageSize?: number };
const flags = <Q extends { open?: boolean; mismatch?: boolean }>(q: Q) => ({ ...q, open: q.open ? 'true' : undefined, mismatch: q.mismatch ? 'true' : undefined });

export const chemicalApi = {
  list: (q: Paged<ChemicalListQuery>, signal?: AbortSignal) => api.get<PageOf<ChemicalSummaryT>>('/api/registries/chemicals', q, signal),
  detail: (id: string, signal?: AbortSignal) => api.get<ChemicalDetailT>(`/api/registries/chemicals/${id}`, undefined, signal),
  create: (body: CreateChemicalBody) => api.post<ChemicalDetailT>('/api/registries/chemicals', body),
  update: (id: string, body: UpdateChemicalBody) => request<ChemicalDetailT>(`/api/registries/chemicals/${id}`, { method: 'PUT', body }),
  stores: (q: Paged<ChemicalStoreListQuery>, signal?: AbortSignal) => api.get<PageOf<ChemicalStoreSummaryT>>('/api/registries/chemical-stores', flags(q), signal),
  store: (id: string, signal?: AbortSignal) => api.get<ChemicalStoreDetailT>(`/api/registries/chemical-stores/${id}`, undefined, signal),
  createStore: (body: CreateChemicalStoreBody) => api.post<ChemicalStoreDetailT>('/api/registries/chemical-stores', body),
  updateStore: (id: string, body: UpdateChemicalStoreBody) => request<ChemicalStoreDetailT>(`/api/registries/chemical-stores/${id}`, { method: 'PUT', body }),
  count: (storeId: string, body: CreateChemicalCountBody) => api.post<ChemicalCountResultT>(`/api/registries/chemical-stores/${storeId}/counts`, body),
  movements: (q: Paged<ChemicalMovementListQuery>, signal?: AbortSignal) => api.get<PageOf<ChemicalMovementT>>('/api/registries/chemical-movements', flags(q), signal),
  movement: (id: string, signal?: AbortSignal) => api.get<ChemicalMovementDetailT>(`/api/registries/chemical-movements/${id}`, undefined, signal),
  record: (body: CreateChemicalMovementBody) => api.post<ChemicalMovementDetailT>('/api/registries/chemical-movements', body),
  importLedger: (form: FormData, commit: boolean) => api.upload<ChemicalImportResultT>(commit ? '/api/registries/chemicals/import' : '/api/registries/chemicals/import/preview', form),
};

/** The printable QR label of a store or cabinet (an HTML page the browser prints). */
export const chemicalStoreLabelUrl = (storeId: string) => `/api/registries/chemical-stores/${storeId}/label`;
/** The school's chemicals ledger (危化品台账) as .xlsx. */
export const chemicalExportUrl = (schoolId?: string) => withQuery('/api/registries/chemicals/export.xlsx', { schoolId });

export function useChemicals(q: Paged<ChemicalListQuery>, enabled = true) {
  return useQuery({ queryKey: keys.chemicals.list('chemicals', q), queryFn: ({ signal }) => chemicalApi.list(q, signal), placeholderData: keepPreviousData, enabled });
}

export function useChemical(id: string | undefined) {
  return useQuery({ queryKey: keys.chemicals.detail('chemicals', id ?? ''), queryFn: ({ signal }) => chemicalApi.detail(id!, signal), enabled: !!id });
}

export function useChemicalStores(q: Paged<ChemicalStoreListQuery>, enabled = true) {
  return useQuery({ queryKey: keys.chemicals.list('stores', q), queryFn: ({ signal }) => chemicalApi.stores(q, signal), placeholderData: keepPreviousData, enabled });
}

export function useChemicalStore(id: string | undefined) {
  return useQuery({ queryKey: keys.chemicals.detail('stores', id ?? ''), queryFn: ({ signal }) => chemicalApi.store(id!, signal), enabled: !!id });
}

export function useChemicalMovements(q: Paged<ChemicalMovementListQuery>, enabled = true) {
  return useQuery({ queryKey: keys.chemicals.list('movements', q), queryFn: ({ signal }) => chemicalApi.movements(q, signal), placeholderData: keepPreviousData, enabled });
}

export function useChemicalMovement(id: string | undefined) {
  return useQuery({ queryKey: keys.chemicals.detail('movements', id ?? ''), queryFn: ({ signal }) => chemicalApi.movement(id!, signal), enabled: !!id });
}
