/**
 * Stages (阶段): the items under 时间安排 / 实施步骤 / …, or 第X阶段 lines anywhere, each with
 * its name, dates and goals; and the campaign period a stage section's intro states.
 */
import { findDates, type DateMention } from './dates.js';
import { findBlocks, headTitle, itemBody, itemsOf, type Block, type Item } from './parse-plan.outline.js';
import { QUOTES, evLine, evLines, stripTrailingPunct, truncate, withText, type DateCtx, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedStage } from './plan.types.js';

/**
 * A stage section's heading: the words plans use (时间安排, 实施步骤, 工作步骤, 方法步骤, 进度安排,
 * 阶段安排 …) and, by their grammar, any short heading about 步骤 / 进度 / 日程 or a 时间…安排
 * (活动步骤, 整治时间及步骤, 日程安排, 时间计划), not its 要求 or 目标.
 */
export const RE_STAGE_HEAD =
  /(时间安排|实施步骤|工作步骤|方法步骤|步骤安排|工作阶段|进度安排|时间步骤|实施阶段|推进步骤|阶段安排|时间节点|工作进度|实施进度|时序安排|阶段划分|步骤与时间|时间与步骤|时间和步骤|步骤和时间|工作安排|推进安排|整治步骤|行动步骤|实施安排|时间进度|^[^，。；要目]{0,8}步骤[^要目]{0,4}$|^[^，。；]{0,6}(?:日程|进度)(?:安排|计划)$|^[^，。；]{0,6}时间(?:及|和|与)?(?:计划|步骤)$)/;

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
type YearRef = { year: number | null; lastStart?: string | null; lastEnd?: string | null };

/** The next calendar day of an ISO date. */
const dayAfter = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
};

/** The same day a year later (29 February → 28 February). */
const yearLater = (d: string) => {
  const next = `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
  return next.endsWith('-02-29') ? next.replace(/-29$/, '-28') : next;
};

/** Name, the text holding its dates, and what follows, from an item's first line. */
function stageHeadParts(head: string, yearRef: YearRef, anchor: string | null): { name: string; dateSrc: string; rest: string } {
  let first = head;
  // 「（一）第一阶段：动员部署（…）」: the name follows 第一阶段：
  const ordinal = /^第[一二三四五六七八九十0-9]+阶段\s*[：:]\s*/.exec(first);
  if (ordinal && first.length > ordinal[0].length) first = first.slice(ordinal[0].length);
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

/**
 * A stage's name as the plan writes it, without 阶段 and without the words that introduce it:
 * 「第一阶段为动员部署阶段」「2022年3月—4月为集中整治阶段」 → 动员部署 / 集中整治.
 */
export function stageName(raw: string): string {
  let name = stripTrailingPunct(raw.replace(QUOTES, '')).trim();
  name = name.replace(/^第[一二三四五六七八九十0-9]+阶段\s*/, '').replace(/^(?:为|是|即)\s*/, '');
  if (name.length > 2) name = name.replace(/阶段$/, '');
  return name;
}

/** The first date phrase as [start, end]; an explicit year carries over to later stages. */
function stageDates(dateSrc: string, yearRef: YearRef, anchor: string | null): [string | null, string | null] {
  const mentions = findDates(dateSrc, { year: yearRef.year, anchor });
  const m0: DateMention | undefined = mentions[0];
  if (!m0) {
    // 「排查整治阶段(2021」 cut off after the year: the stage starts that year
    const cut = /^\s*((?:19|20)[0-9]{2})\s*年?\s*$/.exec(dateSrc);
    if (cut?.[1]) {
      yearRef.year = Number(cut[1]);
      return [`${cut[1]}-01-01`, null];
    }
    return [null, null];
  }
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
  // 即日起至2022年5月10日 read years later: 即日 was the issue date, which is not known here
  if (start && end && start > end) start = null;
  // 「总结阶段（10月底前）」 after a stage that ended 9月30日: it starts the day after
  if (!start && end && prev !== undefined && yearRef.lastEnd && yearRef.lastEnd < end) start = dayAfter(yearRef.lastEnd);
  if (end) yearRef.lastEnd = end;
  const y = (end ?? start)?.slice(0, 4);
  if (y && m0.explicitYear) yearRef.year = Number(y);
  if (start) yearRef.lastStart = start;
  return [start, end];
}

function parseStageItem(lines: Line[], it: Item, yearRef: YearRef, anchor: string | null, src: string): StageDraft | null {
  const { text: body, last } = itemBody(lines, it);
  const first = body.split('\n')[0] ?? '';
  const parts = stageHeadParts(first, yearRef, anchor);
  let name = stageName(parts.name);
  if (!name || name.length > 30) return null;
  // 「（一）动员部署阶段」 with its dates opening the next line (时间：2023年3月1日—3月10日。…)
  let dateSrc = parts.dateSrc;
  const second = body.split('\n')[1];
  if (second !== undefined && findDates(dateSrc, { year: yearRef.year, anchor }).length === 0) {
    const lead = /^\s*(?:(?:起止|实施|工作)?时间|时限)?\s*[：:为]?\s*/.exec(second)?.[0].length ?? 0;
    const d0 = findDates(second.slice(lead), { year: yearRef.year, anchor })[0];
    if (d0 && d0.index === 0) dateSrc = second.slice(lead, lead + d0.endIndex);
  }
  const [start, end] = stageDates(dateSrc, yearRef, anchor);
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
      out.push({ p: { value: { name: stageName(named[1]), start, end, goals }, evidence: evLine(l) }, line: l, to: i + 1 });
      continue;
    }
    const ds = findDates(l.text, { year: yearRef.year, anchor });
    const d0 = ds[0];
    if (!d0 || d0.index !== 0) continue;
    const after = l.text.slice(d0.endIndex).replace(/^[，,：:\s]+/, '');
    const rawName = stripTrailingPunct(after.split(/[。，,；;：:]/)[0] ?? '');
    const name = stageName(rawName);
    if (!name || rawName.length > 20) continue;
    const goals = truncate(after.slice(rawName.length).replace(/^[。，,：:]/, ''), 300);
    out.push({ p: { value: { name, start: d0.from, end: d0.to, goals }, evidence: evLine(l) }, line: l, to: i + 1 });
  }
  return out;
}

/** The block's intro before its first item (from its heading on): 「三、时间步骤 4月12日至10月31日。分三个阶段」. */
function introPeriod(lines: Line[], b: Block, items: Item[], ctx: DateCtx, firstStage?: number): ProposedPeriod | null {
  // the intro ends at the first item, or at the first dated paragraph that is a stage
  const firstItem = Math.min(items[0]?.line.index ?? b.to, firstStage ?? b.to);
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

/**
 * The sections under 时间安排 / 实施步骤 / … . A heading that is itself a dated stage
 * (「2．实施阶段（2021年4月—10月）：…」) is a stage of the section above it, not a section.
 */
function stageSections(lines: Line[], ctx: DateCtx): Block[] {
  const out: Block[] = [];
  for (const b of findBlocks(lines, RE_STAGE_HEAD)) {
    const inside = out.some((o) => b.head.index >= o.from && b.head.index < o.to);
    const datedStage = /阶段$/.test(headTitle(b.head)) && findDates(b.head.text, ctx).length > 0;
    if (inside && datedStage) continue;
    out.push(b);
  }
  return out;
}

/**
 * 「分为动员部署、自查摸底、综合整治和总结提高四个阶段」: the stages named in one sentence,
 * without dates (a news item or a notice that gives the steps but not their days).
 */
function stagesListed(lines: Line[], src: string): StageDraft[] {
  const out: StageDraft[] = [];
  for (const l of lines) {
    if (!l.text || l.tab) continue;
    const m = /分(?:为|成)?([^。；;：:，,]{4,80}?)(?:[两二三四五六七八]|[2-8])个(?:阶段|步骤)/.exec(l.text);
    if (!m?.[1]) continue;
    const names = m[1].split(/[、]|和|及|与/).map((x) => stageName(x)).filter((x) => x.length >= 2 && x.length <= 12);
    if (names.length < 2) continue;
    const at = l.textStart + m.index;
    for (const name of names) {
      out.push({ p: { value: { name, start: null, end: null, goals: '' }, evidence: withText(src, { text: '', start: at, end: at + m[0].length }) }, line: l, to: l.index });
    }
    break;
  }
  return out;
}

/** The stages of a plan, the sections they came from and the period an intro states. */
export function findStages(lines: Line[], src: string, ctx: DateCtx, docYear: number | null): StagesFound {
  const drafts: StageDraft[] = [];
  const blocks = stageSections(lines, ctx);
  const yearRef = { year: docYear };
  let periodFromIntro: ProposedPeriod | null = null;
  for (const b of blocks) {
    const items = itemsOf(lines, b);
    const before = drafts.length;
    for (const it of items) {
      const d = parseStageItem(lines, it, yearRef, ctx.anchor, src);
      if (d) drafts.push(d);
    }
    if (items.length === 0) drafts.push(...datedParagraphs(lines, b, yearRef, ctx.anchor));
    periodFromIntro ??= introPeriod(lines, b, items, ctx, drafts[before]?.line.index);
  }
  if (drafts.length === 0) drafts.push(...stageLinesAnywhere(lines, docYear, ctx, src));
  if (drafts.length === 0) drafts.push(...stagesInSentences(lines, docYear, ctx.anchor, src));
  if (drafts.length === 0) drafts.push(...stagesListed(lines, src));
  return { drafts, blocks, periodFromIntro };
}
