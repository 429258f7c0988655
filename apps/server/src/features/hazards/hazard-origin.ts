import { sql } from 'kysely';
import type { HazardDetail } from '@xiaoan/contracts';
import type { ChecklistItem } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';

/** Where a hazard came from and what came of it: the inspection item, the visit, recurrences, follow-ups. */
export async function hazardOrigin(db: DbOrTrx, hazardId: string): Promise<HazardDetail['origin']> {
  const h = await db
    .selectFrom('hazard as h')
    .leftJoin('inspection as i', 'i.id', 'h.inspection_id')
    .leftJoin('inspection_point as p', 'p.id', 'i.point_id')
    .leftJoin('checklist_version as cv', 'cv.id', 'h.checklist_version_id')
    .leftJoin('supervision_visit as v', 'v.id', 'h.supervision_visit_id')
    .leftJoin('supervision_team as t', 't.id', 'v.team_id')
    .leftJoin('hazard as r', 'r.id', 'h.recurrence_of_id')
    .leftJoin('registry_hazard as g', 'g.hazard_id', 'h.id')
    .select([
      'h.inspection_id',
      'i.kind as inspection_kind',
      sql<string | null>`i.inspected_on::text`.as('inspected_on'),
      'p.name as point_name',
      'h.checklist_version_id',
      'h.inspection_item_code',
      'cv.items',
      'h.supervision_visit_id',
      't.name as team_name',
      'v.kind as visit_kind',
      sql<string | null>`v.visited_on::text`.as('visited_on'),
      'h.recurrence_of_id',
      'r.title as recurrence_title',
      'g.registry_kind',
      'g.record_id as registry_record_id',
      'g.label as registry_label',
      'g.cause as registry_cause',
    ])
    .where('h.id', '=', hazardId)
    .executeTakeFirst();
  if (!h) return { inspection: null, visit: null, recurrenceOf: null, recurrences: [], followUps: [] };
  const [recurrences, followUps] = await Promise.all([
    db.selectFrom('hazard').select(['id', 'title', 'state']).where('recurrence_of_id', '=', hazardId).orderBy('id').execute(),
    db
      .selectFrom('hazard_follow_up')
      .select(['id', sql<string>`checked_on::text`.as('checked_on'), 'outcome', 'note'])
      .where('hazard_id', '=', hazardId)
      .orderBy('id')
      .execute(),
  ]);
  const item = (h.items as ChecklistItem[] | null)?.find((i) => i.code === h.inspection_item_code) ?? null;
  return {
    inspection: h.inspection_id
      ? {
          id: h.inspection_id,
          kind: h.inspection_kind ?? '',
          inspectedOn: h.inspected_on ?? '',
          pointName: h.point_name,
          checklistVersionId: h.checklist_version_id,
          itemCode: h.inspection_item_code,
          itemText: item?.text ?? null,
        }
      : null,
    visit: h.supervision_visit_id ? { id: h.supervision_visit_id, teamName: h.team_name ?? '', kind: h.visit_kind ?? '', visitedOn: h.visited_on } : null,
    recurrenceOf: h.recurrence_of_id ? { id: h.recurrence_of_id, title: h.recurrence_title ?? '' } : null,
    recurrences: recurrences.map((r) => ({ id: r.id, title: r.title, state: r.state })),
    followUps: followUps.map((f) => ({ id: f.id, checkedOn: f.checked_on, outcome: f.outcome, note: f.note })),
    registry: h.registry_kind ? { kind: h.registry_kind, recordId: h.registry_record_id ?? '', label: h.registry_label ?? '', cause: h.registry_cause ?? '' } : null,
  };
}
