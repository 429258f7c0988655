import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { ChemicalClass, ChemicalMovementKind, ChemicalStoreKind, Scope } from '@xiaoan/domain';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { ChemicalCountTable, ChemicalMovementTable } from '../../db/schema-chemicals.js';
import { inScope, underUnit } from '../../db/scope.js';
import { updateVersioned, type VersionedSet } from '../../db/versioned.js';

/**
 * All SQL of the chemicals registry: the catalogue, the stores and cabinets, the movements and
 * the balance they keep, the counts. Scope is each table's `unit_path` (the school's path).
 * Quantities are numeric in SQL and numbers here (three decimals at most, exact in a double).
 */


type PageOpts = { page: number; pageSize: number };

// ---- catalogue -----------------------------------------------------------------------

export type ChemicalRow = {
  id: string;
  unit_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  cas_no: string;
  chemical_class: ChemicalClass;
  unit_of_measure: string;
  note: string;
  balance: number;
  stock: { storeId: string; storeName: string; quantity: number }[];
  version: number;
  updated_at: Date;
};

function chemicalSelect(db: DbOrTrx) {
  return db
    .selectFrom('chemical as c')
    .innerJoin('unit as s', 's.id', 'c.unit_id')
    .select([
      'c.id',
      'c.unit_id',
      's.name as school_name',
      sql<string>`c.unit_path::text`.as('unit_path'),
      'c.name',
      'c.cas_no',
      'c.chemical_class',
      'c.unit_of_measure',
      'c.note',
      sql<number>`coalesce((SELECT sum(b.quantity) FROM chemical_balance b WHERE b.chemical_id = c.id), 0)::float8`.as('balance'),
      sql<ChemicalRow['stock']>`coalesce((SELECT jsonb_agg(jsonb_build_object('storeId', b.store_id::text, 'storeName', st.name, 'quantity', b.quantity::float8) ORDER BY st.name, st.id) FROM chemical_balance b JOIN chemical_store st ON st.id = b.store_id WHERE b.chemical_id = c.id AND b.quantity > 0), '[]'::jsonb)`.as('stock'),
      'c.version',
      'c.updated_at',
    ]);
}

export type ChemicalFilter = { unitId?: string; schoolId?: string; chemicalClass?: ChemicalClass; storeId?: string; q?: string };

export async function findChemicals(db: DbOrTrx, scope: Scope, f: ChemicalFilter, page: PageOpts): Promise<{ rows: ChemicalRow[]; total: number }> {
  const conds = () => {
    const c: RawBuilder<boolean>[] = [inScope('c.unit_path', scope)];
    c.push(underUnit('c.unit_path', f.unitId), underUnit('c.unit_path', f.schoolId));
    if (f.chemicalClass) c.push(sql<boolean>`c.chemical_class = ${f.chemicalClass}`);
    if (f.storeId) c.push(sql<boolean>`EXISTS (SELECT 1 FROM chemical_balance b WHERE b.chemical_id = c.id AND b.store_id = ${f.storeId} AND b.quantity > 0)`);
    if (f.q) c.push(sql<boolean>`(strpos(lower(c.name), lower(${f.q})) > 0 OR strpos(c.cas_no, ${f.q}) > 0 OR strpos((SELECT name FROM unit WHERE id = c.unit_id), ${f.q}) > 0)`);
    return c;
  };
  const [rows, count] = await Promise.all([
    chemicalSelect(db)
      .where((eb) => eb.and(conds()))
      .orderBy('s.name')
      .orderBy(sql`CASE c.chemical_class WHEN 'highly_toxic' THEN 0 WHEN 'precursor' THEN 1 WHEN 'explosive_precursor' THEN 2 ELSE 3 END`)
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db.selectFrom('chemical as c').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ChemicalRow[], total: Number(count.n) };
}

export async function findChemicalInScope(db: DbOrTrx, scope: Scope, id: string): Promise<ChemicalRow | undefined> {
  return (await chemicalSelect(db).where('c.id', '=', id).where(inScope('c.unit_path', scope)).executeTakeFirst()) as ChemicalRow | undefined;
}

/** A catalogue entry of the school with this name and CAS number, other than `exceptId` (names compare trimmed, case-insensitive). */
export async function findChemicalByName(db: DbOrTrx, schoolId: string, name: string, casNo: string, exceptId?: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('chemical')
    .select(['id', 'name'])
    .where('unit_id', '=', schoolId)
    .where(sql<boolean>`lower(btrim(name)) = lower(btrim(${name}))`)
    .where('cas_no', '=', casNo)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
}

export async function insertChemical(trx: Trx, v: { unit_id: string; unit_path: string; name: string; cas_no: string; chemical_class: ChemicalClass; unit_of_measure: string; note: string; created_by: string }): Promise<string> {
  return (await trx.insertInto('chemical').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateChemicalRow(trx: Trx, id: string, version: number, set: VersionedSet<'chemical'>): Promise<boolean> {
  return updateVersioned(trx, 'chemical', id, version, set);
}

/** The school's catalogue entries among `ids` (a count may name only these). */
export async function findSchoolChemicals(db: DbOrTrx, schoolId: string, ids: readonly string[]): Promise<{ id: string; name: string; unit_of_measure: string; chemical_class: ChemicalClass }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('chemical').select(['id', 'name', 'unit_of_measure', 'chemical_class']).where('unit_id', '=', schoolId).where('id', 'in', [...ids]).execute();
}

// ---- stores and cabinets -------------------------------------------------------------

export type StoreRow = {
  id: string;
  unit_id: string;
  school_name: string;
  unit_path: string;
  name: string;
  kind: ChemicalStoreKind;
  location: string;
  holder_a: string;
  holder_b: string;
  status: 'active' | 'retired';
  chemicals: number;
  controlled: boolean;
  last_count_on: string | null;
  last_count_mismatches: number | null;
  created_on: string;
  version: number;
};

function storeSelect(db: DbOrTrx) {
  return db
    .selectFrom('chemical_store as st')
    .innerJoin('unit as s', 's.id', 'st.unit_id')
    .leftJoinLateral(
      (eb) => eb.selectFrom('chemical_count as k').select([sql<string>`k.counted_on::text`.as('counted_on'), 'k.mismatches']).whereRef('k.store_id', '=', 'st.id').orderBy('k.counted_on', 'desc').orderBy('k.id', 'desc').limit(1).as('lc'),
      (j) => j.onTrue(),
    )
    .select([
      'st.id',
      'st.unit_id',
      's.name as school_name',
      sql<string>`st.unit_path::text`.as('unit_path'),
      'st.name',
      'st.kind',
      'st.location',
      'st.holder_a',
      'st.holder_b',
      'st.status',
      sql<number>`(SELECT count(*) FROM chemical_balance b WHERE b.store_id = st.id AND b.quantity > 0)::int`.as('chemicals'),
      sql<boolean>`EXISTS (SELECT 1 FROM chemical_balance b JOIN chemical c ON c.id = b.chemical_id WHERE b.store_id = st.id AND b.quantity > 0 AND c.chemical_class <> 'general')`.as('controlled'),
      sql<string | null>`lc.counted_on`.as('last_count_on'),
      sql<number | null>`lc.mismatches`.as('last_count_mismatches'),
      sql<string>`to_char(st.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('created_on'),
      'st.version',
    ]);
}

export type StoreFilter = { unitId?: string; schoolId?: string; q?: string; mismatch?: boolean };

export async function findStores(db: DbOrTrx, scope: Scope, f: StoreFilter, page: PageOpts): Promise<{ rows: StoreRow[]; total: number }> {
  const conds = () => {
    const c: RawBuilder<boolean>[] = [inScope('st.unit_path', scope)];
    c.push(underUnit('st.unit_path', f.unitId), underUnit('st.unit_path', f.schoolId));
    if (f.q) c.push(sql<boolean>`(strpos(st.name, ${f.q}) > 0 OR strpos(st.location, ${f.q}) > 0 OR strpos(st.holder_a, ${f.q}) > 0 OR strpos(st.holder_b, ${f.q}) > 0)`);
    if (f.mismatch === true) c.push(sql<boolean>`coalesce((SELECT k.mismatches FROM chemical_count k WHERE k.store_id = st.id ORDER BY k.counted_on DESC, k.id DESC LIMIT 1), 0) > 0`);
    return c;
  };
  const [rows, count] = await Promise.all([
    storeSelect(db).where((eb) => eb.and(conds())).orderBy('s.name').orderBy('st.status').orderBy('st.name').orderBy('st.id').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
    db.selectFrom('chemical_store as st').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as StoreRow[], total: Number(count.n) };
}

export async function findStoreInScope(db: DbOrTrx, scope: Scope, id: string): Promise<StoreRow | undefined> {
  return (await storeSelect(db).where('st.id', '=', id).where(inScope('st.unit_path', scope)).executeTakeFirst()) as StoreRow | undefined;
}

/** Locks the store's row until the transaction ends: movements and counts of one store run one after another. */
export async function lockStore(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('chemical_store').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findStoreByName(db: DbOrTrx, schoolId: string, name: string, exceptId?: string): Promise<{ id: string; name: string; status: string } | undefined> {
  return db
    .selectFrom('chemical_store')
    .select(['id', 'name', 'status'])
    .where('unit_id', '=', schoolId)
    .where(sql<boolean>`lower(btrim(name)) = lower(btrim(${name}))`)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
}

export async function insertStore(trx: Trx, v: { unit_id: string; unit_path: string; name: string; kind: ChemicalStoreKind; location: string; holder_a: string; holder_b: string; created_by: string }): Promise<string> {
  return (await trx.insertInto('chemical_store').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateStoreRow(trx: Trx, id: string, version: number, set: VersionedSet<'chemical_store'>): Promise<boolean> {
  return updateVersioned(trx, 'chemical_store', id, version, set);
}

export type BalanceRow = { chemical_id: string; name: string; cas_no: string; chemical_class: ChemicalClass; unit_of_measure: string; quantity: number };

/** What the store holds on the book (non-zero balances; `all` also the zero ones), by class then name. */
export async function findStoreBalances(db: DbOrTrx, storeId: string, opts: { all?: boolean } = {}): Promise<BalanceRow[]> {
  return (await db
    .selectFrom('chemical_balance as b')
    .innerJoin('chemical as c', 'c.id', 'b.chemical_id')
    .select(['b.chemical_id', 'c.name', 'c.cas_no', 'c.chemical_class', 'c.unit_of_measure', sql<number>`b.quantity::float8`.as('quantity')])
    .where('b.store_id', '=', storeId)
    .$if(!opts.all, (q) => q.where('b.quantity', '>', '0'))
    .orderBy(sql`CASE c.chemical_class WHEN 'highly_toxic' THEN 0 WHEN 'precursor' THEN 1 WHEN 'explosive_precursor' THEN 2 ELSE 3 END`)
    .orderBy('c.name')
    .execute()) as BalanceRow[];
}

/** The book balance of one chemical in one store (read after `lockStore` in a write). */
export async function findBalance(db: DbOrTrx, storeId: string, chemicalId: string): Promise<number> {
  const r = await db.selectFrom('chemical_balance').select(sql<number>`quantity::float8`.as('q')).where('store_id', '=', storeId).where('chemical_id', '=', chemicalId).executeTakeFirst();
  return r?.q ?? 0;
}

/** Adds `delta` (signed) to the balance; the table's CHECK refuses a negative result. */
export async function applyBalance(trx: Trx, storeId: string, chemicalId: string, delta: number): Promise<void> {
  if (delta < 0) {
    // An upsert would check the CHECK on the negative row it proposes to insert: take from the existing row.
    await trx
      .updateTable('chemical_balance')
      .set({ quantity: sql`quantity - ${(-delta).toFixed(3)}::numeric`, updated_at: sql`now()` })
      .where('store_id', '=', storeId)
      .where('chemical_id', '=', chemicalId)
      .executeTakeFirstOrThrow();
    return;
  }
  await trx
    .insertInto('chemical_balance')
    .values({ store_id: storeId, chemical_id: chemicalId, quantity: delta.toFixed(3) })
    .onConflict((oc) => oc.columns(['store_id', 'chemical_id']).doUpdateSet({ quantity: sql`chemical_balance.quantity + excluded.quantity`, updated_at: sql`now()` }))
    .execute();
}

// ---- movements -----------------------------------------------------------------------

export type MovementRow = {
  id: string;
  unit_id: string;
  school_name: string;
  unit_path: string;
  store_id: string;
  store_name: string;
  chemical_id: string;
  chemical_name: string;
  chemical_class: ChemicalClass;
  unit_of_measure: string;
  kind: ChemicalMovementKind;
  quantity: number;
  on_date: string;
  approver_a: string | null;
  approver_b: string | null;
  supplier: string | null;
  received_by: string | null;
  purchase_id: string | null;
  teacher: string | null;
  lesson: string | null;
  second_person: string | null;
  withdrawal_id: string | null;
  contractor: string | null;
  manifest_no: string | null;
  note: string;
  recorded_by_name: string | null;
  outstanding: number | null;
  created_at: Date;
};

const OUTSTANDING = sql<number | null>`(CASE m.kind
  WHEN 'purchase' THEN m.quantity - coalesce((SELECT sum(r.quantity) FROM chemical_movement r WHERE r.purchase_id = m.id), 0)
  WHEN 'withdraw' THEN m.quantity - coalesce((SELECT sum(r.quantity) FROM chemical_movement r WHERE r.withdrawal_id = m.id), 0)
END)::float8`;

function movementSelect(db: DbOrTrx) {
  return db
    .selectFrom('chemical_movement as m')
    .innerJoin('unit as s', 's.id', 'm.unit_id')
    .innerJoin('chemical_store as st', 'st.id', 'm.store_id')
    .innerJoin('chemical as c', 'c.id', 'm.chemical_id')
    .leftJoin('app_user as a', 'a.id', 'm.recorded_by')
    .select([
      'm.id',
      'm.unit_id',
      's.name as school_name',
      sql<string>`m.unit_path::text`.as('unit_path'),
      'm.store_id',
      'st.name as store_name',
      'm.chemical_id',
      'c.name as chemical_name',
      'c.chemical_class',
      'c.unit_of_measure',
      'm.kind',
      sql<number>`m.quantity::float8`.as('quantity'),
      sql<string>`m.on_date::text`.as('on_date'),
      'm.approver_a',
      'm.approver_b',
      'm.supplier',
      'm.received_by',
      sql<string | null>`m.purchase_id::text`.as('purchase_id'),
      'm.teacher',
      'm.lesson',
      'm.second_person',
      sql<string | null>`m.withdrawal_id::text`.as('withdrawal_id'),
      'm.contractor',
      'm.manifest_no',
      'm.note',
      'a.display_name as recorded_by_name',
      OUTSTANDING.as('outstanding'),
      'm.created_at',
    ]);
}

export type MovementFilter = { unitId?: string; schoolId?: string; storeId?: string; chemicalId?: string; kind?: ChemicalMovementKind; from?: string; to?: string; open?: boolean; q?: string };

export async function findMovements(db: DbOrTrx, scope: Scope, f: MovementFilter, page: PageOpts): Promise<{ rows: MovementRow[]; total: number }> {
  const conds = () => {
    const c: RawBuilder<boolean>[] = [inScope('m.unit_path', scope)];
    c.push(underUnit('m.unit_path', f.unitId), underUnit('m.unit_path', f.schoolId));
    if (f.storeId) c.push(sql<boolean>`m.store_id = ${f.storeId}`);
    if (f.chemicalId) c.push(sql<boolean>`m.chemical_id = ${f.chemicalId}`);
    if (f.kind) c.push(sql<boolean>`m.kind = ${f.kind}`);
    if (f.from) c.push(sql<boolean>`m.on_date >= ${f.from}::date`);
    if (f.to) c.push(sql<boolean>`m.on_date <= ${f.to}::date`);
    if (f.open === true) c.push(sql<boolean>`m.kind IN ('purchase', 'withdraw') AND ${OUTSTANDING} > 0`);
    if (f.q) {
      c.push(
        sql<boolean>`(strpos((SELECT name FROM chemical WHERE id = m.chemical_id), ${f.q}) > 0 OR strpos(coalesce(m.teacher, ''), ${f.q}) > 0 OR strpos(coalesce(m.lesson, ''), ${f.q}) > 0 OR strpos((SELECT name FROM unit WHERE id = m.unit_id), ${f.q}) > 0)`,
      );
    }
    return c;
  };
  const [rows, count] = await Promise.all([
    movementSelect(db).where((eb) => eb.and(conds())).orderBy('m.on_date', 'desc').orderBy('m.id', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
    db.selectFrom('chemical_movement as m').select(sql<string>`count(*)`.as('n')).where((eb) => eb.and(conds())).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as MovementRow[], total: Number(count.n) };
}

export async function findMovementInScope(db: DbOrTrx, scope: Scope, id: string): Promise<MovementRow | undefined> {
  return (await movementSelect(db).where('m.id', '=', id).where(inScope('m.unit_path', scope)).executeTakeFirst()) as MovementRow | undefined;
}

/** A movement of the school by id (the purchase a receipt names, the withdrawal a return names). */
export async function findSchoolMovement(db: DbOrTrx, schoolId: string, id: string): Promise<MovementRow | undefined> {
  return (await movementSelect(db).where('m.id', '=', id).where('m.unit_id', '=', schoolId).executeTakeFirst()) as MovementRow | undefined;
}

/** The movements booked against this one (receipts of a purchase, returns of a withdrawal) and the one it is booked against. */
export async function findRelatedMovements(db: DbOrTrx, m: { id: string; purchase_id: string | null; withdrawal_id: string | null }): Promise<MovementRow[]> {
  const ids = [m.purchase_id, m.withdrawal_id].filter((x): x is string => x !== null);
  return (await movementSelect(db)
    .where((eb) => eb.or([eb('m.purchase_id', '=', m.id), eb('m.withdrawal_id', '=', m.id), ...(ids.length ? [eb('m.id', 'in', ids)] : [])]))
    .orderBy('m.on_date')
    .orderBy('m.id')
    .execute()) as MovementRow[];
}

export async function insertMovement(trx: Trx, v: Insertable<ChemicalMovementTable>): Promise<string> {
  return (await trx.insertInto('chemical_movement').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

// ---- counts --------------------------------------------------------------------------

export type CountRow = {
  id: string;
  store_id: string;
  counted_on: string;
  counted_by: string;
  second_counter: string;
  note: string;
  mismatches: number;
  hazard_id: string | null;
  lines: { chemicalId: string; chemicalName: string; unit: string; book: number; counted: number; difference: number }[];
  created_at: Date;
};

/** The store's counts, newest first, with their lines. */
export async function findCounts(db: DbOrTrx, storeId: string, limit = 20, id?: string): Promise<CountRow[]> {
  return (await db
    .selectFrom('chemical_count as k')
    .select([
      'k.id',
      'k.store_id',
      sql<string>`k.counted_on::text`.as('counted_on'),
      'k.counted_by',
      'k.second_counter',
      'k.note',
      'k.mismatches',
      sql<string | null>`k.hazard_id::text`.as('hazard_id'),
      sql<CountRow['lines']>`coalesce((SELECT jsonb_agg(jsonb_build_object('chemicalId', l.chemical_id::text, 'chemicalName', c.name, 'unit', c.unit_of_measure, 'book', l.book_quantity::float8, 'counted', l.counted_quantity::float8, 'difference', (l.counted_quantity - l.book_quantity)::float8) ORDER BY c.name) FROM chemical_count_line l JOIN chemical c ON c.id = l.chemical_id WHERE l.count_id = k.id), '[]'::jsonb)`.as('lines'),
      'k.created_at',
    ])
    .where('k.store_id', '=', storeId)
    .$if(id !== undefined, (q) => q.where('k.id', '=', id!))
    .orderBy('k.counted_on', 'desc')
    .orderBy('k.id', 'desc')
    .limit(limit)
    .execute()) as CountRow[];
}

export async function insertCount(trx: Trx, v: Insertable<ChemicalCountTable>): Promise<string> {
  return (await trx.insertInto('chemical_count').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertCountLines(trx: Trx, countId: string, lines: readonly { chemicalId: string; book: number; counted: number }[]): Promise<void> {
  if (lines.length === 0) return;
  await trx
    .insertInto('chemical_count_line')
    .values(lines.map((l) => ({ count_id: countId, chemical_id: l.chemicalId, book_quantity: l.book.toFixed(3), counted_quantity: l.counted.toFixed(3) })))
    .execute();
}

export async function setCountHazard(trx: Trx, countId: string, hazardId: string): Promise<void> {
  await trx.updateTable('chemical_count').set({ hazard_id: hazardId }).where('id', '=', countId).execute();
}

// ---- the watch -----------------------------------------------------------------------

export type WatchStoreRow = { id: string; unit_id: string; school_name: string; name: string; created_on: string; counted_months: string[] };

/**
 * Active stores holding a controlled chemical (剧毒、易制毒、易制爆) in active schools, with the
 * Beijing months they were counted in since `sinceMonth` (the monthly count they owe).
 */
export async function findControlledStores(db: DbOrTrx, sinceDate: string): Promise<WatchStoreRow[]> {
  return (await db
    .selectFrom('chemical_store as st')
    .innerJoin('unit as s', 's.id', 'st.unit_id')
    .select([
      'st.id',
      'st.unit_id',
      's.name as school_name',
      'st.name',
      sql<string>`to_char(st.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('created_on'),
      sql<string[]>`coalesce((SELECT array_agg(DISTINCT to_char(k.counted_on, 'YYYY-MM')) FROM chemical_count k WHERE k.store_id = st.id AND k.counted_on >= ${sinceDate}::date), '{}')`.as('counted_months'),
    ])
    .where('st.status', '=', 'active')
    .where('s.status', '=', 'active')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM chemical_balance b JOIN chemical c ON c.id = b.chemical_id WHERE b.store_id = st.id AND b.quantity > 0 AND c.chemical_class <> 'general')`)
    .orderBy('st.id')
    .execute()) as WatchStoreRow[];
}
