import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters kept in the address, so a reload, a shared link or the back button
 * shows the same list. Changing a filter returns to page 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(500, Math.max(1, Number(params.get('pageSize')) || 20));
  const set = useCallback(
    (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const resetsPage = Object.keys(patch).some((k) => k !== 'page' && k !== 'pageSize');
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (resetsPage) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { values, page, pageSize, set };
}
