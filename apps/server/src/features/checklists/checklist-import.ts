/**
 * 检查表导入: a school's or bureau's existing checklist (.xlsx: 项目 / 检查内容 / 检查标准 /
 * 依据 / 备注 and their variants) into the checklist library, as a new checklist of the
 * caller's unit or a new version of one it owns. The preview is the review step (nothing
 * is written); the commit reads the file again and writes the checklist or the version
 * in one transaction, with its audit entry. Versions are never changed: inspections keep
 * the version they used.
 */
import path from 'node:path';
import { HAZARD_DOMAINS, validateChecklistItems, type ChecklistItem, type HazardDomain } from '@xiaoan/domain';
import type { ChecklistDetail, ChecklistImportPreview } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import {
  RowCells,
  assignColumns,
  cellText,
  findHeader,
  headerMatcher,
  normHeader,
  loadWorkbook,
  rowValues,
  type HeaderCol,
  type SheetFields,
  type SheetRowError,
} from '../../http/sheet.js';
import { recordAudit } from '../audit/index.js';
import { findChecklistVisible, findUnitKind, findVersionItems, insertChecklist, insertVersion, updateChecklistRow } from './checklist.repository.js';
import { getChecklist } from './checklist.service.js';

type Field = 'group' | 'text' | 'standard' | 'basis' | 'weight' | 'code';

/** The columns of a checklist sheet and the names they go by in schools' and bureaus' tables. */
const FIELDS: SheetFields<Field> = {
  group: { label: '项目', max: 100, lines: 'space', synonyms: ['项目', '检查项目', '类别', '检查类别', '分类', '检查部位', '部位', '检查区域', '区域', '一级指标', '检查重点', '类目'] },
  text: { label: '检查内容', required: true, max: 300, lines: 'space', synonyms: ['检查内容', '内容', '检查事项', '检查要点', '具体内容', '检查项目内容', '二级指标', '排查内容', '检查细则', '排查事项', '检查条目'] },
  standard: { label: '检查标准', max: 1000, lines: 'keep', synonyms: ['检查标准', '合格标准', '标准', '评判标准', '检查要求', '要求', '标准要求', '评分标准', '考核标准', '达标要求', '检查方法及标准'] },
  basis: { label: '依据', max: 500, lines: 'keep', synonyms: ['依据', '检查依据', '法规依据', '政策依据', '参考依据', '标准依据', '依据文件', '相关依据', '文件依据'] },
  weight: { label: '分值', lines: 'space', synonyms: ['分值', '权重', '分数', '标准分'] },
  code: { label: '编号', max: 30, lines: 'join', synonyms: ['编号', '检查项编号', '代码'] },
};
/** Columns that carry nothing for the checklist: ignored without a warning. */
const QUIET = new Set(['序号', '备注', '说明', '检查结果', '结果', '是否合格', '检查情况', '整改情况', '检查人', '检查时间', '存在问题']);
const MAX_ITEMS = 200;
/** 项目 and 检查内容 together are the item's text: "消防器材：灭火器在有效期内". */
const joinText = (group: string | null, text: string) => (group && !text.startsWith(group) ? `${group}：${text}` : text);

const DOMAIN_WORDS: readonly [RegExp, HazardDomain][] = [
  [/消防|防火|灭火/, 'fire'],
  [/实验室|危化|化学品/, 'lab_chemicals'],
  [/食堂|食品|餐饮/, 'food'],
  [/校车|交通/, 'traffic_bus'],
  [/燃气|煤气|天然气/, 'gas'],
  [/电动车|电动自行车|电瓶车/, 'ebike'],
  [/实习|实训/, 'internship'],
  [/心理/, 'mental_health'],
  [/防汛|防台|自然灾害|地质灾害/, 'natural_disaster'],
  [/网络|信息安全/, 'network'],
  [/安保|门卫|治安|保卫/, 'security'],
  [/校舍|设施|设备|建筑/, 'buildings'],
  [/稳定|矛盾纠纷/, 'stability'],
];

/** The domain a checklist's title names (消防安全检查表 → fire), or null. */
export function domainOfTitle(title: string): HazardDomain | null {
  return DOMAIN_WORDS.find(([re]) => re.test(title))?.[1] ?? null;
}

/** The user's column mapping: {header (spaces removed): field | null (not imported)}. */
export type ChecklistMapping = ReadonlyMap<string, Field | null>;
export const checklistHeaderKey = (h: string) => h.normalize('NFKC').replace(/\s+/g, '');
const FIELD_CODES = Object.keys(FIELDS) as Field[];
const MAX_MAPPING_ENTRIES = 60;

/** The `mapping` form field: JSON {"表格中的列名": "字段" | null}; absent or empty: none. */
export function parseChecklistMapping(text: string | undefined): ChecklistMapping {
  if (text === undefined || text.trim() === '') return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('列对应（mapping）不是有效的 JSON，应为 {"表格中的列名": "字段名或 null"}');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('列对应（mapping）应为 JSON 对象，如 {"检查要点": "text", "备注": null}');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > MAX_MAPPING_ENTRIES) throw invalid(`列对应（mapping）最多 ${MAX_MAPPING_ENTRIES} 项`);
  const out = new Map<string, Field | null>();
  for (const [header, field] of entries) {
    const key = checklistHeaderKey(header);
    if (!key) throw invalid('列对应（mapping）中有空的列名');
    if (field !== null && !(FIELD_CODES as unknown[]).includes(field)) {
      throw invalid(`列对应（mapping）中“${header}”的字段“${String(field)}”无效，可用：${FIELD_CODES.join('、')}，或 null 表示不导入该列`);
    }
    out.set(key, field as Field | null);
  }
  return out;
}

type ColumnMatch = NonNullable<ChecklistImportPreview['columnMatches']>[number];

/** Why a column is what it is, for the mapping step. */
function explainColumn(header: string, field: Field | null, mapping: ChecklistMapping): ColumnMatch {
  if (mapping.has(checklistHeaderKey(header))) return { header, field, basis: 'user', confidence: 1, reason: '按您指定的列对应' };
  if (field === null) {
    return QUIET.has(header.replace(/\s+/g, ''))
      ? { header, field, basis: 'none', confidence: 0, reason: '序号、备注、检查结果等列不导入' }
      : { header, field, basis: 'none', confidence: 0, reason: '未识别的列名，不导入；如是检查表的内容，请指定对应的项' };
  }
  const label = FIELDS[field].label;
  return normHeader(header) === label
    ? { header, field, basis: 'standard', confidence: 1, reason: `标准列名“${label}”` }
    : { header, field, basis: 'synonym', confidence: 0.9, reason: `“${header}”是“${label}”的常见写法` };
}

export type ChecklistUpload = {
  filename: string;
  buffer: Buffer;
  mapping?: ChecklistMapping;
  checklistId?: string;
  title?: string;
  domain?: string;
  version?: number;
};

type ParsedChecklist = {
  sheetName: string;
  headerRow: number;
  title: string | null;
  columns: { header: string; field: Field | null }[];
  columnMatches: ColumnMatch[];
  rows: { row: number; text: string; standard: string; basis: string; weight: number; code: string | null }[];
  errors: SheetRowError[];
  warnings: string[];
};

/** Reads the first worksheet: the header by its column names (below title rows, one or two levels), one item per row. */
export async function readChecklistSheet(buf: Buffer, mapping: ChecklistMapping = new Map()): Promise<ParsedChecklist> {
  const wb = await loadWorkbook(buf);
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) throw invalid('工作簿的第一个工作表是空的，请把检查表放在第一个工作表中');
  const usual = headerMatcher(FIELDS);
  const match = (h: string) => {
    const key = checklistHeaderKey(h);
    return mapping.has(key) ? mapping.get(key)! : usual(h);
  };
  const { header, seen } = findHeader(ws, {
    match,
    score: (cols: HeaderCol<Field>[]) => (cols.some((c) => c.field === 'text') ? new Set(cols.map((c) => c.field).filter(Boolean)).size : null),
    skipMergedFromAbove: true,
  });
  if (!header) {
    throw invalid(
      `没有找到检查表的表头（${seen.length ? `找到的内容：${seen.join('、')}` : '前 6 行是空的'}）。表头须在前 6 行内，至少有“检查内容”列（也可写作 内容、检查事项、检查要点），可有 项目、检查标准、依据、备注 等列`,
      { sheetName: ws.name, headersFound: seen },
    );
  }
  const unmatched = [...mapping.keys()].filter((k) => !header.cols.some((c) => checklistHeaderKey(c.header) === k));
  if (unmatched.length) throw invalid(`列对应（mapping）中的列在表头（第 ${header.rowNumber} 行）中不存在：${unmatched.join('、')}`);
  const { fieldCols, columns, headers, unknown, warnings } = assignColumns(header.cols, {
    label: (f) => FIELDS[f].label,
    quiet: (h) => QUIET.has(h.replace(/\s+/g, '')) || mapping.has(checklistHeaderKey(h)),
  });
  if (!fieldCols.has('text')) throw invalid(`没有对应到“检查内容”的列（表头在第 ${header.rowNumber} 行，找到的列：${header.cols.map((c) => c.header).join('、')}），请指定哪一列是检查内容`);
  const columnMatches = columns.map((c) => explainColumn(c.header, c.field, mapping));
  if (unknown.length) warnings.push(`已忽略无法识别的列：${unknown.join('、')}`);
  // The sheet's title: the first text above the header ("XX学校消防安全检查表").
  const found: { title: string | null } = { title: null };
  for (let r = 1; r < header.rowNumber && !found.title; r++) {
    ws.findRow(r)?.eachCell({ includeEmpty: false }, (cell) => {
      if (!found.title) found.title = cellText(cell.value).text.replace(/\s+/g, '') || null;
    });
  }
  const title = found.title;

  const rows: ParsedChecklist['rows'] = [];
  const errors: SheetRowError[] = [];
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const { raw, own } = rowValues(row, fieldCols, true);
    if (own === 0) continue;
    const cells = new RowCells(r, raw, FIELDS, headers, errors);
    const text = cells.text('text');
    if (!text) {
      if (!raw.has('text')) cells.fail('text', '检查内容为空');
      continue;
    }
    const group = cells.text('group');
    const weightText = cells.text('weight');
    let weight = 1;
    if (weightText) {
      const n = Number(weightText.normalize('NFKC').replace(/分$/, ''));
      if (!Number.isInteger(n) || n < 1 || n > 10) cells.fail('weight', `分值“${weightText}”无效，应为 1–10 的整数（作为该项在得分中的权重）`);
      else weight = n;
    }
    const code = cells.text('code');
    const full = joinText(group, text);
    if ([...full].length > FIELDS.text.max!) cells.fail('text', `项目与检查内容合计不能超过 ${FIELDS.text.max} 个字`);
    if (rows.length >= MAX_ITEMS) throw invalid(`检查表超过 ${MAX_ITEMS} 项，请拆分为多张检查表分别导入`);
    rows.push({ row: r, text: full, standard: cells.text('standard') ?? '', basis: cells.text('basis') ?? '', weight, code: code && /^[A-Za-z0-9_-]{1,30}$/.test(code) ? code : null });
  }
  if (rows.length === 0 && errors.length === 0) throw invalid(`工作表「${ws.name}」的表头（第 ${header.rowNumber} 行）下面没有检查项`);
  return { sheetName: ws.name, headerRow: header.rowNumber, title, columns, columnMatches, rows, errors, warnings };
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * The items with stable codes: an item whose text the current version has keeps its code
 * (so results over versions line up), the sheet's own codes are kept when valid and unique,
 * the rest are numbered after the highest code ("F12" → F13, F14 …).
 */
function withCodes(rows: ParsedChecklist['rows'], current: readonly ChecklistItem[]): ChecklistItem[] {
  const byText = new Map(current.map((i) => [norm(i.text), i]));
  const used = new Set<string>();
  const prefix = /^([A-Za-z_-]*)\d+$/.exec(current[0]?.code ?? '')?.[1] || 'I';
  let next = Math.max(0, ...current.map((i) => Number(/(\d+)$/.exec(i.code)?.[1] ?? 0))) + 1;
  // A new item never takes a code the current version gives another item.
  const taken = new Set(current.map((i) => i.code));
  const fresh = () => {
    let c: string;
    do c = `${prefix}${String(next++).padStart(2, '0')}`;
    while (used.has(c) || taken.has(c));
    return c;
  };
  return rows.map((r) => {
    const old = byText.get(norm(r.text));
    let code = old && !used.has(old.code) ? old.code : r.code && !used.has(r.code) && !taken.has(r.code) ? r.code : fresh();
    if (used.has(code)) code = fresh();
    used.add(code);
    return { code, text: r.text, standard: r.standard, basis: r.basis, schoolKinds: old?.schoolKinds ?? [], pointTypes: old?.pointTypes ?? [], weight: r.weight };
  });
}

type Target = { checklistId: string | null; title: string; domain: HazardDomain | null; versionNo: number; version: number | null; current: readonly ChecklistItem[] };

async function targetOf(db: DbOrTrx, ctx: RequestContext, file: ChecklistUpload, sheet: ParsedChecklist): Promise<Target> {
  if (file.checklistId) {
    const row = await findChecklistVisible(db, ctx.scope, file.checklistId);
    if (!row) throw notFound('检查表');
    if (row.owner.id !== ctx.actor.unitId) throw new AppError('FORBIDDEN', '只能为本单位的检查表导入新版本；学校可复制区级检查表后再导入', { domainCode: 'NOT_OWNER' });
    return { checklistId: row.id, title: row.title, domain: row.domain as HazardDomain, versionNo: row.versionNo + 1, version: row.version, current: (await findVersionItems(db, row.currentVersionId)) as ChecklistItem[] };
  }
  const base = path.basename(file.filename.replace(/\\/g, '/')).replace(/\.xlsx$/i, '');
  const title = (file.title?.trim() || sheet.title || base || '导入的检查表').slice(0, 100);
  let domain: HazardDomain | null = null;
  if (file.domain) {
    if (!(HAZARD_DOMAINS as readonly string[]).includes(file.domain)) throw invalid(`domain: 无效的领域“${file.domain}”`);
    domain = file.domain as HazardDomain;
  } else domain = domainOfTitle(title);
  return { checklistId: null, title, domain, versionNo: 1, version: null, current: [] };
}

function diff(items: readonly ChecklistItem[], current: readonly ChecklistItem[]) {
  const old = new Map(current.map((i) => [i.code, i]));
  const codes = new Set(items.map((i) => i.code));
  return {
    added: items.filter((i) => !old.has(i.code)).length,
    removed: current.filter((i) => !codes.has(i.code)).length,
    changed: items.filter((i) => {
      const o = old.get(i.code);
      return o !== undefined && (o.standard !== i.standard || o.basis !== i.basis || o.weight !== i.weight);
    }).length,
  };
}

async function prepare(db: DbOrTrx, ctx: RequestContext, file: ChecklistUpload) {
  if ((await findUnitKind(db, ctx.actor.unitId)) === 'area') throw new AppError('FORBIDDEN', '片区账号不能建立检查表');
  const sheet = await readChecklistSheet(file.buffer, file.mapping);
  const target = await targetOf(db, ctx, file, sheet);
  const items = withCodes(sheet.rows, target.current);
  const errors = [...sheet.errors];
  for (const message of validateChecklistItems(items)) errors.push({ row: sheet.headerRow, column: null, message });
  errors.sort((a, b) => a.row - b.row);
  return { sheet, target, items, errors };
}

/** The review step: what the commit would write, and every problem; writes nothing. */
export async function previewChecklistImport(db: Db, ctx: RequestContext, file: ChecklistUpload): Promise<ChecklistImportPreview> {
  const { sheet, target, items, errors } = await prepare(db, ctx, file);
  const warnings = [...sheet.warnings];
  if (!target.domain) warnings.push('未能从标题判断检查表所属领域，提交时请选择领域（domain）');
  return {
    sheetName: sheet.sheetName,
    headerRow: sheet.headerRow,
    columns: sheet.columns,
    columnMatches: sheet.columnMatches,
    fields: FIELD_CODES.map((f) => ({ field: f, label: FIELDS[f].label })),
    items: items.map((i, k) => ({ row: sheet.rows[k]!.row, ...i, schoolKinds: [...i.schoolKinds], pointTypes: [...i.pointTypes] })),
    errors,
    warnings,
    target: { checklistId: target.checklistId, title: target.title, domain: target.domain, versionNo: target.versionNo, version: target.version, ...diff(items, target.current) },
  };
}

/** Writes the reviewed checklist (or its new version) in one transaction; any problem is a 422 and nothing is written. */
export async function commitChecklistImport(db: Db, ctx: RequestContext, file: ChecklistUpload): Promise<ChecklistDetail> {
  return db.transaction().execute(async (trx) => {
    const { sheet, target, items, errors } = await prepare(trx, ctx, file);
    if (errors.length) throw new AppError('IMPORT_INVALID', `检查表中有 ${errors.length} 处错误，未导入；请修改后重新上传`, { errors });
    let id: string;
    if (target.checklistId) {
      if (file.version === undefined) throw invalid('version: 为已有检查表导入新版本时须提供其当前版本号（预览时的 version）');
      if (file.version !== target.version) throw staleVersion();
      const versionId = await insertVersion(trx, target.checklistId, target.versionNo, items, ctx.actor.userId);
      if (!(await updateChecklistRow(trx, target.checklistId, file.version, { currentVersionId: versionId }))) throw staleVersion();
      id = target.checklistId;
    } else {
      if (!target.domain) throw invalid('domain: 请选择检查表所属领域（如 fire 消防安全）');
      ({ id } = await insertChecklist(trx, { ownerUnitId: ctx.actor.unitId, domain: target.domain, title: target.title, description: `从 Excel 导入：${path.basename(file.filename)}`.slice(0, 1000), pointTypes: [], items, createdBy: ctx.actor.userId }));
    }
    await recordAudit(trx, ctx, {
      action: 'checklist.import',
      objectType: 'checklist',
      objectId: id,
      details: { fileName: path.basename(file.filename).slice(0, 200), sheetName: sheet.sheetName, items: items.length, versionNo: target.versionNo, newChecklist: target.checklistId === null },
    });
    return getChecklist(trx, ctx, id);
  });
}
