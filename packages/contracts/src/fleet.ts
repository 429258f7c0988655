import { Type, type Static } from 'typebox';
import { BUS_LICENCE_CLASSES, FLEET_LIMITS } from '@xiaoan/domain';
import { Nullable, Paging, Version } from './common.js';

/**
 * School buses (校车台账): the shapes of /api/registries/vehicles, drivers, attendants and
 * bus-routes (features/fleet). The contract kinds are `vehicles` and `drivers`; attendants and
 * routes sit beside them. Whether a vehicle runs is derived from its expiry dates.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const OptDate = (label: string) => Type.Optional(Nullable(Type.String({ format: 'date', description: `${label}（YYYY-MM-DD，北京时间）` })));

export const VehicleStatusSchema = lit(['in_service', 'expiring', 'out_of_service'] as const, 'in_service 正常运营、expiring 证件 30 天内到期、out_of_service 停运（有证件已过期）');
export const DriverStatusSchema = lit(['fit', 'expiring', 'unfit'] as const, 'fit 可驾驶校车、expiring 证件 30 天内到期、unfit 不得驾驶（证件过期或无校车驾驶资格）');
export const BusRouteStatusSchema = lit(['ready', 'incomplete', 'blocked'] as const, 'ready 正常、incomplete 未配齐车辆/驾驶人/照管员、blocked 车辆或驾驶人证件过期');
const DocumentStateSchema = lit(['valid', 'expiring', 'expired'] as const, 'valid 有效、expiring 30 天内到期、expired 已过期（到期日次日起，北京时间）');

export const FleetDocument = Type.Object({ document: Type.String(), label: Type.String(), expiresOn: Type.String({ format: 'date' }), state: DocumentStateSchema, daysLeft: Type.Integer() });
export type FleetDocument = Static<typeof FleetDocument>;

export const FleetHazardRef = Type.Object({ hazardId: Type.String(), cause: Type.String(), title: Type.String(), state: Type.String() });
const RouteRef = Type.Object({ id: Type.String(), name: Type.String() });

export const FleetListQuery = Type.Object(
  {
    ...Paging,
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区（含其学校）' })),
    schoolId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校（同 unitId）' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索车牌、姓名、线路、学校' })),
    status: Type.Optional(Type.String({ maxLength: 20, description: '车辆：in_service/expiring/out_of_service；驾驶人：fit/expiring/unfit；线路：ready/incomplete/blocked' })),
  },
  { additionalProperties: false },
);
export type FleetListQuery = Static<typeof FleetListQuery>;

// ---------------------------------------------------------------- vehicles

const vehicleFields = {
  plate: Type.Optional(Text(FLEET_LIMITS.plate + 8, '车牌号，如 苏D·12345（空格、点号、大小写不计）')),
  seats: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: `核载人数（${FLEET_LIMITS.seatsMin}–${FLEET_LIMITS.seatsMax}）` })),
  model: Type.Optional(Text(FLEET_LIMITS.text, '车型')),
  operator: Type.Optional(Text(FLEET_LIMITS.text, '运营单位（学校自有填学校名）')),
  licenceNo: Type.Optional(Text(FLEET_LIMITS.text, '校车使用许可证号')),
  licenceIssuedOn: OptDate('许可发放日期'),
  licenceExpiresOn: OptDate('许可有效期至'),
  inspectedOn: OptDate('最近年检日期'),
  inspectionDueOn: OptDate('年检有效期至'),
  insuranceStartsOn: OptDate('保险起保日期'),
  insuranceExpiresOn: OptDate('保险有效期至'),
  gpsDeviceId: Type.Optional(Text(FLEET_LIMITS.text, '具有行驶记录功能的卫星定位装置编号')),
  note: Type.Optional(Text(FLEET_LIMITS.note)),
};

export const CreateVehicleBody = Type.Object({ schoolId: Type.Optional(IdString), ...vehicleFields }, { additionalProperties: false });
export type CreateVehicleBody = Static<typeof CreateVehicleBody>;
export const UpdateVehicleBody = Type.Object({ version: Version(), ...vehicleFields }, { additionalProperties: false });
export type UpdateVehicleBody = Static<typeof UpdateVehicleBody>;

export const VehicleSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  plate: Type.String(),
  seats: Type.Integer(),
  model: Type.String(),
  operator: Type.String(),
  licenceNo: Type.String(),
  licenceIssuedOn: Type.String({ format: 'date' }),
  licenceExpiresOn: Type.String({ format: 'date' }),
  inspectedOn: Nullable(Type.String({ format: 'date' })),
  inspectionDueOn: Type.String({ format: 'date' }),
  insuranceStartsOn: Nullable(Type.String({ format: 'date' })),
  insuranceExpiresOn: Type.String({ format: 'date' }),
  gpsDeviceId: Type.String(),
  note: Type.String(),
  status: VehicleStatusSchema,
  documents: Type.Array(FleetDocument),
  routes: Type.Array(RouteRef),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type VehicleSummary = Static<typeof VehicleSummary>;

export const VehicleDetail = Type.Object({
  ...VehicleSummary.properties,
  hazards: Type.Array(FleetHazardRef, { description: '该车辆证件过期自动上报的隐患' }),
  allowedActions: Type.Array(Type.String(), { description: 'edit：可修改（本校管理员）' }),
  labelPath: Type.String({ description: '二维码标签（打印页）的地址' }),
});
export type VehicleDetail = Static<typeof VehicleDetail>;

// ---------------------------------------------------------------- drivers

const driverFields = {
  name: Type.Optional(Text(FLEET_LIMITS.name + 20, '姓名')),
  idNumber: Type.Optional(Text(30, '身份证号（18 位）')),
  phone: Type.Optional(Text(30, '联系电话')),
  licenceClass: Type.Optional(Text(10, `准驾车型：${BUS_LICENCE_CLASSES.join('、')}`)),
  licenceNo: Type.Optional(Text(FLEET_LIMITS.text, '驾驶证号')),
  licenceIssuedOn: OptDate('驾驶证初领日期'),
  licenceExpiresOn: OptDate('驾驶证有效期至'),
  qualificationNo: Type.Optional(Text(FLEET_LIMITS.text, '校车驾驶资格证明编号')),
  qualificationIssuedOn: OptDate('校车驾驶资格取得日期'),
  qualificationExpiresOn: OptDate('校车驾驶资格有效期至'),
};

export const CreateDriverBody = Type.Object({ schoolId: Type.Optional(IdString), ...driverFields }, { additionalProperties: false });
export type CreateDriverBody = Static<typeof CreateDriverBody>;
export const UpdateDriverBody = Type.Object({ version: Version(), ...driverFields }, { additionalProperties: false });
export type UpdateDriverBody = Static<typeof UpdateDriverBody>;

export const DriverSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String({ description: '身份证号（列表只显示前六后四位）' }),
  phone: Type.String(),
  licenceClass: Type.String(),
  licenceNo: Type.String(),
  licenceIssuedOn: Type.String({ format: 'date' }),
  licenceExpiresOn: Type.String({ format: 'date' }),
  qualificationNo: Type.String(),
  qualificationIssuedOn: Nullable(Type.String({ format: 'date' })),
  qualificationExpiresOn: Nullable(Type.String({ format: 'date' })),
  status: DriverStatusSchema,
  documents: Type.Array(FleetDocument),
  routes: Type.Array(RouteRef),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type DriverSummary = Static<typeof DriverSummary>;

export const DriverDetail = Type.Object({ ...DriverSummary.properties, idNumber: Type.String(), hazards: Type.Array(FleetHazardRef), allowedActions: Type.Array(Type.String()) });
export type DriverDetail = Static<typeof DriverDetail>;

// ---------------------------------------------------------------- attendants

const attendantFields = {
  name: Type.Optional(Text(FLEET_LIMITS.name + 20, '姓名')),
  idNumber: Type.Optional(Text(30, '身份证号（18 位）')),
  phone: Type.Optional(Text(30, '联系电话')),
  trainedOn: OptDate('最近安全培训日期'),
};

export const CreateAttendantBody = Type.Object({ schoolId: Type.Optional(IdString), ...attendantFields }, { additionalProperties: false });
export type CreateAttendantBody = Static<typeof CreateAttendantBody>;
export const UpdateAttendantBody = Type.Object({ version: Version(), ...attendantFields }, { additionalProperties: false });
export type UpdateAttendantBody = Static<typeof UpdateAttendantBody>;

export const AttendantSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  phone: Type.String(),
  trainedOn: Nullable(Type.String({ format: 'date' })),
  routes: Type.Array(RouteRef),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type AttendantSummary = Static<typeof AttendantSummary>;

export const AttendantDetail = Type.Object({ ...AttendantSummary.properties, idNumber: Type.String(), allowedActions: Type.Array(Type.String()) });
export type AttendantDetail = Static<typeof AttendantDetail>;

// ---------------------------------------------------------------- routes

export const BusStopSchema = Type.Object(
  { name: Type.Optional(Text(FLEET_LIMITS.stopName + 20, '站名')), time: Type.Optional(Text(10, '到站时间 HH:MM')) },
  { additionalProperties: false },
);

const routeFields = {
  name: Type.Optional(Text(FLEET_LIMITS.name + 20, '线路名称')),
  stops: Type.Optional(Type.Array(BusStopSchema, { maxItems: FLEET_LIMITS.stops + 10, description: '站点（按行驶顺序）' })),
  vehicleId: Type.Optional(Nullable(IdString)),
  driverId: Type.Optional(Nullable(IdString)),
  attendantId: Type.Optional(Nullable(IdString)),
};

export const CreateBusRouteBody = Type.Object({ schoolId: Type.Optional(IdString), ...routeFields }, { additionalProperties: false });
export type CreateBusRouteBody = Static<typeof CreateBusRouteBody>;
export const UpdateBusRouteBody = Type.Object({ version: Version(), ...routeFields }, { additionalProperties: false });
export type UpdateBusRouteBody = Static<typeof UpdateBusRouteBody>;

export const BusRouteSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  stops: Type.Array(Type.Object({ name: Type.String(), time: Type.String() })),
  vehicle: Nullable(Type.Object({ id: Type.String(), plate: Type.String(), seats: Type.Integer(), status: VehicleStatusSchema })),
  driver: Nullable(Type.Object({ id: Type.String(), name: Type.String(), status: DriverStatusSchema })),
  attendant: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  status: BusRouteStatusSchema,
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type BusRouteSummary = Static<typeof BusRouteSummary>;

export const BusRouteDetail = Type.Object({ ...BusRouteSummary.properties, allowedActions: Type.Array(Type.String()) });
export type BusRouteDetail = Static<typeof BusRouteDetail>;

// ---------------------------------------------------------------- export, import, labels

export const FleetSchoolQuery = Type.Object({ schoolId: Type.Optional(IdString) }, { additionalProperties: false });
export type FleetSchoolQuery = Static<typeof FleetSchoolQuery>;

export const VehicleImportRow = Type.Object({
  row: Type.Integer({ description: 'Excel 行号' }),
  plate: Type.String(),
  action: lit(['create', 'update'] as const, 'create 新增、update 按车牌更新'),
  errors: Type.Array(Type.String(), { description: '该行的问题（字段：原因）' }),
});

export const VehicleImportResult = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Array(VehicleImportRow),
  created: Type.Integer(),
  updated: Type.Integer(),
  errors: Type.Integer({ description: '有问题的行数；有任何问题则不写入' }),
});
export type VehicleImportResult = Static<typeof VehicleImportResult>;
