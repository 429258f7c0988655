/**
 * The plan text as lines, evidence spans and the small string helpers every phrase family
 * of the plan parser shares (see parse-plan.ts for the pipeline).
 */
import { readNumbering, type Numbering } from './numbering.js';
import type { Evidence } from './plan.types.js';

/** The year and the 即日起 anchor that year-less date phrases resolve against. */
export type DateCtx = { year: number | null; anchor: string | null };

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

export function splitLines(text: string): Line[] {
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

/** Normalise for comparisons: drop spaces, quotes and punctuation; full-width → ASCII. */
export function normalizeText(s: string): string {
  return s
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
