import {
  DEFAULT_RISK_MATRIX,
  HAZARD_DOMAINS,
  REASSESS_HAZARD_THRESHOLD,
  RISK_LEVEL_COLOURS,
  assessRisk,
  isReviewDue,
  matrixIssues,
  mayReassess,
  needsReassessment,
  relevel,
  riskAllowedActions,
  riskInputIssues,
  shanghaiDate,
  type RiskFieldIssue,
  type RiskLevel,
  type RiskMatrixRanges,
  type RiskRange,
  type RiskTier,
} from '@xiaoan/domain';
import type {
  CreateRiskBody,
  HazardRiskLink,
  LinkHazardRiskBody,
  PutRiskMatrixBody,
  ReassessRiskBody,
  RetireRiskBody,
  Risk,
  RiskDetail,
  RiskListQuery,
  RiskMatrix,
  RiskMatrixResult,
  UpdateRiskBody,
} from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import {
  findFileOfSchool,
  findHazardForLink,
  findMatrix,
  findPointOfSchool,
  findRiskAssessments,
  findRiskHazards,
  findRiskInScope,
  findRiskMeasures,
  findRisks,
  insertAssessment,
  insertRisk,
  lockMatrix,
  lockRisksOfBureau,
  replaceRiskMeasures,
  saveMatrix,
  setHazardRisk,
  setRiskLevels,
  updateRisk as updateRiskRow,
  type RiskRow,
} from './risk.repository.js';

/** The bureau a unit path belongs to: the root of the path. */
const bureauOf = (path: string) => path.split('.')[0]!;

/** One answer for every bad field: `field: reason；…`, each issue also in details.fields. */
function refuse(issues: readonly RiskFieldIssue[]): AppError {
  return invalid(issues.map((i) => `${i.field}: ${i.message}`).join('；'), { fields: issues.map((i) => ({ field: i.field, code: 'INVALID_INPUT', message: i.message })) });
}

function toRisk(r: RiskRow, today: string): Risk {
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    pointId: r.point_id,
    pointName: r.point_name,
    name: r.name,
    description: r.description,
    domain: r.domain as Risk['domain'],
    consequences: r.consequences,
    likelihood: r.likelihood,
    severity: r.severity,
    score: r.score,
    level: r.level,
    colour: RISK_LEVEL_COLOURS[r.level],
    residualLikelihood: r.residual_likelihood,
    residualSeverity: r.residual_severity,
    residualScore: r.residual_score,
    residualLevel: r.residual_level,
    residualColour: r.residual_level ? RISK_LEVEL_COLOURS[r.residual_level] : null,
    reviewOn: r.review_on,
    reviewDue: r.status === 'active' && isReviewDue(r.review_on, today),
    reassessmentFlag: r.status === 'active' && needsReassessment(r.recent_hazard_count),
    hazardCount: r.hazard_count,
    status: r.status,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The matrix in force for a bureau: its saved ranges, or the default thresholds. */
async function matrixOf(db: DbOrTrx, bureauId: string): Promise<RiskMatrixRanges> {
  return (await findMatrix(db, bureauId))?.ranges ?? DEFAULT_RISK_MATRIX;
}

export async function listRisks(db: DbOrTrx, ctx: RequestContext, q: RiskListQuery, now = new Date()): Promise<{ items: Risk[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findRisks(db, ctx.scope, q, today, REASSESS_HAZARD_THRESHOLD, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map((r) => toRisk(r, today)), total };
}

async function loadRisk(db: DbOrTrx, ctx: RequestContext, id: string, today: string): Promise<RiskRow> {
  const row = await findRiskInScope(db, ctx.scope, id, today);
  if (!row) throw notFound('风险');
  return row;
}

export async function getRisk(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<RiskDetail> {
  const today = shanghaiDate(now);
  const row = await loadRisk(db, ctx, id, today);
  const [measures, assessments, hazards] = await Promise.all([findRiskMeasures(db, id), findRiskAssessments(db, id), findRiskHazards(db, ctx.scope, id)]);
  return {
    ...toRisk(row, today),
    measures,
    responsePlan: row.response_plan,
    emergencyPlan: row.emergency_plan_title ? { title: row.emergency_plan_title, fileId: row.emergency_plan_file_id } : null,
    assessments: assessments.map((a) => ({
      id: a.id,
      likelihood: a.likelihood,
      severity: a.severity,
      score: a.score,
      level: a.level,
      colour: RISK_LEVEL_COLOURS[a.level],
      residualLikelihood: a.residual_likelihood,
      residualSeverity: a.residual_severity,
      residualScore: a.residual_score,
      residualLevel: a.residual_level,
      reason: a.reason,
      by: a.actor_name ?? '',
      at: a.at.toISOString(),
    })),
    hazards: hazards.map((h) => ({ id: h.id, code: `#${h.id}`, title: h.title, state: h.state })),
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    allowedActions: riskAllowedActions(ctx.actor.role, row.status),
  };
}

type Fields = Omit<CreateRiskBody, 'schoolId'>;
type Assessed = { likelihood: number; severity: number; score: number; level: RiskLevel; residual_likelihood: number | null; residual_severity: number | null; residual_score: number | null; residual_level: RiskLevel | null };

/** L×S and the residual L×S levelled under the matrix (factors already validated). */
function assessed(matrix: RiskMatrixRanges, l: number, s: number, rl: number | null, rs: number | null): Assessed {
  const a = assessRisk(l, s, matrix);
  const r = rl != null && rs != null ? assessRisk(rl, rs, matrix) : null;
  return { likelihood: l, severity: s, score: a.score, level: a.level, residual_likelihood: r ? rl : null, residual_severity: r ? rs : null, residual_score: r?.score ?? null, residual_level: r?.level ?? null };
}

/** The risk's fields checked against its school (point, uploaded plan) and ready to store, or a 400 naming every bad field. */
async function checkFields(db: DbOrTrx, ctx: RequestContext, school: { id: string; path: string }, b: Fields, matrix: RiskMatrixRanges) {
  const measures = b.measures
    .map((m) => ({ description: m.description.trim(), tier: m.tier, department: m.department.trim(), person: m.person.trim() }))
    .filter((m) => m.description || m.department || m.person);
  const issues = riskInputIssues({
    name: b.name,
    description: b.description,
    domain: b.domain,
    likelihood: b.likelihood,
    severity: b.severity,
    residualLikelihood: b.residualLikelihood,
    residualSeverity: b.residualSeverity,
    measures,
  });
  if (!(HAZARD_DOMAINS as readonly string[]).includes(b.domain)) issues.push({ field: 'domain', message: '风险类别不正确' });
  if (b.pointId && !(await findPointOfSchool(db, ctx.scope, b.pointId, school.id))) issues.push({ field: 'pointId', message: '检查点位不存在、已停用或不属于该学校' });
  const plan = b.emergencyPlan;
  if (plan && !plan.title.trim()) issues.push({ field: 'emergencyPlan.title', message: '请填写应急预案名称' });
  if (plan?.fileId && !(await findFileOfSchool(db, ctx.scope, plan.fileId, school.path))) issues.push({ field: 'emergencyPlan.fileId', message: '预案文件不存在或不属于该学校' });
  if (issues.length > 0) throw refuse(issues);
  const a = assessed(matrix, b.likelihood, b.severity, b.residualLikelihood, b.residualSeverity);
  return {
    assessed: a,
    measures: measures as { description: string; tier: RiskTier; department: string; person: string }[],
    values: {
      point_id: b.pointId,
      name: b.name.trim(),
      description: b.description.trim(),
      domain: b.domain,
      consequences: b.consequences.trim(),
      ...a,
      response_plan: b.responsePlan.trim(),
      emergency_plan_title: plan ? plan.title.trim() : null,
      emergency_plan_file_id: plan?.fileId ?? null,
      review_on: b.reviewOn,
    },
  };
}

const assessmentOf = (a: Assessed) => ({ ...a });

export async function createRisk(db: Db, ctx: RequestContext, body: CreateRiskBody, now = new Date()): Promise<RiskDetail> {
  const schoolId = body.schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  const school = schoolId ? await findSchoolInScope(db, ctx.scope, schoolId) : undefined;
  if (!school) throw refuse([{ field: 'schoolId', message: '学校不存在或不在您的权限范围内' }]);
  const matrix = await matrixOf(db, bureauOf(school.path));
  const { values, measures, assessed: a } = await checkFields(db, ctx, school, body, matrix);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertRisk(trx, { ...values, unit_id: school.id, unit_path: school.path, created_by: ctx.actor.userId });
    await replaceRiskMeasures(trx, id, measures);
    await insertAssessment(trx, id, ctx.actor.userId, { kind: 'initial', ...assessmentOf(a), reason: '首次评估' });
    await emit({ action: 'risk.create', objectType: 'risk', objectId: id, details: { schoolId: school.id, pointId: values.point_id, score: a.score, level: a.level } });
    return getRisk(trx, ctx, id, now);
  });
}

const sameAssessment = (r: RiskRow, a: Assessed) =>
  r.likelihood === a.likelihood && r.severity === a.severity && r.residual_likelihood === a.residual_likelihood && r.residual_severity === a.residual_severity;

function mustBeActive(ctx: RequestContext, row: RiskRow) {
  if (!mayReassess(ctx.actor.role, row.status)) throw new AppError('CONFLICT', '已销号的风险不能再修改');
}

export async function updateRisk(db: Db, ctx: RequestContext, id: string, body: UpdateRiskBody, now = new Date()): Promise<RiskDetail> {
  const today = shanghaiDate(now);
  const row = await loadRisk(db, ctx, id, today);
  if (row.version !== body.version) throw staleVersion();
  mustBeActive(ctx, row);
  const matrix = await matrixOf(db, bureauOf(row.unit_path));
  const { values, measures, assessed: a } = await checkFields(db, ctx, { id: row.unit_id, path: row.unit_path }, body, matrix);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateRiskRow(trx, id, body.version, values))) throw staleVersion();
    await replaceRiskMeasures(trx, id, measures);
    const changed = !sameAssessment(row, a);
    if (changed) await insertAssessment(trx, id, ctx.actor.userId, { kind: 'edit', ...assessmentOf(a), reason: body.reason?.trim() || '修改风险信息时调整评估' });
    await emit({ action: 'risk.update', objectType: 'risk', objectId: id, details: { score: a.score, level: a.level, assessmentChanged: changed, measures: measures.length } });
    return getRisk(trx, ctx, id, now);
  });
}

/** 重新评估: new L×S (and residual) with the reason, one history row; optionally the next review date. */
export async function reassessRisk(db: Db, ctx: RequestContext, id: string, body: ReassessRiskBody, now = new Date()): Promise<RiskDetail> {
  const today = shanghaiDate(now);
  const row = await loadRisk(db, ctx, id, today);
  if (row.version !== body.version) throw staleVersion();
  mustBeActive(ctx, row);
  const issues = riskInputIssues({
    name: row.name,
    description: row.description,
    domain: row.domain,
    likelihood: body.likelihood,
    severity: body.severity,
    residualLikelihood: body.residualLikelihood,
    residualSeverity: body.residualSeverity,
    measures: [],
  });
  if (!body.reason.trim()) issues.push({ field: 'reason', message: '请填写重新评估的原因' });
  if (issues.length > 0) throw refuse(issues);
  const a = assessed(await matrixOf(db, bureauOf(row.unit_path)), body.likelihood, body.severity, body.residualLikelihood, body.residualSeverity);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const ok = await updateRiskRow(trx, id, body.version, { ...a, ...(body.reviewOn !== undefined ? { review_on: body.reviewOn } : {}) });
    if (!ok) throw staleVersion();
    await insertAssessment(trx, id, ctx.actor.userId, { kind: 'reassess', ...assessmentOf(a), reason: body.reason.trim() });
    await emit({ action: 'risk.reassess', objectType: 'risk', objectId: id, details: { from: { score: row.score, level: row.level }, to: { score: a.score, level: a.level }, reason: body.reason.trim() } });
    return getRisk(trx, ctx, id, now);
  });
}

/** 销号: the risk no longer exists (the point was removed, the activity ended); kept with its history. */
export async function retireRisk(db: Db, ctx: RequestContext, id: string, body: RetireRiskBody, now = new Date()): Promise<RiskDetail> {
  const today = shanghaiDate(now);
  const row = await loadRisk(db, ctx, id, today);
  if (row.version !== body.version) throw staleVersion();
  mustBeActive(ctx, row);
  const reason = body.reason.trim();
  if (!reason) throw refuse([{ field: 'reason', message: '请填写销号原因' }]);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await updateRiskRow(trx, id, body.version, { status: 'retired', retired_reason: reason }))) throw staleVersion();
    await insertAssessment(trx, id, ctx.actor.userId, {
      kind: 'retire',
      likelihood: row.likelihood,
      severity: row.severity,
      score: row.score,
      level: row.level,
      residual_likelihood: row.residual_likelihood,
      residual_severity: row.residual_severity,
      residual_score: row.residual_score,
      residual_level: row.residual_level,
      reason: `销号：${reason}`,
    });
    await emit({ action: 'risk.retire', objectType: 'risk', objectId: id, details: { reason } });
    return getRisk(trx, ctx, id, now);
  });
}

/** The matrix in force for the caller's bureau (the default thresholds, version 0, until the bureau saves one). */
export async function getRiskMatrix(db: DbOrTrx, ctx: RequestContext): Promise<RiskMatrix> {
  const bureauId = bureauOf(ctx.actor.unitPath);
  const m = await findMatrix(db, bureauId);
  return m
    ? { bureauId, ranges: sortRanges(m.ranges), version: m.version, updatedAt: m.updated_at.toISOString() }
    : { bureauId, ranges: sortRanges(DEFAULT_RISK_MATRIX), version: 0, updatedAt: null };
}

const ORDER: Record<RiskLevel, number> = { major: 0, significant: 1, general: 2, low: 3 };
const sortRanges = (r: readonly RiskRange[]) => [...r].sort((a, b) => ORDER[a.level] - ORDER[b.level]).map((x) => ({ level: x.level, min: x.min, max: x.max }));

/**
 * The bureau sets its thresholds: the ranges are validated (no overlap, no gap, 1–25 covered),
 * and every risk of its schools is re-levelled in the same transaction, each change with a
 * history row saying why ("阈值调整：较大风险 12→10；分值 10：一般风险→较大风险").
 */
export async function putRiskMatrix(db: Db, ctx: RequestContext, body: PutRiskMatrixBody): Promise<RiskMatrixResult> {
  const issues = matrixIssues(body.ranges);
  if (issues.length > 0) throw refuse(issues);
  const ranges = sortRanges(body.ranges as RiskRange[]);
  const bureauId = bureauOf(ctx.actor.unitPath);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const current = await lockMatrix(trx, bureauId);
    if ((current?.version ?? 0) !== body.version) throw staleVersion();
    const before = current?.ranges ?? DEFAULT_RISK_MATRIX;
    if (!(await saveMatrix(trx, bureauId, body.version, ranges, ctx.actor.userId))) throw staleVersion();
    const risks = await lockRisksOfBureau(trx, bureauId);
    const byId = new Map(risks.map((r) => [r.id, r]));
    const changes = relevel(
      risks.map((r) => ({ id: r.id, score: r.score, level: r.level, residualScore: r.residual_score, residualLevel: r.residual_level })),
      before,
      ranges,
    );
    for (const c of changes) {
      const r = byId.get(c.id)!;
      await setRiskLevels(trx, c.id, c.to, c.residualTo);
      await insertAssessment(trx, c.id, ctx.actor.userId, {
        kind: 'relevel',
        likelihood: r.likelihood,
        severity: r.severity,
        score: r.score,
        level: c.to,
        residual_likelihood: r.residual_likelihood,
        residual_severity: r.residual_severity,
        residual_score: r.residual_score,
        residual_level: c.residualTo,
        reason: c.reason,
      });
    }
    await emit({ action: 'risk.matrix_update', objectType: 'risk_matrix', objectId: bureauId, details: { before, after: ranges, relevelled: changes.length } });
    const saved = await getRiskMatrix(trx, ctx);
    return { ...saved, relevelled: changes.map((c) => ({ id: c.id, name: byId.get(c.id)!.name, from: c.from, to: c.to, reason: c.reason })) };
  });
}

/** A hazard names the risk it realises (an active risk of the same school), or the link is cleared. */
export async function linkHazardRisk(db: Db, ctx: RequestContext, hazardId: string, body: LinkHazardRiskBody, now = new Date()): Promise<HazardRiskLink> {
  const today = shanghaiDate(now);
  const hazard = await findHazardForLink(db, ctx.scope, hazardId);
  if (!hazard) throw notFound('隐患');
  if (body.version !== undefined && body.version !== hazard.version) throw staleVersion();
  const risk = body.riskId ? await findRiskInScope(db, ctx.scope, body.riskId, today) : null;
  if (body.riskId && !risk) throw refuse([{ field: 'riskId', message: '风险不存在或不在您的权限范围内' }]);
  if (risk && risk.unit_id !== hazard.school_id) throw refuse([{ field: 'riskId', message: `风险“${risk.name}”属于${risk.school_name}，只能关联本校的风险` }]);
  if (risk && risk.status !== 'active') throw refuse([{ field: 'riskId', message: `风险“${risk.name}”已销号，不能再关联隐患` }]);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    if (!(await setHazardRisk(trx, hazard, risk ? { id: risk.id, name: risk.name } : null, body.version, ctx.actor))) throw staleVersion();
    await emit({ action: 'risk.link_hazard', objectType: 'hazard', objectId: hazardId, details: { riskId: risk?.id ?? null, previousRiskId: hazard.risk_id } });
    return {
      hazardId,
      risk: risk ? { id: risk.id, name: risk.name, level: risk.level, colour: RISK_LEVEL_COLOURS[risk.level] } : null,
    };
  });
}
