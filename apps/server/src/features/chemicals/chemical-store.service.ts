import QRCode from 'qrcode';
import {
  CHEMICAL_CLASS_LABELS,
  addDays,
  CHEMICAL_LIMITS,
  CHEMICAL_STORE_KIND_LABELS,
  chemicalMovementKindsFor,
  chemicalStoreAllowedActions,
  chemicalStoreInputIssues,
  formatQuantity,
  isControlledChemical,
  reconcileCause,
  reconcileChemicalStore,
  shanghaiDate,
  type ChemicalFieldIssue,
} from '@xiaoan/domain';
import type {
  ChemicalCount,
  ChemicalCountResult,
  ChemicalStoreDetail,
  ChemicalStoreListQuery,
  ChemicalStoreSummary,
  CreateChemicalCountBody,
  CreateChemicalStoreBody,
  UpdateChemicalStoreBody,
} from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { openRegistryHazard, registryHazardsOf } from '../registries/index.js';
import {
  findCounts,
  findMovements,
  findSchoolChemicals,
  findStoreBalances,
  findStoreByName,
  findStoreInScope,
  findStores,
  insertCount,
  insertCountLines,
  insertStore,
  lockStore,
  setCountHazard,
  updateStoreRow,
  type CountRow,
  type StoreRow,
} from './chemical.repository.js';
import { refuse, schoolForWrite, toMovementSummary, trimmed } from './chemical.service.js';

/**
 * The stores and cabinets (危化品库房、危化品柜) with their two lock holders (双人双锁), what each
 * holds on the book, their reconciliations (盘点) and their QR label. A count that does not
 * match the book opens a hazard at the school through the registries' base, linked back to the
 * store (kind `chemical-store`, cause `reconcile:<countId>`), reported by the user who counted.
 */

export const STORE_KIND = 'chemical-store';
/** How far back the store page offers withdrawals to return. */
export const OPEN_WITHDRAWAL_DAYS = 14;
export const storePagePath = (id: string): string => `/registries/chemicals/stores/${id}`;

export function toStoreSummary(r: StoreRow): ChemicalStoreSummary {
  return {
    id: r.id,
    schoolId: r.unit_id,
    schoolName: r.school_name,
    name: r.name,
    kind: r.kind,
    location: r.location,
    holderA: r.holder_a,
    holderB: r.holder_b,
    status: r.status,
    chemicals: Number(r.chemicals),
    controlled: r.controlled,
    lastCountOn: r.last_count_on,
    lastCountMismatches: r.last_count_mismatches,
    version: r.version,
  };
}

const toCount = (k: CountRow): ChemicalCount => ({
  id: k.id,
  storeId: k.store_id,
  countedOn: k.counted_on,
  countedBy: k.counted_by,
  secondCounter: k.second_counter,
  note: k.note,
  mismatches: k.mismatches,
  hazardId: k.hazard_id,
  lines: k.lines,
  createdAt: k.created_at.toISOString(),
});

export async function listStores(db: DbOrTrx, ctx: RequestContext, q: ChemicalStoreListQuery): Promise<{ items: ChemicalStoreSummary[]; total: number }> {
  const { rows, total } = await findStores(db, ctx.scope, q, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
  return { items: rows.map(toStoreSummary), total };
}

async function loadStore(db: DbOrTrx, ctx: RequestContext, id: string): Promise<StoreRow> {
  const row = await findStoreInScope(db, ctx.scope, id);
  if (!row) throw notFound('危化品库房（柜）');
  return row;
}

export async function getStore(db: DbOrTrx, ctx: RequestContext, id: string): Promise<ChemicalStoreDetail> {
  const row = await loadStore(db, ctx, id);
  const [balances, purchases, withdrawals, counts, hazards] = await Promise.all([
    findStoreBalances(db, id),
    findMovements(db, ctx.scope, { storeId: id, kind: 'purchase', open: true }, { page: 1, pageSize: 100 }),
    // Issues of the last two weeks not yet fully back: what a teacher may still return (older ones were used up in class).
    findMovements(db, ctx.scope, { storeId: id, kind: 'withdraw', open: true, from: addDays(shanghaiDate(new Date()), -OPEN_WITHDRAWAL_DAYS) }, { page: 1, pageSize: 100 }),
    findCounts(db, id),
    registryHazardsOf(db, STORE_KIND, id),
  ]);
  const actions = chemicalStoreAllowedActions(ctx.actor.role);
  const kinds = new Set<string>(chemicalMovementKindsFor(ctx.actor.role));
  return {
    store: toStoreSummary(row),
    allowedActions: row.status === 'active' ? actions.filter((a) => !['purchase', 'receive', 'withdraw', 'return', 'dispose'].includes(a) || kinds.has(a)) : actions.filter((a) => a === 'label' || a === 'edit'),
    balances: balances.map((b) => ({ chemicalId: b.chemical_id, name: b.name, casNo: b.cas_no, chemicalClass: b.chemical_class, unit: b.unit_of_measure, quantity: Number(b.quantity) })),
    openPurchases: purchases.rows.map(toMovementSummary),
    openWithdrawals: withdrawals.rows.map(toMovementSummary),
    counts: counts.map(toCount),
    hazards: hazards.map((h) => ({ hazardId: h.hazardId, cause: h.cause, title: h.title, state: h.state, createdAt: h.createdAt.toISOString() })),
    labelPath: `/api/registries/chemical-stores/${id}/label`,
  };
}

const storeValues = (b: CreateChemicalStoreBody | UpdateChemicalStoreBody) => ({
  name: trimmed(b.name),
  kind: b.kind!,
  location: trimmed(b.location).slice(0, CHEMICAL_LIMITS.text),
  holder_a: trimmed(b.holderA),
  holder_b: trimmed(b.holderB),
});

export async function createStore(db: Db, ctx: RequestContext, body: CreateChemicalStoreBody): Promise<ChemicalStoreDetail> {
  const { school, issue } = await schoolForWrite(db, ctx, body.schoolId);
  const issues = [...(issue ? [issue] : []), ...chemicalStoreInputIssues(body)];
  const v = storeValues(body);
  if (school && v.name) {
    const dup = await findStoreByName(db, school.id, v.name);
    if (dup) issues.push({ field: 'name', message: `本校已有名为“${dup.name}”的库房（柜）` });
  }
  if (issues.length > 0) throw refuse(issues);
  const s = school!;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const id = await insertStore(trx, { ...v, unit_id: s.id, unit_path: s.path, created_by: ctx.actor.userId });
    await emit({ action: 'chemical_store.create', objectType: 'chemical_store', objectId: id, details: { schoolId: s.id, name: v.name, kind: v.kind, holderA: v.holder_a, holderB: v.holder_b } });
    return getStore(trx, ctx, id);
  });
}

/** An edit (holders, place, name) or the retirement of a store, which must hold nothing on the book. */
export async function updateStore(db: Db, ctx: RequestContext, id: string, body: UpdateChemicalStoreBody): Promise<ChemicalStoreDetail> {
  const row = await loadStore(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const issues = chemicalStoreInputIssues(body);
  const v = storeValues(body);
  if (v.name) {
    const dup = await findStoreByName(db, row.unit_id, v.name, id);
    if (dup) issues.push({ field: 'name', message: `本校已有名为“${dup.name}”的库房（柜）` });
  }
  if (issues.length > 0) throw refuse(issues);
  const status = body.status ?? row.status;
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await lockStore(trx, id);
    if (status === 'retired' && row.status !== 'retired') {
      const held = await findStoreBalances(trx, id);
      if (held.length > 0) throw refuse([{ field: 'status', message: `“${row.name}”账上还有 ${held.map((b) => `${b.name} ${formatQuantity(Number(b.quantity), b.unit_of_measure)}`).join('、')}，清空后才能停用` }]);
    }
    if (!(await updateStoreRow(trx, id, body.version, { ...v, status }))) throw staleVersion();
    await emit({ action: 'chemical_store.update', objectType: 'chemical_store', objectId: id, details: { name: v.name, holderA: v.holder_a, holderB: v.holder_b, status } });
    return getStore(trx, ctx, id);
  });
}

/**
 * A reconciliation (盘点) of one store: every chemical on its book counted, the lines stored
 * with book and counted quantities. A mismatch opens a hazard at the school (once per count),
 * reported by the caller, major when a controlled chemical (剧毒、易制毒、易制爆) is off.
 * The book is not changed: the difference is for the school to explain and correct.
 */
export async function countStore(db: Db, ctx: RequestContext, id: string, body: CreateChemicalCountBody, now = new Date()): Promise<ChemicalCountResult> {
  const store = await loadStore(db, ctx, id);
  const today = shanghaiDate(now);
  const pre: ChemicalFieldIssue[] = [];
  if (store.status !== 'active') pre.push({ field: 'storeId', message: `“${store.name}”已停用` });
  if (!trimmed(body.countedBy)) pre.push({ field: 'countedBy', message: '请填写盘点人' });
  else if (trimmed(body.countedBy).length > CHEMICAL_LIMITS.person) pre.push({ field: 'countedBy', message: `盘点人不能超过 ${CHEMICAL_LIMITS.person} 个字` });
  if (trimmed(body.secondCounter).length > CHEMICAL_LIMITS.person) pre.push({ field: 'secondCounter', message: `监盘人不能超过 ${CHEMICAL_LIMITS.person} 个字` });
  if (body.countedOn > today) pre.push({ field: 'countedOn', message: '盘点日期不能晚于今天' });
  if (pre.length > 0) throw refuse(pre);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await lockStore(trx, id);
    const book = await findStoreBalances(trx, id, { all: true });
    const known = await findSchoolChemicals(trx, store.unit_id, body.lines.map((l) => l.chemicalId));
    const r = reconcileChemicalStore(
      book.map((b) => ({ chemicalId: b.chemical_id, name: b.name, balance: Number(b.quantity) })),
      body.lines,
      new Set(known.map((k) => k.id)),
    );
    if (r.issues.length > 0) throw refuse(r.issues);
    const countId = await insertCount(trx, {
      unit_id: store.unit_id,
      unit_path: store.unit_path,
      store_id: id,
      counted_on: body.countedOn,
      counted_by: trimmed(body.countedBy),
      second_counter: trimmed(body.secondCounter),
      note: trimmed(body.note).slice(0, CHEMICAL_LIMITS.note),
      mismatches: r.mismatches.length,
      recorded_by: ctx.actor.userId,
    });
    await insertCountLines(trx, countId, r.lines);
    let hazard: ChemicalCountResult['hazard'] = null;
    if (r.mismatches.length > 0) {
      const info = new Map([...book.map((b) => [b.chemical_id, { name: b.name, unit: b.unit_of_measure, cls: b.chemical_class }] as const), ...known.map((k) => [k.id, { name: k.name, unit: k.unit_of_measure, cls: k.chemical_class }] as const)]);
      const lines = r.mismatches.map((m) => {
        const c = info.get(m.chemicalId)!;
        const sign = m.difference > 0 ? '多' : '少';
        return `${c.name}${c.cls !== 'general' ? `（${CHEMICAL_CLASS_LABELS[c.cls]}）` : ''}：账面 ${formatQuantity(m.book, c.unit)}，实盘 ${formatQuantity(m.counted, c.unit)}，${sign} ${formatQuantity(Math.abs(m.difference), c.unit)}`;
      });
      const controlled = r.mismatches.some((m) => isControlledChemical(info.get(m.chemicalId)!.cls));
      const label = `${CHEMICAL_STORE_KIND_LABELS[store.kind]} ${store.name}`;
      hazard = await openRegistryHazard(
        trx,
        {
          schoolId: store.unit_id,
          kind: STORE_KIND,
          recordId: id,
          cause: reconcileCause(countId),
          label,
          title: `危化品账实不符：${store.name}（${r.mismatches.length} 种）`,
          description: `${body.countedOn} 盘点“${store.name}”，盘点人 ${trimmed(body.countedBy)}${trimmed(body.secondCounter) ? `、监盘人 ${trimmed(body.secondCounter)}` : ''}，账实不符：\n${lines.join('\n')}\n须查明原因（领用、归还未登记或丢失），必要时报告公安机关。`,
          location: store.location || undefined,
          domain: 'lab_chemicals',
          grade: controlled ? 'major' : 'general',
        },
        now,
        ctx,
      );
      await setCountHazard(trx, countId, hazard.hazardId);
    }
    await emit({ action: 'chemical.count', objectType: 'chemical_store', objectId: id, details: { countId, countedOn: body.countedOn, lines: r.lines.length, mismatches: r.mismatches.length, hazardId: hazard?.hazardId ?? null } });
    const [count] = await findCounts(trx, id, 1, countId);
    return { count: toCount(count!), hazard };
  });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The printable label of a store or cabinet: its QR code (made as the inspection points' print
 * sheet makes them) opens the store's page — its book, its movements and 盘点 — after login,
 * in the reader's scope; the two holders and what it holds are printed beside it.
 */
export async function storeLabel(db: DbOrTrx, ctx: RequestContext, id: string, baseUrl: string): Promise<string> {
  const row = await loadStore(db, ctx, id);
  const balances = await findStoreBalances(db, id);
  const url = `${baseUrl}${storePagePath(id)}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const classes = [...new Set(balances.map((b) => CHEMICAL_CLASS_LABELS[b.chemical_class]))].join('、') || '（暂无库存）';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(row.school_name)} ${esc(row.name)} 二维码标签</title>
<style>
  @page { size: A4; margin: 12mm; }
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #111; }
  .label { border: 2px solid #c00; padding: 6mm; width: 120mm; display: flex; gap: 6mm; }
  .qr { width: 45mm; flex: none; } .qr svg { width: 45mm; height: 45mm; }
  h1 { font-size: 15pt; margin: 0 0 2mm; color: #c00; } p { margin: 0 0 1.5mm; font-size: 10.5pt; }
  .small { color: #555; font-size: 8.5pt; }
  @media screen { body { margin: 8mm; } }
</style></head>
<body>
<section class="label">
  <div class="qr">${svg}</div>
  <div>
    <h1>${esc(CHEMICAL_STORE_KIND_LABELS[row.kind])} · 双人双锁</h1>
    <p><strong>${esc(row.name)}</strong></p>
    <p>${esc(row.school_name)}${row.location ? ` · ${esc(row.location)}` : ''}</p>
    <p>保管人：${esc(row.holder_a)}、${esc(row.holder_b)}</p>
    <p>存放类别：${esc(classes)}</p>
    <p class="small">扫码登录后查看台账、登记领用归还、盘点</p>
  </div>
</section>
</body></html>`;
}
