import type { FormInstance } from 'antd';
import { checkPasswordPolicy } from '@xiaoan/domain';
import { fieldErrors } from '../api/client';

/** The form's values, or null when a field is invalid (antd already shows why under the field). */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

export const PASSWORD_HINT = '至少 8 位，含大写、小写、数字、符号中的三类';

/** An antd validator running the platform password policy (the server checks it again). */
export function passwordRule(getUsername?: () => string | undefined) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problems = checkPasswordPolicy(value, getUsername?.() || undefined);
      if (problems.length) throw new Error(problems.join('；'));
    },
  };
}

/**
 * Puts "field: reason" validation details from the server under the matching form
 * fields; returns true when at least one field got an error.
 */
export function showFieldErrors(form: FormInstance, e: unknown, fieldMap: Record<string, string> = {}): boolean {
  const errs = fieldErrors(e);
  // Registered fields only: a reason for a field the form does not show goes to the alert instead.
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const fields = Object.entries(errs)
    .map(([f, errors]) => ({ name: fieldMap[f] ?? f, errors }))
    .filter((f) => known.has(f.name));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** Form values: empty strings become null, so a cleared field clears on the server. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v;
  return out as T;
}
