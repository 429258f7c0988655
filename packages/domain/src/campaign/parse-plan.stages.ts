/**
 * Stages (阶段): the items under 时间安排 / 实施步骤 / …, or 第X阶段 lines anywhere, each with
 * its name, dates and goals; and the campaign period a stage section's intro states.
 */
import { findDates, type DateMention } from './dates.js';
import { findBlocks, itemBody, itemsOf, type Block, type Item } from './parse-plan.outline.js';
import { QUOTES, evLine, evLines, stripTrailingPunct, truncate, withText, type DateCtx, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedStage } from './plan.types.js';

export const RE_STAGE_HEAD =
  /(时间安排|实施步骤|工作步骤|方法步骤|步骤安排|工作阶段|进度安排|时间步骤|实施阶段|推进步骤|阶段安排|时间节点|工作进度|实施进度|时序安排|阶段划分|步骤与时间|时间与步骤|时间和步骤|步骤和时间|工作安排|推进安排|整治步骤|行动步骤|实施安排|时间进度)/;

export type StageDraft = { p: Proposed<ProposedStage>; line: Line; to: number };
export type ProposedPeriod = Proposed<{ start: string; end: string }>;

export type StagesFound = {
  drafts: StageDraft[];
  /** The stage sections (their headings are not task sections). */
  blocks: Block[];
  /** 从2020年12月至2021年12月，分三个阶段 in a stage section's intro. */
  periodFromIntro: ProposedPeriod | null;
};

/** The year carried from one stage to the next (a stage's explicit year sets it), and the last stage's start. */
type YearRef = { year: number | null; lastStart?: string | null };

/** The same day a year later (29 February → 28 February). */
const yearLater = (d: string) => {
  const next = `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
  return next.endsWith('-02-29') ? next.replace(/-29$/, '-28') : next;
};

/** Name, the text holding its dates, and what follows, from an item's first line. */
function stageHeadParts(first: string, yearRef: YearRef, anchor: string | null): { name: string; dateSrc: string; rest: string } {
  const paren = /[（(]([^（）()]*)[）)]/.exec(first);
  const stop = first.search(/[（(。：:；;，,]/);
  let name = stop >= 0 ? first.slice(0, stop) : first;
  let dateSrc: string;
  let rest: string;
  if (paren && findDates(paren[1] ?? '', { year: yearRef.year, anchor }).length > 0) {
    dateSrc = paren[1] ?? '';
    if (!name.trim()) name = first.slice(paren.index + paren[0].length).replace(/^[：:。，,\s]+/, '').split(/[。，,；;：:]/)[0] ?? '';
    rest = first.slice(paren.index + paren[0].length);
  } else {
    const sentenceEnd = first.search(/[。；;]/);
    dateSrc = sentenceEnd >= 0 ? first.slice(0, sentenceEnd) : first;
    rest = stop >= 0 ? first.slice(stop) : '';
    // 「1. 自查自纠阶段。4月1日至5月31日，各校…」: the dates open the sentence after the name
    if (sentenceEnd >= 0 && findDates(dateSrc, { year: yearRef.year, anchor }).length === 0) {
      const next = first.slice(sentenceEnd + 1).replace(/^[\s，,：:]+/, '');
      const d0 = findDates(next, { year: yearRef.year, anchor })[0];
      if (d0 && d0.index <= 2) dateSrc = next.slice(0, d0.endIndex);
    }
  }
  // a leading date as the name (2022年7月—2024年12月：全面建设) → name after it
  const leadDates = findDates(name, { year: yearRef.year, anchor });
  if (leadDates.length && leadDates[0]?.index === 0) {
    const after = name.slice(leadDates[0]?.endIndex ?? 0).replace(/^[，,：:\s]+/, '');
    if (!dateSrc || dateSrc === first) dateSrc = name;
    name = after || (rest.replace(/^[，,：:。\s]+/, '').split(/[。，,；;：:]/)[0] ?? '');
  }
  return { name, dateSrc, rest };
}

/** The first date phrase as [start, end]; an explicit year carries over to later stages. */
function stageDates(dateSrc: string, yearRef: YearRef, anchor: string | null): [string | null, string | null] {
  const mentions = findDates(dateSrc, { year: yearRef.year, anchor });
  const m0: DateMention | undefined = mentions[0];
  if (!m0) return [null, null];
  let start = m0.from;
  let end = m0.to;
  const m1 = mentions[1];
  if (m1 && m0.startOnly) end = m1.to;
  // a year-less stage that would begin before the one above it began follows it into the next
  // year (即日起至4月底 written in December, then 5月至9月); stages that only overlap stay put
  const prev = yearRef.lastStart;
  if (!m0.explicitYear && prev && start && start < prev && end) {
    start = yearLater(start);
    end = yearLater(end);
    yearRef.year = Number(end.slice(0, 4));
  }
  const y = (end ?? start)?.slice(0, 4);
  if (y && m0.explicitYear) yearRef.year = Number(y);
  if (start) yearRef.lastStart = start;
  return [start, end];
}

function parseStageItem(lines: Line[], it: Item, yearRef: YearRef, anchor: string | null, src: string): StageDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const first = body.split('\n')[0] ?? '';
  const parts = stageHeadParts(first, yearRef, anchor);
  let name = stripTrailingPunct(parts.name.replace(QUOTES, ''));
  if (name.length > 2) name = name.replace(/阶段$/, '');
  if (!name || name.length > 30) return null;
  const [start, end] = stageDates(parts.dateSrc, yearRef, anchor);
  const goals = truncate(
    [parts.rest.replace(/^[）)。：:，,\s]+/, ''), ...body.split('\n').slice(1)].join('\n').replace(/^[。：:，,\s]+/, ''),
    300,
  );
  return {
    p: { value: { name, start, end, goals }, evidence: withText(src, evLines(it.line, last)) },
    line: it.line,
    to: it.to,
  };
}

/** 「动员部署阶段（2020年12月底前）」 on a line of its own, the bracket perhaps cut off at the end. */
const RE_NAMED_STAGE_LINE = /^([^。，,；;：:（(\s]{2,12}?)阶段\s*[（(]([^）)]*)(?:[）)]|$)/;

/** Dated paragraphs without numbering: 「2022年7月—2024年12月，全面建设。…」, 「动员部署阶段（…）」. */
function datedParagraphs(lines: Line[], b: Block, yearRef: YearRef, anchor: string | null): StageDraft[] {
  const out: StageDraft[] = [];
  for (let i = b.from; i < b.to; i++) {
    const l = lines[i];
    if (!l?.text) continue;
    const named = RE_NAMED_STAGE_LINE.exec(l.text);
    if (named?.[1]) {
      const [start, end] = stageDates(named[2] ?? '', yearRef, anchor);
      const goals = truncate((lines[i + 1]?.num ? '' : (lines[i + 1]?.text ?? '')), 300);
      out.push({ p: { value: { name: named[1], start, end, goals }, evidence: evLine(l) }, line: l, to: i + 1 });
      continue;
    }
    const ds = findDates(l.text, { year: yearRef.year, anchor });
    const d0 = ds[0];
    if (!d0 || d0.index !== 0) continue;
    const after = l.text.slice(d0.endIndex).replace(/^[，,：:\s]+/, '');
    const name = stripTrailingPunct(after.split(/[。，,；;：:]/)[0] ?? '');
    if (!name || name.length > 20) continue;
    const goals = truncate(after.slice(name.length).replace(/^[。，,：:]/, ''), 300);
    out.push({ p: { value: { name: name.replace(/阶段$/, ''), start: d0.from, end: d0.to, goals }, evidence: evLine(l) }, line: l, to: i + 1 });
  }
  return out;
}

/** The block's intro before its first item (from its heading on): 「三、时间步骤 4月12日至10月31日。分三个阶段」. */
function introPeriod(lines: Line[], b: Block, items: Item[], ctx: DateCtx): ProposedPeriod | null {
  const firstItem = items[0]?.line.index ?? b.to;
  for (let i = b.from - 1; i < firstItem; i++) {
    const l = lines[i];
    if (!l?.text) continue;
    const r = findDates(l.text, ctx).find((d) => d.range && d.from && d.to);
    if (r?.from && r.to) return { value: { start: r.from, end: r.to }, evidence: evLine(l) };
  }
  return null;
}

/** 第一阶段：… anywhere, or numbered「…阶段（date）」lines (when no stage section has any). */
function stageLinesAnywhere(lines: Line[], docYear: number | null, ctx: DateCtx, src: string): StageDraft[] {
  const yr = { year: docYear };
  const out: StageDraft[] = [];
  const stageLines = lines.filter(
    (l) => l.num && !l.tab && ((l.num.style === 'stage' && l.num.word === '阶段') || /^[^。，]{2,16}阶段\s*[（(][^）)]*\d/.test(l.body)),
  );
  for (const l of stageLines) {
    const next = lines.slice(l.index + 1).find((x) => x.num && x.num.rank <= (l.num?.rank ?? 9));
    const it: Item = { line: l, to: next ? next.index : lines.length, children: [], parent: null };
    const d = parseStageItem(lines, it, yr, ctx.anchor, src);
    if (d) out.push(d);
  }
  return out;
}

/**
 * 「宣传部署阶段为7月20日至8月30日；组织实施阶段为9月1日至11月30日；…」: stages in one sentence
 * (they own no lines: the sentence before them may state the period).
 */
function stagesInSentences(lines: Line[], docYear: number | null, anchor: string | null, src: string): StageDraft[] {
  const yr = { year: docYear };
  const out: StageDraft[] = [];
  for (const l of lines) {
    if (!l.text || l.tab) continue;
    for (const m of l.text.matchAll(/([\u4e00-\u9fa5]{2,8}?)阶段(?:为|是|[：:])\s*([^；;。]+)/g)) {
      const [start, end] = stageDates(m[2] ?? '', yr, anchor);
      if (!start && !end) continue;
      const at = l.textStart + m.index;
      out.push({ p: { value: { name: m[1] ?? '', start, end, goals: '' }, evidence: withText(src, { text: '', start: at, end: at + m[0].length }) }, line: l, to: l.index });
    }
  }
  return out;
}

/** The stages of a plan, the sections they came from and the period an intro states. */
export function findStages(lines: Line[], src: string, ctx: DateCtx, docYear: number | null): StagesFound {
  const drafts: StageDraft[] = [];
  const blocks = findBlocks(lines, RE_STAGE_HEAD);
  const yearRef = { year: docYear };
  let periodFromIntro: ProposedPeriod | null = null;
  for (const b of blocks) {
    const items = itemsOf(lines, b);
    for (const it of items) {
      const d = parseStageItem(lines, it, yearRef, ctx.anchor, src);
      if (d) drafts.push(d);
    }
    if (items.length === 0) drafts.push(...datedParagraphs(lines, b, yearRef, ctx.anchor));
    periodFromIntro ??= introPeriod(lines, b, items, ctx);
  }
  if (drafts.length === 0) drafts.push(...stageLinesAnywhere(lines, docYear, ctx, src));
  if (drafts.length === 0) drafts.push(...stagesInSentences(lines, docYear, ctx.anchor, src));
  return { drafts, blocks, periodFromIntro };
}
