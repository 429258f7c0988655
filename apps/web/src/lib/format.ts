/**
 * The one way the web shows dates and times: Beijing time (the ledger's days are Beijing
 * days, wherever the browser is), 'YYYY-MM-DD HH:mm' for an instant and 'YYYY-MM-DD' for a
 * day. No page formats a time by itself (eslint bans toLocaleString and friends in pages).
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const p2 = (n: number) => String(n).padStart(2, '0');

function beijingParts(iso: string): { y: number; m: number; d: number; hh: number; mm: number; ss: number } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + BEIJING_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), ss: d.getUTCSeconds() };
}

/** An instant as 'YYYY-MM-DD HH:mm' (Beijing); null for none, the input itself when it is not a time. */
export function dateTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const b = beijingParts(iso);
  return b ? `${b.y}-${p2(b.m)}-${p2(b.d)} ${p2(b.hh)}:${p2(b.mm)}` : iso;
}

/** The same with seconds, where order within a minute matters (the audit trail). */
export function dateTimeSeconds(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const b = beijingParts(iso);
  return b ? `${b.y}-${p2(b.m)}-${p2(b.d)} ${p2(b.hh)}:${p2(b.mm)}:${p2(b.ss)}` : iso;
}

/** The Beijing day of an instant, 'YYYY-MM-DD'. A plain day ('2026-12-03') is returned as it is. */
export function dateOf(iso: string | null | undefined): string | null {
  if (!iso) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return dateTime(iso)?.slice(0, 10) ?? null;
}

/** The Beijing time of day of an instant, 'HH:mm'. */
export function timeOfDay(iso: string | null | undefined): string | null {
  return dateTime(iso)?.slice(11) ?? null;
}

/** A time for a table cell or a line of text: the formatted instant, or '—' when there is none. */
export const dateTimeOrDash = (iso: string | null | undefined) => dateTime(iso) ?? '—';
