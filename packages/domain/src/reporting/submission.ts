/**
 * The submission state machine (报送流程), pure.
 *
 * Stored states: draft → submitted | late (submitted after the deadline) → approved, or
 * returned (with a comment) → submitted | late again. Each submission freezes a new version;
 * nothing submitted is overwritten. An approved report is final: it cannot be resubmitted.
 * Two more states are derived for the completeness matrix: not_started (no row) and missing
 * (past the deadline and nothing ever submitted, also when a draft exists).
 *
 * Locks: a type that does not accept late submissions locks each period at its deadline;
 * the bureau may reopen it for one submitter until a given day (inclusive, Beijing time).
 */
import type { Role } from '../roles.js';
import { shanghaiDate } from '../calendar/calendar-date.js';
import type { ReportSubmitterKind } from './report-rules.js';

export const STORED_REPORT_STATES = ['draft', 'submitted', 'late', 'returned', 'approved'] as const;
export type StoredReportState = (typeof STORED_REPORT_STATES)[number];
export const REPORT_STATES = ['not_started', 'draft', 'submitted', 'late', 'returned', 'approved', 'missing'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  not_started: '未开始',
  draft: '草稿',
  submitted: '已报送',
  late: '逾期报送',
  returned: '已退回',
  approved: '已通过',
  missing: '未报送（已逾期）',
};

export type ReportAction = 'save_draft' | 'submit' | 'approve' | 'return';
export const REPORT_ACTION_LABELS: Record<ReportAction, string> = { save_draft: '保存草稿', submit: '报送', approve: '审核通过', return: '退回' };

/** The state the matrix shows for an expected submission (null row = nothing started). */
export function displayState(row: { state: StoredReportState; firstSubmittedAt: Date | null } | null, deadline: Date, now: Date): ReportState {
  if (!row || (row.state === 'draft' && row.firstSubmittedAt === null)) {
    if (now.getTime() >= deadline.getTime()) return 'missing';
    return row ? 'draft' : 'not_started';
  }
  return row.state;
}

/**
 * Is the period locked for this submitter at `now`? Only what was never submitted locks: a
 * report sent and returned for corrections after the deadline may still be corrected and resent.
 */
export function isLocked(v: { lateAccepted: boolean; deadline: Date; reopenedUntil: string | null; everSubmitted?: boolean }, now: Date): boolean {
  if (v.lateAccepted || v.everSubmitted) return false;
  if (now.getTime() < v.deadline.getTime()) return false;
  return !(v.reopenedUntil !== null && shanghaiDate(now) <= v.reopenedUntil);
}

export type SubmitterRelation = {
  /** The actor belongs to the submitter (the school's own user, a member of the team, staff of the department). */
  own: boolean;
};

/** Who writes a submitter's report: the school admin (staff may keep the draft), a team member, the department's staff. */
export function maySubmitAs(role: Role, kind: ReportSubmitterKind, rel: SubmitterRelation): boolean {
  if (!rel.own) return false;
  if (kind === 'school') return role === 'school_admin';
  if (kind === 'team') return role === 'team_member';
  return role === 'bureau_staff';
}

export function mayDraftAs(role: Role, kind: ReportSubmitterKind, rel: SubmitterRelation): boolean {
  if (kind === 'school' && role === 'school_staff' && rel.own) return true;
  return maySubmitAs(role, kind, rel);
}

/**
 * Who approves or returns: the unit's line. For a school's report of a type reviewed by the
 * team, the members of a team covering the school (and the bureau when no team covers it);
 * otherwise the bureau (bureau staff).
 */
export function mayReview(role: Role, v: { reviewer: 'bureau' | 'team'; submitterKind: ReportSubmitterKind; actorCoversSchool: boolean; schoolHasTeam: boolean }): boolean {
  // The bureau leader only reads (policy.ts keeps it read-only): bureau staff review for the bureau.
  const bureau = role === 'bureau_staff';
  if (v.reviewer === 'team' && v.submitterKind === 'school') {
    if (role === 'team_member') return v.actorCoversSchool;
    return bureau && !v.schoolHasTeam;
  }
  return bureau;
}

export type SubmissionFacts = {
  state: StoredReportState | null;
  /** Today lies on or after the period's first day. */
  periodStarted: boolean;
  locked: boolean;
};

export type Refusal = { code: 'not_started_period' | 'locked' | 'approved' | 'awaiting_review' | 'not_submitted' | 'not_reviewable' | 'comment_required'; message: string; status: 409 | 400 };

/** Why `action` cannot be taken now (state and time only; the role is checked apart), or null. */
export function refusalOf(action: ReportAction, f: SubmissionFacts, input: { comment?: string } = {}): Refusal | null {
  if (action === 'save_draft' || action === 'submit') {
    if (!f.periodStarted) return { code: 'not_started_period', message: '本期尚未开始，不能报送', status: 400 };
    if (f.state === 'approved') return { code: 'approved', message: '报告已审核通过，不能再次报送', status: 409 };
    if (f.state === 'submitted' || f.state === 'late') return { code: 'awaiting_review', message: '报告已报送，正在等待审核，退回后才能修改', status: 409 };
    if (f.locked) return { code: 'locked', message: '已过截止时间，本期报送已锁定；如需补报请联系教育局重新开放', status: 409 };
    return null;
  }
  if (f.state !== 'submitted' && f.state !== 'late') {
    if (f.state === 'approved') return { code: 'not_reviewable', message: '报告已审核通过', status: 409 };
    return { code: 'not_submitted', message: '报告尚未报送，不能审核', status: 409 };
  }
  if (action === 'return' && !(input.comment ?? '').trim()) return { code: 'comment_required', message: 'comment: 退回须填写意见', status: 400 };
  return null;
}

/** The stored state after an action (submit: submitted or late by the deadline). */
export function nextState(action: ReportAction, v: { now: Date; deadline: Date; current: StoredReportState | null }): StoredReportState {
  switch (action) {
    case 'save_draft':
      return v.current === 'returned' ? 'returned' : 'draft';
    case 'submit':
      return v.now.getTime() >= v.deadline.getTime() ? 'late' : 'submitted';
    case 'approve':
      return 'approved';
    case 'return':
      return 'returned';
    default: {
      const never: never = action;
      return never;
    }
  }
}

/**
 * What the caller may do now: the actions whose role rule and state rule both pass.
 * `canDraft`/`canSubmit`/`canReview` are the role side (maySubmitAs, mayReview).
 */
export function submissionAllowedActions(f: SubmissionFacts, who: { canDraft: boolean; canSubmit: boolean; canReview: boolean }): ReportAction[] {
  const out: ReportAction[] = [];
  if (who.canDraft && refusalOf('save_draft', f) === null) out.push('save_draft');
  if (who.canSubmit && refusalOf('submit', f) === null) out.push('submit');
  if (who.canReview && refusalOf('approve', f) === null) out.push('approve', 'return');
  return out;
}
