import path from 'node:path';
import type { Config } from '../../config.js';
import { LocalFileStorage, type FileStorage } from './file.storage.js';
import { S3FileStorage } from './file.storage-s3.js';

const byConfig = new WeakMap<Config, FileStorage>();

/**
 * The file storage a configuration names (FILE_STORAGE): `<dataDir>/files` on the local disk
 * by default, or the S3-compatible bucket of the S3_* settings. One store per configuration,
 * so the routes, the imports and the demo seeding of one instance share one S3 client.
 */
export function fileStorageFor(config: Pick<Config, 'dataDir' | 'fileStorage'>): FileStorage {
  const known = byConfig.get(config as Config);
  if (known) return known;
  const fs = config.fileStorage;
  const store = fs.kind === 's3' ? new S3FileStorage(fs) : new LocalFileStorage(path.join(config.dataDir, 'files'));
  byConfig.set(config as Config, store);
  return store;
}
