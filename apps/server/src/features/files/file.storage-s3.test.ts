import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test/s3.js';
import { loadConfig } from '../../config.js';
import { LocalFileStorage, StoredFileError, blobName, sha256Of, type FileStorage } from './file.storage.js';
import { S3FileStorage } from './file.storage-s3.js';
import { fileStorageFor } from './file.storage-config.js';

let s3: TestS3Server;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-storage-contract-'));
const stores: S3FileStorage[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await s3.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes other bytes under a blob's name, behind the store's back (as a damaged disk or a wrong upload would). */
async function overwrite(kind: 'local' | 's3', store: FileStorage, sha256: string, data: Buffer) {
  if (kind === 'local') return fs.writeFileSync((store as LocalFileStorage).pathOf(sha256), data);
  const raw = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: (store as S3FileStorage).settings.prefix + blobName(sha256), Body: data }));
  raw.destroy();
}

/** Puts a non-blob name beside the blobs (a note, a temporary file). */
async function foreign(kind: 'local' | 's3', store: FileStorage) {
  if (kind === 'local') {
    const dir = path.join((store as LocalFileStorage).root, 'ab', 'cd');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `.${'ab'.padEnd(64, '0')}.123.tmp`), 'x');
    return;
  }
  const raw = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${(store as S3FileStorage).settings.prefix}README.txt`, Body: 'not a blob' }));
  raw.destroy();
}

const collect = async (it: AsyncIterable<{ sha256: string; sizeBytes: number }>) => {
  const out = [];
  for await (const b of it) out.push(b);
  return out.sort((a, b) => a.sha256.localeCompare(b.sha256));
};

describe.each([
  { kind: 'local' as const, make: (n: string): FileStorage => new LocalFileStorage(path.join(root, n)) },
  {
    kind: 's3' as const,
    make: (n: string): FileStorage => {
      const s = new S3FileStorage(s3.settings(`${n}/`));
      stores.push(s);
      return s;
    },
  },
])('the file storage contract on $kind (a real S3 server for s3)', ({ kind, make }) => {
  it('stores bytes under their SHA-256, once for equal bytes, and gives them back whole, checked', async () => {
    const store = make('put');
    const data = Buffer.from(`evidence bytes ${kind}`);
    const sha = sha256Of(data);
    const [a, b] = await Promise.all([store.put(data), store.put(data)]);
    expect(a).toEqual({ sha256: sha, sizeBytes: data.length });
    expect(b).toEqual(a);
    expect(await store.read(sha, data.length)).toEqual(data);
    expect(await store.read(sha)).toEqual(data);
    expect(await store.has(sha, data.length)).toBe(true);
    expect(await store.has(sha)).toBe(true);
    expect(await store.has(sha, data.length + 1)).toBe(false);
    expect(await collect(store.list())).toEqual([{ sha256: sha, sizeBytes: data.length }]);
    const chunks: Buffer[] = [];
    for await (const c of await store.getStream(sha)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data);
  });

  it('reports a missing blob as missing and different bytes as corrupt, never returning them', async () => {
    const store = make('damage');
    const data = Buffer.from(`will be damaged ${kind}`);
    const { sha256 } = await store.put(data);
    const unknown = sha256Of(Buffer.from('never stored'));
    await expect(store.read(unknown)).rejects.toMatchObject({ reason: 'missing', sha256: unknown });
    await expect(store.getStream(unknown)).rejects.toBeInstanceOf(StoredFileError);
    expect(await store.has(unknown)).toBe(false);
    await overwrite(kind, store, sha256, Buffer.from(`will be damageD ${kind}`));
    await expect(store.read(sha256, data.length)).rejects.toMatchObject({ reason: 'corrupt' });
    await expect(store.read(sha256)).rejects.toMatchObject({ reason: 'corrupt' });
  });

  it('deletes a blob (and a second delete is no error), and lists only blobs', async () => {
    const store = make('delete');
    const keep = await store.put(Buffer.from(`keep ${kind}`));
    const gone = await store.put(Buffer.from(`gone ${kind}`));
    await foreign(kind, store);
    await store.delete(gone.sha256);
    await store.delete(gone.sha256);
    expect(await store.has(gone.sha256)).toBe(false);
    await expect(store.read(gone.sha256)).rejects.toMatchObject({ reason: 'missing' });
    expect(await collect(store.list())).toEqual([keep]);
  });

  it('refuses a name that is not a SHA-256 (no path or key outside the store)', async () => {
    const store = make('names');
    await expect(store.read('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});

describe('S3 storage settings', () => {
  it('keeps stores of different prefixes in one bucket apart', async () => {
    const a = new S3FileStorage(s3.settings('tenant-a/'));
    const b = new S3FileStorage(s3.settings('tenant-b/'));
    stores.push(a, b);
    const blob = await a.put(Buffer.from('only in a'));
    expect(await b.has(blob.sha256)).toBe(false);
    expect(await collect(b.list())).toEqual([]);
    expect(a.location).toBe(`s3://${s3.bucket}/tenant-a/`);
  });

  it('is chosen by FILE_STORAGE: the local disk by default, the bucket with s3, once per configuration', () => {
    const local = loadConfig({ XIAOAN_DATA_DIR: root } as NodeJS.ProcessEnv);
    expect(local.fileStorage).toEqual({ kind: 'local' });
    const disk = fileStorageFor(local);
    expect(disk).toBeInstanceOf(LocalFileStorage);
    expect(disk.location).toBe(path.join(root, 'files'));
    expect(fileStorageFor(local)).toBe(disk);

    const env = { FILE_STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'b1', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'xiaoan' } as NodeJS.ProcessEnv;
    const remote = loadConfig(env);
    expect(remote.fileStorage).toEqual({ kind: 's3', endpoint: s3.endpoint, bucket: 'b1', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true, prefix: 'xiaoan/' });
    expect(fileStorageFor(remote)).toBeInstanceOf(S3FileStorage);
    expect(loadConfig({ ...env, S3_FORCE_PATH_STYLE: 'false' }).fileStorage).toMatchObject({ forcePathStyle: false });

    expect(() => loadConfig({ FILE_STORAGE: 'nfs' } as NodeJS.ProcessEnv)).toThrow(/FILE_STORAGE 应为 local 或 s3/);
    expect(() => loadConfig({ FILE_STORAGE: 's3' } as NodeJS.ProcessEnv)).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ ...env, S3_SECRET_ACCESS_KEY: '' })).toThrow(/同时设置/);
    expect(() => loadConfig({ ...env, S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
  });
});
