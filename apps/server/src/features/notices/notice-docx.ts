import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/**
 * A notice (通报) as Word, pure (facts in, .docx bytes out), in the form of a government
 * document: the issuer's red header and rule, the 文号 centred under it, the title centred,
 * 主送, the body paragraphs (first line indented two characters), the table of named units and
 * their facts, and the issuer and date at the bottom right. Fonts are the ones county offices
 * have: 仿宋 for the body, 宋体 bold for the title, 黑体 for the table heading.
 */

const BODY_FONT = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong', cs: 'FangSong' };
const TITLE_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
const HEI_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };
/** Half-points: the red header 初号-ish 30 pt, 二号 22 pt title, 三号 16 pt body, 四号 14 pt table. */
const SIZE = { header: 60, title: 44, body: 32, table: 24 } as const;
const RED = 'C00000';

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const BORDERS = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

export type NoticeDocument = {
  issuerName: string;
  docNumber: string;
  title: string;
  recipients: string;
  body: string;
  /** The table: one row per named unit. */
  rows: readonly { unitName: string; summary: string }[];
  tableTitle: string;
  /** 'YYYY-MM-DD': the issue date, or today for a draft. */
  date: string;
  draft: boolean;
  answerDueDate: string | null;
};

export const chineseDate = (ymd: string): string => {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const para = (text: string, opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; font?: typeof BODY_FONT; size?: number; bold?: boolean; color?: string; after?: number } = {}) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.LEFT,
    ...(opts.indent ? { indent: { firstLine: 640 } } : {}),
    spacing: { line: 560, after: opts.after ?? 0 },
    children: [new TextRun({ text, font: opts.font ?? BODY_FONT, size: opts.size ?? SIZE.body, bold: opts.bold, color: opts.color })],
  });

function cell(text: string, header: boolean, width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: text.split('\n').map((line) => new Paragraph({ alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: line, font: header ? HEI_FONT : BODY_FONT, size: SIZE.table })] })),
  });
}

function unitsTable(rows: NoticeDocument['rows']): Table {
  const widths = [10, 30, 60];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: ['序号', '单位', '主要情况'].map((h, i) => cell(h, true, widths[i]!)) }),
      ...rows.map((r, i) => new TableRow({ children: [String(i + 1), r.unitName, r.summary].map((t, j) => cell(t, false, widths[j]!)) })),
    ],
  });
}

export async function noticeDocx(n: NoticeDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  if (n.draft) children.push(para('（草稿，未印发）', { align: AlignmentType.RIGHT, size: SIZE.table, color: '808080' }));
  children.push(para(n.issuerName, { align: AlignmentType.CENTER, font: TITLE_FONT, size: SIZE.header, bold: true, color: RED, after: 200 }));
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      spacing: { after: 480 },
      children: [new TextRun({ text: n.docNumber, font: BODY_FONT, size: SIZE.body })],
    }),
  );
  children.push(para(n.title, { align: AlignmentType.CENTER, font: TITLE_FONT, size: SIZE.title, bold: true, after: 360 }));
  if (n.recipients.trim()) children.push(para(`${n.recipients.trim()}：`));
  for (const p of n.body.split('\n').map((s) => s.trim()).filter(Boolean)) children.push(para(p, { indent: true }));
  children.push(para(''));
  children.push(para(`附表：${n.tableTitle}`, { font: HEI_FONT }));
  children.push(unitsTable(n.rows));
  children.push(para(''));
  children.push(para(n.issuerName, { align: AlignmentType.RIGHT }));
  children.push(para(chineseDate(n.date), { align: AlignmentType.RIGHT }));
  const doc = new Document({
    creator: '校安',
    title: n.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
