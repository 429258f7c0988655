import type { DbOrTrx } from '../../db/database.js';
import type { TalkRecordedEvent } from '../../kernel/events.js';
import { findTalkRecipients } from './talk.repository.js';

/**
 * The notification of a recorded talk, for the one notifier (kernel/notifier.ts): the unit
 * talked to learns of it (a school's admins, a department's staff; an area has no accounts of
 * its own). One per talk and user (dedupe key), however often the event is written.
 */

/** A notification row as the notifier writes it (notifications/notification.repository.ts NewNotification). */
type NewNotification = { userId: string; kind: string; title: string; body?: string; hazardId?: string | null; dedupeKey: string };

export const TALK_NOTIFICATION_KIND = 'talk_recorded';

export async function talkRecordedNotifications(db: DbOrTrx, t: TalkRecordedEvent['talk']): Promise<NewNotification[]> {
  const users = await findTalkRecipients(db, { kind: t.unitKind, id: t.unitId });
  const when = t.status === 'planned' ? `定于 ${t.heldOn} 约谈` : `已于 ${t.heldOn} 约谈`;
  const title = t.status === 'planned' ? `约谈通知：${t.unitName}` : `约谈记录：${t.unitName}`;
  const reason = t.reason.length > 120 ? `${t.reason.slice(0, 120)}…` : t.reason;
  const followUp = t.followUpDue ? `教育局将于 ${t.followUpDue} 回访承诺事项的落实情况。` : '';
  const body = `教育局${when}${t.unitName}。事由：${reason}。${followUp}详见“约谈”页面。`;
  return users.map((userId) => ({ userId, kind: TALK_NOTIFICATION_KIND, title, body, dedupeKey: `talk:${t.id}:recorded` }));
}
