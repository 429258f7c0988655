import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import {
  HAZARD_DOMAIN_LABELS,
  HAZARD_GRADE_LABELS,
  HAZARD_STATE_LABELS,
  REPORT_STATE_LABELS,
  type HazardDomain,
  type HazardGrade,
  type HazardState,
  type ReportSection,
  type ReportState,
} from '@xiaoan/domain';

/**
 * Word documents of reporting, pure (facts in, .docx bytes out): a submission in the shape of a
 * government report (title, unit, period, dates, each template section in order — auto-filled
 * tables as Word tables, narrative as headed paragraphs), and a period's completeness summary.
 * Fonts are the ones county offices have: 宋体 for the body, 黑体 for titles and headings.
 */

const BODY_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
const TITLE_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };
/** Half-points: 小二 18 pt for the title, 四号 14 pt for headings, 小四 12 pt body, 五号 10.5 pt in tables. */
const SIZE = { title: 36, heading: 28, body: 24, table: 21 } as const;

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const BORDERS = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

function documentOf(children: (Paragraph | Table)[]): Document {
  return new Document({
    creator: '校安',
    styles: {
      default: { document: { run: { font: BODY_FONT, size: SIZE.body }, paragraph: { spacing: { line: 360 } } } },
      paragraphStyles: [
        {
          id: 'Heading1',
          name: 'Heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: TITLE_FONT, size: SIZE.heading, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        {
          id: 'Heading2',
          name: 'Heading 2',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: BODY_FONT, size: SIZE.body, bold: true, color: '000000' },
          paragraph: { spacing: { before: 160, after: 80 } },
        },
      ],
    },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1588, right: 1474 } } }, children }],
  });
}

const title = (text: string) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, font: TITLE_FONT, size: SIZE.title })] });
const heading = (text: string, level: 1 | 2 = 1) => new Paragraph({ text, heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 });
/** A body paragraph, first line indented by two characters as official documents are. */
const body = (text: string) => new Paragraph({ indent: { firstLine: 480 }, children: [new TextRun({ text })] });
const plain = (text: string, opts: { right?: boolean } = {}) =>
  new Paragraph({ alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text })] });

function cell(text: string, header = false): TableCell {
  return new TableCell({
    children: [new Paragraph({ alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text, bold: header, size: SIZE.table })] })],
    ...(header ? { shading: { fill: 'D9E1F2' } } : {}),
  });
}

/** A bordered table with a repeated header row. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: headers.map((_, i) => cell(r[i] ?? '')) })),
    ],
  });
}

// ---------------------------------------------------------------------------------------
// Auto-filled content as tables. The frozen content of a section is whatever its builder
// stored (a list of rows, an object of counts, both); it is rendered by shape, with Chinese
// headers for the fields the builders use and the domain's labels for codes.

const FIELD_LABELS: Record<string, string> = {
  title: '隐患名称',
  domain: '隐患类别',
  grade: '隐患等级',
  location: '位置',
  owner: '责任人',
  state: '状态',
  foundAt: '发现日期',
  dueDate: '整改时限',
  closedOn: '销号日期',
  isNew: '本期新增',
  closedInPeriod: '本期销号',
  openAtEnd: '期末未销号',
  overdue: '是否逾期',
  measures: '整改措施',
  hazardsFound: '发现隐患',
  majorHazards: '重大隐患',
  hazardsClosed: '销号隐患',
  hazardsOpen: '未销号隐患',
  hazardsOverdue: '逾期未整改',
  inspections: '检查次数',
  failedItems: '不合格项',
  visits: '督查次数',
  schoolName: '学校',
  school: '学校',
  visitedOn: '督查日期',
  findings: '发现问题',
  rectifiedOnTime: '按期整改',
  open: '未整改',
  new: '本期新增',
  newCount: '本期新增',
  rectifying: '整改中',
  closed: '已销号',
  total: '合计',
  owed: '应查',
  done: '已查',
  missed: '漏查',
  rate: '完成率',
  completionRate: '完成率',
  point: '点位',
  pointName: '点位',
  itemText: '检查项',
  item: '检查项',
  note: '说明',
  date: '日期',
  checkedOn: '检查日期',
  inspectedOn: '检查日期',
  week: '周次',
  hazardId: '隐患编号',
  count: '数量',
  name: '名称',
  asOf: '统计截至',
  counts: '汇总',
  rows: '明细',
  category: '分类',
  hazardsRaised: '登记隐患',
  missedChecks: '漏查明细',
  failures: '不合格项明细',
  schools: '督查学校数',
  key: '期次',
  periodKey: '期次',
  start: '开始日期',
  end: '结束日期',
  byDomain: '按类别',
};

const CATEGORY_LABELS: Record<string, string> = { new: '本期新增', rectifying: '整改中', closed: '本期销号', overdue: '逾期未整改' };

const ID_KEY = /^(id|.*Id|.*_id)$/;
const camel = (k: string) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
export const fieldLabel = (k: string) => FIELD_LABELS[camel(k)] ?? k;

/** One value as table text: codes by their Chinese labels, booleans 是/否, empty a dash. */
export function cellText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const k = camel(key);
  if (typeof v === 'string') {
    if (k === 'domain') return HAZARD_DOMAIN_LABELS[v as HazardDomain] ?? v;
    if (k === 'grade') return HAZARD_GRADE_LABELS[v as HazardGrade] ?? v;
    if (k === 'state') return HAZARD_STATE_LABELS[v as HazardState] ?? REPORT_STATE_LABELS[v as ReportState] ?? v;
    if (k === 'category') return CATEGORY_LABELS[v] ?? v;
    return v;
  }
  if (typeof v === 'number') return /rate$/i.test(k) && v <= 1 ? `${(v * 100).toFixed(1)}%` : String(v);
  if (Array.isArray(v)) return v.map((x) => cellText(key, x)).join('、');
  return JSON.stringify(v);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows as a table; a `xLabel` field stands in for its code `x` (the builders store both). */
function rowsTable(rows: readonly Record<string, unknown>[]): Table {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k) && !ID_KEY.test(k) && !isRecord(r[k])) keys.push(k);
  const shown = keys.filter((k) => !keys.includes(`${k}Label`));
  const header = (k: string) => (k.endsWith('Label') && keys.includes(k.slice(0, -5)) ? fieldLabel(k.slice(0, -5)) : fieldLabel(k));
  return table(['序号', ...shown.map(header)], rows.map((r, i) => [String(i + 1), ...shown.map((k) => cellText(k, r[k]))]));
}

/** The monthly hazard list (hazard_month): its counts in a sentence, then the list. */
function hazardMonthBlocks(v: unknown): (Paragraph | Table)[] {
  if (!isRecord(v) || !Array.isArray(v.rows)) return contentBlocks(v);
  const c = isRecord(v.counts) ? v.counts : {};
  const n = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : 0);
  const out: (Paragraph | Table)[] = [
    body(`${typeof v.asOf === 'string' ? `截至${cnDate(v.asOf)}，` : ''}本期新增隐患${n('new')}条，整改中${n('rectifying')}条，本期销号${n('closed')}条，逾期未整改${n('overdue')}条。`),
  ];
  const rows = v.rows.filter(isRecord);
  if (rows.length === 0) out.push(body('本期无隐患记录。'));
  else
    out.push(
      table(
        ['序号', '隐患名称', '类别', '等级', '位置', '责任人', '发现日期', '整改时限', '状态', '分类'],
        rows.map((r, i) => [
          String(i + 1),
          cellText('title', r.title),
          cellText('domain', r.domain),
          cellText('grade', r.grade),
          cellText('location', r.location),
          cellText('owner', r.owner),
          cellText('foundAt', r.foundAt),
          cellText('dueDate', r.dueDate),
          cellText('state', r.state),
          cellText('category', r.category),
        ]),
      ),
    );
  return out;
}

/** The blocks of one auto-filled section's frozen content, by its shape. */
export function contentBlocks(v: unknown, depth = 0): (Paragraph | Table)[] {
  if (v === null || v === undefined) return [body('（无）')];
  if (Array.isArray(v)) {
    if (v.length === 0) return [body('本期无记录。')];
    if (v.every(isRecord)) return [rowsTable(v)];
    return [body(v.map((x) => cellText('', x)).join('、'))];
  }
  if (!isRecord(v)) return [body(cellText('', v))];
  const out: (Paragraph | Table)[] = [];
  const scalars = Object.entries(v).filter(([k, x]) => !ID_KEY.test(k) && !Array.isArray(x) && !isRecord(x));
  if (scalars.length) out.push(table(['项目', '情况'], scalars.map(([k, x]) => [fieldLabel(k), cellText(k, x)])));
  for (const [k, x] of Object.entries(v)) {
    if (!Array.isArray(x) && !isRecord(x)) continue;
    if (depth < 3) {
      out.push(heading(fieldLabel(k), 2));
      out.push(...contentBlocks(x, depth + 1));
    }
  }
  return out.length ? out : [body('（无）')];
}

// ---------------------------------------------------------------------------------------
// A submission

export type SubmissionDocFacts = {
  title: string;
  unitName: string;
  areaName: string | null;
  periodLabel: string;
  dueDate: string;
  versionNo: number;
  versions: number;
  submittedAt: Date;
  submittedBy: string;
  late: boolean;
  stateLabel: string;
  approvedAt: Date | null;
  approvedBy: string | null;
  returns: readonly { at: Date; by: string; comment: string; versionNo: number }[];
  sections: readonly ReportSection[];
  content: Readonly<Record<string, unknown>>;
  narrative: Readonly<Record<string, string>>;
  attachments: readonly string[];
  generatedAt: Date;
};

/** 2026年11月5日 14:30 in Beijing time. */
export function beijingDateTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${cnDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

/** 2026-11-05 → 2026年11月5日. */
export function cnDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export async function submissionDocx(f: SubmissionDocFacts): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [title(f.title)];
  const facts: [string, string][] = [
    ['报送单位', f.areaName ? `${f.unitName}（${f.areaName}）` : f.unitName],
    ['报送期次', f.periodLabel],
    ['截止日期', `${cnDate(f.dueDate)}（北京时间当日24时前）`],
    ['报送时间', `${beijingDateTime(f.submittedAt)}${f.late ? '（逾期报送）' : ''}`],
    ['报送人', f.submittedBy],
    ['版本', f.versions > 1 ? `第${f.versionNo}版（共${f.versions}版）` : `第${f.versionNo}版`],
    ['审核状态', f.stateLabel],
    ['审核通过时间', f.approvedAt ? `${beijingDateTime(f.approvedAt)}${f.approvedBy ? `（${f.approvedBy}）` : ''}` : '—'],
  ];
  children.push(table(['项目', '内容'], facts));
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];
  f.sections.forEach((s, i) => {
    children.push(heading(`${cn[i] ?? String(i + 1)}、${s.label}`));
    if (s.kind === 'auto') children.push(...(s.source === 'hazard_month' ? hazardMonthBlocks(f.content[s.key]) : contentBlocks(f.content[s.key])));
    else {
      const text = (f.narrative[s.key] ?? '').trim();
      if (!text) children.push(body('（未填写）'));
      else for (const para of text.split(/\r?\n+/)) if (para.trim()) children.push(body(para.trim()));
    }
  });
  if (f.attachments.length) {
    children.push(heading('附件'));
    f.attachments.forEach((a, i) => children.push(plain(`${i + 1}. ${a}`)));
  }
  if (f.returns.length) {
    children.push(heading('审核意见'));
    for (const r of f.returns) children.push(body(`${beijingDateTime(r.at)} ${r.by} 退回第${r.versionNo}版：${r.comment}`));
  }
  children.push(new Paragraph({ text: '' }), plain(f.unitName, { right: true }), plain(cnDate(shanghaiDay(f.submittedAt)), { right: true }));
  children.push(new Paragraph({ children: [new TextRun({ text: `（由校安平台于 ${beijingDateTime(f.generatedAt)} 生成）`, size: 18, color: '808080' })] }));
  return Packer.toBuffer(documentOf(children));
}

const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------
// A period's completeness and timeliness

export type RollupSummaryFacts = {
  title: string;
  bureauName: string;
  typeName: string;
  periodLabel: string;
  dueDate: string;
  ruleText: string;
  totals: { expected: number; submitted: number; onTime: number; late: number; missing: number; pending: number; submittedRate: number | null; onTimeRate: number | null };
  areas: readonly { areaName: string; expected: number; submitted: number; onTime: number; late: number; missing: number; submittedRate: number | null; onTimeRate: number | null }[];
  lateUnits: readonly { unitName: string; areaName: string | null; submittedAt: Date | null }[];
  missingUnits: readonly { unitName: string; areaName: string | null; safetyOfficer: string | null; phone: string | null }[];
  pendingUnits: number;
  generatedAt: Date;
  scopeNote: string;
};

export const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export async function rollupSummaryDocx(f: RollupSummaryFacts): Promise<Buffer> {
  const t = f.totals;
  const children: (Paragraph | Table)[] = [title(f.title)];
  children.push(
    body(
      `根据“${f.typeName}”报送要求（${f.ruleText || `截止日期${cnDate(f.dueDate)}`}），${f.periodLabel}应报送单位${t.expected}个，已报送${t.submitted}个，其中按时报送${t.onTime}个、逾期报送${t.late}个；` +
        `逾期未报送${t.missing}个${t.pending ? `，尚未到截止日期未报送${t.pending}个` : ''}。报送率${pct(t.submittedRate)}，及时率${pct(t.onTimeRate)}。`,
    ),
  );
  children.push(heading('一、报送情况统计'));
  children.push(
    table(
      ['范围', '应报送', '已报送', '按时', '逾期报送', '未报送', '报送率', '及时率'],
      [
        ...f.areas.map((a) => [a.areaName, String(a.expected), String(a.submitted), String(a.onTime), String(a.late), String(a.missing), pct(a.submittedRate), pct(a.onTimeRate)]),
        [f.scopeNote, String(t.expected), String(t.submitted), String(t.onTime), String(t.late), String(t.missing), pct(t.submittedRate), pct(t.onTimeRate)],
      ],
    ),
  );
  children.push(heading('二、逾期报送单位'));
  if (f.lateUnits.length === 0) children.push(body('无。'));
  else children.push(table(['序号', '单位', '片区', '报送时间'], f.lateUnits.map((u, i) => [String(i + 1), u.unitName, u.areaName ?? '—', u.submittedAt ? beijingDateTime(u.submittedAt) : '—'])));
  children.push(heading('三、未报送单位'));
  if (f.missingUnits.length === 0) children.push(body(t.pending ? '暂无逾期未报送单位（尚未到截止日期的单位不计入）。' : '无。'));
  else
    children.push(
      table(['序号', '单位', '片区', '安全管理员', '联系电话'], f.missingUnits.map((u, i) => [String(i + 1), u.unitName, u.areaName ?? '—', u.safetyOfficer ?? '—', u.phone ?? '—'])),
    );
  children.push(new Paragraph({ text: '' }), plain(f.bureauName, { right: true }), plain(cnDate(shanghaiDay(f.generatedAt)), { right: true }));
  children.push(new Paragraph({ children: [new TextRun({ text: `（统计时间：${beijingDateTime(f.generatedAt)}，北京时间）`, size: 18, color: '808080' })] }));
  return Packer.toBuffer(documentOf(children));
}
