import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  BACKGROUND_RESULT_LABELS,
  CERTIFICATE_STATE_LABELS,
  GUARD_EMPLOYMENT_LABELS,
  GUARD_POST_LABELS,
  GUARD_STATUS_LABELS,
  REVIEW_RESULT_LABELS,
  addDays,
  escapeSpreadsheetCell,
  guardAllowedActions,
  shanghaiDate,
  CERTIFICATE_WARNING_DAYS,
} from '@xiaoan/domain';
import type { GuardListQuery } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { settled, type StreamedWorkbook } from '../../http/xlsx-stream.js';
import { runCommand } from '../../kernel/command.js';
import { findUnitById } from '../units/index.js';
import { findGuards } from './guard.repository.js';
import { toGuardSummary } from './guard.service.js';

/*
 * The guards roster (保安员花名册) as schools keep it: a title row, the export time, one header
 * row, one row per guard. The school's admin gets the full ID numbers; everyone else the masked
 * form, as in the lists.
 */

export const GUARD_SHEET = '保安员台账';

export const GUARD_COLUMNS = [
  { header: '序号', width: 7 },
  { header: '学校', width: 24 },
  { header: '姓名', width: 10 },
  { header: '身份证号', width: 21 },
  { header: '联系电话', width: 14 },
  { header: '岗位', width: 9 },
  { header: '专职/兼职', width: 9 },
  { header: '保安员证编号', width: 26 },
  { header: '发证日期', width: 12 },
  { header: '有效期至', width: 12 },
  { header: '证件状态', width: 10 },
  { header: '背景审查日期', width: 12 },
  { header: '背景审查结果', width: 10 },
  { header: '年审年度', width: 9 },
  { header: '年审结果', width: 9 },
  { header: '状态', width: 8 },
  { header: '计入专职配备', width: 22 },
] as const;

const text = (s: string | null | undefined): string | undefined => (s ? escapeSpreadsheetCell(s) : undefined);
const headStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
};

/** Opens the roster of the unit (`unitId`: a school or area in scope; default the whole scope) under the list's filters; audited (`guard.export`). */
export async function openGuardExport(db: Db, ctx: RequestContext, q: GuardListQuery, now = new Date()): Promise<StreamedWorkbook> {
  let title = '保安员台账';
  if (q.unitId) {
    const u = await findUnitById(db, ctx.scope, q.unitId);
    if (!u) throw notFound('单位');
    title = `${u.name} 保安员台账`;
  }
  const today = shanghaiDate(now);
  const { rows } = await findGuards(db, ctx.scope, q, today, addDays(today, CERTIFICATE_WARNING_DAYS), { page: 1, pageSize: 100_000 });
  const fullId = guardAllowedActions(ctx.actor.role).includes('edit');
  const fileName = `保安员台账-${today}.xlsx`;
  return {
    fileName,
    async writeTo(out: Writable, signal: AbortSignal) {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '校安';
      const ws = wb.addWorksheet(GUARD_SHEET, { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
      ws.columns = GUARD_COLUMNS.map((c) => ({ width: c.width }));
      ws.getRow(1).getCell(1).value = text(title);
      ws.getRow(1).getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' } };
      ws.mergeCells(1, 1, 1, GUARD_COLUMNS.length);
      const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
      ws.getRow(2).getCell(1).value = `导出时间：${t.slice(0, 10)} ${t.slice(11, 16)}（北京时间），共 ${rows.length} 人`;
      ws.mergeCells(2, 1, 2, GUARD_COLUMNS.length);
      const h = ws.getRow(3);
      GUARD_COLUMNS.forEach((c, i) => {
        h.getCell(i + 1).value = c.header;
        h.getCell(i + 1).style = headStyle;
      });
      h.commit();
      rows.forEach((r, i) => {
        const g = toGuardSummary(r, today, fullId);
        ws.addRow([
          i + 1,
          text(g.schoolName),
          text(g.name),
          g.idNumber,
          text(g.phone),
          GUARD_POST_LABELS[g.post],
          GUARD_EMPLOYMENT_LABELS[g.employment],
          text(g.certificateNo),
          g.certificateIssuedOn ?? undefined,
          g.certificateExpiresOn,
          CERTIFICATE_STATE_LABELS[g.certificateState],
          g.backgroundCheckOn ?? undefined,
          BACKGROUND_RESULT_LABELS[g.backgroundCheckResult],
          g.annualReviewYear ?? undefined,
          REVIEW_RESULT_LABELS[g.annualReviewResult],
          GUARD_STATUS_LABELS[g.status],
          g.qualified ? '是' : `否（${g.shortcomings.join('、')}）`,
        ]).commit();
      });
      ws.commit();
      await runCommand(db, ctx, {}, async (_trx, emit) => emit({ action: 'guard.export', objectType: 'unit', objectId: q.unitId ?? null, details: { guards: rows.length, fileName, fullId } }));
      const finished = settled(out, 'finish', signal);
      wb.commit().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
      await finished;
      return rows.length;
    },
  };
}
