// Real, distinct JPEG photos (and their thumbnails) for the evidence files, stored
// content-addressed exactly as the files feature stores uploads.
import fs from 'node:fs/promises';
import sharp from 'sharp';
import path from 'node:path';
import { FileStorage, sha256Of } from '../../apps/server/src/features/files/file.storage.js';
import type { Rng } from './names.js';

export type StoredImage = { sha256: string; sizeBytes: number; width: number; height: number; thumbSha256: string };

/**
 * Writes `count` distinct photos: a small random colour field scaled up to 640×480
 * (smooth blobs, like a blurred photo), encoded as a progressive JPEG, plus a
 * 320×240 thumbnail, both under `<filesDir>/ab/cd/<sha256>`.
 */
export async function writeImages(filesDir: string, count: number, rng: Rng, onProgress?: (done: number) => void): Promise<StoredImage[]> {
  await fs.mkdir(filesDir, { recursive: true });
  const storage = new FileStorage(filesDir);
  const out: StoredImage[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const seedPixels = Buffer.alloc(8 * 6 * 3);
      for (let p = 0; p < seedPixels.length; p++) seedPixels[p] = Math.floor(rng() * 256);
      const base = sharp(seedPixels, { raw: { width: 8, height: 6, channels: 3 } }).resize(640, 480, { kernel: 'cubic' });
      const photo = await base.clone().jpeg({ quality: 82, progressive: true }).toBuffer();
      const thumb = await sharp(photo).resize(320, 240).jpeg({ quality: 70 }).toBuffer();
      // Same layout as FileStorage.put, without its fsync per blob (a benchmark's scratch data).
      const put = async (data: Buffer) => {
        const sha256 = sha256Of(data);
        const target = storage.pathOf(sha256);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, data);
        return { sha256, sizeBytes: data.length };
      };
      const p = await put(photo);
      const t = await put(thumb);
      out[i] = { sha256: p.sha256, sizeBytes: p.sizeBytes, width: 640, height: 480, thumbSha256: t.sha256 };
      if (onProgress && i % 1000 === 999) onProgress(i + 1);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}
