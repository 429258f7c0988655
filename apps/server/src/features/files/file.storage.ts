import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

const SHA256 = /^[0-9a-f]{64}$/;

export const sha256Of = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** The relative name of a blob in every store: `<first 2 hex>/<next 2 hex>/<sha256>`. */
export function blobName(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Whether a relative name (`aa/bb/<sha256>`) is a blob's, and its SHA-256. */
export function blobOfName(name: string): string | undefined {
  const m = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(name);
  return m && m[3]!.startsWith(m[1]! + m[2]!) ? m[3] : undefined;
}

/** The stored bytes are gone or are not what was stored (the row names their size and SHA-256). */
export class StoredFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'corrupt',
    readonly sha256: string,
    /** Where the blob was looked for: a path on disk or s3://bucket/key. */
    readonly filePath: string,
  ) {
    super(`stored file ${reason}: ${filePath}`);
  }
}

/**
 * Where uploaded files live: a content-addressed store of immutable blobs, each named by
 * the SHA-256 of its bytes. Two implementations: the local disk (`LocalFileStorage`, the
 * zero-setup default) and an S3-compatible bucket (`S3FileStorage`, file.storage-s3.ts),
 * which several instances share; `fileStorageFor(config)` (file.storage-config.ts) picks one.
 */
export type FileStorage = {
  /** Where the blobs are, for messages and logs: a directory, or s3://bucket/prefix. */
  readonly location: string;
  /** Stores the bytes (once: equal bytes are reused) and returns their SHA-256 and size; readers see the whole blob or none. */
  put: (data: Buffer) => Promise<{ sha256: string; sizeBytes: number }>;
  /** Whether a complete blob with this hash (and size, when given) is stored. */
  has: (sha256: string, sizeBytes?: number) => Promise<boolean>;
  /** The whole blob, checked against its hash (and size); StoredFileError when missing or different, never a partial file. */
  read: (sha256: string, sizeBytes?: number) => Promise<Buffer>;
  /** The blob as a stream, unchecked (the backup hashes what it reads); StoredFileError 'missing' when absent. */
  getStream: (sha256: string) => Promise<Readable>;
  /** Removes a blob (no error when it is not there). */
  delete: (sha256: string) => Promise<void>;
  /** Every stored blob with its size, in no particular order (temporary and foreign names are skipped). */
  list: () => AsyncIterable<{ sha256: string; sizeBytes: number }>;
};

/**
 * Content-addressed file storage on the local disk: a blob lives at
 * `<root>/<first 2 hex>/<next 2 hex>/<sha256>` of its bytes. Writing the same
 * bytes twice stores them once; blobs are never changed in place.
 */
export class LocalFileStorage implements FileStorage {
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  pathOf(sha256: string): string {
    return path.join(this.root, ...blobName(sha256).split('/'));
  }

  /**
   * Stores the bytes and returns their SHA-256. Written to a temporary file in the
   * target directory, flushed, then renamed over the final name: a reader sees the
   * whole blob or none. An existing blob with that hash is reused.
   */
  async put(data: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = sha256Of(data);
    const target = this.pathOf(sha256);
    if (await this.has(sha256, data.length)) return { sha256, sizeBytes: data.length };
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(path.dirname(target), `.${sha256}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    try {
      const fh = await fsp.open(tmp, 'wx', 0o640);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, target);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    return { sha256, sizeBytes: data.length };
  }

  /** Whether a complete blob with this hash (and size) is on disk. */
  async has(sha256: string, sizeBytes?: number): Promise<boolean> {
    try {
      const st = await fsp.stat(this.pathOf(sha256));
      return st.isFile() && (sizeBytes === undefined || st.size === sizeBytes);
    } catch {
      return false;
    }
  }

  /**
   * The whole blob, checked against the hash (and size, when known) it was stored
   * under; throws StoredFileError when it is missing or differs (never returns a
   * partial file).
   */
  async read(sha256: string, sizeBytes?: number): Promise<Buffer> {
    const file = this.pathOf(sha256);
    let data: Buffer;
    try {
      data = await fsp.readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileError('missing', sha256, file);
      throw e;
    }
    if ((sizeBytes !== undefined && data.length !== sizeBytes) || sha256Of(data) !== sha256) throw new StoredFileError('corrupt', sha256, file);
    return data;
  }

  async getStream(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    // Opened first, so that a missing blob is an error here rather than in the middle of a stream.
    const fh = await fsp.open(file, 'r').catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileError('missing', sha256, file);
      throw e;
    });
    return fh.createReadStream();
  }

  async delete(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  async *list(): AsyncIterable<{ sha256: string; sizeBytes: number }> {
    const dirs = async (p: string) => (await fsp.readdir(p, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name));
    for (const a of await dirs(this.root)) {
      for (const b of await dirs(path.join(this.root, a.name))) {
        const dir = path.join(this.root, a.name, b.name);
        for (const f of await fsp.readdir(dir, { withFileTypes: true })) {
          if (!f.isFile() || blobOfName(`${a.name}/${b.name}/${f.name}`) === undefined) continue;
          yield { sha256: f.name, sizeBytes: (await fsp.stat(path.join(dir, f.name))).size };
        }
      }
    }
  }
}

/**
 * `new FileStorage(dir)` is the local disk store (as before the interface existed: the demo
 * seeding and tests construct it so); the type `FileStorage` is the interface above.
 */
export const FileStorage = LocalFileStorage;
