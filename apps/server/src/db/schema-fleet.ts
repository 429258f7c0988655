import type { ColumnType, Generated } from 'kysely';
import type { GeneratedId, Id, Json, Timestamp } from './schema.js';

/**
 * The tables of the school-bus registry (migration 0019, see features/fleet/README.md), merged
 * into `Database` in schema.ts.
 */
type Text = ColumnType<string, string | undefined, string>;
type DateOpt = ColumnType<string | null, string | null | undefined, string | null>;
type DateReq = ColumnType<string, string, string>;
type Path = ColumnType<string, string, string>;

export type VehicleTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  plate: string;
  seats: number;
  model: Text;
  operator: string;
  licence_no: string;
  licence_issued_on: DateReq;
  licence_expires_on: DateReq;
  inspected_on: DateOpt;
  inspection_due_on: DateReq;
  insurance_starts_on: DateOpt;
  insurance_expires_on: DateReq;
  gps_device_id: Text;
  note: Text;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type BusDriverTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  name: string;
  id_number: string;
  phone: Text;
  licence_class: string;
  licence_no: string;
  licence_issued_on: DateReq;
  licence_expires_on: DateReq;
  qualification_no: Text;
  qualification_issued_on: DateOpt;
  qualification_expires_on: DateOpt;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type BusAttendantTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  name: string;
  id_number: string;
  phone: Text;
  trained_on: DateOpt;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type BusStop = { name: string; time: string };

export type BusRouteTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  name: string;
  stops: Json<BusStop[]>;
  vehicle_id: ColumnType<string | null, string | null | undefined, string | null>;
  driver_id: ColumnType<string | null, string | null | undefined, string | null>;
  attendant_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<string | null, string | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type FleetTables = { vehicle: VehicleTable; bus_driver: BusDriverTable; bus_attendant: BusAttendantTable; bus_route: BusRouteTable };
