import { describe, expect, it } from 'vitest';
import { dueDeadline } from '../calendar/calendar-date.js';
import {
  reportPeriodOf,
  reportPeriodsBetween,
  reportPeriodsDueOn,
  scheduleProblems,
  scheduleText,
  type ReportSchedule,
} from './report-rules.js';
import { displayState, isLocked, mayReview, maySubmitAs, mayDraftAs, nextState, refusalOf, submissionAllowedActions } from './submission.js';
import { narrativeProblems, prefillNarrative, REPORT_TEMPLATES, templateProblems, versionChanges } from './template.js';
import { tallyCompleteness, type TallyItem } from './completeness.js';
import { quartersNamed, scheduleOfCampaignRule } from './from-campaign.js';

const base = { periodNumbers: [], startsOn: '2020-01-01', endsOn: null } as const;
const monthly: ReportSchedule = { ...base, periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 } };
const quarterly: ReportSchedule = { ...base, periodKind: 'quarterly', dueRule: { kind: 'day_of_last_month', day: 15 }, periodNumbers: [1, 2, 3] };
const annual: ReportSchedule = { ...base, periodKind: 'yearly', dueRule: { kind: 'month_day', month: 12, day: 15 } };
const weekly: ReportSchedule = { ...base, periodKind: 'weekly', dueRule: { kind: 'after_end', days: 1 } };

describe('report due rules over the calendar', () => {
  it('monthly by the 1st of the next month, across the year end', () => {
    expect(reportPeriodOf(monthly, '2026-11')).toMatchObject({ start: '2026-11-01', end: '2026-11-30', dueDate: '2026-12-01', label: '2026年11月' });
    expect(reportPeriodOf(monthly, '2026-12')?.dueDate).toBe('2027-01-01');
  });
  it('day 31 of a 30-day month (and of February) is that month’s last day', () => {
    const d31: ReportSchedule = { ...monthly, dueRule: { kind: 'day_of_next_month', day: 31 } };
    expect(reportPeriodOf(d31, '2026-10')?.dueDate).toBe('2026-11-30');
    expect(reportPeriodOf(d31, '2027-01')?.dueDate).toBe('2027-02-28');
    expect(reportPeriodOf(d31, '2028-01')?.dueDate).toBe('2028-02-29'); // leap year
    expect(reportPeriodOf(d31, '2026-11')?.dueDate).toBe('2026-12-31');
    expect(scheduleText(d31)).toContain('当月没有31日的，为当月最后一天');
  });
  it('quarterly by the 15th of the quarter’s last month, Q1–Q3 only', () => {
    expect(reportPeriodOf(quarterly, '2026-Q1')?.dueDate).toBe('2026-03-15');
    expect(reportPeriodOf(quarterly, '2026-Q3')).toMatchObject({ start: '2026-07-01', end: '2026-09-30', dueDate: '2026-09-15' });
    expect(reportPeriodOf(quarterly, '2026-Q4')).toBeNull();
    expect(reportPeriodsBetween(quarterly, '2026-01-01', '2026-12-31').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(scheduleText(quarterly)).toContain('每年第一、二、三季度');
  });
  it('annual by 12-15; a leap year’s February 29 rule is the 28th in common years', () => {
    expect(reportPeriodOf(annual, '2026')?.dueDate).toBe('2026-12-15');
    const feb29: ReportSchedule = { ...annual, dueRule: { kind: 'month_day', month: 2, day: 29 } };
    expect(reportPeriodOf(feb29, '2028')?.dueDate).toBe('2028-02-29');
    expect(reportPeriodOf(feb29, '2027')?.dueDate).toBe('2027-02-28');
  });
  it('weekly ISO weeks across the year end, and half-years', () => {
    expect(reportPeriodOf(weekly, '2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-03', dueDate: '2027-01-04' });
    expect(reportPeriodOf(weekly, '2026-W47')).toMatchObject({ start: '2026-11-16', end: '2026-11-22' });
    const half: ReportSchedule = { ...base, periodKind: 'half_year', dueRule: { kind: 'after_end', days: 10 } };
    expect(reportPeriodOf(half, '2026-H2')?.dueDate).toBe('2027-01-10');
  });
  it('stage: N days after the stage ends; once: on its date', () => {
    const stage: ReportSchedule = { ...base, periodKind: 'stage', dueRule: { kind: 'after_end', days: 5 }, stages: [{ id: '7', name: '集中整治', start: '2026-03-01', end: '2026-06-30' }] };
    expect(reportPeriodOf(stage, 'stage-7')).toMatchObject({ dueDate: '2026-07-05', label: '集中整治' });
    expect(reportPeriodOf(stage, 'stage-8')).toBeNull();
    const once: ReportSchedule = { ...base, startsOn: '2026-11-01', periodKind: 'once', dueRule: { kind: 'on', date: '2026-12-25' } };
    expect(reportPeriodOf(once, 'once')).toMatchObject({ start: '2026-11-01', end: '2026-12-25', dueDate: '2026-12-25' });
  });
  it('a period of another cadence, a malformed key or one before the type began has no period', () => {
    expect(reportPeriodOf(monthly, '2026-Q3')).toBeNull();
    expect(reportPeriodOf(monthly, '2026-13')).toBeNull();
    expect(reportPeriodOf({ ...monthly, startsOn: '2026-06-01' }, '2026-05')).toBeNull();
    expect(reportPeriodOf({ ...monthly, startsOn: '2026-06-15' }, '2026-06')).not.toBeNull();
  });
  it('the sweep finds the periods due on given days', () => {
    expect(reportPeriodsDueOn(monthly, ['2026-12-01']).map((p) => p.key)).toEqual(['2026-11']);
    expect(reportPeriodsDueOn(annual, ['2026-12-15']).map((p) => p.key)).toEqual(['2026']);
    expect(reportPeriodsDueOn(quarterly, ['2026-12-15'])).toEqual([]);
    const daily: ReportSchedule = { ...base, periodKind: 'daily', dueRule: { kind: 'period_end' } };
    expect(reportPeriodsDueOn(daily, ['2026-12-04', '2026-11-25']).map((p) => p.key)).toEqual(['2026-11-25', '2026-12-04']);
  });
});

describe('the day boundary in Asia/Shanghai', () => {
  const p = reportPeriodOf(monthly, '2026-11')!;
  const deadline = dueDeadline(p.dueDate);
  it('23:59:59 Beijing time on the due day is on time, 00:00 the next day is late', () => {
    expect(nextState('submit', { now: new Date('2026-12-01T15:59:59.999Z'), deadline, current: 'draft' })).toBe('submitted');
    expect(nextState('submit', { now: new Date('2026-12-01T16:00:00Z'), deadline, current: 'draft' })).toBe('late');
  });
  it('nothing submitted at 00:00 the next day is missing; before it, not started', () => {
    expect(displayState(null, deadline, new Date('2026-12-01T15:59:59Z'))).toBe('not_started');
    expect(displayState(null, deadline, new Date('2026-12-01T16:00:00Z'))).toBe('missing');
    expect(displayState({ state: 'draft', firstSubmittedAt: null }, deadline, new Date('2026-12-02T00:00:00Z'))).toBe('missing');
    expect(displayState({ state: 'late', firstSubmittedAt: new Date() }, deadline, new Date('2026-12-05T00:00:00Z'))).toBe('late');
  });
  it('a type without late submissions locks at the deadline unless reopened until a day', () => {
    expect(isLocked({ lateAccepted: false, deadline, reopenedUntil: null }, new Date('2026-12-01T15:59:59Z'))).toBe(false);
    expect(isLocked({ lateAccepted: false, deadline, reopenedUntil: null }, new Date('2026-12-01T16:00:00Z'))).toBe(true);
    expect(isLocked({ lateAccepted: false, deadline, reopenedUntil: '2026-12-04' }, new Date('2026-12-04T15:59:00Z'))).toBe(false);
    expect(isLocked({ lateAccepted: false, deadline, reopenedUntil: '2026-12-04' }, new Date('2026-12-04T16:00:00Z'))).toBe(true);
    expect(isLocked({ lateAccepted: true, deadline, reopenedUntil: null }, new Date('2027-06-01T00:00:00Z'))).toBe(false);
    // A report sent and then returned may be corrected after the deadline.
    expect(isLocked({ lateAccepted: false, deadline, reopenedUntil: null, everSubmitted: true }, new Date('2027-06-01T00:00:00Z'))).toBe(false);
  });
});

describe('schedule problems (bad due rules)', () => {
  it('a month-day no year has is refused; clamped day-of-month rules are fine', () => {
    expect(scheduleProblems({ periodKind: 'yearly', dueRule: { kind: 'month_day', month: 4, day: 31 } })).toEqual(['dueRule: 4月没有31日']);
    expect(scheduleProblems({ periodKind: 'yearly', dueRule: { kind: 'month_day', month: 2, day: 29 } })).toEqual([]);
    expect(scheduleProblems({ periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 31 } })).toEqual([]);
  });
  it('rules that do not fit the period kind', () => {
    expect(scheduleProblems({ periodKind: 'once', dueRule: { kind: 'period_end' } })[0]).toContain('一次性');
    expect(scheduleProblems({ periodKind: 'monthly', dueRule: { kind: 'on', date: '2026-12-25' } })[0]).toContain('一次性');
    expect(scheduleProblems({ periodKind: 'weekly', dueRule: { kind: 'day_of_next_month', day: 1 } })).toHaveLength(1);
    expect(scheduleProblems({ periodKind: 'quarterly', dueRule: { kind: 'period_end' }, periodNumbers: [5] })).toEqual(['periodNumbers: 期次须在 1 至 4 之间']);
    expect(scheduleProblems({ periodKind: 'stage', dueRule: { kind: 'after_end', days: 3 }, stageCount: 0 })).toHaveLength(1);
  });
});

describe('submission state machine', () => {
  const open = { periodStarted: true, locked: false };
  it('draft → submit allowed; awaiting review, approved, locked and not-started periods refused', () => {
    expect(refusalOf('submit', { ...open, state: 'draft' })).toBeNull();
    expect(refusalOf('submit', { ...open, state: null })).toBeNull();
    expect(refusalOf('submit', { ...open, state: 'returned' })).toBeNull();
    expect(refusalOf('submit', { ...open, state: 'approved' })?.code).toBe('approved');
    expect(refusalOf('submit', { ...open, state: 'submitted' })?.code).toBe('awaiting_review');
    expect(refusalOf('submit', { ...open, state: 'draft', locked: true })?.code).toBe('locked');
    expect(refusalOf('submit', { ...open, state: null, periodStarted: false })?.code).toBe('not_started_period');
  });
  it('review only a submitted version; return needs a comment', () => {
    expect(refusalOf('approve', { ...open, state: 'late' })).toBeNull();
    expect(refusalOf('approve', { ...open, state: 'draft' })?.code).toBe('not_submitted');
    expect(refusalOf('return', { ...open, state: 'submitted' }, { comment: '  ' })?.code).toBe('comment_required');
    expect(refusalOf('return', { ...open, state: 'submitted' }, { comment: '请补充' })).toBeNull();
    expect(refusalOf('approve', { ...open, state: 'approved' })?.code).toBe('not_reviewable');
  });
  it('who submits, drafts and reviews follows the unit', () => {
    expect(maySubmitAs('school_admin', 'school', { own: true })).toBe(true);
    expect(maySubmitAs('school_staff', 'school', { own: true })).toBe(false);
    expect(mayDraftAs('school_staff', 'school', { own: true })).toBe(true);
    expect(maySubmitAs('school_admin', 'school', { own: false })).toBe(false);
    expect(maySubmitAs('team_member', 'team', { own: true })).toBe(true);
    expect(mayReview('team_member', { reviewer: 'team', submitterKind: 'school', actorCoversSchool: true, schoolHasTeam: true })).toBe(true);
    expect(mayReview('bureau_staff', { reviewer: 'team', submitterKind: 'school', actorCoversSchool: false, schoolHasTeam: true })).toBe(false);
    expect(mayReview('bureau_staff', { reviewer: 'team', submitterKind: 'school', actorCoversSchool: false, schoolHasTeam: false })).toBe(true);
    expect(mayReview('team_member', { reviewer: 'bureau', submitterKind: 'school', actorCoversSchool: true, schoolHasTeam: true })).toBe(false);
    expect(mayReview('bureau_staff', { reviewer: 'bureau', submitterKind: 'school', actorCoversSchool: false, schoolHasTeam: true })).toBe(true);
  });
  it('allowed actions combine the role and the state', () => {
    expect(submissionAllowedActions({ ...open, state: 'submitted' }, { canDraft: true, canSubmit: true, canReview: true })).toEqual(['approve', 'return']);
    expect(submissionAllowedActions({ ...open, state: 'returned' }, { canDraft: true, canSubmit: true, canReview: false })).toEqual(['save_draft', 'submit']);
    expect(submissionAllowedActions({ ...open, state: 'approved' }, { canDraft: true, canSubmit: true, canReview: true })).toEqual([]);
  });
});

describe('templates and narrative', () => {
  const t = REPORT_TEMPLATES.summary;
  it('a summary needs its required sections; blank is empty', () => {
    const problems = narrativeProblems(t, { awareness: '  ', capability: '有', measures: '有', results: '有', next_goals: '有' }, true);
    expect(problems).toEqual(['思想意识: 不能为空']);
    expect(narrativeProblems(t, {}, false)).toEqual([]);
    expect(narrativeProblems(t, { bogus: 'x' }, false)).toEqual(['bogus: 不是本报表的栏目']);
  });
  it('上阶段计划落实情况 is pre-filled from the previous submission’s 下阶段目标', () => {
    expect(prefillNarrative(t, { next_goals: '完成消防通道整治' }).last_plan).toBe('完成消防通道整治');
    expect(prefillNarrative(t, null).last_plan).toBe('');
  });
  it('templates with duplicate keys or a bad prefill are refused', () => {
    expect(templateProblems([...t, { key: 'awareness', kind: 'narrative', label: 'x', required: false }])).toHaveLength(1);
    expect(templateProblems([{ key: 'a', kind: 'narrative', label: 'x', required: false, prefillFrom: 'zzz' }])).toHaveLength(1);
    expect(templateProblems(REPORT_TEMPLATES.monthlyHazardList)).toEqual([]);
  });
  it('version changes name the sections that changed', () => {
    const c = versionChanges(t, { content: { counts: { hazards: 1 } }, narrative: { awareness: 'a' }, fileIds: [] }, { content: { counts: { hazards: 1 } }, narrative: { awareness: 'b' }, fileIds: ['3'] });
    expect(c.map((x) => x.key)).toEqual(['awareness', 'attachments']);
  });
});

describe('completeness tally', () => {
  it('counts by state sum to expected; expected = submitted + missing + pending; submitted = onTime + late', () => {
    const items: TallyItem[] = [
      { state: 'approved', onTime: true },
      { state: 'submitted', onTime: true },
      { state: 'late', onTime: false },
      { state: 'returned', onTime: true },
      { state: 'missing', onTime: null },
      { state: 'draft', onTime: null },
      { state: 'not_started', onTime: null },
    ];
    const r = tallyCompleteness(items);
    expect(r.expected).toBe(7);
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(7);
    expect(r.submitted + r.missing + r.pending).toBe(7);
    expect(r.onTime + r.late).toBe(r.submitted);
    expect(r).toMatchObject({ submitted: 4, onTime: 3, late: 1, missing: 1, pending: 2, submittedRate: 0.5714, onTimeRate: 0.4286 });
    expect(tallyCompleteness([]).submittedRate).toBeNull();
  });
});

describe('campaign reporting rules', () => {
  it('前三季度…15日前 is quarterly Q1–Q3 by the 15th of the last month; 每月1日前 monthly', () => {
    expect(quartersNamed('每年前三季度最后一个月的15日前报送季度工作总结')).toEqual([1, 2, 3]);
    expect(scheduleOfCampaignRule({ text: '每年前三季度最后一个月的15日前报送季度工作总结', kind: 'quarterly', dueDate: null, dayOfMonth: 15, month: null })).toEqual({
      periodKind: 'quarterly',
      dueRule: { kind: 'day_of_last_month', day: 15 },
      periodNumbers: [1, 2, 3],
    });
    expect(scheduleOfCampaignRule({ text: '每月1日前上报', kind: 'monthly', dueDate: null, dayOfMonth: 1, month: null }).dueRule).toEqual({ kind: 'day_of_next_month', day: 1 });
    expect(scheduleOfCampaignRule({ text: '阶段总结', kind: 'once', dueDate: null, dayOfMonth: null, month: null }, { stageAfterDays: 5 }).periodKind).toBe('stage');
  });
});
