import { sql, type Insertable, type RawBuilder } from 'kysely';
import { addDays, FLEET_EXPIRY_WARN_DAYS, type Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { BusAttendantTable, BusDriverTable, BusRouteTable, BusStop, VehicleTable } from '../../db/schema-fleet.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * SQL of the school-bus registry: vehicles, drivers, attendants, routes. Scope is each table's
 * `unit_path` (the school's path). Dates are read as 'YYYY-MM-DD' text; the vehicle and driver
 * statuses the list filters by are the domain's rules written as SQL over those dates.
 */

export type RouteRef = { id: string; name: string };
type Page = { page: number; pageSize: number };
export type FleetFilter = { unitId?: string; q?: string; status?: string };

const d = (col: string) => sql<string>`${sql.ref(col)}::text`;
const dn = (col: string) => sql<string | null>`${sql.ref(col)}::text`;
const path = (col: string) => sql<string>`${sql.ref(col)}::text`;
const has = (col: string, q: string) => sql<boolean>`strpos(lower(${sql.ref(col)}), lower(${q})) > 0`;
const schoolHas = (col: string, q: string) => sql<boolean>`strpos((SELECT name FROM unit WHERE id = ${sql.ref(col)}), ${q}) > 0`;

const routesOf = (fk: 'vehicle_id' | 'driver_id' | 'attendant_id', idCol: string) =>
  sql<RouteRef[]>`coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id::text, 'name', r.name) ORDER BY r.name) FROM bus_route r WHERE r.${sql.ref(fk)} = ${sql.ref(idCol)}), '[]'::jsonb)`;

async function paged<R>(rows: Promise<R[]>, count: Promise<{ n: string }>): Promise<{ rows: R[]; total: number }> {
  const [r, c] = await Promise.all([rows, count]);
  return { rows: r, total: Number(c.n) };
}

// ---------------------------------------------------------------- vehicles

export type VehicleRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
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
  routes: RouteRef[];
  updated_at: Date;
};

function vehicleSelect(db: DbOrTrx) {
  return db
    .selectFrom('vehicle as v')
    .innerJoin('unit as s', 's.id', 'v.school_id')
    .select([
      'v.id',
      'v.version',
      'v.school_id',
      's.name as school_name',
      path('v.unit_path').as('unit_path'),
      'v.plate',
      'v.seats',
      'v.model',
      'v.operator',
      'v.licence_no',
      d('v.licence_issued_on').as('licence_issued_on'),
      d('v.licence_expires_on').as('licence_expires_on'),
      dn('v.inspected_on').as('inspected_on'),
      d('v.inspection_due_on').as('inspection_due_on'),
      dn('v.insurance_starts_on').as('insurance_starts_on'),
      d('v.insurance_expires_on').as('insurance_expires_on'),
      'v.gps_device_id',
      'v.note',
      routesOf('vehicle_id', 'v.id').as('routes'),
      'v.updated_at',
    ]);
}

/** The earliest of a vehicle's expiry dates: before today it is out of service (domain vehicleStatus). */
const vehicleEarliest = sql<string>`least(v.licence_expires_on, v.inspection_due_on, v.insurance_expires_on)`;

function vehicleStatusCond(status: string, today: string): RawBuilder<boolean> | null {
  const warn = addDays(today, FLEET_EXPIRY_WARN_DAYS);
  if (status === 'out_of_service') return sql<boolean>`${vehicleEarliest} < ${today}::date`;
  if (status === 'expiring') return sql<boolean>`${vehicleEarliest} >= ${today}::date AND ${vehicleEarliest} <= ${warn}::date`;
  if (status === 'in_service') return sql<boolean>`${vehicleEarliest} > ${warn}::date`;
  return null;
}

export async function findVehicles(db: DbOrTrx, scope: Scope, f: FleetFilter, today: string, page: Page): Promise<{ rows: VehicleRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('v.unit_path', scope)];
    if (f.unitId) c.push(underUnit('v.unit_path', f.unitId));
    if (f.q) c.push(sql<boolean>`(${has('v.plate', f.q.replace(/[\s·]/g, ''))} OR ${has('v.plate', f.q)} OR ${has('v.operator', f.q)} OR ${schoolHas('v.school_id', f.q)})`);
    if (f.status) c.push(vehicleStatusCond(f.status, today) ?? sql<boolean>`false`);
    return c;
  };
  return paged(
    vehicleSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy(vehicleEarliest)
      .orderBy('v.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute() as Promise<VehicleRow[]>,
    db.selectFrom('vehicle as v').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  );
}

export async function findVehicleInScope(db: DbOrTrx, scope: Scope, id: string): Promise<VehicleRow | undefined> {
  return (await vehicleSelect(db).where('v.id', '=', id).where(inScope('v.unit_path', scope)).executeTakeFirst()) as VehicleRow | undefined;
}

/** The vehicles of one school in plate order (the label sheet, the export). */
export async function findSchoolVehicles(db: DbOrTrx, schoolId: string): Promise<VehicleRow[]> {
  return (await vehicleSelect(db).where('v.school_id', '=', schoolId).orderBy('v.plate').execute()) as VehicleRow[];
}

/** The vehicle holding a plate anywhere in the district (plates are unique), for the duplicate check. */
export async function findVehicleIdByPlate(db: DbOrTrx, plate: string): Promise<{ id: string; school_id: string } | undefined> {
  return db.selectFrom('vehicle').select(['id', 'school_id']).where('plate', '=', plate).executeTakeFirst();
}

export async function insertVehicle(trx: Trx, values: Insertable<VehicleTable>): Promise<string> {
  return (await trx.insertInto('vehicle').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateVehicleRow(trx: Trx, id: string, version: number, set: VersionedSet<'vehicle'>): Promise<boolean> {
  return updateVersioned(trx, 'vehicle', id, version, set);
}

/** Every vehicle with a document expired or expiring by `warnUntil` (the sweep), with its school. */
export async function findVehiclesToWatch(db: DbOrTrx, warnUntil: string): Promise<VehicleRow[]> {
  return (await vehicleSelect(db).where(sql<boolean>`${vehicleEarliest} <= ${warnUntil}::date`).orderBy('v.id').execute()) as VehicleRow[];
}

// ---------------------------------------------------------------- drivers

export type DriverRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  id_number: string;
  phone: string;
  licence_class: string;
  licence_no: string;
  licence_issued_on: string;
  licence_expires_on: string;
  qualification_no: string;
  qualification_issued_on: string | null;
  qualification_expires_on: string | null;
  routes: RouteRef[];
  updated_at: Date;
};

function driverSelect(db: DbOrTrx) {
  return db
    .selectFrom('bus_driver as b')
    .innerJoin('unit as s', 's.id', 'b.school_id')
    .select([
      'b.id',
      'b.version',
      'b.school_id',
      's.name as school_name',
      path('b.unit_path').as('unit_path'),
      'b.name',
      'b.id_number',
      'b.phone',
      'b.licence_class',
      'b.licence_no',
      d('b.licence_issued_on').as('licence_issued_on'),
      d('b.licence_expires_on').as('licence_expires_on'),
      'b.qualification_no',
      dn('b.qualification_issued_on').as('qualification_issued_on'),
      dn('b.qualification_expires_on').as('qualification_expires_on'),
      routesOf('driver_id', 'b.id').as('routes'),
      'b.updated_at',
    ]);
}

const driverEarliest = sql<string>`least(b.licence_expires_on, b.qualification_expires_on)`;

function driverStatusCond(status: string, today: string): RawBuilder<boolean> | null {
  const warn = addDays(today, FLEET_EXPIRY_WARN_DAYS);
  if (status === 'unfit') return sql<boolean>`(b.qualification_expires_on IS NULL OR ${driverEarliest} < ${today}::date)`;
  if (status === 'expiring') return sql<boolean>`(b.qualification_expires_on IS NOT NULL AND ${driverEarliest} >= ${today}::date AND ${driverEarliest} <= ${warn}::date)`;
  if (status === 'fit') return sql<boolean>`(b.qualification_expires_on IS NOT NULL AND ${driverEarliest} > ${warn}::date)`;
  return null;
}

export async function findDrivers(db: DbOrTrx, scope: Scope, f: FleetFilter, today: string, page: Page): Promise<{ rows: DriverRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('b.unit_path', scope)];
    if (f.unitId) c.push(underUnit('b.unit_path', f.unitId));
    if (f.q) c.push(sql<boolean>`(${has('b.name', f.q)} OR ${has('b.licence_no', f.q)} OR ${schoolHas('b.school_id', f.q)})`);
    if (f.status) c.push(driverStatusCond(f.status, today) ?? sql<boolean>`false`);
    return c;
  };
  return paged(
    driverSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy('s.name')
      .orderBy('b.name')
      .orderBy('b.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute() as Promise<DriverRow[]>,
    db.selectFrom('bus_driver as b').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  );
}

export async function findDriverInScope(db: DbOrTrx, scope: Scope, id: string): Promise<DriverRow | undefined> {
  return (await driverSelect(db).where('b.id', '=', id).where(inScope('b.unit_path', scope)).executeTakeFirst()) as DriverRow | undefined;
}

export async function findDriverIdByIdNumber(db: DbOrTrx, idNumber: string): Promise<string | undefined> {
  return (await db.selectFrom('bus_driver').select('id').where('id_number', '=', idNumber).executeTakeFirst())?.id;
}

export async function insertDriver(trx: Trx, values: Insertable<BusDriverTable>): Promise<string> {
  return (await trx.insertInto('bus_driver').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateDriverRow(trx: Trx, id: string, version: number, set: VersionedSet<'bus_driver'>): Promise<boolean> {
  return updateVersioned(trx, 'bus_driver', id, version, set);
}

export async function findDriversToWatch(db: DbOrTrx, warnUntil: string): Promise<DriverRow[]> {
  return (await driverSelect(db).where(sql<boolean>`${driverEarliest} <= ${warnUntil}::date`).orderBy('b.id').execute()) as DriverRow[];
}

// ---------------------------------------------------------------- attendants

export type AttendantRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  id_number: string;
  phone: string;
  trained_on: string | null;
  routes: RouteRef[];
  updated_at: Date;
};

function attendantSelect(db: DbOrTrx) {
  return db
    .selectFrom('bus_attendant as a')
    .innerJoin('unit as s', 's.id', 'a.school_id')
    .select(['a.id', 'a.version', 'a.school_id', 's.name as school_name', path('a.unit_path').as('unit_path'), 'a.name', 'a.id_number', 'a.phone', dn('a.trained_on').as('trained_on'), routesOf('attendant_id', 'a.id').as('routes'), 'a.updated_at']);
}

export async function findAttendants(db: DbOrTrx, scope: Scope, f: FleetFilter, page: Page): Promise<{ rows: AttendantRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('a.unit_path', scope)];
    if (f.unitId) c.push(underUnit('a.unit_path', f.unitId));
    if (f.q) c.push(sql<boolean>`(${has('a.name', f.q)} OR ${schoolHas('a.school_id', f.q)})`);
    return c;
  };
  return paged(
    attendantSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy('s.name')
      .orderBy('a.name')
      .orderBy('a.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute() as Promise<AttendantRow[]>,
    db.selectFrom('bus_attendant as a').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  );
}

export async function findAttendantInScope(db: DbOrTrx, scope: Scope, id: string): Promise<AttendantRow | undefined> {
  return (await attendantSelect(db).where('a.id', '=', id).where(inScope('a.unit_path', scope)).executeTakeFirst()) as AttendantRow | undefined;
}

export async function findAttendantIdByIdNumber(db: DbOrTrx, idNumber: string): Promise<string | undefined> {
  return (await db.selectFrom('bus_attendant').select('id').where('id_number', '=', idNumber).executeTakeFirst())?.id;
}

export async function insertAttendant(trx: Trx, values: Insertable<BusAttendantTable>): Promise<string> {
  return (await trx.insertInto('bus_attendant').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateAttendantRow(trx: Trx, id: string, version: number, set: VersionedSet<'bus_attendant'>): Promise<boolean> {
  return updateVersioned(trx, 'bus_attendant', id, version, set);
}

// ---------------------------------------------------------------- routes

export type BusRouteRow = {
  id: string;
  version: number;
  school_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  stops: BusStop[];
  vehicle: { id: string; plate: string; seats: number; licenceExpiresOn: string; inspectionDueOn: string; insuranceExpiresOn: string } | null;
  driver: { id: string; name: string; licenceExpiresOn: string; qualificationExpiresOn: string | null } | null;
  attendant: { id: string; name: string } | null;
  updated_at: Date;
};

function routeSelect(db: DbOrTrx) {
  return db
    .selectFrom('bus_route as r')
    .innerJoin('unit as s', 's.id', 'r.school_id')
    .leftJoin('vehicle as v', 'v.id', 'r.vehicle_id')
    .leftJoin('bus_driver as b', 'b.id', 'r.driver_id')
    .leftJoin('bus_attendant as a', 'a.id', 'r.attendant_id')
    .select([
      'r.id',
      'r.version',
      'r.school_id',
      's.name as school_name',
      path('r.unit_path').as('unit_path'),
      'r.name',
      'r.stops',
      sql<BusRouteRow['vehicle']>`CASE WHEN v.id IS NULL THEN NULL ELSE jsonb_build_object('id', v.id::text, 'plate', v.plate, 'seats', v.seats, 'licenceExpiresOn', v.licence_expires_on::text, 'inspectionDueOn', v.inspection_due_on::text, 'insuranceExpiresOn', v.insurance_expires_on::text) END`.as('vehicle'),
      sql<BusRouteRow['driver']>`CASE WHEN b.id IS NULL THEN NULL ELSE jsonb_build_object('id', b.id::text, 'name', b.name, 'licenceExpiresOn', b.licence_expires_on::text, 'qualificationExpiresOn', b.qualification_expires_on::text) END`.as('driver'),
      sql<BusRouteRow['attendant']>`CASE WHEN a.id IS NULL THEN NULL ELSE jsonb_build_object('id', a.id::text, 'name', a.name) END`.as('attendant'),
      'r.updated_at',
    ]);
}

export async function findRoutes(db: DbOrTrx, scope: Scope, f: FleetFilter & { vehicleId?: string }, page: Page): Promise<{ rows: BusRouteRow[]; total: number }> {
  const conds = () => {
    const c = [inScope('r.unit_path', scope)];
    if (f.unitId) c.push(underUnit('r.unit_path', f.unitId));
    if (f.q) c.push(sql<boolean>`(${has('r.name', f.q)} OR strpos(r.stops::text, ${f.q}) > 0 OR ${schoolHas('r.school_id', f.q)})`);
    return c;
  };
  return paged(
    routeSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy('s.name')
      .orderBy('r.name')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute() as Promise<BusRouteRow[]>,
    db.selectFrom('bus_route as r').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  );
}

export async function findRouteInScope(db: DbOrTrx, scope: Scope, id: string): Promise<BusRouteRow | undefined> {
  return (await routeSelect(db).where('r.id', '=', id).where(inScope('r.unit_path', scope)).executeTakeFirst()) as BusRouteRow | undefined;
}

export async function findRouteIdByName(db: DbOrTrx, schoolId: string, name: string): Promise<string | undefined> {
  return (await db.selectFrom('bus_route').select('id').where('school_id', '=', schoolId).where('name', '=', name).executeTakeFirst())?.id;
}

export async function insertRoute(trx: Trx, values: Insertable<BusRouteTable>): Promise<string> {
  return (await trx.insertInto('bus_route').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRouteRow(trx: Trx, id: string, version: number, set: VersionedSet<'bus_route'>): Promise<boolean> {
  return updateVersioned(trx, 'bus_route', id, version, set);
}

/** The routes of one school, for the export. */
export async function findSchoolRoutes(db: DbOrTrx, schoolId: string): Promise<BusRouteRow[]> {
  return (await routeSelect(db).where('r.school_id', '=', schoolId).orderBy('r.name').execute()) as BusRouteRow[];
}

export async function findSchoolDrivers(db: DbOrTrx, schoolId: string): Promise<DriverRow[]> {
  return (await driverSelect(db).where('b.school_id', '=', schoolId).orderBy('b.name').execute()) as DriverRow[];
}

export async function findSchoolAttendants(db: DbOrTrx, schoolId: string): Promise<AttendantRow[]> {
  return (await attendantSelect(db).where('a.school_id', '=', schoolId).orderBy('a.name').execute()) as AttendantRow[];
}
