import zlib from 'node:zlib';

/**
 * A zip (deflate) of the given entries, written by hand to forge what Office never writes:
 * `encrypted` sets the encryption flag on every entry, an entry's `declared` size lies
 * about its uncompressed size.
 */
export function zipOf(entries: { name: string; data: Buffer; declared?: number }[], opts: { encrypted?: boolean } = {}): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const flags = opts.encrypted ? 0x1 : 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = zlib.deflateRawSync(e.data);
    const crc = zlib.crc32(e.data);
    // From "version needed" to the extra field's length: the same in both headers.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0);
    shared.writeUInt16LE(flags | 0x800, 2);
    shared.writeUInt16LE(8, 4);
    shared.writeUInt32LE(crc, 10);
    shared.writeUInt32LE(comp.length, 14);
    shared.writeUInt32LE(e.declared ?? e.data.length, 18);
    shared.writeUInt16LE(name.length, 22);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    shared.copy(lh, 4);
    local.push(lh, name, comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    shared.copy(ch, 6);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, eocd]);
}
