/**
 * What the assessment's use cases share: the scheme loaded in the caller's scope, whether the
 * caller is the scheme's bureau, the year's window, and the scheme's contract shape.
 */
import { addDays, can, INDICATOR_CATALOGUE, isComputedIndicator, ruleText, scopeContains, shanghaiDate, type SchemeIndicator as DomainIndicator } from '@xiaoan/domain';
import type { AssessmentScheme, SchemeIndicator } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { findScheme, type SchemeRow } from './assessment.repository.js';

export const isBureauOf = (ctx: RequestContext, s: SchemeRow) => scopeContains(ctx.scope, s.bureau_unit_path);

export async function loadScheme(db: DbOrTrx, ctx: RequestContext, id: string): Promise<SchemeRow> {
  const s = await findScheme(db, ctx.scope, id);
  if (!s) throw notFound('考核方案');
  return s;
}

/** The scheme's bureau staff: configures, scores and reviews. Others in scope read. */
export function requireManager(ctx: RequestContext, s: SchemeRow, what: string): void {
  if (!can(ctx.actor.role, 'assessment.manage') || !isBureauOf(ctx, s)) throw new AppError('FORBIDDEN', `只有本区教育局可以${what}`);
}

/** The days a year's figures are counted over: 1 January to today (the last day once the year is over). */
export function windowOf(year: number, now: Date): { from: string; to: string; today: string } {
  const today = shanghaiDate(now);
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  const to = today < end ? (today < from ? addDays(from, -1) : today) : end;
  return { from, to, today };
}

export function toIndicator(i: DomainIndicator): SchemeIndicator {
  if (i.kind === 'manual') {
    return { key: i.key, name: i.name, kind: 'manual', indicator: null, weight: i.weight, rule: null, guidance: i.guidance ?? null, ruleText: i.guidance?.trim() || '教育局逐校评分，须写明理由', measure: null, definition: null };
  }
  const info = isComputedIndicator(i.indicator) ? INDICATOR_CATALOGUE[i.indicator] : null;
  return {
    key: i.key,
    name: i.name,
    kind: 'computed',
    indicator: i.indicator,
    weight: i.weight,
    rule: i.rule as SchemeIndicator['rule'],
    guidance: null,
    ruleText: info ? ruleText(info, i.rule, i.weight) : '',
    measure: info?.measure ?? null,
    definition: info?.definition ?? null,
  };
}

export function toScheme(ctx: RequestContext, s: SchemeRow): AssessmentScheme {
  const bureau = can(ctx.actor.role, 'assessment.manage') && isBureauOf(ctx, s);
  const actions = bureau ? ['edit', 'score', 'review', 'export'] : ['export'];
  if (can(ctx.actor.role, 'assessment.self')) actions.push('self');
  return {
    id: s.id,
    bureauUnitId: s.bureau_unit_id,
    year: s.year,
    name: s.name,
    totalPoints: s.total_points,
    indicators: s.indicators.map(toIndicator),
    version: s.version,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    allowedActions: actions,
  };
}
