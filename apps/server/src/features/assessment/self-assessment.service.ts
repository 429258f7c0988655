/**
 * The standardisation self-assessment (标准化创建): the school admin fills in its self-score and a
 * note per indicator of the scheme (seeing the platform's figure beside it on its card), saves,
 * submits; the bureau accepts it or returns it with a comment. The final score is the bureau's
 * figure (scoring.service.ts): the self-score is shown beside it, never added in.
 */
import { can, roundPoints, selfAssessmentActions, selfScoreProblems, type SelfAssessmentState } from '@xiaoan/domain';
import type { ReviewBody, SaveSelfBody, SelfAssessment, SelfAssessmentList } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import type { SelfAssessmentItem } from '../../db/schema-assessment.js';
import {
  findSchools,
  findSelfAssessment,
  findSelfAssessmentOf,
  findSelfAssessments,
  insertSelfAssessment,
  updateSelfAssessment,
  type SchemeRow,
  type SelfRow,
} from './assessment.repository.js';
import { isBureauOf, loadScheme, requireManager } from './assessment.service.js';

function whoFor(ctx: RequestContext, s: SchemeRow, a: { school_id: string }): 'school' | 'bureau' | 'other' {
  if (can(ctx.actor.role, 'assessment.self') && ctx.actor.unitId === a.school_id) return 'school';
  if (can(ctx.actor.role, 'assessment.manage') && isBureauOf(ctx, s)) return 'bureau';
  return 'other';
}

export function toSelfAssessment(ctx: RequestContext, s: SchemeRow, a: SelfRow): SelfAssessment {
  return {
    id: a.id,
    schemeId: a.scheme_id,
    school: { id: a.school_id, name: a.school_name },
    state: a.state,
    items: a.items,
    selfTotal: roundPoints(a.items.reduce((x, i) => x + i.selfScore, 0)),
    submittedAt: a.submitted_at?.toISOString() ?? null,
    reviewedAt: a.reviewed_at?.toISOString() ?? null,
    reviewComment: a.review_comment,
    version: a.version,
    updatedAt: a.updated_at.toISOString(),
    allowedActions: selfAssessmentActions(a.state, whoFor(ctx, s, a)),
  };
}

/** The items checked against the scheme: every key one of its indicators, each once, each score within its weight. */
function checkedItems(s: SchemeRow, items: SaveSelfBody['items']): SelfAssessmentItem[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  items.forEach((it, i) => {
    const ind = s.indicators.find((x) => x.key === it.indicatorKey);
    if (!ind) problems.push(`items[${i}].indicatorKey: 方案中没有“${it.indicatorKey}”这项指标`);
    else problems.push(...selfScoreProblems(ind.weight, it.selfScore, `items[${i}].selfScore`));
    if (seen.has(it.indicatorKey)) problems.push(`items[${i}].indicatorKey: 指标重复`);
    seen.add(it.indicatorKey);
  });
  if (problems.length) throw invalid(problems[0]!, problems);
  // In the scheme's order.
  const order = new Map(s.indicators.map((x, i) => [x.key, i]));
  return items.map((it) => ({ indicatorKey: it.indicatorKey, selfScore: roundPoints(it.selfScore), note: it.note.trim() })).sort((a, b) => order.get(a.indicatorKey)! - order.get(b.indicatorKey)!);
}

/** The caller's own school (a school admin's unit), in scope and of the scheme's bureau. */
async function ownSchool(db: DbOrTrx, ctx: RequestContext, s: SchemeRow) {
  const [school] = await findSchools(db, ctx.scope, s.bureau_unit_path, ctx.actor.unitId);
  if (!school) throw new AppError('FORBIDDEN', '只有学校管理员可以填写本校的标准化自评');
  return school;
}

/** Saves the school's draft (creating it on the first save). A submitted or accepted one is not edited (409). */
export async function saveSelf(db: Db, ctx: RequestContext, schemeId: string, body: SaveSelfBody): Promise<SelfAssessment> {
  const s = await loadScheme(db, ctx, schemeId);
  const school = await ownSchool(db, ctx, s);
  const items = checkedItems(s, body.items);
  const id = await runCommand(db, ctx, {}, async (trx, emit) => {
    const existing = await findSelfAssessmentOf(trx, ctx.scope, s.id, school.id);
    let rowId: string;
    if (!existing) {
      rowId = await insertSelfAssessment(trx, { schemeId: s.id, schoolId: school.id, schoolPath: school.path, items, savedBy: ctx.actor.userId });
      if (!rowId) throw staleVersion();
    } else {
      if (!selfAssessmentActions(existing.state, 'school').includes('save')) throw new AppError('CONFLICT', '自评已提交，等待教育局审核，不能修改', { domainCode: 'not_editable' });
      if (body.version === undefined) throw invalid('version: 请填写当前版本号', ['version: 必填']);
      if (!(await updateSelfAssessment(trx, existing.id, body.version, { items, savedBy: ctx.actor.userId }))) throw staleVersion();
      rowId = existing.id;
    }
    await emit({ action: 'assessment.self_save', objectType: 'self_assessment', objectId: rowId, details: { schemeId: s.id, items: items.length } });
    return rowId;
  });
  return getSelfOf(db, ctx, s, id);
}

/** Submits the school's self-assessment: every indicator must have a self-score. */
export async function submitSelf(db: Db, ctx: RequestContext, schemeId: string, version: number): Promise<SelfAssessment> {
  const s = await loadScheme(db, ctx, schemeId);
  const school = await ownSchool(db, ctx, s);
  const a = await findSelfAssessmentOf(db, ctx.scope, s.id, school.id);
  if (!a) throw new AppError('CONFLICT', '请先填写并保存自评', { domainCode: 'no_draft' });
  if (!selfAssessmentActions(a.state, 'school').includes('submit')) throw new AppError('CONFLICT', '自评已提交，等待教育局审核', { domainCode: 'not_submittable' });
  const missing = s.indicators.filter((i) => !a.items.some((x) => x.indicatorKey === i.key));
  if (missing.length) throw invalid(`items: 还有 ${missing.length} 项未自评：${missing.map((i) => i.name).join('、')}`, missing.map((i) => `items: ${i.key} 未自评`));
  await runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateSelfAssessment(trx, a.id, version, { state: 'submitted', submittedBy: ctx.actor.userId }))) throw staleVersion();
    await emit({ action: 'assessment.self_submit', objectType: 'self_assessment', objectId: a.id, details: { schemeId: s.id, selfTotal: roundPoints(a.items.reduce((x, i) => x + i.selfScore, 0)) } });
  });
  return getSelfOf(db, ctx, s, a.id);
}

async function getSelfOf(db: DbOrTrx, ctx: RequestContext, s: SchemeRow, id: string): Promise<SelfAssessment> {
  const a = await findSelfAssessment(db, ctx.scope, id);
  if (!a) throw notFound('自评');
  return toSelfAssessment(ctx, s, a);
}

/** A self-assessment in scope with its scheme. */
async function loadSelf(db: DbOrTrx, ctx: RequestContext, id: string): Promise<{ s: SchemeRow; a: SelfRow }> {
  const a = await findSelfAssessment(db, ctx.scope, id);
  if (!a) throw notFound('自评');
  return { s: await loadScheme(db, ctx, a.scheme_id), a };
}

export async function getSelf(db: DbOrTrx, ctx: RequestContext, id: string): Promise<SelfAssessment> {
  const { s, a } = await loadSelf(db, ctx, id);
  return toSelfAssessment(ctx, s, a);
}

export async function listSelf(db: DbOrTrx, ctx: RequestContext, schemeId: string, state?: SelfAssessmentState): Promise<SelfAssessmentList> {
  const s = await loadScheme(db, ctx, schemeId);
  const items = (await findSelfAssessments(db, ctx.scope, s.id, state)).map((a) => toSelfAssessment(ctx, s, a));
  return { items, total: items.length };
}

/** The bureau accepts (comment optional) or returns (comment required) a submitted self-assessment. */
export async function reviewSelf(db: Db, ctx: RequestContext, id: string, decision: 'accept' | 'return', body: ReviewBody): Promise<SelfAssessment> {
  const { s, a } = await loadSelf(db, ctx, id);
  requireManager(ctx, s, '审核标准化自评');
  const comment = (body.comment ?? '').trim();
  if (decision === 'return' && !comment) throw invalid('comment: 退回须填写意见', ['comment: 必填']);
  if (!selfAssessmentActions(a.state, 'bureau').includes(decision)) throw new AppError('CONFLICT', a.state === 'accepted' ? '该自评已审核通过' : '该自评尚未提交或已退回', { domainCode: 'not_reviewable' });
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = await updateSelfAssessment(trx, a.id, body.version, { state: decision === 'accept' ? 'accepted' : 'returned', reviewedBy: ctx.actor.userId, reviewComment: comment || null });
    if (!ok) throw staleVersion();
    await emit({ action: decision === 'accept' ? 'assessment.self_accept' : 'assessment.self_return', objectType: 'self_assessment', objectId: a.id, details: { schemeId: s.id, schoolId: a.school_id, ...(comment ? { comment } : {}) } });
  });
  return getSelf(db, ctx, id);
}
