import { describe, expect, it } from 'vitest';
import { formatFieldTable } from '../evaluate.js';
import { parsePlan } from '../parse-plan.js';
import { CORPUS_TODAY, HELD_OUT, readCorpus, scoreCorpus } from './corpus.js';

/*
 * The importer on 68 real plans it was not written from (SOURCES.md: 47 of the first collection,
 * 21 of the second). The floors sit a little under the figures measured when the parser was
 * frozen (held-out third, 23 plans: all fields F1 56.3 %; the first 16 alone 62.9 %, the seven
 * new ones 40.7 %); the held-out floors are the honest ones — raise them only with a parser that
 * was not tuned on those plans.
 */
const plans = readCorpus();
const scores = scoreCorpus(plans, (text) => parsePlan(text, { today: CORPUS_TODAY }));
const all = (e: typeof scores.heldOut) => {
  const fields = Object.values(e);
  const tp = fields.reduce((n, s) => n + s.tp, 0);
  const fp = fields.reduce((n, s) => n + s.fp, 0);
  const fn = fields.reduce((n, s) => n + s.fn, 0);
  return (2 * tp) / (2 * tp + fp + fn);
};

describe('the plan importer on the corpus of real plans', () => {
  it('has at least 40 plans, a text and an expectation each, a third held out', () => {
    expect(plans.length).toBeGreaterThanOrEqual(40);
    expect(plans.filter((p) => p.heldOut).map((p) => p.id)).toEqual([...HELD_OUT]);
    expect(HELD_OUT.length).toBe(Math.round(plans.length / 3));
  });

  it('prints the per-field tables and meets the floors (held-out third: the honest figure)', () => {
    console.log(`\n${formatFieldTable('tuning part', scores.tuning)}\n\n${formatFieldTable('held-out third', scores.heldOut)}\n`);
    const h = scores.heldOut;
    expect(all(h)).toBeGreaterThanOrEqual(0.56);
    expect(h.title.f1).toBeGreaterThanOrEqual(0.69);
    expect(h.tasks.f1).toBeGreaterThanOrEqual(0.55);
    expect(h.focusDomains.f1).toBeGreaterThanOrEqual(0.46);
    expect(h.period.f1).toBeGreaterThanOrEqual(0.42);
    expect(h.stages.f1).toBeGreaterThanOrEqual(0.23);
    expect(h.docNumber.recall).toBe(1);
    expect(all(scores.tuning)).toBeGreaterThanOrEqual(0.87);
  });

  it('every evidence of every plan is the pasted text at its offsets', () => {
    for (const { id, proposal: p } of scores.perPlan) {
      const text = plans.find((x) => x.id === id)?.text ?? '';
      const items = [p.title, p.docNumber, p.issuer, p.issuedOn, p.period, ...p.stages, ...p.focusDomains, ...p.tasks, ...p.reportingRules, ...p.indicators, ...p.teams];
      for (const x of items) if (x) expect(text.slice(x.evidence.start, x.evidence.end), id).toBe(x.evidence.text);
    }
  });
});
