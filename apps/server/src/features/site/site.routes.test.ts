import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, idNumberCheck, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, type District } from '../../../test/factories.js';
import { sweepSite } from './site-sweep.js';

/**
 * The site registries through the real routes: buildings (a grade outside A–D refused in
 * Chinese, a D-grade building in use opening one major hazard listed for supervision), emergency
 * plans with the revision they are due for, drills, canteen staff with their health
 * certificates; scope (another school's record is a 404 like a missing one, a team sees only its
 * schools), roles (staff record drills but do not keep the registries), the daily watch
 * (reminders ahead, a hazard at expiry, nothing new on a second run) and the coverage figures.
 */

type Hz = { hazardId: string; cause: string; title: string; state: string };
type Detail<T> = { item: T; hazards: Hz[]; allowedActions: string[] };
type Building = { id: string; schoolId: string; name: string; grade: string; inUse: boolean; dangerous: boolean; version: number };
type Plan = { id: string; revisionDueOn: string; revisionStatus: string | null; version: number };
type Staff = { id: string; idNumber: string; certStatus: string | null; version: number };

const today = shanghaiDate(new Date());
const idNo = (seq: number) => {
  const first = `3204021985010${String(1000 + seq).slice(-4)}`;
  return first + idNumberCheck(first);
};

describe('site registries: buildings, plans, drills, canteen staff', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'staff' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  const building = (over: Record<string, unknown> = {}) => ({ name: '1号教学楼', use: 'teaching', floors: 4, builtYear: 1996, structure: 'brick_concrete', areaM2: 3200.5, grade: 'B', appraisedOn: addDays(today, -200), reportNo: 'JD-2025-017', inUse: true, ...over });
  const count = async (table: 'building' | 'canteen_staff' | 'emergency_plan' | 'drill') => Number((await t().tdb.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    c = await loginEach(t().app, d.users, ['staff', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
  });

  it('refuses a grade outside A–D and other bad fields in Chinese, writing nothing', async () => {
    const before = await count('building');
    const res = await c.schoolAdminA1.post('/api/registries/buildings', building({ grade: 'E', floors: 0 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('grade: 鉴定等级“E”无效，只能是 A、B、C、D 之一');
    expect(res.json().error.message).toContain('floors: 层数须为 1 至 60 的整数');
    expect(await count('building')).toBe(before);
  });

  it('a D-grade building in use opens one major hazard listed for supervision; saving it again opens no second', async () => {
    const res = await c.schoolAdminA1.post('/api/registries/buildings', building({ name: '老食堂', use: 'canteen', grade: 'D', builtYear: 1982, structure: 'brick_wood' }));
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json() as Detail<Building>;
    expect(b.item).toMatchObject({ schoolId: d.schoolA1.id, grade: 'D', inUse: true, dangerous: true });
    expect(b.hazards).toHaveLength(1);
    expect(b.hazards[0]).toMatchObject({ cause: 'grade-d-in-use', title: 'D级危房“老食堂”仍在使用' });
    const h = (await c.schoolAdminA1.get(`/api/hazards/${b.hazards[0]!.hazardId}`)).json();
    expect(h.hazard).toMatchObject({ grade: 'major', listed: true, domain: 'buildings' });
    const again = await c.schoolAdminA1.put(`/api/registries/buildings/${b.item.id}`, { ...building({ name: '老食堂', use: 'canteen', grade: 'D', builtYear: 1982, structure: 'brick_wood', note: '已设隔离' }), version: b.item.version });
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as Detail<Building>).hazards).toHaveLength(1);
    expect((await sweepSite(t().tdb.db, new Date())).hazards).toBe(0);
    const stale = await c.schoolAdminA1.put(`/api/registries/buildings/${b.item.id}`, { ...building({ name: '老食堂' }), version: b.item.version });
    expect(stale.statusCode).toBe(409);
  });

  it('scope: another school and another team answer 404 as for a missing id, and do not list it; the bureau and the team read', async () => {
    const res = await c.schoolAdminA1.post('/api/registries/buildings', building({ name: '2号教学楼', grade: 'A' }));
    const id = (res.json() as Detail<Building>).item.id;
    for (const client of [c.schoolAdminB1, c.memberB]) {
      expect((await client.get(`/api/registries/buildings/${id}`)).statusCode).toBe(404);
      expect((await client.get('/api/registries/buildings?pageSize=500')).json().items.map((i: Building) => i.id)).not.toContain(id);
    }
    expect((await c.schoolAdminA1.get('/api/registries/buildings/999999999')).statusCode).toBe(404);
    for (const client of [c.staff, c.memberA, c.schoolStaffA1]) {
      const r = await client.get(`/api/registries/buildings/${id}`);
      expect(r.statusCode).toBe(200);
      expect(r.json().allowedActions).toEqual([]);
    }
    expect((await c.schoolAdminA1.get(`/api/registries/buildings/${id}`)).json().allowedActions).toEqual(['edit']);
    const dangerous = (await c.staff.get(`/api/registries/buildings?status=dangerous&unitId=${d.bureau.id}`)).json();
    expect(dangerous.items.map((i: Building) => i.name)).toEqual(['老食堂']);
    // Another school's admin may not create for A1; the school's staff may not keep the registry.
    const foreign = await c.schoolAdminB1.post('/api/registries/buildings', building({ schoolId: d.schoolA1.id, name: '越权楼' }));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('schoolId:');
    expect((await c.schoolStaffA1.post('/api/registries/buildings', building({ name: '教职工楼' }))).statusCode).toBe(403);
  });

  it('a plan due for revision within 30 days is marked so and reminded once; a new revision moves the due date', async () => {
    const res = await c.schoolAdminA1.post('/api/registries/emergency-plans', { title: '火灾事故应急预案', kind: 'fire', versionLabel: 'V2', issuedOn: addDays(today, -700), revisedOn: addDays(today, -350), ownerName: '王校长' });
    expect(res.statusCode, res.body).toBe(201);
    const p = (res.json() as Detail<Plan>).item;
    expect(p.revisionStatus).toBe('due_soon');
    const bad = await c.schoolAdminA1.post('/api/registries/emergency-plans', { title: '预案', kind: 'fire', versionLabel: 'V1', issuedOn: addDays(today, -10), revisedOn: addDays(today, -20), ownerName: '王' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('revisedOn: 最近修订日期不能早于发布日期');
    const first = await sweepSite(t().tdb.db, new Date());
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    const notes = (await c.schoolAdminA1.get('/api/notifications')).json();
    expect(JSON.stringify(notes)).toContain('应急预案“火灾事故应急预案”应于');
    const revised = await c.schoolAdminA1.put(`/api/registries/emergency-plans/${p.id}`, { version: p.version, title: '火灾事故应急预案', kind: 'fire', versionLabel: 'V3', issuedOn: addDays(today, -700), revisedOn: today, ownerName: '王校长' });
    expect(revised.statusCode, revised.body).toBe(200);
    expect((revised.json() as Detail<Plan>).item.revisionStatus).toBe('ok');
  });

  it('drills are recorded by the school staff with photos of their own school only', async () => {
    const photo = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolStaffA1.id });
    const foreign = await buildFile(t().tdb.db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id });
    const body = { title: '秋季消防疏散演练', kind: 'fire_evacuation', heldOn: addDays(today, -3), participants: 860, durationMinutes: 18, rating: 'good', evaluation: '疏散有序，三楼楼梯口拥堵，下次分批', photoFileIds: [photo] };
    const ok = await c.schoolStaffA1.post('/api/registries/drills', body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().item).toMatchObject({ participants: 860, photos: [{ fileId: photo }] });
    const before = await count('drill');
    const bad = await c.schoolStaffA1.post('/api/registries/drills', { ...body, photoFileIds: [foreign], heldOn: addDays(today, 1), participants: -5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/heldOn: 演练日期不能晚于今天.*participants: 参演人数须为正整数.*photoFileIds\.0:/);
    expect(await count('drill')).toBe(before);
    expect((await c.schoolAdminB1.get(`/api/registries/drills/${ok.json().item.id}`)).statusCode).toBe(404);
  });

  it('canteen staff: a duplicate ID number and an expiry before issue are refused; the watch reminds ahead and opens a hazard at expiry, never twice', async () => {
    const staff = (over: Record<string, unknown>) => ({ name: '张红', idNumber: idNo(1), post: 'cook', phone: '13800000000', certNo: 'JK-001', certIssuedOn: addDays(today, -300), certExpiresOn: addDays(today, 10), ...over });
    const soon = await c.schoolAdminA1.post('/api/registries/canteen-staff', staff({}));
    expect(soon.statusCode, soon.body).toBe(201);
    expect((soon.json() as Detail<Staff>).item).toMatchObject({ certStatus: 'due_soon', idNumber: idNo(1) });
    const before = await count('canteen_staff');
    const dup = await c.schoolAdminA1.post('/api/registries/canteen-staff', staff({ name: '张红二' }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('idNumber:');
    const backwards = await c.schoolAdminA1.post('/api/registries/canteen-staff', staff({ idNumber: idNo(2), certExpiresOn: addDays(today, -400) }));
    expect(backwards.json().error.message).toContain('certExpiresOn: 健康证有效期不能早于发证日期');
    expect(await count('canteen_staff')).toBe(before);
    const expired = await c.schoolAdminA1.post('/api/registries/canteen-staff', staff({ name: '李军', idNumber: idNo(3), certIssuedOn: addDays(today, -400), certExpiresOn: addDays(today, -1) }));
    const e = (expired.json() as Detail<Staff>).item;
    expect(e.certStatus).toBe('overdue');
    // The bureau sees the ID number masked.
    expect((await c.staff.get(`/api/registries/canteen-staff/${e.id}`)).json().item.idNumber).toMatch(/^320402\*{8}\d{3}[0-9X]$/);
    const first = await sweepSite(t().tdb.db, new Date());
    expect(first.hazards).toBe(1);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(await sweepSite(t().tdb.db, new Date())).toEqual({ reminders: 0, hazards: 0 });
    const detail = (await c.schoolAdminA1.get(`/api/registries/canteen-staff/${e.id}`)).json() as Detail<Staff>;
    expect(detail.hazards).toEqual([expect.objectContaining({ cause: `expired:health:${addDays(today, -1)}`, title: `食堂从业人员 李军 健康证已过期（${addDays(today, -1)}）` })]);
    const h = (await c.schoolAdminA1.get(`/api/hazards/${detail.hazards[0]!.hazardId}`)).json();
    expect(h.hazard).toMatchObject({ domain: 'food', grade: 'general' });
    const list = (await c.memberA.get('/api/registries/canteen-staff?status=overdue')).json();
    expect(list.items.map((i: Staff) => i.id)).toEqual([e.id]);
    expect((await c.memberB.get('/api/registries/canteen-staff?status=overdue')).json().total).toBe(0);
  });

  it('coverage: drills this semester and 阳光食堂 per area, with the schools that fail', async () => {
    const bad = await c.schoolAdminA1.put('/api/registries/canteen-profile', { hasCanteen: false, brightKitchen: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('brightKitchen: 没有食堂的学校不能登记为阳光食堂');
    expect((await c.schoolStaffA1.put('/api/registries/canteen-profile', { hasCanteen: true, brightKitchen: true })).statusCode).toBe(403);
    const own = await c.schoolAdminA1.put('/api/registries/canteen-profile', { hasCanteen: true, brightKitchen: true, brightKitchenSince: addDays(today, -100) });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ schoolId: d.schoolA1.id, filled: true, hasCanteen: true, brightKitchen: true, mayEdit: true });
    await c.schoolAdminB1.put('/api/registries/canteen-profile', { hasCanteen: true, brightKitchen: false });
    expect((await c.staff.get(`/api/registries/canteen-profile?schoolId=${d.schoolA1.id}`)).json()).toMatchObject({ brightKitchen: true, mayEdit: false });
    expect((await c.memberB.get(`/api/registries/canteen-profile?schoolId=${d.schoolA1.id}`)).statusCode).toBe(400);
    const res = await c.staff.get(`/api/indicators/coverage?unitId=${d.bureau.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const cov = res.json();
    expect(cov.total).toMatchObject({ schools: 4, schoolsWithDrill: 1, drillRate: 0.25, canteens: 2, brightKitchens: 1, brightKitchenRate: 0.5 });
    expect(cov.withoutBrightKitchen.map((s: { unitId: string }) => s.unitId)).toEqual([d.schoolB1.id]);
    expect(cov.children.map((r: { name: string }) => r.name)).toEqual([d.area1.name, d.area2.name].sort());
    expect(cov.withoutDrill.map((s: { unitId: string }) => s.unitId)).not.toContain(d.schoolA1.id);
    const team = (await c.memberB.get('/api/indicators/coverage')).json();
    expect(team.total.schools).toBe(2);
    expect((await c.memberB.get(`/api/indicators/coverage?unitId=${d.schoolA1.id}`)).statusCode).toBe(404);
  });
});
