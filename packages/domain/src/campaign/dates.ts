/**
 * Date phrases of Chinese government plans → ISO calendar dates.
 *
 * Handles: 2020年12月 · 2020年7月20日 · 二〇二〇年七月二十日 · 2021年1月至2021年10月 ·
 * 从2020年7月到2022年12月 · 2022年6月底前 · 2021年11月底至12月上旬 · 2021年全年 · 2020年度 ·
 * 2021-2022年 · 2022年-2024年 · 即日起 · 年底前 · 月初/上旬/中旬/下旬/底/末 · dates without a
 * year (resolved from the range's other end, else from the context year).
 *
 * Pure; all offsets are UTF-16 indexes into the string given. Month lengths and date
 * validity come from the domain calendar (calendar/).
 */
import { REPORTING_KIND_CADENCE, type Cadence } from '../calendar/cadence.js';
import { daysInMonth, isCalendarDate } from '../calendar/calendar-date.js';
import type { DueRule } from '../calendar/due.js';
import type { ReportingKind } from './plan.types.js';

const CN_DIGIT: Record<string, number> = {
  〇: 0, 零: 0, O: 0, o: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Full-width digits → ASCII. Keeps the length (one code unit each). */
export function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * A number written in ASCII / full-width digits or Chinese numerals (十二, 二十一, 三十, 一百).
 * Four-digit years written digit by digit (二〇二〇) are read digit by digit. Null when unreadable.
 */
export function parseNumber(raw: string): number | null {
  const s = asciiDigits(raw.trim());
  if (s === '') return null;
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(s)) return null;
  if (!/[十百]/.test(s)) {
    // digit by digit: 二〇二〇 → 2020, 五 → 5
    let n = 0;
    for (const c of s) {
      const d = CN_DIGIT[c];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let current = 0;
  for (const c of s) {
    if (c === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      const d = CN_DIGIT[c];
      if (d === undefined) return null;
      current = d;
    }
  }
  return total + current;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** The last day (28–31) of month `m` of year `y` (the domain calendar's `daysInMonth`). */
export function lastDayOfMonth(y: number, m: number): number {
  return daysInMonth(y, m);
}

/** A real calendar date 'YYYY-MM-DD' (the domain calendar's `isCalendarDate`). */
export function isValidIso(s: string): boolean {
  return isCalendarDate(s);
}

/**
 * When a campaign reporting rule is due, in the calendar's terms: its cadence and due-day
 * rule. 每月D日前 reports the month before by day D of the next month; 每季度…D日前 is day D
 * of the quarter's last month; 每年M月D日前 is M-D of the year; a rule without a day is due
 * at the end of its period; a one-off rule on its date.
 */
export function reportingSchedule(rule: {
  kind: ReportingKind;
  dueDate: string | null;
  dayOfMonth: number | null;
  month: number | null;
}): { cadence: Cadence; due: DueRule } {
  const cadence = REPORTING_KIND_CADENCE[rule.kind];
  if (rule.kind === 'once' && rule.dueDate) return { cadence, due: { kind: 'on', date: rule.dueDate } };
  const day = rule.dayOfMonth;
  if (day === null) return { cadence, due: { kind: 'period_end' } };
  if (rule.kind === 'monthly') return { cadence, due: { kind: 'day_of_next_month', day } };
  if (rule.kind === 'yearly' && rule.month !== null) return { cadence, due: { kind: 'month_day', month: rule.month, day } };
  return { cadence, due: { kind: 'day_of_last_month', day } };
}

/** One date phrase found in a text, as the inclusive range of days it denotes. */
export type DateMention = {
  /** Offset of the phrase in the text given. */
  index: number;
  /** Offset just after the phrase. */
  endIndex: number;
  text: string;
  /** First day the phrase denotes (null for deadlines such as 6月底前). */
  from: string | null;
  /** Last day the phrase denotes (null for open starts such as 即日起). */
  to: string | null;
  /** The phrase is a deadline (…前 / …以前 / …之前 / …完成). */
  deadline: boolean;
  /** The phrase is a start (…起 / …开始 / 即日起). */
  startOnly: boolean;
  /** The phrase is a range (A至B). */
  range: boolean;
  /** The year was explicit in the text (not resolved from context). */
  explicitYear: boolean;
};

export type DateContext = {
  /** Year used for phrases without one (年底前, 12月25日前). */
  year: number | null;
  /** ISO date that 即日起 refers to (the issue date, else today). */
  anchor?: string | null;
};

// Building blocks (digits or Chinese numerals)
const YEAR = '(?:[0-9０-９]{4}|[〇零一二三四五六七八九OＯ]{4})';
const MONTH = '(?:[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])';
const DAY = '(?:[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';

type Part = {
  start: number;
  end: number;
  y: number | null;
  m: number | null;
  d: number | null;
  /** month modifier 初 上旬 中旬 下旬 底 末; or year modifier 全年 年底 年初 上半年 下半年 */
  mod: string | null;
  /** year-only range 2021-2022年 */
  y2: number | null;
};

const RE_YEAR_RANGE = new RegExp(`(${YEAR})\\s*年?\\s*[-－—–~～至到]\\s*(${YEAR})\\s*年(?:度)?`, 'y');
const RE_YEAR = new RegExp(`(${YEAR})\\s*年(度)?`, 'y');
const RE_MONTH = new RegExp(`(${MONTH})\\s*月份?`, 'y');
// PDF text and download sites put spaces between the parts: 4 月 12 日
const RE_DAY = new RegExp(`\\s*(${DAY})\\s*[日号]`, 'y');
/** A bare day after a connector (6月1日至30日): the month is the range's start month. */
const RE_BARE_DAY = new RegExp(`(${DAY})\\s*[日号]`, 'y');
const RE_MONTH_MOD = /(初|上旬|中旬|下旬|底|末|中)/y;
const RE_YEAR_MOD = /(全年|年底|年末|年初|上半年|下半年|底|末|初)/y;
const RE_BARE_YEAR_MOD = /(年底|年末|年初|上半年|下半年)/y;

function sticky(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

function toYear(raw: string): number | null {
  const n = parseNumber(raw.replace(/[OＯ]/g, '〇'));
  return n !== null && n >= 1900 && n <= 2200 ? n : null;
}

/** 2021-2022年 at offset i: a year-only range. */
function readYearRange(s: string, i: number): Part | null {
  const yr = sticky(RE_YEAR_RANGE, s, i);
  if (!yr) return null;
  const y1 = toYear(yr[1] ?? '');
  const y2 = toYear(yr[2] ?? '');
  if (y1 === null || y2 === null || y2 < y1) return null;
  return { start: i, end: i + yr[0].length, y: y1, m: null, d: null, mod: null, y2 };
}

/** A month at `pos` (not 个月, a duration), with its day or modifier (初/上旬/中旬/下旬/底/末). */
function readMonthDay(s: string, pos: number): { m: number; d: number | null; mod: string | null; end: number } | null {
  const mm = sticky(RE_MONTH, s, pos);
  if (!mm) return null;
  const mv = parseNumber(mm[1] ?? '');
  if (mv === null || mv < 1 || mv > 12 || s[pos - 1] === '个') return null;
  let end = pos + mm[0].length;
  const dm = sticky(RE_DAY, s, end);
  if (dm) {
    const dv = parseNumber(dm[1] ?? '');
    if (dv !== null && dv >= 1 && dv <= 31) return { m: mv, d: dv, mod: null, end: end + dm[0].length };
    return { m: mv, d: null, mod: null, end };
  }
  const mo = sticky(RE_MONTH_MOD, s, end);
  if (mo) end += mo[0].length;
  return { m: mv, d: null, mod: mo ? (mo[1] ?? null) : null, end };
}

/** 2023.3.1 / 2023/3/1 / 2023-03-01 / 2023.3 (the numeric forms tables and web pages use). */
const RE_NUMERIC = /([0-9]{4})\s*([./．／-])\s*([0-9]{1,2})(?:\s*\2\s*([0-9]{1,2}))?(?![0-9]|[./．／][0-9])/y;

function readNumeric(s: string, i: number): Part | null {
  const n = sticky(RE_NUMERIC, s, i);
  if (!n) return null;
  const y = toYear(n[1] ?? '');
  const m = Number(n[3]);
  const d = n[4] === undefined ? null : Number(n[4]);
  if (y === null || m < 1 || m > 12 || (d !== null && (d < 1 || d > 31))) return null;
  return { start: i, end: i + n[0].length, y, m, d, mod: null, y2: null };
}

/** Try to read one date part (year/month/day + modifier) at offset i. */
function readPart(s: string, i: number): Part | null {
  const prev = i > 0 ? s[i - 1] ?? '' : '';
  if (/[0-9０-９]/.test(prev)) return null;
  const range = readYearRange(s, i);
  if (range) return range;
  const numeric = readNumeric(s, i);
  if (numeric) return numeric;
  let pos = i;
  let y: number | null = null;
  let mod: string | null = null;
  const ym = sticky(RE_YEAR, s, pos);
  if (ym) {
    y = toYear(ym[1] ?? '');
    if (y === null) return null;
    pos += ym[0].length;
  } else if (/[一二三四五六七八九十〇零两]/.test(prev)) {
    // inside a Chinese number (e.g. 第十二月?) — do not start here
    return null;
  }
  const md = readMonthDay(s, pos);
  if (md) {
    pos = md.end;
    mod = md.mod;
  }
  const m = md?.m ?? null;
  if (y !== null && m === null) {
    const yo = sticky(RE_YEAR_MOD, s, pos);
    if (yo) {
      mod = yo[1] ?? null;
      pos += yo[0].length;
    }
  }
  if (y === null && m === null) {
    const bare = sticky(RE_BARE_YEAR_MOD, s, pos);
    if (!bare) return null;
    // 年底 on its own (no digits before): context year
    if (/[0-9０-９〇零一二三四五六七八九十]/.test(prev)) return null;
    mod = bare[1] ?? null;
    pos += bare[0].length;
  }
  return { start: i, end: pos, y, m, d: md?.d ?? null, mod, y2: null };
}

/** The inclusive day range a part denotes, given its (resolved) year. */
function partRange(p: Part, year: number): [string, string] {
  if (p.y2 !== null) return [isoDate(p.y ?? year, 1, 1), isoDate(p.y2, 12, 31)];
  if (p.m === null) {
    switch (p.mod) {
      case '年底':
      case '年末':
      case '底':
      case '末':
        return [isoDate(year, 12, 1), isoDate(year, 12, 31)];
      case '年初':
      case '初':
        return [isoDate(year, 1, 1), isoDate(year, 1, 31)];
      case '上半年':
        return [isoDate(year, 1, 1), isoDate(year, 6, 30)];
      case '下半年':
        return [isoDate(year, 7, 1), isoDate(year, 12, 31)];
      default:
        return [isoDate(year, 1, 1), isoDate(year, 12, 31)];
    }
  }
  const m = p.m;
  const last = lastDayOfMonth(year, m);
  if (p.d !== null) {
    const d = Math.min(p.d, last);
    return [isoDate(year, m, d), isoDate(year, m, d)];
  }
  switch (p.mod) {
    case '初':
    case '上旬':
      return [isoDate(year, m, 1), isoDate(year, m, 10)];
    case '中旬':
    case '中':
      return [isoDate(year, m, 11), isoDate(year, m, 20)];
    case '下旬':
      return [isoDate(year, m, 21), isoDate(year, m, last)];
    case '底':
    case '末':
      return [isoDate(year, m, last), isoDate(year, m, last)];
    default:
      return [isoDate(year, m, 1), isoDate(year, m, last)];
  }
}

/** A range's connector: 至 / 到 / a dash, also a run of them as typed on web pages (5月4日----6月30日). */
const RE_CONNECTOR = /\s*(?:起至|至|到|－+|-+|—+|–+|~|～)\s*/y;
const RE_DEADLINE = /\s*(?:之前|以前|前|完成|止)/y;
const RE_START = /\s*(?:起|开始)/y;

/** 即日起 at offset i (from the anchor), with the end of 即日起至B when there is one. */
function readFromToday(text: string, i: number, ctx: DateContext, length = 3): DateMention {
  let end = i + length;
  let to: string | null = null;
  const conn = sticky(RE_CONNECTOR, text, end);
  const p2 = conn ? readPart(text, end + conn[0].length) : null;
  if (conn && p2 && p2.end > p2.start) {
    const y2 = p2.y ?? ctx.year;
    if (y2 !== null) {
      to = partRange(p2, y2)[1];
      // 即日起至4月底 written in December: a year-less end is the next one after today
      if (p2.y === null && ctx.anchor && to < ctx.anchor) to = partRange(p2, y2 + 1)[1];
      end = p2.end;
    }
  }
  return {
    index: i, endIndex: end, text: text.slice(i, end), from: ctx.anchor ?? null, to,
    deadline: false, startOnly: to === null, range: to !== null, explicitYear: false,
  };
}

/** The day range of A or A至B: a year-less end takes A's year (the next one when its month is earlier). */
function rangeOf(p1: Part, p2: Part | null, year1: number): [string, string] {
  if (!p2) return partRange(p1, year1);
  const year2 = p2.y ?? (p1.y2 ?? (p2.m !== null && p1.m !== null && p2.m < p1.m ? year1 + 1 : year1));
  return [partRange(p1, year1)[0], partRange(p2, year2)[1]];
}

/**
 * The date phrase starting with part `p1` at offset i: an optional 至B, then …前 (a deadline)
 * or …起 (a start). `next` is where reading goes on; `mention` is null when no year is known.
 */
function readMention(text: string, i: number, p1: Part, ctx: DateContext): { mention: DateMention | null; next: number } {
  let end = p1.end;
  let p2: Part | null = null;
  const conn = sticky(RE_CONNECTOR, text, end);
  if (conn) {
    const at = end + conn[0].length;
    const cand = readPart(text, at);
    if (cand && cand.end > cand.start) {
      p2 = cand;
      end = cand.end;
    } else if (p1.m !== null && p1.d !== null) {
      const bare = sticky(RE_BARE_DAY, text, at);
      const d = bare ? parseNumber(bare[1] ?? '') : null;
      if (bare && d !== null && d >= p1.d && d <= 31) {
        p2 = { start: at, end: at + bare[0].length, y: p1.y, m: p1.m, d, mod: null, y2: null };
        end = p2.end;
      }
    }
  }
  const year1 = p1.y ?? (p2?.y != null && p1.m !== null && p2.m !== null && p1.m > p2.m ? p2.y - 1 : p2?.y) ?? ctx.year;
  if (year1 === null || year1 === undefined) return { mention: null, next: end };
  let [from, to]: [string | null, string | null] = rangeOf(p1, p2, year1);
  let deadline = false;
  let startOnly = false;
  const dl = sticky(RE_DEADLINE, text, end);
  const st = dl ? null : sticky(RE_START, text, end);
  if (dl) {
    deadline = true;
    end += dl[0].length;
    if (!p2) from = null;
  } else if (st && !p2) {
    startOnly = true;
    end += st[0].length;
    to = null;
  }
  const mention: DateMention = {
    index: i, endIndex: end, text: text.slice(i, end), from, to, deadline, startOnly,
    range: p2 !== null || p1.y2 !== null, explicitYear: p1.y !== null || (p2?.y ?? null) !== null,
  };
  return { mention, next: end };
}

/**
 * All date phrases in `text`, left to right. Year-less phrases take the year of the range's
 * other end, else `ctx.year`; when neither is known the phrase is skipped.
 */
export function findDates(input: string, ctx: DateContext): DateMention[] {
  // a template's year (20xx年, 202×年, XXXX年) states no year: the date reads as year-less
  const text = input.replace(/(?:(?:19|20)[0-9]?[xX×ｘＸ]{1,2}|[xXｘＸ]{4})\s*年/g, (m) => ' '.repeat(m.length));
  const out: DateMention[] = [];
  let i = 0;
  while (i < text.length) {
    const today = /^即日\s*起/.exec(text.slice(i, i + 6));
    if (today) {
      const m = readFromToday(text, i, ctx, today[0].length);
      out.push(m);
      i = m.endIndex;
      continue;
    }
    const p1 = readPart(text, i);
    if (!p1 || p1.end === p1.start) {
      i++;
      continue;
    }
    const { mention, next } = readMention(text, i, p1, ctx);
    if (mention) out.push(mention);
    i = next;
  }
  return out;
}

/** The first date phrase of `text` as a {start, end} span (either may be null). */
export function parseDateSpan(text: string, ctx: DateContext): { start: string | null; end: string | null } | null {
  const first = findDates(text, ctx)[0];
  if (!first) return null;
  return { start: first.from, end: first.to };
}

/** A single full date (年月日) such as 2020年7月20日 or 二〇二〇年七月二十日 → ISO, else null. */
export function parseFullDate(text: string): string | null {
  const m = findDates(text, { year: null }).find((d) => d.explicitYear && d.from !== null && d.from === d.to);
  return m?.from ?? null;
}

/** Years written as 2020年 (or 二〇二〇年) in the text; used to resolve year-less dates. */
export function yearsMentioned(text: string): number[] {
  const years: number[] = [];
  const re = new RegExp(`(${YEAR})\\s*年`, 'g');
  for (const m of text.matchAll(re)) {
    const before = m.index > 0 ? text[m.index - 1] ?? '' : '';
    if (/[0-9０-９〔\[【(（]/.test(before)) continue;
    const y = toYear(m[1] ?? '');
    if (y !== null) years.push(y);
  }
  return years;
}
