import ExcelJS from 'exceljs';
import {
  CHEMICAL_CLASSES,
  CHEMICAL_CLASS_LABELS,
  CHEMICAL_MOVEMENT_KIND_LABELS,
  CHEMICAL_STORE_KIND_LABELS,
  chemicalInputIssues,
  escapeSpreadsheetCell,
  quantityIssues,
  shanghaiDate,
  type ChemicalClass,
} from '@xiaoan/domain';
import type { ChemicalExportQuery, ChemicalImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { cellText, findHeader, headerMatcher, loadWorkbook, type SheetFields } from '../../http/sheet.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { applyBalance, findChemicalByName, findChemicals, findMovements, findStoreByName, findStores, insertChemical, insertMovement, lockStore } from './chemical.repository.js';
import { movementPeopleText } from './chemical-labels.js';

/**
 * The chemicals ledger in Excel, in the layout schools keep (危化品台账: one row per chemical and
 * place with its book quantity; 出入库登记: every movement; 盘点: the stores' last counts), and
 * the import of the 危化品台账 sheet's layout (名称, CAS号, 类别, 计量单位, 存放地点, 期初库存):
 * previewed first with per-row Chinese errors; nothing is written while any row has one.
 */

const text = (s: string | null | undefined) => (s ? escapeSpreadsheetCell(s) : '');

function addSheet(wb: ExcelJS.Workbook, name: string, title: string, headers: string[], rows: (string | number | null)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const h = ws.addRow(headers);
  h.font = { bold: true };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  for (const r of rows) ws.addRow(r);
  headers.forEach((hd, i) => (ws.getColumn(i + 1).width = Math.max(10, hd.length * 2 + 6)));
}

async function readableSchool(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined) {
  const id = schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  if (!id) throw invalid('schoolId: 请选择要导出的学校', { fields: [{ field: 'schoolId', code: 'INVALID_INPUT', message: '请选择要导出的学校' }] });
  const school = await findSchoolInScope(db, ctx.scope, id);
  if (!school) throw notFound('学校');
  return school;
}

export const LEDGER_SHEET = '危化品台账';

/** One school's chemicals ledger as a workbook (its own for a school user; `schoolId` for the bureau and teams, in scope). */
export async function exportChemicals(db: Db, ctx: RequestContext, q: ChemicalExportQuery, now = new Date()): Promise<{ fileName: string; buffer: Buffer }> {
  const school = await readableSchool(db, ctx, q.schoolId);
  const today = shanghaiDate(now);
  const all = { page: 1, pageSize: 100_000 };
  const [chemicals, stores, movements] = await Promise.all([findChemicals(db, ctx.scope, { schoolId: school.id }, all), findStores(db, ctx.scope, { schoolId: school.id }, all), findMovements(db, ctx.scope, { schoolId: school.id }, all)]);
  const storeById = new Map(stores.rows.map((s) => [s.id, s]));
  const wb = new ExcelJS.Workbook();
  wb.creator = '校安';
  let n = 0;
  const ledger: (string | number | null)[][] = [];
  for (const c of chemicals.rows) {
    const places = c.stock.length ? c.stock : [null];
    for (const p of places) {
      const st = p ? storeById.get(p.storeId) : undefined;
      ledger.push([++n, text(c.name), c.cas_no, CHEMICAL_CLASS_LABELS[c.chemical_class], c.unit_of_measure, text(p?.storeName ?? ''), p ? p.quantity : 0, st ? text(`${st.holder_a}、${st.holder_b}`) : '', text(c.note)]);
    }
  }
  addSheet(wb, LEDGER_SHEET, `${school.name} 危化品台账（${today}）`, ['序号', '名称', 'CAS号', '类别', '计量单位', '存放地点', '期初库存', '双人双锁保管人', '备注'], ledger);
  addSheet(
    wb,
    '出入库登记',
    `${school.name} 危化品出入库登记`,
    ['日期', '类型', '名称', '数量', '计量单位', '库房（柜）', '经手人与用途', '登记人'],
    movements.rows.map((m) => [m.on_date, CHEMICAL_MOVEMENT_KIND_LABELS[m.kind], text(m.chemical_name), Number(m.quantity), m.unit_of_measure, text(m.store_name), text(movementPeopleText(m)), text(m.recorded_by_name ?? '')]),
  );
  addSheet(
    wb,
    '库房与盘点',
    `${school.name} 危化品库房（柜）与盘点`,
    ['名称', '类型', '位置', '保管人（一）', '保管人（二）', '库存种数', '最近盘点', '账实不符种数'],
    stores.rows.map((s) => [text(s.name), CHEMICAL_STORE_KIND_LABELS[s.kind], text(s.location), text(s.holder_a), text(s.holder_b), Number(s.chemicals), s.last_count_on ?? '尚未盘点', s.last_count_mismatches ?? '']),
  );
  // Audited like every export of a school's records.
  await runCommand(db, ctx, {}, async (_trx, emit) => emit({ action: 'chemical.export', objectType: 'unit', objectId: school.id, details: { chemicals: chemicals.total, movements: movements.total } }));
  return { fileName: `${school.name}-危化品台账-${today}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

type Field = 'name' | 'casNo' | 'chemicalClass' | 'unit' | 'storeName' | 'quantity';
const SHEET: SheetFields<Field> = {
  name: { label: '名称', synonyms: ['名称', '危化品名称', '药品名称', '化学品名称', '品名'], required: true },
  casNo: { label: 'CAS号', synonyms: ['CAS号', 'CAS', 'CAS编号', 'CAS No'] },
  chemicalClass: { label: '类别', synonyms: ['类别', '分类', '管制类别', '危化品类别'], required: true },
  unit: { label: '计量单位', synonyms: ['计量单位', '单位'], required: true },
  storeName: { label: '存放地点', synonyms: ['存放地点', '存放位置', '库房', '存放库房', '库房（柜）'] },
  quantity: { label: '期初库存', synonyms: ['期初库存', '库存', '库存数量', '数量', '账面库存', '结存'] },
};
const ORDER = Object.keys(SHEET) as Field[];
const CLASS_OF = new Map<string, ChemicalClass>([
  ...CHEMICAL_CLASSES.map((c) => [CHEMICAL_CLASS_LABELS[c], c] as const),
  ['一般', 'general'],
  ['剧毒化学品', 'highly_toxic'],
  ['易制毒化学品', 'precursor'],
  ['易制爆化学品', 'explosive_precursor'],
]);

/**
 * Imports the school's catalogue and opening stock from the 危化品台账 sheet (or the first):
 * a name not yet in the catalogue is added; a row with a place and a quantity books that
 * quantity into the named store as its opening balance (a receipt noted 期初结存), allowed only
 * while the store has no movement of that chemical. `commit` false (the preview) only reports;
 * a commit writes nothing unless every row is clean, then all rows in one command.
 */
export async function importChemicals(db: Db, ctx: RequestContext, buf: Buffer, opts: { commit: boolean }): Promise<ChemicalImportResult> {
  const schoolId = await findSchoolOfUnit(db, ctx.actor.unitId);
  const school = schoolId ? await findSchoolInScope(db, ctx.scope, schoolId, { active: true }) : undefined;
  if (!school) throw invalid('只有学校账号可以导入本校危化品台账');
  const wb = await loadWorkbook(buf);
  const ws = wb.getWorksheet(LEDGER_SHEET) ?? wb.worksheets[0];
  if (!ws) throw invalid('工作簿中没有工作表');
  const match = headerMatcher(SHEET);
  const { header, seen } = findHeader(ws, { match, score: (cols) => (cols.some((c) => c.field === 'name') ? cols.filter((c) => c.field).length : null) });
  if (!header) throw invalid(`未找到表头：应有“名称”“类别”“计量单位”等列（读到：${seen.slice(0, 8).join('、') || '空'}）`);
  const colOf = new Map<Field, number>();
  for (const c of header.cols) if (c.field && !colOf.has(c.field)) colOf.set(c.field, c.col);
  const missing = ORDER.filter((f) => SHEET[f].required && !colOf.has(f));
  if (missing.length) throw invalid(`缺少必需的列：${missing.map((f) => SHEET[f].label).join('、')}`);
  type Row = ChemicalImportResult['rows'][number] & { storeId?: string; chemicalId?: string };
  const rows: Row[] = [];
  const keys = new Map<string, number>();
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const errors: string[] = [];
    const get = (f: Field) => {
      const col = colOf.get(f);
      if (!col) return '';
      const t = cellText(row.getCell(col).value);
      if (t.error) errors.push(`${SHEET[f].label}: ${t.error}`);
      return t.text.trim();
    };
    const v = Object.fromEntries(ORDER.map((f) => [f, get(f)])) as Record<Field, string>;
    if (ORDER.every((f) => !v[f])) continue;
    if (rows.length >= 500) throw invalid('一次最多导入 500 行');
    const cls = CLASS_OF.get(v.chemicalClass) ?? null;
    if (v.chemicalClass && !cls) errors.push(`类别: “${v.chemicalClass}”应为 剧毒、易制毒、易制爆 或 一般危化品`);
    for (const i of chemicalInputIssues({ name: v.name, casNo: v.casNo, chemicalClass: cls ?? (v.chemicalClass ? 'general' : null), unit: v.unit })) errors.push(`${SHEET[i.field as Field]?.label ?? i.field}: ${i.message}`);
    let quantity: number | null = null;
    if (v.quantity) {
      quantity = Number(v.quantity);
      if (!Number.isFinite(quantity)) errors.push(`期初库存: “${v.quantity}”不是数字`);
      else errors.push(...quantityIssues('期初库存', quantity, { allowZero: true }).map((i) => `${i.field}: ${i.message}`));
    }
    const existing = v.name ? await findChemicalByName(db, school.id, v.name, v.casNo) : undefined;
    let storeId: string | undefined;
    if (quantity !== null && quantity > 0) {
      if (!v.storeName) errors.push('存放地点: 有期初库存时请填写存放的库房（柜）名称');
      else {
        const st = await findStoreByName(db, school.id, v.storeName);
        if (!st) errors.push(`存放地点: 本校没有名为“${v.storeName}”的库房（柜），请先新增`);
        else if (st.status !== 'active') errors.push(`存放地点: “${st.name}”已停用`);
        else {
          storeId = st.id;
          if (existing && (await findMovements(db, ctx.scope, { storeId: st.id, chemicalId: existing.id }, { page: 1, pageSize: 1 })).total > 0) errors.push(`期初库存: “${st.name}”已有“${existing.name}”的出入库记录，期初库存只能在开始登记前导入`);
        }
      }
      const key = `${v.name.toLowerCase()}|${v.casNo}|${v.storeName}`;
      if (keys.has(key)) errors.push(`名称: 与第 ${keys.get(key)} 行重复（同一危化品、同一存放地点）`);
      keys.set(key, r);
    }
    rows.push({ row: r, name: v.name, casNo: v.casNo, chemicalClass: cls, unit: v.unit, storeName: v.storeName, quantity, action: existing ? 'exists' : 'create', errors, storeId, chemicalId: existing?.id });
  }
  if (rows.length === 0) throw invalid('表中没有危化品数据行');
  const errorRows = rows.filter((r) => r.errors.length > 0).length;
  const newNames = new Set(rows.filter((r) => r.action === 'create').map((r) => `${r.name.toLowerCase()}|${r.casNo}`));
  const result: ChemicalImportResult = {
    committed: false,
    rows: rows.map(({ storeId: _s, chemicalId: _c, ...r }) => r),
    errors: errorRows,
    created: newNames.size,
    stocked: rows.filter((r) => r.storeId && (r.quantity ?? 0) > 0).length,
  };
  if (!opts.commit || errorRows > 0) return result;
  const today = shanghaiDate(new Date());
  await runCommand(db, ctx, {}, async (trx, emit) => {
    const created = new Map<string, string>();
    for (const r of rows) {
      const key = `${r.name.toLowerCase()}|${r.casNo}`;
      let chemicalId = r.chemicalId ?? created.get(key);
      if (!chemicalId) {
        chemicalId = await insertChemical(trx, { unit_id: school.id, unit_path: school.path, name: r.name, cas_no: r.casNo, chemical_class: r.chemicalClass!, unit_of_measure: r.unit, note: '', created_by: ctx.actor.userId });
        created.set(key, chemicalId);
      }
      if (r.storeId && r.quantity && r.quantity > 0) {
        await lockStore(trx, r.storeId);
        await insertMovement(trx, { unit_id: school.id, unit_path: school.path, store_id: r.storeId, chemical_id: chemicalId, kind: 'receive', quantity: r.quantity.toFixed(3), on_date: today, received_by: ctx.actor.displayName.slice(0, 50), note: '期初结存（Excel 导入）', recorded_by: ctx.actor.userId });
        await applyBalance(trx, r.storeId, chemicalId, r.quantity);
      }
    }
    await emit({ action: 'chemical.import', objectType: 'unit', objectId: school.id, details: { rows: rows.length, created: result.created, stocked: result.stocked } });
  });
  return { ...result, committed: true };
}
