import { isValidIdNumber } from './id-number.js';
import { daysBetween } from '../calendar/calendar-date.js';

/**
 * School buses (校车台账): vehicles with their documents, drivers, attendants (随车照管人员) and
 * routes with their stops. The rules here are pure: which documents a vehicle or driver holds,
 * when each expires (Asia/Shanghai calendar days: a document "valid until 2026-12-07" is still
 * valid on that day and expired from 2026-12-08), that a vehicle with any expired document is
 * out of service (停运) and cannot be assigned to a route, the input checks, the causes the
 * daily sweep files hazards and reminders under.
 */

export const FLEET_LIMITS = { name: 50, plate: 12, text: 100, note: 500, stops: 30, stopName: 50, seatsMin: 5, seatsMax: 80 } as const;

/** Days ahead a document's expiry is reminded. */
export const FLEET_EXPIRY_WARN_DAYS = 30;

/** The documents a school bus holds, each with its expiry date. */
export const VEHICLE_DOCUMENTS = ['licence', 'inspection', 'insurance'] as const;
export type VehicleDocument = (typeof VEHICLE_DOCUMENTS)[number];
export const VEHICLE_DOCUMENT_LABELS: Record<VehicleDocument, string> = { licence: '校车使用许可', inspection: '年检', insurance: '保险' };

/** The driver's documents: the driving licence and the school-bus driving qualification (校车驾驶资格). */
export const DRIVER_DOCUMENTS = ['licence', 'qualification'] as const;
export type DriverDocument = (typeof DRIVER_DOCUMENTS)[number];
export const DRIVER_DOCUMENT_LABELS: Record<DriverDocument, string> = { licence: '驾驶证', qualification: '校车驾驶资格' };

/** Licence classes allowed to drive a school bus (《校车安全管理条例》第二十三条: A1, A3 or B1). */
export const BUS_LICENCE_CLASSES = ['A1', 'A3', 'B1'] as const;
export type BusLicenceClass = (typeof BUS_LICENCE_CLASSES)[number];

export type FleetDocumentState = 'valid' | 'expiring' | 'expired';
export const FLEET_DOCUMENT_STATE_LABELS: Record<FleetDocumentState, string> = { valid: '有效', expiring: '即将到期', expired: '已过期' };

export type FleetDocumentStatus<D extends string = string> = { document: D; label: string; expiresOn: string; state: FleetDocumentState; daysLeft: number };

/** One document's state on `today`: expired the day after its expiry date, expiring within 30 days. */
export function fleetDocumentState(expiresOn: string, today: string): { state: FleetDocumentState; daysLeft: number } {
  const daysLeft = daysBetween(today, expiresOn);
  return { state: daysLeft < 0 ? 'expired' : daysLeft <= FLEET_EXPIRY_WARN_DAYS ? 'expiring' : 'valid', daysLeft };
}

export type VehicleDocs = { licenceExpiresOn: string; inspectionDueOn: string; insuranceExpiresOn: string };

export function vehicleDocuments(v: VehicleDocs, today: string): FleetDocumentStatus<VehicleDocument>[] {
  const dates: Record<VehicleDocument, string> = { licence: v.licenceExpiresOn, inspection: v.inspectionDueOn, insurance: v.insuranceExpiresOn };
  return VEHICLE_DOCUMENTS.map((d) => ({ document: d, label: VEHICLE_DOCUMENT_LABELS[d], expiresOn: dates[d], ...fleetDocumentState(dates[d], today) }));
}

export type VehicleStatus = 'in_service' | 'expiring' | 'out_of_service';
export const VEHICLE_STATUSES = ['in_service', 'expiring', 'out_of_service'] as const;
export const VEHICLE_STATUS_LABELS: Record<VehicleStatus, string> = { in_service: '正常运营', expiring: '证件即将到期', out_of_service: '停运（证件过期）' };

/** A vehicle with any expired document is out of service; one with a document expiring within 30 days is flagged. */
export function vehicleStatus(v: VehicleDocs, today: string): VehicleStatus {
  const docs = vehicleDocuments(v, today);
  if (docs.some((d) => d.state === 'expired')) return 'out_of_service';
  if (docs.some((d) => d.state === 'expiring')) return 'expiring';
  return 'in_service';
}

export type DriverDocs = { licenceExpiresOn: string; qualificationExpiresOn: string | null };

export function driverDocuments(d: DriverDocs, today: string): FleetDocumentStatus<DriverDocument>[] {
  const out: FleetDocumentStatus<DriverDocument>[] = [{ document: 'licence', label: DRIVER_DOCUMENT_LABELS.licence, expiresOn: d.licenceExpiresOn, ...fleetDocumentState(d.licenceExpiresOn, today) }];
  if (d.qualificationExpiresOn) out.push({ document: 'qualification', label: DRIVER_DOCUMENT_LABELS.qualification, expiresOn: d.qualificationExpiresOn, ...fleetDocumentState(d.qualificationExpiresOn, today) });
  return out;
}

export type DriverStatus = 'fit' | 'expiring' | 'unfit';
export const DRIVER_STATUS_LABELS: Record<DriverStatus, string> = { fit: '可驾驶校车', expiring: '证件即将到期', unfit: '不得驾驶（证件过期或无校车驾驶资格）' };

/** A driver may drive a school bus with a valid licence and a valid school-bus qualification. */
export function driverStatus(d: DriverDocs, today: string): DriverStatus {
  if (!d.qualificationExpiresOn) return 'unfit';
  const docs = driverDocuments(d, today);
  if (docs.some((x) => x.state === 'expired')) return 'unfit';
  if (docs.some((x) => x.state === 'expiring')) return 'expiring';
  return 'fit';
}

/** The cause a hazard or reminder is filed under: the document and its expiry date, so a renewed document that lapses again is a new cause. */
export const fleetExpiredCause = (document: string, expiresOn: string) => `expired:${document}:${expiresOn}`;
export const fleetExpiringCause = (document: string, expiresOn: string) => `expiring:${document}:${expiresOn}`;

/** What the daily sweep owes a record today: hazards for expired documents, reminders for those expiring. */
export function fleetSweepDue<D extends string>(docs: readonly FleetDocumentStatus<D>[]): { hazards: FleetDocumentStatus<D>[]; reminders: FleetDocumentStatus<D>[] } {
  return { hazards: docs.filter((d) => d.state === 'expired'), reminders: docs.filter((d) => d.state === 'expiring') };
}

// ---------------------------------------------------------------- plates and ID numbers

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_RE = new RegExp(`^([${PROVINCES}])([A-HJ-NP-Z])([A-HJ-NP-Z0-9]{5,6})$`);

/** A plate in its one written form, `苏D·12345` (spaces, dots and case ignored), or null when it is not a plate. */
export function normalizePlate(input: string): string | null {
  const s = input.replace(/[\s·.．•\-－]/g, '').toUpperCase();
  const m = PLATE_RE.exec(s);
  return m ? `${m[1]}${m[2]}·${m[3]}` : null;
}


// ---------------------------------------------------------------- input checks

export type FleetFieldIssue = { field: string; message: string };

const blank = (s: string | null | undefined) => !s || s.trim() === '';

function requireText(issues: FleetFieldIssue[], field: string, value: string | null | undefined, label: string, max: number = FLEET_LIMITS.text) {
  if (blank(value)) issues.push({ field, message: `请填写${label}` });
  else if (value!.trim().length > max) issues.push({ field, message: `${label}不能超过 ${max} 个字` });
}

function requireDate(issues: FleetFieldIssue[], field: string, value: string | null | undefined, label: string): boolean {
  if (!value) {
    issues.push({ field, message: `请填写${label}` });
    return false;
  }
  return true;
}

/** `to` must not be before `from` (an expiry before its issue date is refused). */
function order(issues: FleetFieldIssue[], field: string, from: string | null | undefined, to: string | null | undefined, message: string) {
  if (from && to && to < from) issues.push({ field, message });
}

export type VehicleInput = {
  plate?: string | null;
  seats?: number | null;
  model?: string | null;
  operator?: string | null;
  licenceNo?: string | null;
  licenceIssuedOn?: string | null;
  licenceExpiresOn?: string | null;
  inspectedOn?: string | null;
  inspectionDueOn?: string | null;
  insuranceStartsOn?: string | null;
  insuranceExpiresOn?: string | null;
  gpsDeviceId?: string | null;
};

export function vehicleInputIssues(v: VehicleInput): FleetFieldIssue[] {
  const issues: FleetFieldIssue[] = [];
  if (blank(v.plate)) issues.push({ field: 'plate', message: '请填写车牌号' });
  else if (!normalizePlate(v.plate!)) issues.push({ field: 'plate', message: `“${v.plate!.trim().slice(0, 20)}”不是有效的车牌号（如 苏D·12345）` });
  if (v.seats === null || v.seats === undefined) issues.push({ field: 'seats', message: '请填写核载人数' });
  else if (!Number.isInteger(v.seats) || v.seats < FLEET_LIMITS.seatsMin || v.seats > FLEET_LIMITS.seatsMax) issues.push({ field: 'seats', message: `核载人数应为 ${FLEET_LIMITS.seatsMin}–${FLEET_LIMITS.seatsMax} 的整数` });
  requireText(issues, 'operator', v.operator, '运营单位');
  requireText(issues, 'licenceNo', v.licenceNo, '校车使用许可证号');
  requireDate(issues, 'licenceIssuedOn', v.licenceIssuedOn, '许可发放日期');
  requireDate(issues, 'licenceExpiresOn', v.licenceExpiresOn, '许可有效期至');
  order(issues, 'licenceExpiresOn', v.licenceIssuedOn, v.licenceExpiresOn, '许可有效期不能早于发放日期');
  requireDate(issues, 'inspectionDueOn', v.inspectionDueOn, '年检有效期至');
  order(issues, 'inspectionDueOn', v.inspectedOn, v.inspectionDueOn, '年检有效期不能早于检验日期');
  requireDate(issues, 'insuranceExpiresOn', v.insuranceExpiresOn, '保险有效期至');
  order(issues, 'insuranceExpiresOn', v.insuranceStartsOn, v.insuranceExpiresOn, '保险到期日不能早于起保日期');
  if ((v.model ?? '').length > FLEET_LIMITS.text) issues.push({ field: 'model', message: `车型不能超过 ${FLEET_LIMITS.text} 个字` });
  if ((v.gpsDeviceId ?? '').length > FLEET_LIMITS.text) issues.push({ field: 'gpsDeviceId', message: `卫星定位装置编号不能超过 ${FLEET_LIMITS.text} 个字` });
  return issues;
}

export type DriverInput = {
  name?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  licenceClass?: string | null;
  licenceNo?: string | null;
  licenceIssuedOn?: string | null;
  licenceExpiresOn?: string | null;
  qualificationNo?: string | null;
  qualificationIssuedOn?: string | null;
  qualificationExpiresOn?: string | null;
};

const PHONE_RE = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;

function personIssues(issues: FleetFieldIssue[], p: { name?: string | null; idNumber?: string | null; phone?: string | null }) {
  requireText(issues, 'name', p.name, '姓名', FLEET_LIMITS.name);
  if (blank(p.idNumber)) issues.push({ field: 'idNumber', message: '请填写身份证号' });
  else if (!isValidIdNumber(p.idNumber!)) issues.push({ field: 'idNumber', message: '身份证号格式或校验位不正确（18 位）' });
  if (!blank(p.phone) && !PHONE_RE.test(p.phone!.trim())) issues.push({ field: 'phone', message: '联系电话应为 11 位手机号或带区号的固定电话' });
}

export function driverInputIssues(d: DriverInput): FleetFieldIssue[] {
  const issues: FleetFieldIssue[] = [];
  personIssues(issues, d);
  if (blank(d.licenceClass)) issues.push({ field: 'licenceClass', message: '请填写准驾车型' });
  else if (!(BUS_LICENCE_CLASSES as readonly string[]).includes(d.licenceClass!)) issues.push({ field: 'licenceClass', message: `校车驾驶人须持 ${BUS_LICENCE_CLASSES.join('、')} 驾驶证` });
  requireText(issues, 'licenceNo', d.licenceNo, '驾驶证号');
  requireDate(issues, 'licenceIssuedOn', d.licenceIssuedOn, '驾驶证初领日期');
  requireDate(issues, 'licenceExpiresOn', d.licenceExpiresOn, '驾驶证有效期至');
  order(issues, 'licenceExpiresOn', d.licenceIssuedOn, d.licenceExpiresOn, '驾驶证有效期不能早于初领日期');
  if (d.qualificationExpiresOn && !d.qualificationIssuedOn) issues.push({ field: 'qualificationIssuedOn', message: '请填写校车驾驶资格取得日期' });
  order(issues, 'qualificationExpiresOn', d.qualificationIssuedOn, d.qualificationExpiresOn, '校车驾驶资格有效期不能早于取得日期');
  if (d.qualificationIssuedOn && !d.qualificationExpiresOn) issues.push({ field: 'qualificationExpiresOn', message: '请填写校车驾驶资格有效期至' });
  return issues;
}

export type AttendantInput = { name?: string | null; idNumber?: string | null; phone?: string | null; trainedOn?: string | null };

export function attendantInputIssues(a: AttendantInput, today: string): FleetFieldIssue[] {
  const issues: FleetFieldIssue[] = [];
  personIssues(issues, a);
  if (a.trainedOn && a.trainedOn > today) issues.push({ field: 'trainedOn', message: '培训日期不能晚于今天' });
  return issues;
}

export type BusStopInput = { name?: string | null; time?: string | null };
export type BusRouteInput = { name?: string | null; stops?: readonly BusStopInput[] | null };

const TIME_RE = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function busRouteInputIssues(r: BusRouteInput): FleetFieldIssue[] {
  const issues: FleetFieldIssue[] = [];
  requireText(issues, 'name', r.name, '线路名称', FLEET_LIMITS.name);
  const stops = r.stops ?? [];
  if (stops.length === 0) issues.push({ field: 'stops', message: '请至少填写一个站点' });
  if (stops.length > FLEET_LIMITS.stops) issues.push({ field: 'stops', message: `站点不能超过 ${FLEET_LIMITS.stops} 个` });
  stops.forEach((s, i) => {
    requireText(issues, `stops.${i}.name`, s.name, `第 ${i + 1} 站的站名`, FLEET_LIMITS.stopName);
    if (!s.time || !TIME_RE.test(s.time)) issues.push({ field: `stops.${i}.time`, message: `第 ${i + 1} 站的到站时间应为 HH:MM` });
  });
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!.time;
    const b = stops[i]!.time;
    if (a && b && TIME_RE.test(a) && TIME_RE.test(b) && b < a) issues.push({ field: `stops.${i}.time`, message: `第 ${i + 1} 站的到站时间早于上一站` });
  }
  return issues;
}

/** What an assignment to a route needs to know of the vehicle and the driver it names. */
export type AssignedVehicle = { plate: string; seats: number } & VehicleDocs;
export type AssignedDriver = { name: string } & DriverDocs;

/**
 * A route's vehicle must be in service (no expired document) and its driver fit to drive a school
 * bus; each refusal names the document and its date.
 */
export function busAssignmentIssues(a: { vehicle?: AssignedVehicle | null; driver?: AssignedDriver | null }, today: string): FleetFieldIssue[] {
  const issues: FleetFieldIssue[] = [];
  if (a.vehicle) {
    const expired = vehicleDocuments(a.vehicle, today).filter((d) => d.state === 'expired');
    if (expired.length > 0) {
      issues.push({ field: 'vehicleId', message: `校车 ${a.vehicle.plate} 停运中（${expired.map((d) => `${d.label}已于 ${d.expiresOn} 到期`).join('，')}），不能安排线路` });
    }
  }
  if (a.driver) {
    if (!a.driver.qualificationExpiresOn) issues.push({ field: 'driverId', message: `驾驶人 ${a.driver.name} 未取得校车驾驶资格，不能安排线路` });
    else {
      const expired = driverDocuments(a.driver, today).filter((d) => d.state === 'expired');
      if (expired.length > 0) issues.push({ field: 'driverId', message: `驾驶人 ${a.driver.name} 的${expired.map((d) => `${d.label}已于 ${d.expiresOn} 到期`).join('，')}，不能安排线路` });
    }
  }
  return issues;
}

export type BusRouteStatus = 'ready' | 'incomplete' | 'blocked';
export const BUS_ROUTE_STATUS_LABELS: Record<BusRouteStatus, string> = { ready: '正常', incomplete: '未配齐车辆、驾驶人或照管员', blocked: '停运：车辆或驾驶人证件过期' };

/** A route runs with a vehicle, a driver and an attendant; an assigned vehicle or driver that has since lapsed blocks it. */
export function busRouteStatus(r: { vehicle: AssignedVehicle | null; driver: AssignedDriver | null; hasAttendant: boolean }, today: string): BusRouteStatus {
  if (busAssignmentIssues(r, today).length > 0) return 'blocked';
  return r.vehicle && r.driver && r.hasAttendant ? 'ready' : 'incomplete';
}
