import { Type, type Static } from 'typebox';
import { CHEMICAL_CLASSES, CHEMICAL_LIMITS, CHEMICAL_MOVEMENT_KINDS, CHEMICAL_STORE_KINDS } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/**
 * Hazardous chemicals (危化品): the shapes of /api/registries/chemicals, /chemical-stores,
 * /chemical-movements and the reconciliation (features/chemicals). The contract kinds of
 * issue 18 are `chemicals` and `chemical-movements`: a list `{items,total}` and a detail each.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const ChemicalClassSchema = lit(CHEMICAL_CLASSES, 'highly_toxic 剧毒、precursor 易制毒、explosive_precursor 易制爆、general 一般危化品');
export const ChemicalStoreKindSchema = lit(CHEMICAL_STORE_KINDS, 'store 危化品库房、cabinet 危化品柜');
export const ChemicalMovementKindSchema = lit(CHEMICAL_MOVEMENT_KINDS, 'purchase 采购审批（不改变库存）、receive 入库、withdraw 领用、return 归还、dispose 处置');

/**
 * A quantity in the chemical's unit. The schema bounds it on both sides; the domain's rules
 * answer a negative, zero or over-precise one with the Chinese reason (数量不能为负数 …).
 */
const Quantity = (description: string) => Type.Number({ minimum: -CHEMICAL_LIMITS.quantity, maximum: CHEMICAL_LIMITS.quantity, description });
const Person = (description: string) => Type.Optional(Nullable(Type.String({ maxLength: CHEMICAL_LIMITS.person + 20, description })));
const Text = (description: string) => Type.Optional(Nullable(Type.String({ maxLength: CHEMICAL_LIMITS.text + 20, description })));
const SchoolOrArea = Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区（含其学校）' }));

// ---- catalogue (危化品目录) -------------------------------------------------------------

const chemicalFields = {
  name: Type.String({ maxLength: CHEMICAL_LIMITS.name + 20, description: '名称（必填）' }),
  casNo: Type.Optional(Type.String({ maxLength: 20, description: 'CAS 号（如 7647-01-0，校验位须正确；混合物可不填）' })),
  chemicalClass: Type.Optional(ChemicalClassSchema),
  unit: Type.String({ maxLength: CHEMICAL_LIMITS.unit + 10, description: '计量单位（g、mL、瓶…）' }),
  note: Type.Optional(Type.String({ maxLength: CHEMICAL_LIMITS.note })),
};

export const CreateChemicalBody = Type.Object({ schoolId: Type.Optional(IdString), ...chemicalFields }, { additionalProperties: false });
export type CreateChemicalBody = Static<typeof CreateChemicalBody>;
export const UpdateChemicalBody = Type.Object({ version: Version(), ...chemicalFields }, { additionalProperties: false });
export type UpdateChemicalBody = Static<typeof UpdateChemicalBody>;

export const ChemicalListQuery = Type.Object(
  {
    ...Paging,
    unitId: SchoolOrArea,
    schoolId: Type.Optional(IdString),
    chemicalClass: Type.Optional(ChemicalClassSchema),
    storeId: Type.Optional(IdString),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索名称、CAS 号、学校' })),
  },
  { additionalProperties: false },
);
export type ChemicalListQuery = Static<typeof ChemicalListQuery>;

export const ChemicalStock = Type.Object({ storeId: Type.String(), storeName: Type.String(), quantity: Type.Number() });

export const ChemicalSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  casNo: Type.String(),
  chemicalClass: ChemicalClassSchema,
  controlled: Type.Boolean({ description: '剧毒、易制毒、易制爆（凭审批采购入库，每月盘点）' }),
  unit: Type.String(),
  note: Type.String(),
  balance: Type.Number({ description: '全校账面库存（各库房、柜之和）' }),
  stock: Type.Array(ChemicalStock),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ChemicalSummary = Static<typeof ChemicalSummary>;

// ---- movements (出入库记录) ------------------------------------------------------------

export const ChemicalMovementSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  storeId: Type.String(),
  storeName: Type.String(),
  chemicalId: Type.String(),
  chemicalName: Type.String(),
  chemicalClass: ChemicalClassSchema,
  unit: Type.String(),
  kind: ChemicalMovementKindSchema,
  quantity: Type.Number(),
  onDate: Type.String({ format: 'date' }),
  approverA: Nullable(Type.String()),
  approverB: Nullable(Type.String()),
  supplier: Nullable(Type.String()),
  receivedBy: Nullable(Type.String()),
  purchaseId: Nullable(Type.String()),
  teacher: Nullable(Type.String()),
  lesson: Nullable(Type.String()),
  secondPerson: Nullable(Type.String()),
  withdrawalId: Nullable(Type.String()),
  contractor: Nullable(Type.String()),
  manifestNo: Nullable(Type.String()),
  note: Type.String(),
  recordedByName: Type.String(),
  /** purchase: not yet received; withdraw: not yet returned; else null. */
  outstanding: Nullable(Type.Number({ description: '采购尚未入库 / 领用尚未归还的数量' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ChemicalMovementSummary = Static<typeof ChemicalMovementSummary>;

export const ChemicalMovementDetail = Type.Object({
  movement: ChemicalMovementSummary,
  /** The receipts of a purchase, the returns of a withdrawal; the purchase or withdrawal a receipt or return is booked against. */
  related: Type.Array(ChemicalMovementSummary),
  /** The store's book balance of the chemical now. */
  balance: Type.Number(),
});
export type ChemicalMovementDetail = Static<typeof ChemicalMovementDetail>;

export const ChemicalMovementListQuery = Type.Object(
  {
    ...Paging,
    unitId: SchoolOrArea,
    schoolId: Type.Optional(IdString),
    storeId: Type.Optional(IdString),
    chemicalId: Type.Optional(IdString),
    kind: Type.Optional(ChemicalMovementKindSchema),
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    open: Type.Optional(Type.Boolean({ description: 'true：只看尚未全部入库的采购、尚未全部归还的领用' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索危化品、教师、用途、学校' })),
  },
  { additionalProperties: false },
);
export type ChemicalMovementListQuery = Static<typeof ChemicalMovementListQuery>;

export const CreateChemicalMovementBody = Type.Object(
  {
    storeId: IdString,
    chemicalId: IdString,
    kind: ChemicalMovementKindSchema,
    quantity: Quantity('数量（大于 0，最多 3 位小数）'),
    onDate: CalendarDate,
    approverA: Person('采购：第一审批人'),
    approverB: Person('采购：第二审批人（双人审批）'),
    supplier: Text('采购：供货单位'),
    receivedBy: Person('入库：验收人'),
    purchaseId: Type.Optional(Nullable(IdString)),
    teacher: Person('领用 / 归还：教师'),
    lesson: Text('领用：用途（课程或实验）'),
    secondPerson: Person('领用剧毒化学品：第二领用人'),
    withdrawalId: Type.Optional(Nullable(IdString)),
    contractor: Text('处置：危废处置单位'),
    manifestNo: Text('处置：危废转移联单号'),
    note: Type.Optional(Type.String({ maxLength: CHEMICAL_LIMITS.note })),
  },
  { additionalProperties: false },
);
export type CreateChemicalMovementBody = Static<typeof CreateChemicalMovementBody>;

// ---- stores and cabinets (库房、危化品柜) ---------------------------------------------------

const storeFields = {
  name: Type.String({ maxLength: CHEMICAL_LIMITS.name + 20 }),
  kind: Type.Optional(ChemicalStoreKindSchema),
  location: Type.Optional(Type.String({ maxLength: CHEMICAL_LIMITS.text + 20 })),
  holderA: Type.String({ maxLength: CHEMICAL_LIMITS.person + 20, description: '第一把锁的保管人' }),
  holderB: Type.String({ maxLength: CHEMICAL_LIMITS.person + 20, description: '第二把锁的保管人（双人双锁，不能与第一人相同）' }),
};
export const CreateChemicalStoreBody = Type.Object({ schoolId: Type.Optional(IdString), ...storeFields }, { additionalProperties: false });
export type CreateChemicalStoreBody = Static<typeof CreateChemicalStoreBody>;
export const UpdateChemicalStoreBody = Type.Object(
  { version: Version(), ...storeFields, status: Type.Optional(lit(['active', 'retired'] as const, 'active 在用、retired 停用（须先清空库存）')) },
  { additionalProperties: false },
);
export type UpdateChemicalStoreBody = Static<typeof UpdateChemicalStoreBody>;

export const ChemicalStoreListQuery = Type.Object(
  { ...Paging, unitId: SchoolOrArea, schoolId: Type.Optional(IdString), q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), mismatch: Type.Optional(Type.Boolean({ description: 'true：只看最近一次盘点账实不符的' })) },
  { additionalProperties: false },
);
export type ChemicalStoreListQuery = Static<typeof ChemicalStoreListQuery>;

export const ChemicalStoreSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  kind: ChemicalStoreKindSchema,
  location: Type.String(),
  holderA: Type.String(),
  holderB: Type.String(),
  status: lit(['active', 'retired'] as const),
  chemicals: Type.Integer({ description: '有库存的危化品种数' }),
  controlled: Type.Boolean({ description: '存有剧毒、易制毒或易制爆化学品' }),
  lastCountOn: Nullable(Type.String({ format: 'date' })),
  lastCountMismatches: Nullable(Type.Integer()),
  version: Type.Integer(),
});
export type ChemicalStoreSummary = Static<typeof ChemicalStoreSummary>;

export const ChemicalCountLine = Type.Object({ chemicalId: Type.String(), chemicalName: Type.String(), unit: Type.String(), book: Type.Number(), counted: Type.Number(), difference: Type.Number() });
export const ChemicalCount = Type.Object({
  id: Type.String(),
  storeId: Type.String(),
  countedOn: Type.String({ format: 'date' }),
  countedBy: Type.String(),
  secondCounter: Type.String(),
  note: Type.String(),
  mismatches: Type.Integer(),
  hazardId: Nullable(Type.String()),
  lines: Type.Array(ChemicalCountLine),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ChemicalCount = Static<typeof ChemicalCount>;

export const ChemicalHazardRef = Type.Object({ hazardId: Type.String(), cause: Type.String(), title: Type.String(), state: Type.String(), createdAt: Type.String({ format: 'date-time' }) });

export const ChemicalStoreDetail = Type.Object({
  store: ChemicalStoreSummary,
  allowedActions: Type.Array(Type.String(), { description: 'edit、count、label 及可登记的出入库类型' }),
  balances: Type.Array(Type.Object({ chemicalId: Type.String(), name: Type.String(), casNo: Type.String(), chemicalClass: ChemicalClassSchema, unit: Type.String(), quantity: Type.Number() })),
  openPurchases: Type.Array(ChemicalMovementSummary),
  openWithdrawals: Type.Array(ChemicalMovementSummary),
  counts: Type.Array(ChemicalCount),
  hazards: Type.Array(ChemicalHazardRef),
  labelPath: Type.String({ description: '打印本柜二维码标签（HTML）' }),
});
export type ChemicalStoreDetail = Static<typeof ChemicalStoreDetail>;

export const ChemicalDetail = Type.Object({
  chemical: ChemicalSummary,
  allowedActions: Type.Array(lit(['edit'] as const)),
  movements: Type.Array(ChemicalMovementSummary, { description: '最近 50 条出入库记录' }),
});
export type ChemicalDetail = Static<typeof ChemicalDetail>;

export const CreateChemicalCountBody = Type.Object(
  {
    countedOn: CalendarDate,
    countedBy: Type.String({ maxLength: CHEMICAL_LIMITS.person + 20, description: '盘点人' }),
    secondCounter: Type.Optional(Type.String({ maxLength: CHEMICAL_LIMITS.person + 20, description: '监盘人' })),
    note: Type.Optional(Type.String({ maxLength: CHEMICAL_LIMITS.note })),
    lines: Type.Array(Type.Object({ chemicalId: IdString, counted: Quantity('实盘数量') }, { additionalProperties: false }), { maxItems: CHEMICAL_LIMITS.countLines }),
  },
  { additionalProperties: false },
);
export type CreateChemicalCountBody = Static<typeof CreateChemicalCountBody>;

export const ChemicalCountResult = Type.Object({
  count: ChemicalCount,
  hazard: Nullable(Type.Object({ hazardId: Type.String(), created: Type.Boolean() }, { description: '账实不符时上报的隐患' })),
});
export type ChemicalCountResult = Static<typeof ChemicalCountResult>;

// ---- Excel (危化品台账) --------------------------------------------------------------------

export const ChemicalExportQuery = Type.Object({ schoolId: Type.Optional(IdString) }, { additionalProperties: false });
export type ChemicalExportQuery = Static<typeof ChemicalExportQuery>;

export const ChemicalImportRow = Type.Object({
  row: Type.Integer(),
  name: Type.String(),
  casNo: Type.String(),
  chemicalClass: Nullable(ChemicalClassSchema),
  unit: Type.String(),
  storeName: Type.String(),
  quantity: Nullable(Type.Number()),
  action: lit(['create', 'exists'] as const, 'create 新增目录、exists 目录已有（只登记期初库存）'),
  errors: Type.Array(Type.String()),
});
export const ChemicalImportResult = Type.Object({
  committed: Type.Boolean(),
  rows: Type.Array(ChemicalImportRow),
  errors: Type.Integer(),
  created: Type.Integer(),
  stocked: Type.Integer(),
});
export type ChemicalImportResult = Static<typeof ChemicalImportResult>;
