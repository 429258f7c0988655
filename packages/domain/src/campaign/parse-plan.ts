/**
 * parsePlan: propose a campaign from the plain text of a bureau's 实施方案 / 工作方案
 * (as mammoth.extractRawText gives it: one paragraph per line, table cells one per line).
 *
 * Pure and dependency-free. Everything is found by phrase families (see README.md), never by
 * the wording of a particular plan. Every proposed value carries its evidence (source line or
 * sentence with offsets into the input) so a person confirms it before a campaign is created.
 */
import { findDates, isValidIso, parseFullDate, yearsMentioned, type DateMention } from './dates.js';
import { readNumbering, type Numbering } from './numbering.js';
import {
  PLAN_FIELD_LABELS,
  type Evidence,
  type ParsePlanOptions,
  type PlanField,
  type PlanProposal,
  type Proposed,
  type ProposedIndicator,
  type ProposedReportingRule,
  type ProposedStage,
  type ProposedTask,
  type ProposedTeam,
  type ReportingKind,
} from './plan.types.js';

// ───────────────────────────── lines ─────────────────────────────

type Line = {
  index: number;
  /** offset of the raw line */
  start: number;
  raw: string;
  /** content without leading [bookmark: …] markers and surrounding whitespace */
  text: string;
  textStart: number;
  /** the raw line starts with a tab (a table cell in mammoth's flattening) */
  tab: boolean;
  num: Numbering | null;
  /** text after the numbering marker */
  body: string;
  bodyStart: number;
};

const RE_LEADING_JUNK = /^(?:[\s\u3000\ufeff]|\[bookmark:[^\]]*\])+/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  for (const rawWithCr of text.split('\n')) {
    const raw = rawWithCr.endsWith('\r') ? rawWithCr.slice(0, -1) : rawWithCr;
    const lead = RE_LEADING_JUNK.exec(raw)?.[0].length ?? 0;
    const content = raw.slice(lead).replace(/[\s\u3000]+$/, '');
    const num = content ? readNumbering(content) : null;
    const numLen = num?.length ?? 0;
    lines.push({
      index,
      start,
      raw,
      text: content,
      textStart: start + lead,
      tab: raw.startsWith('\t'),
      num,
      body: content.slice(numLen),
      bodyStart: start + lead + numLen,
    });
    start += rawWithCr.length + 1;
    index++;
  }
  return lines;
}

function evLine(l: Line): Evidence {
  return { text: l.text, start: l.textStart, end: l.textStart + l.text.length };
}

function evLines(a: Line, b: Line): Evidence {
  const end = b.textStart + b.text.length;
  return { text: '', start: a.textStart, end };
}

function withText(src: string, e: Evidence): Evidence {
  return { text: src.slice(e.start, e.end), start: e.start, end: e.end };
}

/** The sentence (bounded by 。！？；or a line break) around offset `pos`. */
function sentenceAt(src: string, pos: number, endPos = pos): Evidence {
  let s = pos;
  while (s > 0 && !/[。！？；\n]/.test(src[s - 1] ?? '')) s--;
  let e = endPos;
  while (e < src.length && !/[。！？；\n]/.test(src[e] ?? '')) e++;
  if (e < src.length && src[e] !== '\n') e++;
  while (s < e && /[\s\u3000]/.test(src[s] ?? '')) s++;
  const lead = /^(?:\[bookmark:[^\]]*\])+/.exec(src.slice(s, e));
  if (lead) s += lead[0].length;
  return { text: src.slice(s, e), start: s, end: e };
}

// ───────────────────────────── helpers ─────────────────────────────

const QUOTES = /[“”"‘’'「」『』《》〈〉]/g;

/** Normalise for comparisons: drop spaces, quotes and punctuation; full-width → ASCII. */
export function normalizeText(s: string): string {
  return s
    .replace(/[！-～]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(QUOTES, '')
    .replace(/[，,。.、；;：:！!？?（）()【】\[\]〔〕\-—–~～·]/g, '')
    .toLowerCase();
}

function truncate(s: string, max: number): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const cut = t.lastIndexOf('。', max);
  if (cut >= max * 0.5) return t.slice(0, cut + 1);
  return `${t.slice(0, max)}…`;
}

function stripTrailingPunct(s: string): string {
  return s.replace(/[。；;，,：:、\s]+$/, '').replace(/^[：:，,\s]+/, '');
}

const ORG_END = /(科|室|办|局|中心|委|处|部|队|所|站|院|会|组|校|园|厅|府|团|司|馆|部门|单位|学校|机关|集团)$/;

/** Split a list of units: 、，,；/ and 和/及/与 between unit names (not inside 住房和城乡建设局). */
export function splitUnits(raw: string): string[] {
  const out: string[] = [];
  for (const piece of raw.split(/[、，,；;／/\n]+/)) {
    let rest = piece.replace(QUOTES, '').trim();
    if (!rest) continue;
    const parts: string[] = [];
    for (;;) {
      const m = /(以及|及|和|与)/.exec(rest);
      if (!m) break;
      const left = rest.slice(0, m.index);
      const right = rest.slice(m.index + m[0].length);
      if (ORG_END.test(left) && right.length >= 2) {
        parts.push(left);
        rest = right;
      } else {
        // look for a later conjunction
        const later = /(以及|及|和|与)/g;
        later.lastIndex = m.index + 1;
        let found = false;
        let mm: RegExpExecArray | null;
        while ((mm = later.exec(rest))) {
          const l2 = rest.slice(0, mm.index);
          const r2 = rest.slice(mm.index + mm[0].length);
          if (ORG_END.test(l2) && r2.length >= 2) {
            parts.push(l2);
            rest = r2;
            found = true;
            break;
          }
        }
        if (!found) break;
      }
    }
    parts.push(rest);
    for (const p of parts) {
      const t = p.replace(/^(由|请|各级)/, '').trim();
      if (t) out.push(t);
    }
  }
  return out;
}

const COOP_SUFFIX =
  /(按照?职责分工(?:负责|落实|配合)?|按照?职责(?:负责|配合|落实)?|分工负责|分别负责|共同负责|负责配合|配合实施|配合落实|协同配合|配合|参与|协助|协同|负责|落实|实施)$/;

function cleanCooperating(raw: string): string[] {
  let s = stripTrailingPunct(raw.replace(QUOTES, ''));
  for (let k = 0; k < 3; k++) s = stripTrailingPunct(s.replace(COOP_SUFFIX, ''));
  if (!s) return [];
  // 基教科、综教科、体卫艺科等相关科室 → the named ones; 各相关科室 stays as written
  const etc = /^(.+?)等(?:相关|有关)?(科室|部门|单位|处室)?$/.exec(s);
  if (etc && etc[1] && /[、，,]/.test(etc[1])) s = etc[1];
  else if (etc && etc[1] && ORG_END.test(etc[1])) s = etc[1];
  return splitUnits(s).filter((u) => u.length <= 30);
}

function cleanLeads(raw: string): string[] {
  const s = stripTrailingPunct(raw.replace(QUOTES, '').replace(/^(由|请)/, ''));
  return splitUnits(s).filter((u) => u.length >= 2 && u.length <= 30);
}

type LeadMatch = { leads: string[]; cooperating: string[]; start: number; end: number };

/**
 * 牵头 / 责任 phrases in a piece of text (offsets relative to it):
 * （X牵头，Y按职责分工负责） · X牵头，Y配合 · 牵头单位：X · 责任科室：X、Y · 配合单位：Y · （X负责）.
 */
export function findLeads(text: string): LeadMatch | null {
  const leads: string[] = [];
  const coop: string[] = [];
  let start = Infinity;
  let end = -1;
  const note = (s: number, e: number) => {
    start = Math.min(start, s);
    end = Math.max(end, e);
  };
  const LABEL_LEAD =
    /(牵头单位|牵头部门|牵头科室|牵头处室|责任单位|责任科室|责任部门|责任处室|主责单位|主责部门|责任主体)\s*[：:]\s*([^。；;\n）)]+)/g;
  const LABEL_COOP = /(配合单位|配合部门|配合科室|配合处室|协办单位|协同单位|协同部门|参与单位|参与部门|协助单位)\s*[：:]\s*([^。；;\n）)]+)/g;
  for (const m of text.matchAll(LABEL_LEAD)) {
    leads.push(...cleanLeads(m[2] ?? ''));
    note(m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(LABEL_COOP)) {
    coop.push(...cleanCooperating(m[2] ?? ''));
    note(m.index, m.index + m[0].length);
  }
  if (leads.length === 0) {
    const RE_QIANTOU = /([^（(，,。；;：:\n]{2,60}?)牵头(?!单位|部门|科室|处室|人|领导)(?:负责|落实|实施|组织|抓总)?\s*([，,；;、]\s*([^。；;\n）)]*))?/g;
    for (const m of text.matchAll(RE_QIANTOU)) {
      const who = (m[1] ?? '').replace(/^.*?(由|请)/, '');
      const units = cleanLeads(who);
      if (units.length === 0 || !units.every((u) => ORG_END.test(u) || u.length <= 8)) continue;
      leads.push(...units);
      if (m[3]) coop.push(...cleanCooperating(m[3]));
      note(m.index, m.index + m[0].length);
    }
  }
  if (leads.length === 0) {
    // （X负责） / （X、Y负责）
    const RE_PAREN = /[（(]([^（）()。]{2,40}?)(?:按职责)?(?:负责|落实)[。.]?[）)]/g;
    for (const m of text.matchAll(RE_PAREN)) {
      const units = cleanLeads(m[1] ?? '');
      if (units.length === 0 || !units.every((u) => ORG_END.test(u))) continue;
      leads.push(...units);
      note(m.index, m.index + m[0].length);
    }
  }
  if (leads.length === 0 && coop.length === 0) return null;
  return { leads: dedupe(leads), cooperating: dedupe(coop), start, end };
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

// ───────────────────────────── domains ─────────────────────────────

const DOMAIN_KEYWORDS: [string, RegExp][] = [
  ['lab_chemicals', /实验室|危化品|危险化学品|化学品/],
  ['fire', /消防|火灾|防火/],
  ['traffic_bus', /校车|交通/],
  ['food', /食品|食堂|餐饮|饮用水/],
  ['gas', /燃气/],
  ['ebike', /电动自行车|电动车|电瓶车/],
  ['buildings', /校舍|建筑|危房|设施设备|施工|房屋/],
  ['internship', /实习|实训/],
  ['mental_health', /心理/],
  ['natural_disaster', /自然灾害|防汛|防台|地震|地质灾害|防灾减灾|极端天气|溺水/],
  ['network', /网络安全|网络信息|舆情/],
  ['stability', /涉稳|维稳|稳定风险|意识形态|信访|政治安全/],
  ['security', /治安|安保|保安|门卫|三防|人防|技防|物防|欺凌|安防/],
];

/** HazardDomain codes a phrase names, in order of first appearance. */
export function domainsIn(text: string): string[] {
  const hits: [number, string][] = [];
  for (const [code, re] of DOMAIN_KEYWORDS) {
    const m = re.exec(text);
    if (m) hits.push([m.index, code]);
  }
  return hits.sort((a, b) => a[0] - b[0]).map((h) => h[1]);
}

// ───────────────────────────── blocks (sections) ─────────────────────────────

type Block = { head: Line; from: number; to: number; rank: number };

const RE_ANNEX = /^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?/;

function headTitle(l: Line): string {
  const b = l.num ? l.body : l.text;
  const cut = b.search(/[。：:（(]/);
  return (cut >= 0 ? b.slice(0, cut) : b).slice(0, 30);
}

/** Sections whose heading matches `re`; a section ends at the next heading of the same or an outer rank. */
function findBlocks(lines: Line[], re: RegExp): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    let rank: number;
    if (l.num && l.num.style !== 'circled') {
      rank = l.num.rank;
    } else if (!l.num && !l.tab && l.text.length > 0 && l.text.length <= 14 && !/[。，]/.test(l.text)) {
      rank = 1; // an unnumbered short heading such as 实施步骤
    } else continue;
    if (!re.test(headTitle(l))) continue;
    let to = l.index + 1;
    for (; to < lines.length; to++) {
      const x = lines[to];
      if (!x) break;
      if (x.num && x.num.style !== 'circled' && x.num.rank <= rank && !x.tab) break;
      if (RE_ANNEX.test(x.text) && !x.tab) break;
    }
    out.push({ head: l, from: l.index + 1, to, rank });
  }
  return out;
}

type Item = { line: Line; to: number; children: Item[]; parent: Item | null };

/** Numbered items in a block as a tree (by rank), ignoring ① sub-points. */
function itemsOf(lines: Line[], b: Block, opts: { skipTab?: boolean } = {}): Item[] {
  const flat: Line[] = [];
  for (let i = b.from; i < b.to; i++) {
    const l = lines[i];
    if (!l?.num || l.num.style === 'circled' || l.num.rank <= b.rank) continue;
    if (opts.skipTab && l.tab) continue;
    flat.push(l);
  }
  const roots: Item[] = [];
  const stack: Item[] = [];
  flat.forEach((l, k) => {
    const next = flat[k + 1];
    const item: Item = { line: l, to: next ? next.index : b.to, children: [], parent: null };
    while (stack.length && (stack[stack.length - 1]?.line.num?.rank ?? 0) >= (l.num?.rank ?? 0)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      item.parent = parent;
      parent.children.push(item);
    } else roots.push(item);
    stack.push(item);
  });
  // an item's text runs until its next sibling/outer item
  const fix = (items: Item[], end: number) => {
    items.forEach((it, k) => {
      const nxt = items[k + 1];
      const itemEnd = nxt ? nxt.line.index : end;
      const firstChild = it.children[0];
      it.to = firstChild ? firstChild.line.index : itemEnd;
      fix(it.children, itemEnd);
    });
  };
  fix(roots, b.to);
  return roots;
}

function leaves(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of items) {
    if (it.children.length) out.push(...leaves(it.children));
    else out.push(it);
  }
  return out;
}

/** The text of an item's own lines (title line + unnumbered paragraphs before its first child). */
function itemBody(lines: Line[], it: Item): { text: string; last: Line } {
  const parts: string[] = [it.line.body];
  let last = it.line;
  for (let i = it.line.index + 1; i < it.to; i++) {
    const l = lines[i];
    if (!l || l.tab) break;
    if (RE_ANNEX.test(l.text)) break;
    if (l.text) {
      parts.push(l.text);
      last = l;
    }
  }
  return { text: parts.join('\n'), last };
}

/** Title = the heading phrase before the first 。/：, else the short line itself. */
function splitTitle(body: string): { title: string; rest: string } {
  const firstLine = body.split('\n')[0] ?? '';
  const restLines = body.slice(firstLine.length).replace(/^\n/, '');
  const cut = firstLine.search(/[。：:！]/);
  if (cut > 0 && cut <= 45) {
    return { title: stripTrailingPunct(firstLine.slice(0, cut)), rest: `${firstLine.slice(cut + 1)}\n${restLines}`.trim() };
  }
  if (firstLine.length <= 45) return { title: stripTrailingPunct(firstLine), rest: restLines.trim() };
  const comma = firstLine.search(/[，,；;]/);
  const title = comma > 0 && comma <= 30 ? firstLine.slice(0, comma) : `${firstLine.slice(0, 30)}…`;
  return { title: stripTrailingPunct(title), rest: body.trim() };
}

// ───────────────────────────── header fields ─────────────────────────────

const RE_DOCNO =
  /([\u4e00-\u9fa5]{1,12})\s*[〔\[【(（［]\s*([0-9０-９]{4})\s*[〕\]】)）］]\s*([0-9０-９]{1,4})\s*号/;

function findDocNumber(lines: Line[]): Proposed<string> | null {
  for (const l of lines) {
    if (!l.text || l.tab) continue;
    const labelled = /^(?:文\s*号|发文字号)\s*[：:]\s*(.+)$/.exec(l.text);
    const candidate = labelled ? (labelled[1] ?? '') : l.text;
    const m = RE_DOCNO.exec(candidate);
    if (!m) continue;
    const standalone = candidate.replace(/[\s\u3000]/g, '') === m[0].replace(/[\s\u3000]/g, '');
    if (!standalone && !labelled) continue;
    const digits = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    const value = `${m[1]}〔${digits(m[2] ?? '')}〕${digits(m[3] ?? '')}号`;
    return { value, evidence: evLine(l) };
  }
  return null;
}

const RE_STANDALONE_DATE = /^[0-9０-９〇零一二三四五六七八九十OＯ\s\u3000]+年[0-9０-９〇零一二三四五六七八九十\s\u3000]+月[0-9０-９〇零一二三四五六七八九十\s\u3000]+日$/;

function findIssuedOn(lines: Line[]): { p: Proposed<string>; line: Line } | null {
  for (const l of lines) {
    if (l.tab) continue;
    const labelled = /^(?:印发日期|发文日期|成文日期|签发日期)\s*[：:]\s*(.+)$/.exec(l.text);
    const t = labelled ? (labelled[1] ?? '') : l.text;
    if (!labelled && !RE_STANDALONE_DATE.test(t)) continue;
    const iso = parseFullDate(t);
    if (iso && isValidIso(iso)) return { p: { value: iso, evidence: evLine(l) }, line: l };
  }
  return null;
}

const RE_ORG =
  /^[\u4e00-\u9fa5（）()]{2,40}?(教育局|教育委员会|教委|教育厅|教育部|委员会|人民政府|政府|办公室|办公厅|领导小组|教育体育局|教体局|文体局|教育和体育局|社会事业局|中心)$/;
const RE_ORG_SUFFIX = /(教育局|教育委员会|教委|教育厅|委员会|人民政府|办公室|领导小组|教育体育局|教体局|教育和体育局)/;
const RE_ORG_PREFIX =
  /^([\u4e00-\u9fa5]{2,30}?(?:教育局|教育委员会|教委|教育厅|专业委员会|委员会|人民政府|办公室|领导小组|教育体育局|教体局|教育和体育局))/;

function prevNonBlank(lines: Line[], i: number): Line | null {
  for (let k = i - 1; k >= 0; k--) {
    const l = lines[k];
    if (l?.text) return l;
  }
  return null;
}

function findIssuer(lines: Line[], issued: Line | null, title: Proposed<string> | null, src: string): Proposed<string> | null {
  // 1. the signature just above the date
  if (issued) {
    const p = prevNonBlank(lines, issued.index);
    if (p && RE_ORG.test(p.text.replace(/[\s\u3000]/g, ''))) return { value: p.text.replace(/[\s\u3000]/g, ''), evidence: evLine(p) };
  }
  // 2. the red header 「XX文件」
  for (const l of lines.slice(0, 15)) {
    const m = /^(.{3,40}?)\s*文\s*件$/.exec(l.text.replace(/[\u3000]/g, ''));
    if (m && RE_ORG.test((m[1] ?? '').replace(/\s/g, ''))) return { value: (m[1] ?? '').replace(/\s/g, ''), evidence: evLine(l) };
  }
  // 3. 「XX关于印发…的通知」
  for (const l of lines.slice(0, 40)) {
    const m = /^(.{3,40}?)关于/.exec(l.text);
    if (m && RE_ORG.test(m[1] ?? '')) return { value: m[1] ?? '', evidence: evLine(l) };
    if (RE_ORG.test(l.text) && /^关于/.test(lines[l.index + 1]?.text ?? '')) return { value: l.text, evidence: evLine(l) };
  }
  // 4. the plan title begins with the issuing body (苏州工业园区…专业委员会2020年度…方案)
  if (title) {
    // the title's first line on its own is the body (苏州工业园区…专业委员会 / 2020年度…方案)
    const firstLine = title.evidence.text.split('\n')[0]?.replace(/[\s\u3000]/g, '') ?? '';
    if (firstLine.length < title.value.length && RE_ORG.test(firstLine) && title.value.startsWith(firstLine)) {
      return { value: firstLine, evidence: title.evidence };
    }
    // else the longest org-like prefix followed by a year or 关于
    const v = title.value;
    let best: string | null = null;
    for (const m of v.matchAll(new RegExp(RE_ORG_SUFFIX.source, 'g'))) {
      const end = m.index + m[0].length;
      const cand = v.slice(0, end);
      if (cand.length > 30 || !/^[0-9〇零一二三四五六七八九]|^关于/.test(v.slice(end))) continue;
      if (RE_ORG_PREFIX.test(cand)) best = cand;
    }
    if (best) return { value: best, evidence: title.evidence };
  }
  return null;
}

const RE_PLAN_END = /(方案|计划|意见|办法|规划|要点|细则|安排)$/;

function findTitle(lines: Line[], src: string): Proposed<string> | null {
  // 1. 现将《X》印发 / 关于印发《X》的通知
  for (const l of lines.slice(0, 60)) {
    const m = /(?:现将|特将|今将|^关于印发)《([^》]{4,80})》/.exec(l.text);
    if (m && m[1]) {
      const inner = m[1].replace(/[〈〉]/g, '');
      if (RE_PLAN_END.test(inner)) return { value: inner, evidence: sentenceAt(src, l.textStart + m.index) };
    }
  }
  // 2. a standalone heading line ending in 方案/计划/…, joined with the short lines above it
  for (const l of lines) {
    if (!l.text || l.num || l.tab || l.text.length > 60) continue;
    if (/[。，,；;：:]/.test(l.text) || RE_ANNEX.test(l.text) || /^(根据|按照|为)/.test(l.text)) continue;
    if (!RE_PLAN_END.test(l.text) || /通知$/.test(l.text)) continue;
    let first = l;
    const parts = [l.text];
    for (let k = l.index - 1; k >= 0 && parts.length < 3; k--) {
      const p = lines[k];
      if (!p || !p.text || p.num || p.tab || p.text.length > 40 || /[。，,；;：:]/.test(p.text) || RE_ANNEX.test(p.text)) break;
      if (/文\s*件$/.test(p.text) || RE_DOCNO.test(p.text)) break;
      parts.unshift(p.text);
      first = p;
    }
    const value = parts.join('').replace(/[\s\u3000]+/g, '');
    if (value.length < 6) continue;
    return { value, evidence: withText(src, evLines(first, l)) };
  }
  // 3. 关于印发X的通知 (X without book-title marks, possibly over several lines)
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const l = lines[i];
    if (!l?.text || !/关于印发/.test(l.text)) continue;
    let joined = l.text;
    let last = l;
    for (let k = i + 1; k < lines.length && k <= i + 3 && !/的通知$/.test(joined); k++) {
      const n = lines[k];
      if (!n?.text) break;
      joined += n.text;
      last = n;
    }
    const m = /关于印发[《〈]?(.+?)[》〉]?的通知$/.exec(joined.replace(/[\s\u3000]/g, ''));
    if (m && m[1]) return { value: m[1], evidence: withText(src, evLines(l, last)) };
  }
  return null;
}

// ───────────────────────────── stages ─────────────────────────────

const RE_STAGE_HEAD =
  /(时间安排|实施步骤|工作步骤|方法步骤|步骤安排|工作阶段|进度安排|时间步骤|实施阶段|推进步骤|阶段安排|时间节点|工作进度|实施进度|时序安排|阶段划分|步骤与时间|时间与步骤|时间和步骤|步骤和时间|工作安排|推进安排|整治步骤|行动步骤|实施安排|时间进度)/;

type StageDraft = { p: Proposed<ProposedStage>; line: Line; to: number };

function parseStageItem(
  lines: Line[],
  it: Item,
  yearRef: { year: number | null },
  anchor: string | null,
  src: string,
): StageDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const first = body.split('\n')[0] ?? '';
  let name = '';
  let dateSrc = '';
  let rest = '';
  const paren = /[（(]([^（）()]*)[）)]/.exec(first);
  const stop = first.search(/[（(。：:；;，,]/);
  name = stop >= 0 ? first.slice(0, stop) : first;
  if (paren && findDates(paren[1] ?? '', { year: yearRef.year, anchor }).length > 0) {
    dateSrc = paren[1] ?? '';
    if (!name.trim()) name = first.slice(paren.index + paren[0].length).replace(/^[：:。，,\s]+/, '').split(/[。，,；;：:]/)[0] ?? '';
    rest = first.slice(paren.index + paren[0].length);
  } else {
    const sentenceEnd = first.search(/[。；;]/);
    dateSrc = sentenceEnd >= 0 ? first.slice(0, sentenceEnd) : first;
    rest = stop >= 0 ? first.slice(stop) : '';
  }
  // a leading date as the name (2022年7月—2024年12月：全面建设) → name after it
  const leadDates = findDates(name, { year: yearRef.year, anchor });
  if (leadDates.length && leadDates[0]?.index === 0) {
    const after = name.slice(leadDates[0]?.endIndex ?? 0).replace(/^[，,：:\s]+/, '');
    if (!dateSrc || dateSrc === first) dateSrc = name;
    name = after || (rest.replace(/^[，,：:。\s]+/, '').split(/[。，,；;：:]/)[0] ?? '');
  }
  name = stripTrailingPunct(name.replace(QUOTES, ''));
  if (name.length > 2) name = name.replace(/阶段$/, '');
  if (!name || name.length > 30) return null;
  const mentions = findDates(dateSrc, { year: yearRef.year, anchor });
  let start: string | null = null;
  let end: string | null = null;
  const m0: DateMention | undefined = mentions[0];
  if (m0) {
    start = m0.from;
    end = m0.to;
    const m1 = mentions[1];
    if (m1 && m0.startOnly) end = m1.to;
    const y = (end ?? start)?.slice(0, 4);
    if (y && m0.explicitYear) yearRef.year = Number(y);
  }
  const goals = truncate(
    [rest.replace(/^[）)。：:，,\s]+/, ''), ...body.split('\n').slice(1)].join('\n').replace(/^[。：:，,\s]+/, ''),
    300,
  );
  return {
    p: { value: { name, start, end, goals }, evidence: withText(src, evLines(it.line, last)) },
    line: it.line,
    to: it.to,
  };
}

// ───────────────────────────── tasks ─────────────────────────────

const RE_TASK_HEAD =
  /(主要任务|重点任务|工作任务|整治重点|重点内容|重点工作|工作重点|主要内容|重点项目|整治任务|整治内容|主要工作|工作内容|具体任务|重点整治|治理重点|任务分工|任务清单|重点举措|主要举措|工作措施|主要措施|具体措施)/;

type TaskDraft = { p: Proposed<ProposedTask>; titleNorm: string };

function taskFromItem(lines: Line[], it: Item, src: string, ctx: DateCtx): TaskDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const { title, rest } = splitTitle(body);
  if (!title) return null;
  const lead = findLeads(body);
  let description = rest;
  if (lead) {
    // drop the 牵头 clause (and its brackets) from the description
    const clause = body.slice(lead.start, lead.end);
    description = description.replace(clause, '').replace(/[（(]\s*[）)]/g, '').replace(/[（(][。.]?[）)]/g, '');
  }
  const parents: string[] = [];
  for (let p = it.parent; p; p = p.parent) parents.push(splitTitle(p.line.body).title);
  const domain = domainsIn(title)[0] ?? domainsIn(parents.join(' '))[0] ?? domainsIn(description.slice(0, 60))[0] ?? null;
  const deadlineMention = findDates(body, { year: ctx.year, anchor: ctx.anchor }).find((d) => d.deadline && d.to);
  return {
    p: {
      value: {
        title,
        description: truncate(description.replace(/\n+/g, '\n'), 300),
        leads: lead?.leads ?? [],
        cooperating: lead?.cooperating ?? [],
        deadline: deadlineMention?.to ?? null,
        stageIndex: null,
        domain,
      },
      evidence: withText(src, evLines(it.line, last)),
    },
    titleNorm: normalizeText(title),
  };
}

// ─── tables flattened one cell per line (e.g. 工程 / 序号 / 重点项目 / 主要内容 / 牵头单位 / 责任分工 / 建设周期) ───

const RE_HEADER_CELL =
  /^(序号|编号|工程|类别|类型|领域|板块|项目|重点项目|工作项目|任务|工作任务|主要任务|重点任务|具体任务|任务名称|事项|工作事项|主要内容|工作内容|任务内容|具体内容|内容|工作措施|具体措施|工作目标|目标任务|.{0,6}牵头.{0,4}|.{0,6}责任.{0,4}|.{0,6}配合.{0,4}|.{0,4}协同.{0,4}|完成时[间限]|时间节点|时限|时间要求|完成期限|建设周期|周期|进度安排|时间|备注)(（[^）]*）|\([^)]*\))?$/;

type Cell = { text: string; first: Line; last: Line };
type TableRow = { cells: Map<string, Cell>; first: Line; last: Line };
type Table = { headers: string[]; rows: TableRow[] };

function findTables(lines: Line[]): Table[] {
  const tables: Table[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i];
    if (!l || !l.text || !RE_HEADER_CELL.test(l.text)) {
      i++;
      continue;
    }
    const header: Line[] = [];
    let k = i;
    while (k < lines.length) {
      const h = lines[k];
      if (!h || !h.text || !RE_HEADER_CELL.test(h.text) || h.text.length > 14) break;
      header.push(h);
      k++;
    }
    const names = header.map((h) => h.text.replace(/[\s\u3000]/g, ''));
    const hasLead = names.some((n) => /牵头|责任|配合|分工/.test(n));
    const hasTitle = names.some((n) => /项目|任务|事项|内容|措施/.test(n));
    if (header.length < 3 || !hasLead || !hasTitle) {
      i = k + 1;
      continue;
    }
    const tabMode = header.every((h) => h.tab);
    // collect cells until the table ends (a numbered outer heading or an annex line outside the table)
    const cells: Cell[] = [];
    let j = k;
    for (; j < lines.length; j++) {
      const c = lines[j];
      if (!c) break;
      if (!c.tab && c.num && c.num.rank <= 2) break;
      if (!c.tab && RE_ANNEX.test(c.text)) break;
      if (tabMode) {
        if (c.tab) cells.push({ text: c.text, first: c, last: c });
        else if (c.text) {
          const prev = cells[cells.length - 1];
          if (prev) {
            prev.text = prev.text ? `${prev.text}\n${c.text}` : c.text;
            prev.last = c;
          } else break;
        }
      } else if (c.text) cells.push({ text: c.text, first: c, last: c });
    }
    const n = names.length;
    const serialCol = names.findIndex((x) => /^(序号|编号)$/.test(x));
    const rowsCells: Cell[][] = [];
    if (serialCol >= 0) {
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
    } else {
      for (let s = 0; s + n <= cells.length; s += n) rowsCells.push(cells.slice(s, s + n));
    }
    const leadCol = names.findIndex((x) => /牵头|责任|分工|配合/.test(x));
    const rows: TableRow[] = [];
    for (const rc of rowsCells) {
      let row = rc;
      if (row.length > n && leadCol >= 0) {
        // extra cells (multi-paragraph cells without tabs): fold them into the responsibility columns
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
      if (f && lastCell) rows.push({ cells: map, first: f.first, last: lastCell.last });
    }
    tables.push({ headers: names, rows });
    i = Math.max(j, k + 1);
  }
  return tables;
}

function tasksFromTable(t: Table, src: string, ctx: DateCtx): TaskDraft[] {
  const h = t.headers;
  const titleCol = h.find((x) => /项目|任务|事项/.test(x) && !/内容|措施/.test(x)) ?? null;
  const contentCol = h.find((x) => /内容|措施|目标/.test(x)) ?? null;
  const respCols = h.filter((x) => /牵头|责任|主责|分工/.test(x));
  const coopCols = h.filter((x) => /配合|协同|参与|协办/.test(x));
  // with two responsibility columns (区牵头单位 + 教育局责任分工) the bureau-internal one leads
  const internal = respCols.find((x) => /分工|科室|处室|局/.test(x));
  const leadCol = respCols.length > 1 && internal ? internal : respCols[0] ?? null;
  const otherResp = respCols.filter((x) => x !== leadCol);
  const dueCol = h.find((x) => /时[间限]|周期|节点|期限|进度/.test(x)) ?? null;
  const groupCol = h.find((x) => /工程|类别|类型|领域|板块/.test(x)) ?? null;
  const out: TaskDraft[] = [];
  let group = '';
  for (const r of t.rows) {
    const cell = (c: string | null) => (c ? (r.cells.get(c)?.text ?? '') : '');
    if (groupCol && cell(groupCol).trim()) group = cell(groupCol).replace(/\n/g, '');
    const content = cell(contentCol);
    let title = stripTrailingPunct(cell(titleCol).replace(/\n/g, ''));
    if (!title) title = splitTitle(content).title;
    if (!title) continue;
    const leads = leadCol ? cleanLeads(cell(leadCol)) : [];
    const coop = [...otherResp, ...coopCols].flatMap((c) => cleanCooperating(cell(c)));
    const due = findDates(cell(dueCol), { year: ctx.year, anchor: ctx.anchor });
    const lastDue = due[due.length - 1];
    out.push({
      p: {
        value: {
          title,
          description: truncate(content.replace(/\n+/g, ''), 300),
          leads,
          cooperating: dedupe(coop),
          deadline: lastDue?.to ?? null,
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

// ───────────────────────────── reporting rules ─────────────────────────────

const RE_REPORT_VERB =
  /报送|上报|报告|提交|上传|汇总|呈报|报至|报到|报给|报备|报[^，。；;\n]{0,20}?(?:办公室|室|局|委|组|科|处|中心)/;

type Cadence = { kind: ReportingKind; index: number; length: number; day: number | null; month: number | null; due: string | null };

function cadencesIn(s: string, ctx: DateCtx): Cadence[] {
  const found: Cadence[] = [];
  const add = (re: RegExp, f: (m: RegExpExecArray) => Omit<Cadence, 'index' | 'length'> | null) => {
    for (const m of s.matchAll(new RegExp(re.source, 'g'))) {
      const v = f(m as RegExpExecArray);
      if (v) found.push({ ...v, index: m.index, length: m[0].length });
    }
  };
  const num = (x: string | undefined) => (x ? Number(x.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))) : null);
  add(/每年前?[一二三四]季度[^，。；]{0,12}?([0-9０-９]{1,2})[日号]/, (m) => ({ kind: 'quarterly', day: num(m[1]), month: null, due: null }));
  add(/每(?:个)?季度(?:末|结束后|第一个月|最后一个月)?(?:的)?(?:([0-9０-９]{1,2})[日号])?/, (m) => ({ kind: 'quarterly', day: num(m[1]), month: null, due: null }));
  add(/每年(?:的)?([0-9０-９]{1,2})月(?:([0-9０-９]{1,2})[日号]|底|末)?/, (m) => ({ kind: 'yearly', day: num(m[2]), month: num(m[1]), due: null }));
  add(/每(?:个)?月(?:的)?(?:([0-9０-９]{1,2})[日号]|底|末|初)?/, (m) => ({ kind: 'monthly', day: num(m[1]), month: null, due: null }));
  add(/每(?:个)?(?:周|星期)/, () => ({ kind: 'weekly', day: null, month: null, due: null }));
  add(/每(?:个)?学期/, () => ({ kind: 'termly', day: null, month: null, due: null }));
  add(/每(?:个)?年度|每年(?![前0-9０-９一二三四])/, () => ({ kind: 'yearly', day: null, month: null, due: null }));
  // one-off deadlines: 于12月25日前报 / 2021年6月底前上报
  for (const d of findDates(s, { year: ctx.year, anchor: ctx.anchor })) {
    if (!d.deadline || !d.to) continue;
    if (/每[年个月]*$/.test(s.slice(Math.max(0, d.index - 3), d.index))) continue;
    found.push({ kind: 'once', index: d.index, length: d.endIndex - d.index, day: null, month: null, due: d.to });
  }
  // overlapping matches: keep the longest, then the earliest
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: Cadence[] = [];
  for (const c of found) {
    const prev = kept[kept.length - 1];
    if (prev && c.index < prev.index + prev.length) continue;
    kept.push(c);
  }
  return kept;
}

function findReportingRules(src: string, ctx: DateCtx): Proposed<ProposedReportingRule>[] {
  const out: Proposed<ProposedReportingRule>[] = [];
  const seen = new Set<string>();
  const re = /[^。！？；;\n]+[。！？；;]?/g;
  for (const m of src.matchAll(re)) {
    const sentence = m[0];
    if (!/每|前/.test(sentence)) continue;
    const cads = cadencesIn(sentence, ctx);
    cads.forEach((c, k) => {
      const next = cads[k + 1];
      const seg = sentence.slice(c.index, next ? next.index : sentence.length);
      if (!RE_REPORT_VERB.test(seg)) return;
      // a once-deadline must be followed by the submission within the same clause-run
      const text = stripTrailingPunct(seg.replace(/[”"]?制度.*$/, '').replace(/[、”"]+$/, '')).slice(0, 100);
      const key = `${c.kind}|${c.day}|${c.month}|${c.due}|${c.kind === 'once' || c.day !== null ? '' : normalizeText(text).slice(0, 6)}`;
      if (seen.has(key)) return;
      seen.add(key);
      const ev = sentenceAt(src, m.index + c.index);
      out.push({
        value: { text, kind: c.kind, dueDate: c.due, dayOfMonth: c.day, month: c.month },
        evidence: ev,
      });
    });
  }
  return out;
}

// ───────────────────────────── indicators ─────────────────────────────

const RE_LEAD_VERBS =
  /^.*(确保完成|确保|努力实现|力争实现|力争|实现|推动|推进|做到|要求|达到|完成|使|并且|并|其中|全面|年底前|年内|逐步|均|要)/;

function cleanIndicatorName(raw: string): string {
  let s = raw.replace(QUOTES, '').replace(/[\s\u3000]/g, '');
  const m = RE_LEAD_VERBS.exec(s);
  if (m && s.length - m[0].length >= 3) s = s.slice(m[0].length);
  return stripTrailingPunct(s);
}

function findIndicators(src: string): Proposed<ProposedIndicator>[] {
  const out: Proposed<ProposedIndicator>[] = [];
  const seen = new Set<string>();
  const push = (name: string, target: number, at: number) => {
    const n = cleanIndicatorName(name);
    if (n.length < 2 || n.length > 30) return;
    const key = normalizeText(n);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ value: { name: n, target, unit: '%' }, evidence: sentenceAt(src, at) });
  };
  const clauseBefore = (s: string, end: number) => {
    let b = end;
    while (b > 0 && !/[，,。；;：:\n！？]/.test(s[b - 1] ?? '')) b--;
    return s.slice(b, end);
  };
  // 「…率、…率“四个100%”」
  for (const m of src.matchAll(/[“"]?([一二三四五六七八九十两]|[0-9])个\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％][”"]?/g)) {
    const names = clauseBefore(src, m.index).split(/[、]/).filter((x) => x.trim());
    for (const nm of names) push(nm, Number(m[2]), m.index);
  }
  // 「X率达（到）100%」, 「A率、B率达100%」, 「X达到95%」
  for (const m of src.matchAll(/(要达到|均达到|均达|达到|达|保持在|保持|做到|不低于|超过|提高到|提升至|提升到)\s*([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]/g)) {
    const before = clauseBefore(src, m.index);
    const items = before.split(/[、]/).filter((x) => x.trim());
    const withRate = items.filter((x) => /率[”"]?$/.test(x.trim()));
    const use = withRate.length ? withRate : items.slice(-1);
    for (const nm of use) push(nm, Number(m[2]), m.index);
  }
  // 「X100%合格/达标/覆盖」
  for (const m of src.matchAll(/([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]\s*(合格|达标|覆盖|完成|落实|到位)/g)) {
    const before = clauseBefore(src, m.index);
    if (!before.trim() || /[一二三四五六七八九十两0-9]个$/.test(before)) continue;
    push(`${cleanIndicatorName(before)}${m[2]}率`, Number(m[1]), m.index);
  }
  // 「100%实现“X”」
  for (const m of src.matchAll(/([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]\s*(?:实现|覆盖|配备|建成|开展)([“"]?[^，。；;、\n]{2,15}?[”"]?)(?=[，。；;、\n]|$)/g)) {
    const x = (m[2] ?? '').replace(QUOTES, '');
    push(`${x}${/率$/.test(x) ? '' : '覆盖率'}`, Number(m[1]), m.index);
  }
  return out;
}

// ───────────────────────────── teams ─────────────────────────────

const RE_TEAM_HEAD =
  /^(第[一二三四五六七八九十0-9０-９]+(?:督查|督导|检查|巡查|工作|包保|联络|指导|专项|暗访|明查暗访)?(?:小组|组)|(?:督查|督导|检查|巡查)[一二三四五六七八九十0-9０-９]+组)/;
const RE_TEAM_LABEL =
  /(副\s*组\s*长|组\s*长|成\s*员|督查单位|督导单位|督查学校|督导学校|联系学校|联系单位|负责学校|分管学校|检查学校|检查单位|包保学校|挂钩学校|对口学校|督查对象|督导对象|检查对象|责任学校|联系片区|督查范围|督导范围)\s*[:：]/g;

function personFromLine(line: string): string | null {
  const t = line.trim();
  if (!t) return null;
  const tokens = t.split(/[\s\u3000]+/).filter(Boolean);
  if (tokens.length === 0) return null;
  const isName = (s: string) => /^[\u4e00-\u9fa5·]{2,4}$/.test(s);
  const t0 = tokens[0] ?? '';
  const t1 = tokens[1] ?? '';
  if (t0.length === 1 && t1.length === 1) return t0 + t1;
  if (isName(t0) && (tokens.length > 1 || t0.length <= 4)) return t0;
  const tl = tokens[tokens.length - 1] ?? '';
  const tl2 = tokens[tokens.length - 2] ?? '';
  if (tl.length === 1 && tl2.length === 1) return tl2 + tl;
  if (isName(tl)) return tl;
  return null;
}

function personsFrom(value: string): string[] {
  const lines = value.split('\n').map((x) => x.trim()).filter(Boolean);
  if (lines.length === 1 && /[、，,]/.test(lines[0] ?? '') && !/[\s\u3000]{2,}/.test(lines[0] ?? '')) {
    return (lines[0] ?? '').split(/[、，,]/).map((x) => x.trim().replace(/[。；;]$/, '')).filter((x) => x && x.length <= 6);
  }
  return lines.map(personFromLine).filter((x): x is string => x !== null);
}

/** Split on 、，, at the top level (not inside brackets). */
export function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (/[（(【\[]/.test(c)) depth++;
    if (/[）)】\]]/.test(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;\n]/.test(c)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((x) => x.replace(/[。.]$/, '')).filter(Boolean);
}

function findTeams(lines: Line[], src: string): Proposed<ProposedTeam>[] {
  const out: Proposed<ProposedTeam>[] = [];
  const heads = lines.filter((l) => l.text && RE_TEAM_HEAD.test(l.text.replace(/[\s\u3000]/g, '')));
  heads.forEach((h, k) => {
    const next = heads[k + 1];
    let endIdx = next ? next.index : lines.length;
    for (let i = h.index + 1; i < endIdx; i++) {
      const l = lines[i];
      if (l && !l.tab && ((l.num && l.num.rank <= 2) || RE_ANNEX.test(l.text))) {
        endIdx = i;
        break;
      }
    }
    const own = lines.slice(h.index, endIdx).filter((l) => l.text);
    const joined = own.map((l) => l.text).join('\n');
    const headMatch = RE_TEAM_HEAD.exec(joined.replace(/[\s\u3000]/g, ''));
    const name = headMatch?.[1] ?? h.text;
    const labels = [...joined.matchAll(RE_TEAM_LABEL)];
    if (labels.length === 0) return;
    let leader: string | null = null;
    const members: string[] = [];
    const schools: string[] = [];
    labels.forEach((lm, j) => {
      const nxt = labels[j + 1];
      const value = joined.slice(lm.index + lm[0].length, nxt ? nxt.index : joined.length);
      const label = (lm[1] ?? '').replace(/\s/g, '');
      if (label === '组长') leader = personsFrom(value)[0] ?? leader;
      else if (label === '副组长' || label === '成员') members.push(...personsFrom(value));
      else schools.push(...splitTopLevel(value.replace(/\n/g, '、')));
    });
    if (!leader && members.length === 0 && schools.length === 0) return;
    const last = own[own.length - 1] ?? h;
    out.push({ value: { name, leader, members, schools }, evidence: withText(src, evLines(h, last)) });
  });
  return out;
}

// ───────────────────────────── main ─────────────────────────────

type DateCtx = { year: number | null; anchor: string | null };

const EXCLUDED_SECTION = /保障|要求|组织|指导思想|原则|领导|意义|背景|机构/;

export function parsePlan(text: string, opts: ParsePlanOptions = {}): PlanProposal {
  const src = text;
  const lines = splitLines(src);

  const docNumber = findDocNumber(lines);
  const issued = findIssuedOn(lines);
  const issuedOn = issued?.p ?? null;
  const title = findTitle(lines, src);
  const issuer = findIssuer(lines, issued?.line ?? null, title, src);

  const today = opts.today && isValidIso(opts.today) ? opts.today : null;
  const todayYear = today ? Number(today.slice(0, 4)) : null;
  const years = yearsMentioned(src).filter((y) => todayYear === null || y <= todayYear + 15);
  const docYear = issuedOn ? Number(issuedOn.value.slice(0, 4)) : years.length ? Math.max(...years) : todayYear;
  const ctx: DateCtx = { year: docYear, anchor: issuedOn?.value ?? today };

  // ── stages
  const stageDrafts: StageDraft[] = [];
  const stageBlocks = findBlocks(lines, RE_STAGE_HEAD);
  const yearRef = { year: docYear };
  let periodFromIntro: Proposed<{ start: string; end: string }> | null = null;
  for (const b of stageBlocks) {
    const items = itemsOf(lines, b);
    for (const it of items) {
      const d = parseStageItem(lines, it, yearRef, ctx.anchor, src);
      if (d) stageDrafts.push(d);
    }
    if (items.length === 0) {
      // dated paragraphs without numbering: 「2022年7月—2024年12月，全面建设。…」
      for (let i = b.from; i < b.to; i++) {
        const l = lines[i];
        if (!l?.text) continue;
        const ds = findDates(l.text, { year: yearRef.year, anchor: ctx.anchor });
        const d0 = ds[0];
        if (!d0 || d0.index !== 0) continue;
        const after = l.text.slice(d0.endIndex).replace(/^[，,：:\s]+/, '');
        const name = stripTrailingPunct(after.split(/[。，,；;：:]/)[0] ?? '');
        if (!name || name.length > 20) continue;
        stageDrafts.push({
          p: { value: { name: name.replace(/阶段$/, ''), start: d0.from, end: d0.to, goals: truncate(after.slice(name.length).replace(/^[。，,：:]/, ''), 300) }, evidence: evLine(l) },
          line: l,
          to: i + 1,
        });
      }
    }
    // the block's intro line: 从2020年12月至2021年12月，分三个阶段。
    const firstItem = items[0]?.line.index ?? b.to;
    for (let i = b.from; i < firstItem && !periodFromIntro; i++) {
      const l = lines[i];
      if (!l?.text) continue;
      const r = findDates(l.text, ctx).find((d) => d.range && d.from && d.to);
      if (r?.from && r.to) periodFromIntro = { value: { start: r.from, end: r.to }, evidence: evLine(l) };
    }
  }
  if (stageDrafts.length === 0) {
    // 第一阶段：… anywhere, or numbered「…阶段（date）」lines
    const yr = { year: docYear };
    const stageLines = lines.filter(
      (l) => l.num && !l.tab && (l.num.style === 'stage' && l.num.word === '阶段' || /^[^。，]{2,16}阶段\s*[（(][^）)]*\d/.test(l.body)),
    );
    for (const l of stageLines) {
      const next = lines.slice(l.index + 1).find((x) => x.num && x.num.rank <= (l.num?.rank ?? 9));
      const it: Item = { line: l, to: next ? next.index : lines.length, children: [], parent: null };
      const d = parseStageItem(lines, it, yr, ctx.anchor, src);
      if (d) stageDrafts.push(d);
    }
  }
  const stages = stageDrafts.map((d) => d.p);

  // ── period
  let period: Proposed<{ start: string; end: string }> | null = periodFromIntro;
  if (!period) {
    const stageLineIdx = new Set(stageDrafts.flatMap((d) => Array.from({ length: d.to - d.line.index }, (_, k) => d.line.index + k)));
    for (const l of lines) {
      if (!l.text || stageLineIdx.has(l.index) || l.tab) continue;
      for (const d of findDates(l.text, ctx)) {
        if (!d.range || !d.from || !d.to) continue;
        const before = l.text.slice(Math.max(0, d.index - 12), d.index);
        // …or the date range opens the paragraph under a heading such as 「二、整治时间」.
        const heading = d.index === 0 ? lines[l.index - 1] : undefined;
        const underTimeHeading = !!heading?.num && heading.text.length <= 20 && /(时间|期限|起止|周期|时段)/.test(heading.text);
        if (!/(时间|期限|为期|起止|从|自|期间|周期)/.test(before) && !underTimeHeading) continue;
        const ev = sentenceAt(src, l.textStart + d.index, l.textStart + d.endIndex);
        period = { value: { start: d.from, end: d.to }, evidence: ev };
        break;
      }
      if (period) break;
    }
  }
  if (!period && title) {
    const y = /([0-9]{4})\s*年度/.exec(title.value) ?? /([0-9]{4})\s*年(?:专项|工作|安全)/.exec(title.value);
    if (y) period = { value: { start: `${y[1]}-01-01`, end: `${y[1]}-12-31` }, evidence: title.evidence };
  }
  if (!period && stages.length) {
    const starts = stages.map((s) => s.value.start).filter((x): x is string => !!x);
    const ends = stages.map((s) => s.value.end).filter((x): x is string => !!x);
    const firstStage = stages[0];
    if (ends.length && firstStage) {
      let start: string | null = firstStage.value.start;
      if (!start) {
        const fe = firstStage.value.end ?? ends[0] ?? '';
        start = issuedOn && issuedOn.value <= fe ? issuedOn.value : `${fe.slice(0, 7)}-01`;
      }
      const all = [start, ...starts].sort();
      const s0 = all[0] ?? start;
      const e0 = [...ends].sort()[ends.length - 1] ?? '';
      const lastStage = stages[stages.length - 1] ?? firstStage;
      period = {
        value: { start: s0, end: e0 },
        evidence: { text: src.slice(firstStage.evidence.start, lastStage.evidence.end), start: firstStage.evidence.start, end: lastStage.evidence.end },
      };
    }
  }

  // ── tasks
  const taskDrafts: TaskDraft[] = [];
  const taskBlocks = findBlocks(lines, RE_TASK_HEAD).filter((b) => !stageBlocks.some((s) => s.head === b.head));
  const usedLines = new Set<number>();
  const groupHeadings: Line[] = [];
  for (const b of taskBlocks) {
    const roots = itemsOf(lines, b, { skipTab: true });
    const visit = (items: Item[]) => {
      for (const it of items) {
        if (it.children.length) {
          groupHeadings.push(it.line);
          visit(it.children);
        }
      }
    };
    visit(roots);
    for (const it of leaves(roots)) {
      if (usedLines.has(it.line.index)) continue;
      usedLines.add(it.line.index);
      const t = taskFromItem(lines, it, src, ctx);
      if (t) taskDrafts.push(t);
    }
  }
  for (const table of findTables(lines)) {
    for (const t of tasksFromTable(table, src, ctx)) {
      const match = taskDrafts.find(
        (d) => d.titleNorm && t.titleNorm && (d.titleNorm === t.titleNorm || d.titleNorm.includes(t.titleNorm) || t.titleNorm.includes(d.titleNorm)),
      );
      if (match) {
        const v = match.p.value;
        if (v.leads.length === 0) v.leads = t.p.value.leads;
        if (v.cooperating.length === 0) v.cooperating = t.p.value.cooperating;
        if (!v.deadline) v.deadline = t.p.value.deadline;
        if (!v.domain) v.domain = t.p.value.domain;
      } else taskDrafts.push(t);
    }
  }
  // tasks that name a stage (…阶段 / stage name) get its index
  for (const t of taskDrafts) {
    const v = t.p.value;
    const idx = stages.findIndex((s) => s.value.name.length >= 2 && (v.title.includes(s.value.name) || v.description.includes(`${s.value.name}阶段`)));
    v.stageIndex = idx >= 0 ? idx : null;
  }
  const tasks = taskDrafts.map((t) => t.p);

  // ── focus domains: the title, task headings, and numbered headings outside 保障/要求/组织 sections
  const focusDomains: Proposed<string>[] = [];
  const seenDomain = new Set<string>();
  const addDomains = (t: string, ev: Evidence) => {
    for (const d of domainsIn(t)) {
      if (seenDomain.has(d)) continue;
      seenDomain.add(d);
      focusDomains.push({ value: d, evidence: ev });
    }
  };
  if (title) addDomains(title.value, title.evidence);
  for (const t of tasks) addDomains(t.value.title, { ...t.evidence, text: t.evidence.text.split('\n')[0] ?? t.evidence.text, end: t.evidence.start + (t.evidence.text.split('\n')[0] ?? '').length });
  for (const g of groupHeadings) addDomains(headTitle(g), evLine(g));
  let sectionOk = true;
  for (const l of lines) {
    if (l.tab || !l.num || l.num.style === 'circled') continue;
    if (l.num.rank === 1) {
      sectionOk = !EXCLUDED_SECTION.test(headTitle(l));
      continue;
    }
    if (sectionOk && !RE_STAGE_HEAD.test(headTitle(l))) addDomains(splitTitle(l.body).title, evLine(l));
  }

  const reportingRules = findReportingRules(src, ctx);
  const indicators = findIndicators(src);
  const teams = findTeams(lines, src);

  const proposal: PlanProposal = {
    title,
    docNumber,
    issuer,
    issuedOn,
    period,
    stages,
    focusDomains,
    tasks,
    reportingRules,
    indicators,
    teams,
    missing: [],
  };
  const missing: string[] = [];
  for (const key of Object.keys(PLAN_FIELD_LABELS) as PlanField[]) {
    const v = proposal[key];
    if (v === null || (Array.isArray(v) && v.length === 0)) missing.push(PLAN_FIELD_LABELS[key]);
  }
  proposal.missing = missing;
  return proposal;
}
