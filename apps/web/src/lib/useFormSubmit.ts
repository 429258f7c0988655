import { useState } from 'react';
import type { FormInstance } from 'antd';
import { errorMessage } from '../api/client';
import { showFieldErrors, validated } from './forms';

/**
 * What a form's submit does everywhere in the app: check the form, mark it saving, call the
 * server, and on a refusal put the server's "field: reason" lines under their fields (or,
 * for a reason no field shows, into the form's error block). One hook so every form answers
 * a refusal the same way.
 */
export type FormSubmitOptions<V, R> = {
  /** The antd form: validated first; the server's field errors go under its fields. */
  form?: FormInstance<V>;
  /** Without a form (a drawer of plain inputs): the values to send. */
  values?: () => V;
  /** A rule the fields' own rules cannot say (e.g. no one twice in a team); its message goes to the error block. */
  check?: (values: V) => string | null;
  submit: (values: V) => Promise<R>;
  onSuccess?: (result: R, values: V) => void | Promise<void>;
  /**
   * A refusal the caller answers itself before the general handling (the stale-version
   * reload of useVersionedSave): `true` handled, a string handled with that message shown.
   */
  onError?: (e: unknown, values: V) => boolean | string | Promise<boolean | string>;
  /** Fields emptied after any refusal: a one-time code is worth nothing the second time. */
  clearOnError?: readonly (keyof V & string)[];
  /** The server's field name → the form's, where they differ. */
  fieldMap?: Record<string, string>;
};

export function useFormSubmit<V, R = unknown>(opts: FormSubmitOptions<V, R>) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    const values = opts.form ? await validated(opts.form) : (opts.values?.() ?? null);
    if (values === null) return;
    const problem = opts.check?.(values) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const result = await opts.submit(values);
      await opts.onSuccess?.(result, values);
    } catch (e) {
      const form = opts.form;
      if (form) for (const f of opts.clearOnError ?? []) form.setFieldValue(f as never, '');
      const handled = await opts.onError?.(e, values);
      if (typeof handled === 'string') setError(handled);
      else if (!handled && !(form && showFieldErrors(form, e, opts.fieldMap))) setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return { submit, saving, error, setError };
}
