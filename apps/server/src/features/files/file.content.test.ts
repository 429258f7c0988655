import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasGpsIfd, heic, jpegWithGps, photo } from '../../../test/images.js';
import { AppError } from '../../http/errors.js';
import { HEIC_UNSUPPORTED_MESSAGE, PHOTO_MAX_SIDE, THUMB_MAX_SIDE, processPhoto, sniffType } from './file.content.js';

describe('sniffType: the type by content, never by name', () => {
  it('knows JPEG, PNG, WebP, HEIC/HEIF brands and PDF by their first bytes', async () => {
    expect(sniffType(await photo('jpeg', 8, 8))).toBe('jpeg');
    expect(sniffType(await photo('png', 8, 8))).toBe('png');
    expect(sniffType(await photo('webp', 8, 8))).toBe('webp');
    for (const brand of ['heic', 'heix', 'mif1', 'msf1', 'hevc']) expect(sniffType(heic(8, 8, brand))).toBe('heic');
    expect(sniffType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1'))).toBe('pdf');
  });

  it('refuses everything else: text, an EXE, a ZIP, AVIF, GIF, SVG, an empty or cut-off header', () => {
    const refused = [
      Buffer.from('just some text, named photo.jpg'),
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'),
      Buffer.from('PK\x03\x04\x14\x00', 'latin1'),
      heic(8, 8, 'avif'),
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.alloc(0),
      Buffer.from([0xff, 0xd8]),
      Buffer.from(' %PDF-1.4'),
    ];
    for (const b of refused) expect(sniffType(b)).toBeNull();
  });
});

describe('processPhoto', () => {
  it('turns the photo upright by EXIF orientation, strips EXIF/GPS/XMP/ICC and keeps a small size', async () => {
    const input = await jpegWithGps(400, 200);
    const before = await sharp(input).metadata();
    expect(before.exif?.toString('latin1')).toContain('TestPhone');
    expect(before.orientation).toBe(6);
    expect(hasGpsIfd(before.exif)).toBe(true);

    const p = await processPhoto(input, 'jpeg');
    const m = await sharp(p.data).metadata();
    expect(m.format).toBe('jpeg');
    expect([m.width, m.height]).toEqual([200, 400]);
    expect([p.width, p.height]).toEqual([200, 400]);
    expect(m.exif).toBeUndefined();
    expect(m.xmp).toBeUndefined();
    expect(m.icc).toBeUndefined();
    expect(m.orientation).toBeUndefined();
    expect(p.data.includes(Buffer.from('TestPhone'))).toBe(false);
  });

  it(`caps the longest side at ${PHOTO_MAX_SIDE} px and makes a thumbnail of at most ${THUMB_MAX_SIDE} px`, async () => {
    const p = await processPhoto(await photo('png', 4000, 1000), 'png');
    expect([p.width, p.height]).toEqual([PHOTO_MAX_SIDE, 640]);
    const t = await sharp(p.thumb).metadata();
    expect(t.format).toBe('jpeg');
    expect([t.width, t.height]).toEqual([THUMB_MAX_SIDE, 80]);
  });

  it('does not enlarge small photos and flattens transparency onto white', async () => {
    const transparent = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const p = await processPhoto(transparent, 'png');
    expect([p.width, p.height]).toEqual([30, 20]);
    const { data } = await sharp(p.data).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data)).toBeGreaterThan(240);
  });

  it('refuses a damaged image as unreadable (400), not as a server error', async () => {
    const jpeg = await photo('jpeg', 200, 200);
    const cut = jpeg.subarray(0, 300);
    await expect(processPhoto(cut, 'jpeg')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('HEIC on this server (see README.md)', () => {
  it('the prebuilt libvips reads a HEIC header but has no HEVC decoder', async () => {
    const h = heic(64, 48);
    const m = await sharp(h).metadata();
    expect(m).toMatchObject({ format: 'heif', compression: 'hevc', width: 64, height: 48 });
    await expect(sharp(h).jpeg().toBuffer()).rejects.toThrow(/HEVC/);
  });

  it('so a real (HEVC) HEIC is refused with 415 and the advice to shoot 「最兼容」/JPEG', async () => {
    const e = await processPhoto(heic(64, 48), 'heic').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, message: HEIC_UNSUPPORTED_MESSAGE });
    expect(HEIC_UNSUPPORTED_MESSAGE).toContain('最兼容');
  });

  it('a HEIF it can decode (AV1-coded, brand mif1) is converted to JPEG like any photo', async () => {
    const avif = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } }).avif().toBuffer();
    const mif1 = Buffer.from(avif);
    mif1.write('mif1', 8, 'latin1');
    expect(sniffType(mif1)).toBe('heic');
    const p = await processPhoto(mif1, 'heic');
    expect((await sharp(p.data).metadata()).format).toBe('jpeg');
    expect([p.width, p.height]).toEqual([40, 30]);
  });
});
