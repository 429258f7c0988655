import type { Ref } from 'react';
import { ACCEPT_PHOTOS } from '../lib/upload';

/**
 * The hidden file input behind a 拍照 or 从相册选择 button: the camera opens the phone's
 * back camera, the album offers the photo formats the server takes. Emptied after each
 * pick, so choosing the same photo again still counts.
 */
export function PhotoInput({ source, onFiles, ref, testId, tabIndex, label }: { source: 'camera' | 'album'; onFiles: (files: FileList | null) => void; ref?: Ref<HTMLInputElement>; testId?: string; tabIndex?: number; label?: string }) {
  return (
    <input
      ref={ref}
      className="xa-visually-hidden"
      type="file"
      accept={source === 'camera' ? 'image/*' : ACCEPT_PHOTOS}
      capture={source === 'camera' ? 'environment' : undefined}
      multiple
      // Named for screen readers even where no <label> wraps it.
      aria-label={label ?? (source === 'camera' ? '拍照' : '从相册选择照片')}
      tabIndex={tabIndex}
      onChange={(e) => {
        onFiles(e.target.files);
        e.target.value = '';
      }}
      data-testid={testId}
    />
  );
}
