import { describe, expect, it } from 'vitest';
import { itemApplies, tally, validateAnswers, validateChecklistItems } from './answers.js';
import type { ChecklistItem } from './inspection.types.js';

const item = (code: string, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  code, text: `检查${code}`, standard: '合格', basis: '规定', schoolKinds: [], pointTypes: [], weight: 1, ...over,
});
const v = { checklistVersionId: '7', items: [item('A'), item('B', { weight: 2 }), item('C', { schoolKinds: ['vocational'] })] };
const applies = (i: ChecklistItem) => itemApplies(i, 'primary', 'canteen');

describe('validateAnswers', () => {
  it('accepts every applicable item answered once', () => {
    expect(validateAnswers([v], [
      { checklistVersionId: '7', itemCode: 'A', answer: 'pass' },
      { checklistVersionId: '7', itemCode: 'B', answer: 'fail', note: '灭火器过期' },
    ], applies)).toEqual([]);
  });
  it('refuses a fail without a note, an item answered twice, an unknown item, a missing item', () => {
    const codes = validateAnswers([v], [
      { checklistVersionId: '7', itemCode: 'A', answer: 'fail', note: '  ' },
      { checklistVersionId: '7', itemCode: 'A', answer: 'pass' },
      { checklistVersionId: '8', itemCode: 'A', answer: 'pass' },
    ], applies).map((p) => p.code);
    expect(codes).toEqual(['FAIL_NEEDS_NOTE', 'DUPLICATE_ANSWER', 'UNKNOWN_ITEM', 'MISSING_ANSWER']);
  });
  it('messages are in Chinese and name the item', () => {
    const [p] = validateAnswers([v], [{ checklistVersionId: '7', itemCode: 'B', answer: 'fail' }, { checklistVersionId: '7', itemCode: 'A', answer: 'na' }], applies);
    expect(p!.message).toContain('检查B');
    expect(p!.message).toContain('不合格');
  });
});

describe('itemApplies', () => {
  it('filters by school kind and point type; empty lists mean all', () => {
    expect(itemApplies(item('X'), null, null)).toBe(true);
    expect(itemApplies(item('X', { schoolKinds: ['vocational'] }), 'primary', null)).toBe(false);
    expect(itemApplies(item('X', { pointTypes: ['lab'] }), 'primary', 'lab')).toBe(true);
    expect(itemApplies(item('X', { pointTypes: ['lab'] }), 'primary', 'gate')).toBe(false);
  });
});

describe('tally', () => {
  it('weights the score and leaves n/a out', () => {
    expect(tally([v], [
      { checklistVersionId: '7', itemCode: 'A', answer: 'pass' },
      { checklistVersionId: '7', itemCode: 'B', answer: 'fail', note: 'x' },
      { checklistVersionId: '7', itemCode: 'C', answer: 'na' },
    ])).toEqual({ pass: 1, fail: 1, na: 1, score: 33.3 });
    expect(tally([v], []).score).toBeNull();
  });
});

describe('validateChecklistItems', () => {
  it('needs items with codes, text and sane weights', () => {
    expect(validateChecklistItems([])).toEqual(['检查表至少要有一个检查项']);
    expect(validateChecklistItems([item('A'), item('A'), { code: 'B', text: '', weight: 0 }])).toHaveLength(3);
  });
});
