import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import type { FileRef } from '../api/types';
import { checkFile, isPhotoFile, thumbnailUrl, uploadFile } from './upload';

export type UploadItem = {
  uid: string;
  name: string;
  kind: 'photo' | 'document';
  /** A local object URL (or the server thumbnail) to show; null for documents and HEIC. */
  previewUrl: string | null;
  status: 'uploading' | 'done' | 'error';
  percent: number;
  ref: FileRef | null;
  error: string | null;
  file: File | null;
};

/** A file already on the server (e.g. restored from a saved draft). */
export type StoredUpload = { id: string; name: string; kind: 'photo' | 'document' };

let seq = 0;
const storedItem = (s: StoredUpload): UploadItem => ({
  uid: newUid(),
  name: s.name,
  kind: s.kind,
  previewUrl: s.kind === 'photo' ? thumbnailUrl(s.id) : null,
  status: 'done',
  percent: 100,
  ref: { id: s.id, kind: s.kind, mime: '', originalName: s.name, sizeBytes: 0, width: null, height: null, hasThumbnail: true, uploadedAt: '' },
  error: null,
  file: null,
});
const newUid = () => `u${Date.now().toString(36)}${(seq++).toString(36)}`;
const browserShows = (f: File) => ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(f.type);

/**
 * Files picked by the user, each uploaded at once to /api/files with its progress.
 * Forms send `doneIds`; `busy` is true while any upload is running.
 */
export function useUploads({
  unitId,
  allow,
  max = 20,
  initial,
  onRejected,
}: {
  unitId?: string;
  allow: 'photo' | 'any';
  max?: number;
  initial?: readonly StoredUpload[];
  onRejected?: (message: string) => void;
}) {
  const [items, setItems] = useState<UploadItem[]>(() => (initial ?? []).map(storedItem));
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const unitRef = useRef(unitId);
  unitRef.current = unitId;
  const rejectedRef = useRef(onRejected);
  rejectedRef.current = onRejected;

  const patch = useCallback((uid: string, p: Partial<UploadItem>) => {
    setItems((prev) => prev.map((it) => (it.uid === uid ? { ...it, ...p } : it)));
  }, []);

  const start = useCallback(
    (uid: string, file: File) => {
      patch(uid, { status: 'uploading', percent: 0, error: null });
      uploadFile(file, { unitId: unitRef.current, onProgress: (percent) => patch(uid, { percent }) }).then(
        (ref) => patch(uid, { status: 'done', percent: 100, ref }),
        (e: unknown) => {
          // The server's reason (too large, not a photo …) is said once, and kept on the tile.
          const why = errorMessage(e);
          patch(uid, { status: 'error', error: why });
          rejectedRef.current?.(why);
        },
      );
    },
    [patch],
  );

  const add = useCallback(
    (list: FileList | readonly File[] | null) => {
      if (!list) return;
      const room = max - itemsRef.current.length;
      const files = Array.from(list);
      if (files.length > room) onRejected?.(`最多上传 ${max} 个文件`);
      const fresh: UploadItem[] = [];
      for (const file of files.slice(0, Math.max(0, room))) {
        const problem = checkFile(file, allow);
        if (problem) {
          onRejected?.(problem);
          continue;
        }
        const photo = isPhotoFile(file);
        fresh.push({
          uid: newUid(),
          name: file.name,
          kind: photo ? 'photo' : 'document',
          previewUrl: photo && browserShows(file) ? URL.createObjectURL(file) : null,
          status: 'uploading',
          percent: 0,
          ref: null,
          error: null,
          file,
        });
      }
      if (!fresh.length) return;
      setItems((prev) => [...prev, ...fresh]);
      for (const it of fresh) if (it.file) start(it.uid, it.file);
    },
    [allow, max, onRejected, start],
  );

  const retry = useCallback(
    (uid: string) => {
      const it = itemsRef.current.find((x) => x.uid === uid);
      if (it?.file) start(uid, it.file);
    },
    [start],
  );

  const remove = useCallback((uid: string) => {
    setItems((prev) => {
      const it = prev.find((x) => x.uid === uid);
      if (it?.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(it.previewUrl);
      return prev.filter((x) => x.uid !== uid);
    });
  }, []);

  /** Shows files already on the server (a refused submission coming back to the form). */
  const restore = useCallback((stored: readonly StoredUpload[]) => {
    setItems((prev) => [...prev, ...stored.filter((s) => !prev.some((p) => p.ref?.id === s.id)).map(storedItem)]);
  }, []);

  const clear = useCallback(() => {
    for (const it of itemsRef.current) if (it.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(it.previewUrl);
    setItems([]);
  }, []);

  useEffect(
    () => () => {
      for (const it of itemsRef.current) if (it.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(it.previewUrl);
    },
    [],
  );

  const doneIds = items.filter((i) => i.status === 'done' && i.ref).map((i) => i.ref!.id);
  const busy = items.some((i) => i.status === 'uploading');
  const failed = items.filter((i) => i.status === 'error').length;
  return { items, add, retry, remove, restore, clear, doneIds, busy, failed };
}
