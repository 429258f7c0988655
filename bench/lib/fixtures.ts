// Hazards prepared in the right state for the write scenarios: each transition request
// works on a hazard of its own, at version 1. Driven through the domain like real ones.
import type pg from 'pg';
import { addDays, applyAction, shanghaiDate, type Hazard, type HazardActor, type HazardSuccess } from '@xiaoan/domain';
import { projectHazard } from '../../apps/server/src/features/hazards/hazard.repository.js';

export type PreparedSchool = { id: number; path: string; adminUserId: number };

const TITLES = ['教学楼消防通道堆放杂物', '食堂燃气软管老化', '操场围栏松动', '实验室危化品台账不全', '宿舍电线私拉乱接', '校门口减速带破损'];

function ok(r: ReturnType<typeof applyAction>): HazardSuccess {
  if (!r.ok) throw new Error(`fixture refused: ${r.code} ${r.message}`);
  return r;
}

/**
 * Inserts `count` hazards of `school` in state 'reported' or 'registered' (reported
 * today by its admin, registered with the five commitments) with their history rows.
 * Returns their ids.
 */
export async function prepareHazards(client: pg.ClientBase, school: PreparedSchool, count: number, state: 'reported' | 'registered'): Promise<string[]> {
  const actor: HazardActor = { userId: String(school.adminUserId), role: 'school_admin', actorCoversUnit: true };
  const now = new Date();
  const today = shanghaiDate(now);
  const ids: string[] = [];
  for (let start = 0; start < count; start += 2000) {
    const n = Math.min(2000, count - start);
    const rows: { doc: Hazard; events: HazardSuccess['event'][] }[] = [];
    for (let i = 0; i < n; i++) {
      const reported = ok(
        applyAction(null, 'report', {
          unitId: String(school.id),
          domain: 'fire',
          grade: 'general',
          source: 'self',
          title: TITLES[(start + i) % TITLES.length]!,
          description: '日常巡查发现，已拍照留存，待登记整改。',
          location: '教学楼一楼',
          foundAt: today,
          foundBy: '安全管理员',
        }, actor, now),
      );
      if (state === 'reported') {
        rows.push({ doc: reported.next, events: [reported.event] });
        continue;
      }
      const registered = ok(
        applyAction(reported.next, 'register', {
          owner: '王校长',
          measures: '清理通道，设置警示标识，每日复查',
          fundsFen: 50_000,
          dueDate: addDays(today, 30),
          contingencyPlan: '整改期间专人巡查，发现异常立即处置',
        }, actor, now),
      );
      rows.push({ doc: registered.next, events: [reported.event, registered.event] });
    }
    const unit = { path: school.path, schoolId: String(school.id) };
    const projected = rows.map((r) => projectHazard(r.doc, unit));
    const res = await client.query<{ id: string }>(
      `INSERT INTO hazard (doc, unit_id, unit_path, school_id, state, domain, grade, source, title, description, location, owner,
                           found_at, due_date, funds_fen, listed, escalated, fixed_on_spot, reported_by, reported_at, closed_at)
       SELECT d, unit_id, unit_path::ltree, school_id, state, domain, grade, source, title, description, location, owner,
              found_at::date, due_date::date, funds_fen, false, false, false, reported_by, reported_at, null
         FROM unnest($1::jsonb[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::timestamptz[])
           AS t(d, unit_id, unit_path, school_id, state, domain, grade, source, title, description, location, owner, found_at, due_date, funds_fen, reported_by, reported_at)
       RETURNING id`,
      [
        rows.map((r) => JSON.stringify(r.doc)),
        projected.map((p) => p.unit_id),
        projected.map((p) => p.unit_path),
        projected.map((p) => p.school_id),
        projected.map((p) => p.state),
        projected.map((p) => p.domain),
        projected.map((p) => p.grade),
        projected.map((p) => p.source),
        projected.map((p) => p.title),
        projected.map((p) => p.description),
        projected.map((p) => p.location),
        projected.map((p) => p.owner),
        projected.map((p) => p.found_at),
        projected.map((p) => p.due_date),
        projected.map((p) => p.funds_fen),
        projected.map((p) => p.reported_by),
        projected.map((p) => p.reported_at),
      ],
    );
    const batchIds = res.rows.map((r) => r.id);
    const ev = rows.flatMap((r, i) => r.events.map((e) => ({ id: batchIds[i]!, e })));
    await client.query(
      `INSERT INTO hazard_event (hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, changed_fields)
       SELECT hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, changed_fields::text[]
         FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS t(hazard_id, at, actor_user_id, actor_role, action, from_state, to_state, changed_fields)`,
      [
        ev.map((x) => x.id),
        ev.map((x) => x.e.at),
        ev.map((x) => x.e.actor.userId),
        ev.map((x) => x.e.actor.role),
        ev.map((x) => x.e.action),
        ev.map((x) => x.e.from),
        ev.map((x) => x.e.to),
        // text[] per row cannot nest in unnest: keep the list as a literal.
        ev.map((x) => `{${x.e.changedFields.join(',')}}`),
      ],
    );
    ids.push(...batchIds);
  }
  return ids;
}
