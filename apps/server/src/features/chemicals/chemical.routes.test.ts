import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { sweepChemicals } from './chemical-watch.js';

/**
 * The chemicals registry through the real routes: a school keeps its catalogue and cabinets
 * (双人双锁), records the lifecycle, and the balance holds; bad input is refused in Chinese with
 * nothing written; a count that does not match the book opens a hazard linked to the cabinet;
 * another school's records answer 404 like missing ones; the monthly watch is idempotent.
 */

type Chem = { id: string; schoolId: string; name: string; balance: number; stock: { storeId: string; quantity: number }[]; version: number };
type Store = { store: { id: string; holderA: string; holderB: string; version: number; lastCountMismatches: number | null }; allowedActions: string[]; balances: { chemicalId: string; quantity: number }[]; openWithdrawals: { id: string; outstanding: number }[]; hazards: { hazardId: string; state: string; cause: string }[]; counts: { id: string; mismatches: number }[] };
type Movement = { movement: { id: string; kind: string; quantity: number; outstanding: number | null; teacher: string | null; recordedByName: string }; related: { id: string }[]; balance: number };

const today = shanghaiDate(new Date());

describe('chemicals registry: catalogue, cabinets, movements, balance, reconciliation', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let acid: Chem;
  let cyanide: Chem;
  let cabinet: Store;
  let withdrawalId: string;

  const count = async (table: 'chemical_movement' | 'chemical' | 'chemical_store' | 'chemical_count' | 'hazard') =>
    Number((await t().tdb.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const move = (client: Client, body: Record<string, unknown>) => client.post('/api/registries/chemical-movements', { storeId: cabinet.store.id, onDate: today, ...body });
  const store = async (client: Client = c.schoolAdminA1) => (await client.get(`/api/registries/chemical-stores/${cabinet.store.id}`)).json() as Store;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
  });

  it('the school admin adds catalogue entries and a cabinet with two lock holders', async () => {
    const a = await c.schoolAdminA1.post('/api/registries/chemicals', { name: '盐酸', casNo: '7647-01-0', chemicalClass: 'general', unit: 'mL' });
    expect(a.statusCode, a.body).toBe(201);
    acid = a.json().chemical;
    const k = await c.schoolAdminA1.post('/api/registries/chemicals', { name: '氰化钾', casNo: '151-50-8', chemicalClass: 'highly_toxic', unit: 'g' });
    expect(k.statusCode, k.body).toBe(201);
    cyanide = k.json().chemical;
    expect(cyanide).toMatchObject({ schoolId: d.schoolA1.id, chemicalClass: 'highly_toxic', controlled: true, balance: 0 });
    const s = await c.schoolAdminA1.post('/api/registries/chemical-stores', { name: '化学实验室危化品柜', kind: 'cabinet', location: '实验楼 302', holderA: '张伟', holderB: '李娜' });
    expect(s.statusCode, s.body).toBe(201);
    cabinet = s.json();
    expect(cabinet.store).toMatchObject({ holderA: '张伟', holderB: '李娜' });
    expect(cabinet.allowedActions).toEqual(expect.arrayContaining(['edit', 'count', 'withdraw', 'receive', 'purchase']));
  });

  it('refuses a bad CAS number, a duplicate name and one holder for both locks, writing nothing', async () => {
    const [chems, stores] = [await count('chemical'), await count('chemical_store')];
    const bad = await c.schoolAdminA1.post('/api/registries/chemicals', { name: '硫酸', casNo: '7664-93-0', chemicalClass: 'general', unit: 'mL' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('casNo: CAS 号');
    const dup = await c.schoolAdminA1.post('/api/registries/chemicals', { name: ' 盐酸 ', casNo: '7647-01-0', chemicalClass: 'general', unit: 'mL' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('已有“盐酸”');
    const same = await c.schoolAdminA1.post('/api/registries/chemical-stores', { name: '另一个柜', kind: 'cabinet', holderA: '张伟', holderB: '张伟' });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.message).toContain('holderB: 两把锁须由两人分别保管');
    expect([await count('chemical'), await count('chemical_store')]).toEqual([chems, stores]);
  });

  it('receives stock and issues it to a lesson; the balance follows', async () => {
    const r = await move(c.schoolAdminA1, { chemicalId: acid.id, kind: 'receive', quantity: 500, receivedBy: '张伟', supplier: '常州化学试剂公司' });
    expect(r.statusCode, r.body).toBe(201);
    expect((r.json() as Movement).balance).toBe(500);
    const w = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'withdraw', quantity: 120.5, teacher: '王老师', lesson: '九年级化学：酸的性质' });
    expect(w.statusCode, w.body).toBe(201);
    const m = w.json() as Movement;
    expect(m.balance).toBe(379.5);
    expect(m.movement).toMatchObject({ kind: 'withdraw', quantity: 120.5, outstanding: 120.5, teacher: '王老师' });
    withdrawalId = m.movement.id;
    const s = await store();
    expect(s.balances).toEqual([expect.objectContaining({ chemicalId: acid.id, quantity: 379.5 })]);
    expect(s.openWithdrawals.map((x) => x.id)).toEqual([withdrawalId]);
  });

  it('refuses a negative quantity and an issue larger than the balance, writing nothing', async () => {
    const before = await count('chemical_movement');
    const neg = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'withdraw', quantity: -5, teacher: '王老师', lesson: '实验' });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.message).toBe('quantity: 数量不能为负数');
    const big = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'withdraw', quantity: 400, teacher: '王老师', lesson: '实验' });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toBe('quantity: 领用数量 400 mL 超过库存 379.5 mL');
    const staffReceive = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'receive', quantity: 5, receivedBy: '王老师' });
    expect(staffReceive.statusCode).toBe(400);
    expect(staffReceive.json().error.message).toContain('kind: 您不能登记“入库”');
    const future = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'withdraw', quantity: 1, teacher: '王老师', lesson: '实验', onDate: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
    expect(await count('chemical_movement')).toBe(before);
    expect((await store()).balances[0]!.quantity).toBe(379.5);
  });

  it('takes back at most what a withdrawal has out', async () => {
    const over = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'return', quantity: 130, withdrawalId });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toContain('超过该次领用未归还的 120.5 mL');
    const ok = await move(c.schoolStaffA1, { chemicalId: acid.id, kind: 'return', quantity: 20.5, withdrawalId });
    expect(ok.statusCode, ok.body).toBe(201);
    const m = ok.json() as Movement;
    expect(m.movement.teacher).toBe('王老师');
    expect(m.balance).toBe(400);
    const w = (await c.schoolAdminA1.get(`/api/registries/chemical-movements/${withdrawalId}`)).json() as Movement;
    expect(w.movement.outstanding).toBe(100);
    expect(w.related.map((r) => r.id)).toEqual([m.movement.id]);
  });

  it('a highly toxic chemical: purchase by two approvers, receipt only against it, issue by two people', async () => {
    const noPurchase = await move(c.schoolAdminA1, { chemicalId: cyanide.id, kind: 'receive', quantity: 10, receivedBy: '张伟' });
    expect(noPurchase.statusCode).toBe(400);
    expect(noPurchase.json().error.message).toContain('purchaseId: 剧毒化学品“氰化钾”须凭审批通过的采购入库');
    const oneApprover = await move(c.schoolAdminA1, { chemicalId: cyanide.id, kind: 'purchase', quantity: 25, approverA: '刘校长', approverB: '刘校长' });
    expect(oneApprover.statusCode).toBe(400);
    const p = await move(c.schoolAdminA1, { chemicalId: cyanide.id, kind: 'purchase', quantity: 25, approverA: '刘校长', approverB: '陈主任', supplier: '公安备案供应商' });
    expect(p.statusCode, p.body).toBe(201);
    const purchaseId = (p.json() as Movement).movement.id;
    expect((p.json() as Movement).balance).toBe(0);
    const tooMuch = await move(c.schoolAdminA1, { chemicalId: cyanide.id, kind: 'receive', quantity: 30, receivedBy: '张伟', purchaseId });
    expect(tooMuch.json().error.message).toContain('超过该采购尚未入库的 25 g');
    const r = await move(c.schoolAdminA1, { chemicalId: cyanide.id, kind: 'receive', quantity: 25, receivedBy: '张伟', purchaseId });
    expect(r.statusCode, r.body).toBe(201);
    const single = await move(c.schoolStaffA1, { chemicalId: cyanide.id, kind: 'withdraw', quantity: 2, teacher: '王老师', lesson: '演示实验' });
    expect(single.json().error.message).toContain('secondPerson: 剧毒化学品须双人领用');
    const two = await move(c.schoolStaffA1, { chemicalId: cyanide.id, kind: 'withdraw', quantity: 2, teacher: '王老师', lesson: '演示实验', secondPerson: '李娜' });
    expect(two.statusCode, two.body).toBe(201);
    expect((two.json() as Movement).balance).toBe(23);
  });

  it('a count that matches opens nothing; a mismatch opens one hazard linked to the cabinet, reported by the counter', async () => {
    const hazards = await count('hazard');
    const okCount = await c.schoolStaffA1.post(`/api/registries/chemical-stores/${cabinet.store.id}/counts`, { countedOn: today, countedBy: '张伟', secondCounter: '李娜', lines: [{ chemicalId: acid.id, counted: 400 }, { chemicalId: cyanide.id, counted: 23 }] });
    expect(okCount.statusCode, okCount.body).toBe(201);
    expect(okCount.json()).toMatchObject({ count: { mismatches: 0, hazardId: null }, hazard: null });
    const missing = await c.schoolStaffA1.post(`/api/registries/chemical-stores/${cabinet.store.id}/counts`, { countedOn: today, countedBy: '张伟', lines: [{ chemicalId: acid.id, counted: 400 }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('账上有“氰化钾”');
    const bad = await c.schoolStaffA1.post(`/api/registries/chemical-stores/${cabinet.store.id}/counts`, { countedOn: today, countedBy: '张伟', secondCounter: '李娜', lines: [{ chemicalId: acid.id, counted: 380 }, { chemicalId: cyanide.id, counted: 23 }] });
    expect(bad.statusCode, bad.body).toBe(201);
    const res = bad.json() as { count: { id: string; mismatches: number; hazardId: string; lines: { chemicalId: string; difference: number }[] }; hazard: { hazardId: string; created: boolean } };
    expect(res.count.mismatches).toBe(1);
    expect(res.hazard.created).toBe(true);
    expect(res.count.hazardId).toBe(res.hazard.hazardId);
    expect(res.count.lines.find((l) => l.chemicalId === acid.id)!.difference).toBe(-20);
    expect(await count('hazard')).toBe(hazards + 1);
    const h = await c.schoolAdminA1.get(`/api/hazards/${res.hazard.hazardId}`);
    expect(h.statusCode).toBe(200);
    const hz = h.json().hazard;
    expect(hz).toMatchObject({ state: 'reported', domain: 'lab_chemicals', grade: 'general', school: { id: d.schoolA1.id } });
    expect(hz.title).toContain('危化品账实不符');
    expect(h.json().record.description).toContain('盐酸：账面 400 mL，实盘 380 mL，少 20 mL');
    const s = await store();
    expect(s.hazards).toEqual([expect.objectContaining({ hazardId: res.hazard.hazardId, cause: `reconcile:${res.count.id}` })]);
    expect(s.store.lastCountMismatches).toBe(1);
    const list = await c.leader.get('/api/registries/chemical-stores?mismatch=true');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(cabinet.store.id);
  });

  it('a controlled chemical off the book is a major hazard', async () => {
    const res = await c.schoolAdminA1.post(`/api/registries/chemical-stores/${cabinet.store.id}/counts`, { countedOn: today, countedBy: '张伟', lines: [{ chemicalId: acid.id, counted: 400 }, { chemicalId: cyanide.id, counted: 22 }] });
    expect(res.statusCode, res.body).toBe(201);
    const h = (await c.schoolAdminA1.get(`/api/hazards/${res.json().hazard.hazardId}`)).json();
    expect(h.hazard.grade).toBe('major');
    expect(h.record.description).toContain('氰化钾（剧毒）');
  });

  it('the contract routes: lists {items,total} and details, scoped; another school and another team get 404', async () => {
    const list = await c.schoolAdminA1.get('/api/registries/chemicals');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 2 });
    expect(list.json().items.find((x: Chem) => x.id === acid.id)).toMatchObject({ balance: 400, stock: [{ storeId: cabinet.store.id, quantity: 400 }] });
    const moves = await c.memberA.get(`/api/registries/chemical-movements?schoolId=${d.schoolA1.id}&kind=withdraw`);
    expect(moves.json().total).toBe(2);
    for (const client of [c.schoolAdminB1, c.memberB]) {
      expect((await client.get(`/api/registries/chemicals/${acid.id}`)).statusCode).toBe(404);
      expect((await client.get(`/api/registries/chemical-movements/${withdrawalId}`)).statusCode).toBe(404);
      expect((await client.get(`/api/registries/chemical-stores/${cabinet.store.id}`)).statusCode).toBe(404);
      expect((await client.get('/api/registries/chemicals')).json().total).toBe(0);
      expect((await client.get('/api/registries/chemicals/99999999')).statusCode).toBe(404);
    }
    const foreign = await c.schoolAdminB1.post('/api/registries/chemical-movements', { storeId: cabinet.store.id, chemicalId: acid.id, kind: 'receive', quantity: 1, onDate: today, receivedBy: '乙' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('storeId: 库房（柜）不存在或不在您的权限范围内');
    for (const client of [c.leader, c.staff, c.memberA]) {
      const detail = await client.get(`/api/registries/chemicals/${acid.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().allowedActions).toEqual([]);
      expect((await client.post('/api/registries/chemical-movements', { storeId: cabinet.store.id, chemicalId: acid.id, kind: 'withdraw', quantity: 1, onDate: today })).statusCode).toBe(403);
    }
  });

  it('edits holders under the version; a cabinet is retired only when empty', async () => {
    const s = await store();
    const edit = await c.schoolAdminA1.put(`/api/registries/chemical-stores/${s.store.id}`, { version: s.store.version, name: '化学实验室危化品柜', kind: 'cabinet', location: '实验楼 302', holderA: '张伟', holderB: '赵敏' });
    expect(edit.statusCode, edit.body).toBe(200);
    const stale = await c.schoolAdminA1.put(`/api/registries/chemical-stores/${s.store.id}`, { version: s.store.version, name: '化学实验室危化品柜', kind: 'cabinet', holderA: '张伟', holderB: '赵敏' });
    expect(stale.statusCode).toBe(409);
    const retire = await c.schoolAdminA1.put(`/api/registries/chemical-stores/${s.store.id}`, { version: s.store.version + 1, name: '化学实验室危化品柜', kind: 'cabinet', holderA: '张伟', holderB: '赵敏', status: 'retired' });
    expect(retire.statusCode).toBe(400);
    expect(retire.json().error.message).toContain('清空后才能停用');
  });

  it('prints a QR label that opens the cabinet page', async () => {
    const res = await c.schoolStaffA1.get(`/api/registries/chemical-stores/${cabinet.store.id}/label`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('张伟、赵敏');
    expect((await c.schoolAdminB1.get(`/api/registries/chemical-stores/${cabinet.store.id}/label`)).statusCode).toBe(404);
  });

  it('the monthly watch: a cabinet of controlled chemicals not counted last month opens one hazard, once; the 20th reminds once', async () => {
    const db = t().tdb.db;
    // Counted this month only: next month's 20th reminds, the month after calls next month missed.
    const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
    const month = (k: number) => {
      const n = y * 12 + (m - 1) + k;
      return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    };
    await db.updateTable('chemical_store').set({ created_at: new Date('2020-01-01T00:00:00Z') }).where('id', '=', cabinet.store.id).execute();
    const at = (ymd: string) => new Date(`${ymd}T02:00:00Z`);
    const first = await sweepChemicals(db, at(`${month(1)}-20`));
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect((await sweepChemicals(db, at(`${month(1)}-20`))).reminders).toBe(0);
    const missed = await sweepChemicals(db, at(`${month(2)}-03`));
    expect(missed.hazards).toBe(1);
    expect(await sweepChemicals(db, at(`${month(2)}-03`))).toEqual({ reminders: 0, hazards: 0 });
    const s = await store();
    expect(s.hazards.map((h) => h.cause)).toContain(`count-missed:${month(1)}`);
  });
});
