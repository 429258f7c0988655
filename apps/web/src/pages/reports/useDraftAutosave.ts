import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { reportApi, type SubmissionDetailT } from '../../api/reports';
import { useVersionedSave } from '../../lib/useVersionedSave';

/**
 * The draft's autosave: a debounced PUT …/draft with the version it was read at. A 409 (saved
 * elsewhere since: another tab, a colleague keeping the same draft) re-reads the report and
 * keeps the user's own edits on top of it (useVersionedSave's reload), then saves again.
 * Only one save runs at a time, so two saves never race on the same version.
 */

export type DraftValues = { narrative: Record<string, string>; attachmentIds: string[] };
type Base = { version: number; detail: SubmissionDetailT };

const DEBOUNCE_MS = 1200;
const keyOf = (v: DraftValues) => JSON.stringify([Object.entries(v.narrative).sort(([a], [b]) => a.localeCompare(b)), v.attachmentIds]);

export const draftValuesOf = (d: SubmissionDetailT): DraftValues => ({ narrative: { ...d.draft.narrative }, attachmentIds: d.draft.files.map((f) => f.id) });

export function useDraftAutosave({
  detail,
  values,
  setValues,
  enabled,
}: {
  detail: SubmissionDetailT;
  values: DraftValues;
  setValues: (v: DraftValues) => void;
  /** False while uploads run or once the report is being submitted. */
  enabled: boolean;
}) {
  const qc = useQueryClient();
  const id = detail.submission.id;
  const record = useMemo<Base>(() => ({ version: detail.submission.version, detail }), [detail]);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const [savedKey, setSavedKey] = useState(() => keyOf(draftValuesOf(detail)));
  const [savedAt, setSavedAt] = useState<string | null>(detail.draft.savedAt);
  const savedKeyRef = useRef(savedKey);
  savedKeyRef.current = savedKey;

  const save = useVersionedSave<Base, DraftValues, SubmissionDetailT>({
    record,
    values: () => valuesRef.current,
    save: (base, v) => reportApi.saveDraft(id, { version: (base ?? record).version, narrative: v.narrative, attachmentIds: v.attachmentIds }),
    onSuccess: (fresh, v) => {
      savedKeyRef.current = keyOf(v);
      setSavedKey(savedKeyRef.current);
      setSavedAt(fresh.draft.savedAt ?? new Date().toISOString());
      qc.setQueryData(keys.reports.submission(id), fresh);
    },
    refresh: [keys.reports.submission(id)],
    staleMessage: '这份报告刚在别处保存过：已载入最新内容，并保留了您的修改，稍后自动保存',
    reload: {
      fetch: async () => {
        const fresh = await reportApi.submission(id);
        return { version: fresh.submission.version, detail: fresh };
      },
      merge: (fresh, before, mine) => {
        // A field the user changed since it was read keeps the user's text; the others take the saved one.
        const was = draftValuesOf(before.detail);
        const now = draftValuesOf(fresh.detail);
        const narrative: Record<string, string> = { ...now.narrative };
        for (const [k, v] of Object.entries(mine.narrative)) if (v !== (was.narrative[k] ?? '')) narrative[k] = v;
        const filesChanged = mine.attachmentIds.join(',') !== was.attachmentIds.join(',');
        setSavedKey(keyOf(now));
        setValues({ narrative, attachmentIds: filesChanged ? mine.attachmentIds : now.attachmentIds });
      },
    },
  });

  const currentKey = keyOf(values);
  const dirty = currentKey !== savedKey;
  const { submit, saving } = save;
  const submitRef = useRef(submit);
  submitRef.current = submit;
  const baseVersion = save.base?.version;

  // A refused save is not retried on its own until the text or the version changes (no loop on a 400).
  const [failed, setFailed] = useState<string | null>(null);
  const attempt = `${currentKey}@${baseVersion ?? ''}`;

  useEffect(() => {
    if (!enabled || !dirty || saving || failed === attempt) return;
    const t = setTimeout(() => {
      void submitRef.current().then(() => {
        if (savedKeyRef.current !== currentKey) setFailed(attempt);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [enabled, dirty, saving, currentKey, attempt, failed]);

  return {
    saving,
    dirty,
    savedAt,
    error: save.error,
    /** The version the next write must carry (after a conflict, the re-read one). */
    version: baseVersion ?? detail.submission.version,
    saveNow: () => {
      setFailed(null);
      void submit();
    },
  };
}
