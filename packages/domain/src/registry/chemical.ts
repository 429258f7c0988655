/**
 * Hazardous chemicals (危化品): a school's catalogue, its stores and cabinets with the two
 * holders of the two locks (双人双锁), the lifecycle as movements, the balance per store and
 * the reconciliation (盘点) of counted against book. "建立危险源全周期管理制度…危化品采购、存储、
 * 使用、处置等全流程" (seeds 001, 002, 004). Pure rules, no I/O.
 *
 * Movements (each a quantity > 0 in the chemical's unit):
 * - purchase 采购申请: approved by two people (双人审批); moves no stock, it is what a receipt is
 *   booked against;
 * - receive 入库: + balance; a controlled chemical (剧毒 / 易制毒 / 易制爆) only against an
 *   approved purchase, and never more than the purchase still awaits;
 * - withdraw 领用: − balance, to a lesson with the teacher; never more than the store holds;
 *   a highly toxic chemical with a second person (双人领用);
 * - return 归还: + balance, against the withdrawal, never more than it still has out;
 * - dispose 处置: − balance, waste handed to a licensed contractor with the manifest (联单).
 *
 * Quantities have at most three decimals; arithmetic is done in thousandths (`toMilli`) so
 * that 0.1 + 0.2 is exactly 0.3.
 */
import type { Role } from '../roles.js';

export const CHEMICAL_CLASSES = ['highly_toxic', 'precursor', 'explosive_precursor', 'general'] as const;
export type ChemicalClass = (typeof CHEMICAL_CLASSES)[number];
export const CHEMICAL_CLASS_LABELS: Record<ChemicalClass, string> = {
  highly_toxic: '剧毒',
  precursor: '易制毒',
  explosive_precursor: '易制爆',
  general: '一般危化品',
};
/** Classes under public-security control: received only against an approved purchase, counted every month. */
export const CONTROLLED_CHEMICAL_CLASSES: readonly ChemicalClass[] = ['highly_toxic', 'precursor', 'explosive_precursor'];
export const isControlledChemical = (c: ChemicalClass): boolean => CONTROLLED_CHEMICAL_CLASSES.includes(c);

export const CHEMICAL_STORE_KINDS = ['store', 'cabinet'] as const;
export type ChemicalStoreKind = (typeof CHEMICAL_STORE_KINDS)[number];
export const CHEMICAL_STORE_KIND_LABELS: Record<ChemicalStoreKind, string> = { store: '危化品库房', cabinet: '危化品柜' };

export const CHEMICAL_MOVEMENT_KINDS = ['purchase', 'receive', 'withdraw', 'return', 'dispose'] as const;
export type ChemicalMovementKind = (typeof CHEMICAL_MOVEMENT_KINDS)[number];
export const CHEMICAL_MOVEMENT_KIND_LABELS: Record<ChemicalMovementKind, string> = {
  purchase: '采购审批',
  receive: '入库',
  withdraw: '领用',
  return: '归还',
  dispose: '处置',
};
/** What a movement does to the store's balance. */
export const CHEMICAL_MOVEMENT_SIGN: Record<ChemicalMovementKind, -1 | 0 | 1> = { purchase: 0, receive: 1, withdraw: -1, return: 1, dispose: -1 };

export const CHEMICAL_LIMITS = {
  name: 100,
  unit: 10,
  person: 50,
  text: 200,
  note: 1000,
  quantity: 1_000_000,
  decimals: 3,
  countLines: 500,
} as const;

export type ChemicalFieldIssue = { field: string; message: string };

const blank = (s: string | null | undefined): boolean => !s || s.trim().length === 0;
const same = (a: string | null | undefined, b: string | null | undefined): boolean => !blank(a) && !blank(b) && a!.trim() === b!.trim();

/** A quantity in thousandths of its unit (the exact form every sum uses). */
export function toMilli(q: number): number {
  return Math.round(q * 1000);
}
export function fromMilli(m: number): number {
  return m / 1000;
}

/** 1234.5 → "1234.5", 3 → "3": how a quantity reads in messages. */
export function formatQuantity(q: number, unit = ''): string {
  const s = fromMilli(toMilli(q)).toString();
  return unit ? `${s} ${unit}` : s;
}

function decimalsOf(q: number): number {
  const s = String(q);
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** The problems of one quantity (`allowZero` for a counted quantity): a number, not negative, at most three decimals, within the limit. */
export function quantityIssues(field: string, q: number | null | undefined, opts: { allowZero?: boolean } = {}): ChemicalFieldIssue[] {
  if (q === null || q === undefined || !Number.isFinite(q)) return [{ field, message: '请填写数量' }];
  if (q < 0) return [{ field, message: '数量不能为负数' }];
  if (q === 0 && !opts.allowZero) return [{ field, message: '数量必须大于 0' }];
  if (decimalsOf(q) > CHEMICAL_LIMITS.decimals) return [{ field, message: `数量最多 ${CHEMICAL_LIMITS.decimals} 位小数` }];
  if (q > CHEMICAL_LIMITS.quantity) return [{ field, message: `数量不能超过 ${CHEMICAL_LIMITS.quantity}` }];
  return [];
}

/**
 * Whether a CAS registry number is well formed and its check digit right (the last digit is
 * the sum of the other digits, each times its position from the right, modulo 10): 7647-01-0
 * (盐酸) is, 7647-01-1 is not.
 */
export function isValidCasNumber(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas.trim());
  if (!m) return false;
  const digits = (m[1]! + m[2]!).split('').reverse();
  const sum = digits.reduce((acc, d, i) => acc + Number(d) * (i + 1), 0);
  return sum % 10 === Number(m[3]);
}

export type ChemicalInput = { name?: string | null; casNo?: string | null; chemicalClass?: ChemicalClass | null; unit?: string | null };

/** Every problem of a catalogue entry: name, class and unit required; a CAS number, when given, valid. */
export function chemicalInputIssues(c: ChemicalInput): ChemicalFieldIssue[] {
  const issues: ChemicalFieldIssue[] = [];
  if (blank(c.name)) issues.push({ field: 'name', message: '请填写危化品名称' });
  else if (c.name!.trim().length > CHEMICAL_LIMITS.name) issues.push({ field: 'name', message: `名称不能超过 ${CHEMICAL_LIMITS.name} 个字` });
  if (!blank(c.casNo) && !isValidCasNumber(c.casNo!)) issues.push({ field: 'casNo', message: `CAS 号“${c.casNo!.trim()}”格式或校验位不正确（如 7647-01-0）` });
  if (!c.chemicalClass) issues.push({ field: 'chemicalClass', message: '请选择类别（剧毒、易制毒、易制爆或一般危化品）' });
  if (blank(c.unit)) issues.push({ field: 'unit', message: '请填写计量单位（如 g、mL、瓶）' });
  else if (c.unit!.trim().length > CHEMICAL_LIMITS.unit) issues.push({ field: 'unit', message: `计量单位不能超过 ${CHEMICAL_LIMITS.unit} 个字` });
  return issues;
}

export type ChemicalStoreInput = { name?: string | null; kind?: ChemicalStoreKind | null; location?: string | null; holderA?: string | null; holderB?: string | null };

/** Every problem of a store or cabinet: a name, a kind, and two different holders of its two locks (双人双锁). */
export function chemicalStoreInputIssues(s: ChemicalStoreInput): ChemicalFieldIssue[] {
  const issues: ChemicalFieldIssue[] = [];
  if (blank(s.name)) issues.push({ field: 'name', message: '请填写库房或柜的名称' });
  else if (s.name!.trim().length > CHEMICAL_LIMITS.name) issues.push({ field: 'name', message: `名称不能超过 ${CHEMICAL_LIMITS.name} 个字` });
  if (!s.kind) issues.push({ field: 'kind', message: '请选择库房或危化品柜' });
  if ((s.location ?? '').trim().length > CHEMICAL_LIMITS.text) issues.push({ field: 'location', message: `位置不能超过 ${CHEMICAL_LIMITS.text} 个字` });
  for (const f of ['holderA', 'holderB'] as const) {
    if (blank(s[f])) issues.push({ field: f, message: `请填写${f === 'holderA' ? '第一把锁' : '第二把锁'}的保管人（双人双锁）` });
    else if (s[f]!.trim().length > CHEMICAL_LIMITS.person) issues.push({ field: f, message: `保管人不能超过 ${CHEMICAL_LIMITS.person} 个字` });
  }
  if (same(s.holderA, s.holderB)) issues.push({ field: 'holderB', message: '两把锁须由两人分别保管（双人双锁），不能是同一人' });
  return issues;
}

export type ChemicalMovementInput = {
  kind: ChemicalMovementKind;
  quantity: number;
  onDate?: string | null;
  /** purchase: the two approvers (双人审批). */
  approverA?: string | null;
  approverB?: string | null;
  supplier?: string | null;
  /** receive: who received it, and the purchase it is booked against. */
  receivedBy?: string | null;
  purchaseId?: string | null;
  /** withdraw / return: the teacher, the lesson, the second person for a highly toxic one. */
  teacher?: string | null;
  lesson?: string | null;
  secondPerson?: string | null;
  withdrawalId?: string | null;
  /** dispose: the licensed contractor and the transfer manifest (危废转移联单). */
  contractor?: string | null;
  manifestNo?: string | null;
};

/** What the rules need to know besides the input: the chemical, the store's balance of it, the purchase or withdrawal named. */
export type ChemicalMovementContext = {
  chemical: { id: string; name: string; chemicalClass: ChemicalClass; unit: string };
  storeId: string;
  /** The store's book balance of the chemical before this movement. */
  balance: number;
  /** Today in Asia/Shanghai. */
  today: string;
  role: Role;
  /** The purchase a receipt names (found in the same school), with what it still awaits. */
  purchase?: { id: string; chemicalId: string; storeId: string; outstanding: number } | null;
  /** The withdrawal a return names (found in the same school), with what is still out. */
  withdrawal?: { id: string; chemicalId: string; storeId: string; outstanding: number; teacher: string } | null;
};

/** Who records what: the school's staff issue to a lesson and take back; purchases, receipts and disposals are the admin's. */
export function mayRecordChemicalMovement(role: Role, kind: ChemicalMovementKind): boolean {
  if (role === 'school_admin') return true;
  if (role === 'school_staff') return kind === 'withdraw' || kind === 'return';
  return false;
}

/** The movement kinds a role may record (the form offers only these). */
export function chemicalMovementKindsFor(role: Role): ChemicalMovementKind[] {
  return CHEMICAL_MOVEMENT_KINDS.filter((k) => mayRecordChemicalMovement(role, k));
}

function required(issues: ChemicalFieldIssue[], field: string, value: string | null | undefined, label: string, max: number = CHEMICAL_LIMITS.person) {
  if (blank(value)) issues.push({ field, message: `请填写${label}` });
  else if (value!.trim().length > max) issues.push({ field, message: `${label}不能超过 ${max} 个字` });
}

/**
 * Every problem of a movement, as `field: reason` issues (empty when it may be written): the
 * quantity (positive, ≤ 3 decimals), the date (not after today), the people each kind names,
 * and the balance rules — nothing leaves a store that it does not hold, nothing is received
 * beyond its purchase, nothing returned beyond what was withdrawn.
 */
export function chemicalMovementIssues(m: ChemicalMovementInput, c: ChemicalMovementContext): ChemicalFieldIssue[] {
  const issues: ChemicalFieldIssue[] = [];
  const u = c.chemical.unit;
  if (!mayRecordChemicalMovement(c.role, m.kind)) {
    issues.push({ field: 'kind', message: `您不能登记“${CHEMICAL_MOVEMENT_KIND_LABELS[m.kind]}”（采购、入库、处置由学校安全管理员登记）` });
    return issues;
  }
  issues.push(...quantityIssues('quantity', m.quantity));
  if (!m.onDate) issues.push({ field: 'onDate', message: '请填写日期' });
  else if (m.onDate > c.today) issues.push({ field: 'onDate', message: '日期不能晚于今天' });
  const q = toMilli(m.quantity);
  const qtyOk = issues.every((i) => i.field !== 'quantity');
  switch (m.kind) {
    case 'purchase':
      required(issues, 'approverA', m.approverA, '第一审批人');
      required(issues, 'approverB', m.approverB, '第二审批人');
      if (same(m.approverA, m.approverB)) issues.push({ field: 'approverB', message: '采购须经两人审批（双人审批），两位审批人不能是同一人' });
      break;
    case 'receive':
      required(issues, 'receivedBy', m.receivedBy, '入库验收人');
      if (!m.purchaseId) {
        if (isControlledChemical(c.chemical.chemicalClass)) issues.push({ field: 'purchaseId', message: `${CHEMICAL_CLASS_LABELS[c.chemical.chemicalClass]}化学品“${c.chemical.name}”须凭审批通过的采购入库，请选择采购记录` });
      } else if (!c.purchase) issues.push({ field: 'purchaseId', message: '采购记录不存在或不属于本校' });
      else if (c.purchase.chemicalId !== c.chemical.id) issues.push({ field: 'purchaseId', message: '所选采购记录不是这种危化品的' });
      else if (qtyOk && q > toMilli(c.purchase.outstanding)) issues.push({ field: 'quantity', message: `入库数量 ${formatQuantity(m.quantity, u)} 超过该采购尚未入库的 ${formatQuantity(c.purchase.outstanding, u)}` });
      break;
    case 'withdraw':
      required(issues, 'teacher', m.teacher, '领用教师');
      required(issues, 'lesson', m.lesson, '用途（课程或实验）', CHEMICAL_LIMITS.text);
      if (c.chemical.chemicalClass === 'highly_toxic') {
        if (blank(m.secondPerson)) issues.push({ field: 'secondPerson', message: '剧毒化学品须双人领用，请填写第二领用人' });
        else if (same(m.teacher, m.secondPerson)) issues.push({ field: 'secondPerson', message: '第二领用人不能与领用教师是同一人' });
      }
      if (qtyOk && q > toMilli(c.balance)) issues.push({ field: 'quantity', message: `领用数量 ${formatQuantity(m.quantity, u)} 超过库存 ${formatQuantity(c.balance, u)}` });
      break;
    case 'return':
      if (!m.withdrawalId) issues.push({ field: 'withdrawalId', message: '请选择所归还的领用记录' });
      else if (!c.withdrawal) issues.push({ field: 'withdrawalId', message: '领用记录不存在或不属于本校' });
      else if (c.withdrawal.chemicalId !== c.chemical.id || c.withdrawal.storeId !== c.storeId) issues.push({ field: 'withdrawalId', message: '须归还到领用时的库房（柜），且为同一种危化品' });
      else if (qtyOk && q > toMilli(c.withdrawal.outstanding)) issues.push({ field: 'quantity', message: `归还数量 ${formatQuantity(m.quantity, u)} 超过该次领用未归还的 ${formatQuantity(c.withdrawal.outstanding, u)}` });
      break;
    case 'dispose':
      required(issues, 'contractor', m.contractor, '处置单位（有资质的危废处置单位）', CHEMICAL_LIMITS.text);
      required(issues, 'manifestNo', m.manifestNo, '危废转移联单号', CHEMICAL_LIMITS.text);
      if (qtyOk && q > toMilli(c.balance)) issues.push({ field: 'quantity', message: `处置数量 ${formatQuantity(m.quantity, u)} 超过库存 ${formatQuantity(c.balance, u)}` });
      break;
  }
  return issues;
}

/** The balance a sequence of movements leaves (purchases move nothing). */
export function chemicalBalance(movements: readonly { kind: ChemicalMovementKind; quantity: number }[]): number {
  return fromMilli(movements.reduce((acc, m) => acc + CHEMICAL_MOVEMENT_SIGN[m.kind] * toMilli(m.quantity), 0));
}

export type CountLineInput = { chemicalId: string; counted: number };
export type CountLine = { chemicalId: string; book: number; counted: number; difference: number };

/**
 * The reconciliation (盘点) of a store: every chemical it holds on the book is counted once; a
 * chemical counted that the book does not hold is allowed (found stock is a mismatch too).
 * Answers the lines with their differences (counted − book) and the problems of the input.
 */
export function reconcileChemicalStore(
  book: readonly { chemicalId: string; name: string; balance: number }[],
  lines: readonly CountLineInput[],
  known: ReadonlySet<string>,
): { lines: CountLine[]; mismatches: CountLine[]; issues: ChemicalFieldIssue[] } {
  const issues: ChemicalFieldIssue[] = [];
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    issues.push(...quantityIssues(`lines.${i}.counted`, l.counted, { allowZero: true }));
    if (seen.has(l.chemicalId)) issues.push({ field: `lines.${i}.chemicalId`, message: '同一种危化品只能盘点一次' });
    else if (!known.has(l.chemicalId)) issues.push({ field: `lines.${i}.chemicalId`, message: '危化品不存在或不属于本校' });
    seen.add(l.chemicalId);
  });
  for (const b of book) {
    if (toMilli(b.balance) !== 0 && !seen.has(b.chemicalId)) issues.push({ field: 'lines', message: `账上有“${b.name}”${formatQuantity(b.balance)}，请填写其实盘数量` });
  }
  if (lines.length === 0 && issues.length === 0) issues.push({ field: 'lines', message: '请至少盘点一种危化品' });
  const bookOf = new Map(book.map((b) => [b.chemicalId, b.balance]));
  const out = lines.map((l) => {
    const bk = bookOf.get(l.chemicalId) ?? 0;
    return { chemicalId: l.chemicalId, book: bk, counted: l.counted, difference: fromMilli(toMilli(l.counted) - toMilli(bk)) };
  });
  return { lines: out, mismatches: out.filter((l) => toMilli(l.difference) !== 0), issues };
}

/** The registry-hazard cause of a count's mismatch: one per count, so each count that fails opens its own. */
export const reconcileCause = (countId: string): string => `reconcile:${countId}`;
/** The monthly count a store holding controlled chemicals owes (剧毒、易制毒、易制爆 每月盘点): reminder and hazard causes per month. */
export const countDueCause = (month: string): string => `count-due:${month}`;
export const countMissedCause = (month: string): string => `count-missed:${month}`;

/**
 * The monthly count rule for a store holding controlled chemicals: from `remindFromDay` of a
 * month without a count, remind; a whole past month without a count (the store existed and
 * held controlled stock then) is missed. Months are 'YYYY-MM' of Beijing days.
 */
export function monthlyCountState(input: { today: string; countedMonths: ReadonlySet<string>; createdOn: string }, remindFromDay = 20): { remind: string | null; missed: string | null } {
  const month = input.today.slice(0, 7);
  const day = Number(input.today.slice(8, 10));
  const [y, mo] = month.split('-').map(Number) as [number, number];
  const prev = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
  const remind = day >= remindFromDay && !input.countedMonths.has(month) ? month : null;
  const missed = input.createdOn.slice(0, 7) < prev && !input.countedMonths.has(prev) ? prev : null;
  return { remind, missed };
}

export type ChemicalStoreAction = 'edit' | 'count' | 'label' | ChemicalMovementKind;

/** What the caller may do with a store: the admin edits and records everything; staff issue, take back and count; readers read. */
export function chemicalStoreAllowedActions(role: Role): ChemicalStoreAction[] {
  if (role === 'school_admin') return ['edit', 'count', 'label', ...CHEMICAL_MOVEMENT_KINDS];
  if (role === 'school_staff') return ['count', 'label', 'withdraw', 'return'];
  return ['label'];
}

/** What the caller may do with a catalogue entry. */
export function chemicalAllowedActions(role: Role): ('edit')[] {
  return role === 'school_admin' ? ['edit'] : [];
}
