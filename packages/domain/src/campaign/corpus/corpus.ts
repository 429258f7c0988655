/**
 * The plan corpus (see SOURCES.md): real plans and fragments from public pages, each with the
 * structure a reader wrote by hand, split into a tuning part and a held-out third. Reads the
 * files beside this module; used by the evaluation test and `npm run eval:plans`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, totalOf, type Evaluation, type ExpectedPlan } from '../evaluate.js';
import type { PlanProposal } from '../plan.types.js';

/** Drawn once with a seeded shuffle before any parser output was seen (SOURCES.md); never tuned on. */
export const HELD_OUT: readonly string[] = [
  'c04', 'c06', 'c07', 'c11', 'c22', 'c24', 'c25', 'c28', 'c29', 'c33', 'c37', 'c38', 'c40', 'c45', 'c46', 'c47',
  // the second collection (c48–c68, SOURCES.md): every third in the order collected, before any parser output was seen
  'c50', 'c53', 'c56', 'c59', 'c62', 'c65', 'c68',
  // the third collection (c69–c78, SOURCES.md): every one held out (FRESH_HELD_OUT)
  'c69', 'c70', 'c71', 'c72', 'c73', 'c74', 'c75', 'c76', 'c77', 'c78',
];

/**
 * The third collection: plans added after the parser of the second round was frozen, each
 * expectation written before the parser read it, all held out. Nobody tuned on them; their
 * figure is reported apart from the older held-out third.
 */
export const FRESH_HELD_OUT: readonly string[] = ['c69', 'c70', 'c71', 'c72', 'c73', 'c74', 'c75', 'c76', 'c77', 'c78'];

/** Year-less dates resolve against this when a plan states no year (fixed, so runs agree). */
export const CORPUS_TODAY = '2026-12-03';

export type CorpusPlan = {
  id: string;
  text: string;
  expected: ExpectedPlan;
  heldOut: boolean;
  /** Held out in the third collection (FRESH_HELD_OUT): never tuned on by any round. */
  fresh: boolean;
};

const dir = fileURLToPath(new URL('./plans/', import.meta.url));

export function readCorpus(): CorpusPlan[] {
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
  return ids.map((id) => ({
    id,
    text: readFileSync(`${dir}${id}.txt`, 'utf8'),
    expected: JSON.parse(readFileSync(`${dir}${id}.expected.json`, 'utf8')) as ExpectedPlan,
    heldOut: HELD_OUT.includes(id),
    fresh: FRESH_HELD_OUT.includes(id),
  }));
}

export type CorpusScores = {
  tuning: Evaluation;
  /** All held-out plans (the older third and the fresh collection together). */
  heldOut: Evaluation;
  /** The held-out third of the first two collections (c01–c68). */
  heldOutOld: Evaluation;
  /** The fresh collection (c69–), held out entirely. */
  heldOutNew: Evaluation;
  perPlan: { id: string; heldOut: boolean; fresh: boolean; evaluation: Evaluation; proposal: PlanProposal }[];
};

/** Parses every plan with `parse` and scores it; the two parts are summed separately. */
export function scoreCorpus(plans: CorpusPlan[], parse: (text: string) => PlanProposal): CorpusScores {
  const perPlan = plans.map((p) => {
    const proposal = parse(p.text);
    return { id: p.id, heldOut: p.heldOut, fresh: p.fresh, evaluation: evaluate(proposal, p.expected), proposal };
  });
  return {
    tuning: totalOf(perPlan.filter((p) => !p.heldOut).map((p) => p.evaluation)),
    heldOut: totalOf(perPlan.filter((p) => p.heldOut).map((p) => p.evaluation)),
    heldOutOld: totalOf(perPlan.filter((p) => p.heldOut && !p.fresh).map((p) => p.evaluation)),
    heldOutNew: totalOf(perPlan.filter((p) => p.fresh).map((p) => p.evaluation)),
    perPlan,
  };
}
