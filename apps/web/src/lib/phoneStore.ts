/**
 * JSON kept on the phone (localStorage) so drafts and unconfirmed submissions survive a
 * reload. Storage full or disabled: reads give null and writes do nothing; the page still
 * works, only without surviving a reload.
 */
export function readStored<T>(k: string): T | null {
  try {
    const s = localStorage.getItem(k);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

/** Writes `v` as JSON under `k`; `null` removes the entry. */
export function writeStored(k: string, v: unknown): void {
  try {
    if (v === null) localStorage.removeItem(k);
    else localStorage.setItem(k, JSON.stringify(v));
  } catch {
    // See above.
  }
}
