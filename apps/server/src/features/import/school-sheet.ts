import ExcelJS from 'exceljs';
import { inferSchoolKind, parseSchoolKind, type SchoolKind } from '@xiaoan/domain';
import { invalid } from '../../http/errors.js';
import {
  RowCells,
  SHEET_LIMITS,
  assignColumns,
  cellText,
  clean,
  findHeader,
  headerMatcher,
  loadWorkbook,
  normHeader,
  rowValues,
  type ParsedSheet,
  type SheetFields,
  type SheetRowError,
} from '../../http/sheet.js';

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

export const SCHOOL_FIELDS: SheetFields<SheetField> = {
  name: { label: '学校名称', synonyms: ['学校名称', '学校', '单位名称', '校名', '学校全称'], required: true, max: 100 },
  schoolKind: { label: '类别', synonyms: ['类别', '学校类别', '学段', '办学类型', '学校类型'] },
  areaName: { label: '片区', synonyms: ['片区', '所属片区', '教管中心', '所属教管中心'], max: 100 },
  teamNames: { label: '督查小组', synonyms: ['督查小组', '督查组', '所属督查小组', '所属督查组'] },
  address: { label: '地址', synonyms: ['地址', '学校地址'], max: 200, lines: 'space' },
  principal: { label: '校长', synonyms: ['校长', '校长姓名'], max: 50 },
  safetyOfficer: { label: '安全管理员', synonyms: ['安全管理员', '安全负责人'], max: 50 },
  phone: { label: '联系电话', synonyms: ['联系电话', '电话'], max: 30 },
  enrolment: { label: '在校人数', synonyms: ['在校人数', '学生数', '在校生数'] },
  eduGroupName: { label: '教育集团', synonyms: ['教育集团', '所属教育集团'], max: 100 },
};

export const FIELD_LABELS = Object.fromEntries(Object.entries(SCHOOL_FIELDS).map(([f, spec]) => [f, spec.label])) as Record<SheetField, string>;

/** Columns that are common in bureau sheets and carry nothing to import: ignored without a warning. */
const QUIET_HEADERS = new Set(['序号', '编号', '备注', '说明']);
const MAX_TEAM_NAME = 50;
const MAX_ENROLMENT = 100_000;

/** The header is the first of the first rows with a 学校名称-like cell. */
const HEADER_RULE = {
  match: headerMatcher(SCHOOL_FIELDS),
  score: (cols: { field: SheetField | null }[]) => (cols.some((c) => c.field === 'name') ? 1 : null),
};

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

export type SchoolSheet = ParsedSheet<SheetField, SchoolSheetRow>;

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

  const { header, seen } = findHeader(ws, HEADER_RULE);
  if (!header) {
    const elsewhere = others.find((o) => findHeader(o, HEADER_RULE).header);
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

  const { fieldCols, columns, headers, unknown, warnings } = assignColumns(header.cols, {
    label: (f) => FIELD_LABELS[f],
    quiet: (h) => QUIET_HEADERS.has(normHeader(h)),
  });
  if (unknown.length) warnings.push(`已忽略无法识别的列：${unknown.join('、')}`);

  const rows: SchoolSheetRow[] = [];
  const errors: SheetRowError[] = [];
  const firstRowOfName = new Map<string, number>();
  let dataRows = 0;
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const { raw } = rowValues(row, fieldCols, false);
    if (raw.size === 0) continue; // an empty row (or one with only a serial number)
    if (++dataRows > SHEET_LIMITS.maxRows) {
      throw invalid(`表格中的学校超过 ${SHEET_LIMITS.maxRows} 行，请分批导入`);
    }
    const parsed = parseRow(new RowCells(r, raw, SCHOOL_FIELDS, headers, errors));
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

const KIND_CHOICES = '幼儿园、小学、初中、高中、九年一贯制、职业学校、特殊教育学校、校外培训机构';

/** One data row: the values it gives, each checked on its own; errors go to the sheet's. Null when the row has no name. */
function parseRow(cells: RowCells<SheetField>): SchoolSheetRow | null {
  const name = cells.text('name');
  // An empty name is an error of its own; an unreadable one (error value, too long) is already reported.
  // Either way the rest of the row is still checked, so that every problem shows at once.
  if (!cells.has('name')) cells.fail('name', '学校名称为空');

  const schoolKind = cells.choice('schoolKind', parseSchoolKind, (t) => `无法识别的学校类别“${t}”，可填：${KIND_CHOICES}`) ?? null;

  const teamNames: string[] = [];
  const teamText = cells.text('teamNames');
  if (teamText) {
    for (const t of teamText.split(/[、,，;；\r\n]+/).map(clean).filter(Boolean)) {
      if (t.length > MAX_TEAM_NAME) cells.fail('teamNames', `督查小组名称“${t.slice(0, 20)}…”过长`);
      else if (!teamNames.includes(t)) teamNames.push(t);
    }
  }

  let enrolment: number | null = null;
  if (cells.has('enrolment')) {
    const v = cells.raw.get('enrolment') as ExcelJS.CellValue;
    const e = cellText(v);
    if (e.error) cells.text('enrolment');
    else {
      // A number cell as it is; text such as "1,200" or "1200人" too (the result of a formula reads as text).
      const n =
        typeof v === 'number' ? v : /^(\d{1,3}([,，]\d{3})+|\d+)(\.0+)?\s*人?$/.test(e.text) ? Number(e.text.replace(/[,，人\s]/g, '')) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > MAX_ENROLMENT) {
        cells.fail('enrolment', `在校人数应为 0 到 ${MAX_ENROLMENT} 之间的整数，实际为“${e.text}”`);
      } else enrolment = n;
    }
  }

  const row: SchoolSheetRow = {
    row: cells.row,
    name: name ?? '',
    schoolKind,
    schoolKindGiven: cells.has('schoolKind'),
    inferredKind: name ? inferSchoolKind(name) : null,
    areaName: cells.text('areaName'),
    teamNames,
    address: cells.text('address'),
    principal: cells.text('principal'),
    safetyOfficer: cells.text('safetyOfficer'),
    phone: cells.text('phone'),
    enrolment,
    eduGroupName: cells.text('eduGroupName'),
  };
  return name ? row : null;
}
