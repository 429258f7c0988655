/**
 * Calendar dates in China (STACK.md, "Time").
 *
 * Every date is a calendar date in Asia/Shanghai, written 'YYYY-MM-DD'; a due date means
 * "by the end of that day, inclusive" (X日前 = by the end of day X). China has kept UTC+8
 * with no daylight saving since 1991, so the Shanghai calendar date of an instant is its UTC
 * date after adding eight hours; no time-zone database is needed (the tests check this
 * against Intl).
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (rejects 2021-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  return isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True when year/month/day name a day of the proleptic Gregorian calendar (year 1–9999). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days of a month (1–12) of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Formats year/month/day as 'YYYY-MM-DD' (no validation). */
export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Year, month and day of a calendar date; RangeError when it is not one. */
export function ymdOf(date: string): [number, number, number] {
  assertCalendarDate(date);
  return date.split('-').map(Number) as [number, number, number];
}

function assertInstant(now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('invalid instant');
}

function assertCalendarDate(date: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`invalid calendar date: ${String(date)}`);
}

/** The calendar date ('YYYY-MM-DD') of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  assertInstant(instant);
  const d = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Days since 1970-01-01 of a calendar date (only differences matter). */
function dayNumber(date: string): number {
  const [y, m, d] = ymdOf(date);
  const utc = new Date(0);
  utc.setUTCFullYear(y, m - 1, d);
  return Math.round(utc.getTime() / DAY_MS);
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const utc = new Date(dayNumber(date) * DAY_MS + days * DAY_MS);
  return formatYmd(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The instant a calendar day begins: 00:00 Beijing time. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * The instant a due date is missed: 00:00 Beijing time of the following day.
 * A submission strictly before this instant is on time.
 */
export function dueDeadline(dueDate: string): Date {
  return new Date((dayNumber(dueDate) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * Is `dueDate` missed at `now`? Due 'YYYY-MM-DD' means by the end of that day in
 * Asia/Shanghai, inclusive: still on time at 23:59:59.999 Beijing time (15:59:59.999Z),
 * overdue from 00:00 of the next day (16:00:00Z). This is the one place that rule lives.
 * Throws RangeError on a malformed date or an invalid Date (programming errors, not rules).
 */
export function isOverdue(dueDate: string, now: Date): boolean {
  assertCalendarDate(dueDate);
  return shanghaiDate(now) > dueDate;
}

/**
 * Whole calendar days (Asia/Shanghai) from today to the due date: 0 on the due day,
 * 1 the day before, -1 the first overdue day. `-daysUntilDue` is the number of days overdue.
 */
export function daysUntilDue(dueDate: string, now: Date): number {
  return dayNumber(dueDate) - dayNumber(shanghaiDate(now));
}

/** ISO weekday of a date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const [y, m, d] = ymdOf(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The ISO week (year and number) a date lies in. */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const [ty] = ymdOf(thursday);
  const jan1 = formatYmd(ty, 1, 1);
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);
  return { year: ty, week: Math.floor(dayOfYear / 7) + 1 };
}
