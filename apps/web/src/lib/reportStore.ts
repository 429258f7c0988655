import type { HazardDomain } from '@xiaoan/domain';
import type { CreateHazardBody } from '../api/types';
import type { StoredUpload } from './useUploads';

/** What the reporter has typed so far (kept on the phone, so nothing is lost on a reload). */
export type ReportDraft = {
  /** The Idempotency-Key this draft will be sent with. */
  key: string;
  title: string;
  description: string;
  domain: HazardDomain | null;
  location: string;
  unitId: string | null;
  major: boolean;
  photos: StoredUpload[];
};

/** A submission sent (or about to be) whose answer has not been seen yet. */
export type PendingReport = { key: string; body: CreateHazardBody; savedAt: string; photoNames: string[] };

const draftKey = (userId: string) => `xiaoan.report.draft.${userId}`;
const pendingKey = (userId: string) => `xiaoan.report.pending.${userId}`;

function read<T>(k: string): T | null {
  try {
    const s = localStorage.getItem(k);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

function write(k: string, v: unknown): void {
  try {
    if (v === null) localStorage.removeItem(k);
    else localStorage.setItem(k, JSON.stringify(v));
  } catch {
    // Storage full or disabled: the page still works, only without surviving a reload.
  }
}

export const loadDraft = (userId: string) => read<ReportDraft>(draftKey(userId));
export const saveDraft = (userId: string, d: ReportDraft | null) => write(draftKey(userId), d);
export const loadPending = (userId: string) => read<PendingReport>(pendingKey(userId));
export const savePending = (userId: string, p: PendingReport | null) => write(pendingKey(userId), p);
