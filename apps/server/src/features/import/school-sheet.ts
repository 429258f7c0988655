import ExcelJS from 'exceljs';
import { INVALID_TEXT_MESSAGE, hasInvalidText, inferSchoolKind, parseSchoolKind, type SchoolKind } from '@xiaoan/domain';
import { invalid } from '../../http/errors.js';
import { assertSafeXlsx } from './zip-guard.js';

/** The fields a school sheet may carry, each recognised by several header spellings. */
export type SheetField =
  | 'name'
  | 'schoolKind'
  | 'areaName'
  | 'teamNames'
  | 'address'
  | 'principal'
  | 'safetyOfficer'
  | 'phone'
  | 'enrolment'
  | 'eduGroupName';

export const FIELD_LABELS: Record<SheetField, string> = {
  name: '学校名称',
  schoolKind: '类别',
  areaName: '片区',
  teamNames: '督查小组',
  address: '地址',
  principal: '校长',
  safetyOfficer: '安全管理员',
  phone: '联系电话',
  enrolment: '在校人数',
  eduGroupName: '教育集团',
};

const HEADER_SYNONYMS: Record<SheetField, readonly string[]> = {
  name: ['学校名称', '学校', '单位名称', '校名', '学校全称'],
  schoolKind: ['类别', '学校类别', '学段', '办学类型', '学校类型'],
  areaName: ['片区', '所属片区', '教管中心', '所属教管中心'],
  teamNames: ['督查小组', '督查组', '所属督查小组', '所属督查组'],
  address: ['地址', '学校地址'],
  principal: ['校长', '校长姓名'],
  safetyOfficer: ['安全管理员', '安全负责人'],
  phone: ['联系电话', '电话'],
  enrolment: ['在校人数', '学生数', '在校生数'],
  eduGroupName: ['教育集团', '所属教育集团'],
};
/** Columns that are common in bureau sheets and carry nothing to import: ignored without a warning. */
const QUIET_HEADERS = new Set(['序号', '编号', '备注', '说明']);

const FIELD_BY_HEADER = new Map<string, SheetField>(
  (Object.entries(HEADER_SYNONYMS) as [SheetField, readonly string[]][]).flatMap(([f, names]) => names.map((n) => [n, f] as const)),
);

export const SHEET_LIMITS = {
  /** Title rows allowed above the header row. */
  titleRows: 5,
  /** Data rows (non-empty) per import. */
  maxRows: 5000,
};

const MAX_LENGTH: Partial<Record<SheetField, number>> = {
  name: 100,
  areaName: 100,
  address: 200,
  principal: 50,
  safetyOfficer: 50,
  phone: 30,
  eduGroupName: 100,
};
const MAX_TEAM_NAME = 50;
const MAX_ENROLMENT = 100_000;

export type SheetRowError = { row: number; column: string | null; message: string };

export type SchoolSheetRow = {
  /** Excel row number (1-based, as Excel shows it). */
  row: number;
  name: string;
  /** The kind written in the sheet, when there is one. */
  schoolKind: SchoolKind | null;
  /** Whether the kind cell was filled in (a filled cell that did not parse is already a row error). */
  schoolKindGiven: boolean;
  /** The kind the name implies (used for new schools with no kind written). */
  inferredKind: SchoolKind | null;
  areaName: string | null;
  teamNames: string[];
  address: string | null;
  principal: string | null;
  safetyOfficer: string | null;
  phone: string | null;
  enrolment: number | null;
  eduGroupName: string | null;
};

export type SchoolSheet = {
  sheetName: string;
  headerRow: number;
  columns: { header: string; field: SheetField | null }[];
  /** The header text (as written in the sheet) of each field present. */
  headers: Partial<Record<SheetField, string>>;
  rows: SchoolSheetRow[];
  errors: SheetRowError[];
  warnings: string[];
};

// ---------------------------------------------------------------------------
// Cells

type CellText = { text: string; error?: undefined } | { text: ''; error: string };

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

/** A header as compared with the synonyms: no spaces, no required-markers, no notes in brackets. */
export function normHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[(\[【].*?[)\]】]/g, '')
    .replace(/[\s*:：]/g, '');
}

/** A cell's row number (exceljs types `Cell.row` as a string; at run time it is a number). */
const rowOf = (cell: ExcelJS.Cell): number => cell.fullAddress.row;

/** The value of a cell, or undefined for the non-master cells of a merged range spanning columns. */
function headerCellText(cell: ExcelJS.Cell): string | undefined {
  if (cell.isMerged && cell.master !== cell && rowOf(cell.master) === rowOf(cell)) return undefined;
  return cellText(cell.value).text.replace(/\s*[\r\n]+\s*/g, '');
}

// ---------------------------------------------------------------------------
// Header

type Header = {
  rowNumber: number;
  /** The first data row: the row under the header, or the one after when the header has two levels. */
  dataStart: number;
  cols: { col: number; header: string; field: SheetField | null }[];
};

/** The first of the first rows with a 学校名称-like cell, or null; `seen` gets the most header-like row's texts. */
function findHeader(ws: ExcelJS.Worksheet): { header: Header | null; seen: string[] } {
  let seen: string[] = [];
  let seenScore = -1;
  for (let r = 1; r <= SHEET_LIMITS.titleRows + 1; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const cols: Header['cols'] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const header = headerCellText(cell);
      if (header) cols.push({ col, header, field: FIELD_BY_HEADER.get(normHeader(header)) ?? null });
    });
    if (cols.some((c) => c.field === 'name')) return { header: withSubHeader(ws, { rowNumber: r, dataStart: r + 1, cols }), seen: [] };
    const score = cols.filter((c) => c.field).length * 1000 + cols.length;
    if (cols.length > 0 && score > seenScore) {
      seenScore = score;
      seen = [...new Set(cols.map((c) => c.header))];
    }
  }
  return { header: null, seen };
}

/**
 * A two-level header ("学校名称" merged over two rows, "联系方式" over 校长 | 电话):
 * the row below belongs to the header when a header cell is merged down into it.
 * Its own cells name their columns, replacing the group title above them.
 */
function withSubHeader(ws: ExcelJS.Worksheet, h: Header): Header {
  const next = ws.findRow(h.rowNumber + 1);
  if (!next || !h.cols.some((c) => next.getCell(c.col).isMerged && rowOf(next.getCell(c.col).master) === h.rowNumber)) return h;
  const cols = new Map(h.cols.map((c) => [c.col, c]));
  next.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.isMerged && rowOf(cell.master) <= h.rowNumber) return; // the upper header, merged down
    const header = headerCellText(cell);
    if (header) cols.set(col, { col, header, field: FIELD_BY_HEADER.get(normHeader(header)) ?? null });
  });
  const merged = [...cols.values()].sort((a, b) => a.col - b.col);
  // A data row under a stray merged header cell is no sub-header: it would hide the name column.
  return merged.some((c) => c.field === 'name') ? { rowNumber: h.rowNumber, dataStart: h.rowNumber + 2, cols: merged } : h;
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

/**
 * Reads the first worksheet of an .xlsx into school rows: finds the header row
 * (below up to five title rows), maps the columns by their usual names, and
 * checks every value that can be checked without the database. File-level
 * problems throw a 400 with a Chinese message; row-level ones are collected.
 */
export async function readSchoolSheet(buf: Buffer): Promise<SchoolSheet> {
  const wb = await loadWorkbook(buf);
  const [ws, ...others] = wb.worksheets;
  if (!ws) throw invalid('缺少必填列：学校名称（工作簿中没有工作表）', { headersFound: [] });

  const { header, seen } = findHeader(ws);
  if (!header) {
    const elsewhere = others.find((o) => findHeader(o).header);
    if (elsewhere) {
      throw invalid(
        `缺少必填列：学校名称。第一个工作表「${ws.name}」中没有找到“学校名称”列，学校名单似乎在工作表「${elsewhere.name}」中，请把它移到第一个位置后再上传`,
        { sheetName: ws.name, headersFound: seen },
      );
    }
    const found = seen.length ? `找到的表头：${seen.join('、')}` : `工作表「${ws.name}」的前 ${SHEET_LIMITS.titleRows + 1} 行是空的`;
    throw invalid(`缺少必填列：学校名称（${found}）。表头须在前 ${SHEET_LIMITS.titleRows + 1} 行内，可用的列名：学校名称、学校、单位名称、校名`, {
      sheetName: ws.name,
      headersFound: seen,
    });
  }

  const warnings: string[] = [];
  const fieldCols = new Map<SheetField, { col: number; header: string }>();
  const columns: SchoolSheet['columns'] = [];
  const unknown: string[] = [];
  for (const c of header.cols) {
    if (c.field && fieldCols.has(c.field)) {
      const first = fieldCols.get(c.field)!;
      warnings.push(`“${c.header}”列与“${first.header}”列都表示${FIELD_LABELS[c.field]}，已使用“${first.header}”列，忽略“${c.header}”列`);
      columns.push({ header: c.header, field: null });
      continue;
    }
    if (c.field) fieldCols.set(c.field, { col: c.col, header: c.header });
    else if (!QUIET_HEADERS.has(normHeader(c.header))) unknown.push(c.header);
    columns.push({ header: c.header, field: c.field });
  }
  if (unknown.length) warnings.push(`已忽略无法识别的列：${unknown.join('、')}`);
  const headers = Object.fromEntries([...fieldCols].map(([f, c]) => [f, c.header])) as SchoolSheet['headers'];

  const rows: SchoolSheetRow[] = [];
  const errors: SheetRowError[] = [];
  const firstRowOfName = new Map<string, number>();
  let dataRows = 0;
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const raw = new Map<SheetField, { value: ExcelJS.CellValue; text: CellText }>();
    for (const [field, { col }] of fieldCols) {
      const value = row.getCell(col).value;
      const text = cellText(value);
      if (text.text || text.error) raw.set(field, { value, text });
    }
    if (raw.size === 0) continue; // an empty row (or one with only a serial number)
    if (++dataRows > SHEET_LIMITS.maxRows) {
      throw invalid(`表格中的学校超过 ${SHEET_LIMITS.maxRows} 行，请分批导入`);
    }
    const parsed = parseRow(r, raw, headers, errors);
    if (!parsed) continue;
    const first = firstRowOfName.get(parsed.name);
    if (first !== undefined) {
      errors.push({ row: r, column: headers.name!, message: `学校名称“${parsed.name}”与第 ${first} 行重复` });
    } else {
      firstRowOfName.set(parsed.name, r);
    }
    rows.push(parsed);
  }
  if (rows.length === 0 && errors.length === 0) {
    throw invalid(`工作表「${ws.name}」的表头（第 ${header.rowNumber} 行）下面没有学校数据`);
  }
  return { sheetName: ws.name, headerRow: header.rowNumber, columns, headers, rows, errors, warnings };
}

/** One data row: the values it gives, each checked on its own; errors go to `errors`. Null when the row has no name. */
function parseRow(
  r: number,
  raw: Map<SheetField, { value: ExcelJS.CellValue; text: CellText }>,
  headers: SchoolSheet['headers'],
  errors: SheetRowError[],
): SchoolSheetRow | null {
  const fail = (field: SheetField, message: string) => errors.push({ row: r, column: headers[field] ?? FIELD_LABELS[field], message });

  const text = (field: SheetField): string | null => {
    const c = raw.get(field);
    if (!c) return null;
    if (c.text.error) {
      fail(field, `单元格是错误值 ${c.text.error}，请改为正确内容`);
      return null;
    }
    // A cell's _x0000_ escape reads as a NUL character (and _xD800_ as half a surrogate pair): PostgreSQL cannot store either.
    if (hasInvalidText(c.text.text)) {
      fail(field, `${FIELD_LABELS[field]}${INVALID_TEXT_MESSAGE}`);
      return null;
    }
    // Names never contain line breaks: a break inside is the cell wrapping text.
    const t = field === 'address' ? c.text.text.replace(/\s*[\r\n]+\s*/g, ' ') : c.text.text.replace(/\s*[\r\n]+\s*/g, '');
    const max = MAX_LENGTH[field];
    if (max && t.length > max) {
      fail(field, `${FIELD_LABELS[field]}不能超过 ${max} 个字`);
      return null;
    }
    return t || null;
  };

  const name = text('name');
  // An empty name is an error of its own; an unreadable one (error value, too long) is already reported.
  // Either way the rest of the row is still checked, so that every problem shows at once.
  if (!raw.has('name')) fail('name', '学校名称为空');

  let schoolKind: SchoolKind | null = null;
  const kindText = text('schoolKind');
  if (kindText) {
    schoolKind = parseSchoolKind(kindText);
    if (!schoolKind) fail('schoolKind', `无法识别的学校类别“${kindText}”，可填：幼儿园、小学、初中、高中、九年一贯制、职业学校、特殊教育学校、校外培训机构`);
  }

  const teamNames: string[] = [];
  const teamText = text('teamNames');
  if (teamText) {
    for (const t of teamText.split(/[、,，;；\r\n]+/).map(clean).filter(Boolean)) {
      if (t.length > MAX_TEAM_NAME) fail('teamNames', `督查小组名称“${t.slice(0, 20)}…”过长`);
      else if (!teamNames.includes(t)) teamNames.push(t);
    }
  }

  let enrolment: number | null = null;
  const e = raw.get('enrolment');
  if (e) {
    if (e.text.error) text('enrolment');
    else {
      const v = e.value;
      // A number cell as it is; text such as "1,200" or "1200人" too (the result of a formula reads as text).
      const n =
        typeof v === 'number'
          ? v
          : /^(\d{1,3}([,，]\d{3})+|\d+)(\.0+)?\s*人?$/.test(e.text.text)
            ? Number(e.text.text.replace(/[,，人\s]/g, ''))
            : NaN;
      if (!Number.isInteger(n) || n < 0 || n > MAX_ENROLMENT) {
        fail('enrolment', `在校人数应为 0 到 ${MAX_ENROLMENT} 之间的整数，实际为“${e.text.text}”`);
      } else enrolment = n;
    }
  }

  const row: SchoolSheetRow = {
    row: r,
    name: name ?? '',
    schoolKind,
    schoolKindGiven: raw.has('schoolKind'),
    inferredKind: name ? inferSchoolKind(name) : null,
    areaName: text('areaName'),
    teamNames,
    address: text('address'),
    principal: text('principal'),
    safetyOfficer: text('safetyOfficer'),
    phone: text('phone'),
    enrolment,
    eduGroupName: text('eduGroupName'),
  };
  return name ? row : null;
}
