/**
 * The header of a plan: title, 文号, issuing body and issue date (发文单位 / 发文日期).
 */
import { isValidIso, parseFullDate } from './dates.js';
import { RE_ANNEX, evLine, evLines, sentenceAt, withText, type Line } from './parse-plan.text.js';
import type { Proposed } from './plan.types.js';

export type PlanHeader = {
  title: Proposed<string> | null;
  docNumber: Proposed<string> | null;
  issuer: Proposed<string> | null;
  issuedOn: Proposed<string> | null;
};

/** Reads the four header fields of a plan. */
export function readHeader(lines: Line[], src: string): PlanHeader {
  const docNumber = findDocNumber(lines);
  const issued = findIssuedOn(lines);
  const title = findTitle(lines, src);
  const issuer = findIssuer(lines, issued?.line ?? null, title);
  return { title, docNumber, issuer, issuedOn: issued?.p ?? null };
}

// ── 文号

const RE_DOCNO =
  /([\u4e00-\u9fa5]{1,12})\s*[〔\[【(（［]\s*([0-9０-９]{4})\s*[〕\]】)）］]\s*([0-9０-９]{1,4})\s*号/;

function findDocNumber(lines: Line[]): Proposed<string> | null {
  for (const l of lines) {
    if (!l.text || l.tab) continue;
    const labelled = /^(?:文\s*号|发文字号)\s*[：:]?\s*(.+)$/.exec(l.text);
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

// ── 发文日期

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

// ── 发文单位

const RE_ORG =
  /^[\u4e00-\u9fa5（）()]{2,40}?(教育局|教育委员会|教委|教育厅|教育部|委员会|人民政府|政府|办公室|办公厅|领导小组|教育体育局|教体局|文体局|教育和体育局|社会事业局|中心|中心校|中心小学|小学|中学|学校|幼儿园|学区|教办)$/;
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

/** The signature above the date, the red header 「XX文件」, or 「XX关于印发…的通知」. */
function issuerInLines(lines: Line[], issued: Line | null): Proposed<string> | null {
  if (issued) {
    const p = prevNonBlank(lines, issued.index);
    if (p && RE_ORG.test(p.text.replace(/[\s\u3000]/g, ''))) return { value: p.text.replace(/[\s\u3000]/g, ''), evidence: evLine(p) };
  }
  for (const l of lines.slice(0, 15)) {
    const m = /^(.{3,40}?)\s*文\s*件$/.exec(l.text.replace(/[\u3000]/g, ''));
    if (m && RE_ORG.test((m[1] ?? '').replace(/\s/g, ''))) return { value: (m[1] ?? '').replace(/\s/g, ''), evidence: evLine(l) };
  }
  for (const l of lines.slice(0, 40)) {
    const m = /^(.{3,40}?)关于/.exec(l.text);
    if (m && RE_ORG.test(m[1] ?? '')) return { value: m[1] ?? '', evidence: evLine(l) };
    const next = lines.slice(l.index + 1).find((x) => x.text);
    if (RE_ORG.test(l.text) && /^关于/.test(next?.text ?? '')) return { value: l.text, evidence: evLine(l) };
  }
  return null;
}

/** The plan title begins with the issuing body (苏州工业园区…专业委员会2020年度…方案). */
function issuerInTitle(title: Proposed<string>): Proposed<string> | null {
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
  return best ? { value: best, evidence: title.evidence } : null;
}

/** A plan title that opens with a place's education body: 安庄镇教育办公室消防安全实施方案. */
const RE_PLACE_BODY =
  /^([\u4e00-\u9fa5]{1,10}?(?:省|市|县|区|镇|乡|旗|州)(?:教育局|教育委员会|教委|教育厅|教体局|教育体育局|教育和体育局|教育办公室|人民政府办公室|人民政府))(?!系统)/;

function issuerOpeningTitle(title: Proposed<string>): Proposed<string> | null {
  if (!RE_PLAN_END.test(title.value)) return null;
  const m = RE_PLACE_BODY.exec(title.value);
  return m?.[1] && m[1].length < title.value.length - 4 ? { value: m[1], evidence: title.evidence } : null;
}

function findIssuer(lines: Line[], issued: Line | null, title: Proposed<string> | null): Proposed<string> | null {
  return issuerInLines(lines, issued) ?? (title ? (issuerInTitle(title) ?? issuerOpeningTitle(title)) : null);
}

// ── 标题

/** A plan's title ends in its kind, perhaps with the years in brackets: …三年行动方案（2024—2026年）. */
const RE_PLAN_END = /(方案|计划|意见|办法|规划|要点|细则|安排)(?:\s*[（(][^（）()]{0,20}[）)])?$/;

/**
 * A title as a download site or a file name wraps it: 「….docx」, 「…(精选10篇)」, 「…范文」, 「…【】」,
 * 「…_第1页」, a page-chunk marker 「1、」 before it. The title without the wrapping.
 */
export function cleanTitle(raw: string): string {
  let s = raw.replace(/[\s\u3000]+/g, '');
  for (let k = 0; k < 3; k++) {
    s = s
      .replace(/^[0-9]{1,2}、(?=\D)/, '')
      .replace(/\.(?:docx?|pdf|wps|txt)$/i, '')
      .replace(/_第\d+页$/, '')
      .replace(/【\s*】$/, '')
      .replace(/[（(](?:精选|实用|通用|优选|最新|完整版|汇编|范文|[0-9一二三四五六七八九十]+篇)[^（）()]{0,10}[）)]$/, '')
      .replace(/(?<=(?:方案|计划|通知|意见|要点))(?:范文|模板|范本|参考模板范本|参考范文|大全|[0-9]+)$/, '');
  }
  return s;
}

/** 现将《X》印发 / 关于印发《X》的通知. */
function titleInBookMarks(lines: Line[], src: string): Proposed<string> | null {
  for (const l of lines.slice(0, 60)) {
    const m = /(?:现将|特将|今将|^关于印发)《([^》]{4,80})》/.exec(l.text);
    if (m && m[1]) {
      const inner = m[1].replace(/[〈〉]/g, '');
      if (RE_PLAN_END.test(inner)) return { value: inner, evidence: sentenceAt(src, l.textStart + m.index) };
    }
  }
  return null;
}

const isHeadingLike = (l: Line, max: number): boolean =>
  !!l.text && (!l.num || (l.num.style === 'arabic' && l.num.ordinal <= 2 && RE_PLAN_END.test(cleanTitle(l.text)))) &&
  !l.tab && l.text.length <= max && !/[。，,；;：:]/.test(l.text) && !RE_ANNEX.test(l.text);

/** A line that is a plan's title on its own (预防学生溺水工作方案). */
export function isTitleLine(l: Line): boolean {
  return isHeadingLike(l, 60) && !l.num && RE_PLAN_END.test(cleanTitle(l.text)) && !/^(根据|按照|为)/.test(l.text);
}

/** A standalone heading line ending in 方案/计划/…, joined with the short lines above it. */
function titleAsHeading(lines: Line[], src: string): Proposed<string> | null {
  for (const l of lines) {
    if (!isHeadingLike(l, 60) || /^(根据|按照|为)/.test(l.text)) continue;
    const own = cleanTitle(l.text);
    if (!RE_PLAN_END.test(own) || /通知$/.test(own)) continue;
    let first = l;
    const parts = [l.text];
    for (let k = l.index - 1; k >= 0 && parts.length < 3; k--) {
      const p = lines[k];
      if (!p || !isHeadingLike(p, 40)) break;
      if (/文\s*件$/.test(p.text) || RE_DOCNO.test(p.text) || RE_PLAN_END.test(cleanTitle(p.text))) break;
      parts.unshift(p.text);
      first = p;
    }
    // …三年行动计划(2022-2024年) / 工作方案及重点工作任务清单: a second line that completes the title
    let last = l;
    const after = lines.slice(l.index + 1).find((x) => x.text);
    if (after && isHeadingLike(after, 30) && /(方案|计划|清单|要点|细则|办法)$/.test(cleanTitle(after.text))) {
      parts.push(after.text);
      last = after;
    }
    const value = cleanTitle(parts.join(''));
    if (value.length < 6) continue;
    return { value, evidence: withText(src, evLines(first, last)) };
  }
  return null;
}

/** 关于印发X的通知 (X without book-title marks, possibly over several lines). */
function titleInNotice(lines: Line[], src: string): Proposed<string> | null {
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

/** A notice's own title on its line: (某县教育局)关于开展…的通知 / 关于…的意见. */
function titleOfNotice(lines: Line[]): Proposed<string> | null {
  for (const l of lines.slice(0, 40)) {
    if (l.num || l.tab) continue;
    const t = l.text.replace(/[\s\u3000]+/g, '');
    if (/^(?:[\u4e00-\u9fa5]{2,30}?)?关于.{4,80}(通知|意见|决定|通报|函)$/.test(t) && !/[。；;，,]/.test(t)) return { value: t, evidence: evLine(l) };
  }
  return null;
}

/** A title run into its first sentence (pages that lose line breaks): 「…实施方案为进一步加强…」, doubled or not. */
const RE_GLUED_TITLE =
  /^(?:[0-9]{1,2}、)?((?:(?!根据|按照)[^。，,；;：:]){4,60}?(?:方案|计划|意见|要点|细则))(?:\1)?(?:范文|模板|范本)?(?=为|根据|按照|现将|现就|结合|经研究)/;

function titleGlued(lines: Line[]): Proposed<string> | null {
  for (const l of lines.slice(0, 60)) {
    if (!l.text || l.tab) continue;
    const m = RE_GLUED_TITLE.exec(l.text);
    if (m?.[1]) {
      const value = cleanTitle(m[1]);
      if (value.length >= 6) return { value, evidence: { text: m[0], start: l.textStart, end: l.textStart + m[0].length } };
    }
  }
  return null;
}

/** A news item's headline: the first heading-like line, followed by a paragraph. */
function titleAsHeadline(lines: Line[]): Proposed<string> | null {
  const filled = lines.filter((l) => l.text).slice(0, 15);
  for (let k = 0; k + 1 < filled.length; k++) {
    const l = filled[k];
    const next = filled[k + 1];
    if (!l || !next || !isHeadingLike(l, 40)) continue;
    if ((l.text.match(/[\u4e00-\u9fa5]/g)?.length ?? 0) < 8) continue;
    if (next.text.length >= 40 && !next.num) return { value: cleanTitle(l.text), evidence: evLine(l) };
  }
  return null;
}

function findTitle(lines: Line[], src: string): Proposed<string> | null {
  return (
    titleInBookMarks(lines, src) ??
    titleAsHeading(lines, src) ??
    titleInNotice(lines, src) ??
    titleOfNotice(lines) ??
    titleGlued(lines) ??
    titleAsHeadline(lines)
  );
}
