/**
 * The scores as .xlsx (streamed the house way, http/xlsx-stream.ts): sheet 1 the ranking (rank,
 * area, school, each indicator's points, total, self-assessment), sheet 2 the evidence of every
 * score (raw value, numerator and denominator, the parts, the rule or the reason). The caller's
 * scope decides the schools, as on the page; the export is audited before the file is written.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SELF_ASSESSMENT_STATE_LABELS, escapeSpreadsheetCell } from '@xiaoan/domain';
import type { IndicatorScore } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { settled, type StreamedWorkbook } from '../../http/xlsx-stream.js';
import { runCommand } from '../../kernel/command.js';
import { loadScheme, toIndicator } from './assessment.service.js';
import { scoreSchools } from './scoring.service.js';

const text = (s: string | null | undefined) => (s ? escapeSpreadsheetCell(s) : undefined);
const HEADER: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } },
  border: { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } },
};

function valueText(s: IndicatorScore, measure: 'rate' | 'count' | null): string {
  if (s.kind === 'manual') return s.pending ? '未评分' : `${s.points}`;
  if (s.value === null) return '无数据';
  return measure === 'rate' ? `${Math.round(s.value * 10000) / 100}%` : `${s.value}`;
}

export async function openScoresWorkbook(db: Db, ctx: RequestContext, id: string, now = new Date()): Promise<StreamedWorkbook> {
  const s = await loadScheme(db, ctx, id);
  const { w, items } = await scoreSchools(db, ctx, s, now);
  const indicators = s.indicators.map(toIndicator);
  const fileName = `${s.name}考核结果.xlsx`;
  await runCommand(db, ctx, {}, async (_trx, emit) =>
    emit({ action: 'assessment.export', objectType: 'assessment_scheme', objectId: s.id, details: { format: 'xlsx', schools: items.length, fileName } }),
  );
  return {
    fileName,
    async writeTo(out: Writable, signal: AbortSignal) {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = '校安';
      const rank = wb.addWorksheet('考核排名', { views: [{ state: 'frozen', ySplit: 3 }] });
      const headers = ['名次', '片区', '学校', ...indicators.map((i) => `${i.name}（${i.weight}分）`), `总分（${s.total_points}分）`, '自评总分', '自评状态'];
      rank.columns = headers.map((_, k) => ({ width: k < 2 ? 8 : k === 2 ? 26 : 14 }));
      titleRows(rank, s.name, `统计期间：${w.from} 至 ${w.to}　学校数：${items.length}`, headers);
      for (const r of items) {
        rank.addRow([r.rank, text(r.areaName), text(r.school.name), ...r.indicators.map((x) => x.points), r.total, r.selfAssessment?.selfTotal, r.selfAssessment ? SELF_ASSESSMENT_STATE_LABELS[r.selfAssessment.state] : '未填报']).commit();
      }
      rank.commit();
      const ev = wb.addWorksheet('评分依据', { views: [{ state: 'frozen', ySplit: 3 }] });
      const evHeaders = ['学校', '指标', '类型', '分值', '原始值', '分子', '分母', '构成', '得分', '评分规则', '依据或理由', '佐证说明'];
      ev.columns = [26, 18, 8, 8, 10, 8, 8, 36, 8, 36, 40, 30].map((width) => ({ width }));
      titleRows(ev, `${s.name}评分依据`, `统计期间：${w.from} 至 ${w.to}`, evHeaders);
      for (const r of items) {
        r.indicators.forEach((x, k) => {
          const ind = indicators[k]!;
          ev.addRow([
            text(r.school.name),
            text(x.name),
            x.kind === 'manual' ? '手工' : '数据',
            x.weight,
            valueText(x, ind.measure),
            x.evidence.numerator ?? undefined,
            x.evidence.denominator ?? undefined,
            text(x.evidence.parts.map((p) => `${p.label} ${p.count}`).join('；')),
            x.points,
            text(ind.ruleText),
            text(x.evidence.text),
            text(x.evidence.evidenceText),
          ]).commit();
        });
        if (signal.aborted || out.destroyed) throw new Error('export aborted by the client');
      }
      ev.commit();
      const finished = settled(out, 'finish', signal);
      wb.commit().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
      await finished;
    },
  };
}

/** Title (row 1), a line of facts (row 2), the header (row 3). */
function titleRows(ws: ExcelJS.Worksheet, title: string, info: string, headers: readonly string[]) {
  const t = ws.getRow(1);
  t.getCell(1).value = text(title);
  t.getCell(1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } };
  t.height = 30;
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(2).getCell(1).value = text(info);
  ws.mergeCells(2, 1, 2, headers.length);
  const h = ws.getRow(3);
  headers.forEach((x, k) => {
    const c = h.getCell(k + 1);
    c.value = x;
    c.style = HEADER;
  });
  h.height = 28;
  h.commit();
}
