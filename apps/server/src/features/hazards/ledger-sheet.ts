import type ExcelJS from 'exceljs';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_SOURCE_LABELS,
  LEDGER_COLUMN_FIELDS,
  explainLedgerHeader,
  ledgerRowOutcome,
  matchLedgerColumn,
  parseDomainLabel,
  parseFundsFen,
  parseGradeLabel,
  parseRectificationStatus,
  parseSourceLabel,
  type HazardDomain,
  type HazardGrade,
  type HazardSource,
  type LedgerClosure,
  type LedgerColumnField,
  type LedgerCommitments,
  type LedgerHeaderMatch,
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
type LedgerField = LedgerColumnField;

export const LEDGER_SHEET_FIELDS: SheetFields<LedgerField> = {
  school: { label: '学校', required: true, max: 100 },
  domain: { label: '隐患类别', required: true, lines: 'space' },
  grade: { label: '隐患等级', lines: 'space' },
  title: { label: '隐患标题', max: 200, lines: 'space' },
  // Required in a way of its own: the title or the description (see readLedgerSheet).
  description: { label: '隐患描述', max: 4000, lines: 'keep' },
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
  status: { label: '整改状态', max: 100, lines: 'space' },
  rectifiedAt: { label: '整改完成时间' },
  verifier: { label: '验收人', max: 100, lines: 'space' },
  verifiedAt: { label: '验收（销号）时间' },
  verificationResult: { label: '验收意见', max: 1000, lines: 'space' },
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
const QUIET_HEADERS = new Set(['序号', '编号', '备注', '说明', '是否逾期', '挂牌督办']);
/** A row whose only text starts like this is the footer of a printed ledger (填表人、审核人…), not a hazard. */
const FOOTER_RE = /^(填表|制表|审核|审批|复核|单位负责人|负责人|联系人|联系电话|合计|总计|备注|说明|注[:：])/;

/** What the user chose for some headers: the field to fill, or null to ignore the column. */
export type ColumnMapping = ReadonlyMap<string, LedgerField | null>;

/** A column as the mapping step shows it: what it was matched to, how sure, and why. */
export type LedgerColumn = {
  header: string;
  field: LedgerField | null;
  /** 'user': the mapping sent; 'remembered': this layout's mapping from an earlier import; else the matcher's basis. */
  basis: 'user' | 'remembered' | LedgerHeaderMatch['basis'];
  confidence: number;
  reason: string;
};

export type { SheetRowError };

export type Commitments = { owner: string; measures: string; fundsFen: number; dueDate: string; contingencyPlan: string };

export type LedgerSheetRow = {
  /** Excel row number (1-based, as Excel shows it). */
  row: number;
  school: string | null;
  title: string;
  /** Where the row's story ends: open (report, register), pending (待验收) or closed (销号), with what the ledger says of it. */
  outcome: 'open' | 'pending' | 'closed';
  closure: LedgerClosure;
  /** The commitments as given (closed rows may lack some: the history says so). */
  given: LedgerCommitments;
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

export type LedgerSheet = ParsedSheet<LedgerField, LedgerSheetRow> & {
  ledgerColumns: LedgerColumn[];
  /** The headers in column order, as the layout's fingerprint reads them. */
  layoutHeaders: string[];
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
    if (field !== null && !(LEDGER_COLUMN_FIELDS as readonly unknown[]).includes(field)) {
      throw invalid(`列对应（mapping）中“${header}”的字段“${String(field)}”无效，可用：${LEDGER_COLUMN_FIELDS.join('、')}，或 null 表示忽略该列`);
    }
    map.set(key, field as LedgerField | null);
  }
  return map;
}

/** A header as compared with the mapping's keys: NFKC, no white space at all. */
export function headerKey(s: string): string {
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

/**
 * How each header is understood: the user's mapping, else this layout's remembered
 * mapping, else the domain's matcher (usual name, other name, keyword).
 */
function explainer(mapping: ColumnMapping, remembered: ColumnMapping): (header: string) => LedgerColumn {
  return (header) => {
    const key = headerKey(header);
    if (mapping.has(key)) return { header, field: mapping.get(key)!, basis: 'user', confidence: 1, reason: '按您指定的列对应' };
    if (remembered.has(key)) return { header, field: remembered.get(key)!, basis: 'remembered', confidence: 1, reason: '按上次导入同一格式台账时确认的列对应' };
    return { header, ...explainLedgerHeader(header) };
  };
}

/** The header: among the first rows, the one naming the most ledger fields (by the user's mapping or their usual names), at least two. */
function headerRule(explain: (header: string) => LedgerColumn): HeaderRule<LedgerField> {
  return {
    match: (header) => explain(header).field,
    // Under a group title (整改情况 over 措施 | 责任人 | 时限, 验收 over 人 | 时间): "验收时间" names it when "时间" alone would not.
    matchInGroup: (group, sub) => matchLedgerColumn(`${group}${sub}`),
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
export async function readLedgerSheet(
  buf: Buffer,
  opts: { mapping: ColumnMapping; schoolOptional: boolean; remembered?: (layoutHeaders: string[]) => Promise<ColumnMapping> },
): Promise<LedgerSheet> {
  const { mapping } = opts;
  const plain = explainer(mapping, new Map());
  let explain = plain;
  let rule = headerRule(plain);
  const wb = await loadWorkbook(buf);
  const [ws, ...others] = wb.worksheets;
  if (!ws || ws.actualRowCount === 0) throw invalid(ws ? `工作表「${ws.name}」是空的，请把隐患台账放在第一个工作表中` : '工作簿中没有工作表');

  let { header, seen } = findHeader(ws, rule);
  // This layout's remembered mapping, found by the header the usual names found, then the header read again with it.
  if (header && opts.remembered) {
    const remembered = await opts.remembered(header.cols.map((c) => c.header));
    if (remembered.size > 0) {
      explain = explainer(mapping, remembered);
      rule = headerRule(explain);
      ({ header, seen } = findHeader(ws, rule));
    }
  }
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
  if (!fieldCols.has('title') && !fieldCols.has('description')) {
    throw invalid(
      `没有对应到“隐患名称”或“隐患描述”的列（表头在第 ${header.rowNumber} 行，找到的列：${header.cols.map((c) => c.header).join('、')}）。请在“列对应”中指定哪一列是隐患名称（如 存在问题、隐患内容），否则无法导入`,
      { sheetName: ws.name, headerRow: header.rowNumber, columns, missing: ['title'] },
    );
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
  const closedRows = rows.filter((r) => r.outcome !== 'open').length;
  if (closedRows) warnings.push(`${closedRows} 行已整改或已验收销号，将连同整改、验收记录导入为${rows.some((r) => r.outcome === 'pending') ? '“待验收”或' : ''}“已销号”隐患`);
  const byHeader = new Map(header.cols.map((c) => [c.col, explain(c.header)]));
  const ledgerColumns = header.cols.map((c, i): LedgerColumn => {
    const ex = byHeader.get(c.col)!;
    // A second column of a field already taken is ignored (assignColumns says so in the warnings).
    return columns[i]!.field === null && ex.field !== null ? { ...ex, field: null, reason: `与前面的列重复，已忽略（${ex.reason}）` } : { ...ex, header: c.header };
  });
  return { sheetName: ws.name, headerRow: header.rowNumber, columns, headers, rows, errors, warnings, ledgerColumns, layoutHeaders: header.cols.map((c) => c.header) };
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

  // A sheet with a title column only: the title is the description too.
  const titleText = cells.text('title');
  const description0 = cells.text('description') ?? (raw.has('description') ? null : titleText);
  if (!description0 && !raw.has('description') && !raw.has('title')) cells.fail('description', '隐患描述为空');
  const progress0 = cells.text('progress');
  // 整改情况 that is a status word (已整改, 未整改 …) says where the story ends; other text is a note on the description.
  const progressStatus = parseRectificationStatus(progress0);
  const progress = progressStatus === null ? progress0 : null;
  let description = description0 ?? '';
  if (description0 && progress) {
    description = `${description0}\n整改情况：${progress}`;
    const max = LEDGER_SHEET_FIELDS.description.max!;
    if ([...description].length > max) cells.fail('progress', `隐患描述与整改情况合计不能超过 ${max} 个字`);
  }
  const title = titleText ?? (description0 ? titleFromDescription(description0) : '');

  const statusText = cells.text('status');
  const status = parseRectificationStatus(statusText);
  if (statusText && status === null) cells.fail('status', `无法识别的整改状态“${statusText}”，可填：已整改、已销号、已验收、待验收、未整改、整改中`);
  const result = cells.text('verificationResult');
  const closure: LedgerClosure = {
    status: status ?? progressStatus ?? (parseRectificationStatus(result) === 'open' ? 'open' : null),
    rectifiedAt: cells.date('rectifiedAt'),
    verifier: cells.text('verifier'),
    verifiedAt: cells.date('verifiedAt'),
    result,
    progress,
  };
  const outcome = ledgerRowOutcome(closure);
  if (outcome === 'open' && (closure.verifiedAt || closure.verifier) && closure.status === 'open') {
    cells.fail('status', `整改状态为“${statusText ?? progress0 ?? result}”（未整改），却填写了验收人或验收时间，请核对`);
  }

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
  // A closed row's history records the commitments it lacks as not recorded (see the domain's playLedgerStory).
  if (outcome === 'open' && present.length > 0 && present.length < COMMITMENTS.length) {
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
    outcome,
    closure,
    given: { owner, measures, fundsFen, dueDate, contingencyPlan, interimControls: cells.text('interimControls'), watcher: cells.text('watcher') },
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
