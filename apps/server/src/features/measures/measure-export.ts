import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_GRADE_LABELS,
  HAZARD_STATE_LABELS,
  MEASURE_KIND_LABELS,
  MEASURE_ORIGIN_KIND_LABELS,
  MEASURE_STATUS_LABELS,
  escapeSpreadsheetCell,
  isMeasureOverdue,
  shanghaiDate,
  type HazardDomain,
} from '@xiaoan/domain';
import type { MeasureExportQuery } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { settled, type StreamedWorkbook } from '../../http/xlsx-stream.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { findHazardList, findMeasures, type HazardListRow, type MeasureRow } from './measure.repository.js';

/*
 * The school's "两个清单" as it submits them: one workbook, sheet 问题隐患清单 (its hazard
 * ledger without rejected reports) and sheet 制度措施清单 (its measure list). Each sheet: a title
 * row, the export time, one header row, one row per item.
 */

export const HAZARD_SHEET = '问题隐患清单';
export const MEASURE_SHEET = '制度措施清单';

export const HAZARD_LIST_COLUMNS = [
  { header: '序号', width: 7 },
  { header: '问题隐患名称', width: 30 },
  { header: '类别', width: 14 },
  { header: '等级', width: 10 },
  { header: '发现时间', width: 12 },
  { header: '责任人', width: 12 },
  { header: '整改措施', width: 36 },
  { header: '完成时限', width: 12 },
  { header: '完成情况', width: 12 },
  { header: '整改情况说明', width: 30 },
  { header: '销号时间', width: 12 },
  { header: '是否逾期', width: 9 },
] as const;

export const MEASURE_LIST_COLUMNS = [
  { header: '序号', width: 7 },
  { header: '制度名称', width: 30 },
  { header: '类别', width: 10 },
  { header: '责任部门', width: 14 },
  { header: '责任人', width: 12 },
  { header: '建立情况', width: 36 },
  { header: '完成时限', width: 12 },
  { header: '完成情况', width: 12 },
  { header: '印发时间', width: 12 },
  { header: '制度文件', width: 24 },
  { header: '来源（举一反三）', width: 30 },
  { header: '是否逾期', width: 9 },
] as const;

const text = (s: string | null | undefined): string | undefined => (s ? escapeSpreadsheetCell(s) : undefined);
const OPEN_WITH_DUE = ['registered', 'rectifying', 'pending_verification'];

function hazardCells(r: HazardListRow, n: number, today: string): (ExcelJS.CellValue | undefined)[] {
  return [
    n,
    text(r.campus_name ? `${r.title}（${r.campus_name}）` : r.title),
    HAZARD_DOMAIN_LABELS[r.domain as HazardDomain] ?? r.domain,
    HAZARD_GRADE_LABELS[r.grade] ?? r.grade,
    r.found_at,
    text(r.owner),
    text(r.measures),
    r.due_date ?? undefined,
    HAZARD_STATE_LABELS[r.state] ?? r.state,
    text(r.rectification_note),
    r.closed_on ?? undefined,
    OPEN_WITH_DUE.includes(r.state) && r.due_date !== null && r.due_date < today ? '是' : '否',
  ];
}

function measureCells(m: MeasureRow, n: number, today: string): (ExcelJS.CellValue | undefined)[] {
  return [
    n,
    text(m.title),
    MEASURE_KIND_LABELS[m.kind],
    text(m.owner_department),
    text(m.owner_name),
    text(m.description),
    m.due_on,
    MEASURE_STATUS_LABELS[m.status],
    m.adopted_on ?? undefined,
    text(m.document_name),
    text(m.origins.map((o) => `${MEASURE_ORIGIN_KIND_LABELS[o.kind]}：${o.label}`).join('；')),
    isMeasureOverdue({ status: m.status, dueOn: m.due_on }, today) ? '是' : '否',
  ];
}

function beijingMinute(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const header: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
};
const body: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true } };

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, info: string, columns: readonly { header: string; width: number }[], rows: (ExcelJS.CellValue | undefined)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = columns.map((c) => ({ width: c.width }));
  const t = ws.getRow(1);
  t.getCell(1).value = text(title);
  t.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
  t.height = 30;
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getRow(2).getCell(1).value = text(info);
  ws.mergeCells(2, 1, 2, columns.length);
  const h = ws.getRow(3);
  columns.forEach((c, i) => {
    h.getCell(i + 1).value = c.header;
    h.getCell(i + 1).style = header;
  });
  h.height = 28;
  h.commit();
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => {
      cell.style = body;
    });
    row.commit();
  }
  ws.commit();
}

/**
 * Opens the export of one school's two lists (its own for a school user; `schoolId` for the
 * bureau and teams, in their scope, else 404 like a missing school). A school's lists are a few
 * hundred rows: read at once, then streamed out; the export is audited (`measure.export`).
 */
export async function openMeasureExport(db: Db, ctx: RequestContext, q: MeasureExportQuery, now = new Date()): Promise<StreamedWorkbook> {
  const schoolId = q.schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  if (!schoolId) throw invalid('schoolId: 请选择要导出的学校', { fields: [{ field: 'schoolId', code: 'INVALID_INPUT', message: '请选择要导出的学校' }] });
  const school = await findSchoolInScope(db, ctx.scope, schoolId, { active: true });
  if (!school) throw notFound('学校');
  const today = shanghaiDate(now);
  const hazards = await findHazardList(db, ctx.scope, school.id);
  const { rows: measures } = await findMeasures(db, ctx.scope, { unitId: school.id }, today, { page: 1, pageSize: 100_000 });
  const fileName = `两个清单-${school.name}-${today}.xlsx`;
  return {
    fileName,
    async writeTo(out: Writable, signal: AbortSignal) {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '校安';
      const info = `导出时间：${beijingMinute(now)}（北京时间）`;
      writeSheet(wb, HAZARD_SHEET, `${school.name} 问题隐患清单`, info, HAZARD_LIST_COLUMNS, hazards.map((r, i) => hazardCells(r, i + 1, today)));
      writeSheet(wb, MEASURE_SHEET, `${school.name} 制度措施清单`, info, MEASURE_LIST_COLUMNS, measures.map((m, i) => measureCells(m, i + 1, today)));
      // Audited before the last bytes leave: no complete file without its record.
      await runCommand(db, ctx, {}, async (_trx, emit) =>
        emit({ action: 'measure.export', objectType: 'unit', objectId: school.id, details: { hazards: hazards.length, measures: measures.length, fileName } }),
      );
      const finished = settled(out, 'finish', signal);
      wb.commit().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
      await finished;
      return hazards.length + measures.length;
    },
  };
}
