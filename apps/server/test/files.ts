import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileRef } from '@xiaoan/contracts';
import type { App } from '../src/app.js';
import type { Client } from './app.js';
import { postParts, type Part } from './multipart.js';
import { photo } from './images.js';

/** A fresh data directory for one test app (files land in `<dir>/files/`); remove it with `fs.rmSync(dir, { recursive: true })`. */
export const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-files-'));

/** Uploads bytes through the real route (field `file`, optional `unitId`) and returns the response. */
export function uploadBytes(
  app: App,
  client: Client,
  data: Buffer,
  opts: { filename?: string; contentType?: string; unitId?: string; csrf?: boolean } = {},
) {
  const parts: Part[] = [];
  if (opts.unitId !== undefined) parts.push({ name: 'unitId', data: opts.unitId });
  parts.push({ name: 'file', filename: opts.filename ?? 'photo.jpg', contentType: opts.contentType ?? 'image/jpeg', data });
  return postParts(app, client, '/api/files', parts, { csrf: opts.csrf });
}

/** Uploads a small JPEG photo (real bytes on disk, a file_object row) and returns its FileRef; throws unless 201. */
export async function uploadPhoto(app: App, client: Client, opts: { unitId?: string; filename?: string } = {}): Promise<FileRef> {
  const res = await uploadBytes(app, client, await photo('jpeg', 64, 48), opts);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json() as FileRef;
}
