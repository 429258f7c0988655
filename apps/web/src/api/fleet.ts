/**
 * School buses (校车台账): vehicles, drivers, attendants and routes under /api/registries; the
 * school's workbook and the QR label sheet. Shapes come from the contracts. The query keys are
 * kept here under one root ('fleet'), so one invalidation refreshes every fleet list and detail.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  AttendantDetail,
  AttendantSummary,
  BusRouteDetail,
  BusRouteSummary,
  CreateAttendantBody,
  CreateBusRouteBody,
  CreateDriverBody,
  CreateVehicleBody,
  DriverDetail,
  DriverSummary,
  FleetListQuery,
  UpdateAttendantBody,
  UpdateBusRouteBody,
  UpdateDriverBody,
  UpdateVehicleBody,
  VehicleDetail,
  VehicleImportResult,
  VehicleSummary,
} from '@xiaoan/contracts';
import { api, request, withQuery } from './client';

export type VehicleSummaryT = VehicleSummary;
export type VehicleDetailT = VehicleDetail;
export type DriverSummaryT = DriverSummary;
export type DriverDetailT = DriverDetail;
export type AttendantSummaryT = AttendantSummary;
export type AttendantDetailT = AttendantDetail;
export type BusRouteSummaryT = BusRouteSummary;
export type BusRouteDetailT = BusRouteDetail;
export type FleetFilter = Omit<FleetListQuery, 'page' | 'pageSize'>;
export type FleetKind = 'vehicles' | 'drivers' | 'attendants' | 'bus-routes';

type PageOf<T> = { items: T[]; total: number };

export const fleetKeys = {
  all: ['fleet'] as const,
  list: (kind: FleetKind, q: object) => ['fleet', kind, 'list', q] as const,
  detail: (kind: FleetKind, id: string) => ['fleet', kind, 'detail', id] as const,
};

const base = (kind: FleetKind) => `/api/registries/${kind}`;

export const fleetApi = {
  vehicles: (q: FleetListQuery, signal?: AbortSignal) => api.get<PageOf<VehicleSummaryT>>(base('vehicles'), q, signal),
  vehicle: (id: string, signal?: AbortSignal) => api.get<VehicleDetailT>(`${base('vehicles')}/${id}`, undefined, signal),
  createVehicle: (body: CreateVehicleBody) => api.post<VehicleDetailT>(base('vehicles'), body),
  updateVehicle: (id: string, body: UpdateVehicleBody) => request<VehicleDetailT>(`${base('vehicles')}/${id}`, { method: 'PUT', body }),
  drivers: (q: FleetListQuery, signal?: AbortSignal) => api.get<PageOf<DriverSummaryT>>(base('drivers'), q, signal),
  driver: (id: string, signal?: AbortSignal) => api.get<DriverDetailT>(`${base('drivers')}/${id}`, undefined, signal),
  createDriver: (body: CreateDriverBody) => api.post<DriverDetailT>(base('drivers'), body),
  updateDriver: (id: string, body: UpdateDriverBody) => request<DriverDetailT>(`${base('drivers')}/${id}`, { method: 'PUT', body }),
  attendants: (q: FleetListQuery, signal?: AbortSignal) => api.get<PageOf<AttendantSummaryT>>(base('attendants'), q, signal),
  attendant: (id: string, signal?: AbortSignal) => api.get<AttendantDetailT>(`${base('attendants')}/${id}`, undefined, signal),
  createAttendant: (body: CreateAttendantBody) => api.post<AttendantDetailT>(base('attendants'), body),
  updateAttendant: (id: string, body: UpdateAttendantBody) => request<AttendantDetailT>(`${base('attendants')}/${id}`, { method: 'PUT', body }),
  routes: (q: FleetListQuery, signal?: AbortSignal) => api.get<PageOf<BusRouteSummaryT>>(base('bus-routes'), q, signal),
  route: (id: string, signal?: AbortSignal) => api.get<BusRouteDetailT>(`${base('bus-routes')}/${id}`, undefined, signal),
  createRoute: (body: CreateBusRouteBody) => api.post<BusRouteDetailT>(base('bus-routes'), body),
  updateRoute: (id: string, body: UpdateBusRouteBody) => request<BusRouteDetailT>(`${base('bus-routes')}/${id}`, { method: 'PUT', body }),
};

/** The school's workbook (校车, 驾驶人, 随车照管人员, 线路). */
export const fleetExportUrl = (schoolId?: string) => withQuery('/api/registries/vehicles/export.xlsx', { schoolId });
/** The printable QR labels of a school's vehicles (or of one). */
export const vehicleLabelsUrl = (schoolId?: string, vehicleId?: string) => withQuery('/api/registries/vehicles/labels', { schoolId, vehicleId });
/** The vehicles' Excel import: a preview that writes nothing, then the import of the same file. */
export const vehicleImport = {
  preview: (form: FormData) => api.upload<VehicleImportResult>('/api/registries/vehicles/import/preview', form),
  commit: (form: FormData) => api.upload<VehicleImportResult>('/api/registries/vehicles/import', form),
};

const lister = {
  vehicles: fleetApi.vehicles,
  drivers: fleetApi.drivers,
  attendants: fleetApi.attendants,
  'bus-routes': fleetApi.routes,
} as const;

type ItemOf<K extends FleetKind> = K extends 'vehicles' ? VehicleSummaryT : K extends 'drivers' ? DriverSummaryT : K extends 'attendants' ? AttendantSummaryT : BusRouteSummaryT;

export function useFleetList<K extends FleetKind>(kind: K, filter: FleetFilter, page: number, pageSize: number, enabled = true) {
  const q = { ...filter, page, pageSize };
  return useQuery({
    queryKey: fleetKeys.list(kind, q),
    queryFn: ({ signal }) => (lister[kind] as (q: FleetListQuery, s?: AbortSignal) => Promise<PageOf<ItemOf<K>>>)(q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useVehicle(id: string | undefined) {
  return useQuery({ queryKey: fleetKeys.detail('vehicles', id ?? ''), queryFn: ({ signal }) => fleetApi.vehicle(id!, signal), enabled: !!id });
}

export function useDriver(id: string | undefined) {
  return useQuery({ queryKey: fleetKeys.detail('drivers', id ?? ''), queryFn: ({ signal }) => fleetApi.driver(id!, signal), enabled: !!id });
}
