/** Assessment schemes: list, detail, create and edit (one scheme per bureau and year). */
import { ASSESSMENT_TOTAL_POINTS, COMPUTED_INDICATORS, INDICATOR_CATALOGUE, can, schemeProblems, scopeContains, type SchemeIndicator } from '@xiaoan/domain';
import type { AssessmentScheme, CreateSchemeBody, SchemeList, UpdateSchemeBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findBureauOf, findSchemes, insertScheme, schemeYearTaken, updateScheme } from './assessment.repository.js';
import { loadScheme, requireManager, toScheme } from './assessment.service.js';

export const CATALOGUE = COMPUTED_INDICATORS.map((k) => INDICATOR_CATALOGUE[k]);

export async function listSchemes(db: DbOrTrx, ctx: RequestContext, year?: number): Promise<SchemeList> {
  const rows = await findSchemes(db, ctx.scope, year);
  return { items: rows.map((s) => toScheme(ctx, s)), total: rows.length, catalogue: CATALOGUE };
}

export async function getScheme(db: DbOrTrx, ctx: RequestContext, id: string): Promise<AssessmentScheme> {
  return toScheme(ctx, await loadScheme(db, ctx, id));
}

const trimmed = (ind: SchemeIndicator[]): SchemeIndicator[] =>
  ind.map((i) => (i.kind === 'manual' ? { ...i, name: i.name.trim(), ...(i.guidance !== undefined ? { guidance: i.guidance.trim() } : {}) } : { ...i, name: i.name.trim() }));

function check(input: { year: number; name: string; totalPoints: number; indicators: SchemeIndicator[] }): void {
  const problems = schemeProblems(input);
  if (problems.length) throw invalid(problems[0]!, problems);
}

export async function createScheme(db: Db, ctx: RequestContext, body: CreateSchemeBody): Promise<AssessmentScheme> {
  const bureau = await findBureauOf(db, ctx.actor.unitPath);
  if (!bureau || !can(ctx.actor.role, 'assessment.manage') || !scopeContains(ctx.scope, bureau.path)) throw new AppError('FORBIDDEN', '只有教育局可以设置考核方案');
  const input = { year: body.year, name: body.name.trim(), totalPoints: body.totalPoints ?? ASSESSMENT_TOTAL_POINTS, indicators: trimmed(body.indicators as SchemeIndicator[]) };
  check(input);
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    if (await schemeYearTaken(trx, bureau.id, input.year)) throw new AppError('CONFLICT', `year: ${input.year}年度的考核方案已存在，请修改已有方案`, { domainCode: 'year_taken' });
    const newId = await insertScheme(trx, { bureauId: bureau.id, bureauPath: bureau.path, ...input, createdBy: ctx.actor.userId });
    await emit({ action: 'assessment.scheme_create', objectType: 'assessment_scheme', objectId: newId, details: { year: input.year, indicators: input.indicators.length } });
    return newId;
  });
  return toScheme(ctx, await loadScheme(db, ctx, id));
}

export async function updateSchemeOf(db: Db, ctx: RequestContext, id: string, body: UpdateSchemeBody): Promise<AssessmentScheme> {
  const s = await loadScheme(db, ctx, id);
  requireManager(ctx, s, '修改考核方案');
  const input = { year: s.year, name: (body.name ?? s.name).trim(), totalPoints: s.total_points, indicators: body.indicators ? trimmed(body.indicators as SchemeIndicator[]) : s.indicators };
  check(input);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateScheme(trx, id, body.version, { name: input.name, indicators: input.indicators }))) throw staleVersion();
    await emit({ action: 'assessment.scheme_update', objectType: 'assessment_scheme', objectId: id, details: { version: body.version + 1, indicators: input.indicators.length } });
  });
  return toScheme(ctx, await loadScheme(db, ctx, id));
}
