import type { SiteFieldIssue } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { registryHazardsOf } from '../registries/index.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';

/** What the site registries share: the school a new record belongs to, the refusal of bad fields, the hazards a record opened. */

export type School = { id: string; name: string; path: string };

/** Registry kinds as the registries' base records them (registry_hazard.registry_kind) and as the web links them. */
export const SITE_KINDS = { building: 'building', plan: 'emergency-plan', drill: 'drill', staff: 'canteen-staff' } as const;

/** One answer for every bad field: `field: 原因；…`, each issue also in details.fields. Nothing is written. */
export function refuse(issues: readonly SiteFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

/** The active school in scope a new record is for: the named one, or the caller's own school. */
export async function schoolFor(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined, issues: SiteFieldIssue[]): Promise<School | undefined> {
  const id = schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  const school = id ? await findSchoolInScope(db, ctx.scope, id, { active: true }) : undefined;
  if (!school) issues.push({ field: 'schoolId', message: id ? '该学校不存在、已停用或不在您的权限范围内' : '请选择学校' });
  return school;
}

/** The hazards a record opened, as its detail shows them. */
export async function hazardsOf(db: DbOrTrx, kind: string, recordId: string) {
  const links = await registryHazardsOf(db, kind, recordId);
  return links.map((l) => ({ hazardId: l.hazardId, cause: l.cause, title: l.title, state: l.state }));
}

/** A school admin edits the records of the schools in its scope (its own); the others read. */
export const editActions = (ctx: RequestContext): 'edit'[] => (ctx.actor.role === 'school_admin' ? ['edit'] : []);

export const trimmed = (s: string | null | undefined): string => (s ?? '').trim();
