import { describe, expect, it } from 'vitest';
import {
  campaignAllowedActions,
  campaignScopeProblems,
  mayManageCampaign,
  stageOverlapProblems,
  taskAllowedActions,
  taskDepartmentIds,
  taskProblems,
} from './campaign-rules.js';

const bureau = '1';
const staff = { role: 'bureau_staff' as const, scope: { unitPaths: ['1'] } };
const leader = { role: 'bureau_leader' as const, scope: { unitPaths: ['1'] } };
const schoolAdmin = { role: 'school_admin' as const, scope: { unitPaths: ['1.2.3'] } };
const otherStaff = { role: 'bureau_staff' as const, scope: { unitPaths: ['9'] } };

describe('who may do what with a campaign', () => {
  it('lets only bureau staff of the campaign\'s own bureau manage it', () => {
    expect(mayManageCampaign(staff, bureau)).toBe(true);
    expect(mayManageCampaign(leader, bureau)).toBe(false);
    expect(mayManageCampaign(schoolAdmin, bureau)).toBe(false);
    expect(mayManageCampaign(otherStaff, bureau)).toBe(false);
    expect(campaignAllowedActions(staff, { bureauPath: bureau })).toEqual(['update', 'copy', 'add_task']);
    expect(campaignAllowedActions(leader, { bureauPath: bureau })).toEqual([]);
  });

  it('lets a school admin move on only its own copy of a task, and nothing without one', () => {
    expect(taskAllowedActions(staff, { bureauPath: bureau, hasOwnCopy: false })).toEqual(['update', 'add_progress', 'break_down']);
    expect(taskAllowedActions(schoolAdmin, { bureauPath: bureau, hasOwnCopy: true })).toEqual(['update_status', 'add_progress']);
    expect(taskAllowedActions(schoolAdmin, { bureauPath: bureau, hasOwnCopy: false })).toEqual([]);
    expect(taskAllowedActions(leader, { bureauPath: bureau, hasOwnCopy: false })).toEqual([]);
  });
});

describe('task and scope problems', () => {
  it('names a task without a lead, an unknown department and a missing stage', () => {
    const tasks = [
      { title: '无牵头', leadDepartmentIds: [] },
      { title: '外局科室', leadDepartmentIds: ['7'], cooperatingDepartmentIds: ['8'], stageIndex: 3 },
    ];
    expect(taskDepartmentIds(tasks)).toEqual(['7', '8']);
    const p = taskProblems(tasks, new Set(['7']), 2);
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/任务1.*缺少牵头科室/);
    expect(p[1]).toMatch(/科室 8 不存在/);
    expect(p[2]).toMatch(/所属阶段不存在/);
    expect(taskProblems([tasks[1]!], new Set(['7', '8']), null)).toEqual([]);
  });

  it('refuses areas and schools that are not of the bureau (or of the wrong kind)', () => {
    const kinds = new Map([['1', 'area'], ['2', 'school']]);
    expect(campaignScopeProblems({ areaIds: ['1'], schoolIds: ['2'] }, kinds)).toEqual([]);
    expect(campaignScopeProblems({ areaIds: ['2'], schoolIds: ['3'] }, kinds)).toHaveLength(2);
  });

  it('checks stages alone (the import page\'s draft) with the same overlap rule', () => {
    expect(stageOverlapProblems([{ name: '甲', start: '2026-01-01', end: '2026-02-01' }, { name: '乙', start: '2026-02-01', end: '2026-03-01' }])[0]).toMatch(/时间重叠/);
  });
});
