import { describe, expect, it } from 'vitest';
import { certificateCause, certificateState, guardAllowedActions, guardInputIssues, guardShortcomings, isQualifiedGuard, type GuardInput } from './guard.js';
import { isValidIdNumber, maskIdNumber } from './id-number.js';

const today = '2026-12-08';
const ok: GuardInput = {
  name: '张建国',
  idNumber: '320402198503120019',
  employment: 'full_time',
  post: 'gate',
  certificateNo: '苏公保证字第 320400012345 号',
  certificateIssuedOn: '2022-03-01',
  certificateExpiresOn: '2027-03-01',
  backgroundCheckOn: '2026-02-10',
  backgroundCheckResult: 'pass',
  annualReviewYear: 2026,
  annualReviewResult: 'pass',
};
const fields = (g: GuardInput) => guardInputIssues(g, today).map((i) => `${i.field}: ${i.message}`);

describe('guard ID number (GB 11643)', () => {
  it('accepts an 18-digit number with a real birth date and the right check character, X in either case', () => {
    expect(isValidIdNumber('320402198503120019')).toBe(true);
    expect(isValidIdNumber('320402197812314568')).toBe(true);
    expect(isValidIdNumber(' 32040219850312001x '.replace('x', '9'))).toBe(true);
  });
  it('refuses a wrong check character, a birth date that does not exist, a short number', () => {
    expect(isValidIdNumber('320402198503120018')).toBe(false);
    expect(isValidIdNumber('320402198502300019')).toBe(false);
    expect(isValidIdNumber('32040219850312001')).toBe(false);
  });
  it('masks the middle for lists', () => {
    expect(maskIdNumber('320402198503120019')).toBe('320402********0019');
  });
});

describe('certificate expiry in Beijing calendar days', () => {
  it('is valid beyond 30 days, expiring within 30 days (the expiry day included), expired the day after', () => {
    expect(certificateState('2027-01-08', today)).toBe('valid');
    expect(certificateState('2027-01-07', today)).toBe('expiring');
    expect(certificateState(today, today)).toBe('expiring');
    expect(certificateState('2026-12-07', today)).toBe('expired');
  });
  it('names the cause by the expiry date, so a renewed certificate that lapses again is a new cause', () => {
    expect(certificateCause('expired', '2026-12-07')).toBe('expired:certificate:2026-12-07');
    expect(certificateCause('expired', '2027-12-07')).not.toBe(certificateCause('expired', '2026-12-07'));
  });
});

describe('a qualified guard counts towards the required number', () => {
  const g = { status: 'active', employment: 'full_time', certificateExpiresOn: '2027-03-01', backgroundCheckResult: 'pass', annualReviewResult: 'pass' } as const;
  it('on post, full time, certificate valid, background passed, review not failed', () => {
    expect(isQualifiedGuard(g, today)).toBe(true);
    expect(isQualifiedGuard({ ...g, annualReviewResult: 'pending' }, today)).toBe(true);
    expect(isQualifiedGuard({ ...g, certificateExpiresOn: today }, today)).toBe(true);
  });
  it('does not count a part-time, departed, expired, unchecked or failed guard, and says why', () => {
    expect(guardShortcomings({ ...g, employment: 'part_time' }, today)).toEqual(['兼职']);
    expect(guardShortcomings({ ...g, status: 'left' }, today)).toEqual(['已离岗']);
    expect(guardShortcomings({ ...g, certificateExpiresOn: '2026-12-07' }, today)).toEqual(['保安员证已过期']);
    expect(guardShortcomings({ ...g, backgroundCheckResult: 'pending', annualReviewResult: 'fail' }, today)).toEqual(['背景审查未完成', '年审不合格']);
    expect(guardShortcomings({ ...g, backgroundCheckResult: 'fail' }, today)).toEqual(['背景审查未通过']);
  });
});

describe('guard input', () => {
  it('accepts a complete record', () => {
    expect(fields(ok)).toEqual([]);
  });
  it('names every missing field at once', () => {
    expect(fields({ name: ' ' })).toEqual([
      'name: 请填写姓名',
      'idNumber: 请填写身份证号',
      'employment: 请选择专职或兼职',
      'post: 请选择岗位',
      'certificateNo: 请填写保安员证编号',
      'certificateExpiresOn: 请填写保安员证有效期至',
      'backgroundCheckResult: 请选择背景审查结果',
      'annualReviewResult: 请选择年审结果',
    ]);
  });
  it('refuses an expiry before issue, an issue or check in the future, a bad ID number', () => {
    expect(fields({ ...ok, certificateIssuedOn: '2026-01-01', certificateExpiresOn: '2025-12-31' })).toEqual(['certificateExpiresOn: 有效期至不能早于发证日期（2026-01-01）']);
    expect(fields({ ...ok, certificateIssuedOn: '2026-12-09', backgroundCheckOn: '2026-12-09' })).toEqual(['certificateIssuedOn: 发证日期不能晚于今天', 'backgroundCheckOn: 背景审查日期不能晚于今天']);
    expect(fields({ ...ok, idNumber: '320402198503120018' })).toEqual(['idNumber: 身份证号无效（应为 18 位，出生日期和校验位正确）']);
  });
  it('asks for the date of a check with a result and the year of a review with a result; a future year is refused', () => {
    expect(fields({ ...ok, backgroundCheckOn: null })).toEqual(['backgroundCheckOn: 已有审查结果的，请填写背景审查日期']);
    expect(fields({ ...ok, backgroundCheckOn: null, backgroundCheckResult: 'pending' })).toEqual([]);
    expect(fields({ ...ok, annualReviewYear: null })).toEqual(['annualReviewYear: 已有年审结果的，请填写年审年度']);
    expect(fields({ ...ok, annualReviewYear: 2027 })).toEqual(['annualReviewYear: 年审年度应为 2000 至 2026 之间的年份']);
  });
  it('only the school admin edits', () => {
    expect(guardAllowedActions('school_admin')).toEqual(['edit']);
    expect(guardAllowedActions('school_staff')).toEqual([]);
    expect(guardAllowedActions('bureau_staff')).toEqual([]);
  });
});
