import {
  can,
  currentReportPeriod,
  dueDeadline,
  isLocked,
  mayDraftAs,
  mayReview,
  maySubmitAs,
  reportPeriodOf,
  scopeContains,
  shanghaiDate,
  type ReportPeriod,
  type ReportSchedule,
} from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { findCampaignStages, findReportTypeInScope, type ReportTypeRow } from './report-type.repository.js';
import { findMemberTeams, findSchoolTeamCover, type SubmissionRow } from './submission.repository.js';
import { scheduleOf } from './report.presenter.js';

/**
 * What every reporting use case shares: the type loaded in scope with its schedule, the
 * period of a key, who the caller is to a submitter, and the permission guards. The use
 * cases are one file each (report-type, submission, review, completeness `.service.ts`).
 */

export type LoadedType = { row: ReportTypeRow; schedule: ReportSchedule };

export async function loadType(db: DbOrTrx, ctx: RequestContext, id: string): Promise<LoadedType> {
  const row = await findReportTypeInScope(db, ctx.scope, id);
  if (!row) throw notFound('报表类型');
  const stages = row.period_kind === 'stage' && row.campaign_id ? await findCampaignStages(db, row.campaign_id) : [];
  return { row, schedule: scheduleOf(row, stages) };
}

/** The period a key names for the type, or a 400 saying the type has no such period. */
export function periodOrInvalid(t: LoadedType, key: string): ReportPeriod {
  const p = reportPeriodOf(t.schedule, key);
  if (!p) throw invalid(`period: “${t.row.name}”没有“${key}”这一期（期次格式如 2026-11、2026-Q3、2026-W47、2026-H2、2026）`, ['period: 期次无效']);
  return p;
}

/** The period a key names, or without a key the current one (the latest begun, else the first). */
export function periodOrCurrent(t: LoadedType, key: string | undefined, now: Date): ReportPeriod {
  if (key !== undefined) return periodOrInvalid(t, key);
  const p = currentReportPeriod(t.schedule, shanghaiDate(now));
  if (!p) throw invalid(`period: “${t.row.name}”还没有任何一期`, ['period: 无可用期次']);
  return p;
}

export const deadlineOf = (p: Pick<ReportPeriod, 'dueDate'>) => dueDeadline(p.dueDate);

/** The caller's scope holds the type's whole district (bureau users). */
export const seesDistrict = (ctx: RequestContext, bureauPath: string) => scopeContains(ctx.scope, bureauPath);

export async function accessOf(db: DbOrTrx, ctx: RequestContext, t: ReportTypeRow) {
  const bureauInScope = seesDistrict(ctx, t.bureau_unit_path);
  const ownTeamIds = t.submitter_kind === 'team' && ctx.actor.role === 'team_member' ? await findMemberTeams(db, ctx.actor.userId, t.bureau_unit_path) : [];
  return { bureauInScope, ownTeamIds };
}

/** Does the caller belong to this submitter (its school, its team, its department)? */
export async function isOwnSubmitter(db: DbOrTrx, ctx: RequestContext, kind: 'school' | 'team' | 'department', submitterId: string, bureauPath: string): Promise<boolean> {
  if (kind === 'school') return ctx.actor.unitId === submitterId;
  if (kind === 'department') return ctx.actor.departmentId === submitterId;
  return (await findMemberTeams(db, ctx.actor.userId, bureauPath)).includes(submitterId);
}

/** The caller's own submitter for a type when none is named: its school, its (first) team, its department. */
export async function defaultSubmitter(db: DbOrTrx, ctx: RequestContext, t: ReportTypeRow): Promise<string> {
  if (t.submitter_kind === 'school') return ctx.actor.unitId;
  if (t.submitter_kind === 'department') {
    if (!ctx.actor.departmentId) throw invalid('unitId: 请指定报送科室', ['unitId: 缺少报送单位']);
    return ctx.actor.departmentId;
  }
  const teams = await findMemberTeams(db, ctx.actor.userId, t.bureau_unit_path);
  if (!teams[0]) throw invalid('unitId: 请指定报送的督查组', ['unitId: 缺少报送单位']);
  return teams[0];
}

export type Who = { canDraft: boolean; canSubmit: boolean; canReview: boolean };

/** The role side of the caller's actions on a submission (the state side is the domain's refusalOf). */
export async function whoIs(db: DbOrTrx, ctx: RequestContext, t: ReportTypeRow, s: Pick<SubmissionRow, 'submitter_kind' | 'submitter_id' | 'unit_id'>): Promise<Who> {
  const own = await isOwnSubmitter(db, ctx, s.submitter_kind, s.submitter_id, t.bureau_unit_path);
  const role = ctx.actor.role;
  let canReview = false;
  if (can(role, 'report.review')) {
    const cover = s.submitter_kind === 'school' && s.unit_id ? await findSchoolTeamCover(db, s.unit_id, ctx.actor.userId) : { actorCovers: false, hasTeam: false };
    canReview = mayReview(role, { reviewer: t.reviewer, submitterKind: s.submitter_kind, actorCoversSchool: cover.actorCovers, schoolHasTeam: cover.hasTeam });
  }
  return {
    canDraft: can(role, 'report.draft') && mayDraftAs(role, s.submitter_kind, { own }),
    canSubmit: can(role, 'report.submit') && maySubmitAs(role, s.submitter_kind, { own }),
    canReview,
  };
}

/** Is the period locked for this submitter (the domain's isLocked)? */
export function lockedAt(t: ReportTypeRow, p: ReportPeriod, row: { reopened_until: string | null; first_submitted_at: Date | null } | null, now: Date): boolean {
  return isLocked({ lateAccepted: t.late_accepted, deadline: deadlineOf(p), reopenedUntil: row?.reopened_until ?? null, everSubmitted: Boolean(row?.first_submitted_at) }, now);
}

export const periodStarted = (p: ReportPeriod, now: Date) => shanghaiDate(now) >= p.start;

/** A refusal by the reporting rules for this caller (a role that may act elsewhere but not on this submitter). */
export const notYours = (message: string) => new AppError('FORBIDDEN', message, { domainCode: 'REPORT_NOT_YOURS' });

export function typeAllowedActions(ctx: RequestContext, t: ReportTypeRow): string[] {
  const out: string[] = [];
  if (can(ctx.actor.role, 'report_type.manage') && seesDistrict(ctx, t.bureau_unit_path)) out.push('update');
  if (can(ctx.actor.role, 'report.reopen') && !t.late_accepted && seesDistrict(ctx, t.bureau_unit_path)) out.push('reopen');
  if (can(ctx.actor.role, 'report.draft') && t.status === 'active') out.push('start');
  return out;
}
