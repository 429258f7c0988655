/**
 * `npm run eval:plans`: the plan parser on the corpus, one per-field table for the tuning part
 * and one each for the held-out third, the fresh held-out collection and both together (the honest figures). `--plan c12` prints one plan's proposal
 * (tuning plans only: looking at held-out output while tuning is what the split forbids).
 */
import { formatFieldTable } from '../evaluate.js';
import { parsePlan } from '../parse-plan.js';
import { CORPUS_TODAY, readCorpus, scoreCorpus } from './corpus.js';

const plans = readCorpus();
const s = scoreCorpus(plans, (t) => parsePlan(t, { today: CORPUS_TODAY }));
const one = process.argv.indexOf('--plan');
if (one >= 0) {
  const id = process.argv[one + 1];
  const p = s.perPlan.find((x) => x.id === id);
  if (!p || p.heldOut) {
    console.error(p ? `${id} is held out: its output is not shown` : `no plan ${id}`);
    process.exit(1);
  }
  console.log(JSON.stringify(p.proposal, (k, v) => (k === 'evidence' ? undefined : v), 1));
  console.log(formatFieldTable(p.id, p.evaluation));
} else {
  const n = (f: (p: (typeof plans)[number]) => boolean) => plans.filter(f).length;
  console.log(`${formatFieldTable(`tuning part (${n((p) => !p.heldOut)} plans)`, s.tuning)}\n`);
  console.log(`${formatFieldTable(`held-out, old third (${n((p) => p.heldOut && !p.fresh)} plans)`, s.heldOutOld)}\n`);
  console.log(`${formatFieldTable(`held-out, fresh collection (${n((p) => p.fresh)} plans)`, s.heldOutNew)}\n`);
  console.log(formatFieldTable(`held-out, combined (${n((p) => p.heldOut)} plans)`, s.heldOut));
}
