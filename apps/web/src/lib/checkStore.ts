import type { Answer } from '@xiaoan/domain';
import type { CreateInspectionBody } from '../api/inspections';
import type { StoredUpload } from './useUploads';
import { readStored, writeStored } from './phoneStore';

/** One item's answer while the check is being filled in. */
export type DraftAnswer = { answer: Answer | null; note: string; photos: StoredUpload[] };

/** A check being filled in at a point (kept on the phone, so a reload loses nothing). */
export type CheckDraft = { key: string; startedAt: string; answers: Record<string, DraftAnswer>; summary: string };

/** A submitted check whose confirmation has not been seen yet: sent again with the same key until it is. */
export type PendingCheck = { key: string; body: CreateInspectionBody; pointName: string; savedAt: string };

const draftKey = (userId: string, pointId: string) => `xiaoan.check.draft.${userId}.${pointId}`;
const pendingKey = (userId: string) => `xiaoan.check.pending.${userId}`;

export const loadCheckDraft = (userId: string, pointId: string) => readStored<CheckDraft>(draftKey(userId, pointId));
export const saveCheckDraft = (userId: string, pointId: string, d: CheckDraft | null) => writeStored(draftKey(userId, pointId), d);

/** Every check of this user waiting for the server (several points may be queued while offline). */
export const loadPendingChecks = (userId: string) => readStored<PendingCheck[]>(pendingKey(userId)) ?? [];
export function addPendingCheck(userId: string, p: PendingCheck): void {
  writeStored(pendingKey(userId), [...loadPendingChecks(userId).filter((x) => x.key !== p.key), p]);
}
export function removePendingCheck(userId: string, key: string): void {
  const rest = loadPendingChecks(userId).filter((x) => x.key !== key);
  writeStored(pendingKey(userId), rest.length ? rest : null);
}
