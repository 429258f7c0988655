import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileStorageConfig } from '../../config.js';
import { StoredFileError, blobName, blobOfName, sha256Of, type FileStorage } from './file.storage.js';

export type S3StorageSettings = Extract<FileStorageConfig, { kind: 's3' }>;

type Sdk = typeof import('@aws-sdk/client-s3');

/** A 404 of the object itself (HeadObject answers NotFound, GetObject NoSuchKey). */
function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

/**
 * The content-addressed store in an S3-compatible bucket (MinIO, a cloud's object storage):
 * the blob of SHA-256 `h` is the object `<prefix><h[0:2]>/<h[2:4]>/<h>`, as on disk. Every
 * instance pointed at the bucket sees every upload. An object appears whole or not at all
 * (S3 semantics), so the disk store's temporary-file-and-rename has no counterpart here;
 * equal bytes are stored once (a HEAD first). Reads are checked against the hash like the
 * disk's. The SDK is loaded on first use, so an installation on the local disk never loads it.
 *
 * Checksums are sent and checked only where an operation requires them
 * (`WHEN_REQUIRED`): the SDK's newer default (CRC32 trailers on every upload) is not
 * understood by every S3-compatible server, and the blob's SHA-256 is checked on read anyway.
 */
export class S3FileStorage implements FileStorage {
  private client: Promise<{ sdk: Sdk; s3: S3Client }> | undefined;

  constructor(readonly settings: S3StorageSettings) {}

  get location(): string {
    return `s3://${this.settings.bucket}/${this.settings.prefix}`;
  }

  private keyOf(sha256: string): string {
    return this.settings.prefix + blobName(sha256);
  }

  private connect(): Promise<{ sdk: Sdk; s3: S3Client }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => {
      const s = this.settings;
      const s3 = new sdk.S3Client({
        region: s.region,
        endpoint: s.endpoint,
        forcePathStyle: s.forcePathStyle,
        credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      });
      return { sdk, s3 };
    });
    return this.client;
  }

  async put(data: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const sha256 = sha256Of(data);
    if (await this.has(sha256, data.length)) return { sha256, sizeBytes: data.length };
    const { sdk, s3 } = await this.connect();
    await s3.send(
      new sdk.PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.keyOf(sha256),
        Body: data,
        ContentLength: data.length,
        ContentType: 'application/octet-stream',
      }),
    );
    return { sha256, sizeBytes: data.length };
  }

  async has(sha256: string, sizeBytes?: number): Promise<boolean> {
    const { sdk, s3 } = await this.connect();
    try {
      const head = await s3.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }));
      return sizeBytes === undefined || head.ContentLength === sizeBytes;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async read(sha256: string, sizeBytes?: number): Promise<Buffer> {
    const key = this.keyOf(sha256);
    const stream = await this.getStream(sha256);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const data = Buffer.concat(chunks);
    if ((sizeBytes !== undefined && data.length !== sizeBytes) || sha256Of(data) !== sha256) {
      throw new StoredFileError('corrupt', sha256, `s3://${this.settings.bucket}/${key}`);
    }
    return data;
  }

  async getStream(sha256: string): Promise<Readable> {
    const key = this.keyOf(sha256);
    const { sdk, s3 } = await this.connect();
    try {
      const r = await s3.send(new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      if (!r.Body) throw new StoredFileError('missing', sha256, `s3://${this.settings.bucket}/${key}`);
      // In Node the body is an IncomingMessage (a Readable); anything else is read whole and wrapped.
      return r.Body instanceof Readable ? r.Body : Readable.from([Buffer.from(await r.Body.transformToByteArray())]);
    } catch (e) {
      if (isMissing(e)) throw new StoredFileError('missing', sha256, `s3://${this.settings.bucket}/${key}`);
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    const { sdk, s3 } = await this.connect();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }));
  }

  async *list(): AsyncIterable<{ sha256: string; sizeBytes: number }> {
    const { sdk, s3 } = await this.connect();
    const prefix = this.settings.prefix;
    let token: string | undefined;
    do {
      const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const sha256 = o.Key?.startsWith(prefix) ? blobOfName(o.Key.slice(prefix.length)) : undefined;
        if (sha256) yield { sha256, sizeBytes: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the client's connections (tests; a server simply exits). */
  async close(): Promise<void> {
    if (this.client) (await this.client).s3.destroy();
  }
}
