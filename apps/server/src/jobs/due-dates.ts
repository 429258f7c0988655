import { addDays, daysUntilDue, shanghaiDate } from '@xiaoan/domain';
import type { NotificationKind } from '@xiaoan/contracts';

/** The days of the due-date sweep's reminders (jobs/reminder-sweep.ts): hazards and measures alike. */

/** How many days after the due date a missed 'overdue' reminder is still sent. */
export const OVERDUE_CATCH_UP_DAYS = 7;

/** Which reminder a hazard due on `dueDate` gets at `now`, or null. */
export function reminderKindAt(dueDate: string, now: Date): NotificationKind | null {
  const days = daysUntilDue(dueDate, now);
  if (days === 3) return 'due_in_3_days';
  if (days === 1) return 'due_in_1_day';
  if (days <= -1 && days >= -OVERDUE_CATCH_UP_DAYS) return 'overdue';
  return null;
}

/** The due dates that call for a reminder today: in 3 days, in 1 day, and the last days past. */
export function reminderDueDates(now: Date): string[] {
  const today = shanghaiDate(now);
  const dates = [addDays(today, 3), addDays(today, 1)];
  for (let d = 1; d <= OVERDUE_CATCH_UP_DAYS; d++) dates.push(addDays(today, -d));
  return dates;
}
