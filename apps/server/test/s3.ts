import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { FileStorageConfig } from '../src/config.js';

// The SDK's notice that its 2027 releases need Node 22 says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type S3Settings = Extract<FileStorageConfig, { kind: 's3' }>;

export type TestS3Server = {
  /** Storage settings for a bucket of this server (a config's `fileStorage`), with an optional key prefix. */
  settings: (prefix?: string) => S3Settings;
  bucket: string;
  endpoint: string;
  /** Where the server keeps its objects on disk (tests may damage one there). */
  directory: string;
  close: () => Promise<void>;
};

/**
 * A real S3-compatible server (s3rver, in this process, on a free loopback port) with one
 * empty bucket; every request of the app's S3 client goes over HTTP to it, signed as
 * against any S3 endpoint. Its objects live in a temporary directory, removed by close().
 */
export async function startS3Server(bucket = 'xiaoan-test'): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  return {
    bucket,
    endpoint,
    directory,
    settings: (prefix = '') => ({
      kind: 's3',
      endpoint,
      bucket,
      region: 'us-east-1',
      // s3rver's own fixed key pair; it checks the signature of every request with it.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      prefix,
    }),
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
