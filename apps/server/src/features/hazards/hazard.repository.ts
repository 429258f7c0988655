import { sql, type Expression, type SqlBool } from 'kysely';
import { currentListing, isOverdue, daysUntilDue, shanghaiDate, type Hazard, type Scope } from '@xiaoan/domain';
import type { HazardListQuery, HazardSummary, HazardTimelineEvent } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { inScope } from '../../db/scope.js';

/** The columns projected from the domain record, written together with it. */
export type HazardProjection = {
  unit_id: string;
  unit_path: string;
  school_id: string;
  state: Hazard['state'];
  domain: string;
  grade: Hazard['grade'];
  source: string;
  title: string;
  description: string;
  location: string;
  owner: string | null;
  found_at: string;
  due_date: string | null;
  funds_fen: number | null;
  listed: boolean;
  escalated: boolean;
  fixed_on_spot: boolean;
  reported_by: string;
  reported_at: string;
  closed_at: string | null;
};

/** Derives the indexed columns from a record; the unit's path and school come from the unit table. */
export function projectHazard(h: Hazard, unit: { path: string; schoolId: string }): HazardProjection {
  return {
    unit_id: h.unitId,
    unit_path: unit.path,
    school_id: unit.schoolId,
    state: h.state,
    domain: h.domain,
    grade: h.grade,
    source: h.source,
    title: h.title,
    description: h.description,
    location: h.location,
    owner: h.owner,
    found_at: h.foundAt,
    due_date: h.dueDate,
    funds_fen: h.fundsFen,
    listed: currentListing(h) !== null,
    escalated: h.escalations.length > 0,
    fixed_on_spot: h.fixedOnSpot,
    reported_by: h.reportedBy.userId,
    reported_at: h.reportedAt,
    closed_at: h.closedAt,
  };
}

const OPEN_WITH_DUE = ['registered', 'rectifying', 'pending_verification'] as const;

type SummaryRow = {
  id: string;
  version: number;
  state: Hazard['state'];
  unit_id: string;
  unit_name: string;
  school_id: string;
  school_name: string;
  area_name: string | null;
  domain: string;
  grade: Hazard['grade'];
  source: string;
  title: string;
  location: string;
  owner: string | null;
  found_at: string;
  due_date: string | null;
  funds_fen: string | null;
  listed: boolean;
  escalated: boolean;
  fixed_on_spot: boolean;
  reported_at: Date;
  closed_at: Date | null;
};

export function toSummary(r: SummaryRow, now: Date): HazardSummary {
  const open = (OPEN_WITH_DUE as readonly string[]).includes(r.state);
  return {
    id: r.id,
    version: r.version,
    state: r.state,
    unit: { id: r.unit_id, name: r.unit_name },
    school: { id: r.school_id, name: r.school_name },
    areaName: r.area_name,
    domain: r.domain,
    grade: r.grade,
    source: r.source,
    title: r.title,
    location: r.location,
    owner: r.owner,
    foundAt: r.found_at,
    dueDate: r.due_date,
    fundsFen: r.funds_fen === null ? null : Number(r.funds_fen),
    listed: r.listed,
    escalated: r.escalated,
    fixedOnSpot: r.fixed_on_spot,
    overdue: open && r.due_date !== null && isOverdue(r.due_date, now),
    daysUntilDue: open && r.due_date !== null ? daysUntilDue(r.due_date, now) : null,
    reportedAt: r.reported_at.toISOString(),
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
  };
}

/** Hazards (h) with their unit (u) and school (s): what the list, the detail and the export read. */
export function hazardsWithUnits(db: DbOrTrx) {
  return db.selectFrom('hazard as h').innerJoin('unit as u', 'u.id', 'h.unit_id').innerJoin('unit as s', 's.id', 'h.school_id');
}

function summarySelect(db: DbOrTrx) {
  return hazardsWithUnits(db).select([
    'h.id',
    'h.version',
    'h.state',
    'h.unit_id',
    'u.name as unit_name',
    'h.school_id',
    's.name as school_name',
    sql<string | null>`(SELECT a.name FROM unit a WHERE a.kind = 'area' AND a.path @> h.unit_path LIMIT 1)`.as('area_name'),
    'h.domain',
    'h.grade',
    'h.source',
    'h.title',
    'h.location',
    'h.owner',
    sql<string>`h.found_at::text`.as('found_at'),
    sql<string | null>`h.due_date::text`.as('due_date'),
    'h.funds_fen',
    'h.listed',
    'h.escalated',
    'h.fixed_on_spot',
    'h.reported_at',
    'h.closed_at',
  ]);
}

/** The WHERE conditions of a ledger query: scope first, then the filters. */
export function hazardConditions(scope: Scope, f: Omit<HazardListQuery, 'page' | 'pageSize' | 'sort' | 'order'>, now: Date): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [inScope('h.unit_path', scope)];
  // A scope of several paths (a team member's schools): the same rows, also as their schools' ids,
  // so the plan walks the school index (key of hazard_school_found_cover_idx, migration 0016)
  // school by school, index only, instead of probing the path index once per school and reading
  // every row from the heap. A hazard under one of these paths belongs to a school at or under it
  // (or, for a campus path, to the campus's school).
  if (scope.unitPaths.length > 1) {
    c.push(sql<boolean>`h.school_id IN (SELECT CASE WHEN su.kind = 'campus' THEN su.parent_id ELSE su.id END FROM unit su
                                        WHERE su.kind IN ('school', 'campus') AND ${inScope('su.path', scope)})`);
  }
  if (f.state?.length) c.push(sql<boolean>`h.state = ANY(${sql.val(f.state)}::text[])`);
  if (f.domain?.length) c.push(sql<boolean>`h.domain = ANY(${sql.val(f.domain)}::text[])`);
  if (f.source?.length) c.push(sql<boolean>`h.source = ANY(${sql.val(f.source)}::text[])`);
  if (f.grade) c.push(sql<boolean>`h.grade = ${f.grade}`);
  if (f.listed !== undefined) c.push(sql<boolean>`h.listed = ${f.listed}`);
  const today = shanghaiDate(now);
  if (f.overdue === true) {
    c.push(sql<boolean>`h.state IN ('registered', 'rectifying', 'pending_verification') AND h.due_date < ${today}::date`);
  } else if (f.overdue === false) {
    c.push(sql<boolean>`NOT (h.state IN ('registered', 'rectifying', 'pending_verification') AND h.due_date IS NOT NULL AND h.due_date < ${today}::date)`);
  }
  if (f.schoolId) c.push(sql<boolean>`h.school_id = ${f.schoolId}`);
  if (f.areaId) c.push(sql<boolean>`h.unit_path <@ (SELECT a.path FROM unit a WHERE a.id = ${f.areaId})`);
  if (f.teamId) c.push(sql<boolean>`h.school_id IN (SELECT ts.school_unit_id FROM supervision_team_school ts WHERE ts.team_id = ${f.teamId})`);
  if (f.owner) c.push(sql<boolean>`strpos(h.owner, ${f.owner}) > 0`);
  if (f.foundFrom) c.push(sql<boolean>`h.found_at >= ${f.foundFrom}::date`);
  if (f.foundTo) c.push(sql<boolean>`h.found_at <= ${f.foundTo}::date`);
  if (f.q) {
    const q = f.q.trim();
    // Two characters or more: the GIN index of the text's bigrams and the unit's ancestors
    // (migration 0016) narrows to the term's hits inside the scope, strpos confirms.
    if (q.length >= 2) c.push(searchInScope(scope, q), sql<boolean>`strpos(lower(h.search_text), lower(${q})) > 0`);
    else c.push(sql<boolean>`strpos(lower(h.search_text), lower(${q})) > 0`);
  }
  return c;
}

/**
 * The term's bigrams and the scope's keys in one condition on `hazard_search_keys` (0016): one
 * scope path is one `@>` of all keys; several (a team's schools) are `@>` of the bigrams and `&&`
 * of the paths, both served by the same GIN index. The scope test (`inScope`) stays beside it.
 */
function searchInScope(scope: Scope, q: string): Expression<SqlBool> {
  const keys = sql`hazard_search_keys(h.search_text, h.unit_path)`;
  const scopeKeys = scope.unitPaths.map((p) => `u:${p}`);
  if (scopeKeys.length === 0) return sql<boolean>`false`;
  if (scopeKeys.length === 1) return sql<boolean>`${keys} @> (bigrams(${q}) || ${sql.val(scopeKeys)}::text[])`;
  return sql<boolean>`(${keys} @> bigrams(${q}) AND ${keys} && ${sql.val(scopeKeys)}::text[])`;
}

const SORTS = { foundAt: 'h.found_at', dueDate: 'h.due_date', reportedAt: 'h.reported_at', id: 'h.id' } as const;

/** One page of the ledger in the scope, with the total under the same conditions. */
export async function findHazards(
  db: DbOrTrx,
  scope: Scope,
  query: HazardListQuery,
  now: Date,
): Promise<{ items: HazardSummary[]; total: number }> {
  const { page = 1, pageSize = 20, sort = 'foundAt', order = 'desc', ...filter } = query;
  const conds = hazardConditions(scope, filter, now);
  const dir = order === 'asc' ? sql`ASC` : sql`DESC`;
  const nulls = order === 'asc' ? sql`NULLS LAST` : sql`NULLS LAST`;
  // The page's ids first, from the filtered columns alone (an index-only scan where the
  // filters are covered, migration 0016), then the page's 20 rows with their units.
  const pageIds = db
    .selectFrom('hazard as h')
    .select(['h.id', sql.ref(SORTS[sort]).as('sort_key')])
    .where((eb) => eb.and(conds))
    .orderBy(sql`${sql.ref(SORTS[sort])} ${dir} ${nulls}`)
    .orderBy('h.id', order === 'asc' ? 'asc' : 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [rows, count] = await Promise.all([
    summarySelect(db)
      .innerJoin(pageIds.as('p'), 'p.id', 'h.id')
      .orderBy(sql`p.sort_key ${dir} ${nulls}`)
      .orderBy('h.id', order === 'asc' ? 'asc' : 'desc')
      .execute(),
    db
      .selectFrom('hazard as h')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.and(conds))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toSummary(r, now)), total: Number(count.n) };
}

/** A hazard in the scope with its record, or undefined (out of scope reads like missing). */
export async function findHazardById(
  db: DbOrTrx,
  scope: Scope,
  id: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<{ summary: HazardSummary; doc: Hazard; version: number } | undefined> {
  let q = summarySelect(db).select(['h.doc']).where('h.id', '=', id).where(inScope('h.unit_path', scope));
  if (opts.forUpdate) q = q.forUpdate('h');
  const r = await q.executeTakeFirst();
  if (!r) return undefined;
  return { summary: toSummary(r, now), doc: r.doc, version: r.version };
}

/** Where a hazard came from, when it came from an inspection, a supervision visit or a follow-up check. */
export type HazardOrigin = {
  inspection_id?: string;
  checklist_version_id?: string;
  inspection_item_code?: string;
  supervision_visit_id?: string;
  recurrence_of_id?: string;
};

export async function insertHazard(db: DbOrTrx, doc: Hazard, p: HazardProjection, origin: HazardOrigin = {}): Promise<string> {
  const row = await db
    .insertInto('hazard')
    .values({ ...p, ...origin, doc: JSON.stringify(doc) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes the new record only if nobody changed it since it was read: false means a concurrent change. */
export async function updateHazard(
  db: DbOrTrx,
  id: string,
  expected: { state: Hazard['state']; version: number },
  doc: Hazard,
  p: HazardProjection,
): Promise<boolean> {
  const res = await db
    .updateTable('hazard')
    .set({ ...p, doc: JSON.stringify(doc), version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('state', '=', expected.state)
    .where('version', '=', expected.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertHazardEvent(
  db: DbOrTrx,
  e: {
    hazardId: string;
    actorUserId: string;
    actorRole: string;
    action: string;
    from: string | null;
    to: string;
    comment: string | null;
    changedFields: readonly string[];
    fileIds: readonly string[];
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('hazard_event')
    .values({
      hazard_id: e.hazardId,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      comment: e.comment,
      changed_fields: [...e.changedFields],
      file_ids: [...e.fileIds],
    })
    .execute();
}

export async function findTimeline(db: DbOrTrx, hazardId: string): Promise<HazardTimelineEvent[]> {
  const rows = await db
    .selectFrom('hazard_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.at', 'e.actor_user_id', 'u.display_name', 'e.actor_role', 'e.action', 'e.from_state', 'e.to_state', 'e.comment', 'e.changed_fields', 'e.file_ids'])
    .where('e.hazard_id', '=', hazardId)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor_user_id ? { id: r.actor_user_id, displayName: r.display_name ?? '' } : null,
    actorRole: r.actor_role,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    comment: r.comment,
    changedFields: r.changed_fields,
    fileIds: r.file_ids.map(String),
  }));
}

/** Files by id inside the scope: the caller compares the count to detect foreign or missing ids. */
export async function findFileKindsInScope(db: DbOrTrx, scope: Scope, ids: readonly string[]): Promise<Map<string, 'photo' | 'document'>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('file_object as f')
    .select(['f.id', 'f.kind'])
    .where('f.id', 'in', [...ids])
    .where(inScope('f.unit_path', scope))
    .execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** The unit a hazard may be reported for: a school or campus inside the scope, with its path and school. */
export async function findReportableUnit(db: DbOrTrx, scope: Scope, unitId: string) {
  return db
    .selectFrom('unit as u')
    .select(['u.id', 'u.kind', sql<string>`u.path::text`.as('path'), sql<string>`CASE WHEN u.kind = 'campus' THEN u.parent_id ELSE u.id END`.as('school_id')])
    .where('u.id', '=', unitId)
    .where('u.kind', 'in', ['school', 'campus'])
    .where('u.status', '=', 'active')
    .where(inScope('u.path', scope))
    .executeTakeFirst();
}
