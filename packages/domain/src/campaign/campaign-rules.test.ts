import { describe, expect, it } from 'vitest';
import { isTaskOverdue, leadMappingProblems, nextYearDate, nextYearTitle, stageProblems, stageState } from './campaign-rules.js';

describe('campaign rules', () => {
  const period = { start: '2026-01-01', end: '2026-12-31' };

  it('accepts stages that follow one another day by day', () => {
    expect(stageProblems(period, [{ name: '动员', start: '2026-01-01', end: '2026-01-31' }, { name: '整治', start: '2026-02-01', end: '2026-12-31' }])).toEqual([]);
  });

  it('refuses stages sharing a day, in any order, naming both', () => {
    const p = stageProblems(period, [{ name: '整治', start: '2026-01-31', end: '2026-06-30' }, { name: '动员', start: '2026-01-01', end: '2026-01-31' }]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/整治.*动员.*重叠/);
  });

  it('refuses a stage or a period ending before it starts', () => {
    expect(stageProblems(period, [{ name: '甲', start: '2026-05-01', end: '2026-04-30' }])[0]).toMatch(/早于开始/);
    expect(stageProblems({ start: '2026-05-01', end: '2026-04-30' }, [])[0]).toMatch(/起止时间/);
  });

  it('counts a task overdue only after the end of its deadline day in Beijing time, and never when done', () => {
    const task = { status: 'in_progress' as const, deadline: '2026-03-31' };
    expect(isTaskOverdue(task, new Date('2026-03-31T15:59:59Z'))).toBe(false); // 23:59:59 Beijing
    expect(isTaskOverdue(task, new Date('2026-03-31T16:00:00Z'))).toBe(true); // 00:00 next day
    expect(isTaskOverdue({ ...task, status: 'done' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(isTaskOverdue({ ...task, deadline: null }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('moves dates and titles on by one year (29 February → 28 February)', () => {
    expect(nextYearDate('2026-03-01')).toBe('2027-03-01');
    expect(nextYearDate('2024-02-29')).toBe('2025-02-28');
    expect(nextYearTitle('2021年度安全工作要点')).toBe('2022年度安全工作要点');
    expect(nextYearTitle('2020—2022年三年行动')).toBe('2021—2023年三年行动');
    expect(nextYearTitle('安全专项整治')).toBe('安全专项整治（下一年度）');
  });

  it('places a stage before, around or after today', () => {
    const s = { start: '2026-03-01', end: '2026-03-31' };
    expect(stageState(s, '2026-02-28')).toBe('future');
    expect(stageState(s, '2026-03-31')).toBe('current');
    expect(stageState(s, '2026-04-01')).toBe('past');
  });

  it('checks the lead names mapped at import: each name once, each to a department of the bureau', () => {
    const known = new Set(['1', '2']);
    expect(leadMappingProblems([{ name: '安稳办', departmentId: '1' }, { name: '装备中心', departmentId: '2' }], known)).toEqual([]);
    const p = leadMappingProblems([{ name: '安稳办', departmentId: '1' }, { name: '安稳办', departmentId: '2' }, { name: '体卫艺科', departmentId: '9' }, { name: ' ', departmentId: '1' }], known);
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/^牵头单位对应2「安稳办」：同一名称只能对应一个科室/);
    expect(p[1]).toMatch(/^牵头单位对应3「体卫艺科」：科室 9 不存在或不属于本局/);
    expect(p[2]).toMatch(/^牵头单位对应4：名称不能为空/);
  });
});
