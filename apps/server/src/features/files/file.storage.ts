import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

export const sha256Of = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** The stored bytes are gone or are not what was stored (the row names their size and SHA-256). */
export class StoredFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'corrupt',
    readonly sha256: string,
    readonly filePath: string,
  ) {
    super(`stored file ${reason}: ${filePath}`);
  }
}

/**
 * Content-addressed file storage on the local disk: a blob lives at
 * `<root>/<first 2 hex>/<next 2 hex>/<sha256>` of its bytes. Writing the same
 * bytes twice stores them once; blobs are never changed in place.
 */
export class FileStorage {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
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
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(path.dirname(target), `.${sha256}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    try {
      const fh = await fs.open(tmp, 'wx', 0o640);
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    return { sha256, sizeBytes: data.length };
  }

  /** Whether a complete blob with this hash (and size) is on disk. */
  async has(sha256: string, sizeBytes: number): Promise<boolean> {
    try {
      const st = await fs.stat(this.pathOf(sha256));
      return st.isFile() && st.size === sizeBytes;
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
      data = await fs.readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredFileError('missing', sha256, file);
      throw e;
    }
    if ((sizeBytes !== undefined && data.length !== sizeBytes) || sha256Of(data) !== sha256) throw new StoredFileError('corrupt', sha256, file);
    return data;
  }
}
