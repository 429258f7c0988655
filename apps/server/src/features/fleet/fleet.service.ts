import {
  can,
  normalizePlate,
  shanghaiDate,
  vehicleDocuments,
  vehicleInputIssues,
  vehicleStatus,
  VEHICLE_DOCUMENT_LABELS,
  fleetExpiredCause,
  type FleetFieldIssue,
  type VehicleDocument,
} from '@xiaoan/domain';
import type { CreateVehicleBody, FleetListQuery, UpdateVehicleBody, VehicleDetail, VehicleSummary } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { openRegistryHazard, registryHazardsOf } from '../registries/index.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { findVehicleIdByPlate, findVehicleInScope, findVehicles, insertVehicle, updateVehicleRow, type FleetFilter, type VehicleRow } from './fleet.repository.js';

/**
 * School buses (校车台账): the vehicles' use cases, and what the fleet's other services share
 * (the school a new record belongs to, the one refusal shape, the filter). Drivers and attendants
 * are in fleet-people.service.ts, routes in fleet-route.service.ts, the daily watch in
 * fleet-sweep.ts. The registry kind of a vehicle is `vehicles`, of a driver `drivers`.
 */

export const VEHICLE_KIND = 'vehicles';
export const DRIVER_KIND = 'drivers';

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields. Nothing is written. */
export function refuse(issues: readonly FleetFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

export const trimmed = (s: string | null | undefined) => (s ?? '').trim();

export type School = { id: string; name: string; path: string };

/** The school a new record belongs to: the one named (in scope, active) or the caller's own. */
export async function schoolFor(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined, issues: FleetFieldIssue[]): Promise<School | undefined> {
  const id = schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  const school = id ? await findSchoolInScope(db, ctx.scope, id, { active: true }) : undefined;
  if (!school) issues.push({ field: 'schoolId', message: '该学校不存在、已停用或不在您的权限范围内' });
  return school;
}

export function filterOf(q: FleetListQuery): FleetFilter {
  return { unitId: q.unitId ?? q.schoolId, q: q.q?.trim() || undefined, status: q.status };
}

export const pageOf = (q: FleetListQuery) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 50 });

/** A write that lost a race on a unique key (plate, ID number, route name) is the same refusal as the pre-check's. */
export async function withUnique<T>(issue: FleetFieldIssue, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (uniqueViolation(e)) throw refuse([issue]);
    throw e;
  }
}

export const allowedFleetActions = (ctx: RequestContext) => (can(ctx.actor.role, 'registry.manage') ? ['edit'] : []);

// ---------------------------------------------------------------- vehicles

export function toVehicleSummary(r: VehicleRow, today: string): VehicleSummary {
  const docs = { licenceExpiresOn: r.licence_expires_on, inspectionDueOn: r.inspection_due_on, insuranceExpiresOn: r.insurance_expires_on };
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    plate: r.plate,
    seats: r.seats,
    model: r.model,
    operator: r.operator,
    licenceNo: r.licence_no,
    licenceIssuedOn: r.licence_issued_on,
    licenceExpiresOn: r.licence_expires_on,
    inspectedOn: r.inspected_on,
    inspectionDueOn: r.inspection_due_on,
    insuranceStartsOn: r.insurance_starts_on,
    insuranceExpiresOn: r.insurance_expires_on,
    gpsDeviceId: r.gps_device_id,
    note: r.note,
    status: vehicleStatus(docs, today),
    documents: vehicleDocuments(docs, today),
    routes: r.routes,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listVehicles(db: DbOrTrx, ctx: RequestContext, q: FleetListQuery, now = new Date()): Promise<{ items: VehicleSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findVehicles(db, ctx.scope, filterOf(q), today, pageOf(q));
  return { items: rows.map((r) => toVehicleSummary(r, today)), total };
}

async function loadVehicle(db: DbOrTrx, ctx: RequestContext, id: string): Promise<VehicleRow> {
  const row = await findVehicleInScope(db, ctx.scope, id);
  if (!row) throw notFound('校车');
  return row;
}

export const vehicleLink = (id: string) => `/registries/fleet/vehicles/${id}`;

export async function getVehicle(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<VehicleDetail> {
  const row = await loadVehicle(db, ctx, id);
  const hazards = await registryHazardsOf(db as Db, VEHICLE_KIND, id);
  return {
    ...toVehicleSummary(row, shanghaiDate(now)),
    hazards: hazards.map((h) => ({ hazardId: h.hazardId, cause: h.cause, title: h.title, state: h.state })),
    allowedActions: allowedFleetActions(ctx),
    labelPath: `/api/registries/vehicles/labels?schoolId=${row.school_id}&vehicleId=${row.id}`,
  };
}

type VehicleValues = {
  plate: string;
  seats: number;
  model: string;
  operator: string;
  licence_no: string;
  licence_issued_on: string;
  licence_expires_on: string;
  inspected_on: string | null;
  inspection_due_on: string;
  insurance_starts_on: string | null;
  insurance_expires_on: string;
  gps_device_id: string;
  note: string;
};

function vehicleValues(b: CreateVehicleBody | UpdateVehicleBody): VehicleValues {
  return {
    plate: normalizePlate(b.plate ?? '')!,
    seats: b.seats!,
    model: trimmed(b.model),
    operator: trimmed(b.operator),
    licence_no: trimmed(b.licenceNo),
    licence_issued_on: b.licenceIssuedOn!,
    licence_expires_on: b.licenceExpiresOn!,
    inspected_on: b.inspectedOn ?? null,
    inspection_due_on: b.inspectionDueOn!,
    insurance_starts_on: b.insuranceStartsOn ?? null,
    insurance_expires_on: b.insuranceExpiresOn!,
    gps_device_id: trimmed(b.gpsDeviceId),
    note: trimmed(b.note),
  };
}

const duplicatePlate = (plate: string): FleetFieldIssue => ({ field: 'plate', message: `车牌号 ${plate} 已登记，同一辆车只登记一次` });

/** The issues of a vehicle's fields, the duplicate plate included (another vehicle than `selfId` holding it). */
export async function vehicleIssues(db: DbOrTrx, b: CreateVehicleBody | UpdateVehicleBody, selfId?: string): Promise<FleetFieldIssue[]> {
  const issues = vehicleInputIssues(b);
  const plate = normalizePlate(b.plate ?? '');
  if (plate) {
    const holder = await findVehicleIdByPlate(db, plate);
    if (holder && holder.id !== selfId) issues.push(duplicatePlate(plate));
  }
  return issues;
}

/**
 * A saved vehicle with an expired document opens its hazard at once (reported by the user who
 * saved it), the same one the daily sweep would open; returns how many were new.
 */
export async function openExpiredVehicleHazards(trx: Trx, row: VehicleRow, now: Date, ctx?: RequestContext): Promise<number> {
  const today = shanghaiDate(now);
  let created = 0;
  for (const doc of vehicleDocuments({ licenceExpiresOn: row.licence_expires_on, inspectionDueOn: row.inspection_due_on, insuranceExpiresOn: row.insurance_expires_on }, today)) {
    if (doc.state !== 'expired') continue;
    const label = VEHICLE_DOCUMENT_LABELS[doc.document as VehicleDocument];
    const r = await openRegistryHazard(
      trx,
      {
        schoolId: row.school_id,
        kind: VEHICLE_KIND,
        recordId: row.id,
        cause: fleetExpiredCause(doc.document, doc.expiresOn),
        label: `校车 ${row.plate}`,
        title: `校车 ${row.plate} ${label}已过期，车辆停运`,
        description: `校车 ${row.plate}（${row.operator}，核载 ${row.seats} 人）的${label}有效期至 ${doc.expiresOn}，已过期。依《校车安全管理条例》严禁过期、过保、过验车辆上路：车辆已停运，不能安排线路，请尽快办理续期后更新台账。`,
        domain: 'traffic_bus',
        grade: 'general',
      },
      now,
      ctx,
    );
    if (r.created) created++;
  }
  return created;
}

export async function createVehicle(db: Db, ctx: RequestContext, body: CreateVehicleBody, now = new Date()): Promise<VehicleDetail> {
  const issues: FleetFieldIssue[] = [];
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  issues.push(...(await vehicleIssues(db, body)));
  if (issues.length > 0) throw refuse(issues);
  const values = vehicleValues(body);
  return withUnique(duplicatePlate(values.plate), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      const id = await insertVehicle(trx, { ...values, school_id: school!.id, unit_path: school!.path, created_by: ctx.actor.userId });
      const row = (await findVehicleInScope(trx, ctx.scope, id))!;
      const hazards = await openExpiredVehicleHazards(trx, row, now, ctx);
      await emit({ action: 'vehicle.create', objectType: 'vehicle', objectId: id, details: { schoolId: school!.id, plate: values.plate, hazards } });
      return getVehicle(trx, ctx, id, now);
    }),
  );
}

export async function updateVehicle(db: Db, ctx: RequestContext, id: string, body: UpdateVehicleBody, now = new Date()): Promise<VehicleDetail> {
  const row = await loadVehicle(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const issues = await vehicleIssues(db, body, id);
  if (issues.length > 0) throw refuse(issues);
  const values = vehicleValues(body);
  const before = row as unknown as Record<string, unknown>;
  const changed = Object.keys(values).filter((k) => before[k] !== (values as Record<string, unknown>)[k]);
  return withUnique(duplicatePlate(values.plate), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateVehicleRow(trx, id, body.version, values))) throw staleVersion();
      const fresh = (await findVehicleInScope(trx, ctx.scope, id))!;
      const hazards = await openExpiredVehicleHazards(trx, fresh, now, ctx);
      await emit({ action: 'vehicle.update', objectType: 'vehicle', objectId: id, details: { changed, hazards } });
      return getVehicle(trx, ctx, id, now);
    }),
  );
}
