/**
 * What the plan importer accepts before it proposes anything: the size of a plan and whether a
 * text is a plan at all. Shared by the server (refusals) and the web (the same limits shown).
 */
import type { PlanProposal } from './plan.types.js';

/**
 * Real 实施方案 / 通知 run from one to about thirty pages (3 000–25 000 characters). A document
 * far longer is not one plan (a compilation, a yearbook, a whole file exported by mistake), and
 * parsing it would hold a worker for seconds: refused, with the limit in the message.
 */
export const PLAN_LIMITS = {
  /** Characters of plan text (pasted, or read from a file): about 130 pages of a government document. */
  maxChars: 100_000,
  /** Pages of a PDF. */
  maxPdfPages: 100,
  /** A PDF with fewer readable characters than this has no text layer (a scan). */
  minPdfChars: 20,
} as const;

/** Words a plan or notice cannot do without (its kind, its subject, its work). */
const RE_PLAN_WORDS = /方案|通知|计划|意见|要点|安排|办法|整治|排查|隐患|整改|检查|督查|督导|任务|阶段|步骤|工作|安全|措施|责任|落实/g;

/**
 * A text is taken for a plan when the parser found anything a campaign is made of, or the text
 * has an outline (一、 / （一） / 1.) or at least two of a plan's words. 「今天天气很好…」 is not.
 */
export function isPlanLike(text: string, p: PlanProposal): boolean {
  if (p.title || p.period || p.stages.length || p.tasks.length || p.reportingRules.length || p.indicators.length || p.teams.length) return true;
  const outline = text.match(/(?:^|[\n。；：:\s])(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、](?![0-9]))/g)?.length ?? 0;
  const words = new Set(text.match(RE_PLAN_WORDS) ?? []).size;
  return outline >= 2 || words >= 2;
}
