import { isCalendarDate } from '../calendar/calendar-date.js';

/**
 * A mainland resident identity card number (公民身份号码, GB 11643-1999), as every registry
 * that names people keeps it (guards, bus drivers and attendants, canteen staff): 18 characters,
 * a birth date that exists, and the ISO 7064 MOD 11-2 check character.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The check character that completes the first 17 digits (the demo data makes its own numbers with it). */
export function idNumberCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** The upper-cased, trimmed form an ID number is stored and compared in. */
export function normalizeIdNumber(s: string): string {
  return s.trim().toUpperCase();
}

/** True when the number (trimmed, any case of X) is a valid resident ID number. */
export function isValidIdNumber(raw: string): boolean {
  const s = normalizeIdNumber(raw);
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01') return false;
  return idNumberCheck(s) === s[17];
}

/** The stored form of a valid ID number, or null when it is not one. */
export const parseIdNumber = (raw: string): string | null => (isValidIdNumber(raw) ? normalizeIdNumber(raw) : null);

/** The ID number with its middle hidden (320402********1234), as lists show it to those who may not see it whole. */
export function maskIdNumber(s: string): string {
  return s.length === 18 ? `${s.slice(0, 6)}********${s.slice(14)}` : s;
}
