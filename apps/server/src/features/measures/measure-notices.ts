import type { DbOrTrx } from '../../db/database.js';
import type { MeasureDueEvent } from '../../kernel/events.js';
import { findSchoolAdminIds } from '../units/index.js';

/**
 * The notifications of a measure due soon or overdue, for the one notifier (kernel/notifier.ts):
 * the school's admins, who keep its measure list. One per measure, kind and due date (a new
 * due date allows new ones), however often the sweep runs.
 */

/** A notification row as the notifier writes it (notifications/notification.repository.ts NewNotification). */
type NewNotification = { userId: string; kind: string; title: string; body?: string; link?: string | null; dedupeKey: string };

export async function measureDueNotifications(db: DbOrTrx, e: MeasureDueEvent): Promise<NewNotification[]> {
  const out: NewNotification[] = [];
  const admins = new Map<string, string[]>();
  for (const m of e.measures) {
    if (!admins.has(m.schoolId)) admins.set(m.schoolId, await findSchoolAdminIds(db, m.schoolId));
    const overdue = m.days < 0;
    const kind = overdue ? 'measure_overdue' : 'measure_due_soon';
    const title = overdue ? `制度措施已逾期：${m.title}` : `制度措施还有 ${m.days} 天到期：${m.title}`;
    const body = `${m.schoolName}的“${m.title}”完成时限 ${m.dueOn}，责任人 ${m.ownerName}。${overdue ? '请尽快建立并上传印发的制度文件。' : '建立后请上传印发的制度文件。'}`;
    for (const userId of admins.get(m.schoolId)!) out.push({ userId, kind, title, body, link: `/measures/${m.id}`, dedupeKey: `measure:${m.id}:${overdue ? 'overdue' : `due_in_${m.days}_days`}:${m.dueOn}` });
  }
  return out;
}
