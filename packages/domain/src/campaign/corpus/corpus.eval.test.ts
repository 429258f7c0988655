import { describe, expect, it } from 'vitest';
import { formatFieldTable } from '../evaluate.js';
import { parsePlan } from '../parse-plan.js';
import { CORPUS_TODAY, FRESH_HELD_OUT, HELD_OUT, readCorpus, scoreCorpus } from './corpus.js';

/*
 * The importer on 78 real plans it was not written from (SOURCES.md: 47 of the first collection,
 * 21 of the second, 10 of the third). Held out: a third of the first 68 (23 plans) and all 10 of
 * the third collection, which nobody tuned on. The floors sit a little under the figures
 * measured when the parser was frozen (issue 16, third round: held-out all fields F1 64.3 % —
 * the older 23 alone 62.6 %, the fresh 10 alone 68.1 %; period 33.3 % is lower than the last
 * round's floor because the fresh plans state periods the parser misses). The held-out floors
 * are the honest ones — raise them only with a parser that was not tuned on those plans.
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
    expect(plans.filter((p) => p.fresh).map((p) => p.id)).toEqual([...FRESH_HELD_OUT]);
    // a third of the first two collections, and every plan of the fresh one
    const older = plans.filter((p) => !p.fresh);
    expect(older.filter((p) => p.heldOut).length).toBe(Math.round(older.length / 3));
    expect(FRESH_HELD_OUT.every((id) => HELD_OUT.includes(id))).toBe(true);
  });

  it('prints the per-field tables and meets the floors (held-out: the honest figures)', () => {
    console.log(
      [
        formatFieldTable('tuning part', scores.tuning),
        formatFieldTable('held-out, older third', scores.heldOutOld),
        formatFieldTable('held-out, fresh collection', scores.heldOutNew),
        formatFieldTable('held-out, combined', scores.heldOut),
      ].join('\n\n'),
    );
    const h = scores.heldOut;
    expect(all(h)).toBeGreaterThanOrEqual(0.64);
    expect(all(scores.heldOutOld)).toBeGreaterThanOrEqual(0.62);
    expect(all(scores.heldOutNew)).toBeGreaterThanOrEqual(0.68);
    expect(h.title.f1).toBeGreaterThanOrEqual(0.7);
    expect(h.tasks.f1).toBeGreaterThanOrEqual(0.61);
    expect(h.focusDomains.f1).toBeGreaterThanOrEqual(0.69);
    expect(h.period.f1).toBeGreaterThanOrEqual(0.33);
    expect(h.stages.f1).toBeGreaterThanOrEqual(0.34);
    expect(h.docNumber.recall).toBe(1);
    expect(all(scores.tuning)).toBeGreaterThanOrEqual(0.92);
  });

  it('every evidence of every plan is the pasted text at its offsets', () => {
    for (const { id, proposal: p } of scores.perPlan) {
      const text = plans.find((x) => x.id === id)?.text ?? '';
      const items = [p.title, p.docNumber, p.issuer, p.issuedOn, p.period, ...p.stages, ...p.focusDomains, ...p.tasks, ...p.reportingRules, ...p.indicators, ...p.teams];
      for (const x of items) if (x) expect(text.slice(x.evidence.start, x.evidence.end), id).toBe(x.evidence.text);
    }
  });
});
