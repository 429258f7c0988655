/**
 * Task tables flattened one cell per line (e.g. 工程 / 序号 / 重点项目 / 主要内容 / 牵头单位 /
 * 责任分工 / 建设周期): header cells, rows anchored on the 序号 column, and the tasks they give.
 */
import { deadlineIn } from './parse-plan.deadline.js';
import { domainsIn } from './parse-plan.domains.js';
import { cleanCooperating, cleanLeads } from './parse-plan.leads.js';
import { splitTitle } from './parse-plan.outline.js';
import type { TaskDraft } from './parse-plan.tasks.js';
import {
  RE_ANNEX,
  dedupe,
  evLines,
  normalizeText,
  stripTrailingPunct,
  truncate,
  withText,
  type DateCtx,
  type Line,
} from './parse-plan.text.js';

const RE_HEADER_CELL =
  /^(序号|编号|工程|类别|类型|领域|板块|项目|重点项目|工作项目|任务|工作任务|主要任务|重点任务|具体任务|任务名称|事项|工作事项|主要内容|工作内容|任务内容|具体内容|内容|工作措施|具体措施|工作目标|目标任务|.{0,6}牵头.{0,4}|.{0,6}责任.{0,4}|.{0,6}配合.{0,4}|.{0,4}协同.{0,4}|完成时[间限]|时间节点|时限|时间要求|完成期限|建设周期|周期|进度安排|时间|备注)(（[^）]*）|\([^)]*\))?$/;

type Cell = { text: string; first: Line; last: Line };
type TableRow = { cells: Map<string, Cell>; first: Line; last: Line };
export type Table = { headers: string[]; rows: TableRow[] };

/** The run of header cells from line `i` (short lines that name a column). */
function headerRun(lines: Line[], i: number): Line[] {
  const header: Line[] = [];
  for (let k = i; k < lines.length; k++) {
    const h = lines[k];
    if (!h || !h.text || !RE_HEADER_CELL.test(h.text) || h.text.length > 14) break;
    header.push(h);
  }
  return header;
}

/** The cells after the header until the table ends (a numbered outer heading or an annex line outside it). */
function collectCells(lines: Line[], k: number, tabMode: boolean): { cells: Cell[]; end: number } {
  const cells: Cell[] = [];
  let j = k;
  for (; j < lines.length; j++) {
    const c = lines[j];
    if (!c) break;
    if (!c.tab && c.num && c.num.rank <= 2) break;
    if (!c.tab && RE_ANNEX.test(c.text)) break;
    if (!tabMode) {
      if (c.text) cells.push({ text: c.text, first: c, last: c });
    } else if (c.tab) cells.push({ text: c.text, first: c, last: c });
    else if (c.text) {
      // an untabbed paragraph continues the cell before it
      const prev = cells[cells.length - 1];
      if (!prev) break;
      prev.text = prev.text ? `${prev.text}\n${c.text}` : c.text;
      prev.last = c;
    }
  }
  return { cells, end: j };
}

/** The cells grouped into rows: anchored on the serial numbers 1, 2, 3 … when there is a 序号 column. */
function groupRows(cells: Cell[], names: string[]): Cell[][] {
  const n = names.length;
  const serialCol = names.findIndex((x) => /^(序号|编号)$/.test(x));
  const rowsCells: Cell[][] = [];
  if (serialCol < 0) {
    for (let s = 0; s + n <= cells.length; s += n) rowsCells.push(cells.slice(s, s + n));
    return rowsCells;
  }
  const anchors: number[] = [];
  let expect = 1;
  cells.forEach((c, idx) => {
    if (c.text.trim() === String(expect) && idx - serialCol >= (anchors.length ? (anchors[anchors.length - 1] ?? 0) + 1 : 0)) {
      anchors.push(idx);
      expect++;
    }
  });
  anchors.forEach((a, r) => {
    const s = Math.max(0, a - serialCol);
    const next = anchors[r + 1];
    const e = next !== undefined ? next - serialCol : cells.length;
    rowsCells.push(cells.slice(s, e));
  });
  return rowsCells;
}

/** One row keyed by column name; extra cells (multi-paragraph cells without tabs) fold into the responsibility column. */
function toRow(rc: Cell[], names: string[]): TableRow | null {
  const n = names.length;
  const leadCol = names.findIndex((x) => /牵头|责任|分工|配合/.test(x));
  let row = rc;
  if (row.length > n && leadCol >= 0) {
    const extra = row.length - n;
    const merged: Cell = { ...(row[leadCol] as Cell) };
    for (let e = 1; e <= extra; e++) {
      const x = row[leadCol + e];
      if (x) {
        merged.text += `\n${x.text}`;
        merged.last = x.last;
      }
    }
    row = [...row.slice(0, leadCol), merged, ...row.slice(leadCol + extra + 1)];
  }
  const map = new Map<string, Cell>();
  names.forEach((nm, c) => {
    const cell = row[c];
    if (cell) map.set(nm, cell);
  });
  const f = row[0];
  const lastCell = row[row.length - 1];
  return f && lastCell ? { cells: map, first: f.first, last: lastCell.last } : null;
}

/** The tables of task rows in a plan (a header with a title column and a responsibility column). */
export function findTables(lines: Line[]): Table[] {
  const tables: Table[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (!l || !l.text || !RE_HEADER_CELL.test(l.text)) {
      i++;
      continue;
    }
    const header = headerRun(lines, i);
    const k = i + header.length;
    const names = header.map((h) => h.text.replace(/[\s\u3000]/g, ''));
    const hasLead = names.some((n) => /牵头|责任|配合|分工/.test(n));
    const hasTitle = names.some((n) => /项目|任务|事项|内容|措施/.test(n));
    if (header.length < 3 || !hasLead || !hasTitle) {
      i = k + 1;
      continue;
    }
    const { cells, end } = collectCells(lines, k, header.every((h) => h.tab));
    const rows = groupRows(cells, names)
      .map((rc) => toRow(rc, names))
      .filter((r): r is TableRow => r !== null);
    tables.push({ headers: names, rows });
    i = Math.max(end, k + 1);
  }
  return tables;
}

/** The columns of a task table, by what their header names. */
function tableColumns(h: string[]) {
  const respCols = h.filter((x) => /牵头|责任|主责|分工/.test(x));
  // with two responsibility columns (区牵头单位 + 教育局责任分工) the bureau-internal one leads
  const internal = respCols.find((x) => /分工|科室|处室|局/.test(x));
  const leadCol = respCols.length > 1 && internal ? internal : respCols[0] ?? null;
  return {
    titleCol: h.find((x) => /项目|任务|事项/.test(x) && !/内容|措施/.test(x)) ?? null,
    contentCol: h.find((x) => /内容|措施|目标/.test(x)) ?? null,
    leadCol,
    coopCols: [...respCols.filter((x) => x !== leadCol), ...h.filter((x) => /配合|协同|参与|协办/.test(x))],
    dueCol: h.find((x) => /时[间限]|周期|节点|期限|进度/.test(x)) ?? null,
    groupCol: h.find((x) => /工程|类别|类型|领域|板块/.test(x)) ?? null,
  };
}

export function tasksFromTable(t: Table, src: string, ctx: DateCtx): TaskDraft[] {
  const col = tableColumns(t.headers);
  const out: TaskDraft[] = [];
  let group = '';
  for (const r of t.rows) {
    const cell = (c: string | null) => (c ? (r.cells.get(c)?.text ?? '') : '');
    if (col.groupCol && cell(col.groupCol).trim()) group = cell(col.groupCol).replace(/\n/g, '');
    const content = cell(col.contentCol);
    let title = stripTrailingPunct(cell(col.titleCol).replace(/\n/g, ''));
    if (!title) title = splitTitle(content).title;
    if (!title) continue;
    out.push({
      p: {
        value: {
          title,
          description: truncate(content.replace(/\n+/g, ''), 300),
          leads: col.leadCol ? cleanLeads(cell(col.leadCol)) : [],
          cooperating: dedupe(col.coopCols.flatMap((c) => cleanCooperating(cell(c)))),
          deadline: deadlineIn(cell(col.dueCol), ctx, { cell: true }),
          stageIndex: null,
          domain: domainsIn(title)[0] ?? domainsIn(group)[0] ?? domainsIn(content.slice(0, 60))[0] ?? null,
        },
        evidence: withText(src, evLines(r.first, r.last)),
      },
      titleNorm: normalizeText(title),
    });
  }
  return out;
}
