import { describe, expect, it } from 'vitest';
import { FOUR_100_CODES, four100Indicators, four100Passes, four100Rate, four100Reason, profileInputIssues, type SecurityProfile } from './four-100.js';

const full: SecurityProfile = { requiredGuards: 2, closedCampus: true, alarmLinked: true, videoLinked: true, escortPostsRequired: 2, escortPostsStaffed: 2 };

describe('one school against the four 100 % indicators', () => {
  it('passes all four with enough qualified guards, a closed campus, both systems linked and every 护学岗 staffed', () => {
    expect(four100Passes({ profile: full, qualifiedGuards: 2 })).toEqual({ full_time_guards: true, closed_campus: true, alarm_video: true, escort_posts: true });
  });
  it('fails guards when short of the required number, or when no number is required', () => {
    expect(four100Passes({ profile: full, qualifiedGuards: 1 }).full_time_guards).toBe(false);
    expect(four100Passes({ profile: { ...full, requiredGuards: 0 }, qualifiedGuards: 3 }).full_time_guards).toBe(false);
    expect(four100Reason('full_time_guards', { profile: full, qualifiedGuards: 1 })).toBe('合格专职保安员 1 人，应配 2 人');
  });
  it('fails the alarm and video indicator when either is not linked to the police', () => {
    expect(four100Passes({ profile: { ...full, alarmLinked: false }, qualifiedGuards: 2 }).alarm_video).toBe(false);
    expect(four100Passes({ profile: { ...full, videoLinked: false }, qualifiedGuards: 2 }).alarm_video).toBe(false);
    expect(four100Reason('alarm_video', { profile: { ...full, alarmLinked: false, videoLinked: false }, qualifiedGuards: 2 })).toBe('一键式紧急报警未与公安联网，视频监控未与公安联网');
  });
  it('fails 护学岗 when a post is unstaffed or none is set; more staffed than required passes', () => {
    expect(four100Passes({ profile: { ...full, escortPostsStaffed: 1 }, qualifiedGuards: 2 }).escort_posts).toBe(false);
    expect(four100Passes({ profile: { ...full, escortPostsRequired: 0, escortPostsStaffed: 0 }, qualifiedGuards: 2 }).escort_posts).toBe(false);
    expect(four100Passes({ profile: { ...full, escortPostsStaffed: 3 }, qualifiedGuards: 2 }).escort_posts).toBe(true);
  });
  it('a school without a profile meets none of them', () => {
    expect(Object.values(four100Passes({ profile: null, qualifiedGuards: 5 }))).toEqual([false, false, false, false]);
    expect(four100Reason('closed_campus', { profile: null, qualifiedGuards: 5 })).toBe('未填报学校安防情况');
  });
});

describe('the indicators over a unit', () => {
  it('rate = passing ÷ schools exactly, failing lists the schools, the four codes in order', () => {
    const schools = [
      { unitId: '1', name: '甲', facts: { profile: full, qualifiedGuards: 2 } },
      { unitId: '2', name: '乙', facts: { profile: { ...full, closedCampus: false }, qualifiedGuards: 1 } },
      { unitId: '3', name: '丙', facts: { profile: null, qualifiedGuards: 0 } },
    ];
    const ind = four100Indicators(schools);
    expect(ind.map((i) => i.code)).toEqual([...FOUR_100_CODES]);
    expect(ind.map((i) => i.name)).toEqual(['专职保安员配备率', '学校封闭化管理率', '一键式紧急报警和视频监控系统达标率', '护学岗配备率']);
    const [guards, closed, alarm] = ind;
    expect(guards).toMatchObject({ schools: 3, passing: 1, rate: 1 / 3, failing: [{ unitId: '2', name: '乙' }, { unitId: '3', name: '丙' }] });
    expect(closed).toMatchObject({ passing: 1, failing: [{ unitId: '2' }, { unitId: '3' }] });
    expect(alarm).toMatchObject({ passing: 2, rate: 2 / 3, failing: [{ unitId: '3' }] });
    for (const i of ind) expect(i.rate).toBe(i.passing / i.schools);
  });
  it('no schools: rate 0, nothing failing', () => {
    expect(four100Rate(0, 0)).toBe(0);
    expect(four100Indicators([]).every((i) => i.rate === 0 && i.schools === 0 && i.failing.length === 0)).toBe(true);
  });
});

describe('profile input', () => {
  it('accepts a complete profile', () => {
    expect(profileInputIssues(full)).toEqual([]);
  });
  it('refuses negative or fractional counts and missing answers, naming each field', () => {
    expect(profileInputIssues({ requiredGuards: -1, escortPostsRequired: 1.5, escortPostsStaffed: 51 }).map((i) => `${i.field}: ${i.message}`)).toEqual([
      'requiredGuards: 应配专职保安员人数不能为负数或小数',
      'escortPostsRequired: 应设护学岗数不能为负数或小数',
      'escortPostsStaffed: 护学岗到岗数不能超过 50',
      'closedCampus: 请选择是否封闭化管理',
      'alarmLinked: 请选择一键式紧急报警是否与公安联网',
      'videoLinked: 请选择视频监控是否与公安联网',
    ]);
  });
});
