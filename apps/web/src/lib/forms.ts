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

/** A form's field name and the reasons to show under it, as antd's `form.setFields` takes them. */
export type FieldError = { name: (string | number)[]; errors: string[] };

/**
 * The server's field errors (see `fieldErrors`) for the fields a form shows: `known` are
 * its registered top-level names, `fieldMap` renames a server field to the form's. Reasons
 * for fields the form does not show are left out, for the caller's alert.
 */
export function matchFieldErrors(errs: Record<string, string[]>, known: ReadonlySet<string>, fieldMap: Record<string, string> = {}): FieldError[] {
  return Object.entries(errs)
    .map(([f, errors]) => ({ name: [fieldMap[f] ?? f], errors }))
    .filter((f) => known.has(f.name[0]!));
}

/**
 * Puts "field: reason" validation details from the server under the matching form
 * fields; returns true when at least one field got an error.
 */
export function showFieldErrors(form: FormInstance, e: unknown, fieldMap: Record<string, string> = {}): boolean {
  // Registered fields only: a reason for a field the form does not show goes to the alert instead.
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const fields = matchFieldErrors(fieldErrors(e), known, fieldMap);
  if (fields.length) form.setFields(fields.map((f) => ({ name: f.name[0]!, errors: f.errors })));
  return fields.length > 0;
}

/** Domain field names of the hazard ledger → the form field that carries them. */
const HAZARD_FIELD_ALIASES: Record<string, string> = {
  fundsFen: 'funds',
  photos: 'photoIds',
  fixPhotos: 'fixPhotoIds',
  evidence: 'evidenceIds',
  files: 'fileIds',
  addPhotos: 'addPhotoIds',
};

/**
 * A server field name as a form path: JSON pointers ('/plan/0/dueDate'), Ajv's dotted
 * paths ('plan.0.dueDate') and the domain's ('plan[0].dueDate') alike. The nested parts
 * of the create body ('register.', 'fixedOnSpot.') are flat fields in the form, and the
 * domain's record names (fundsFen, evidence …) become the request's (funds, evidenceIds …).
 */
export function fieldPath(field: string): (string | number)[] {
  const clean = field.replace(/^\//, '').replace(/\//g, '.').replace(/^(register|fixedOnSpot|body)\./, '');
  const parts: (string | number)[] = [];
  for (const m of clean.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[1] !== undefined) parts.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
  }
  if (typeof parts[0] === 'string') parts[0] = HAZARD_FIELD_ALIASES[parts[0]] ?? parts[0];
  return parts;
}

function has(obj: unknown, path: (string | number)[]): boolean {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return false;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return true;
}

/**
 * Splits the server's field errors into those an input shows (its path exists among the
 * form's registered fields or its values, list rows included) and the messages left over.
 */
export function placeFieldErrors(errs: Record<string, string[]>, registered: unknown, values: unknown): { fields: FieldError[]; rest: string[] } {
  const fields: FieldError[] = [];
  const rest: string[] = [];
  for (const [field, messages] of Object.entries(errs)) {
    const path = fieldPath(field);
    if (path.length && (has(registered, path) || has(values, path))) fields.push({ name: path, errors: messages });
    else rest.push(...messages);
  }
  return { fields, rest };
}

/**
 * Puts the server's field errors (`details.fields`, or "field: reason" lines) under the
 * matching inputs, e.g. 'owner', 'plan[0].dueDate', 'register.dueDate'; scrolls to the
 * first. Returns how many inputs show one, and the messages no input shows.
 */
export function applyFieldErrors(form: FormInstance, e: unknown): { shown: number; rest: string[] } {
  const { fields, rest } = placeFieldErrors(fieldErrors(e), form.getFieldsValue(), form.getFieldsValue(true));
  if (fields.length) {
    form.setFields(fields);
    form.scrollToField(fields[0]!.name, { block: 'center' });
  }
  return { shown: fields.length, rest };
}

/** Form values: empty strings become null, so a cleared field clears on the server. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v;
  return out as T;
}
