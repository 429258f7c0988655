import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * A minimal POSIX ustar writer and reader, enough for the backup archives: regular
 * files only, names under 100 bytes, sizes of any length (base-256 above 8 GiB, as GNU
 * tar writes them). Standard tools read the result (`tar tzf backup.tar.gz`). Written
 * here rather than taken from npm because it streams both ways with backpressure and
 * is about a hundred lines; every entry is checked (header checksum, exact size).
 */

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);

export class TarFormatError extends Error {}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new TarFormatError(`tar entry name too long: ${name}`);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) {
    h.write(octal(size, 12), 124, 'ascii');
  } else {
    // base-256: first byte 0x80, then the size big-endian in the remaining 11 bytes
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes entries to `out` (usually a gzip stream), honouring backpressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(b: Buffer): Promise<void> {
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  /** One regular file; `body` must yield exactly `size` bytes. */
  async add(name: string, size: number, body: Buffer | AsyncIterable<Buffer>, mtime = new Date()): Promise<void> {
    await this.write(header(name, size, mtime));
    let written = 0;
    const chunks = Buffer.isBuffer(body) ? [body] : body;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) throw new TarFormatError(`${name}: more than ${size} bytes`);
      await this.write(chunk);
    }
    if (written !== size) throw new TarFormatError(`${name}: ${written} bytes instead of ${size}`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await this.write(ZEROS.subarray(0, pad));
  }

  /** The end-of-archive marker; then ends `out`. */
  async finish(): Promise<void> {
    await this.write(ZEROS);
    this.out.end();
  }
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private readonly it: AsyncIterator<Buffer>;
  private buf: Buffer = Buffer.alloc(0);

  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    const r = await this.it.next();
    if (r.done) return false;
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as Uint8Array);
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    return true;
  }

  /** Exactly n bytes, or undefined when the stream ended before any byte. */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.buf.length < n) {
      if (!(await this.fill())) {
        if (this.buf.length === 0) return undefined;
        throw new TarFormatError('archive truncated');
      }
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw new TarFormatError('archive truncated');
      const take = Math.min(left, this.buf.length);
      const out = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      left -= take;
      yield out;
    }
  }
}

export type TarEntry = {
  name: string;
  size: number;
  /** The entry's bytes; whatever the consumer leaves unread is skipped before the next entry. */
  body: AsyncIterable<Buffer>;
};

function parseSize(h: Buffer): number {
  if (h[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]!);
    return Number(v);
  }
  return parseOctal(h.subarray(124, 136));
}

function parseOctal(b: Buffer): number {
  const s = b.toString('ascii').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]*$/.test(s)) throw new TarFormatError('bad number in tar header');
  return s ? parseInt(s, 8) : 0;
}

function parseName(h: Buffer): string {
  const cut = (b: Buffer) => {
    const z = b.indexOf(0);
    return b.subarray(0, z < 0 ? b.length : z).toString('utf8');
  };
  const name = cut(h.subarray(0, 100));
  const prefix = h.toString('ascii', 257, 262) === 'ustar' ? cut(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The regular-file entries of a tar stream, in order; checks each header's checksum. */
export async function* readTar(src: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const r = new ByteReader(src);
  for (;;) {
    const h = await r.read(BLOCK);
    if (!h) throw new TarFormatError('archive truncated (no end marker)');
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== parseOctal(h.subarray(148, 156))) throw new TarFormatError('tar header checksum mismatch');
    const size = parseSize(h);
    const type = String.fromCharCode(h[156]!);
    let consumed = 0;
    const counted = (async function* () {
      for await (const c of r.chunks(size)) {
        consumed += c.length;
        yield c;
      }
    })();
    if (type === '0' || type === '\0') yield { name: parseName(h), size, body: counted };
    // Skip what the consumer did not read (and every non-file entry: directories, pax headers).
    if (consumed < size) for await (const c of r.chunks(size - consumed)) void c;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad && !(await r.read(pad))) throw new TarFormatError('archive truncated');
  }
}
