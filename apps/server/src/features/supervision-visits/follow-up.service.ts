/**
 * 回头看: hazards closed in the last N days are proposed for a follow-up check; a check that
 * finds the problem again opens a new hazard linked to the closed one (the closed record stays
 * as it was — nothing is reopened in place, so its history is never rewritten).
 */
import { shanghaiDate, addDays } from '@xiaoan/domain';
import type { CreateFollowUpBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { idempotent, runCommand, type Emit } from '../../kernel/command.js';
import { getHazardDetail, registerHazard } from '../hazards/index.js';
import { findFollowUpCandidates, findFollowUpHazard, insertFollowUp } from './visit.repository.js';

export async function followUpCandidates(db: DbOrTrx, ctx: RequestContext, q: { days?: number; schoolId?: string; includeChecked?: boolean }, now = new Date()) {
  const days = q.days ?? 30;
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await findFollowUpCandidates(db, ctx.scope, { since, schoolId: q.schoolId, includeChecked: q.includeChecked });
  const items = rows.map((r) => ({
    hazard: { id: r.id, title: r.title, domain: r.domain, location: r.location, closedAt: (r.closed_at as Date).toISOString() },
    school: { id: r.school_id, name: r.school_name },
    followUps: Number(r.follow_ups),
    lastOutcome: r.last_outcome as 'holds' | 'recurred' | null,
  }));
  return { items, total: items.length };
}

export async function recordFollowUp(db: Db, ctx: RequestContext, body: CreateFollowUpBody, idempotencyKey?: string, now = new Date()) {
  const h = await findFollowUpHazard(db, ctx.scope, body.hazardId);
  if (!h) throw notFound('隐患');
  if (h.state !== 'closed') throw new AppError('CONFLICT', '只有已销号的隐患才需要回头看');
  const today = shanghaiDate(now);
  const checkedOn = body.checkedOn ?? today;
  if (checkedOn > today || checkedOn < addDays(today, -14)) throw invalid('检查日期应在最近 14 天内', { fields: [{ field: 'checkedOn', code: 'INVALID_INPUT', message: '检查日期应在最近 14 天内' }] });
  if (body.outcome === 'recurred' && !body.note.trim()) throw invalid('发现问题复发时，请写明现场情况', { fields: [{ field: 'note', code: 'INVALID_INPUT', message: '请写明现场情况' }] });
  const followUp = async (trx: Trx, emit: Emit, newHazardId: string | null) => {
    const id = await insertFollowUp(trx, {
      hazard_id: h.id,
      school_path: h.school_path,
      checked_on: checkedOn,
      outcome: body.outcome,
      note: body.note.trim(),
      photo_ids: body.photoIds ?? [],
      new_hazard_id: newHazardId,
      inspector_user_id: ctx.actor.userId,
    });
    await emit({ action: 'hazard.follow_up', objectType: 'hazard', objectId: h.id, details: { outcome: body.outcome, newHazardId, followUpId: id } });
    return id;
  };
  if (body.outcome === 'holds') {
    const id = await runCommand(db, ctx, {}, (trx, emit) => followUp(trx, emit, null));
    return { statusCode: 201, result: { id, hazardId: h.id, outcome: body.outcome, checkedOn, newHazardId: null } };
  }
  const recurrence = {
    unitId: h.unit_id,
    domain: h.domain as never,
    grade: h.grade,
    source: 'follow_up' as const,
    title: `（复发）${h.title}`.slice(0, 200),
    description: `回头看发现已销号隐患（#${h.id}）的问题再次出现：${body.note.trim()}\n原隐患描述：${h.description}`.slice(0, 4000),
    location: h.location,
    photoIds: body.photoIds ?? [],
    foundAt: checkedOn,
    foundBy: ctx.actor.displayName,
  };
  // The stored answer is the new hazard's detail, as before the kernel: keys stored then still replay.
  // (A replay therefore has no follow-up id to give: it answers an empty one, as it always did.)
  let followUpId = '';
  const detail = await runCommand(db, ctx, idempotent(idempotencyKey, 'POST /api/follow-ups', recurrence), async (trx, emit) => {
    const hazardId = await registerHazard(trx, ctx, recurrence, now, { recurrence_of_id: h.id });
    followUpId = await followUp(trx, emit, hazardId);
    return getHazardDetail(trx, ctx, hazardId, now);
  });
  const newHazardId = detail.hazard.id;
  return { statusCode: 201, result: { id: followUpId, hazardId: h.id, outcome: body.outcome, checkedOn, newHazardId } };
}
