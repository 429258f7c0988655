/**
 * What any input may hold, wherever it comes from: the API (the contracts' schemas,
 * enforced by the server's validators), the spreadsheet imports and the web forms
 * read these, so a value refused in one place is refused in all of them.
 */
import { isCalendarDate } from './hazard/deadline.js';

/**
 * Every calendar date and date-time accepted as input lies in this range (inclusive).
 * A school-safety record outside it is a typo or an attack: a due date of 9999-12-31
 * would never be overdue, a found date of 0001-01-01 would sort before everything.
 */
export const DATE_RANGE = { min: '2000-01-01', max: '2100-12-31' } as const;

/** The Chinese reason a date outside DATE_RANGE (or not a date) is refused for. */
export const DATE_RANGE_MESSAGE = `应为 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间的有效日期（YYYY-MM-DD）`;
export const DATE_TIME_RANGE_MESSAGE = `应为 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间的有效时间（如 2026-03-05T08:30:00+08:00）`;

/** True for a real calendar date 'YYYY-MM-DD' inside DATE_RANGE. */
export function isDateInRange(value: unknown): value is string {
  return isCalendarDate(value) && value >= DATE_RANGE.min && value <= DATE_RANGE.max;
}

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * True for an RFC 3339 date-time with its offset ('2026-03-05T08:30:00+08:00',
 * '…Z') whose written date is inside DATE_RANGE. Leap seconds are not accepted.
 */
export function isDateTimeInRange(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME_RE.exec(value);
  if (!m || !isDateInRange(m[1])) return false;
  const [hh, mm, ss, oh, om] = [m[2], m[3], m[4], m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  return hh <= 23 && mm <= 59 && ss <= 59 && oh <= 23 && om <= 59;
}

/**
 * U+0000, or half of a UTF-16 surrogate pair without its other half. PostgreSQL can
 * store neither (not in text, not in jsonb), and no person types them.
 */
const INVALID_TEXT_RE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The Chinese reason text with such a character is refused for (after `field: `). */
export const INVALID_TEXT_MESSAGE = '不能包含空字符或无效字符';

/** True when the text holds a NUL character or an unpaired surrogate. */
export function hasInvalidText(text: string): boolean {
  return INVALID_TEXT_RE.test(text);
}

/** Money in 元 is kept in fen (分): two decimals, never more. */
export const MONEY_DECIMALS = 2;
/** The largest amount of money (元) accepted: ten billion, far above any school's works. */
export const MONEY_MAX_YUAN = 10_000_000_000;

/**
 * How many decimals a number or a decimal string is written with; null for a string
 * that is not a plain decimal (its pattern then says what is wrong).
 * A number counts as written with 15 significant digits, what a spreadsheet keeps:
 * 0.1 + 0.2 has one decimal (the rest is binary noise), 0.001 has three.
 * Trailing zeros do not count ('12.50' has one).
 */
export function decimalPlaces(value: number | string): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(Math.abs(Number(value.toPrecision(15))));
  } else {
    text = value.trim().replace(/^[+-]/, '');
  }
  const m = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[1] === '' && !m[2])) return null;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return Math.max(0, fraction.length - Number(m[3] ?? 0));
}
