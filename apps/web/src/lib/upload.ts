import { ApiError, csrfHeaders, parseJson, responseError } from '../api/client';
import { FILES_UPLOAD_PATH, fileUrl, thumbnailUrl } from '../api/files';
import type { FileRef } from '../api/types';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
const PHOTO_EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

/** What an <input type="file"> offers: photos, or photos and PDF documents. */
export const ACCEPT_PHOTOS = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';
export const ACCEPT_FILES = `${ACCEPT_PHOTOS},application/pdf,.pdf`;

export const isPhotoFile = (f: File) => PHOTO_TYPES.includes(f.type) || (!f.type && PHOTO_EXT.test(f.name));
const isPdf = (f: File) => f.type === 'application/pdf' || /\.pdf$/i.test(f.name);

/** Why the server would refuse this file, said before uploading it; null when it looks fine. */
export function checkFile(file: File, allow: 'photo' | 'any'): string | null {
  if (file.size > MAX_FILE_BYTES) return `“${file.name}”超过 10 MB，请压缩后再上传`;
  if (isPhotoFile(file)) return null;
  if (allow === 'any' && isPdf(file)) return null;
  return allow === 'photo' ? `“${file.name}”不是照片（支持 JPEG、PNG、WebP、HEIC）` : `“${file.name}”格式不支持（支持照片 JPEG/PNG/WebP/HEIC 和 PDF 文件）`;
}

// Re-exported: the hazard components read the file addresses from here.
export { fileUrl, thumbnailUrl };

/**
 * Uploads one file to POST /api/files with progress (fetch cannot report upload
 * progress, so this uses XMLHttpRequest); resolves with the stored file's metadata.
 */
export function uploadFile(
  file: File,
  opts: { unitId?: string; onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<FileRef> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', FILES_UPLOAD_PATH);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof (data as FileRef).id === 'string') {
        opts.onProgress?.(100);
        resolve(data as FileRef);
      } else {
        reject(responseError(xhr.status || 500, data));
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', '网络中断，文件未能上传，请重试', undefined, 0));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    // Fields before the file: a streaming multipart reader sees them before the bytes.
    const form = new FormData();
    if (opts.unitId) form.append('unitId', opts.unitId);
    form.append('file', file);
    xhr.send(form);
  });
}
