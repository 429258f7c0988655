/**
 * A task's deadline (完成时限): 「完成时限：2023年6月」, 「6月底前完成」, or an ongoing task
 * (持续推进 / 长期坚持 / 常态化开展), which runs to the end of the campaign when the plan has a period.
 */
import { findDates } from './dates.js';
import type { DateCtx } from './parse-plan.text.js';

const RE_DUE_LABEL = /(?:完成时限|完成时间|时间要求|办结时限|时限要求|时限)\s*[：:]\s*([^；;。\n）)]+)/;
const RE_ONGOING = /(持续推进|长期坚持|长期开展|常态化(?:推进|开展)|持续开展|全年推进|长期)/;

/** The ISO deadline a task's text (or a table's 时限 cell) states, else null. */
export function deadlineIn(text: string, ctx: DateCtx, opts: { cell?: boolean } = {}): string | null {
  const dctx = { year: ctx.year, anchor: ctx.anchor };
  const label = RE_DUE_LABEL.exec(text);
  const labelled = opts.cell ? text : label?.[1];
  if (labelled) {
    const ds = findDates(labelled, dctx).filter((d) => d.to);
    const last = ds[ds.length - 1];
    if (last?.to) return last.to;
    if (RE_ONGOING.test(labelled)) return ctx.periodEnd ?? null;
  }
  if (opts.cell) return null;
  const due = findDates(text, dctx).find((d) => d.deadline && d.to);
  if (due?.to) return due.to;
  return /(持续推进|长期坚持|常态化(?:推进|开展))/.test(text) ? (ctx.periodEnd ?? null) : null;
}
