/**
 * Admonition talks (约谈): the bureau talks to a unit that works badly (a school, an area, a
 * bureau department), records what the unit committed to, and comes back on a follow-up date
 * to record whether it was done. "对工作不力的要及时约谈" (seed 002).
 *
 * Status: planned (scheduled, not yet held) → held (the talk took place) → followed_up (the
 * follow-up result is recorded; the record is then closed). Pure rules, no I/O.
 */
import type { Role } from '../roles.js';

export const TALK_STATUSES = ['planned', 'held', 'followed_up'] as const;
export type TalkStatus = (typeof TALK_STATUSES)[number];
export const TALK_STATUS_LABELS: Record<TalkStatus, string> = { planned: '已安排', held: '已约谈', followed_up: '已回访' };

export const TALK_FOLLOW_UP_RESULTS = ['done', 'not_done'] as const;
export type TalkFollowUpResult = (typeof TALK_FOLLOW_UP_RESULTS)[number];
export const TALK_FOLLOW_UP_RESULT_LABELS: Record<TalkFollowUpResult, string> = { done: '已落实', not_done: '未落实' };

/** What a talk may link to: ledger hazards, report submissions, missed report periods, notices. */
export const TALK_LINK_KINDS = ['hazard', 'report_submission', 'report_period', 'notice'] as const;
export type TalkLinkKind = (typeof TALK_LINK_KINDS)[number];
export const TALK_LINK_KIND_LABELS: Record<TalkLinkKind, string> = {
  hazard: '隐患',
  report_submission: '报送记录',
  report_period: '未按时报送',
  notice: '通报',
};

/** The unit talked to: a unit of the hierarchy (school or area), or a bureau department. */
export type TalkUnitKind = 'school' | 'area' | 'department';
export const TALK_UNIT_KIND_LABELS: Record<TalkUnitKind, string> = { school: '学校', area: '片区', department: '科室' };

export const TALK_LIMITS = { people: 20, commitments: 30, links: 50 } as const;

export type TalkPerson = { name: string; post: string };

/** The editable part of a talk as the service hands it to the rules (already trimmed or not). */
export type TalkInput = {
  unit: { kind: TalkUnitKind; id: string } | null | undefined;
  heldOn: string;
  status: 'planned' | 'held';
  reason: string | null | undefined;
  interviewees: readonly TalkPerson[];
  interviewers: readonly TalkPerson[];
  commitments: readonly string[];
  followUpDue: string | null | undefined;
};

export type TalkFieldIssue = { field: string; message: string };

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Every problem of a talk's fields, as `field: reason` issues (empty when it may be saved).
 * `today` is the Beijing calendar date: a talk recorded as held cannot lie in the future.
 */
export function talkInputIssues(t: TalkInput, today: string): TalkFieldIssue[] {
  const issues: TalkFieldIssue[] = [];
  if (!t.unit) issues.push({ field: 'unit', message: '请选择约谈的单位（学校、片区或科室）' });
  if (blank(t.reason)) issues.push({ field: 'reason', message: '请填写约谈事由' });
  if (t.status === 'held' && t.heldOn > today) issues.push({ field: 'heldOn', message: '已约谈的日期不能晚于今天' });
  if (t.followUpDue && t.followUpDue < t.heldOn) issues.push({ field: 'followUpDue', message: `回访日期不能早于约谈日期（${t.heldOn}）` });
  if (t.status === 'held' && t.interviewees.length === 0) issues.push({ field: 'interviewees', message: '请填写被约谈人' });
  if (t.interviewers.length === 0) issues.push({ field: 'interviewers', message: '请填写约谈人' });
  t.interviewees.forEach((p, i) => {
    if (blank(p.name)) issues.push({ field: `interviewees.${i}.name`, message: '请填写被约谈人姓名' });
  });
  t.interviewers.forEach((p, i) => {
    if (blank(p.name)) issues.push({ field: `interviewers.${i}.name`, message: '请填写约谈人姓名' });
  });
  return issues;
}

/** The commitments as stored: trimmed, blank lines dropped, repeats kept once. */
export function normaliseCommitments(list: readonly string[]): string[] {
  return [...new Set(list.map((c) => c.trim()).filter((c) => c.length > 0))];
}

export type TalkFollowUpInput = { result: TalkFollowUpResult; note: string; recordedOn: string };

/** The follow-up result's problems: it comes after the talk, not in the future, and a "not done" says why. */
export function followUpIssues(talk: { status: TalkStatus; heldOn: string }, f: TalkFollowUpInput, today: string): TalkFieldIssue[] {
  const issues: TalkFieldIssue[] = [];
  if (f.recordedOn > today) issues.push({ field: 'recordedOn', message: '回访日期不能晚于今天' });
  if (f.recordedOn < talk.heldOn) issues.push({ field: 'recordedOn', message: `回访日期不能早于约谈日期（${talk.heldOn}）` });
  if (f.result === 'not_done' && blank(f.note)) issues.push({ field: 'note', message: '未落实时，请写明情况' });
  return issues;
}

/** A held talk whose follow-up date has passed without a recorded result. */
export function isFollowUpOverdue(t: { status: TalkStatus; followUpDue: string | null }, today: string): boolean {
  return t.status === 'held' && t.followUpDue !== null && t.followUpDue < today;
}

export type TalkAction = 'edit' | 'follow_up';

/**
 * What the caller may do with a talk: bureau staff edit it until its follow-up is recorded,
 * and record the follow-up once the talk was held. Everyone else reads.
 */
export function talkAllowedActions(t: { status: TalkStatus }, role: Role): TalkAction[] {
  if (role !== 'bureau_staff') return [];
  const out: TalkAction[] = [];
  if (t.status !== 'followed_up') out.push('edit');
  if (t.status === 'held') out.push('follow_up');
  return out;
}

/** A stored status may move only forward: planned → held (by an edit), held → followed_up (by the follow-up). */
export function mayMoveTalk(from: TalkStatus, to: TalkStatus): boolean {
  return from === to || (from === 'planned' && to === 'held') || (from === 'held' && to === 'followed_up');
}
