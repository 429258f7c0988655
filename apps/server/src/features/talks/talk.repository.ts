import { sql, type Insertable } from 'kysely';
import type { Scope, TalkFollowUpResult, TalkStatus, TalkUnitKind } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { TalkLinkRow, TalkPersonRow, TalkTable } from '../../db/schema-talks.js';

export type { TalkLinkRow } from '../../db/schema-talks.js';
import { inScope } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/** SQL of admonition talks (约谈); their linked records are the `links` jsonb column. Scope is `talk.unit_path`. */

export type TalkRow = {
  id: string;
  version: number;
  unit_id: string | null;
  department_id: string | null;
  unit_kind: string | null;
  unit_name: string;
  unit_path: string;
  held_on: string;
  status: TalkStatus;
  reason: string;
  interviewees: TalkPersonRow[];
  interviewers: TalkPersonRow[];
  commitments: string[];
  notes: string;
  links: TalkLinkRow[];
  follow_up_due: string | null;
  follow_up_result: TalkFollowUpResult | null;
  follow_up_note: string;
  followed_up_on: string | null;
  followed_up_by_name: string | null;
  created_by_name: string;
  link_count: string;
  created_at: Date;
};

function talkSelect(db: DbOrTrx) {
  return db
    .selectFrom('talk as t')
    .leftJoin('unit as u', 'u.id', 't.unit_id')
    .leftJoin('department as d', 'd.id', 't.department_id')
    .innerJoin('app_user as c', 'c.id', 't.created_by')
    .leftJoin('app_user as f', 'f.id', 't.followed_up_by')
    .select([
      't.id',
      't.version',
      't.unit_id',
      't.department_id',
      'u.kind as unit_kind',
      sql<string>`coalesce(u.name, d.name)`.as('unit_name'),
      sql<string>`t.unit_path::text`.as('unit_path'),
      sql<string>`t.held_on::text`.as('held_on'),
      't.status',
      't.reason',
      't.interviewees',
      't.interviewers',
      't.commitments',
      't.notes',
      't.links',
      sql<string | null>`t.follow_up_due::text`.as('follow_up_due'),
      't.follow_up_result',
      't.follow_up_note',
      sql<string | null>`t.followed_up_on::text`.as('followed_up_on'),
      'f.display_name as followed_up_by_name',
      'c.display_name as created_by_name',
      sql<string>`jsonb_array_length(t.links)`.as('link_count'),
      't.created_at',
    ]);
}

export type TalkFilter = { status?: TalkStatus; overdue?: boolean; unitId?: string; q?: string };

/** One page of the talks in scope (latest talk first), with the total under the same filter. */
export async function findTalks(db: DbOrTrx, scope: Scope, f: TalkFilter, today: string, page: { page: number; pageSize: number }): Promise<{ rows: TalkRow[]; total: number }> {
  const conds = (alias: 't') => {
    const c = [inScope(`${alias}.unit_path`, scope)];
    if (f.status) c.push(sql<boolean>`t.status = ${f.status}`);
    if (f.overdue === true) c.push(sql<boolean>`t.status = 'held' AND t.follow_up_due < ${today}::date`);
    if (f.overdue === false) c.push(sql<boolean>`NOT (t.status = 'held' AND t.follow_up_due IS NOT NULL AND t.follow_up_due < ${today}::date)`);
    if (f.unitId?.startsWith('dept:')) c.push(sql<boolean>`t.department_id = ${f.unitId.slice(5)}`);
    else if (f.unitId) c.push(sql<boolean>`t.unit_id IS NOT NULL AND t.unit_path <@ (SELECT path FROM unit WHERE id = ${f.unitId})`);
    if (f.q) {
      c.push(
        sql<boolean>`(strpos(lower(t.reason), lower(${f.q})) > 0 OR strpos(lower(coalesce((SELECT name FROM unit WHERE id = t.unit_id), (SELECT name FROM department WHERE id = t.department_id))), lower(${f.q})) > 0)`,
      );
    }
    return c;
  };
  const [rows, count] = await Promise.all([
    talkSelect(db)
      .where((eb) => eb.and(conds('t')))
      .orderBy('t.held_on', 'desc')
      .orderBy('t.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db
      .selectFrom('talk as t')
      .select(sql<string>`count(*)`.as('n'))
      .where((eb) => eb.and(conds('t')))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as TalkRow[], total: Number(count.n) };
}

/** One talk in scope, or undefined (out of scope reads exactly like missing). */
export async function findTalkInScope(db: DbOrTrx, scope: Scope, id: string): Promise<TalkRow | undefined> {
  return (await talkSelect(db).where('t.id', '=', id).where(inScope('t.unit_path', scope)).executeTakeFirst()) as TalkRow | undefined;
}

/** The unit a talk may be about, in the caller's scope: a school or an area, or a department of the bureau. */
export async function findTalkTarget(db: DbOrTrx, scope: Scope, ref: { kind: TalkUnitKind; id: string }): Promise<{ kind: TalkUnitKind; id: string; name: string; path: string; bureauId: string } | undefined> {
  if (ref.kind === 'department') {
    const d = await db
      .selectFrom('department as d')
      .innerJoin('unit as b', 'b.id', 'd.unit_id')
      .select(['d.id', 'd.name', 'd.unit_id', sql<string>`b.path::text`.as('path')])
      .where('d.id', '=', ref.id)
      .where('d.status', '=', 'active')
      .where(inScope('b.path', scope))
      .executeTakeFirst();
    return d ? { kind: 'department', id: d.id, name: d.name, path: d.path, bureauId: d.unit_id } : undefined;
  }
  const u = await db
    .selectFrom('unit')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('id', '=', ref.id)
    .where('kind', '=', ref.kind)
    .where(inScope('path', scope))
    .executeTakeFirst();
  return u ? { kind: ref.kind, id: u.id, name: u.name, path: u.path, bureauId: u.path.split('.')[0]! } : undefined;
}

/** Does the unit lie in (or equal) the subtree at `path`? */
export async function isUnitWithin(db: DbOrTrx, unitId: string, path: string): Promise<boolean> {
  const r = await db
    .selectFrom('unit')
    .select('id')
    .where('id', '=', unitId)
    .where(sql<boolean>`path <@ ${path}::ltree`)
    .executeTakeFirst();
  return !!r;
}

/**
 * An issued notice (通报) of the caller's scope that a talk links to: its title, and whether it
 * names a unit inside `unitPath` (a school, or a school of the area). Undefined when missing,
 * still a draft, or out of scope (the same answer).
 */
export async function findNoticeTarget(db: DbOrTrx, scope: Scope, id: string, unitPath: string): Promise<{ title: string; namesUnit: boolean } | undefined> {
  const n = await db
    .selectFrom('notice as n')
    .select([
      'n.title',
      sql<boolean>`EXISTS (SELECT 1 FROM notice_unit x WHERE x.notice_id = n.id AND x.unit_path <@ ${unitPath}::ltree)`.as('names_unit'),
    ])
    .where('n.id', '=', id)
    .where('n.status', '=', 'issued')
    .where(inScope('n.bureau_unit_path', scope))
    .executeTakeFirst();
  return n ? { title: n.title, namesUnit: n.names_unit } : undefined;
}

export async function insertTalk(trx: Trx, values: Insertable<TalkTable>): Promise<string> {
  return (await trx.insertInto('talk').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** The talk's fields at the version read; false when it moved on. */
export async function updateTalk(trx: Trx, id: string, version: number, set: VersionedSet<'talk'>): Promise<boolean> {
  return updateVersioned(trx, 'talk', id, version, set);
}

/** Who is told of a talk: the active school admins of a school (and its campuses), or the active staff of a department. */
export async function findTalkRecipients(db: DbOrTrx, unit: { kind: TalkUnitKind; id: string }): Promise<string[]> {
  if (unit.kind === 'department') {
    const rows = await db.selectFrom('app_user').select('id').where('department_id', '=', unit.id).where('status', '=', 'active').execute();
    return rows.map((r) => r.id);
  }
  if (unit.kind !== 'school') return [];
  const rows = await db
    .selectFrom('app_user as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select('a.id')
    .where('a.role', '=', 'school_admin')
    .where('a.status', '=', 'active')
    .where(sql<boolean>`u.path <@ (SELECT path FROM unit WHERE id = ${unit.id})`)
    .execute();
  return rows.map((r) => r.id);
}
