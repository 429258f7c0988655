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
];

/** Year-less dates resolve against this when a plan states no year (fixed, so runs agree). */
export const CORPUS_TODAY = '2026-12-03';

export type CorpusPlan = { id: string; text: string; expected: ExpectedPlan; heldOut: boolean };

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
  }));
}

export type CorpusScores = {
  tuning: Evaluation;
  heldOut: Evaluation;
  perPlan: { id: string; heldOut: boolean; evaluation: Evaluation; proposal: PlanProposal }[];
};

/** Parses every plan with `parse` and scores it; the two parts are summed separately. */
export function scoreCorpus(plans: CorpusPlan[], parse: (text: string) => PlanProposal): CorpusScores {
  const perPlan = plans.map((p) => {
    const proposal = parse(p.text);
    return { id: p.id, heldOut: p.heldOut, evaluation: evaluate(proposal, p.expected), proposal };
  });
  return {
    tuning: totalOf(perPlan.filter((p) => !p.heldOut).map((p) => p.evaluation)),
    heldOut: totalOf(perPlan.filter((p) => p.heldOut).map((p) => p.evaluation)),
    perPlan,
  };
}
