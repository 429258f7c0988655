import { daysUntilDue } from '@xiaoan/domain';
import type { DbOrTrx } from '../db/database.js';
import type { DueMeasure } from '../kernel/events.js';
import { notify } from '../kernel/notifier.js';
import { findMeasuresDueOn } from '../features/measures/index.js';
import { reminderDueDates } from './due-dates.js';

/**
 * The measure list's part of the due-date sweep (jobs/reminder-sweep.ts calls it): a measure
 * not yet established reminds its school's admins 3 days and 1 day before its due date, and
 * once after it has passed (with the hazards' catch-up days), as a hazard's due date does.
 */
export async function sweepMeasureReminders(db: DbOrTrx, now: Date): Promise<{ measures: number; notifications: number }> {
  const rows = await findMeasuresDueOn(db, reminderDueDates(now));
  const due: DueMeasure[] = rows.map((m) => ({ id: m.id, schoolId: m.school_id, schoolName: m.school_name, title: m.title, ownerName: m.owner_name, dueOn: m.due_on, days: daysUntilDue(m.due_on, now) }));
  if (due.length === 0) return { measures: 0, notifications: 0 };
  const r = await notify(db, { action: 'measure.due', measures: due });
  return { measures: due.length, notifications: r.written };
}
