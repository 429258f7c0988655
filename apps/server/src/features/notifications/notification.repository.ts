import { sql } from 'kysely';
import type { Notification } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  hazard_id: string | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
};

const COLUMNS = ['id', 'kind', 'title', 'body', 'hazard_id', 'link', 'created_at', 'read_at'] as const;

function toNotification(r: Row): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    hazardId: r.hazard_id,
    link: r.link,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/** One page of a user's own notifications, newest first, with the total under the same filter. */
export async function findNotifications(
  db: DbOrTrx,
  userId: string,
  f: { unread?: boolean; page: number; pageSize: number },
): Promise<{ items: Notification[]; total: number }> {
  let q = db.selectFrom('notification').where('user_id', '=', userId);
  if (f.unread === true) q = q.where('read_at', 'is', null);
  else if (f.unread === false) q = q.where('read_at', 'is not', null);
  const [rows, count] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toNotification), total: Number(count.n) };
}

/**
 * Marks one of the user's notifications read (keeps the first read time) and returns it;
 * undefined when there is no such notification of this user.
 */
export async function markNotificationRead(db: DbOrTrx, userId: string, id: string): Promise<Notification | undefined> {
  const row = await db
    .updateTable('notification')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toNotification(row) : undefined;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllNotificationsRead(db: DbOrTrx, userId: string): Promise<number> {
  const res = await db
    .updateTable('notification')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  hazardId?: string | null;
  /** The web page it opens when it is not a hazard's (a registry record). */
  link?: string | null;
  /** The same key for the same user is written once (a retried sweep or feedback sends nothing twice). */
  dedupeKey: string;
};

const INSERT_CHUNK = 1000;

/** Writes in-app notifications, each at most once per (user, dedupe key); returns how many were new. */
export async function insertNotifications(db: DbOrTrx, rows: readonly NewNotification[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const res = await db
      .insertInto('notification')
      .values(rows.slice(i, i + INSERT_CHUNK).map((n) => ({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body ?? '', hazard_id: n.hazardId ?? null, link: n.link ?? null, dedupe_key: n.dedupeKey })))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

const groupBy = (rows: readonly { key: string; user: string }[]) => {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.key, [...(m.get(r.key) ?? []), r.user]);
  return m;
};

/**
 * Who is told about hazards of these units: school admins by their unit (school or
 * campus), members of the active teams by the school they cover. Active users only.
 */
export async function findDueHazardRecipients(
  db: DbOrTrx,
  unitIds: readonly string[],
  schoolIds: readonly string[],
): Promise<{ admins: Map<string, string[]>; team: Map<string, string[]> }> {
  const [adminRows, teamRows] = await Promise.all([
    db
      .selectFrom('app_user')
      .select(['id', 'unit_id'])
      .where('role', '=', 'school_admin')
      .where('status', '=', 'active')
      .where('unit_id', 'in', unitIds)
      .execute(),
    db
      .selectFrom('supervision_team_school as ts')
      .innerJoin('supervision_team as t', 't.id', 'ts.team_id')
      .innerJoin('supervision_team_member as m', 'm.team_id', 't.id')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'ts.school_unit_id'])
      .where('t.status', '=', 'active')
      .where('u.status', '=', 'active')
      .where('ts.school_unit_id', 'in', schoolIds)
      .execute(),
  ]);
  return {
    admins: groupBy(adminRows.map((r) => ({ key: r.unit_id, user: r.id }))),
    team: groupBy(teamRows.map((r) => ({ key: r.school_unit_id, user: r.user_id }))),
  };
}

/** The active school admins of a school and of its campuses. */
export async function findActiveSchoolAdminsUnder(db: DbOrTrx, schoolId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('app_user as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select('a.id')
    .where('a.role', '=', 'school_admin')
    .where('a.status', '=', 'active')
    .where(sql<boolean>`u.path <@ (SELECT path FROM unit WHERE id = ${schoolId})`)
    .execute();
  return rows.map((r) => r.id);
}

/** Active users of these departments, by department. */
export async function findDepartmentMembers(db: DbOrTrx, departmentIds: readonly string[]): Promise<Map<string, string[]>> {
  if (!departmentIds.length) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'department_id'])
    .where('status', '=', 'active')
    .where('department_id', 'in', departmentIds)
    .execute();
  return groupBy(rows.flatMap((r) => (r.department_id ? [{ key: r.department_id, user: r.id }] : [])));
}
