import zlib from 'node:zlib';
import { invalid } from '../../http/errors.js';

/** Limits on what an uploaded workbook may unpack to, whatever its entries claim. */
export const ZIP_LIMITS = {
  /** Sum of the uncompressed sizes of all entries. */
  maxUncompressedBytes: 40 * 1024 * 1024,
  maxEntries: 2000,
};

const NOT_XLSX = '文件不是有效的 Excel（.xlsx）文件';
const SAVE_AS = '请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再上传';
const TOO_BIG = `表格解压后超过 ${ZIP_LIMITS.maxUncompressedBytes / 1024 / 1024} MB，请删除无关的工作表、图片后再上传，或分批导入`;

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Refuses anything but an .xlsx before a parser sees it: the magic bytes, the
 * old binary formats by name, then the zip directory (entry count, methods,
 * encryption, declared sizes) and finally the true size of every entry,
 * inflated with a hard output cap so a zip that lies about its sizes (a zip
 * bomb) stops at the cap instead of filling memory.
 */
export function assertSafeXlsx(buf: Buffer): void {
  if (buf.length === 0) throw invalid('上传的文件是空的');
  if (buf.subarray(0, 8).equals(OLE2)) {
    throw invalid(`这是旧版 Excel（.xls）文件或设置了打开密码的文件，系统只能读取 .xlsx：${SAVE_AS}（如有密码请先取消）`);
  }
  if (buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) {
    const head = buf.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    if (head.startsWith('<')) throw invalid(`${NOT_XLSX}：该文件实为网页格式（常见于系统导出的“.xls”），${SAVE_AS}`);
    throw invalid(`${NOT_XLSX}。如果是 CSV 或其他格式，${SAVE_AS}`);
  }
  const entries = readCentralDirectory(buf);
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    throw invalid(`${NOT_XLSX}：压缩包中没有 Excel 工作簿（可能是 Word、WPS 或其他文件改了扩展名）`);
  }
  checkSizes(buf, entries);
}

function checkSizes(buf: Buffer, entries: Entry[], notWhat = NOT_XLSX, tooBig = TOO_BIG): void {
  let declared = 0;
  for (const e of entries) {
    declared += e.uncompressedSize;
    if (declared > ZIP_LIMITS.maxUncompressedBytes) throw invalid(tooBig);
  }
  for (const e of entries) inflateChecked(buf, e, notWhat, tooBig);
}

const NOT_DOCX = '文件不是有效的 Word（.docx）文件';
const SAVE_AS_DOCX = '请用 Word 或 WPS 打开后“另存为”Word 文档（.docx）再上传，或直接粘贴方案全文';

/**
 * The same checks for a Word document (.docx) before mammoth reads it: not empty, not the
 * old binary or an encrypted file (both OLE compound files, D0 CF 11 E0), a zip holding
 * word/document.xml, and no entry that inflates beyond what it declares (zip bomb).
 */
export function assertSafeDocx(buf: Buffer): void {
  if (buf.length === 0) throw invalid('上传的文件是空的');
  if (buf.subarray(0, 8).equals(OLE2)) {
    throw invalid(`这是旧版 Word（.doc）文件或设置了打开密码的文件，系统只能读取 .docx：${SAVE_AS_DOCX}（如有密码请先取消）`);
  }
  if (buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) {
    const head = buf.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    if (head.startsWith('%pdf')) throw invalid(`${NOT_DOCX}：这是 PDF 文件，${SAVE_AS_DOCX}`);
    throw invalid(`${NOT_DOCX}。${SAVE_AS_DOCX}`);
  }
  const entries = readCentralDirectory(buf, NOT_DOCX);
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('[Content_Types].xml') || !names.has('word/document.xml')) {
    throw invalid(`${NOT_DOCX}：压缩包中没有 Word 正文（可能是 Excel、WPS 或其他文件改了扩展名）`);
  }
  checkSizes(buf, entries, NOT_DOCX, `文档解压后超过 ${ZIP_LIMITS.maxUncompressedBytes / 1024 / 1024} MB，请删除其中的图片后再上传，或直接粘贴方案全文`);
}

type Entry = { name: string; flags: number; method: number; compressedSize: number; uncompressedSize: number; localOffset: number };

function corrupt(notWhat = NOT_XLSX): never {
  throw invalid(`${notWhat}：文件已损坏或不完整，请重新保存后上传`);
}

/** The entries of the zip's central directory (no zip64: an .xlsx under the upload limit never needs it). */
function readCentralDirectory(buf: Buffer, notWhat = NOT_XLSX): Entry[] {
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) corrupt(notWhat);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw invalid(TOO_BIG);
  if (count > ZIP_LIMITS.maxEntries) throw invalid(`${notWhat}：压缩包内文件过多（${count} 个）`);
  if (cdOffset + cdSize > eocd) corrupt(notWhat);

  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) corrupt(notWhat);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: Entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    };
    if (e.compressedSize === 0xffffffff || e.uncompressedSize === 0xffffffff || e.localOffset === 0xffffffff) throw invalid(TOO_BIG);
    if (e.flags & 0x1) throw invalid(`${notWhat}：文件已加密，请先取消密码`);
    if (e.method !== 0 && e.method !== 8) corrupt(notWhat);
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry with its declared size as the hard cap; more data than declared means a forged zip. */
function inflateChecked(buf: Buffer, e: Entry, notWhat = NOT_XLSX, tooBig = TOO_BIG): void {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) corrupt(notWhat);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) corrupt(notWhat);
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (e.compressedSize !== e.uncompressedSize) corrupt(notWhat);
    return;
  }
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw invalid(tooBig);
    corrupt(notWhat);
  }
  if (out.length !== e.uncompressedSize) corrupt(notWhat);
}
