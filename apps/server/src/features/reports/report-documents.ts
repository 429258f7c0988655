import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_GRADE_LABELS,
  HAZARD_STATE_LABELS,
  REPORT_STATE_LABELS,
  addDays,
  displayState,
  escapeSpreadsheetCell,
  reportPeriodsBetween,
  shanghaiDate,
  type HazardDomain,
  type HazardGrade,
  type HazardState,
  type ReportPeriod,
} from '@xiaoan/domain';
import type { Completeness } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { MAX_BACKLOG_BYTES, backlog, pause, settled } from '../../http/xlsx-stream.js';
import { emit } from '../../kernel/events.js';
import { completeness } from './completeness.service.js';
import { templateOf } from './report.presenter.js';
import { deadlineOf, loadType, periodOrInvalid, seesDistrict, type LoadedType } from './report.service.js';
import { findReviews, findSubmissionInScope, findVersions } from './submission.repository.js';
import { closeRollupCursor, declareRollupCursor, fetchRollupBatch, findFileNames, findSchoolFacts, findUnitName, type RollupRow } from './report-documents.repository.js';
import { beijingDateTime, rollupSummaryDocx, submissionDocx } from './report-docx.js';

/**
 * Documents out (issue 13, item 6): a submission as a Word report; the bureau's roll-up of a
 * period as one .xlsx (every school's frozen hazard list, then each school's state) and as a
 * Word summary of completeness and timeliness with the late and missing units by name. Reads
 * are the reporting feature's own (in scope: another school's submission is a 404, as an
 * unknown id); each download is audited like the ledger export.
 */

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export { XLSX_MIME } from '../../http/xlsx-stream.js';

/** A type's name without its cadence word, for "华润小学2026年11月" + "隐患排查问题清单". */
export const titleStem = (name: string) => name.replace(/^(每月|月度|每周|周|每季度|季度|每半年|半年|每年|年度|每学期|学期)/, '') || name;

// ---------------------------------------------------------------------------------------
// A submission as Word

export type Download = { fileName: string; buffer: Buffer };

/** `versionNo`: a submitted version (default the latest). A draft that was never submitted has no document (409). */
export async function submissionDocument(db: DbOrTrx, ctx: RequestContext, id: string, versionNo: number | undefined, now = new Date()): Promise<Download> {
  const row = await findSubmissionInScope(db, ctx.scope, ctx.actor.userId, id);
  if (!row) throw notFound('报送');
  const t = await loadType(db, ctx, row.report_type_id);
  const period = periodOrInvalid(t, row.period_key);
  const [versions, reviews] = await Promise.all([findVersions(db, row.id), findReviews(db, row.id)]);
  if (versions.length === 0) throw new AppError('CONFLICT', '该报告尚未报送，没有可下载的报送文档', { domainCode: 'not_submitted' });
  const v = versions.find((x) => x.version_no === (versionNo ?? row.current_version));
  if (!v) throw notFound(`第${versionNo}版报送`);
  const approval = reviews.find((r) => r.decision === 'approve' && r.version_no === v.version_no);
  const state = displayState({ state: row.state, firstSubmittedAt: row.first_submitted_at }, deadlineOf({ dueDate: row.due_date }), now);
  const stateLabel = v.version_no < row.current_version ? '已退回（已重新报送）' : REPORT_STATE_LABELS[state];
  const facts = row.submitter_kind === 'school' && row.unit_id ? await findSchoolFacts(db, row.unit_id) : undefined;
  const title = `${row.submitter_name}${period.label}${titleStem(t.row.name)}`;
  const buffer = await submissionDocx({
    title,
    unitName: row.submitter_name,
    areaName: facts?.area_name ?? null,
    periodLabel: period.label,
    dueDate: period.dueDate,
    versionNo: v.version_no,
    versions: versions.length,
    submittedAt: v.submitted_at,
    submittedBy: v.submitted_by_name,
    late: v.late,
    stateLabel,
    approvedAt: approval?.at ?? null,
    approvedBy: approval?.display_name ?? null,
    returns: reviews
      .filter((r) => r.decision === 'return' && r.version_no <= v.version_no)
      .map((r) => ({ at: r.at, by: r.display_name, comment: r.comment, versionNo: r.version_no })),
    sections: templateOf(t.row),
    content: v.content,
    narrative: v.narrative,
    attachments: await findFileNames(db, v.file_ids),
    generatedAt: now,
  });
  const fileName = `${title}${versions.length > 1 ? `（第${v.version_no}版）` : ''}.docx`;
  await emit(db, ctx, { action: 'report.export_document', objectType: 'report_submission', objectId: row.id, details: { versionNo: v.version_no, fileName, bytes: buffer.length } });
  return { fileName, buffer };
}

// ---------------------------------------------------------------------------------------
// The period of a roll-up

/**
 * The period asked for, or by default the latest one already due (the roll-up a bureau
 * prints after the deadline), else the current one.
 */
export function rollupPeriod(t: LoadedType, key: string | undefined, now: Date): ReportPeriod {
  if (key) return periodOrInvalid(t, key);
  const today = shanghaiDate(now);
  // A year back holds the latest due period of every cadence (a yearly one is due within its year), and stays under the 400-period cap for daily types.
  const recent = reportPeriodsBetween(t.schedule, addDays(today, -366), today);
  const due = recent.filter((p) => p.dueDate < today);
  const p = due[due.length - 1] ?? recent[recent.length - 1];
  if (!p) throw new AppError('VALIDATION_FAILED', `period: “${t.row.name}”目前没有可汇总的期次`, ['period: 请指定期次']);
  return p;
}

/** The period's completeness in the caller's scope: the figures the matrix page shows (completeness.service.ts). */
const completenessOf = (db: DbOrTrx, ctx: RequestContext, t: LoadedType, p: ReportPeriod, now: Date): Promise<Completeness> =>
  completeness(db, ctx, t.row.id, { period: p.key }, now);

// ---------------------------------------------------------------------------------------
// The roll-up as Excel

/** Submissions fetched from the cursor at a time: one school's content is at most ~1,000 hazards. */
export const ROLLUP_BATCH = 50;

const text = (s: string | null | undefined): string | undefined => (s ? escapeSpreadsheetCell(s) : undefined);
const wrap: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true } };
const top: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  border: { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } },
};

const CATEGORY_LABELS: Record<string, string> = { new: '本期新增', rectifying: '整改中', closed: '本期销号', overdue: '逾期未整改' };

/** The hazard list sheet: one row per hazard of every school's frozen monthly list. */
export const HAZARD_COLUMNS = [
  { header: '序号', width: 7, style: top },
  { header: '片区', width: 12, style: top },
  { header: '学校', width: 24, style: wrap },
  { header: '隐患名称', width: 30, style: wrap },
  { header: '隐患类别', width: 14, style: top },
  { header: '隐患等级', width: 10, style: top },
  { header: '位置', width: 18, style: wrap },
  { header: '责任人', width: 10, style: top },
  { header: '发现日期', width: 12, style: top },
  { header: '整改时限', width: 12, style: top },
  { header: '状态', width: 10, style: top },
  { header: '分类', width: 12, style: top },
  { header: '销号日期', width: 12, style: top },
  { header: '报送版本', width: 9, style: top },
] as const;

/** The state sheet: every expected school with its state, submission time and officer. */
export const STATE_COLUMNS = ['序号', '片区', '学校', '报送状态', '首次报送时间', '是否按时', '安全管理员', '联系电话'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The hazard rows of a frozen hazard_month section (`{rows:[…]}`, or a bare list). */
export function hazardItems(section: unknown): Record<string, unknown>[] {
  const list = Array.isArray(section) ? section : isRecord(section) ? (section.rows ?? section.items ?? section.hazards) : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

function hazardCells(n: number, r: RollupRow, h: Record<string, unknown>): (ExcelJS.CellValue | undefined)[] {
  const domain = str(h.domain);
  const grade = str(h.grade);
  const state = str(h.state);
  return [
    n,
    text(r.area_name),
    text(r.unit_name),
    text(str(h.title)),
    domain ? (HAZARD_DOMAIN_LABELS[domain as HazardDomain] ?? text(domain)) : undefined,
    grade ? (HAZARD_GRADE_LABELS[grade as HazardGrade] ?? text(grade)) : undefined,
    text(str(h.location)),
    text(str(h.owner)),
    str(h.foundAt ?? h.found_at) ?? undefined,
    str(h.dueDate ?? h.due_date) ?? undefined,
    state ? (HAZARD_STATE_LABELS[state as HazardState] ?? text(state)) : undefined,
    CATEGORY_LABELS[str(h.category) ?? ''] ?? (h.isNew ? '本期新增' : undefined),
    str(h.closedOn ?? h.closed_on) ?? undefined,
    r.version_no,
  ];
}

export type RollupWorkbook = {
  fileName: string;
  /** Streams the workbook to `out`, audits, ends the transaction; resolves with the hazard rows written. */
  writeTo(out: Writable, signal: AbortSignal): Promise<number>;
};

/**
 * Opens the roll-up: the type and period in scope, the expected units (the second sheet),
 * and a cursor over the submitted reports with the first batch fetched, so a failing query is
 * still an ordinary error answer. For a type without a hazard list the first sheet lists each
 * report's narrative sections instead.
 */
/** `audit`: where the export's audit row goes when `db` is the read replica (the primary); by default `db` itself. */
export async function openRollupWorkbook(db: Db, ctx: RequestContext, typeId: string, periodKey: string | undefined, now = new Date(), audit: Db = db): Promise<RollupWorkbook> {
  const t = await loadType(db, ctx, typeId);
  const period = rollupPeriod(t, periodKey, now);
  const template = templateOf(t.row);
  const hazardSection = template.find((s) => s.kind === 'auto' && s.source === 'hazard_month');
  const narratives = template.filter((s) => s.kind === 'narrative');
  const status = await completenessOf(db, ctx, t, period, now);
  const bureauName = await findUnitName(db, t.row.bureau_unit_id);
  const trx = await db.startTransaction().execute();
  let first: RollupRow[];
  try {
    await declareRollupCursor(trx, ctx.scope, ctx.actor.userId, t.row.id, period.key);
    first = await fetchRollupBatch(trx, ROLLUP_BATCH);
  } catch (e) {
    await trx.rollback().execute();
    throw e;
  }
  const fileName = `${period.label}${titleStem(t.row.name)}汇总.xlsx`;
  return {
    fileName,
    async writeTo(out, signal) {
      let count = 0;
      let reports = 0;
      try {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
        wb.creator = '校安';
        const ws = wb.addWorksheet(hazardSection ? '隐患清单' : '报送内容', { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
        const columns = hazardSection
          ? HAZARD_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: c.style as Partial<ExcelJS.Style> }))
          : [
              { header: '序号', width: 7, style: top },
              { header: '片区', width: 12, style: top },
              { header: '单位', width: 24, style: wrap },
              { header: '报送状态', width: 12, style: top },
              { header: '报送时间', width: 18, style: top },
              ...narratives.map((s) => ({ header: s.label, width: 40, style: wrap })),
            ];
        ws.columns = columns.map((c) => ({ width: c.width }));
        const styles = columns.map((c) => c.style);
        titleRows(ws, `${bureauName} ${period.label}${titleStem(t.row.name)}汇总`, `截止日期：${period.dueDate}　导出时间：${beijingDateTime(now)}（北京时间）`, columns.map((c) => c.header));
        let batch = first.splice(0);
        while (batch.length > 0) {
          for (const r of batch) {
            reports++;
            const cellsList: (ExcelJS.CellValue | undefined)[][] = hazardSection
              ? hazardItems(r.content[hazardSection.key]).map((h) => hazardCells(++count, r, h))
              : [[++count, text(r.area_name), text(r.unit_name), REPORT_STATE_LABELS[r.state], beijingDateTime(r.submitted_at), ...narratives.map((s) => text(r.narrative[s.key] ?? ''))]];
            for (const cells of cellsList) {
              const row = ws.addRow(cells);
              row.eachCell((cell, col) => (cell.style = styles[col - 1]!));
              row.commit();
            }
          }
          while (backlog(ws) > MAX_BACKLOG_BYTES) await pause(signal);
          if (out.writableNeedDrain) await settled(out, 'drain', signal);
          if (signal.aborted || out.destroyed) throw new Error('export aborted by the client');
          batch = await fetchRollupBatch(trx, ROLLUP_BATCH);
        }
        await closeRollupCursor(trx);
        ws.commit();

        const ss = wb.addWorksheet('报送情况', { views: [{ state: 'frozen', ySplit: 3 }] });
        ss.columns = [7, 12, 26, 14, 20, 10, 12, 16].map((width) => ({ width }));
        titleRows(
          ss,
          `${period.label}${titleStem(t.row.name)}报送情况`,
          `应报送 ${status.expected}，已报送 ${status.submitted}（按时 ${status.onTime}、逾期 ${status.late}），逾期未报送 ${status.missing}，未到截止日期 ${status.pending}`,
          STATE_COLUMNS,
        );
        status.items.forEach((e, i) => {
          const row = ss.addRow([
            i + 1,
            text(e.areaName),
            text(e.unitName),
            REPORT_STATE_LABELS[e.state],
            e.submittedAt ? beijingDateTime(new Date(e.submittedAt)) : undefined,
            e.onTime === null ? undefined : e.onTime ? '是' : '否',
            text(e.safetyOfficer),
            text(e.phone),
          ]);
          row.commit();
        });
        ss.commit();
        // Audited before the last bytes leave: no complete file without its record.
        const event = {
          action: 'report.export_rollup',
          objectType: 'report_type',
          objectId: t.row.id,
          details: { period: period.key, format: 'xlsx', reports, rows: count, expected: status.expected, fileName },
        } as const;
        // Read from a replica: the audit row is written on the primary.
        if (audit === db) await emit(trx, ctx, event);
        else await audit.transaction().execute((w) => emit(w, ctx, event));
        await trx.commit().execute();
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

/** Title (row 1), a line of facts (row 2), the header (row 3). */
function titleRows(ws: ExcelJS.Worksheet, title: string, info: string, headers: readonly string[]) {
  const last = headers.length;
  const t = ws.getRow(1);
  t.getCell(1).value = text(title);
  t.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
  t.height = 30;
  ws.mergeCells(1, 1, 1, last);
  const i = ws.getRow(2);
  i.getCell(1).value = text(info);
  ws.mergeCells(2, 1, 2, last);
  const h = ws.getRow(3);
  headers.forEach((x, k) => {
    const c = h.getCell(k + 1);
    c.value = x;
    c.style = HEADER_STYLE;
  });
  h.height = 28;
  h.commit();
}


// ---------------------------------------------------------------------------------------
// The roll-up as a Word summary

export async function rollupSummary(db: DbOrTrx, ctx: RequestContext, typeId: string, periodKey: string | undefined, now = new Date()): Promise<Download> {
  const t = await loadType(db, ctx, typeId);
  const period = rollupPeriod(t, periodKey, now);
  const c = await completenessOf(db, ctx, t, period, now);
  const bureauName = await findUnitName(db, t.row.bureau_unit_id);
  const title = `${period.label}${titleStem(t.row.name)}报送情况通报`;
  const buffer = await rollupSummaryDocx({
    title,
    bureauName,
    typeName: t.row.name,
    periodLabel: period.label,
    dueDate: period.dueDate,
    ruleText: t.row.rule_text,
    totals: c,
    areas: t.row.submitter_kind === 'school' ? c.areas : [],
    lateUnits: c.items.filter((e) => e.onTime === false).map((e) => ({ unitName: e.unitName, areaName: e.areaName, submittedAt: e.submittedAt ? new Date(e.submittedAt) : null })),
    missingUnits: c.missingUnits,
    pendingUnits: c.pending,
    generatedAt: now,
    scopeNote: seesDistrict(ctx, t.row.bureau_unit_path) ? '全区合计' : '合计（本组学校）',
  });
  const fileName = `${title}.docx`;
  await emit(db, ctx, { action: 'report.export_rollup', objectType: 'report_type', objectId: t.row.id, details: { period: period.key, format: 'docx', expected: c.expected, fileName } });
  return { fileName, buffer };
}
