/**
 * The plan text as lines, evidence spans and the small string helpers every phrase family
 * of the plan parser shares (see parse-plan.ts for the pipeline).
 */
import { NUMBERING_RANK, readNumbering, type Numbering } from './numbering.js';
import { toSimplified } from './parse-plan.clean.js';
import type { Evidence } from './plan.types.js';

/**
 * The year and the 即日起 anchor that year-less date phrases resolve against; the campaign's
 * end, once known, for tasks that run throughout (持续推进 / 长期坚持).
 */
export type DateCtx = { year: number | null; anchor: string | null; periodEnd?: string | null };

export type Line = {
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

/** An annex heading (附件1：…): the plan's body ends there. */
export const RE_ANNEX = /^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?/;

export const QUOTES = /[“”"‘’'「」『』《》〈〉]/g;

/** Where an outline marker may start inside a paragraph: after a sentence end, a colon or a space. */
const RE_INLINE_MARK =
  /(?<=[。；;！？：:\s\u3000]|^)(?:[一二三四五六七八九十]{1,3}\s*[、．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|[0-9０-９]{1,2}\s*(?:[、．]|\.(?![0-9０-９]))|[（(]\s*[0-9０-９]{1,2}\s*[）)]|[一二三四五六七八九十]{1,2}是(?=[\u4e00-\u9fa5“"]))/g;

/** A heading with nothing after it yet (二、主要措施): a marker may follow it without punctuation. */
const RE_BARE_HEADING = /^(?:[一二三四五六七八九十]{1,3}\s*[、．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)])\s*[\u4e00-\u9fa5]{2,10}$/;
const RE_HEADING_MARK = /(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、．])/g;

/**
 * Split points inside a line's content where the document's outline continues on the same line
 * (pages and download sites run whole sections together: 「…如下:一、目标任务…二、主要措施(一)…」).
 * A marker counts when it continues the numbering already seen (its ordinal is 1 or follows the
 * last one of its style), so 「2.5米」 or a stray 「三、」 in a sentence is not split.
 */
function inlineSplits(content: string, last: Map<string, number>): number[] {
  const cuts: number[] = [];
  const accept = (at: number) => {
    const num = readNumbering(content.slice(at));
    if (!num || num.style === 'stage' || num.style === 'circled') return;
    const prev = last.get(num.style) ?? 0;
    if (at > 0 && num.ordinal !== 1 && num.ordinal !== prev + 1) return;
    if (at > 0) cuts.push(at);
    last.set(num.style, num.ordinal);
    // an outer marker restarts the inner counts
    for (const [style, rank] of Object.entries(NUMBERING_RANK)) if (rank > num.rank) last.delete(style);
  };
  const seen = new Set<number>();
  for (const m of content.matchAll(RE_INLINE_MARK)) seen.add(m.index);
  // markers right after a bare heading (二、主要措施(一)…) or after a title (…实施方案一、指导思想)
  for (const m of content.matchAll(RE_HEADING_MARK)) {
    if (seen.has(m.index) || m.index === 0) continue;
    const before = content.slice(0, m.index);
    const segStart = Math.max(...[0, ...[...seen].filter((x) => x < m.index)]);
    if (RE_BARE_HEADING.test(before.slice(segStart).trim()) || /(方案|通知|计划|意见|要点|办法)$/.test(before)) seen.add(m.index);
  }
  for (const at of [...seen].sort((a, b) => a - b)) accept(at);
  return cuts;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const last = new Map<string, number>();
  let start = 0;
  for (const rawWithCr of text.split('\n')) {
    const raw = rawWithCr.endsWith('\r') ? rawWithCr.slice(0, -1) : rawWithCr;
    const lead = RE_LEADING_JUNK.exec(raw)?.[0].length ?? 0;
    const content = raw.slice(lead).replace(/[\s\u3000]+$/, '');
    const cuts = content ? inlineSplits(content, last) : [];
    const bounds = [0, ...cuts, content.length];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const from = bounds[k] ?? 0;
      const seg = content.slice(from, bounds[k + 1]);
      const segLead = seg.length - seg.trimStart().length;
      const segText = seg.trim();
      const num = segText ? readNumbering(segText) : null;
      const numLen = num?.length ?? 0;
      const textStart = start + lead + from + segLead;
      lines.push({
        index: lines.length,
        start: k === 0 ? start : textStart,
        raw: k === 0 ? raw.slice(0, lead + (bounds[1] ?? 0)) : seg,
        text: segText,
        textStart,
        tab: k === 0 && raw.startsWith('\t'),
        num,
        body: segText.slice(numLen),
        bodyStart: textStart + numLen,
      });
    }
    start += rawWithCr.length + 1;
  }
  return lines;
}

export function evLine(l: Line): Evidence {
  return { text: l.text, start: l.textStart, end: l.textStart + l.text.length };
}

export function evLines(a: Line, b: Line): Evidence {
  const end = b.textStart + b.text.length;
  return { text: '', start: a.textStart, end };
}

export function withText(src: string, e: Evidence): Evidence {
  return { text: src.slice(e.start, e.end), start: e.start, end: e.end };
}

/** The sentence (bounded by 。！？；or a line break) around offset `pos`. */
export function sentenceAt(src: string, pos: number, endPos = pos): Evidence {
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

/** Normalise for comparisons: simplified script; drop spaces, quotes and punctuation; full-width → ASCII. */
export function normalizeText(s: string): string {
  return toSimplified(s)
    .replace(/[！-～]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(QUOTES, '')
    .replace(/[，,。.、；;：:！!？?（）()【】\[\]〔〕\-—–~～·]/g, '')
    .toLowerCase();
}

/** At most `max` characters, cut at a sentence end when one is past the middle. */
export function truncate(s: string, max: number): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const cut = t.lastIndexOf('。', max);
  if (cut >= max * 0.5) return t.slice(0, cut + 1);
  return `${t.slice(0, max)}…`;
}

export function stripTrailingPunct(s: string): string {
  return s.replace(/[。；;，,：:、\s]+$/, '').replace(/^[：:，,\s]+/, '');
}

export function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
