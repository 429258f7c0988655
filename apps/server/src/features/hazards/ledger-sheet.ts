import type ExcelJS from 'exceljs';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_SOURCE_LABELS,
  LEDGER_FIELDS,
  matchLedgerHeader,
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
import {
  RowCells,
  SHEET_LIMITS,
  assignColumns,
  cellText,
  findHeader,
  firstText,
  loadWorkbook,
  missingFields,
  plainValue,
  rowValues,
  sheetDate,
  type HeaderCol,
  type HeaderRule,
  type ParsedSheet,
  type SheetFields,
  type SheetRowError,
} from '../../http/sheet.js';

/**
 * The ledger's fields: how each is named in messages (the usual header of a bureau
 * ledger), which the sheet must have, how long its text may be and whether it keeps its
 * line breaks. The header spellings are the domain's (matchLedgerHeader).
 */
export const LEDGER_SHEET_FIELDS: SheetFields<LedgerField> = {
  school: { label: '学校', required: true, max: 100 },
  domain: { label: '隐患类别', required: true, lines: 'space' },
  grade: { label: '隐患等级', lines: 'space' },
  title: { label: '隐患标题', max: 200, lines: 'space' },
  description: { label: '隐患描述', required: true, max: 4000, lines: 'keep' },
  location: { label: '隐患位置', max: 200, lines: 'space' },
  foundAt: { label: '发现时间', required: true },
  foundBy: { label: '发现人', max: 100, lines: 'space' },
  source: { label: '发现方式', lines: 'space' },
  owner: { label: '责任人', max: 100, lines: 'space' },
  measures: { label: '整改措施', max: 4000, lines: 'keep' },
  funds: { label: '整改资金（元）', lines: 'space' },
  fundsTenThousandYuan: { label: '整改资金（万元）', lines: 'space' },
  dueDate: { label: '整改时限', lines: 'space' },
  contingencyPlan: { label: '应急预案', max: 4000, lines: 'keep' },
  interimControls: { label: '临时管控措施', max: 4000, lines: 'keep' },
  watcher: { label: '专人盯防', max: 100, lines: 'space' },
  progress: { label: '整改情况', lines: 'keep' },
};

/** How each field is named in messages. */
export const LEDGER_FIELD_LABELS = Object.fromEntries(Object.entries(LEDGER_SHEET_FIELDS).map(([f, spec]) => [f, spec.label])) as Record<LedgerField, string>;

export const LEDGER_LIMITS = {
  ...SHEET_LIMITS,
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

/** Columns common in ledgers that carry nothing to import: ignored without a warning. */
const QUIET_HEADERS = new Set(['序号', '编号', '备注', '说明', '状态', '验收人', '销号时间', '是否逾期', '挂牌督办', '隐患状态']);
/** A row whose only text starts like this is the footer of a printed ledger (填表人、审核人…), not a hazard. */
const FOOTER_RE = /^(填表|制表|审核|审批|复核|单位负责人|负责人|联系人|联系电话|合计|总计|备注|说明|注[:：])/;

/** What the user chose for some headers: the field to fill, or null to ignore the column. */
export type ColumnMapping = ReadonlyMap<string, LedgerField | null>;

export type { SheetRowError };

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

export type LedgerSheet = ParsedSheet<LedgerField, LedgerSheetRow>;

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
// Cells and header

/** A date cell as 'YYYY-MM-DD', or null (see sheetDate). */
export const ledgerDate = sheetDate;

/** Text our own export escaped against formulas ('=1+1) reads back as it was written. */
function unescapeExported(s: string): string {
  return /^'(?:[\t\r]|\s*[=+\-@＝＋－＠])/.test(s) ? s.slice(1) : s;
}

/** The header: among the first rows, the one naming the most ledger fields (by the user's mapping or their usual names), at least two. */
function headerRule(mapping: ColumnMapping): HeaderRule<LedgerField> {
  return {
    match: (header) => {
      const key = headerKey(header);
      return mapping.has(key) ? mapping.get(key)! : matchLedgerHeader(header);
    },
    score: (cols: HeaderCol<LedgerField>[]) => {
      const n = new Set(cols.map((c) => c.field).filter(Boolean)).size;
      return n >= 2 ? n : null;
    },
    skipMergedFromAbove: true,
  };
}

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
  const rule = headerRule(mapping);
  const wb = await loadWorkbook(buf);
  const [ws, ...others] = wb.worksheets;
  if (!ws || ws.actualRowCount === 0) throw invalid(ws ? `工作表「${ws.name}」是空的，请把隐患台账放在第一个工作表中` : '工作簿中没有工作表');

  const { header, seen } = findHeader(ws, rule);
  if (!header) {
    const elsewhere = others.find((o) => findHeader(o, rule).header);
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

  const { fieldCols, columns, headers, unknown, warnings } = assignColumns(header.cols, {
    label: (f) => LEDGER_FIELD_LABELS[f],
    // 整改资金（元）and 整改资金（万元）fill the same thing.
    slot: (f) => (f === 'funds' || f === 'fundsTenThousandYuan' ? { key: 'funds', label: '整改资金' } : { key: f, label: LEDGER_FIELD_LABELS[f] }),
    quiet: (h) => QUIET_HEADERS.has(headerKey(h)) || mapping.has(headerKey(h)),
  });
  const unmatched = [...mapping.keys()].filter((k) => !header.cols.some((c) => headerKey(c.header) === k));
  if (unmatched.length) {
    throw invalid(`列对应（mapping）中的列在表头（第 ${header.rowNumber} 行）中不存在：${unmatched.join('、')}`, {
      sheetName: ws.name,
      headerRow: header.rowNumber,
      columns,
    });
  }
  const missing = missingFields(LEDGER_SHEET_FIELDS, fieldCols, opts.schoolOptional ? ['school'] : []);
  if (missing.length) {
    throw invalid(
      `缺少必填列：${missing.map((f) => LEDGER_FIELD_LABELS[f]).join('、')}（表头在第 ${header.rowNumber} 行，找到的列：${header.cols.map((c) => c.header).join('、')}）。列名不同时可在“列对应”中指定`,
      { sheetName: ws.name, headerRow: header.rowNumber, columns, missing },
    );
  }
  if (unknown.length) warnings.push(`已忽略无法识别的列：${unknown.join('、')}`);
  const ledgerLike = others.filter((o) => findHeader(o, rule).header).map((o) => `「${o.name}」`);
  if (ledgerLike.length) warnings.push(`工作簿中的工作表${ledgerLike.join('、')}也像隐患台账，本次只导入第一个工作表「${ws.name}」，其余请分别导入`);

  const rows: LedgerSheetRow[] = [];
  const errors: SheetRowError[] = [];
  const footers: number[] = [];
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const { raw, own } = rowValues(row, fieldCols, true);
    if (own === 0) continue; // an empty row, one with only a serial number, or the rest of a merged cell
    if (!raw.has('description') && FOOTER_RE.test(firstText(row))) {
      footers.push(r);
      continue;
    }
    if (rows.length >= LEDGER_LIMITS.maxRows) throw invalid(`表格中的隐患超过 ${LEDGER_LIMITS.maxRows} 行，请分批导入`);
    rows.push(parseRow(new RowCells(r, raw, LEDGER_SHEET_FIELDS, headers, errors, unescapeExported), opts));
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

const orDefault = <V>(v: V | null | undefined, otherwise: V): V | null => (v === undefined ? otherwise : v);

/** One data row: the values it gives, each checked on its own; errors go to the sheet's. */
function parseRow(cells: RowCells<LedgerField>, opts: { schoolOptional: boolean }): LedgerSheetRow {
  const { raw } = cells;
  const school = cells.text('school');
  if (!school && !raw.has('school') && !opts.schoolOptional) cells.fail('school', '学校为空');

  const description0 = cells.text('description');
  if (!description0 && !raw.has('description')) cells.fail('description', '隐患描述为空');
  const progress = cells.text('progress');
  let description = description0 ?? '';
  if (description0 && progress) {
    description = `${description0}\n整改情况：${progress}`;
    const max = LEDGER_SHEET_FIELDS.description.max!;
    if ([...description].length > max) cells.fail('progress', `隐患描述与整改情况合计不能超过 ${max} 个字`);
  }
  const title = cells.text('title') ?? (description0 ? titleFromDescription(description0) : '');

  const domain = cells.choice('domain', parseDomainLabel, (t) => `无法识别的隐患类别“${t}”，可填：${DOMAIN_CHOICES}`) ?? null;
  if (!raw.has('domain')) cells.fail('domain', '隐患类别为空');
  // Left empty (or unreadable, already reported): the usual values.
  const grade: HazardGrade | null = orDefault(cells.choice('grade', parseGradeLabel, (t) => `无法识别的隐患等级“${t}”，可填：一般隐患、重大隐患`), 'general');
  const source: HazardSource | null = orDefault(cells.choice('source', parseSourceLabel, (t) => `无法识别的发现方式“${t}”，可填：${SOURCE_CHOICES}`), 'self');

  const foundAt = cells.date('foundAt');
  if (!raw.has('foundAt')) cells.fail('foundAt', '发现时间为空');

  // 整改五落实: all five, or none.
  const owner = cells.text('owner');
  const measures = cells.text('measures');
  const dueDate = cells.date('dueDate');
  const contingencyPlan = cells.text('contingencyPlan');
  let fundsFen: number | null = null;
  const fundsField: LedgerField | null = raw.has('funds') ? 'funds' : raw.has('fundsTenThousandYuan') ? 'fundsTenThousandYuan' : null;
  if (fundsField) {
    const v = plainValue(raw.get(fundsField)!);
    const c = cellText(raw.get(fundsField));
    if (c.error) cells.fail(fundsField, `单元格是错误值 ${c.error}，请改为金额`);
    else {
      fundsFen = parseFundsFen(typeof v === 'number' ? v : c.text, fundsField === 'funds' ? 'yuan' : 'ten_thousand_yuan');
      if (fundsFen === null) cells.fail(fundsField, `无法识别的整改资金“${c.text}”，应为不小于 0 的金额（元，最多两位小数；不需要资金填 0）`);
    }
  }
  const given = { owner: raw.has('owner'), measures: raw.has('measures'), funds: fundsField !== null, dueDate: raw.has('dueDate'), contingencyPlan: raw.has('contingencyPlan') };
  const present = COMMITMENTS.filter((k) => given[k]);
  if (present.length > 0 && present.length < COMMITMENTS.length) {
    const lacking = COMMITMENTS.filter((k) => !given[k]).map((k) => COMMITMENT_LABELS[k]);
    cells.fail(
      null,
      `整改五落实不完整：缺少${lacking.join('、')}。五项（责任人、整改措施、整改资金、整改时限、应急预案）须全部填写才能登记，或全部留空仅作上报`,
    );
  }
  const commitments =
    present.length === COMMITMENTS.length && owner && measures && fundsFen !== null && dueDate && contingencyPlan
      ? { owner, measures, fundsFen, dueDate, contingencyPlan }
      : null;

  return {
    row: cells.row,
    school,
    title,
    description,
    location: cells.text('location') ?? '',
    domain,
    grade,
    source,
    foundAt,
    foundBy: cells.text('foundBy'),
    owner,
    dueDate,
    fundsFen,
    commitments,
    interimControls: cells.text('interimControls'),
    watcher: cells.text('watcher'),
    hasErrors: cells.failed,
  };
}
