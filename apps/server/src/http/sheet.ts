import ExcelJS from 'exceljs';
import { DATE_RANGE, INVALID_TEXT_MESSAGE, formatYmd, hasInvalidText, isDateInRange, parseChineseDate } from '@xiaoan/domain';
import { invalid } from './errors.js';
import { assertSafeXlsx } from './upload.js';

/*
 * The one Excel reader of the imports: the workbook behind the zip guard, cell text
 * (dates, numbers, formulas, rich text, hyperlinks, `_x0000_` escapes), the header row
 * found by its synonyms below title rows (one or two levels), the columns assigned to
 * fields, and the row errors. An import declares its fields in a small table
 * (SheetFields) and reads each row's values through RowCells.
 */

/** How an import names one of its fields. */
export type SheetFieldSpec = {
  /** The field's name in messages (the usual header). */
  label: string;
  /** Header spellings recognised for it (compared after normHeader). */
  synonyms?: readonly string[];
  /** The sheet must have the column. */
  required?: boolean;
  /** The longest text, in characters. */
  max?: number;
  /** Line breaks in the text: kept (at most one blank line), turned into spaces, or removed (the default: names never contain one). */
  lines?: 'keep' | 'space' | 'join';
};

/** The field table of an import. */
export type SheetFields<F extends string> = Record<F, SheetFieldSpec>;

export type SheetRowError = { row: number; column: string | null; message: string };

/** A sheet as an import read it: where its header was, how its columns were understood, its rows and their errors. */
export type ParsedSheet<F extends string, R> = {
  sheetName: string;
  headerRow: number;
  columns: { header: string; field: F | null }[];
  /** The header text (as written in the sheet) of each field present. */
  headers: Partial<Record<F, string>>;
  rows: R[];
  errors: SheetRowError[];
  warnings: string[];
};

export const SHEET_LIMITS = {
  /** Title rows allowed above the header row. */
  titleRows: 5,
  /** Data rows (non-empty) per import. */
  maxRows: 5000,
};

// ---------------------------------------------------------------------------
// Cells

export type CellText = { text: string; error?: undefined } | { text: ''; error: string };

const EDGE_SPACE = /^[\s\u3000\u00a0\u200b\ufeff]+|[\s\u3000\u00a0\u200b\ufeff]+$/g;

/** Trims ordinary, full-width, non-breaking and zero-width spaces at both ends. */
export function clean(s: string): string {
  return s.replace(EDGE_SPACE, '');
}

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** Any cell value exceljs yields (rich text, formula result, hyperlink, number, date…) as a trimmed string. */
export function cellText(v: ExcelJS.CellValue | unknown): CellText {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: clean(v) };
  if (typeof v === 'number') return { text: numberText(v) };
  if (typeof v === 'boolean') return { text: v ? '是' : '否' };
  if (v instanceof Date) return { text: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.error === 'string') return { text: '', error: o.error };
    if (Array.isArray(o.richText)) return { text: clean(o.richText.map((r: { text?: unknown }) => String(r?.text ?? '')).join('')) };
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
  }
  return { text: clean(String(v)) };
}

/** The value under a formula, a hyperlink's text, rich text as a string; other values unchanged. */
export function plainValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as unknown as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return plainValue(o.result as ExcelJS.CellValue);
    if (Array.isArray(o.richText) || 'text' in o) return cellText(v).text;
  }
  return v;
}

/**
 * A date cell as 'YYYY-MM-DD', or null. A date-formatted cell arrives as the
 * Date of that wall-clock time in UTC, so its UTC calendar fields are the date
 * the sheet shows; serial numbers and text go to the domain's parser.
 */
export function sheetDate(v: ExcelJS.CellValue): string | null {
  const p = plainValue(v);
  if (p instanceof Date) {
    if (Number.isNaN(p.getTime())) return null;
    return parseChineseDate(formatYmd(p.getUTCFullYear(), p.getUTCMonth() + 1, p.getUTCDate()));
  }
  return parseChineseDate(p);
}

/** A header as compared with the synonyms: no spaces, no required-markers, no notes in brackets. */
export function normHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[(\[【].*?[)\]】]/g, '')
    .replace(/[\s*:：]/g, '');
}

/** The field each header spelling of a table names. */
export function headerMatcher<F extends string>(fields: SheetFields<F>): (header: string) => F | null {
  const byHeader = new Map<string, F>(
    (Object.entries(fields) as [F, SheetFieldSpec][]).flatMap(([f, spec]) => (spec.synonyms ?? []).map((n) => [n, f] as const)),
  );
  return (header) => byHeader.get(normHeader(header)) ?? null;
}

/** A cell's row number (exceljs types `Cell.row` as a string; at run time it is a number). */
const rowOf = (cell: ExcelJS.Cell): number => cell.fullAddress.row;

/** The text of a header cell, or undefined for the non-master cells of a range merged across columns. */
function headerCellText(cell: ExcelJS.Cell): string | undefined {
  if (cell.isMerged && cell.master !== cell && rowOf(cell.master) === rowOf(cell)) return undefined;
  return cellText(cell.value).text.replace(/\s*[\r\n]+\s*/g, '');
}

/** The first text of a row, in any column (the 序号 column says 合计, the first cell 填表人：…). */
export function firstText(row: ExcelJS.Row): string {
  let first = '';
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (!first) first = cellText(cell.value).text;
  });
  return first;
}

// ---------------------------------------------------------------------------
// Workbook

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/**
 * What an OLE compound file renamed to .xlsx really is, from the names of its streams
 * (UTF-16 in the directory): a password-protected .xlsx (EncryptedPackage), a Word or
 * WPS 文字 document (WordDocument), an old .xls or WPS 表格 workbook (Workbook / Book).
 * Null for anything else (the zip guard's message then stands).
 */
export function oleWorkbookProblem(buf: Buffer): string | null {
  if (!buf.subarray(0, 8).equals(OLE_MAGIC)) return null;
  if (buf.includes(utf16('EncryptedPackage'))) return '文件设置了打开密码（已加密），系统无法读取：请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再上传';
  if (buf.includes(utf16('WordDocument'))) return '这是 Word 或 WPS 文字文档（.doc/.wps），不是 Excel 表格：请上传 .xlsx 格式的表格';
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))) {
    return '这是旧版 Excel（.xls）或 WPS 表格（.et）文件，只是扩展名改成了 .xlsx：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再上传';
  }
  return null;
}

/** The workbook of an upload, after the zip guard; anything exceljs cannot read is a 400. */
export async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const ole = oleWorkbookProblem(buf);
  if (ole) throw invalid(ole);
  assertSafeXlsx(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw invalid('文件不是有效的 Excel（.xlsx）文件：无法读取工作簿，文件可能已损坏，请重新保存后上传');
  }
  return wb;
}

// ---------------------------------------------------------------------------
// Header

export type HeaderCol<F extends string> = { col: number; header: string; field: F | null };
export type SheetHeader<F extends string> = {
  rowNumber: number;
  /** The first data row: the row under the header, or the one after when the header has two levels. */
  dataStart: number;
  cols: HeaderCol<F>[];
};

export type HeaderRule<F extends string> = {
  /** The field a header names, or null. */
  match: (header: string) => F | null;
  /** How header-like a row's columns are; null: not the header. The best row wins, the first among equals. */
  score: (cols: HeaderCol<F>[]) => number | null;
  /** Skip rows with a cell merged down from above (the lower level of a two-level header). */
  skipMergedFromAbove?: boolean;
  /**
   * The field a lower-level header names together with the group title above it
   * ("验收" over "时间" → 验收时间), or null to read it alone. A column matched this way
   * is named "group + header".
   */
  matchInGroup?: (group: string, header: string) => F | null;
};

const fieldCount = <F extends string>(cols: HeaderCol<F>[]) => new Set(cols.map((c) => c.field).filter(Boolean)).size;

function headerCols<F extends string>(row: ExcelJS.Row, match: (header: string) => F | null): HeaderCol<F>[] {
  const cols: HeaderCol<F>[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const header = headerCellText(cell);
    if (header) cols.push({ col, header, field: match(header) });
  });
  return cols;
}

function mergedFromAbove(row: ExcelJS.Row): boolean {
  let found = false;
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (cell.isMerged && rowOf(cell.master) < row.number) found = true;
  });
  return found;
}

/**
 * The header among the first rows (title rows may stand above it), by the rule's score;
 * `seen` gets the texts of the most header-like row, for the message when there is none.
 */
export function findHeader<F extends string>(ws: ExcelJS.Worksheet, rule: HeaderRule<F>): { header: SheetHeader<F> | null; seen: string[] } {
  let best: SheetHeader<F> | null = null;
  let bestScore = -Infinity;
  let seen: string[] = [];
  let seenScore = -1;
  for (let r = 1; r <= SHEET_LIMITS.titleRows + 1; r++) {
    const row = ws.findRow(r);
    if (!row || (rule.skipMergedFromAbove && mergedFromAbove(row))) continue;
    const cols = headerCols(row, rule.match);
    const score = rule.score(cols);
    if (score !== null && score > bestScore) {
      best = { rowNumber: r, dataStart: r + 1, cols };
      bestScore = score;
    }
    const likeness = fieldCount(cols) * 1000 + cols.length;
    if (cols.length > 0 && likeness > seenScore) {
      seenScore = likeness;
      seen = [...new Set(cols.map((c) => c.header))];
    }
  }
  return { header: best ? withSubHeader(ws, best, rule) : null, seen };
}

/**
 * A two-level header ("序号" merged over two rows, "整改五落实" over 责任人 | 措施 | …):
 * the row below belongs to the header when a header cell is merged down into it.
 * Its own cells name their columns, replacing the group title above them — unless that
 * makes the header worse (a data row under a stray merged header cell is no sub-header).
 */
function withSubHeader<F extends string>(ws: ExcelJS.Worksheet, h: SheetHeader<F>, rule: HeaderRule<F>): SheetHeader<F> {
  const next = ws.findRow(h.rowNumber + 1);
  if (!next || !h.cols.some((c) => next.getCell(c.col).isMerged && rowOf(next.getCell(c.col).master) === h.rowNumber)) return h;
  const cols = new Map(h.cols.map((c) => [c.col, c]));
  const upper = ws.getRow(h.rowNumber);
  next.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.isMerged && rowOf(cell.master) <= h.rowNumber) return; // the upper header, merged down
    const header = headerCellText(cell);
    if (!header) return;
    const groupCell = upper.getCell(col);
    const group = groupCell.isMerged && rowOf(groupCell.master) === h.rowNumber ? cellText(groupCell.master.value).text.replace(/\s+/g, '') : '';
    const inGroup = group && rule.matchInGroup ? rule.matchInGroup(group, header) : null;
    cols.set(col, inGroup !== null ? { col, header: `${group}${header}`, field: inGroup } : { col, header, field: rule.match(header) });
  });
  const merged = [...cols.values()].sort((a, b) => a.col - b.col);
  const score = rule.score(merged);
  return score !== null && score >= rule.score(h.cols)! ? { rowNumber: h.rowNumber, dataStart: h.rowNumber + 2, cols: merged } : h;
}

/** The header's columns assigned to fields: the first column of a field wins, the others are ignored with a warning. */
export function assignColumns<F extends string>(
  cols: HeaderCol<F>[],
  opts: {
    label: (field: F) => string;
    /** Fields that fill the same thing (整改资金 in 元 or 万元) share a slot and its label. */
    slot?: (field: F) => { key: string; label: string };
    /** Headers ignored without a warning. */
    quiet: (header: string) => boolean;
  },
) {
  const warnings: string[] = [];
  const fieldCols = new Map<F, { col: number; header: string }>();
  const slots = new Map<string, string>();
  const columns: { header: string; field: F | null }[] = [];
  const unknown: string[] = [];
  for (const c of cols) {
    const slot = c.field && (opts.slot?.(c.field) ?? { key: c.field, label: opts.label(c.field) });
    const taken = slot && slots.get(slot.key);
    if (slot && taken) {
      warnings.push(`“${c.header}”列与“${taken}”列都表示${slot.label}，已使用“${taken}”列，忽略“${c.header}”列`);
      columns.push({ header: c.header, field: null });
      continue;
    }
    if (c.field && slot) {
      fieldCols.set(c.field, { col: c.col, header: c.header });
      slots.set(slot.key, c.header);
    } else if (!opts.quiet(c.header)) unknown.push(c.header);
    columns.push({ header: c.header, field: c.field });
  }
  const headers = Object.fromEntries([...fieldCols].map(([f, c]) => [f, c.header])) as Partial<Record<F, string>>;
  return { fieldCols, columns, headers, unknown, warnings };
}

// ---------------------------------------------------------------------------
// Rows

/**
 * The values of one row's field columns (cells with text or an error value) and how many
 * are the row's own. `followMerges`: a value merged down a column (学校 or 类别 over several
 * rows) applies to every row it spans but is not the row's own; one merged across columns
 * belongs to its first column only.
 */
export function rowValues<F extends string>(
  row: ExcelJS.Row,
  fieldCols: ReadonlyMap<F, { col: number }>,
  followMerges: boolean,
): { raw: Map<F, ExcelJS.CellValue>; own: number } {
  const raw = new Map<F, ExcelJS.CellValue>();
  let own = 0;
  for (const [field, { col }] of fieldCols) {
    const cell = row.getCell(col);
    const mergedFrom = followMerges && cell.isMerged && cell.master !== cell ? cell.master : null;
    if (mergedFrom && mergedFrom.fullAddress.col !== col) continue;
    const t = cellText(cell.value);
    if (t.text || t.error) {
      raw.set(field, cell.value);
      if (!mergedFrom) own++;
    }
  }
  return { raw, own };
}

/**
 * One data row's values, read field by field as the import's table declares them; every
 * problem becomes a row error (named by the column's header as written), so that all of
 * a row's problems show at once.
 */
export class RowCells<F extends string> {
  /** Whether a check of this row failed. */
  failed = false;

  constructor(
    readonly row: number,
    readonly raw: ReadonlyMap<F, ExcelJS.CellValue>,
    private readonly fields: SheetFields<F>,
    private readonly headers: Partial<Record<F, string>>,
    private readonly errors: SheetRowError[],
    /** A rewrite of the text before it is checked (the ledger reads back its own export's escapes). */
    private readonly unescape: (s: string) => string = (s) => s,
  ) {}

  has(field: F): boolean {
    return this.raw.has(field);
  }

  fail(field: F | null, message: string): void {
    this.failed = true;
    this.errors.push({ row: this.row, column: field === null ? null : (this.headers[field] ?? this.fields[field].label), message });
  }

  /** The cell's text as the field declares it, or null when empty or refused. */
  text(field: F): string | null {
    if (!this.raw.has(field)) return null;
    const spec = this.fields[field];
    const c = cellText(this.raw.get(field));
    if (c.error) {
      this.fail(field, `单元格是错误值 ${c.error}，请改为正确内容`);
      return null;
    }
    // A cell's _x0000_ escape reads as a NUL character (and _xD800_ as half a surrogate pair): PostgreSQL cannot store either.
    if (hasInvalidText(c.text)) {
      this.fail(field, `${spec.label}${INVALID_TEXT_MESSAGE}`);
      return null;
    }
    let t = this.unescape(c.text).replace(/\r\n?/g, '\n');
    const lines = spec.lines ?? 'join';
    t = lines === 'keep' ? t.replace(/\n{3,}/g, '\n\n') : t.replace(/\s*\n+\s*/g, lines === 'space' ? ' ' : '');
    t = clean(t);
    if (spec.max && [...t].length > spec.max) {
      this.fail(field, `${spec.label}不能超过 ${spec.max} 个字`);
      return null;
    }
    return t || null;
  }

  /** The cell as a date in DATE_RANGE, or null (empty or refused). */
  date(field: F): string | null {
    if (!this.raw.has(field)) return null;
    const v = this.raw.get(field)!;
    const c = cellText(v);
    if (c.error) {
      this.fail(field, `单元格是错误值 ${c.error}，请改为正确的日期`);
      return null;
    }
    const d = sheetDate(v);
    if (d === null) this.fail(field, `无法识别的日期“${c.text}”，请写成 2021-03-05、2021/3/5 或 2021年3月5日`);
    else if (!isDateInRange(d)) {
      // The same range as the API's: a 9999-12-31 due date would never be overdue.
      this.fail(field, `${this.fields[field].label}“${d}”超出允许范围（${DATE_RANGE.min} 至 ${DATE_RANGE.max}）`);
      return null;
    }
    return d;
  }

  /** The text parsed by `parse`: undefined when there is no text, null when unrecognised (reported as `unrecognised(text)`). */
  choice<V>(field: F, parse: (text: string) => V | null, unrecognised: (text: string) => string): V | null | undefined {
    const t = this.text(field);
    if (!t) return undefined;
    const v = parse(t);
    if (v === null) this.fail(field, unrecognised(t));
    return v;
  }
}

/** The required fields a header lacks. */
export function missingFields<F extends string>(fields: SheetFields<F>, present: ReadonlyMap<F, unknown>, optional: readonly F[] = []): F[] {
  return (Object.keys(fields) as F[]).filter((f) => fields[f].required && !present.has(f) && !optional.includes(f));
}
