import mammoth from 'mammoth';
import WordExtractor from 'word-extractor';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PLAN_LIMITS } from '@xiaoan/domain';
import { AppError, invalid } from '../../http/errors.js';
import { assertSafeDocx } from '../../http/upload.js';

/*
 * The text of an uploaded plan document, by what the bytes are (never by the file's name, so a
 * renamed file is read as what it is or refused for what it is): .docx (mammoth, after the zip
 * guard), Word 97–2003 .doc (word-extractor), PDF with a text layer (pdf.js). Nothing is stored
 * here; every refusal is a Chinese message the clerk can act on.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const DOC_MIME = 'application/msword';
export const PDF_MIME = 'application/pdf';

export type PlanDocument = { text: string; mime: string; format: 'docx' | 'doc' | 'pdf' };

const SAVE_AS = '请用 Word 或 WPS 打开后“另存为”Word 文档（.docx）再上传，或直接粘贴方案全文';
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/** The directory of an OLE compound file names its streams: what the container holds. */
function oleHolds(buf: Buffer, stream: string): boolean {
  return buf.includes(utf16(stream));
}

/**
 * The Word 97 FIB's fEncrypted bit, read from the WordDocument stream's first sector (the
 * stream is never a mini stream: its FIB alone is larger than the cutoff); null when unreadable.
 */
function docEncrypted(buf: Buffer): boolean | null {
  if (buf.length < 512) return null;
  const sectorSize = 1 << buf.readUInt16LE(30);
  const dirStart = buf.readInt32LE(48);
  const name = utf16('WordDocument');
  // the directory's first sector is enough for the handful of streams a .doc has
  const dirAt = (dirStart + 1) * sectorSize;
  for (let at = dirAt; at + 128 <= Math.min(buf.length, dirAt + sectorSize * 4); at += 128) {
    if (!buf.subarray(at, at + name.length).equals(name)) continue;
    const wordAt = (buf.readInt32LE(at + 116) + 1) * sectorSize;
    if (wordAt + 12 > buf.length || buf.readUInt16LE(wordAt) !== 0xa5ec) return null;
    return (buf.readUInt16LE(wordAt + 0x0a) & 0x0100) !== 0;
  }
  return null;
}

async function readDoc(buf: Buffer): Promise<string> {
  if (oleHolds(buf, 'EncryptionInfo') || oleHolds(buf, 'EncryptedPackage') || docEncrypted(buf) === true) {
    throw invalid(`这个 Word 文件设置了打开密码，系统无法读取：请先取消密码，${SAVE_AS}`);
  }
  if (oleHolds(buf, 'Workbook') || oleHolds(buf, 'Book')) {
    throw invalid(`这是 Excel（.xls）表格改了扩展名，不是实施方案文档：${SAVE_AS}`);
  }
  try {
    const doc = await new WordExtractor().extract(buf);
    return doc.getBody();
  } catch {
    throw invalid(`无法读取这个文件：它不是可读的旧版 Word（.doc）文件，可能已损坏、设置了打开密码，或是 WPS（.wps）等其他格式改了扩展名。${SAVE_AS}`);
  }
}

async function readDocx(buf: Buffer): Promise<string> {
  assertSafeDocx(buf);
  try {
    return (await mammoth.extractRawText({ buffer: buf })).value;
  } catch {
    throw invalid(`无法读取这个 Word 文档：文件可能已损坏。${SAVE_AS}`);
  }
}

type TextItem = { str?: string; hasEOL?: boolean };

const RE_OUTLINE_START = /^\s*(?:[一二三四五六七八九十]{1,3}\s*[、．.]|[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[）)]|[0-9]{1,2}\s*[、．.]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]+[阶部步]|附\s*件)/;

/**
 * A PDF page's rows as paragraphs: a full-width row that does not end a sentence runs on into
 * the next one unless that one starts an outline item (the text a .docx would give).
 */
export function pdfParagraphs(rows: string[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.trim().length));
  const out: string[] = [];
  for (const row of rows) {
    const prev = out[out.length - 1];
    const runsOn =
      prev !== undefined &&
      prev.trim().length >= width * 0.8 &&
      width >= 20 &&
      // a sentence, a title (…方案 / …通知) or a heading ends there
      !/[。；;：:！？!?）)]\s*$|(方案|通知|意见|计划|要点|办法|清单|决定)\s*$/.test(prev) &&
      // the next row starts an item, or is a 文号, a date or a salutation
      !RE_OUTLINE_START.test(row) &&
      !/〔\s*[0-9]{4}\s*〕\s*[0-9]+\s*号\s*$|^\s*[0-9〇一二三四五六七八九十]{4}\s*年.{1,6}日\s*$|[：:]\s*$/.test(row);
    if (runsOn) out[out.length - 1] = `${prev.trimEnd()}${row.trim()}`;
    else out.push(row);
  }
  return out;
}

/** The PDF's text, one line per text row, pages one after another; refused over the page limit. */
async function readPdf(buf: Buffer): Promise<string> {
  let pdf;
  try {
    pdf = await getDocument({ data: new Uint8Array(buf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw invalid('这个 PDF 设置了打开密码，系统无法读取：请取消密码后重新导出 PDF，或上传 Word 文档、直接粘贴方案全文');
    throw invalid('无法读取这个 PDF：文件已损坏或不完整，请重新下载或导出后上传，或上传 Word 文档、直接粘贴方案全文');
  }
  try {
    if (pdf.numPages > PLAN_LIMITS.maxPdfPages) {
      throw invalid(`这个 PDF 有 ${pdf.numPages} 页，超过实施方案导入的上限 ${PLAN_LIMITS.maxPdfPages} 页：请只上传方案本身（附件、汇编请分开），或直接粘贴方案全文`);
    }
    const pages: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      const rows = (content.items as TextItem[]).map((it) => `${it.str ?? ''}${it.hasEOL ? '\n' : ''}`).join('').split('\n');
      pages.push(pdfParagraphs(rows).join('\n'));
      page.cleanup();
    }
    const text = pages.join('\n');
    if (text.replace(/\s/g, '').length < PLAN_LIMITS.minPdfChars) {
      throw new AppError(
        'IMPORT_INVALID',
        '这个 PDF 是扫描件或图片，里面没有可读取的文字：请上传 Word 文档或带文字的 PDF，或直接粘贴方案全文（可先用 WPS 的“图片转文字”识别）',
        { domainCode: 'scanned_pdf', pages: pdf.numPages },
      );
    }
    return text;
  } finally {
    await pdf.destroy();
  }
}

/** Reads a plan document as what its bytes are; refuses anything else with a Chinese message. */
export async function readPlanDocument(buf: Buffer): Promise<PlanDocument> {
  if (buf.length === 0) throw invalid('上传的文件是空的');
  const head = buf.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, '').trimStart();
  if (buf.subarray(0, 8).equals(OLE2)) return { text: await readDoc(buf), mime: DOC_MIME, format: 'doc' };
  if (buf[0] === 0x50 && buf[1] === 0x4b) return { text: await readDocx(buf), mime: DOCX_MIME, format: 'docx' };
  if (head.startsWith('%PDF')) return { text: await readPdf(buf), mime: PDF_MIME, format: 'pdf' };
  if (/^<(?:!doctype|html|\?xml)/i.test(head) || /^\{\\rtf/.test(head)) {
    throw invalid(`文件不是有效的 Word（.docx / .doc）或 PDF 文件：它是网页或 RTF 格式（常见于系统导出的“.doc”）。${SAVE_AS}`);
  }
  throw invalid(`文件不是有效的 Word（.docx / .doc）或 PDF 文件。${SAVE_AS}`);
}
