import { useEffect, useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/client';
import { useFormSubmit, type FormSubmitOptions } from './useFormSubmit';

/**
 * Saving a record that carries a version. The server answers 409 with
 * `details.reason: 'stale_version'` when someone saved it since it was read; then the lists
 * are refreshed and either the record is read again and put in the form with the user's
 * own edits on top (`reload`: the user checks and saves again), or, without `reload`, the
 * user is told to reopen it. Any other refusal is handled as by useFormSubmit.
 */
export type VersionedSaveOptions<T extends { version: number }, V, R> = Omit<FormSubmitOptions<V, R>, 'submit' | 'onError'> & {
  /** The record as opened; null when creating (a create cannot be stale). */
  record: T | null;
  /** Sends the change against `base`: the record as opened, or as re-read after a conflict. */
  save: (base: T | null, values: V) => Promise<R>;
  /** Queries to refresh after a conflict (the lists showing the record). */
  refresh: readonly QueryKey[];
  /** What the user is told after a conflict. */
  staleMessage: string;
  reload?: {
    fetch: (base: T) => Promise<T>;
    /** Puts the fresh record in the form, keeping what the user changed relative to `before`. */
    merge: (fresh: T, before: T, values: V) => void;
  };
};

export function useVersionedSave<T extends { version: number }, V, R = unknown>(opts: VersionedSaveOptions<T, V, R>) {
  const qc = useQueryClient();
  // The version being edited: after a conflict it becomes the latest one from the server.
  const [base, setBase] = useState<T | null>(opts.record);
  useEffect(() => setBase(opts.record), [opts.record]);

  const form = useFormSubmit<V, R>({
    ...opts,
    submit: (values) => opts.save(base ?? opts.record, values),
    onError: async (e, values) => {
      const before = base ?? opts.record;
      if (!(e instanceof ApiError && e.isStale) || !before) return false;
      let shown = opts.staleMessage;
      if (opts.reload) {
        try {
          const fresh = await opts.reload.fetch(before);
          setBase(fresh);
          opts.reload.merge(fresh, before, values);
        } catch (e2) {
          shown = errorMessage(e2);
        }
      }
      await Promise.all(opts.refresh.map((queryKey) => qc.invalidateQueries({ queryKey })));
      return shown;
    },
  });
  return { ...form, base: base ?? opts.record };
}
