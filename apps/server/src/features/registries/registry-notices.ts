import type { DbOrTrx } from '../../db/database.js';
import type { RegistryExpiringEvent } from '../../kernel/events.js';
import { findSchoolAdminIds } from '../units/index.js';

/** A notification row as the notifier writes it (notifications/notification.repository.ts NewNotification). */
type NewNotification = { userId: string; kind: string; title: string; body?: string; link?: string | null; dedupeKey: string };

export const REGISTRY_NOTIFICATION_KIND = 'registry_expiring';

/** The notifications of a registry reminder: the school's admins, once each per (kind, record, cause). */
export async function registryExpiringNotifications(db: DbOrTrx, r: RegistryExpiringEvent['reminder']): Promise<NewNotification[]> {
  const users = await findSchoolAdminIds(db, r.schoolId);
  return users.map((userId) => ({ userId, kind: REGISTRY_NOTIFICATION_KIND, title: r.title, body: r.body ?? '', link: r.link, dedupeKey: `registry:${r.kind}:${r.recordId}:${r.cause}` }));
}
