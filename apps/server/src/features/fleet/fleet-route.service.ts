import { busAssignmentIssues, busRouteInputIssues, busRouteStatus, driverStatus, shanghaiDate, vehicleStatus, type FleetFieldIssue } from '@xiaoan/domain';
import type { BusRouteDetail, BusRouteSummary, CreateBusRouteBody, FleetListQuery, UpdateBusRouteBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findAttendantInScope, findDriverInScope, findRouteIdByName, findRouteInScope, findRoutes, findVehicleInScope, insertRoute, updateRouteRow, type BusRouteRow } from './fleet.repository.js';
import { allowedFleetActions, filterOf, pageOf, refuse, schoolFor, trimmed, withUnique, type School } from './fleet.service.js';

/**
 * Bus routes (线路) with their stops and the vehicle, driver and attendant assigned: each of the
 * route's school; a vehicle out of service (any expired document) or a driver unfit to drive a
 * school bus is refused with the document and its date, nothing written.
 */

export function toRouteSummary(r: BusRouteRow, today: string): BusRouteSummary {
  const vehicle = r.vehicle ? { plate: r.vehicle.plate, seats: r.vehicle.seats, licenceExpiresOn: r.vehicle.licenceExpiresOn, inspectionDueOn: r.vehicle.inspectionDueOn, insuranceExpiresOn: r.vehicle.insuranceExpiresOn } : null;
  const driver = r.driver ? { name: r.driver.name, licenceExpiresOn: r.driver.licenceExpiresOn, qualificationExpiresOn: r.driver.qualificationExpiresOn } : null;
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    name: r.name,
    stops: r.stops,
    vehicle: r.vehicle && vehicle ? { id: r.vehicle.id, plate: r.vehicle.plate, seats: r.vehicle.seats, status: vehicleStatus(vehicle, today) } : null,
    driver: r.driver && driver ? { id: r.driver.id, name: r.driver.name, status: driverStatus(driver, today) } : null,
    attendant: r.attendant,
    status: busRouteStatus({ vehicle, driver, hasAttendant: !!r.attendant }, today),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listRoutes(db: DbOrTrx, ctx: RequestContext, q: FleetListQuery, now = new Date()): Promise<{ items: BusRouteSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findRoutes(db, ctx.scope, filterOf(q), pageOf(q));
  const items = rows.map((r) => toRouteSummary(r, today));
  // The route status is derived from today's documents: filtered after the page is read.
  return q.status ? { items: items.filter((i) => i.status === q.status), total: items.filter((i) => i.status === q.status).length } : { items, total };
}

async function loadRoute(db: DbOrTrx, ctx: RequestContext, id: string): Promise<BusRouteRow> {
  const row = await findRouteInScope(db, ctx.scope, id);
  if (!row) throw notFound('校车线路');
  return row;
}

export async function getRoute(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<BusRouteDetail> {
  const row = await loadRoute(db, ctx, id);
  return { ...toRouteSummary(row, shanghaiDate(now)), allowedActions: allowedFleetActions(ctx) };
}

type RouteBody = CreateBusRouteBody | UpdateBusRouteBody;

/** The assignment named: each record of the route's school (else "not found" like an unknown id), the vehicle in service, the driver fit. */
async function assignment(db: DbOrTrx, ctx: RequestContext, school: School, b: RouteBody, today: string, issues: FleetFieldIssue[]) {
  const notOfSchool = (field: string, what: string) => issues.push({ field, message: `该${what}不存在或不是${school.name}的` });
  const vehicle = b.vehicleId ? await findVehicleInScope(db, ctx.scope, b.vehicleId) : undefined;
  if (b.vehicleId && (!vehicle || vehicle.school_id !== school.id)) notOfSchool('vehicleId', '校车');
  const driver = b.driverId ? await findDriverInScope(db, ctx.scope, b.driverId) : undefined;
  if (b.driverId && (!driver || driver.school_id !== school.id)) notOfSchool('driverId', '驾驶人');
  const attendant = b.attendantId ? await findAttendantInScope(db, ctx.scope, b.attendantId) : undefined;
  if (b.attendantId && (!attendant || attendant.school_id !== school.id)) notOfSchool('attendantId', '随车照管人员');
  issues.push(
    ...busAssignmentIssues(
      {
        vehicle: vehicle && vehicle.school_id === school.id ? { plate: vehicle.plate, seats: vehicle.seats, licenceExpiresOn: vehicle.licence_expires_on, inspectionDueOn: vehicle.inspection_due_on, insuranceExpiresOn: vehicle.insurance_expires_on } : null,
        driver: driver && driver.school_id === school.id ? { name: driver.name, licenceExpiresOn: driver.licence_expires_on, qualificationExpiresOn: driver.qualification_expires_on } : null,
      },
      today,
    ),
  );
}

const routeValues = (b: RouteBody) => ({
  name: trimmed(b.name),
  stops: JSON.stringify((b.stops ?? []).map((s) => ({ name: trimmed(s.name), time: s.time ?? '' }))),
  vehicle_id: b.vehicleId ?? null,
  driver_id: b.driverId ?? null,
  attendant_id: b.attendantId ?? null,
});

const duplicateName = (name: string): FleetFieldIssue => ({ field: 'name', message: `本校已有名为“${name}”的线路` });

async function routeIssues(db: DbOrTrx, ctx: RequestContext, school: School | undefined, b: RouteBody, today: string, selfId?: string): Promise<FleetFieldIssue[]> {
  const issues = busRouteInputIssues(b);
  if (!school) return issues;
  const name = trimmed(b.name);
  if (name) {
    const holder = await findRouteIdByName(db, school.id, name);
    if (holder && holder !== selfId) issues.push(duplicateName(name));
  }
  await assignment(db, ctx, school, b, today, issues);
  return issues;
}

export async function createRoute(db: Db, ctx: RequestContext, body: CreateBusRouteBody, now = new Date()): Promise<BusRouteDetail> {
  const today = shanghaiDate(now);
  const issues: FleetFieldIssue[] = [];
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  issues.push(...(await routeIssues(db, ctx, school, body, today)));
  if (issues.length > 0) throw refuse(issues);
  const values = routeValues(body);
  return withUnique(duplicateName(values.name), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      const id = await insertRoute(trx, { ...values, school_id: school!.id, unit_path: school!.path, created_by: ctx.actor.userId });
      await emit({ action: 'bus_route.create', objectType: 'bus_route', objectId: id, details: { schoolId: school!.id, name: values.name, vehicleId: values.vehicle_id, driverId: values.driver_id, attendantId: values.attendant_id } });
      return getRoute(trx, ctx, id, now);
    }),
  );
}

export async function updateRoute(db: Db, ctx: RequestContext, id: string, body: UpdateBusRouteBody, now = new Date()): Promise<BusRouteDetail> {
  const row = await loadRoute(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const school = { id: row.school_id, name: row.school_name, path: row.unit_path };
  const issues = await routeIssues(db, ctx, school, body, shanghaiDate(now), id);
  if (issues.length > 0) throw refuse(issues);
  const values = routeValues(body);
  return withUnique(duplicateName(values.name), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateRouteRow(trx, id, body.version, values))) throw staleVersion();
      await emit({ action: 'bus_route.update', objectType: 'bus_route', objectId: id, details: { name: values.name, vehicleId: values.vehicle_id, driverId: values.driver_id, attendantId: values.attendant_id } });
      return getRoute(trx, ctx, id, now);
    }),
  );
}
