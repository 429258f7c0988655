import { formatYmd, isValidYmd, shanghaiDate } from './deadline.js';
import { MONEY_DECIMALS, decimalPlaces } from '../input-limits.js';
import {
  HAZARD_DOMAINS,
  HAZARD_GRADES,
  HAZARD_SOURCES,
  type HazardDomain,
  type HazardGrade,
  type HazardSource,
} from './hazard.types.js';

/** The last day Excel can show: 9999-12-31. */
const EXCEL_MAX_SERIAL = 2_958_465;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Ledgers do not predate 1900; earlier 4-digit years are typing errors. */
const MIN_YEAR = 1900;

/**
 * Reads a date cell of a hazard ledger as a calendar date 'YYYY-MM-DD', or null.
 *
 * - numbers: Excel serials of the 1900 date system (1 = 1900-01-01). Excel counts the
 *   non-existent 1900-02-29 as serial 60 (a Lotus 1-2-3 bug), so serial 60 gives null and
 *   serials from 61 on are one day behind a plain count. A time fraction is ignored.
 *   An 8-digit integer above the last serial (e.g. 20210305 typed as a number) is read
 *   as YYYYMMDD. The 1904 date system (old Mac workbooks) is not supported.
 * - Date objects: the calendar date of that instant in Asia/Shanghai (exceljs gives
 *   date cells as UTC midnight, which is 08:00 the same day in Beijing).
 * - strings, after NFKC (full-width digits ０-９ and punctuation become ASCII) and trimming:
 *   '2021-3-5', '2021/03/05', '2021.3.5', '2021年3月5日' (日 or 号 optional), '20210305';
 *   a time after the date ('2021-03-05 10:30', 'T10:30:00') is accepted and dropped,
 *   but not a time-zone suffix.
 * Impossible dates (2021-02-30) and years before 1900 give null.
 */
export function parseChineseDate(value: unknown): string | null {
  if (typeof value === 'number') return parseNumberDate(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : shanghaiDate(value);
  if (typeof value === 'string') return parseStringDate(value);
  return null;
}

function parseNumberDate(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value) && value > EXCEL_MAX_SERIAL && value >= 10_000_000 && value <= 99_999_999) {
    return ymd(Math.floor(value / 10_000), Math.floor(value / 100) % 100, value % 100);
  }
  const serial = Math.floor(value);
  if (serial < 1 || serial > EXCEL_MAX_SERIAL || serial === 60) return null;
  // Day 0 is 1899-12-31 before the phantom leap day and 1899-12-30 after it.
  const epoch = serial < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + serial * DAY_MS);
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const TIME = String.raw`(?:(?:\s+|\s*T\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?`;
const SEPARATED_RE = new RegExp(String.raw`^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})${TIME}$`);
const CHINESE_RE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${TIME}$`);
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

function parseStringDate(value: string): string | null {
  const text = value.normalize('NFKC').trim();
  const separated = SEPARATED_RE.exec(text);
  if (separated) return withTime(separated[1], separated[3], separated[4], separated[5], separated[6], separated[7]);
  const chinese = CHINESE_RE.exec(text);
  if (chinese) return withTime(chinese[1], chinese[2], chinese[3], chinese[4], chinese[5], chinese[6]);
  const compact = COMPACT_RE.exec(text);
  if (compact) return ymd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  return null;
}

function withTime(
  y: string | undefined,
  m: string | undefined,
  d: string | undefined,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
): string | null {
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))) return null;
  return ymd(Number(y), Number(m), Number(d));
}

function ymd(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || !isValidYmd(year, month, day)) return null;
  return formatYmd(year, month, day);
}

/** Characters that make a spreadsheet read a cell as a formula (ASCII and full-width). */
const FORMULA_START_RE = /^\s*[=+\-@＝＋－＠]/;
const CONTROL_START_RE = /^[\t\r]/;

/**
 * Makes exported text safe from formula injection (OWASP "CSV injection"). The exact rule:
 * when the text starts with a tab or a carriage return, or its first character after any
 * leading white space (incl. the full-width space) is = + - @ or full-width ＝ ＋ － ＠,
 * a single quote ' is put in front; any other text is returned unchanged. The result
 * never starts a formula, and escaping twice changes nothing. Use it for text cells only:
 * numbers (funds, counts) should be written as numeric cells, not escaped.
 */
export function escapeSpreadsheetCell(text: string): string {
  return CONTROL_START_RE.test(text) || FORMULA_START_RE.test(text) ? `'${text}` : text;
}

export * from './ledger-headers.js';
export * from './ledger-history.js';

/** Normalised label: NFKC, no white space. */
function normaliseLabel(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Looks a label up: the code itself, an exact synonym, or the synonym after dropping
 * generic endings one at a time ("消防安全隐患" → "消防安全", "食品安全类" → "食品安全").
 */
function parseLabel<T extends string>(text: unknown, codes: readonly T[], synonyms: Readonly<Record<string, T>>): T | null {
  if (typeof text !== 'string') return null;
  let t = normaliseLabel(text);
  if ((codes as readonly string[]).includes(t)) return t as T;
  for (let i = 0; i < 4 && t !== ''; i++) {
    const hit = synonyms[t];
    if (hit !== undefined) return hit;
    const shorter = t.replace(/(隐患|事故|方面|问题|类|级|安全)$/, '');
    if (shorter === t) break;
    t = shorter;
  }
  return null;
}

function invert<T extends string>(table: Record<T, readonly string[]>): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const [code, names] of Object.entries(table) as [T, readonly string[]][]) for (const n of names) out[n] = code;
  return out;
}

const DOMAIN_SYNONYMS = invert<HazardDomain>({
  fire: ['消防安全', '消防', '防火', '火灾'],
  lab_chemicals: ['实验室及危化品安全', '实验室及危化品', '实验室', '危化品', '危险化学品', '实验室危化品', '化学品'],
  security: ['治安保卫', '安保', '校园安保', '治安', '安全保卫', '保卫', '校园治安'],
  traffic_bus: ['交通及校车安全', '交通及校车', '交通', '校车', '道路交通', '交通校车'],
  food: ['食品安全', '食品', '食堂', '食品卫生', '饮食'],
  buildings: ['校舍及设施设备安全', '校舍及设施设备', '校舍', '建筑', '房屋', '设施设备', '设施', '设备', '校舍设施', '危房'],
  gas: ['燃气安全', '燃气', '煤气', '天然气', '液化气', '液化石油气'],
  ebike: ['电动自行车安全', '电动自行车', '电动车', '电瓶车'],
  internship: ['实习实训安全', '实习实训', '实习', '实训'],
  mental_health: ['心理健康', '心理'],
  stability: ['安全稳定', '稳定', '涉稳', '校园稳定', '矛盾纠纷'],
  natural_disaster: ['自然灾害防范', '自然灾害', '防汛', '防台', '防汛防台', '地质灾害', '气象灾害', '防灾减灾'],
  network: ['网络安全', '网络', '信息安全', '网络信息', '网络信息安全'],
  other: ['其他', '其它'],
});

const GRADE_SYNONYMS = invert<HazardGrade>({
  general: ['一般'],
  major: ['重大'],
});

const SOURCE_SYNONYMS = invert<HazardSource>({
  self: ['自查', '学校自查', '日常检查', '日常巡查', '自检'],
  special: ['专查', '专项检查', '专项排查'],
  spot: ['抽查', '随机抽查'],
  mutual: ['互查', '交叉检查', '交叉互查'],
  supervision: ['督查', '督导', '督导检查', '督查检查'],
  joint: ['联检', '联合检查'],
  external: ['外检', '外部检查', '上级检查'],
  unannounced: ['明查暗访', '暗访', '明查', '暗查'],
  follow_up: ['回头看'],
  public_report: ['群众举报', '举报', '群众反映', '信访'],
  other: ['其他', '其它'],
});

/** 隐患类别 label (or code) → code: 消防/消防安全 → fire, 食品/食堂 → food, 实验室/危化品 → lab_chemicals, 校车/交通 → traffic_bus … */
export function parseDomainLabel(text: unknown): HazardDomain | null {
  return parseLabel(text, HAZARD_DOMAINS, DOMAIN_SYNONYMS);
}

/** 隐患等级 label (or code) → code: 一般/一般隐患/一般事故隐患 → general, 重大/重大隐患 → major. */
export function parseGradeLabel(text: unknown): HazardGrade | null {
  return parseLabel(text, HAZARD_GRADES, GRADE_SYNONYMS);
}

/** 发现方式 label (or code) → code: 自查 → self, 明查暗访/暗访 → unannounced, 群众举报 → public_report … */
export function parseSourceLabel(text: unknown): HazardSource | null {
  return parseLabel(text, HAZARD_SOURCES, SOURCE_SYNONYMS);
}

/**
 * Reads a funds cell as integer fen (分), or null when empty or unreadable.
 * Numbers are yuan (or 万元 with unit 'ten_thousand_yuan'); one with more decimals than
 * a fen can hold (0.001 元) gives null: refused, never rounded to 0. Binary noise past
 * 15 significant digits is not a decimal (0.1 + 0.2 元 is 30 fen; see `decimalPlaces`).
 * Strings may carry thousands separators, ¥/￥ and a 元 or 万元/万 suffix (a suffix overrides
 * the unit); 无 means 0. A string with more decimals than a fen can hold gives null.
 */
export function parseFundsFen(value: unknown, unit: 'yuan' | 'ten_thousand_yuan' = 'yuan'): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    const decimals = decimalPlaces(value);
    if (decimals === null || decimals > (unit === 'yuan' ? MONEY_DECIMALS : MONEY_DECIMALS + 4)) return null;
    const fen = Math.round(value * (unit === 'yuan' ? 100 : 1_000_000));
    return Number.isSafeInteger(fen) ? fen : null;
  }
  if (typeof value !== 'string') return null;
  let t = value.normalize('NFKC').replace(/[\s,]/g, '').replace(/^¥/, '');
  if (t === '无') return 0;
  // Fen are the 2nd decimal of a yuan and the 6th of a 万元: the digits read as an integer are fen.
  let decimals = unit === 'yuan' ? 2 : 6;
  if (/万元?$/.test(t)) {
    decimals = 6;
    t = t.replace(/万元?$/, '');
  } else if (t.endsWith('元')) {
    decimals = 2;
    t = t.slice(0, -1);
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m || !m[1]) return null;
  const fraction = m[2] ?? '';
  if (fraction.replace(/0+$/, '').length > decimals) return null;
  const fen = Number(m[1] + fraction.padEnd(decimals, '0').slice(0, decimals));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Integer fen → yuan with two decimals ('1234.50'), for display and export. */
export function formatFundsYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
