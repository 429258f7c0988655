/**
 * 回头看: hazards closed in the last N days are proposed for a follow-up check; a check that
 * finds the problem again opens a new hazard linked to the closed one (the closed record stays
 * as it was — nothing is reopened in place, so its history is never rewritten).
 */
import { sql } from 'kysely';
import { shanghaiDate, addDays } from '@xiaoan/domain';
import type { CreateFollowUpBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { inScope } from '../../db/scope.js';
import { createHazard } from '../hazards/hazard.service.js';

export async function followUpCandidates(db: DbOrTrx, ctx: RequestContext, q: { days?: number; schoolId?: string; includeChecked?: boolean }, now = new Date()) {
  const days = q.days ?? 30;
  const since = new Date(now.getTime() - days * 86_400_000);
  let query = db
    .selectFrom('hazard as h')
    .innerJoin('unit as s', 's.id', 'h.school_id')
    .select([
      'h.id',
      'h.title',
      'h.domain',
      'h.location',
      'h.closed_at',
      'h.school_id',
      's.name as school_name',
      sql<string>`(SELECT count(*) FROM hazard_follow_up f WHERE f.hazard_id = h.id)`.as('follow_ups'),
      sql<string | null>`(SELECT f.outcome FROM hazard_follow_up f WHERE f.hazard_id = h.id ORDER BY f.id DESC LIMIT 1)`.as('last_outcome'),
    ])
    .where('h.state', '=', 'closed')
    .where('h.closed_at', '>=', since)
    .where(inScope('h.unit_path', ctx.scope));
  if (q.schoolId) query = query.where('h.school_id', '=', q.schoolId);
  if (!q.includeChecked) query = query.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM hazard_follow_up f WHERE f.hazard_id = h.id)`);
  const rows = await query.orderBy('h.closed_at', 'desc').limit(500).execute();
  const items = rows.map((r) => ({
    hazard: { id: r.id, title: r.title, domain: r.domain, location: r.location, closedAt: (r.closed_at as Date).toISOString() },
    school: { id: r.school_id, name: r.school_name },
    followUps: Number(r.follow_ups),
    lastOutcome: r.last_outcome as 'holds' | 'recurred' | null,
  }));
  return { items, total: items.length };
}

export async function recordFollowUp(db: Db, ctx: RequestContext, body: CreateFollowUpBody, idempotencyKey?: string, now = new Date()) {
  const h = await db
    .selectFrom('hazard')
    .select(['id', 'state', 'title', 'description', 'domain', 'grade', 'location', 'unit_id', sql<string>`unit_path::text`.as('unit_path'), sql<string>`(SELECT path::text FROM unit WHERE id = hazard.school_id)`.as('school_path')])
    .where('id', '=', body.hazardId)
    .where(inScope('unit_path', ctx.scope))
    .executeTakeFirst();
  if (!h) throw notFound('隐患');
  if (h.state !== 'closed') throw new AppError('CONFLICT', '只有已销号的隐患才需要回头看');
  const today = shanghaiDate(now);
  const checkedOn = body.checkedOn ?? today;
  if (checkedOn > today || checkedOn < addDays(today, -14)) throw invalid('检查日期应在最近 14 天内', { fields: [{ field: 'checkedOn', code: 'INVALID_INPUT', message: '检查日期应在最近 14 天内' }] });
  if (body.outcome === 'recurred' && !body.note.trim()) throw invalid('发现问题复发时，请写明现场情况', { fields: [{ field: 'note', code: 'INVALID_INPUT', message: '请写明现场情况' }] });
  const insertFollowUp = async (trx: DbOrTrx, newHazardId: string | null) => {
    const f = await trx
      .insertInto('hazard_follow_up')
      .values({
        hazard_id: h.id,
        school_path: h.school_path,
        checked_on: checkedOn,
        outcome: body.outcome,
        note: body.note.trim(),
        photo_ids: body.photoIds ?? [],
        new_hazard_id: newHazardId,
        inspector_user_id: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'hazard.follow_up', objectType: 'hazard', objectId: h.id, details: { outcome: body.outcome, newHazardId, followUpId: f.id } });
    return f.id;
  };
  if (body.outcome === 'holds') {
    const id = await db.transaction().execute((trx) => insertFollowUp(trx, null));
    return { statusCode: 201, result: { id, hazardId: h.id, outcome: body.outcome, checkedOn, newHazardId: null } };
  }
  let followUpId = '';
  const { statusCode, detail } = await createHazard(
    db,
    ctx,
    {
      unitId: h.unit_id,
      domain: h.domain as never,
      grade: h.grade,
      source: 'follow_up',
      title: `（复发）${h.title}`.slice(0, 200),
      description: `回头看发现已销号隐患（#${h.id}）的问题再次出现：${body.note.trim()}\n原隐患描述：${h.description}`.slice(0, 4000),
      location: h.location,
      photoIds: body.photoIds ?? [],
      foundAt: checkedOn,
      foundBy: ctx.actor.displayName,
    },
    idempotencyKey,
    now,
    {
      route: 'POST /api/follow-ups',
      columns: { recurrence_of_id: h.id },
      after: async (trx, hazardId) => {
        followUpId = await insertFollowUp(trx, hazardId);
      },
    },
  );
  return { statusCode, result: { id: followUpId, hazardId: h.id, outcome: body.outcome, checkedOn, newHazardId: detail.hazard.id } };
}
