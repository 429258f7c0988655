/**
 * Outline numbering of Chinese official documents:
 *   一、 (rank 1) · （一） (rank 2) · 第一阶段 / 第一部分 (rank 2.5) · 1. 1、 1． (rank 3) · （1） (rank 4) ·
 *   一是 / 二是 (rank 4.5: points inside a paragraph) · ① (rank 5)
 * in full-width and ASCII forms: (一) 1、 1． (1) （１）.
 */
import { asciiDigits, parseNumber } from './dates.js';

export type NumberingStyle = 'cn' | 'cn-paren' | 'stage' | 'arabic' | 'arabic-paren' | 'cn-shi' | 'circled';

export type Numbering = {
  style: NumberingStyle;
  /** Lower is outer. */
  rank: number;
  /** 1-based ordinal (一 → 1, ③ → 3). */
  ordinal: number;
  /** Length of the marker including the separator and following spaces. */
  length: number;
  /** For `stage`: the word after 第X (阶段, 部分, 步). */
  word?: string;
};

export const NUMBERING_RANK: Record<NumberingStyle, number> = {
  cn: 1,
  'cn-paren': 2,
  stage: 2.5,
  arabic: 3,
  'arabic-paren': 4,
  'cn-shi': 4.5,
  circled: 5,
};

const CN = '[一二三四五六七八九十]{1,3}';
const RE_CN = new RegExp(`^(${CN})\\s*[、，,．.]\\s*`);
const RE_CN_PAREN = new RegExp(`^[（(]\\s*(${CN})\\s*[）)]\\s*[、.．]?\\s*`);
const RE_STAGE = new RegExp(`^第\\s*(${CN}|[0-9０-９]{1,2})\\s*(阶段|部分|步)\\s*[：:、，,．.]?\\s*`);
const RE_ARABIC = /^([0-9０-９]{1,2})\s*(?:[、．]|\.(?![0-9０-９]))\s*/;
const RE_ARABIC_PAREN = /^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*[、.．]?\s*/;
// 一是 / 二是, but not 一是一 …: the point's text follows
const RE_CN_SHI = /^([一二三四五六七八九十]{1,2})是(?=[\u4e00-\u9fa5“"])/;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const RE_CIRCLED = new RegExp(`^([${CIRCLED}])\\s*[、.．]?\\s*`);

/** The numbering at the start of a line's content, or null. */
export function readNumbering(content: string): Numbering | null {
  let m: RegExpExecArray | null;
  if ((m = RE_CN.exec(content))) {
    const n = parseNumber(m[1] ?? '');
    if (n !== null && n > 0) return { style: 'cn', rank: NUMBERING_RANK.cn, ordinal: n, length: m[0].length };
  }
  if ((m = RE_CN_PAREN.exec(content))) {
    const n = parseNumber(m[1] ?? '');
    if (n !== null && n > 0) return { style: 'cn-paren', rank: NUMBERING_RANK['cn-paren'], ordinal: n, length: m[0].length };
  }
  if ((m = RE_STAGE.exec(content))) {
    const n = parseNumber(m[1] ?? '');
    if (n !== null && n > 0) {
      return { style: 'stage', rank: NUMBERING_RANK.stage, ordinal: n, length: m[0].length, word: m[2] ?? '' };
    }
  }
  if ((m = RE_ARABIC_PAREN.exec(content))) {
    const n = Number(asciiDigits(m[1] ?? ''));
    if (n > 0) return { style: 'arabic-paren', rank: NUMBERING_RANK['arabic-paren'], ordinal: n, length: m[0].length };
  }
  if ((m = RE_ARABIC.exec(content))) {
    const n = Number(asciiDigits(m[1] ?? ''));
    // "2020年" / "1.5米" are not numbering: RE_ARABIC requires a separator and no digit after "."
    if (n > 0) return { style: 'arabic', rank: NUMBERING_RANK.arabic, ordinal: n, length: m[0].length };
  }
  if ((m = RE_CN_SHI.exec(content))) {
    const n = parseNumber(m[1] ?? '');
    if (n !== null && n > 0) return { style: 'cn-shi', rank: NUMBERING_RANK['cn-shi'], ordinal: n, length: m[0].length };
  }
  if ((m = RE_CIRCLED.exec(content))) {
    const n = CIRCLED.indexOf(m[1] ?? '') + 1;
    if (n > 0) return { style: 'circled', rank: NUMBERING_RANK.circled, ordinal: n, length: m[0].length };
  }
  return null;
}

/** The content without its numbering marker. */
export function stripNumbering(content: string): string {
  const n = readNumbering(content);
  return n ? content.slice(n.length) : content;
}
