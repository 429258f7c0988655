import sharp, { type OutputInfo } from 'sharp';
import { AppError, invalid } from '../../http/errors.js';

/** What a file is, judged by its first bytes (never by its name or the client's mime). */
export type SniffedType = 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf';

/** ISO-BMFF major brands of HEIC/HEIF stills and sequences (iPhone: heic; some Android phones: mif1/msf1). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'mif1', 'msf1', 'hevc']);

const startsWith = (buf: Buffer, bytes: number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (buf: Buffer, from: number, to: number) => (buf.length >= to ? buf.toString('latin1', from, to) : '');

/** The type of a file by its magic bytes, or null when it is none of the accepted ones. */
export function sniffType(buf: Buffer): SniffedType | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buf, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(buf, 8, 12))) return 'heic';
  if (ascii(buf, 0, 5) === '%PDF-') return 'pdf';
  return null;
}

export const UNSUPPORTED_TYPE_MESSAGE = '只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 文件';
export const HEIC_UNSUPPORTED_MESSAGE =
  '服务器暂时无法读取这张 HEIC/HEIF 格式的照片。请改用 JPEG 格式：在 iPhone 上打开“设置 → 相机 → 格式”，选择「最兼容」后重新拍摄；' +
  '或在网页上传时从“照片图库”中选择照片（Safari 会自动转换为 JPEG）。';

/** Stored photos: longest side at most this many pixels. */
export const PHOTO_MAX_SIDE = 2560;
/** Thumbnails: longest side at most this many pixels. */
export const THUMB_MAX_SIDE = 320;
export const PHOTO_QUALITY = 82;
export const THUMB_QUALITY = 70;
/**
 * Decoding bound against decompression bombs (a 10 MB PNG can claim 16k × 16k
 * pixels): 120 megapixels covers the 108 MP phone cameras.
 */
export const MAX_INPUT_PIXELS = 120_000_000;

export type ProcessedPhoto = { data: Buffer; width: number; height: number; thumb: Buffer };

/**
 * Re-encodes a photo as it is stored: turned upright by its EXIF orientation,
 * longest side capped, flattened onto white (PNG/WebP transparency), converted to
 * sRGB and written as a progressive JPEG WITHOUT any metadata (sharp writes none
 * unless asked: no EXIF, no GPS, no XMP, no ICC), plus a small JPEG thumbnail.
 */
export async function processPhoto(input: Buffer, type: Exclude<SniffedType, 'pdf'>): Promise<ProcessedPhoto> {
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: PHOTO_QUALITY, progressive: true })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw photoError(e, type);
  }
  const thumb = await sharp(out.data)
    .resize({ width: THUMB_MAX_SIDE, height: THUMB_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: THUMB_QUALITY })
    .toBuffer();
  return { data: out.data, width: out.info.width, height: out.info.height, thumb };
}

/** sharp's decoding failure, as the user should read it. */
function photoError(e: unknown, type: SniffedType): AppError {
  const message = e instanceof Error ? e.message : String(e);
  // libheif without an HEVC decoder (the prebuilt libvips of sharp): see README.md.
  if (type === 'heic') return new AppError('UNSUPPORTED_MEDIA_TYPE', HEIC_UNSUPPORTED_MESSAGE, { reason: 'heic_not_decodable' });
  if (/pixel limit/i.test(message)) {
    return new AppError('PAYLOAD_TOO_LARGE', `照片像素过多（超过 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素），请缩小后再上传`);
  }
  return invalid('照片无法读取，文件可能已损坏，请重新拍摄或选择其他照片');
}
