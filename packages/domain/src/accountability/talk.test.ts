import { describe, expect, it } from 'vitest';
import { followUpIssues, isFollowUpOverdue, mayMoveTalk, normaliseCommitments, talkAllowedActions, talkInputIssues, type TalkInput } from './talk.js';

const ok: TalkInput = {
  unit: { kind: 'school', id: '7' },
  heldOn: '2026-11-20',
  status: 'held',
  reason: '隐患逾期未整改',
  interviewees: [{ name: '王校长', post: '校长' }],
  interviewers: [{ name: '李科长', post: '发展规划与财务科科长' }],
  commitments: ['12月10日前完成整改'],
  followUpDue: '2026-12-10',
};
const fields = (t: TalkInput, today = '2026-11-25') => talkInputIssues(t, today).map((i) => i.field);

describe('talk input', () => {
  it('accepts a complete held talk', () => expect(fields(ok)).toEqual([]));
  it('refuses a talk without a unit or a reason, with one issue per field', () => {
    expect(fields({ ...ok, unit: null, reason: '   ' })).toEqual(['unit', 'reason']);
  });
  it('refuses a follow-up date before the talk date, and accepts the same day', () => {
    expect(talkInputIssues({ ...ok, followUpDue: '2026-11-19' }, '2026-11-25')[0]?.message).toContain('不能早于约谈日期');
    expect(fields({ ...ok, followUpDue: '2026-11-20' })).toEqual([]);
  });
  it('a held talk lies in the past; a planned one may lie ahead and name nobody yet', () => {
    expect(fields({ ...ok, heldOn: '2026-11-26' })).toEqual(['heldOn']);
    expect(fields({ ...ok, heldOn: '2026-11-26', followUpDue: '2026-12-26', status: 'planned', interviewees: [] })).toEqual([]);
  });
  it('names every blank person', () => {
    expect(fields({ ...ok, interviewees: [{ name: ' ', post: '' }], interviewers: [] })).toEqual(['interviewers', 'interviewees.0.name']);
  });
  it('keeps each commitment once, trimmed, without blank lines', () => {
    expect(normaliseCommitments([' 整改 ', '', '整改', '上报'])).toEqual(['整改', '上报']);
  });
});

describe('talk follow-up', () => {
  const held = { status: 'held' as const, heldOn: '2026-11-20' };
  it('comes after the talk and not in the future', () => {
    expect(followUpIssues(held, { result: 'done', note: '', recordedOn: '2026-11-19' }, '2026-12-01').map((i) => i.field)).toEqual(['recordedOn']);
    expect(followUpIssues(held, { result: 'done', note: '', recordedOn: '2026-12-02' }, '2026-12-01').map((i) => i.field)).toEqual(['recordedOn']);
    expect(followUpIssues(held, { result: 'done', note: '', recordedOn: '2026-12-01' }, '2026-12-01')).toEqual([]);
  });
  it('"not done" needs a note saying what is missing', () => {
    expect(followUpIssues(held, { result: 'not_done', note: ' ', recordedOn: '2026-12-01' }, '2026-12-01').map((i) => i.field)).toEqual(['note']);
  });
  it('is overdue only for a held talk past its follow-up date', () => {
    expect(isFollowUpOverdue({ status: 'held', followUpDue: '2026-11-30' }, '2026-12-01')).toBe(true);
    expect(isFollowUpOverdue({ status: 'held', followUpDue: '2026-12-01' }, '2026-12-01')).toBe(false);
    expect(isFollowUpOverdue({ status: 'followed_up', followUpDue: '2026-11-30' }, '2026-12-01')).toBe(false);
    expect(isFollowUpOverdue({ status: 'held', followUpDue: null }, '2026-12-01')).toBe(false);
  });
});

describe('talk actions and status', () => {
  it('bureau staff edit until the follow-up, and record it once held; others only read', () => {
    expect(talkAllowedActions({ status: 'planned' }, 'bureau_staff')).toEqual(['edit']);
    expect(talkAllowedActions({ status: 'held' }, 'bureau_staff')).toEqual(['edit', 'follow_up']);
    expect(talkAllowedActions({ status: 'followed_up' }, 'bureau_staff')).toEqual([]);
    expect(talkAllowedActions({ status: 'held' }, 'school_admin')).toEqual([]);
    expect(talkAllowedActions({ status: 'held' }, 'bureau_leader')).toEqual([]);
  });
  it('moves only forward', () => {
    expect(mayMoveTalk('planned', 'held')).toBe(true);
    expect(mayMoveTalk('held', 'planned')).toBe(false);
    expect(mayMoveTalk('held', 'followed_up')).toBe(true);
    expect(mayMoveTalk('planned', 'followed_up')).toBe(false);
  });
});
