import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../../test/app.js';
import { buildDistrict } from '../../test/factories.js';
import { uploadBytes } from '../../test/files.js';
import { photo } from '../../test/images.js';
import { startS3Server, type TestS3Server } from '../../test/s3.js';
import { ensureDatabase, withDatabase } from '../db/migrate.js';
import { fileStorageFor } from '../features/files/file.storage-config.js';
import { S3FileStorage } from '../features/files/file.storage-s3.js';
import type { FileStorage } from '../features/files/file.storage.js';
import { RestoreTargetError } from './archive.js';
import { createBackup } from './backup.js';
import { restoreIntoDatabase } from './restore.js';

const blobs = async (s: FileStorage) => {
  const out: string[] = [];
  for await (const b of s.list()) out.push(`${b.sha256}:${b.sizeBytes}`);
  return out.sort();
};

async function emptyDatabase(): Promise<string> {
  const name = `${inject('pgTemplateDb')}_r_${crypto.randomBytes(4).toString('hex')}`;
  await ensureDatabase(inject('pgAdminUrl'), name);
  return withDatabase(inject('pgAdminUrl'), name);
}

/** With FILE_STORAGE=s3 the backup reads the blobs from the bucket, and a restore puts them into an empty one. */
describe('backup and restore with the files in an S3 bucket', () => {
  let s3: TestS3Server;
  let t: TestApp;
  let work: string;
  const stores: S3FileStorage[] = [];
  beforeAll(async () => {
    s3 = await startS3Server();
    t = await createTestApp({ fileStorage: s3.settings('source/') });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-backup-s3-'));
  }, 120_000);
  afterAll(async () => {
    await t?.app.close();
    await t?.tdb.close();
    await Promise.all(stores.map((s) => s.close()));
    await s3?.close();
    if (t) fs.rmSync(t.config.dataDir, { recursive: true, force: true });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('packs every blob of the bucket, and restores them into an empty bucket (refusing one that is not)', async () => {
    const d = await buildDistrict(t.tdb.db);
    const staff = await login(t.app, d.users.schoolStaffA1.username, d.users.schoolStaffA1.password);
    for (const [w, h] of [[40, 30], [50, 20]] as const) expect((await uploadBytes(t.app, staff, await photo('jpeg', w, h))).statusCode).toBe(201);
    const source = fileStorageFor(t.config);
    expect(source).toBeInstanceOf(S3FileStorage);
    const stored = await blobs(source);
    expect(stored).toHaveLength(4); // two photos and their thumbnails
    // Nothing went to the local disk.
    expect(fs.existsSync(path.join(t.config.dataDir, 'files'))).toBe(false);

    const archive = path.join(work, 'backup.tar.gz');
    const r = await createBackup({ adminUrl: t.tdb.adminUrl, filesDir: path.join(t.config.dataDir, 'files'), storage: source, file: archive });
    expect(r.manifest.files).toMatchObject({ count: 4, missing: [], damaged: [] });

    const target = new S3FileStorage(s3.settings('restored/'));
    stores.push(target);
    const restored = await restoreIntoDatabase({ file: archive, adminUrl: await emptyDatabase(), appPassword: inject('pgAppPassword') || undefined, filesDir: path.join(work, 'unused'), storage: target });
    expect(restored.files).toBe(4);
    expect(await blobs(target)).toEqual(stored);
    expect(fs.existsSync(path.join(work, 'unused'))).toBe(false);

    // The restored bucket now holds files: a second restore into it is refused before anything is written.
    await expect(
      restoreIntoDatabase({ file: archive, adminUrl: await emptyDatabase(), filesDir: path.join(work, 'unused'), storage: target }),
    ).rejects.toThrow(RestoreTargetError);
  });
});
