import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chemicalBalance,
  chemicalInputIssues,
  chemicalMovementIssues,
  chemicalStoreInputIssues,
  isValidCasNumber,
  monthlyCountState,
  quantityIssues,
  reconcileChemicalStore,
  type ChemicalMovementContext,
  type ChemicalMovementInput,
  type ChemicalMovementKind,
} from './chemical.js';

const today = '2026-12-08';
const acid = { id: '1', name: '盐酸', chemicalClass: 'general' as const, unit: 'mL' };
const cyanide = { id: '2', name: '氰化钾', chemicalClass: 'highly_toxic' as const, unit: 'g' };
const ctx = (over: Partial<ChemicalMovementContext> = {}): ChemicalMovementContext => ({ chemical: acid, storeId: '10', balance: 500, today, role: 'school_admin', ...over });
const withdraw = (over: Partial<ChemicalMovementInput> = {}): ChemicalMovementInput => ({ kind: 'withdraw', quantity: 50, onDate: today, teacher: '王老师', lesson: '九年级化学：酸的性质', ...over });
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

describe('chemical catalogue and stores', () => {
  it('checks the CAS check digit: 7647-01-0 (盐酸) and 7732-18-5 (水) are valid, a wrong digit is not', () => {
    expect(isValidCasNumber('7647-01-0')).toBe(true);
    expect(isValidCasNumber('7732-18-5')).toBe(true);
    expect(isValidCasNumber('7647-01-1')).toBe(false);
    expect(isValidCasNumber('7647010')).toBe(false);
  });

  it('asks for name, class and unit, and refuses a bad CAS number in Chinese', () => {
    const issues = chemicalInputIssues({ name: ' ', casNo: '123-45-6', chemicalClass: null, unit: '' });
    expect(fields(issues)).toEqual(['name', 'casNo', 'chemicalClass', 'unit']);
    expect(issues[1]!.message).toContain('CAS 号');
    expect(chemicalInputIssues({ name: '盐酸', casNo: '', chemicalClass: 'general', unit: 'mL' })).toEqual([]);
  });

  it('needs two different holders of the two locks (双人双锁)', () => {
    expect(fields(chemicalStoreInputIssues({ name: '化学实验室危化品柜', kind: 'cabinet', holderA: '张伟', holderB: '张伟' }))).toEqual(['holderB']);
    expect(fields(chemicalStoreInputIssues({ name: '柜', kind: 'cabinet', holderA: '', holderB: '' }))).toEqual(['holderA', 'holderB']);
    expect(chemicalStoreInputIssues({ name: '柜', kind: 'cabinet', holderA: '张伟', holderB: '李娜' })).toEqual([]);
  });
});

describe('chemical movements', () => {
  it('refuses negative and zero quantities, more than three decimals', () => {
    expect(quantityIssues('quantity', -1)[0]!.message).toBe('数量不能为负数');
    expect(quantityIssues('quantity', 0)[0]!.message).toBe('数量必须大于 0');
    expect(quantityIssues('quantity', 0, { allowZero: true })).toEqual([]);
    expect(quantityIssues('quantity', 1.0005)[0]!.message).toContain('3 位小数');
    expect(chemicalMovementIssues(withdraw({ quantity: -5 }), ctx())[0]).toEqual({ field: 'quantity', message: '数量不能为负数' });
  });

  it('refuses an issue larger than the balance, naming both', () => {
    const issues = chemicalMovementIssues(withdraw({ quantity: 600 }), ctx());
    expect(issues).toEqual([{ field: 'quantity', message: '领用数量 600 mL 超过库存 500 mL' }]);
    expect(chemicalMovementIssues(withdraw({ quantity: 500 }), ctx())).toEqual([]);
  });

  it('issues to a lesson with the teacher; a highly toxic chemical needs a second person', () => {
    expect(fields(chemicalMovementIssues(withdraw({ teacher: '', lesson: '' }), ctx()))).toEqual(['teacher', 'lesson']);
    expect(fields(chemicalMovementIssues(withdraw({ quantity: 5 }), ctx({ chemical: cyanide, balance: 10 })))).toEqual(['secondPerson']);
    expect(fields(chemicalMovementIssues(withdraw({ quantity: 5, secondPerson: '王老师' }), ctx({ chemical: cyanide, balance: 10 })))).toEqual(['secondPerson']);
    expect(chemicalMovementIssues(withdraw({ quantity: 5, secondPerson: '李娜' }), ctx({ chemical: cyanide, balance: 10 }))).toEqual([]);
  });

  it('a purchase is approved by two different people and moves no stock', () => {
    const p: ChemicalMovementInput = { kind: 'purchase', quantity: 1000, onDate: today, approverA: '刘校长', approverB: '刘校长' };
    expect(fields(chemicalMovementIssues(p, ctx()))).toEqual(['approverB']);
    expect(chemicalBalance([{ kind: 'purchase', quantity: 1000 }])).toBe(0);
  });

  it('a controlled chemical is received only against a purchase, never beyond what it awaits', () => {
    const r: ChemicalMovementInput = { kind: 'receive', quantity: 20, onDate: today, receivedBy: '张伟' };
    expect(fields(chemicalMovementIssues(r, ctx({ chemical: cyanide })))).toEqual(['purchaseId']);
    expect(chemicalMovementIssues(r, ctx())).toEqual([]);
    const purchase = { id: '7', chemicalId: '2', storeId: '10', outstanding: 15 };
    expect(chemicalMovementIssues({ ...r, purchaseId: '7' }, ctx({ chemical: cyanide, purchase }))[0]!.message).toBe('入库数量 20 g 超过该采购尚未入库的 15 g');
  });

  it('returns at most what a withdrawal still has out, to the same store', () => {
    const w = { id: '8', chemicalId: '1', storeId: '10', outstanding: 30, teacher: '王老师' };
    const ret: ChemicalMovementInput = { kind: 'return', quantity: 40, onDate: today, withdrawalId: '8' };
    expect(chemicalMovementIssues(ret, ctx({ withdrawal: w }))[0]!.message).toBe('归还数量 40 mL 超过该次领用未归还的 30 mL');
    expect(fields(chemicalMovementIssues({ ...ret, quantity: 10 }, ctx({ withdrawal: { ...w, storeId: '11' } })))).toEqual(['withdrawalId']);
    expect(chemicalMovementIssues({ ...ret, quantity: 30 }, ctx({ withdrawal: w }))).toEqual([]);
  });

  it('a disposal names the contractor and the manifest and cannot exceed the balance', () => {
    const d: ChemicalMovementInput = { kind: 'dispose', quantity: 501, onDate: today };
    expect(fields(chemicalMovementIssues(d, ctx()))).toEqual(['contractor', 'manifestNo', 'quantity']);
  });

  it('no date after today (Beijing), and staff may only issue and take back', () => {
    expect(fields(chemicalMovementIssues(withdraw({ onDate: '2026-12-09' }), ctx()))).toEqual(['onDate']);
    expect(fields(chemicalMovementIssues({ kind: 'receive', quantity: 1, onDate: today, receivedBy: '甲' }, ctx({ role: 'school_staff' })))).toEqual(['kind']);
    expect(chemicalMovementIssues(withdraw(), ctx({ role: 'school_staff' }))).toEqual([]);
  });

  it('keeps exact sums in thousandths: 0.1 + 0.2 received, 0.3 withdrawn leaves 0', () => {
    expect(chemicalBalance([{ kind: 'receive', quantity: 0.1 }, { kind: 'receive', quantity: 0.2 }, { kind: 'withdraw', quantity: 0.3 }])).toBe(0);
  });

  it('property: movements the rules accept never take a store below zero', () => {
    const kinds: ChemicalMovementKind[] = ['receive', 'withdraw', 'dispose', 'purchase'];
    fc.assert(
      fc.property(fc.array(fc.record({ kind: fc.constantFrom(...kinds), quantity: fc.integer({ min: -50, max: 5000 }).map((n) => n / 10) }), { maxLength: 40 }), (seq) => {
        const accepted: { kind: ChemicalMovementKind; quantity: number }[] = [];
        for (const m of seq) {
          const input: ChemicalMovementInput = { kind: m.kind, quantity: m.quantity, onDate: today, teacher: '甲', lesson: '课', receivedBy: '乙', approverA: '丙', approverB: '丁', contractor: '戊', manifestNo: 'NO1' };
          if (chemicalMovementIssues(input, ctx({ balance: chemicalBalance(accepted) })).length === 0) accepted.push(m);
          expect(chemicalBalance(accepted)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('reconciliation (盘点)', () => {
  const book = [
    { chemicalId: '1', name: '盐酸', balance: 500 },
    { chemicalId: '2', name: '硫酸', balance: 250.5 },
  ];
  const known = new Set(['1', '2', '3']);

  it('finds the mismatch as counted − book', () => {
    const r = reconcileChemicalStore(book, [{ chemicalId: '1', counted: 480 }, { chemicalId: '2', counted: 250.5 }], known);
    expect(r.issues).toEqual([]);
    expect(r.mismatches).toEqual([{ chemicalId: '1', book: 500, counted: 480, difference: -20 }]);
  });

  it('needs every chemical on the book counted, once, and no negative count', () => {
    const r = reconcileChemicalStore(book, [{ chemicalId: '1', counted: -1 }, { chemicalId: '1', counted: 2 }], known);
    expect(fields(r.issues)).toEqual(['lines.0.counted', 'lines.1.chemicalId', 'lines']);
    expect(r.issues[2]!.message).toContain('硫酸');
  });

  it('stock found that the book does not hold is a mismatch too', () => {
    const r = reconcileChemicalStore(book, [{ chemicalId: '1', counted: 500 }, { chemicalId: '2', counted: 250.5 }, { chemicalId: '3', counted: 3 }], known);
    expect(r.mismatches).toEqual([{ chemicalId: '3', book: 0, counted: 3, difference: 3 }]);
  });
});

describe('the monthly count of controlled chemicals (Asia/Shanghai months)', () => {
  it('reminds from the 20th of a month without a count and calls a past month without one missed', () => {
    expect(monthlyCountState({ today: '2026-12-19', countedMonths: new Set(['2026-11']), createdOn: '2026-01-01' })).toEqual({ remind: null, missed: null });
    expect(monthlyCountState({ today: '2026-12-20', countedMonths: new Set(['2026-11']), createdOn: '2026-01-01' })).toEqual({ remind: '2026-12', missed: null });
    expect(monthlyCountState({ today: '2027-01-03', countedMonths: new Set(['2026-11']), createdOn: '2026-01-01' })).toEqual({ remind: null, missed: '2026-12' });
  });

  it('does not call a month missed that the store did not live through', () => {
    expect(monthlyCountState({ today: '2027-01-03', countedMonths: new Set(), createdOn: '2026-12-15' })).toEqual({ remind: null, missed: null });
  });
});
