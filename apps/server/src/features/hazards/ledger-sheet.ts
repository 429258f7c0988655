import ExcelJS from 'exceljs';
import {
  DATE_RANGE,
  HAZARD_DOMAIN_LABELS,
  HAZARD_SOURCE_LABELS,
  INVALID_TEXT_MESSAGE,
  LEDGER_FIELDS,
  hasInvalidText,
  isDateInRange,
  formatYmd,
  matchLedgerHeader,
  parseChineseDate,
  parseDomainLabel,
  parseFundsFen,
  parseGradeLabel,
  parseSourceLabel,
  type HazardDomain,
  type HazardGrade,
  type HazardSource,
  type LedgerField,
} from '@xiaoan/domain';
import { invalid } from '../../http/errors.js';
import { cellText, clean } from '../import/school-sheet.js';
import { assertSafeXlsx } from '../import/zip-guard.js';

/** How each field is named in messages (the usual header of a bureau ledger). */
export const LEDGER_FIELD_LABELS: Record<LedgerField, string> = {
  school: '学校',
  domain: '隐患类别',
  grade: '隐患等级',
  title: '隐患标题',
  description: '隐患描述',
  location: '隐患位置',
  foundAt: '发现时间',
  foundBy: '发现人',
  source: '发现方式',
  owner: '责任人',
  measures: '整改措施',
  funds: '整改资金（元）',
  fundsTenThousandYuan: '整改资金（万元）',
  dueDate: '整改时限',
  contingencyPlan: '应急预案',
  interimControls: '临时管控措施',
  watcher: '专人盯防',
  progress: '整改情况',
};

export const LEDGER_LIMITS = {
  /** Title rows allowed above the header row. */
  titleRows: 5,
  /** Data rows (non-empty) per import. */
  maxRows: 5000,
  /** Longest title made from a description when the sheet has no title column. */
  defaultTitleChars: 30,
};

/** The five commitments (整改五落实): all or none make a row importable. */
const COMMITMENTS = ['owner', 'measures', 'funds', 'dueDate', 'contingencyPlan'] as const;
const COMMITMENT_LABELS: Record<(typeof COMMITMENTS)[number], string> = {
  owner: '责任人',
  measures: '整改措施',
  funds: '整改资金',
  dueDate: '整改时限',
  contingencyPlan: '应急预案',
};

const MAX_LENGTH: Partial<Record<LedgerField, number>> = {
  school: 100,
  title: 200,
  description: 4000,
  location: 200,
  foundBy: 100,
  owner: 100,
  measures: 4000,
  contingencyPlan: 4000,
  interimControls: 4000,
  watcher: 100,
};
/** Fields whose text keeps its line breaks; the others are one line. */
const MULTILINE = new Set<LedgerField>(['description', 'measures', 'contingencyPlan', 'interimControls', 'progress']);
/** Columns common in ledgers that carry nothing to import: ignored without a warning. */
const QUIET_HEADERS = new Set(['序号', '编号', '备注', '说明', '状态', '验收人', '销号时间', '是否逾期', '挂牌督办', '隐患状态']);
/** A row whose only text starts like this is the footer of a printed ledger (填表人、审核人…), not a hazard. */
const FOOTER_RE = /^(填表|制表|审核|审批|复核|单位负责人|负责人|联系人|联系电话|合计|总计|备注|说明|注[:：])/;

/** What the user chose for some headers: the field to fill, or null to ignore the column. */
export type ColumnMapping = ReadonlyMap<string, LedgerField | null>;

export type SheetRowError = { row: number; column: string | null; message: string };

export type Commitments = { owner: string; measures: string; fundsFen: number; dueDate: string; contingencyPlan: string };

export type LedgerSheetRow = {
  /** Excel row number (1-based, as Excel shows it). */
  row: number;
  school: string | null;
  title: string;
  description: string;
  location: string;
  domain: HazardDomain | null;
  grade: HazardGrade | null;
  source: HazardSource | null;
  foundAt: string | null;
  foundBy: string | null;
  owner: string | null;
  dueDate: string | null;
  fundsFen: number | null;
  /** All five commitments when the row gives all of them (the hazard is then registered). */
  commitments: Commitments | null;
  interimControls: string | null;
  watcher: string | null;
  /** Whether a sheet-level check already failed for this row (the domain is not asked then). */
  hasErrors: boolean;
};

export type LedgerSheet = {
  sheetName: string;
  headerRow: number;
  columns: { header: string; field: LedgerField | null }[];
  /** The header text (as written in the sheet) of each field present. */
  headers: Partial<Record<LedgerField, string>>;
  rows: LedgerSheetRow[];
  errors: SheetRowError[];
  warnings: string[];
};

// ---------------------------------------------------------------------------
// The mapping the user sends

const MAX_MAPPING_ENTRIES = 100;

/**
 * Reads the optional `mapping` form field: a JSON object {"表头": "字段" | null}.
 * Anything else is a 400 with a Chinese message naming what is wrong.
 */
export function parseColumnMapping(text: string | undefined): ColumnMapping {
  const map = new Map<string, LedgerField | null>();
  if (text === undefined || text.trim() === '') return map;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('列对应（mapping）不是有效的 JSON，应为 {"表格中的列名": "字段名或 null"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('列对应（mapping）应为 JSON 对象，如 {"存在问题": "description", "备注": null}');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_MAPPING_ENTRIES) throw invalid(`列对应（mapping）最多 ${MAX_MAPPING_ENTRIES} 项`);
  for (const [header, field] of entries) {
    const key = headerKey(header);
    if (!key) throw invalid('列对应（mapping）中有空的列名');
    if (field !== null && !(LEDGER_FIELDS as readonly unknown[]).includes(field)) {
      throw invalid(`列对应（mapping）中“${header}”的字段“${String(field)}”无效，可用：${LEDGER_FIELDS.join('、')}，或 null 表示忽略该列`);
    }
    map.set(key, field as LedgerField | null);
  }
  return map;
}

/** A header as compared with the mapping's keys: NFKC, no white space at all. */
function headerKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------
// Cells

const rowOf = (cell: ExcelJS.Cell): number => cell.fullAddress.row;

/** The text of a header cell, or undefined for the non-master cells of a range merged across columns. */
function headerCellText(cell: ExcelJS.Cell): string | undefined {
  if (cell.isMerged && cell.master !== cell && rowOf(cell.master) === rowOf(cell)) return undefined;
  return cellText(cell.value).text.replace(/\s*[\r\n]+\s*/g, '');
}

/** The value under a formula, a hyperlink's text, rich text as a string; other values unchanged. */
function plainValue(v: ExcelJS.CellValue): unknown {
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
export function ledgerDate(v: ExcelJS.CellValue): string | null {
  const p = plainValue(v);
  if (p instanceof Date) {
    if (Number.isNaN(p.getTime())) return null;
    return parseChineseDate(formatYmd(p.getUTCFullYear(), p.getUTCMonth() + 1, p.getUTCDate()));
  }
  return parseChineseDate(p);
}

/** The first text of a row, in any column (the 序号 column says 合计, the first cell 填表人：…). */
function firstText(row: ExcelJS.Row): string {
  let first = '';
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (!first) first = cellText(cell.value).text;
  });
  return first;
}

/** Text our own export escaped against formulas ('=1+1) reads back as it was written. */
function unescapeExported(s: string): string {
  return /^'(?:[\t\r]|\s*[=+\-@＝＋－＠])/.test(s) ? s.slice(1) : s;
}

// ---------------------------------------------------------------------------
// Header

type HeaderCol = { col: number; header: string; field: LedgerField | null };
type Header = { rowNumber: number; dataStart: number; cols: HeaderCol[] };

function fieldOf(header: string, mapping: ColumnMapping): LedgerField | null {
  const key = headerKey(header);
  return mapping.has(key) ? mapping.get(key)! : matchLedgerHeader(header);
}

function headerCols(row: ExcelJS.Row, mapping: ColumnMapping): HeaderCol[] {
  const cols: HeaderCol[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const header = headerCellText(cell);
    if (header) cols.push({ col, header, field: fieldOf(header, mapping) });
  });
  return cols;
}

const fieldCount = (cols: HeaderCol[]) => new Set(cols.map((c) => c.field).filter(Boolean)).size;

/**
 * The header: among the first rows (title rows may stand above it), the one
 * naming the most ledger fields, at least two. `seen` gets its texts for the message.
 */
function findHeader(ws: ExcelJS.Worksheet, mapping: ColumnMapping): { header: Header | null; seen: string[] } {
  let best: Header | null = null;
  let bestScore = 0;
  let seen: string[] = [];
  let seenScore = -1;
  for (let r = 1; r <= LEDGER_LIMITS.titleRows + 1; r++) {
    const row = ws.findRow(r);
    // The lower level of a two-level header belongs to the row above (see withSubHeader).
    if (!row || mergedFromAbove(row)) continue;
    const cols = headerCols(row, mapping);
    const score = fieldCount(cols);
    if (score >= 2 && score > bestScore) {
      best = { rowNumber: r, dataStart: r + 1, cols };
      bestScore = score;
    }
    if (cols.length > 0 && score * 1000 + cols.length > seenScore) {
      seenScore = score * 1000 + cols.length;
      seen = [...new Set(cols.map((c) => c.header))];
    }
  }
  return { header: best ? withSubHeader(ws, best, mapping) : null, seen };
}

function mergedFromAbove(row: ExcelJS.Row): boolean {
  let found = false;
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (cell.isMerged && rowOf(cell.master) < row.number) found = true;
  });
  return found;
}

/**
 * A two-level header ("序号" merged over two rows, "整改五落实" over 责任人 | 措施 | …):
 * the row below belongs to the header when a header cell is merged down into it.
 * Its own cells name their columns, replacing the group title above them.
 */
function withSubHeader(ws: ExcelJS.Worksheet, h: Header, mapping: ColumnMapping): Header {
  const next = ws.findRow(h.rowNumber + 1);
  if (!next || !h.cols.some((c) => next.getCell(c.col).isMerged && rowOf(next.getCell(c.col).master) === h.rowNumber)) return h;
  const cols = new Map(h.cols.map((c) => [c.col, c]));
  next.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.isMerged && rowOf(cell.master) <= h.rowNumber) return; // the upper header, merged down
    const header = headerCellText(cell);
    if (header) cols.set(col, { col, header, field: fieldOf(header, mapping) });
  });
  const merged = [...cols.values()].sort((a, b) => a.col - b.col);
  return fieldCount(merged) >= fieldCount(h.cols) ? { rowNumber: h.rowNumber, dataStart: h.rowNumber + 2, cols: merged } : h;
}

// ---------------------------------------------------------------------------
// Workbook

async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  assertSafeXlsx(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw invalid('文件不是有效的 Excel（.xlsx）文件：无法读取工作簿，文件可能已损坏，请重新保存后上传');
  }
  return wb;
}

const REQUIRED: readonly LedgerField[] = ['school', 'description', 'domain', 'foundAt'];

/**
 * Reads the first worksheet of an .xlsx hazard ledger: finds the header row
 * (below up to five title rows, one or two levels), maps the columns by their
 * usual names or the user's mapping, and checks every value that can be
 * checked without the database. File-level problems throw a 400 with a Chinese
 * message; row-level ones are collected. `schoolOptional`: the importer belongs
 * to one school, which rows without a school default to.
 */
export async function readLedgerSheet(buf: Buffer, opts: { mapping: ColumnMapping; schoolOptional: boolean }): Promise<LedgerSheet> {
  const { mapping } = opts;
  const wb = await loadWorkbook(buf);
  const [ws, ...others] = wb.worksheets;
  if (!ws || ws.actualRowCount === 0) throw invalid(ws ? `工作表「${ws.name}」是空的，请把隐患台账放在第一个工作表中` : '工作簿中没有工作表');

  const { header, seen } = findHeader(ws, mapping);
  if (!header) {
    const elsewhere = others.find((o) => findHeader(o, mapping).header);
    if (elsewhere) {
      throw invalid(`第一个工作表「${ws.name}」中没有找到隐患台账的表头，台账似乎在工作表「${elsewhere.name}」中，请把它移到第一个位置后再上传`, {
        sheetName: ws.name,
        headersFound: seen,
      });
    }
    const found = seen.length ? `找到的内容：${seen.join('、')}` : `工作表「${ws.name}」的前 ${LEDGER_LIMITS.titleRows + 1} 行是空的`;
    throw invalid(
      `没有找到隐患台账的表头（${found}）。表头须在前 ${LEDGER_LIMITS.titleRows + 1} 行内，至少包含隐患描述（或 存在问题）、隐患类别、发现时间等列；列名不同时可在“列对应”中指定`,
      { sheetName: ws.name, headersFound: seen },
    );
  }

  const warnings: string[] = [];
  const fieldCols = new Map<LedgerField, { col: number; header: string }>();
  const columns: LedgerSheet['columns'] = [];
  const unknown: string[] = [];
  for (const c of header.cols) {
    // 整改资金（元）and 整改资金（万元）fill the same thing.
    const slot = c.field === 'fundsTenThousandYuan' ? 'funds' : c.field;
    const taken = slot && (fieldCols.get(slot) ?? (slot === 'funds' ? fieldCols.get('fundsTenThousandYuan') : undefined));
    if (c.field && taken) {
      const what = slot === 'funds' ? '整改资金' : LEDGER_FIELD_LABELS[c.field];
      warnings.push(`“${c.header}”列与“${taken.header}”列都表示${what}，已使用“${taken.header}”列，忽略“${c.header}”列`);
      columns.push({ header: c.header, field: null });
      continue;
    }
    if (c.field) fieldCols.set(c.field, { col: c.col, header: c.header });
    else if (!QUIET_HEADERS.has(headerKey(c.header)) && !mapping.has(headerKey(c.header))) unknown.push(c.header);
    columns.push({ header: c.header, field: c.field });
  }
  const unmatched = [...mapping.keys()].filter((k) => !header.cols.some((c) => headerKey(c.header) === k));
  if (unmatched.length) {
    throw invalid(`列对应（mapping）中的列在表头（第 ${header.rowNumber} 行）中不存在：${unmatched.join('、')}`, {
      sheetName: ws.name,
      headerRow: header.rowNumber,
      columns,
    });
  }
  const missing = REQUIRED.filter((f) => !fieldCols.has(f) && !(f === 'school' && opts.schoolOptional));
  if (missing.length) {
    throw invalid(
      `缺少必填列：${missing.map((f) => LEDGER_FIELD_LABELS[f]).join('、')}（表头在第 ${header.rowNumber} 行，找到的列：${header.cols.map((c) => c.header).join('、')}）。列名不同时可在“列对应”中指定`,
      { sheetName: ws.name, headerRow: header.rowNumber, columns, missing },
    );
  }
  if (unknown.length) warnings.push(`已忽略无法识别的列：${unknown.join('、')}`);
  const ledgerLike = others.filter((o) => findHeader(o, mapping).header).map((o) => `「${o.name}」`);
  if (ledgerLike.length) warnings.push(`工作簿中的工作表${ledgerLike.join('、')}也像隐患台账，本次只导入第一个工作表「${ws.name}」，其余请分别导入`);
  const headers = Object.fromEntries([...fieldCols].map(([f, c]) => [f, c.header])) as LedgerSheet['headers'];

  const rows: LedgerSheetRow[] = [];
  const errors: SheetRowError[] = [];
  const footers: number[] = [];
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const raw = new Map<LedgerField, ExcelJS.CellValue>();
    let own = 0;
    for (const [field, { col }] of fieldCols) {
      const cell = row.getCell(col);
      const mergedFrom = cell.isMerged && cell.master !== cell ? cell.master : null;
      // A value merged down a column (学校 or 类别 over several hazards) applies to every row
      // it spans; one merged across columns belongs to its first column only.
      if (mergedFrom && mergedFrom.fullAddress.col !== col) continue;
      const t = cellText(cell.value);
      if (t.text || t.error) {
        raw.set(field, cell.value);
        if (!mergedFrom) own++;
      }
    }
    if (own === 0) continue; // an empty row, one with only a serial number, or the rest of a merged cell
    if (!raw.has('description') && FOOTER_RE.test(firstText(row))) {
      footers.push(r);
      continue;
    }
    if (rows.length >= LEDGER_LIMITS.maxRows) throw invalid(`表格中的隐患超过 ${LEDGER_LIMITS.maxRows} 行，请分批导入`);
    rows.push(parseRow(r, raw, headers, errors, opts));
  }
  if (rows.length === 0 && errors.length === 0) throw invalid(`工作表「${ws.name}」的表头（第 ${header.rowNumber} 行）下面没有隐患数据`);
  if (footers.length) warnings.push(`已跳过第 ${footers.join('、')} 行（表尾的填表人、审核人等说明）`);
  return { sheetName: ws.name, headerRow: header.rowNumber, columns, headers, rows, errors, warnings };
}

const DOMAIN_CHOICES = Object.values(HAZARD_DOMAIN_LABELS).join('、');
const SOURCE_CHOICES = Object.values(HAZARD_SOURCE_LABELS).join('、');

/** The title a hazard gets from its description when the sheet has none: its first line, cut short. */
export function titleFromDescription(description: string): string {
  const first = (description.split(/\n/).find((l) => l.trim() !== '') ?? '').trim().replace(/\s+/g, ' ').replace(/[。；;，,：:]+$/, '');
  const chars = [...first];
  return chars.length <= LEDGER_LIMITS.defaultTitleChars ? first : `${chars.slice(0, LEDGER_LIMITS.defaultTitleChars).join('')}…`;
}

/** One data row: the values it gives, each checked on its own; errors go to `errors`. */
function parseRow(
  r: number,
  raw: Map<LedgerField, ExcelJS.CellValue>,
  headers: LedgerSheet['headers'],
  errors: SheetRowError[],
  opts: { schoolOptional: boolean },
): LedgerSheetRow {
  let failed = false;
  const fail = (field: LedgerField, message: string) => {
    failed = true;
    errors.push({ row: r, column: headers[field] ?? LEDGER_FIELD_LABELS[field], message });
  };

  const text = (field: LedgerField): string | null => {
    if (!raw.has(field)) return null;
    const c = cellText(raw.get(field));
    if (c.error) {
      fail(field, `单元格是错误值 ${c.error}，请改为正确内容`);
      return null;
    }
    // A cell's _x0000_ escape reads as a NUL character (and _xD800_ as half a surrogate pair): PostgreSQL cannot store either.
    if (hasInvalidText(c.text)) {
      fail(field, `${LEDGER_FIELD_LABELS[field]}${INVALID_TEXT_MESSAGE}`);
      return null;
    }
    let t = unescapeExported(c.text).replace(/\r\n?/g, '\n');
    t = MULTILINE.has(field) ? t.replace(/\n{3,}/g, '\n\n') : t.replace(/\s*\n+\s*/g, field === 'school' ? '' : ' ');
    t = clean(t);
    const max = MAX_LENGTH[field];
    if (max && [...t].length > max) {
      fail(field, `${LEDGER_FIELD_LABELS[field]}不能超过 ${max} 个字`);
      return null;
    }
    return t || null;
  };

  const date = (field: 'foundAt' | 'dueDate'): string | null => {
    if (!raw.has(field)) return null;
    const v = raw.get(field)!;
    const c = cellText(v);
    if (c.error) {
      fail(field, `单元格是错误值 ${c.error}，请改为正确的日期`);
      return null;
    }
    const d = ledgerDate(v);
    if (d === null) fail(field, `无法识别的日期“${c.text}”，请写成 2021-03-05、2021/3/5 或 2021年3月5日`);
    else if (!isDateInRange(d)) {
      // The same range as the API's: a 9999-12-31 due date would never be overdue.
      fail(field, `${LEDGER_FIELD_LABELS[field]}“${d}”超出允许范围（${DATE_RANGE.min} 至 ${DATE_RANGE.max}）`);
      return null;
    }
    return d;
  };

  const school = text('school');
  if (!school && !raw.has('school') && !opts.schoolOptional) fail('school', '学校为空');

  const description0 = text('description');
  if (!description0 && !raw.has('description')) fail('description', '隐患描述为空');
  const progress = text('progress');
  let description = description0 ?? '';
  if (description0 && progress) {
    description = `${description0}\n整改情况：${progress}`;
    if ([...description].length > MAX_LENGTH.description!) fail('progress', `隐患描述与整改情况合计不能超过 ${MAX_LENGTH.description} 个字`);
  }
  const title = text('title') ?? (description0 ? titleFromDescription(description0) : '');

  let domain: HazardDomain | null = null;
  const domainText = text('domain');
  if (domainText) {
    domain = parseDomainLabel(domainText);
    if (!domain) fail('domain', `无法识别的隐患类别“${domainText}”，可填：${DOMAIN_CHOICES}`);
  } else if (!raw.has('domain')) fail('domain', '隐患类别为空');

  let grade: HazardGrade | null = 'general';
  const gradeText = text('grade');
  if (gradeText) {
    grade = parseGradeLabel(gradeText);
    if (!grade) fail('grade', `无法识别的隐患等级“${gradeText}”，可填：一般隐患、重大隐患`);
  }

  let source: HazardSource | null = 'self';
  const sourceText = text('source');
  if (sourceText) {
    source = parseSourceLabel(sourceText);
    if (!source) fail('source', `无法识别的发现方式“${sourceText}”，可填：${SOURCE_CHOICES}`);
  }

  const foundAt = date('foundAt');
  if (!raw.has('foundAt')) fail('foundAt', '发现时间为空');

  // 整改五落实: all five, or none.
  const owner = text('owner');
  const measures = text('measures');
  const dueDate = date('dueDate');
  const contingencyPlan = text('contingencyPlan');
  let fundsFen: number | null = null;
  const fundsField: LedgerField | null = raw.has('funds') ? 'funds' : raw.has('fundsTenThousandYuan') ? 'fundsTenThousandYuan' : null;
  if (fundsField) {
    const v = plainValue(raw.get(fundsField)!);
    const c = cellText(raw.get(fundsField));
    if (c.error) fail(fundsField, `单元格是错误值 ${c.error}，请改为金额`);
    else {
      fundsFen = parseFundsFen(typeof v === 'number' ? v : c.text, fundsField === 'funds' ? 'yuan' : 'ten_thousand_yuan');
      if (fundsFen === null) fail(fundsField, `无法识别的整改资金“${c.text}”，应为不小于 0 的金额（元，最多两位小数；不需要资金填 0）`);
    }
  }
  const given = { owner: raw.has('owner'), measures: raw.has('measures'), funds: fundsField !== null, dueDate: raw.has('dueDate'), contingencyPlan: raw.has('contingencyPlan') };
  const present = COMMITMENTS.filter((k) => given[k]);
  if (present.length > 0 && present.length < COMMITMENTS.length) {
    const lacking = COMMITMENTS.filter((k) => !given[k]).map((k) => COMMITMENT_LABELS[k]);
    failed = true;
    errors.push({
      row: r,
      column: null,
      message: `整改五落实不完整：缺少${lacking.join('、')}。五项（责任人、整改措施、整改资金、整改时限、应急预案）须全部填写才能登记，或全部留空仅作上报`,
    });
  }
  const commitments =
    present.length === COMMITMENTS.length && owner && measures && fundsFen !== null && dueDate && contingencyPlan
      ? { owner, measures, fundsFen, dueDate, contingencyPlan }
      : null;

  return {
    row: r,
    school,
    title,
    description,
    location: text('location') ?? '',
    domain,
    grade,
    source,
    foundAt,
    foundBy: text('foundBy'),
    owner,
    dueDate,
    fundsFen,
    commitments,
    interimControls: text('interimControls'),
    watcher: text('watcher'),
    hasErrors: failed,
  };
}
