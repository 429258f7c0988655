import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_GRADE_LABELS,
  HAZARD_SOURCE_LABELS,
  HAZARD_STATE_LABELS,
  escapeSpreadsheetCell,
  isOverdue,
  shanghaiDate,
  type HazardDomain,
  type HazardGrade,
  type HazardSource,
  type HazardState,
} from '@xiaoan/domain';
import type { HazardExportQuery } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { MAX_BACKLOG_BYTES, backlog, pause, settled } from '../../http/xlsx-stream.js';
import { emit } from '../../kernel/events.js';
import { closeExportCursor, declareExportCursor, fetchExportBatch, findLedgerUnitName, type ExportRow } from './ledger.repository.js';

export { XLSX_MIME } from '../../http/xlsx-stream.js';

/** Rows fetched from the server-side cursor at a time: memory holds one batch, whatever the total. */
export const EXPORT_BATCH = 1000;

/** The layout bureaus use: title, export time and filters, then one header row. */
const TITLE_ROW = 1;
const INFO_ROW = 2;
const HEADER_ROW = 3;

const wrap: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true } };
const top: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };

/** The columns, in the order of the bureaus' ledger. */
export const LEDGER_COLUMNS = [
  { header: '序号', width: 7, style: top },
  { header: '学校', width: 24, style: wrap },
  { header: '隐患类别', width: 14, style: top },
  { header: '隐患等级', width: 10, style: top },
  { header: '隐患标题', width: 26, style: wrap },
  { header: '隐患描述', width: 40, style: wrap },
  { header: '隐患位置', width: 18, style: wrap },
  { header: '发现时间', width: 12, style: top },
  { header: '发现方式', width: 10, style: top },
  { header: '发现人', width: 10, style: top },
  { header: '责任人', width: 10, style: top },
  { header: '整改措施', width: 32, style: wrap },
  { header: '整改资金（元）', width: 14, style: { ...top, numFmt: '0.00' } },
  { header: '整改时限', width: 12, style: top },
  { header: '应急预案', width: 26, style: wrap },
  { header: '临时管控措施', width: 26, style: wrap },
  { header: '专人盯防', width: 10, style: top },
  { header: '状态', width: 9, style: top },
  { header: '整改情况', width: 30, style: wrap },
  { header: '验收人', width: 10, style: top },
  { header: '销号时间', width: 12, style: top },
  { header: '是否逾期', width: 9, style: top },
  { header: '挂牌督办', width: 9, style: top },
] as const satisfies readonly { header: string; width: number; style: Partial<ExcelJS.Style> }[];

/**
 * One style object per column, shared by all its cells: exceljs finds a shared
 * object's style id in a WeakMap, where a fresh copy per cell would be serialised
 * and looked up again for every cell (a third of the writing time).
 */
const COLUMN_STYLES: readonly Partial<ExcelJS.Style>[] = LEDGER_COLUMNS.map((c) => c.style);

const OPEN_WITH_DUE: readonly string[] = ['registered', 'rectifying', 'pending_verification'];

type Filter = Omit<HazardExportQuery, 'sort' | 'order'>;

/** User-supplied text as a cell (empty: no cell at all): never read as a formula (see escapeSpreadsheetCell). */
const text = (s: string | null | undefined): string | undefined => (s ? escapeSpreadsheetCell(s) : undefined);

function cells(r: ExportRow, n: number, now: Date): (ExcelJS.CellValue | undefined)[] {
  const overdue = OPEN_WITH_DUE.includes(r.state) && r.due_date !== null && isOverdue(r.due_date, now);
  return [
    n,
    text(r.campus_name ? `${r.school_name}（${r.campus_name}）` : r.school_name),
    HAZARD_DOMAIN_LABELS[r.domain as HazardDomain] ?? r.domain,
    HAZARD_GRADE_LABELS[r.grade] ?? r.grade,
    text(r.title),
    text(r.description),
    text(r.location),
    r.found_at,
    HAZARD_SOURCE_LABELS[r.source as HazardSource] ?? r.source,
    text(r.found_by),
    text(r.owner),
    text(r.measures),
    r.funds_fen === null ? undefined : Number(r.funds_fen) / 100,
    r.due_date ?? undefined,
    text(r.contingency_plan),
    text(r.interim_controls),
    text(r.watcher),
    HAZARD_STATE_LABELS[r.state] ?? r.state,
    text(r.rectification_note),
    text(r.closed_by),
    r.closed_on ?? undefined,
    overdue ? '是' : '否',
    r.listed ? '是' : '否',
  ];
}

/** The filters in words, for the line under the title. */
function describeFilters(f: Filter): string {
  const parts: string[] = [];
  if (f.state?.length) parts.push(`状态：${f.state.map((s) => HAZARD_STATE_LABELS[s as HazardState]).join('、')}`);
  if (f.domain?.length) parts.push(`类别：${f.domain.map((d) => HAZARD_DOMAIN_LABELS[d as HazardDomain]).join('、')}`);
  if (f.grade) parts.push(`等级：${HAZARD_GRADE_LABELS[f.grade]}`);
  if (f.source?.length) parts.push(`发现方式：${f.source.map((s) => HAZARD_SOURCE_LABELS[s as HazardSource]).join('、')}`);
  if (f.overdue !== undefined) parts.push(f.overdue ? '仅逾期' : '未逾期');
  if (f.listed !== undefined) parts.push(f.listed ? '仅挂牌督办' : '未挂牌督办');
  if (f.foundFrom || f.foundTo) parts.push(`发现时间：${f.foundFrom ?? '…'} 至 ${f.foundTo ?? '…'}`);
  if (f.owner) parts.push(`责任人含“${f.owner}”`);
  if (f.q) parts.push(`关键词“${f.q}”`);
  return parts.join('；');
}

/** Now in Beijing time as 'YYYY-MM-DD HH:mm'. */
function beijingMinute(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

export type LedgerExport = {
  fileName: string;
  /**
   * Writes the workbook to `out` as the rows arrive from the cursor, waiting for
   * the compressor and `out` to catch up between batches, then audits the export
   * and ends the transaction. Resolves with the row count; on an error or an abort it rolls
   * back and rejects (the caller destroys `out`).
   */
  writeTo(out: Writable, signal: AbortSignal): Promise<number>;
};

/**
 * Opens the export: a transaction with a server-side cursor over the ledger
 * under exactly the list's scope and filters (`hazardConditions`), with the
 * first batch already fetched, so that a failing query is still an ordinary
 * error answer. Nothing else is read before `writeTo`.
 */
/** `audit`: where the export's audit row goes when `db` is the read replica (the primary); by default `db` itself. */
export async function openLedgerExport(db: Db, ctx: RequestContext, query: HazardExportQuery, now = new Date(), audit: Db = db): Promise<LedgerExport> {
  const { sort: _s, order: _o, ...filter } = query;
  const unitName = await findLedgerUnitName(db, ctx.scope, [filter.schoolId, filter.areaId], ctx.actor.unitId);
  const trx = await db.startTransaction().execute();
  let first: ExportRow[];
  try {
    await declareExportCursor(trx, ctx.scope, query, now);
    first = await fetchExportBatch(trx, EXPORT_BATCH);
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
  const today = shanghaiDate(now);

  return {
    fileName: `隐患台账-${today}.xlsx`,
    async writeTo(out, signal) {
      let count = 0;
      try {
        // Fastest deflate: a ledger is repetitive text, level 1 keeps most of the gain at a fraction of the CPU.
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
        wb.creator = '校安';
        const ws = wb.addWorksheet('隐患台账', {
          views: [{ state: 'frozen', ySplit: HEADER_ROW }],
          pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
        });
        ws.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width }));
        const last = LEDGER_COLUMNS.length;

        const titleRow = ws.getRow(TITLE_ROW);
        titleRow.getCell(1).value = text(`${unitName} 隐患排查整治台账`.trim());
        titleRow.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
        titleRow.height = 30;
        ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, last);
        const infoRow = ws.getRow(INFO_ROW);
        const filters = describeFilters(filter);
        infoRow.getCell(1).value = text(`导出时间：${beijingMinute(now)}（北京时间）${filters ? `　筛选条件：${filters}` : ''}`);
        infoRow.getCell(1).style = { alignment: { horizontal: 'left', vertical: 'middle' } };
        ws.mergeCells(INFO_ROW, 1, INFO_ROW, last);
        const headerRow = ws.getRow(HEADER_ROW);
        LEDGER_COLUMNS.forEach((c, i) => {
          const cell = headerRow.getCell(i + 1);
          cell.value = c.header;
          cell.style = {
            font: { bold: true },
            alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
            fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
            border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
          };
        });
        headerRow.height = 32;
        headerRow.commit();
        ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };

        let batch = first.splice(0);
        while (batch.length > 0) {
          for (const r of batch) {
            const row = ws.addRow(cells(r, ++count, now));
            row.eachCell((cell, col) => {
              cell.style = COLUMN_STYLES[col - 1]!;
            });
            row.commit();
          }
          // Let the compressor and then the client catch up before the next batch:
          // memory holds about one batch, however many rows there are.
          while (backlog(ws) > MAX_BACKLOG_BYTES) await pause(signal);
          if (out.writableNeedDrain) await settled(out, 'drain', signal);
          if (signal.aborted || out.destroyed) throw new Error('export aborted by the client');
          batch = await fetchExportBatch(trx, EXPORT_BATCH);
        }
        await closeExportCursor(trx);
        // Audited before the last bytes leave: no complete file without its record.
        const event = {
          action: 'hazard.export',
          objectType: 'unit',
          objectId: ctx.actor.unitId,
          details: { filters: query, rows: count, fileName: `隐患台账-${today}.xlsx` },
        } as const;
        // Read from a replica: the audit row is written on the primary.
        if (audit === db) await emit(trx, ctx, event);
        else await audit.transaction().execute((w) => emit(w, ctx, event));
        await trx.commit().execute();
        ws.commit();
        // Done when `out` has taken the last byte; a failing zip ends it with the error.
        const finished = settled(out, 'finish', signal);
        wb.commit().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
        await finished;
      } catch (e) {
        if (!trx.isCommitted) await trx.rollback().execute().catch(() => undefined);
        throw e;
      }
      return count;
    },
  };
}

