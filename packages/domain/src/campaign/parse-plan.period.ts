/**
 * The campaign period (起止时间): a stage section's intro, else a range after 时间/为期/从/自
 * (or opening the paragraph under a 时间 heading, or followed by the work it runs: …至…开展),
 * else 「2020年度」 in the title, else the first to the last stage.
 */
import { findDates } from './dates.js';
import type { ProposedPeriod, StageDraft } from './parse-plan.stages.js';
import { sentenceAt, type DateCtx, type Line } from './parse-plan.text.js';
import type { Proposed, ProposedStage } from './plan.types.js';

export type PeriodSources = {
  stages: StageDraft[];
  periodFromIntro: ProposedPeriod | null;
  title: Proposed<string> | null;
  issuedOn: Proposed<string> | null;
};

export function findPeriod(lines: Line[], src: string, ctx: DateCtx, from: PeriodSources): ProposedPeriod | null {
  const stages = from.stages.map((d) => d.p);
  return (
    from.periodFromIntro ??
    periodInBody(lines, src, ctx, from.stages) ??
    (from.title ? periodOfTitleYear(from.title) : null) ??
    periodOfStages(stages, from.issuedOn, src)
  );
}

/** A date range after 时间/期限/为期/起止/从/自, outside the stage items. */
function periodInBody(lines: Line[], src: string, ctx: DateCtx, stageDrafts: StageDraft[]): ProposedPeriod | null {
  const stageLineIdx = new Set(stageDrafts.flatMap((d) => Array.from({ length: d.to - d.line.index }, (_, k) => d.line.index + k)));
  for (const l of lines) {
    if (!l.text || stageLineIdx.has(l.index) || l.tab) continue;
    for (const d of findDates(l.text, ctx)) {
      if (!d.range || !d.from || !d.to) continue;
      const before = l.text.slice(Math.max(0, d.index - 12), d.index);
      // …or the date range opens the paragraph under a heading such as 「二、整治时间」.
      const heading = d.index === 0 ? lines.slice(0, l.index).reverse().find((x) => x.text) : undefined;
      const underTimeHeading = !!heading?.num && heading.text.length <= 20 && /(时间|期限|起止|周期|时段)/.test(heading.text);
      // 「3月7日至3月31日学校组织开展了…」「于4月1日至6月30日在全县开展…」: the range the work runs in
      const after = l.text.slice(d.endIndex, d.endIndex + 16);
      const opensWork = /^[^。；;，,]{0,10}?(?:组织)?开展/.test(after) && (d.index === 0 || /(于|在|，|,|。)\s*$/.test(before));
      if (!/(时间|期限|为期|起止|从|自|期间|周期)/.test(before) && !underTimeHeading && !opensWork) continue;
      const ev = sentenceAt(src, l.textStart + d.index, l.textStart + d.endIndex);
      return { value: { start: d.from, end: d.to }, evidence: ev };
    }
  }
  return null;
}

/** 「2020年度…方案」: the calendar year; 「…三年行动计划（2022—2024年）」: the years. */
function periodOfTitleYear(title: Proposed<string>): ProposedPeriod | null {
  const r = /([0-9]{4})\s*年?\s*[-－—–~～至到]\s*([0-9]{4})\s*年/.exec(title.value);
  if (r && Number(r[2]) >= Number(r[1])) return { value: { start: `${r[1]}-01-01`, end: `${r[2]}-12-31` }, evidence: title.evidence };
  const y = /([0-9]{4})\s*年度/.exec(title.value) ?? /([0-9]{4})\s*年(?:专项|工作|安全)/.exec(title.value);
  return y ? { value: { start: `${y[1]}-01-01`, end: `${y[1]}-12-31` }, evidence: title.evidence } : null;
}

/** From the first stage's start (else the issue date, else its month) to the last stage's end. */
function periodOfStages(stages: Proposed<ProposedStage>[], issuedOn: Proposed<string> | null, src: string): ProposedPeriod | null {
  const starts = stages.map((s) => s.value.start).filter((x): x is string => !!x);
  const ends = stages.map((s) => s.value.end).filter((x): x is string => !!x);
  const firstStage = stages[0];
  if (!ends.length || !firstStage) return null;
  let start: string | null = firstStage.value.start;
  if (!start) {
    const fe = firstStage.value.end ?? ends[0] ?? '';
    start = issuedOn && issuedOn.value <= fe ? issuedOn.value : `${fe.slice(0, 7)}-01`;
  }
  const all = [start, ...starts].sort();
  const s0 = all[0] ?? start;
  const e0 = [...ends].sort()[ends.length - 1] ?? '';
  // a stage that starts after every stated end runs to a day the plan does not give
  if ((all[all.length - 1] ?? '') > e0) return null;
  const lastStage = stages[stages.length - 1] ?? firstStage;
  return {
    value: { start: s0, end: e0 },
    evidence: { text: src.slice(firstStage.evidence.start, lastStage.evidence.end), start: firstStage.evidence.start, end: lastStage.evidence.end },
  };
}
