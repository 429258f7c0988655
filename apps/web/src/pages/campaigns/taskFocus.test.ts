import { describe, expect, it } from 'vitest';
import { relationOf, taskHref } from './taskFocus';

const task = { leads: [{ id: '1', name: '发展规划与财务科（基建科）' }], cooperating: [{ id: '2', name: '教育科' }] };

describe('the department home’s tasks', () => {
  it('marks a task the department leads, one it co-operates on, and one of a campaign it runs as the office', () => {
    expect(relationOf(task, '1')).toBe('lead');
    expect(relationOf(task, '2')).toBe('cooperating');
    expect(relationOf(task, '3')).toBe('office');
    expect(relationOf(task, undefined)).toBeNull();
  });

  it('links to the task itself: its campaign page with the task named in the address', () => {
    expect(taskHref('12', '345')).toBe('/campaigns/12?task=345');
  });
});
