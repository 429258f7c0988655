import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStorage, StoredFileError, sha256Of } from './file.storage.js';

describe('FileStorage (content-addressed, on disk)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-storage-'));
  const storage = new FileStorage(path.join(root, 'files'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Every file under the storage root, relative. */
  const listing = () => (fs.existsSync(storage.root) ? (fs.readdirSync(storage.root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(storage.root, f)).isFile()) : []);

  it('stores bytes at <root>/<2 hex>/<2 hex>/<sha256> and reads them back whole', async () => {
    const data = Buffer.from('整改前照片的字节');
    const sha = sha256Of(data);
    expect(await storage.put(data)).toEqual({ sha256: sha, sizeBytes: data.length });
    expect(storage.pathOf(sha)).toBe(path.join(storage.root, sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(fs.readFileSync(storage.pathOf(sha))).toEqual(data);
    expect(await storage.read(sha, data.length)).toEqual(data);
    expect(listing()).toEqual([path.join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
  });

  it('stores the same bytes once and leaves no temporary files', async () => {
    const data = Buffer.from('same bytes');
    const [a, b] = await Promise.all([storage.put(data), storage.put(data)]);
    expect(a).toEqual(b);
    await storage.put(data);
    expect(listing().filter((f) => f.endsWith(a.sha256))).toHaveLength(1);
    expect(listing().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports missing and damaged blobs instead of returning them', async () => {
    const data = Buffer.from('will go missing');
    const { sha256 } = await storage.put(data);
    fs.writeFileSync(storage.pathOf(sha256), 'will go missinG');
    await expect(storage.read(sha256, data.length)).rejects.toMatchObject({ reason: 'corrupt' });
    fs.writeFileSync(storage.pathOf(sha256), 'will go');
    await expect(storage.read(sha256)).rejects.toBeInstanceOf(StoredFileError);
    // A damaged blob is replaced when the same bytes are stored again.
    await storage.put(data);
    expect(await storage.read(sha256, data.length)).toEqual(data);
    fs.rmSync(storage.pathOf(sha256));
    await expect(storage.read(sha256, data.length)).rejects.toMatchObject({ reason: 'missing' });
  });

  it('refuses a name that is not a SHA-256 (no path tricks)', () => {
    expect(() => storage.pathOf('../../etc/passwd')).toThrow();
  });
});
