import {
  certificateState,
  four100Passes,
  four100Reason,
  guardAllowedActions,
  isQualifiedGuard,
  profileInputIssues,
  shanghaiDate,
  FOUR_100_CODES,
  FOUR_100_NAMES,
  type ProfileFieldIssue,
  type Scope,
  type SchoolSecurityFacts,
} from '@xiaoan/domain';
import type { PutSecurityProfileBody, SchoolSecurity, SecurityProfileQuery } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findUnitById } from '../units/index.js';
import { findActiveGuardFacts, findActiveSchools, findProfiles, insertProfile, updateProfile, type ProfileRow, type SchoolRow } from './guard.repository.js';

/**
 * The school security profile (学校安防情况): what the school declares (required guards, closed
 * campus, one-key alarm and video linked to the police, 护学岗 posts) beside what the guards
 * registry holds (guards on post, qualified, expiring). The school keeps it; the bureau and the
 * teams read it. The four 100 % indicators (features/indicators) are computed from these facts.
 */

export type SchoolFacts = { school: SchoolRow; profile: ProfileRow | null; guards: { active: number; qualified: number; expiring: number; expired: number }; facts: SchoolSecurityFacts };

/** Each school's profile and guard counts, read in scope (one query each for schools, profiles, guards). */
export async function schoolSecurityFacts(db: DbOrTrx, scope: Scope, underPath: string | undefined, today: string): Promise<SchoolFacts[]> {
  const schools = await findActiveSchools(db, scope, underPath);
  const ids = schools.map((s) => s.id);
  const [profiles, guards] = await Promise.all([findProfiles(db, scope, ids), findActiveGuardFacts(db, scope, ids)]);
  const profileOf = new Map(profiles.map((p) => [p.unit_id, p]));
  const counts = new Map<string, { active: number; qualified: number; expiring: number; expired: number }>();
  for (const g of guards) {
    let c = counts.get(g.unit_id);
    if (!c) counts.set(g.unit_id, (c = { active: 0, qualified: 0, expiring: 0, expired: 0 }));
    c.active += 1;
    const state = certificateState(g.certificate_expires_on, today);
    if (state === 'expiring') c.expiring += 1;
    if (state === 'expired') c.expired += 1;
    if (isQualifiedGuard({ status: g.status, employment: g.employment, certificateExpiresOn: g.certificate_expires_on, backgroundCheckResult: g.background_check_result, annualReviewResult: g.annual_review_result }, today)) c.qualified += 1;
  }
  return schools.map((school) => {
    const p = profileOf.get(school.id) ?? null;
    const g = counts.get(school.id) ?? { active: 0, qualified: 0, expiring: 0, expired: 0 };
    const facts: SchoolSecurityFacts = {
      profile: p && { requiredGuards: p.required_guards, closedCampus: p.closed_campus, alarmLinked: p.alarm_linked, videoLinked: p.video_linked, escortPostsRequired: p.escort_posts_required, escortPostsStaffed: p.escort_posts_staffed },
      qualifiedGuards: g.qualified,
    };
    return { school, profile: p, guards: g, facts };
  });
}

function toSchoolSecurity(f: SchoolFacts, ctx: RequestContext): SchoolSecurity {
  const passes = four100Passes(f.facts);
  const p = f.profile;
  return {
    schoolId: f.school.id,
    schoolName: f.school.name,
    areaName: f.school.area_name ?? '',
    profile: p && {
      requiredGuards: p.required_guards,
      closedCampus: p.closed_campus,
      alarmLinked: p.alarm_linked,
      videoLinked: p.video_linked,
      escortPostsRequired: p.escort_posts_required,
      escortPostsStaffed: p.escort_posts_staffed,
      note: p.note,
      version: p.version,
      updatedAt: p.updated_at.toISOString(),
    },
    guards: { ...f.guards, short: Math.max(0, (p?.required_guards ?? 0) - f.guards.qualified) },
    indicators: FOUR_100_CODES.map((code) => ({ code, name: FOUR_100_NAMES[code], passing: passes[code], reason: four100Reason(code, f.facts) })),
    allowedActions: guardAllowedActions(ctx.actor.role),
  };
}

/** Every school in scope (under `unitId` when given): its profile, guards present vs required and the four indicators; `failing` keeps the schools that fail that one. */
export async function listSchoolSecurity(db: DbOrTrx, ctx: RequestContext, q: SecurityProfileQuery, now = new Date()): Promise<{ items: SchoolSecurity[]; total: number }> {
  let under: string | undefined;
  if (q.unitId) {
    const u = await findUnitById(db, ctx.scope, q.unitId);
    if (!u) throw notFound('单位');
    under = u.path;
  }
  let items = (await schoolSecurityFacts(db, ctx.scope, under, shanghaiDate(now))).map((f) => toSchoolSecurity(f, ctx));
  if (q.failing) items = items.filter((s) => s.indicators.some((i) => i.code === q.failing && !i.passing));
  return { items, total: items.length };
}

export async function getSchoolSecurity(db: DbOrTrx, ctx: RequestContext, schoolId: string, now = new Date()): Promise<SchoolSecurity> {
  const school = await findSchoolInScope(db, ctx.scope, schoolId, { active: true });
  if (!school) throw notFound('学校');
  const [f] = await schoolSecurityFacts(db, ctx.scope, school.path, shanghaiDate(now));
  if (!f) throw notFound('学校');
  return toSchoolSecurity(f, ctx);
}

function refuse(issues: readonly ProfileFieldIssue[]) {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

/** The school's profile saved whole: the first save with `version: null`, later ones at the version read (stale: 409). */
export async function putSchoolSecurity(db: Db, ctx: RequestContext, schoolId: string, body: PutSecurityProfileBody, now = new Date()): Promise<SchoolSecurity> {
  const school = await findSchoolInScope(db, ctx.scope, schoolId, { active: true });
  if (!school) throw notFound('学校');
  const issues = profileInputIssues(body);
  if (issues.length > 0) throw refuse(issues);
  const values = {
    required_guards: body.requiredGuards,
    closed_campus: body.closedCampus,
    alarm_linked: body.alarmLinked,
    video_linked: body.videoLinked,
    escort_posts_required: body.escortPostsRequired,
    escort_posts_staffed: body.escortPostsStaffed,
    note: (body.note ?? '').trim(),
  };
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = body.version === null ? await insertProfile(trx, school, values, ctx.actor.userId) : await updateProfile(trx, school.id, body.version, values, ctx.actor.userId);
    if (!ok) throw staleVersion();
    await emit({ action: 'security_profile.update', objectType: 'school_security_profile', objectId: school.id, details: { ...values, note: undefined } });
    return getSchoolSecurity(trx, ctx, school.id, now);
  });
}
