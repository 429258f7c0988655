import { sql } from 'kysely';
import { addDays, reconcileCause, shanghaiDate, type ChemicalClass, type ChemicalMovementKind } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import { openRegistryHazard } from '../features/registries/index.js';

/**
 * The demo district's chemicals registry (危化品台账), deterministic: every middle school (and
 * nine-year / high school) keeps a chemicals store with the controlled reagents (易制毒、易制爆)
 * and a lab cabinet, every primary school a science cabinet with a few general ones;
 * kindergartens none. Three months of movements — purchases approved by two, receipts against
 * them, issues to named lessons, returns, one disposal of waste with contractor and manifest —
 * and a count in each of the last two months that matched. One store does not reconcile: the
 * 常州市第二十四中学 (or the first middle school) store counted this month with 高锰酸钾 short, which
 * opened its hazard. 华润小学's science cabinet is left clean for the demo of a live count.
 */

type Entry = { name: string; cas: string; cls: ChemicalClass; unit: string; stock: number; lesson: string; use: number };

const MIDDLE: Entry[] = [
  { name: '盐酸', cas: '7647-01-0', cls: 'precursor', unit: 'mL', stock: 2500, lesson: '九年级化学：酸的化学性质', use: 200 },
  { name: '硫酸', cas: '7664-93-9', cls: 'precursor', unit: 'mL', stock: 2000, lesson: '九年级化学：浓硫酸的稀释', use: 150 },
  { name: '高锰酸钾', cas: '7722-64-7', cls: 'explosive_precursor', unit: 'g', stock: 500, lesson: '九年级化学：实验室制取氧气', use: 40 },
  { name: '硝酸钾', cas: '7757-79-1', cls: 'explosive_precursor', unit: 'g', stock: 500, lesson: '九年级化学：溶解度曲线', use: 50 },
  { name: '金属钠', cas: '7440-23-5', cls: 'explosive_precursor', unit: 'g', stock: 100, lesson: '化学兴趣小组：钠与水反应', use: 5 },
  { name: '丙酮', cas: '67-64-1', cls: 'precursor', unit: 'mL', stock: 1000, lesson: '八年级物理：蒸发吸热', use: 100 },
];
const GENERAL: Entry[] = [
  { name: '无水乙醇', cas: '64-17-5', cls: 'general', unit: 'mL', stock: 2500, lesson: '酒精灯添加燃料', use: 300 },
  { name: '氢氧化钠', cas: '1310-73-2', cls: 'general', unit: 'g', stock: 500, lesson: '九年级化学：碱的化学性质', use: 30 },
  { name: '硫酸铜', cas: '7758-98-7', cls: 'general', unit: 'g', stock: 500, lesson: '九年级化学：质量守恒定律', use: 25 },
];
const PRIMARY: Entry[] = [
  { name: '医用酒精（95%）', cas: '64-17-5', cls: 'general', unit: 'mL', stock: 1000, lesson: '五年级科学：酒精灯的使用', use: 100 },
  { name: '稀盐酸（5%）', cas: '7647-01-0', cls: 'precursor', unit: 'mL', stock: 500, lesson: '六年级科学：物质的变化', use: 50 },
  { name: '氢氧化钠', cas: '1310-73-2', cls: 'general', unit: 'g', stock: 200, lesson: '六年级科学：酸碱指示剂', use: 10 },
];

const TEACHERS = ['王海燕', '陈建华', '刘晓梅', '周志明', '吴丽娟', '孙卫国', '钱佳怡', '郑伟', '冯秀英', '蒋立军'];
const ADMINS = ['分管副校长', '总务主任', '教务主任'];

type School = { id: string; name: string; path: string; school_kind: string | null };

export async function seedDemoChemicals(trx: Trx, opts: { now?: Date } = {}): Promise<{ schools: number; stores: number; chemicals: number; movements: number; counts: number; mismatches: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const schools = (await sql<School>`SELECT id, name, path::text AS path, school_kind FROM unit WHERE kind = 'school' AND status = 'active' ORDER BY id`.execute(trx)).rows;
  const middles = schools.filter((s) => ['middle', 'nine_year', 'high', 'vocational'].includes(s.school_kind ?? ''));
  const unreconciled = middles.find((s) => s.name.includes('二十四中')) ?? middles[0];
  let stores = 0;
  let chemicals = 0;
  let movements = 0;
  let counts = 0;
  let mismatches = 0;
  for (const [i, s] of schools.entries()) {
    if (s.school_kind === 'kindergarten' || s.school_kind === 'special' || s.school_kind === 'training') continue;
    const middle = middles.includes(s);
    const base = { unit_id: s.id, unit_path: s.path };
    const teacherA = TEACHERS[i % TEACHERS.length]!;
    const teacherB = TEACHERS[(i + 3) % TEACHERS.length]!;
    const holderA = TEACHERS[(i + 5) % TEACHERS.length]!;
    const holderB = TEACHERS[(i + 7) % TEACHERS.length]!;
    const insertStore = async (name: string, kind: 'store' | 'cabinet', location: string) =>
      (await trx.insertInto('chemical_store').values({ ...base, name, kind, location, holder_a: holderA, holder_b: holderB, created_at: new Date(now.getTime() - 400 * 86_400_000) }).returning('id').executeTakeFirstOrThrow()).id;
    const groups: { storeId: string; entries: Entry[] }[] = middle
      ? [
          { storeId: await insertStore('危化品储存室', 'store', '实验楼一楼 105'), entries: MIDDLE },
          { storeId: await insertStore('化学实验室危化品柜', 'cabinet', '实验楼三楼化学实验室'), entries: GENERAL },
        ]
      : [{ storeId: await insertStore('科学实验室危化品柜', 'cabinet', '综合楼二楼科学实验室'), entries: PRIMARY }];
    stores += groups.length;
    for (const g of groups) {
      const balances = new Map<string, number>();
      for (const [k, e] of g.entries.entries()) {
        const chemicalId = (await trx.insertInto('chemical').values({ ...base, name: e.name, cas_no: e.cas, chemical_class: e.cls, unit_of_measure: e.unit }).returning('id').executeTakeFirstOrThrow()).id;
        chemicals += 1;
        const move = async (kind: ChemicalMovementKind, quantity: number, daysAgo: number, extra: Record<string, string | null> = {}) => {
          movements += 1;
          return (await trx.insertInto('chemical_movement').values({ ...base, store_id: g.storeId, chemical_id: chemicalId, kind, quantity, on_date: addDays(today, -daysAgo), ...extra }).returning('id').executeTakeFirstOrThrow()).id;
        };
        const start = 95 - k * 2;
        let balance = 0;
        let purchaseId: string | null = null;
        if (e.cls !== 'general') purchaseId = await move('purchase', e.stock, start + 5, { approver_a: ADMINS[0]!, approver_b: ADMINS[1 + (k % 2)]!, supplier: '常州市化学试剂供应站（公安备案）' });
        await move('receive', e.stock, start, { received_by: holderA, purchase_id: purchaseId, supplier: '常州市化学试剂供应站（公安备案）' });
        balance += e.stock;
        // Issues to lessons every few weeks, some returned in part.
        for (let w = 0; w < 4; w += 1) {
          const q = e.use * (1 + ((i + w + k) % 2));
          const daysAgo = start - 10 - w * 20;
          if (daysAgo < 1 || q > balance) continue;
          const teacher = w % 2 === 0 ? teacherA : teacherB;
          const wid = await move('withdraw', q, daysAgo, { teacher, lesson: e.lesson });
          balance -= q;
          if ((w + k) % 3 === 0) {
            const back = Math.round(q * 0.25 * 1000) / 1000;
            await move('return', back, daysAgo, { teacher, withdrawal_id: wid });
            balance += back;
          }
        }
        if (k === 0 && middle) {
          const waste = Math.min(100, balance);
          await move('dispose', waste, 20, { contractor: '常州市危险废物集中处置中心', manifest_no: `JS0402-${today.slice(0, 4)}-${String(1000 + i).slice(-4)}` });
          balance -= waste;
        }
        balance = Math.round(balance * 1000) / 1000;
        balances.set(chemicalId, balance);
        await trx.insertInto('chemical_balance').values({ store_id: g.storeId, chemical_id: chemicalId, quantity: balance }).execute();
      }
      // The counts of the last two months (the book as it stood; the demo's books changed little since).
      const prevMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
      for (const countedOn of [addDays(`${prevMonthEnd.slice(0, 7)}-01`, -3), addDays(prevMonthEnd, -2)]) {
        const countId = (await trx.insertInto('chemical_count').values({ ...base, store_id: g.storeId, counted_on: countedOn, counted_by: holderA, second_counter: holderB, mismatches: 0 }).returning('id').executeTakeFirstOrThrow()).id;
        await trx.insertInto('chemical_count_line').values([...balances].map(([chemicalId, q]) => ({ count_id: countId, chemical_id: chemicalId, book_quantity: q, counted_quantity: q }))).execute();
        counts += 1;
      }
      // The store that does not reconcile: counted this month, 高锰酸钾 short by 15 g.
      if (s === unreconciled && g.entries === MIDDLE) {
        const short = g.entries.findIndex((e) => e.name === '高锰酸钾');
        const countedOn = today.slice(8) === '01' ? today : addDays(today, -1);
        const countId = (await trx.insertInto('chemical_count').values({ ...base, store_id: g.storeId, counted_on: countedOn, counted_by: holderA, second_counter: holderB, mismatches: 1, note: '高锰酸钾实物少于账面，已报告分管副校长' }).returning('id').executeTakeFirstOrThrow()).id;
        const lines = [...balances].map(([chemicalId, q], k) => ({ count_id: countId, chemical_id: chemicalId, book_quantity: q, counted_quantity: k === short ? Math.max(0, q - 15) : q }));
        await trx.insertInto('chemical_count_line').values(lines).execute();
        const book = lines[short]!.book_quantity;
        const { hazardId } = await openRegistryHazard(
          trx,
          {
            schoolId: s.id,
            kind: 'chemical-store',
            recordId: g.storeId,
            cause: reconcileCause(countId),
            label: '危化品库房 危化品储存室',
            title: '危化品账实不符：危化品储存室（1 种）',
            description: `${countedOn} 盘点“危化品储存室”，盘点人 ${holderA}、监盘人 ${holderB}，账实不符：\n高锰酸钾（易制爆）：账面 ${book} g，实盘 ${Math.max(0, book - 15)} g，少 15 g\n须查明原因（领用、归还未登记或丢失），必要时报告公安机关。`,
            location: '实验楼一楼 105',
            domain: 'lab_chemicals',
            grade: 'major',
          },
          now,
        );
        await trx.updateTable('chemical_count').set({ hazard_id: hazardId }).where('id', '=', countId).execute();
        counts += 1;
        mismatches += 1;
      }
    }
  }
  return { schools: schools.length, stores, chemicals, movements, counts, mismatches };
}
