import { describe, expect, it } from 'vitest';
import {
  campaignAllowedActions,
  campaignScopeProblems,
  mayManageCampaign,
  stageOverlapProblems,
  taskAllowedActions,
  taskDepartmentIds,
  taskPartOf,
  taskProblems,
  taskProgressRefusal,
  taskStatusOf,
  taskStatusSetRefusal,
  type TaskPart,
} from './campaign-rules.js';

const bureau = '1';
const staff = { role: 'bureau_staff' as const, scope: { unitPaths: ['1'] }, departmentId: '10' };
const leader = { role: 'bureau_leader' as const, scope: { unitPaths: ['1'] }, departmentId: null };
const schoolAdmin = { role: 'school_admin' as const, scope: { unitPaths: ['1.2.3'] }, departmentId: null };
const otherStaff = { role: 'bureau_staff' as const, scope: { unitPaths: ['9'] }, departmentId: '10' };

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
    expect(taskAllowedActions(staff, { bureauPath: bureau, hasOwnCopy: false, part: 'lead' })).toEqual(['update', 'update_status', 'add_progress', 'break_down']);
    expect(taskAllowedActions(schoolAdmin, { bureauPath: bureau, hasOwnCopy: true, part: 'none' })).toEqual(['update_status', 'add_progress']);
    expect(taskAllowedActions(schoolAdmin, { bureauPath: bureau, hasOwnCopy: false, part: 'none' })).toEqual([]);
    expect(taskAllowedActions(leader, { bureauPath: bureau, hasOwnCopy: false, part: 'none' })).toEqual([]);
  });

  it('lets the lead department and the office report on a task; a co-operating one adds its part; others nothing', () => {
    const task = { leadDepartmentIds: ['10'], cooperatingDepartmentIds: ['11'] };
    expect(taskPartOf('10', task, '12')).toBe('lead');
    expect(taskPartOf('12', task, '12')).toBe('office');
    expect(taskPartOf('11', task, '12')).toBe('cooperating');
    expect(taskPartOf('13', task, '12')).toBe('none');
    expect(taskPartOf(null, task, null)).toBe('none');
    const at = (part: TaskPart) => taskAllowedActions(staff, { bureauPath: bureau, hasOwnCopy: false, part });
    expect(at('office')).toEqual(['update', 'update_status', 'add_progress', 'break_down']);
    expect(at('cooperating')).toEqual(['update', 'add_progress', 'break_down']);
    expect(at('none')).toEqual(['update', 'break_down']);
    expect(taskProgressRefusal('cooperating', false)).toBeNull();
    expect(taskProgressRefusal('cooperating', true)?.message).toContain('牵头科室');
    expect(taskProgressRefusal('none', false)?.code).toBe('not_task_department');
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

describe('one status per task', () => {
  it('is the schools’ once broken down: done only when all are, in progress once any has begun', () => {
    expect(taskStatusOf('done', { total: 14, done: 5, inProgress: 0 })).toBe('in_progress');
    expect(taskStatusOf('done', { total: 14, done: 0, inProgress: 0 })).toBe('not_started');
    expect(taskStatusOf('not_started', { total: 14, done: 0, inProgress: 1 })).toBe('in_progress');
    expect(taskStatusOf('not_started', { total: 14, done: 14, inProgress: 0 })).toBe('done');
    expect(taskStatusOf('in_progress', null)).toBe('in_progress');
    expect(taskStatusOf('done', { total: 0, done: 0, inProgress: 0 })).toBe('done');
  });

  it('refuses a hand-set status on a broken-down task, naming the tally, and lets the lead move its own task', () => {
    expect(taskStatusSetRefusal({ total: 14, done: 5, inProgress: 2 })).toContain('5/14');
    expect(taskStatusSetRefusal(null)).toBeNull();
    expect(taskAllowedActions(staff, { bureauPath: bureau, hasOwnCopy: false, part: 'lead', brokenDown: true })).toEqual(['update', 'add_progress', 'break_down']);
  });
});
