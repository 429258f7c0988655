import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../calendar/calendar-date.js';
import {
  busAssignmentIssues,
  busRouteInputIssues,
  busRouteStatus,
  driverInputIssues,
  driverStatus,
  fleetDocumentState,
  fleetExpiredCause,
  fleetSweepDue,
  normalizePlate,
  vehicleDocuments,
  vehicleInputIssues,
  vehicleStatus,
} from './fleet.js';
import { idNumberCheck, maskIdNumber, parseIdNumber } from './id-number.js';

const validId = (first17: string) => first17 + idNumberCheck(first17);
const docs = (over: Partial<{ licenceExpiresOn: string; inspectionDueOn: string; insuranceExpiresOn: string }> = {}) => ({ licenceExpiresOn: '2027-06-30', inspectionDueOn: '2027-03-31', insuranceExpiresOn: '2027-05-01', ...over });

describe('fleet: document expiry in Asia/Shanghai days', () => {
  it('keeps a document valid through its expiry day and expired from the next Beijing day', () => {
    expect(fleetDocumentState('2026-12-07', '2026-12-07')).toEqual({ state: 'expiring', daysLeft: 0 });
    expect(fleetDocumentState('2026-12-07', '2026-12-08')).toEqual({ state: 'expired', daysLeft: -1 });
    // 16:00Z on 7 Dec is already 8 Dec in Beijing: the same document is expired then.
    expect(fleetDocumentState('2026-12-07', shanghaiDate(new Date('2026-12-07T15:59:59Z'))).state).toBe('expiring');
    expect(fleetDocumentState('2026-12-07', shanghaiDate(new Date('2026-12-07T16:00:00Z'))).state).toBe('expired');
  });

  it('reminds within 30 days and not before', () => {
    expect(fleetDocumentState('2027-01-06', '2026-12-07').state).toBe('expiring');
    expect(fleetDocumentState('2027-01-07', '2026-12-07').state).toBe('valid');
  });

  it('puts a vehicle out of service when any one document has expired', () => {
    const today = '2026-12-07';
    expect(vehicleStatus(docs(), today)).toBe('in_service');
    expect(vehicleStatus(docs({ insuranceExpiresOn: '2026-12-20' }), today)).toBe('expiring');
    expect(vehicleStatus(docs({ inspectionDueOn: '2026-12-06' }), today)).toBe('out_of_service');
    expect(vehicleStatus(docs({ licenceExpiresOn: '2026-11-30', insuranceExpiresOn: '2026-12-20' }), today)).toBe('out_of_service');
    expect(vehicleDocuments(docs({ inspectionDueOn: '2026-12-06' }), today).map((d) => d.state)).toEqual(['valid', 'expired', 'valid']);
  });

  it('files each expired document under its own cause, the date included, so a renewal that lapses again is new', () => {
    const due = fleetSweepDue(vehicleDocuments(docs({ licenceExpiresOn: '2026-11-30', insuranceExpiresOn: '2026-12-20' }), '2026-12-07'));
    expect(due.hazards.map((d) => fleetExpiredCause(d.document, d.expiresOn))).toEqual(['expired:licence:2026-11-30']);
    expect(due.reminders.map((d) => d.document)).toEqual(['insurance']);
    expect(fleetExpiredCause('licence', '2027-11-30')).not.toBe(fleetExpiredCause('licence', '2026-11-30'));
  });

  it('lets only a driver with a valid licence and a school-bus qualification drive', () => {
    const today = '2026-12-07';
    expect(driverStatus({ licenceExpiresOn: '2030-01-01', qualificationExpiresOn: '2028-01-01' }, today)).toBe('fit');
    expect(driverStatus({ licenceExpiresOn: '2030-01-01', qualificationExpiresOn: null }, today)).toBe('unfit');
    expect(driverStatus({ licenceExpiresOn: '2026-12-01', qualificationExpiresOn: '2028-01-01' }, today)).toBe('unfit');
    expect(driverStatus({ licenceExpiresOn: '2026-12-31', qualificationExpiresOn: '2028-01-01' }, today)).toBe('expiring');
  });
});

describe('fleet: assignment to a route', () => {
  const today = '2026-12-07';
  const vehicle = (over = {}) => ({ plate: '苏D·12345', seats: 35, ...docs(over) });
  const driver = { name: '张师傅', licenceExpiresOn: '2030-01-01', qualificationExpiresOn: '2028-01-01' };

  it('refuses an out-of-service vehicle, naming the document and its date', () => {
    const issues = busAssignmentIssues({ vehicle: vehicle({ licenceExpiresOn: '2026-11-30' }), driver }, today);
    expect(issues).toEqual([{ field: 'vehicleId', message: '校车 苏D·12345 停运中（校车使用许可已于 2026-11-30 到期），不能安排线路' }]);
  });

  it('accepts a vehicle whose document expires today (valid through the day) and refuses an unqualified driver', () => {
    expect(busAssignmentIssues({ vehicle: vehicle({ insuranceExpiresOn: today }), driver }, today)).toEqual([]);
    expect(busAssignmentIssues({ driver: { ...driver, qualificationExpiresOn: null } }, today)[0]!.field).toBe('driverId');
  });

  it('derives the route status: ready with all three, incomplete without, blocked when an assigned vehicle lapsed', () => {
    expect(busRouteStatus({ vehicle: vehicle(), driver, hasAttendant: true }, today)).toBe('ready');
    expect(busRouteStatus({ vehicle: vehicle(), driver, hasAttendant: false }, today)).toBe('incomplete');
    expect(busRouteStatus({ vehicle: vehicle({ inspectionDueOn: '2026-12-01' }), driver, hasAttendant: true }, today)).toBe('blocked');
  });
});

describe('fleet: bad input', () => {
  const good = { plate: '苏D·12345', seats: 35, operator: '常州市公交校车公司', licenceNo: 'XC2026001', licenceIssuedOn: '2026-01-01', licenceExpiresOn: '2027-01-01', inspectionDueOn: '2027-03-01', insuranceExpiresOn: '2027-02-01' };

  it('accepts a complete vehicle and writes plates one way', () => {
    expect(vehicleInputIssues(good)).toEqual([]);
    expect(normalizePlate('苏d 12345')).toBe('苏D·12345');
    expect(normalizePlate('苏D·A1234D')).toBe('苏D·A1234D');
    expect(normalizePlate('AB12345')).toBeNull();
    expect(normalizePlate('苏I12345')).toBeNull();
  });

  it('refuses an expiry before its issue date, a bad plate and seats out of range, each as field: reason', () => {
    const issues = vehicleInputIssues({ ...good, plate: '12345', seats: 200, licenceExpiresOn: '2025-12-31' });
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'plate', message: '“12345”不是有效的车牌号（如 苏D·12345）' },
        { field: 'seats', message: '核载人数应为 5–80 的整数' },
        { field: 'licenceExpiresOn', message: '许可有效期不能早于发放日期' },
      ]),
    );
  });

  it('checks ID numbers (format, birth date, check character) and masks them for lists', () => {
    const id = validId('32040219800101123');
    expect(parseIdNumber(id.toLowerCase())).toBe(id);
    expect(parseIdNumber(id.slice(0, 17) + (id[17] === '0' ? '1' : '0'))).toBeNull();
    expect(parseIdNumber(validId('32040219801301123'))).toBeNull();
    expect(maskIdNumber(id)).toBe(`320402********${id.slice(14)}`);
  });

  it('refuses a driver whose licence expires before it was issued or whose class may not drive a bus', () => {
    const issues = driverInputIssues({ name: '张三', idNumber: validId('32040219800101123'), licenceClass: 'C1', licenceNo: 'J1', licenceIssuedOn: '2020-01-01', licenceExpiresOn: '2019-01-01' });
    expect(issues.map((i) => i.field)).toEqual(['licenceClass', 'licenceExpiresOn']);
  });

  it('refuses a route without stops or with stops out of time order', () => {
    expect(busRouteInputIssues({ name: '一号线', stops: [] }).map((i) => i.field)).toEqual(['stops']);
    expect(busRouteInputIssues({ name: '一号线', stops: [{ name: '甲', time: '07:10' }, { name: '乙', time: '07:00' }] })).toEqual([{ field: 'stops.1.time', message: '第 2 站的到站时间早于上一站' }]);
  });
});
