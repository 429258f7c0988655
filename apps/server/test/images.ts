import sharp from 'sharp';

/** A photo made in memory: a colour gradient-free block of the given size, encoded as asked. */
export async function photo(format: 'jpeg' | 'png' | 'webp', width: number, height: number): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  return img.toFormat(format).toBuffer();
}

/**
 * A JPEG carrying EXIF with GPS coordinates and an orientation tag (6: rotate
 * 90° clockwise to display), as a phone camera writes it.
 */
export async function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 46/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 57/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

/** Whether EXIF bytes (little-endian TIFF, as sharp writes them) hold a GPS IFD pointer (tag 0x8825). */
export const hasGpsIfd = (exif: Buffer | undefined) => !!exif && exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const box = (type: string, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
};
const fullBox = (type: string, version: number, flags: number, ...payload: Buffer[]) =>
  box(type, u8(version), u8(flags >> 16), u16(flags & 0xffff), ...payload);

/**
 * A structurally valid HEIC (HEIF with one HEVC-coded image item, as an iPhone
 * writes it), built by hand: ftyp heic, meta (hdlr, pitm, iinf/infe hvc1, iprp
 * with hvcC and ispe, iloc) and mdat. The HEVC payload is not a real picture, so
 * it decodes only where libheif has an HEVC decoder — which is the question.
 */
export function heic(width = 64, height = 48, brand = 'heic'): Buffer {
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
  const hvcC = box(
    'hvcC',
    Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 90, 0xf0, 0x00, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]),
  );
  const ispe = fullBox('ispe', 0, 0, u32(width), u32(height));
  const ipco = box('ipco', hvcC, ispe);
  const ipma = fullBox('ipma', 0, 0, u32(1), u16(1), u8(2), u8(0x81), u8(0x02));
  const iprp = box('iprp', ipco, ipma);
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('pict', 'latin1'), u32(0), u32(0), u32(0), u8(0));
  const pitm = fullBox('pitm', 0, 0, u16(1));
  const infe = fullBox('infe', 2, 0, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), u8(0));
  const iinf = fullBox('iinf', 0, 0, u16(1), infe);
  const data = Buffer.from([0, 0, 0, 4, 0x26, 0x01, 0xaf, 0x00]);
  const iloc = (offset: number) =>
    fullBox('iloc', 0, 0, u8(0x44), u8(0x00), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(data.length));
  const meta = (offset: number) => fullBox('meta', 0, 0, hdlr, pitm, iinf, iprp, iloc(offset));
  const offset = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(offset), box('mdat', data)]);
}
