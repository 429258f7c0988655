import {
  HAZARD_ERROR_KINDS,
  allowedActions,
  applyAction,
  applyActionSteps,
  nextActor,
  parseFundsFen,
  requiresOverdueExplanation,
  type Hazard,
  type HazardAction,
  type HazardActionInputs,
  type HazardActor,
  type HazardFailure,
  type HazardFile,
  type HazardSuccess,
} from '@xiaoan/domain';
import type { CreateHazardBody, HazardActionBodies, HazardDetail, HazardListQuery } from '@xiaoan/contracts';
import type { Static } from 'typebox';
import type { Db, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { idempotent, runCommand } from '../../kernel/command.js';
import { emit } from '../../kernel/events.js';
import {
  findFileKindsInScope,
  findHazardById,
  findHazards,
  findReportableUnit,
  findTimeline,
  insertHazard,
  insertHazardEvent,
  projectHazard,
  type HazardOrigin,
  updateHazard,
} from './hazard.repository.js';
import { fileRefsOf, usersOf } from './hazard-refs.js';
import { hazardOrigin } from './hazard-origin.js';
import { findNextStepPeople } from './next-step.repository.js';

export type ActionName = keyof typeof HazardActionBodies;
type ActionBody<A extends ActionName> = Static<(typeof HazardActionBodies)[A]>;

/** The domain's refusal as an API error: forbidden → 403, conflict → 409, invalid → 400. */
function refusal(f: HazardFailure): AppError {
  const kind = HAZARD_ERROR_KINDS[f.code];
  const code = kind === 'forbidden' ? 'FORBIDDEN' : kind === 'conflict' ? 'CONFLICT' : 'VALIDATION_FAILED';
  return new AppError(code, f.message, { domainCode: f.code, fields: f.fields });
}

function actorOf(ctx: RequestContext): HazardActor {
  // Callers only reach a hazard (or a unit to report for) through the scope, so the actor covers it.
  return { userId: ctx.actor.userId, role: ctx.actor.role, actorCoversUnit: true };
}

function fundsFen(value: number | string, field: string): number {
  const fen = parseFundsFen(value, 'yuan');
  if (fen === null) throw invalid(`${field}: 整改资金应为不小于 0 的金额（元，最多两位小数）`, { fields: [{ field, code: 'INVALID_INPUT', message: '整改资金应为不小于 0 的金额' }] });
  return fen;
}

/** Turns file ids into domain file references, refusing any id that is missing or outside the scope. */
async function filesOf(db: Db | Trx, ctx: RequestContext, ids: readonly string[] | undefined, field: string): Promise<HazardFile[]> {
  if (!ids?.length) return [];
  const unique = [...new Set(ids)];
  const kinds = await findFileKindsInScope(db, ctx.scope, unique);
  const missing = unique.filter((id) => !kinds.has(id));
  if (missing.length) {
    throw invalid(`${field}: 文件不存在或不在您的权限范围内（${missing.join('、')}）`, { fields: [{ field, code: 'INVALID_INPUT', message: '文件不存在或不在您的权限范围内' }] });
  }
  return unique.map((id) => ({ fileId: id, kind: kinds.get(id)! }));
}

export async function listHazards(db: Db, ctx: RequestContext, query: HazardListQuery, now = new Date()) {
  return findHazards(db, ctx.scope, query, now);
}

/** A hazard with its whole record, timeline, referenced files and users, and what the caller may do now. */
export async function getHazardDetail(db: Db | Trx, ctx: RequestContext, id: string, now = new Date()): Promise<HazardDetail> {
  const found = await findHazardById(db, ctx.scope, id, now);
  if (!found) throw notFound('隐患');
  const [timeline, files, users, origin, people] = await Promise.all([
    findTimeline(db, id),
    fileRefsOf(db, found.doc),
    usersOf(db, found.doc),
    hazardOrigin(db, id),
    findNextStepPeople(db, { unitId: found.summary.unit.id, unitName: found.summary.unit.name, schoolId: found.summary.school.id }),
  ]);
  return {
    hazard: found.summary,
    record: found.doc,
    timeline,
    files,
    users,
    allowedActions: allowedActions(found.doc, actorOf(ctx), now),
    overdueExplanationRequired: requiresOverdueExplanation(found.doc, now),
    origin,
    nextStep: nextActor(found.doc, people, now),
  };
}

async function unitForHazard(db: Db | Trx, ctx: RequestContext, unitId: string) {
  const unit = await findReportableUnit(db, ctx.scope, unitId);
  if (!unit) throw notFound('学校或校区');
  return { path: unit.path, schoolId: unit.school_id };
}

async function recordEvent(trx: Trx, ctx: RequestContext, hazardId: string, r: HazardSuccess, fileIds: readonly string[]) {
  await insertHazardEvent(trx, {
    hazardId,
    actorUserId: ctx.actor.userId,
    actorRole: ctx.actor.role,
    action: r.event.action,
    from: r.event.from,
    to: r.event.to,
    comment: r.event.comment,
    changedFields: r.event.changedFields,
    fileIds,
    at: r.event.at,
  });
  await emit(trx, ctx, {
    action: `hazard.${r.event.action}`,
    objectType: 'hazard',
    objectId: hazardId,
    details: { from: r.event.from, to: r.event.to, changedFields: r.event.changedFields },
  });
}

/**
 * 上报 (and optionally 登记 in the same step, or 立行立改) inside the caller's open
 * transaction: checks the unit and files in scope, asks the domain, writes the
 * hazard, its history and audit rows; returns the new id. The entry point for every
 * feature that registers a hazard as part of its own command (a failed check item, a
 * visit finding, a recurrence found by 回头看): `origin` links it to where it came from.
 */
/**
 * `requiredDueDate` is a supervision team's deadline for a finding (督查组规定的整改期限): kept on
 * the record, it binds the school's 整改时限 at registration.
 */
export async function registerHazard(
  trx: Trx,
  ctx: RequestContext,
  body: CreateHazardBody,
  now = new Date(),
  origin?: HazardOrigin,
  requiredDueDate?: string,
): Promise<string> {
  const unit = await unitForHazard(trx, ctx, body.unitId);
  const photos = await filesOf(trx, ctx, body.photoIds, 'photoIds');
  const actor = actorOf(ctx);
  const report = {
    unitId: body.unitId,
    domain: body.domain as Hazard['domain'],
    grade: body.grade,
    source: body.source as Hazard['source'],
    title: body.title.trim(),
    description: body.description.trim(),
    location: body.location?.trim() ?? '',
    photos,
    foundAt: body.foundAt,
    foundBy: body.foundBy.trim(),
    requiredDueDate,
  };
  const steps: { result: HazardSuccess; fileIds: string[] }[] = [];
  if (body.fixedOnSpot) {
    const fixPhotos = await filesOf(trx, ctx, body.fixedOnSpot.fixPhotoIds, 'fixedOnSpot.fixPhotoIds');
    const first = applyAction(null, 'report_fixed', { ...report, fixPhotos, fixNote: body.fixedOnSpot.fixNote }, actor, now);
    if (!first.ok) throw refusal(first);
    steps.push({ result: first, fileIds: [...photos, ...fixPhotos].map((f) => f.fileId) });
  } else {
    const first = applyAction(null, 'report', report, actor, now);
    if (!first.ok) throw refusal(first);
    steps.push({ result: first, fileIds: photos.map((f) => f.fileId) });
    if (body.register) {
      const { funds, ...commitments } = body.register;
      // 登记 starts the rectification in the same step (HAZARD_FOLLOW_ONS): 登记, 开始整改.
      const registered = applyActionSteps(first.next, 'register', { ...commitments, fundsFen: fundsFen(funds, 'register.funds') }, actor, now);
      if (!registered.ok) throw refusal({ ...registered, fields: registered.fields.map((f) => ({ ...f, field: `register.${f.field}` })) });
      for (const result of registered.steps) steps.push({ result, fileIds: [] });
    }
  }
  const final = steps[steps.length - 1]!.result.next;
  const id = await insertHazard(trx, final, projectHazard(final, unit), origin);
  for (const s of steps) await recordEvent(trx, ctx, id, s.result, s.fileIds);
  return id;
}

/**
 * 挂牌督办 inside the caller's open transaction, for a feature whose own command lists the
 * hazard it just opened (a D-grade building still in use, found by the registries): the
 * caller is a supervisor whose scope covers the hazard, as the domain requires.
 */
export async function listHazardInTransaction(trx: Trx, ctx: RequestContext, id: string, reason: string, now = new Date()): Promise<void> {
  const found = await findHazardById(trx, ctx.scope, id, now);
  if (!found) throw notFound('隐患');
  const result = applyActionSteps(found.doc, 'list', { supervisingUnitId: ctx.actor.unitId, reason }, actorOf(ctx), now);
  if (!result.ok) throw refusal(result);
  const unit = await unitForHazard(trx, ctx, result.next.unitId);
  const written = await updateHazard(trx, id, { state: found.doc.state, version: found.version }, result.next, projectHazard(result.next, unit));
  if (!written) throw staleVersion();
  for (const step of result.steps) await recordEvent(trx, ctx, id, step, []);
}

/**
 * POST /api/hazards: registers one hazard as its own command. With an
 * Idempotency-Key, a retry returns the first answer and creates nothing.
 */
export async function createHazard(db: Db, ctx: RequestContext, body: CreateHazardBody, idempotencyKey?: string, now = new Date()): Promise<{ statusCode: number; detail: HazardDetail }> {
  const detail = await runCommand(db, ctx, idempotent(idempotencyKey, 'POST /api/hazards', body), async (trx) => {
    const id = await registerHazard(trx, ctx, body, now);
    return getHazardDetail(trx, ctx, id, now);
  });
  return { statusCode: 201, detail };
}

/** Builds the domain input of an action from its request body (files resolved in scope, funds in fen). */
async function inputFor(db: Db, ctx: RequestContext, action: ActionName, b: Record<string, unknown>): Promise<{ input: unknown; fileIds: string[] }> {
  const { version: _v, ...rest } = b;
  switch (action) {
    case 'register': {
      const { funds, ...r } = rest as ActionBody<'register'>;
      return { input: { ...r, fundsFen: fundsFen(funds, 'funds') }, fileIds: [] };
    }
    case 'request_verification': {
      const r = rest as ActionBody<'request_verification'>;
      const evidence = await filesOf(db, ctx, r.evidenceIds, 'evidenceIds');
      return { input: { evidence, note: r.note }, fileIds: evidence.map((f) => f.fileId) };
    }
    case 'close': {
      const r = rest as ActionBody<'close'>;
      const files = await filesOf(db, ctx, r.fileIds, 'fileIds');
      return { input: { comment: r.comment, files }, fileIds: files.map((f) => f.fileId) };
    }
    case 'edit': {
      const { addPhotoIds, funds, ...r } = rest as ActionBody<'edit'>;
      const addPhotos = await filesOf(db, ctx, addPhotoIds, 'addPhotoIds');
      const input: Record<string, unknown> = { ...r };
      if (addPhotos.length) input.addPhotos = addPhotos;
      if (funds !== undefined) input.fundsFen = fundsFen(funds, 'funds');
      return { input, fileIds: addPhotos.map((f) => f.fileId) };
    }
    case 'list': {
      const r = rest as ActionBody<'list'>;
      return { input: { supervisingUnitId: r.supervisingUnitId ?? ctx.actor.unitId, reason: r.reason }, fileIds: [] };
    }
    case 'add_progress': {
      const r = rest as ActionBody<'add_progress'>;
      const files = await filesOf(db, ctx, r.fileIds, 'fileIds');
      return { input: { milestoneIndex: r.milestoneIndex, note: r.note, done: r.done, files }, fileIds: files.map((f) => f.fileId) };
    }
    case 'reject':
    case 'start_rectification':
    case 'return':
    case 'delist':
    case 'escalate':
    case 'file_overdue_explanation':
    case 'request_extension':
    case 'approve_extension':
    case 'reject_extension':
      return { input: rest, fileIds: [] };
    default: {
      const never: never = action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}

/**
 * One transition or record action: load in scope, ask the domain, write with
 * `WHERE state = from AND version = v` (a stale version changes nothing: 409), and
 * append the history and audit rows in the same transaction.
 */
export async function actOnHazard<A extends ActionName>(
  db: Db,
  ctx: RequestContext,
  id: string,
  action: A,
  body: ActionBody<A>,
  now = new Date(),
): Promise<HazardDetail> {
  const found = await findHazardById(db, ctx.scope, id, now);
  if (!found) throw notFound('隐患');
  if (found.version !== body.version) throw staleVersion();
  const { input, fileIds } = await inputFor(db, ctx, action, body as Record<string, unknown>);
  // The action and what follows from it on its own (登记 → 开始整改), one history row each.
  const result = applyActionSteps(found.doc, action as HazardAction, input as HazardActionInputs[HazardAction], actorOf(ctx), now);
  if (!result.ok) throw refusal(result);
  const unit = await unitForHazard(db, ctx, result.next.unitId);
  return runCommand(db, ctx, {}, async (trx) => {
    const written = await updateHazard(trx, id, { state: found.doc.state, version: found.version }, result.next, projectHazard(result.next, unit));
    if (!written) throw staleVersion();
    for (const [i, step] of result.steps.entries()) await recordEvent(trx, ctx, id, step, i === 0 ? fileIds : []);
    return getHazardDetail(trx, ctx, id, now);
  });
}
