/**
 * Leads and cooperating units (牵头 / 责任 / 配合): the unit lists of a task, in a sentence
 * or in a table cell.
 */
import { QUOTES, dedupe, stripTrailingPunct } from './parse-plan.text.js';

/** A word that ends a unit name (科, 局, 中心 …): 和/及/与 after it separate two units. */
export const ORG_END = /(科|股|室|办|局|中心|委|处|部|队|所|站|院|会|组|校|园|厅|府|团|司|馆|部门|单位|学校|机关|集团)$/;

const RE_CONJUNCTION = /(以及|及|和|与)/;

/** The first 和/及/与 with a unit name before it, as [left, right]; null when there is none. */
function splitAtConjunction(rest: string): [string, string] | null {
  const at = (index: number, length: number): [string, string] | null => {
    const left = rest.slice(0, index);
    const right = rest.slice(index + length);
    return ORG_END.test(left) && right.length >= 2 ? [left, right] : null;
  };
  const m = RE_CONJUNCTION.exec(rest);
  if (!m) return null;
  const first = at(m.index, m[0].length);
  if (first) return first;
  // look for a later conjunction
  const later = new RegExp(RE_CONJUNCTION.source, 'g');
  later.lastIndex = m.index + 1;
  let mm: RegExpExecArray | null;
  while ((mm = later.exec(rest))) {
    const found = at(mm.index, mm[0].length);
    if (found) return found;
  }
  return null;
}

/** Split a list of units: 、，,；/ and 和/及/与 between unit names (not inside 住房和城乡建设局). */
export function splitUnits(raw: string): string[] {
  const out: string[] = [];
  for (const piece of raw.split(/[、，,；;／/\n]+/)) {
    let rest = piece.replace(QUOTES, '').trim();
    if (!rest) continue;
    const parts: string[] = [];
    for (let split = splitAtConjunction(rest); split; split = splitAtConjunction(rest)) {
      parts.push(split[0]);
      rest = split[1];
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

export function cleanCooperating(raw: string): string[] {
  let s = stripTrailingPunct(raw.replace(QUOTES, ''));
  for (let k = 0; k < 3; k++) s = stripTrailingPunct(s.replace(COOP_SUFFIX, ''));
  if (!s) return [];
  // 基教科、综教科、体卫艺科等相关科室 → the named ones; 各相关科室 stays as written
  const etc = /^(.+?)等(?:相关|有关)?(科室|部门|单位|处室)?$/.exec(s);
  if (etc && etc[1] && /[、，,]/.test(etc[1])) s = etc[1];
  else if (etc && etc[1] && ORG_END.test(etc[1])) s = etc[1];
  return splitUnits(s).filter((u) => u.length <= 30);
}

export function cleanLeads(raw: string): string[] {
  const s = stripTrailingPunct(raw.replace(QUOTES, '').replace(/^(由|请)/, ''));
  return splitUnits(s).filter((u) => u.length >= 2 && u.length <= 30);
}

export type LeadMatch = { leads: string[]; cooperating: string[]; start: number; end: number };

const LABEL_LEAD =
  /(牵头单位|牵头部门|牵头科室|牵头处室|责任单位|责任科室|责任部门|责任处室|主责单位|主责部门|责任主体)\s*[：:]\s*([^。；;\n）)]+)/g;
const LABEL_COOP = /(配合单位|配合部门|配合科室|配合处室|协办单位|协同单位|协同部门|参与单位|参与部门|协助单位)\s*[：:]\s*([^。；;\n）)]+)/g;
const RE_QIANTOU = /([^（(，,。；;：:\n]{2,60}?)牵头(?!单位|部门|科室|处室|人|领导)(?:负责|落实|实施|组织|抓总)?\s*([，,；;、]\s*([^。；;\n）)]*))?/g;
const RE_PAREN_LEAD = /[（(]([^（）()。]{2,40}?)(?:按照?职责分工|按照?职责|分别)?(?:负责|落实)[。.]?[）)]/g;

/** What the phrases found so far: units and the span they cover. */
type LeadAcc = { leads: string[]; coop: string[]; start: number; end: number };

function note(acc: LeadAcc, m: RegExpMatchArray): void {
  acc.start = Math.min(acc.start, m.index ?? 0);
  acc.end = Math.max(acc.end, (m.index ?? 0) + m[0].length);
}

/** 牵头单位：X · 配合单位：Y. */
function labelledLeads(text: string, acc: LeadAcc): void {
  for (const m of text.matchAll(LABEL_LEAD)) {
    acc.leads.push(...cleanLeads(m[2] ?? ''));
    note(acc, m);
  }
  for (const m of text.matchAll(LABEL_COOP)) {
    acc.coop.push(...cleanCooperating(m[2] ?? ''));
    note(acc, m);
  }
}

/** X牵头，Y配合. */
function qiantouLeads(text: string, acc: LeadAcc): void {
  for (const m of text.matchAll(RE_QIANTOU)) {
    const who = (m[1] ?? '').replace(/^.*?(由|请)/, '');
    const units = cleanLeads(who);
    if (units.length === 0 || !units.every((u) => ORG_END.test(u) || u.length <= 8)) continue;
    acc.leads.push(...units);
    if (m[3]) acc.coop.push(...cleanCooperating(m[3]));
    note(acc, m);
  }
}

/** （X负责） / （X、Y负责）. */
function parenLeads(text: string, acc: LeadAcc): void {
  for (const m of text.matchAll(RE_PAREN_LEAD)) {
    const units = cleanLeads(m[1] ?? '');
    if (units.length === 0 || !units.every((u) => ORG_END.test(u))) continue;
    acc.leads.push(...units);
    note(acc, m);
  }
}

/**
 * 牵头 / 责任 phrases in a piece of text (offsets relative to it):
 * （X牵头，Y按职责分工负责） · X牵头，Y配合 · 牵头单位：X · 责任科室：X、Y · 配合单位：Y · （X负责）.
 */
export function findLeads(text: string): LeadMatch | null {
  const acc: LeadAcc = { leads: [], coop: [], start: Infinity, end: -1 };
  labelledLeads(text, acc);
  if (acc.leads.length === 0) qiantouLeads(text, acc);
  if (acc.leads.length === 0) parenLeads(text, acc);
  if (acc.leads.length === 0 && acc.coop.length === 0) return null;
  return { leads: dedupe(acc.leads), cooperating: dedupe(acc.coop), start: acc.start, end: acc.end };
}
