/**
 * Reporting rules (报送要求): a cadence (每月D日前, 每季度, 每学期, 每年M月D日前, or a one-off
 * 于M月D日前) followed by a submission verb (报送/上报/报告/提交 …).
 */
import { findDates } from './dates.js';
import { normalizeText, sentenceAt, stripTrailingPunct, type DateCtx } from './parse-plan.text.js';
import type { Proposed, ProposedReportingRule, ReportingKind } from './plan.types.js';

const RE_REPORT_VERB =
  /报送|上报|报告|提交|上传|汇总|呈报|报至|报到|报给|报备|反馈|报[^，。；;\n]{0,20}?(?:办公室|室|局|委|组|科|处|中心)|交[至到给]?[^，。；;\n]{0,12}?(?:办公室|室|局|委|组|科|处|中心|校)/;

/** A cadence phrase found in a sentence, with its offset. */
type CadenceHit = { kind: ReportingKind; index: number; length: number; day: number | null; month: number | null; due: string | null };
type CadenceValue = Omit<CadenceHit, 'index' | 'length'>;

const num = (x: string | undefined) => (x ? Number(x.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))) : null);
const every = (kind: ReportingKind, day: number | null = null, month: number | null = null): CadenceValue => ({ kind, day, month, due: null });

/** The recurring cadence phrases, most specific first. */
const CADENCE_PHRASES: [RegExp, (m: RegExpMatchArray) => CadenceValue][] = [
  [/每年前?[一二三四]季度[^，。；]{0,12}?([0-9０-９]{1,2})[日号]/g, (m) => every('quarterly', num(m[1]))],
  [/每(?:个)?季度(?:末|结束后|第一个月|最后一个月)?(?:的)?(?:([0-9０-９]{1,2})[日号])?/g, (m) => every('quarterly', num(m[1]))],
  [/每年(?:的)?([0-9０-９]{1,2})月(?:([0-9０-９]{1,2})[日号]|底|末)?/g, (m) => every('yearly', num(m[2]), num(m[1]))],
  [/每(?:个)?月(?:的)?(?:([0-9０-９]{1,2})[日号]|底|末|初)?/g, (m) => every('monthly', num(m[1]))],
  [/每(?:个)?(?:周|星期)/g, () => every('weekly')],
  [/每(?:个)?学期/g, () => every('termly')],
  [/每(?:个)?年度|每年(?![前0-9０-９一二三四])/g, () => every('yearly')],
];

function cadencesIn(s: string, ctx: DateCtx): CadenceHit[] {
  const found: CadenceHit[] = [];
  for (const [re, f] of CADENCE_PHRASES) {
    for (const m of s.matchAll(re)) found.push({ ...f(m), index: m.index, length: m[0].length });
  }
  // one-off deadlines: 于12月25日前报 / 2021年6月底前上报
  for (const d of findDates(s, { year: ctx.year, anchor: ctx.anchor })) {
    // 「于9月20日前报…」, and 「于9月20日交学区办公室」 (于 + a day, the verb after it)
    const onDay = /于\s*$/.test(s.slice(Math.max(0, d.index - 2), d.index)) && d.from !== null && d.from === d.to;
    if ((!d.deadline && !onDay) || !d.to) continue;
    if (/每[年个月]*$/.test(s.slice(Math.max(0, d.index - 3), d.index))) continue;
    found.push({ kind: 'once', index: d.index, length: d.endIndex - d.index, day: null, month: null, due: d.to });
  }
  // overlapping matches: keep the longest, then the earliest
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: CadenceHit[] = [];
  for (const c of found) {
    const prev = kept[kept.length - 1];
    if (prev && c.index < prev.index + prev.length) continue;
    kept.push(c);
  }
  return kept;
}

export function findReportingRules(src: string, ctx: DateCtx): Proposed<ProposedReportingRule>[] {
  const out: Proposed<ProposedReportingRule>[] = [];
  const seen = new Set<string>();
  for (const m of src.matchAll(/[^。！？；;\n]+[。！？；;]?/g)) {
    const sentence = m[0];
    if (!/每|前|于/.test(sentence)) continue;
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
      out.push({
        value: { text, kind: c.kind, dueDate: c.due, dayOfMonth: c.day, month: c.month },
        evidence: sentenceAt(src, m.index + c.index),
      });
    });
  }
  return out;
}
