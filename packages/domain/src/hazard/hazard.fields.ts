/**
 * Field parsers: read one input field of a hazard action, push a Chinese `field: reason`
 * error when it is missing or malformed, and return the clean value. The performers collect
 * every error of an input before refusing, so a form shows all its mistakes at once.
 */
import { DATE_RANGE, isDateInRange } from '../input-limits.js';
import { isCalendarDate, shanghaiDate } from './deadline.js';
import type { HazardErrorCode, HazardFailure, HazardFieldError, HazardMilestoneInput } from './hazard.table.js';
import type { HazardFile, HazardMilestone } from './hazard.types.js';

export type Errors = HazardFieldError[];

export function failure(code: HazardErrorCode, message: string, fields: readonly HazardFieldError[] = []): HazardFailure {
  return { ok: false, code, message, fields };
}

/** One failure from field errors: the first error's code, all messages joined. */
export function refuse(errors: Errors): HazardFailure {
  const first = errors[0];
  if (!first) throw new Error('refuse() needs at least one error');
  return failure(first.code, errors.map((e) => e.message).join('；'), errors);
}

/** The input as a record of fields (anything else reads as no fields). */
export function inputObject(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

export function requiredText(e: Errors, value: unknown, field: string, label: string, code: HazardErrorCode = 'INVALID_INPUT'): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  e.push({ field, code, message: `请填写${label}` });
  return '';
}

/** undefined, null and blank give null. */
export function optionalText(e: Errors, value: unknown, field: string, label: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}须为文字` });
    return null;
  }
  return value.trim() === '' ? null : value.trim();
}

export function dateField(e: Errors, value: unknown, field: string, label: string, missingCode: HazardErrorCode = 'INVALID_INPUT'): string | null {
  if (value === undefined || value === null || value === '') {
    e.push({ field, code: missingCode, message: `请填写${label}` });
    return null;
  }
  if (!isCalendarDate(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}不是有效日期（格式 YYYY-MM-DD）` });
    return null;
  }
  // A date far outside any school's working life (9999-12-31 would never be overdue) is a typo or an attack.
  if (!isDateInRange(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}须在 ${DATE_RANGE.min} 至 ${DATE_RANGE.max} 之间` });
    return null;
  }
  return value;
}

export function codeField<T extends string>(e: Errors, value: unknown, is: (v: unknown) => v is T, field: string, label: string): T | null {
  if (is(value)) return value;
  e.push({ field, code: 'INVALID_INPUT', message: `${label}无效` });
  return null;
}

function isFile(value: unknown): value is HazardFile {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return typeof f.fileId === 'string' && f.fileId !== '' && (f.kind === 'photo' || f.kind === 'document');
}

export function filesField(e: Errors, value: unknown, field: string, label: string): HazardFile[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isFile)) {
    e.push({ field, code: 'INVALID_INPUT', message: `${label}无效` });
    return [];
  }
  return value.map((f: HazardFile) => ({ fileId: f.fileId, kind: f.kind }));
}

/** Plan steps with dates within [min, max] (either bound may be absent). */
export function milestonesField(e: Errors, value: unknown, field: string, min: string | null, max: string | null): HazardMilestone[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    e.push({ field, code: 'INVALID_INPUT', message: '整改计划无效' });
    return [];
  }
  return value.map((raw: unknown, i) => {
    const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<HazardMilestoneInput>;
    const title = requiredText(e, m.title, `${field}[${i}].title`, `整改计划第 ${i + 1} 项的内容`);
    const dueDate = dateField(e, m.dueDate, `${field}[${i}].dueDate`, `整改计划第 ${i + 1} 项的完成日期`) ?? '';
    if (dueDate !== '' && ((min !== null && dueDate < min) || (max !== null && dueDate > max))) {
      const range = min !== null && max !== null ? `${min} 至 ${max} 之间` : min !== null ? `不早于 ${min}` : `不晚于 ${max}`;
      e.push({ field: `${field}[${i}].dueDate`, code: 'INVALID_INPUT', message: `整改计划第 ${i + 1} 项的完成日期须${range}` });
    }
    return { title, dueDate, doneAt: null, progress: [] };
  });
}

export function fundsField(e: Errors, value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') {
    e.push({ field, code: 'COMMITMENTS_INCOMPLETE', message: '请填写整改资金（不需要资金时填 0）' });
    return null;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    e.push({ field, code: 'INVALID_INPUT', message: '整改资金须为不小于 0 的金额（以分为单位的整数）' });
    return null;
  }
  return value;
}

export function foundAtField(e: Errors, value: unknown, now: Date): string | null {
  const foundAt = dateField(e, value, 'foundAt', '发现日期');
  if (foundAt !== null && foundAt > shanghaiDate(now)) {
    e.push({ field: 'foundAt', code: 'FOUND_IN_FUTURE', message: '发现日期不能晚于今天' });
  }
  return foundAt;
}
