import type { HazardDomain } from '@xiaoan/domain';
import type { CreateHazardBody } from '../api/types';
import type { StoredUpload } from './useUploads';
import { readStored, writeStored } from './phoneStore';

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

export const loadDraft = (userId: string) => readStored<ReportDraft>(draftKey(userId));
export const saveDraft = (userId: string, d: ReportDraft | null) => writeStored(draftKey(userId), d);
export const loadPending = (userId: string) => readStored<PendingReport>(pendingKey(userId));
export const savePending = (userId: string, p: PendingReport | null) => writeStored(pendingKey(userId), p);
