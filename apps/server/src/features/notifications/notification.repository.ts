import { sql } from 'kysely';
import type { Notification } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';

type Row = {
  id: string;
  kind: string;
  title: string;
  body: string;
  hazard_id: string | null;
  created_at: Date;
  read_at: Date | null;
};

const COLUMNS = ['id', 'kind', 'title', 'body', 'hazard_id', 'created_at', 'read_at'] as const;

function toNotification(r: Row): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    hazardId: r.hazard_id,
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
  /** The same key for the same user is written once (a retried sweep or feedback sends nothing twice). */
  dedupeKey: string;
};

/** Writes in-app notifications, each at most once per (user, dedupe key). */
export async function insertNotifications(db: DbOrTrx, rows: readonly NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('notification')
    .values(rows.map((n) => ({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body ?? '', hazard_id: n.hazardId ?? null, dedupe_key: n.dedupeKey })))
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .execute();
}
