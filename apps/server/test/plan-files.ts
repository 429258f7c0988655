/**
 * Plan documents made in the test, byte by byte, so the importer's formats round-trip without
 * shipped binaries: a PDF with a text layer (a Type0 font, Identity-H, and a ToUnicode map so
 * the text reads back as Chinese), a PDF with no text (a scan has only an image), an
 * encrypted PDF, and a Word 97 (.doc) file (an OLE compound file with a WordDocument stream, a
 * 1Table stream and one piece of UTF-16 text).
 */

// ── PDF

type PdfOpts = { encrypted?: boolean };

function pdfOf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** A PDF whose pages carry `lines` as real text (one line per text row, 40 rows a page). */
export function pdfWithText(lines: string[], opts: PdfOpts = {}): Buffer {
  const perPage = 40;
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  if (pages.length === 0) pages.push([]);
  const highBytes = [...new Set(lines.join('').split('').map((c) => c.charCodeAt(0) >> 8))].sort((a, b) => a - b);
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${highBytes.length} beginbfrange`,
    ...highBytes.map((h) => `<${hex4(h << 8)}> <${hex4((h << 8) | 0xff)}> <${hex4(h << 8)}>`),
    'endbfrange endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  // objects: 1 catalog, 2 pages, 3 font, 4 cidfont, 5 descriptor, 6 tounicode, then page/content pairs
  const objects: string[] = [];
  const pageIds = pages.map((_, k) => 7 + k * 2);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>');
  objects.push('<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>');
  objects.push('<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>');
  objects.push(`<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`);
  pages.forEach((rows, k) => {
    const ops = ['BT', '/F1 12 Tf', '14 TL', '50 800 Td'];
    for (const row of rows) ops.push(`<${row.split('').map((c) => hex4(c.charCodeAt(0))).join('')}> Tj T*`);
    ops.push('ET');
    const content = ops.join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[k]! + 1} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  if (!opts.encrypted) return pdfOf(objects);
  // Standard security handler, RC4 40-bit, with an owner and a user password nobody knows.
  objects.push(
    `<< /Filter /Standard /V 1 /R 2 /O <${'a1'.repeat(32)}> /U <${'b2'.repeat(32)}> /P -44 >>`,
  );
  return pdfOf(objects, `/Encrypt ${objects.length} 0 R /ID [<${'c3'.repeat(16)}> <${'c3'.repeat(16)}>] `);
}

/** A scanned page: drawing only (no text operators), as an image-only PDF reads. */
export function pdfScanned(pages = 2): Buffer {
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const ids = Array.from({ length: pages }, (_, k) => 3 + k * 2);
  objects.push(`<< /Type /Pages /Kids [${ids.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`);
  for (let k = 0; k < pages; k++) {
    const content = '0.2 g 50 50 495 742 re f 1 g 80 700 200 20 re f';
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${ids[k]! + 1} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  return pdfOf(objects);
}

// ── Word 97 (.doc)

const SECTOR = 512;
const ENDOFCHAIN = -2;
const FREESECT = -1;
const FATSECT = -3;

function dirEntry(name: string, type: number, child: number, right: number, secId: number, size: number): Buffer {
  const e = Buffer.alloc(128);
  if (type !== 0) {
    e.write(name, 0, 'utf16le');
    e.writeUInt16LE((name.length + 1) * 2, 64);
  }
  e.writeUInt8(type, 66);
  e.writeUInt8(1, 67); // black
  e.writeInt32LE(-1, 68); // left
  e.writeInt32LE(right, 72);
  e.writeInt32LE(child, 76);
  e.writeInt32LE(secId, 116);
  e.writeUInt32LE(size, 120);
  return e;
}

const padTo = (b: Buffer, n: number) => Buffer.concat([b, Buffer.alloc(Math.max(0, n - b.length))]);
const sectorsOf = (b: Buffer) => Math.ceil(b.length / SECTOR);

/**
 * An OLE compound file with the given streams (each at least 4096 bytes, so they live in the
 * regular sectors and no mini stream is needed).
 */
export function oleOf(streams: { name: string; data: Buffer }[]): Buffer {
  const bodies = streams.map((s) => padTo(s.data, Math.max(4096, Math.ceil(s.data.length / SECTOR) * SECTOR)));
  const fat: number[] = [FATSECT, ENDOFCHAIN]; // sector 0: FAT, sector 1: directory
  const starts: number[] = [];
  for (const b of bodies) {
    const start = fat.length;
    starts.push(start);
    const n = sectorsOf(b);
    for (let k = 0; k < n; k++) fat.push(k === n - 1 ? ENDOFCHAIN : start + k + 1);
  }
  if (fat.length > SECTOR / 4) throw new Error('oleOf: too large for one FAT sector');
  const fatSector = Buffer.alloc(SECTOR);
  for (let i = 0; i < SECTOR / 4; i++) fatSector.writeInt32LE(fat[i] ?? FREESECT, i * 4);
  const dir = Buffer.concat([
    dirEntry('Root Entry', 5, 1, -1, ENDOFCHAIN, 0),
    ...streams.map((s, i) => dirEntry(s.name, 2, -1, i + 2 <= streams.length ? i + 2 : -1, starts[i]!, bodies[i]!.length)),
    ...Array.from({ length: 3 - streams.length }, () => dirEntry('', 0, -1, -1, FREESECT, 0)),
  ]);
  const header = Buffer.alloc(SECTOR);
  Buffer.from('D0CF11E0A1B11AE1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeInt32LE(1, 44); // FAT sectors
  header.writeInt32LE(1, 48); // directory start
  header.writeInt32LE(4096, 56); // mini stream cutoff
  header.writeInt32LE(ENDOFCHAIN, 60);
  header.writeInt32LE(0, 64);
  header.writeInt32LE(ENDOFCHAIN, 68);
  header.writeInt32LE(0, 72);
  header.writeInt32LE(0, 76); // DIFAT[0] = sector 0
  for (let i = 1; i < 109; i++) header.writeInt32LE(FREESECT, 76 + i * 4);
  return Buffer.concat([header, fatSector, padTo(dir, SECTOR), ...bodies]);
}

/** A Word 97 document holding `text` (paragraphs separated by line breaks). */
export function docOf(text: string, opts: { encrypted?: boolean } = {}): Buffer {
  const body = `${text.replace(/\n/g, '\r')}\r`;
  const TEXT_AT = 0x800;
  const word = Buffer.alloc(TEXT_AT + body.length * 2);
  word.writeUInt16LE(0xa5ec, 0x00); // wIdent
  word.writeUInt16LE(0x00c1, 0x02); // nFib (Word 97)
  word.writeUInt16LE(0x0200 | (opts.encrypted ? 0x0100 : 0), 0x0a); // fWhichTblStm = 1Table, fEncrypted
  word.writeUInt32LE(TEXT_AT, 0x18); // fcMin
  word.writeUInt32LE(body.length, 0x4c); // ccpText
  word.writeUInt32LE(0, 0x1a2); // fcClx
  word.writeUInt32LE(21, 0x1a6); // lcbClx
  word.write(body, TEXT_AT, 'utf16le');
  const clx = Buffer.alloc(21);
  clx.writeUInt8(0x02, 0); // Pcdt
  clx.writeUInt32LE(16, 1); // PlcPcd: two CPs and one PCD
  clx.writeUInt32LE(0, 5);
  clx.writeUInt32LE(body.length, 9);
  clx.writeUInt16LE(0, 13);
  clx.writeUInt32LE(TEXT_AT, 15); // fc, uncompressed (UTF-16)
  clx.writeUInt16LE(0, 19);
  return oleOf([
    { name: 'WordDocument', data: word },
    { name: '1Table', data: clx },
  ]);
}

/** An Excel 97 workbook's container (what a renamed .xls looks like inside). */
export function xlsLike(): Buffer {
  return oleOf([{ name: 'Workbook', data: Buffer.alloc(4096, 0x09) }]);
}
