import { useEffect } from 'react';
import { ApiError } from '../api/client';

/** Worth sending again with the same key: the answer never came, or the server was briefly unable. */
export const retryable = (e: unknown) => e instanceof ApiError && (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500);

/** The pause before the next attempt: 2 s, doubling, at most 30 s. */
export const resendDelay = (attempt: number) => Math.min(30_000, 2_000 * 2 ** Math.min(attempt, 4));

/**
 * While a submission is pending (phase `sending`): send it now, then again after a growing
 * pause, or at once when the network comes back. `send` decides what an answer means and
 * moves the phase on (a new `sending` phase with a higher attempt schedules the next try).
 */
export function useResend<P>(phase: { kind: string; attempt?: number }, pending: P | null, send: (p: P) => Promise<void>): void {
  useEffect(() => {
    if (phase.kind !== 'sending' || !pending) return;
    let cancelled = false;
    const go = () => {
      if (!cancelled) void send(pending);
    };
    const attempt = phase.attempt ?? 0;
    const timer = window.setTimeout(go, attempt === 0 ? 0 : resendDelay(attempt));
    const online = () => {
      window.clearTimeout(timer);
      go();
    };
    window.addEventListener('online', online);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      window.removeEventListener('online', online);
    };
  }, [phase, pending, send]);
}
