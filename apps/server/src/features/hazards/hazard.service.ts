import {
  HAZARD_ERROR_KINDS,
  allowedActions,
  applyAction,
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
import { recordAudit } from '../audit/audit.repository.js';
import { findIdempotentResponse, requestHash, saveIdempotentResponse } from '../idempotency/idempotency.repository.js';
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
  const [timeline, files, users, origin] = await Promise.all([findTimeline(db, id), fileRefsOf(db, found.doc), usersOf(db, found.doc), hazardOrigin(db, id)]);
  return {
    hazard: found.summary,
    record: found.doc,
    timeline,
    files,
    users,
    allowedActions: allowedActions(found.doc, actorOf(ctx), now),
    overdueExplanationRequired: requiresOverdueExplanation(found.doc, now),
    origin,
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
  await recordAudit(trx, ctx, {
    action: `hazard.${r.event.action}`,
    objectType: 'hazard',
    objectId: hazardId,
    details: { from: r.event.from, to: r.event.to, changedFields: r.event.changedFields },
  });
}

/**
 * 上报 (and optionally 登记 in the same step, or 立行立改): creates the hazard, its
 * history and the audit entry in one transaction. With an Idempotency-Key, a retry
 * returns the first answer and creates nothing.
 */
export async function createHazard(
  db: Db,
  ctx: RequestContext,
  body: CreateHazardBody,
  idempotencyKey?: string,
  now = new Date(),
  origin: { columns?: HazardOrigin; route?: string; after?: (trx: Trx, hazardId: string) => Promise<void> } = {},
): Promise<{ statusCode: number; detail: HazardDetail }> {
  const route = origin.route ?? 'POST /api/hazards';
  const hash = requestHash(body);
  if (idempotencyKey) {
    const prior = await findIdempotentResponse(db, ctx.actor.userId, idempotencyKey, route, hash);
    if (prior) return { statusCode: prior.statusCode, detail: prior.response as HazardDetail };
  }
  const unit = await unitForHazard(db, ctx, body.unitId);
  const photos = await filesOf(db, ctx, body.photoIds, 'photoIds');
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
  };
  const steps: { result: HazardSuccess; fileIds: string[] }[] = [];
  let first;
  if (body.fixedOnSpot) {
    const fixPhotos = await filesOf(db, ctx, body.fixedOnSpot.fixPhotoIds, 'fixedOnSpot.fixPhotoIds');
    first = applyAction(null, 'report_fixed', { ...report, fixPhotos, fixNote: body.fixedOnSpot.fixNote }, actor, now);
    if (!first.ok) throw refusal(first);
    steps.push({ result: first, fileIds: [...photos, ...fixPhotos].map((f) => f.fileId) });
  } else {
    first = applyAction(null, 'report', report, actor, now);
    if (!first.ok) throw refusal(first);
    steps.push({ result: first, fileIds: photos.map((f) => f.fileId) });
    if (body.register) {
      const r = body.register;
      const { funds, ...commitments } = r;
      const registered = applyAction(first.next, 'register', { ...commitments, fundsFen: fundsFen(funds, 'register.funds') }, actor, now);
      if (!registered.ok) throw refusal({ ...registered, fields: registered.fields.map((f) => ({ ...f, field: `register.${f.field}` })) });
      steps.push({ result: registered, fileIds: [] });
    }
  }
  const final = steps[steps.length - 1]!.result.next;
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertHazard(trx, final, projectHazard(final, unit), origin.columns);
      for (const s of steps) await recordEvent(trx, ctx, id, s.result, s.fileIds);
      if (origin.after) await origin.after(trx, id);
      const detail = await getHazardDetail(trx, ctx, id, now);
      if (idempotencyKey) await saveIdempotentResponse(trx, ctx.actor.userId, idempotencyKey, route, hash, { statusCode: 201, response: detail });
      return { statusCode: 201, detail };
    });
  } catch (e) {
    // A concurrent retry with the same key committed first: answer what it answered.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const prior = await findIdempotentResponse(db, ctx.actor.userId, idempotencyKey, route, hash);
      if (prior) return { statusCode: prior.statusCode, detail: prior.response as HazardDetail };
    }
    throw e;
  }
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
  const result = applyAction(found.doc, action as HazardAction, input as HazardActionInputs[HazardAction], actorOf(ctx), now);
  if (!result.ok) throw refusal(result);
  const unit = await unitForHazard(db, ctx, result.next.unitId);
  return db.transaction().execute(async (trx) => {
    const written = await updateHazard(trx, id, { state: found.doc.state, version: found.version }, result.next, projectHazard(result.next, unit));
    if (!written) throw staleVersion();
    await recordEvent(trx, ctx, id, result, fileIds);
    return getHazardDetail(trx, ctx, id, now);
  });
}
