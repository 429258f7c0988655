import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  buildingIssues,
  canteenStaffIssues,
  certificateStatus,
  drillIssues,
  isDangerousBuildingInUse,
  planIssues,
  planRevisionDue,
  semesterOf,
  siteDueStatus,
} from './site.js';
import { idNumberCheck, isValidIdNumber } from './id-number.js';

const today = '2026-12-08';
const building = { name: '1号教学楼', use: 'teaching', floors: 4, builtYear: 1998, structure: 'brick_concrete', grade: 'B', appraisedOn: '2025-06-01', reportNo: 'JD-2025-01', inUse: true };
const id17 = '32040219800101123';
const idNo = id17 + idNumberCheck(id17);

describe('buildings: appraisal grade A–D, no D-grade building in use', () => {
  it('accepts a complete building', () => expect(buildingIssues(building, today)).toEqual([]));

  it('refuses a grade outside A–D with a Chinese field message', () => {
    expect(buildingIssues({ ...building, grade: 'E' }, today)).toEqual([{ field: 'grade', message: '鉴定等级“E”无效，只能是 A、B、C、D 之一' }]);
    expect(buildingIssues({ ...building, grade: 'a' }, today).map((i) => i.field)).toEqual(['grade']);
    expect(buildingIssues({ ...building, grade: '' }, today)).toEqual([{ field: 'grade', message: '请选择鉴定等级' }]);
  });

  it('refuses an appraisal in the future or before the building stood, floors out of range', () => {
    expect(buildingIssues({ ...building, appraisedOn: '2026-12-09' }, today).map((i) => i.field)).toEqual(['appraisedOn']);
    expect(buildingIssues({ ...building, builtYear: 2005, appraisedOn: '2004-01-01' }, today).map((i) => i.field)).toEqual(['appraisedOn']);
    expect(buildingIssues({ ...building, floors: 0, builtYear: 2030 }, today).map((i) => i.field)).toEqual(['floors', 'builtYear']);
  });

  it('a D-grade building is dangerous only while in use', () => {
    expect(isDangerousBuildingInUse({ grade: 'D', inUse: true })).toBe(true);
    expect(isDangerousBuildingInUse({ grade: 'D', inUse: false })).toBe(false);
    expect(isDangerousBuildingInUse({ grade: 'C', inUse: true })).toBe(false);
  });
});

describe('expiry in Asia/Shanghai calendar days', () => {
  it('expired is a day before today; due soon within 30 days inclusive', () => {
    expect(siteDueStatus('2026-12-07', today)).toBe('overdue');
    expect(siteDueStatus('2026-12-08', today)).toBe('due_soon');
    expect(siteDueStatus('2027-01-07', today)).toBe('due_soon');
    expect(siteDueStatus('2027-01-08', today)).toBe('ok');
  });

  it('a certificate of staff who left is not watched', () => {
    expect(certificateStatus({ status: 'active', certExpiresOn: '2026-12-01' }, today)).toBe('overdue');
    expect(certificateStatus({ status: 'left', certExpiresOn: '2026-12-01' }, today)).toBe('inactive');
  });
});

describe('emergency plans: the revision they are due for', () => {
  it('adds calendar months, clamped to the month end', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('the next revision is the last one plus the cycle', () => {
    expect(planRevisionDue({ revisedOn: '2025-12-20', revisionMonths: 12 })).toBe('2026-12-20');
    expect(siteDueStatus(planRevisionDue({ revisedOn: '2025-12-20', revisionMonths: 12 }), today)).toBe('due_soon');
  });

  it('refuses a revision before the issue, a zero cycle, a future date', () => {
    const p = { title: '火灾事故应急预案', kind: 'fire', versionLabel: 'V2', issuedOn: '2024-03-01', revisedOn: '2025-03-01', revisionMonths: 12, ownerName: '王校长' };
    expect(planIssues(p, today)).toEqual([]);
    expect(planIssues({ ...p, revisedOn: '2024-01-01' }, today).map((i) => i.field)).toEqual(['revisedOn']);
    expect(planIssues({ ...p, revisionMonths: 0, issuedOn: '2027-01-01', revisedOn: '2027-01-01' }, today).map((i) => i.field)).toEqual(['issuedOn', 'revisedOn', 'revisionMonths']);
  });
});

describe('drills', () => {
  const d = { title: '秋季消防疏散演练', kind: 'fire_evacuation', heldOn: '2026-10-09', participants: 1200, durationMinutes: 25, rating: 'good', evaluation: '疏散有序', photoCount: 3 };
  it('accepts a held drill, refuses a future one, no participants, too many photos', () => {
    expect(drillIssues(d, today)).toEqual([]);
    expect(drillIssues({ ...d, heldOn: '2026-12-09', participants: 0, photoCount: 10 }, today).map((i) => i.field)).toEqual(['heldOn', 'participants', 'photoFileIds']);
  });

  it('terms: autumn Sep–Jan, spring Feb–Aug', () => {
    expect(semesterOf('2026-12-08')).toMatchObject({ key: '2026-2027-1', from: '2026-09-01', to: '2027-01-31' });
    expect(semesterOf('2027-01-20').key).toBe('2026-2027-1');
    expect(semesterOf('2027-03-01')).toMatchObject({ key: '2026-2027-2', label: '2026—2027学年第二学期', from: '2027-02-01', to: '2027-08-31' });
  });
});

describe('canteen staff: health certificates', () => {
  const s = { name: '张红', idNumber: idNo, post: 'cook', phone: '13800000000', certNo: 'JK2026-001', certIssuedOn: '2026-03-01', certExpiresOn: '2027-02-28' };
  it('checks the ID number’s check character', () => {
    expect(isValidIdNumber(idNo)).toBe(true);
    expect(isValidIdNumber(id17 + (idNo.endsWith('1') ? '2' : '1'))).toBe(false);
  });
  it('refuses an expiry before the issue', () => {
    expect(canteenStaffIssues(s, today)).toEqual([]);
    expect(canteenStaffIssues({ ...s, certExpiresOn: '2026-02-01' }, today)).toEqual([{ field: 'certExpiresOn', message: '健康证有效期不能早于发证日期' }]);
  });
});
