/**
 * Due-day rules: when something owed for a period is due. A due date is a calendar date
 * meaning "by the end of that day, inclusive" (X日前); `dueDeadline` / `isOverdue` in
 * calendar-date.ts turn it into the instant it is missed.
 */
import type { CalendarPeriod } from './period.js';
import { addDays, daysInMonth, formatYmd, isCalendarDate, ymdOf } from './calendar-date.js';

export type DueRule =
  /** By the period's last day. */
  | { readonly kind: 'period_end' }
  /** N days after the period ends (0 = its last day). */
  | { readonly kind: 'after_end'; readonly days: number }
  /** By day D of the month after the period (每月1日前报上月: D = 1). */
  | { readonly kind: 'day_of_next_month'; readonly day: number }
  /** By day D of the period's last month (by the 15th of the quarter's last month). */
  | { readonly kind: 'day_of_last_month'; readonly day: number }
  /** By month-day M-D: the first on or after the period's start (每年12月15日前: 12-15). */
  | { readonly kind: 'month_day'; readonly month: number; readonly day: number }
  /** On a fixed date, whatever the period (a one-off report). */
  | { readonly kind: 'on'; readonly date: string };

/** Day D of a month, or its last day when the month is shorter (31 → 28 February). */
function clampedDay(year: number, month: number, day: number): string {
  return formatYmd(year, month, Math.min(Math.max(1, day), daysInMonth(year, month)));
}

/** The due date of what is owed for period `p` under `rule`. */
export function dueDateOf(rule: DueRule, p: CalendarPeriod): string {
  switch (rule.kind) {
    case 'period_end':
      return p.end;
    case 'after_end':
      return addDays(p.end, rule.days);
    case 'day_of_next_month': {
      const [y, m] = ymdOf(p.end);
      return m === 12 ? clampedDay(y + 1, 1, rule.day) : clampedDay(y, m + 1, rule.day);
    }
    case 'day_of_last_month': {
      const [y, m] = ymdOf(p.end);
      return clampedDay(y, m, rule.day);
    }
    case 'month_day': {
      const [y] = ymdOf(p.start);
      const same = clampedDay(y, rule.month, rule.day);
      return same >= p.start ? same : clampedDay(y + 1, rule.month, rule.day);
    }
    case 'on':
      if (!isCalendarDate(rule.date)) throw new RangeError(`invalid calendar date: ${String(rule.date)}`);
      return rule.date;
    default: {
      const never: never = rule;
      throw new RangeError(`unknown due rule ${JSON.stringify(never)}`);
    }
  }
}
