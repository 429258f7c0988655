import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { sweepGuards } from './guard-sweep.js';

/**
 * The guards registry (保安员台账) and the school security profile through the real routes: the
 * school admin keeps its own school's guards and profile; staff, the bureau and teams read; another
 * school's record is a 404 like a missing one; bad input (a duplicate ID number, expiry before
 * issue) is refused in Chinese with nothing written; the daily watch reminds before an expiry and
 * opens a hazard once an on-post guard's certificate has expired, never twice.
 */

type Guard = { id: string; schoolId: string; name: string; idNumber: string; certificateState: string; qualified: boolean; shortcomings: string[]; version: number; status: string };
type Detail = { guard: Guard; allowedActions: string[]; hazards: { hazardId: string; cause: string; title: string; state: string }[] };
type List = { items: Guard[]; total: number };
type Security = { schoolId: string; profile: { version: number; requiredGuards: number } | null; guards: { active: number; qualified: number; expiring: number; expired: number; short: number }; indicators: { code: string; passing: boolean; reason: string | null }[]; allowedActions: string[] };

const today = shanghaiDate(new Date());
const ID = ['320402198503120019', '320402199001011239', '320402197812314568'];

describe('guards registry and school security profile', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let guard: Detail;

  const body = (over: Record<string, unknown> = {}) => ({
    name: '张建国',
    idNumber: ID[0],
    phone: '13800000000',
    employment: 'full_time',
    post: 'gate',
    certificateNo: '苏公保证字320400012345',
    certificateIssuedOn: '2022-03-01',
    certificateExpiresOn: addDays(today, 400),
    backgroundCheckOn: addDays(today, -100),
    backgroundCheckResult: 'pass',
    annualReviewYear: Number(today.slice(0, 4)),
    annualReviewResult: 'pass',
    ...over,
  });
  const count = async () => Number((await t().tdb.db.selectFrom('guard').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
  });

  it('the school admin records a guard of its school: qualified, the full ID number in the detail, masked in the list, audited', async () => {
    const res = await c.schoolAdminA1.post('/api/registries/guards', body());
    expect(res.statusCode, res.body).toBe(201);
    guard = res.json() as Detail;
    expect(guard.guard).toMatchObject({ schoolId: d.schoolA1.id, name: '张建国', idNumber: ID[0], certificateState: 'valid', qualified: true, shortcomings: [], status: 'active' });
    expect(guard.allowedActions).toEqual(['edit']);
    const list = (await c.schoolAdminA1.get('/api/registries/guards')).json() as List;
    expect(list.items.map((g) => [g.id, g.idNumber])).toEqual([[guard.guard.id, '320402********0019']]);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_id', '=', guard.guard.id).where('action', '=', 'guard.create').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a duplicate ID number (in any school), an expiry before issue, a bad ID number and missing fields; nothing is written', async () => {
    const before = await count();
    const cases: [Client, Record<string, unknown>, string][] = [
      [c.schoolAdminA1, body(), 'idNumber: 该身份证号已登记（一人一档，调动学校请修改原记录）'],
      [c.schoolAdminB1, body({ idNumber: ID[0]!.toLowerCase() }), 'idNumber: 该身份证号已登记'],
      [c.schoolAdminA1, body({ idNumber: ID[1], certificateIssuedOn: '2026-01-01', certificateExpiresOn: '2025-12-31' }), 'certificateExpiresOn: 有效期至不能早于发证日期（2026-01-01）'],
      [c.schoolAdminA1, body({ idNumber: '320402198503120018' }), 'idNumber: 身份证号无效'],
      [c.schoolAdminA1, body({ idNumber: ID[1], schoolId: d.schoolB1.id }), 'schoolId: 该学校不存在、已停用或不在您的权限范围内'],
      [c.schoolAdminA1, { name: '' }, 'name: 请填写姓名；idNumber: 请填写身份证号'],
    ];
    for (const [client, b, message] of cases) {
      const res = await client.post('/api/registries/guards', b);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
    }
    expect(await count()).toBe(before);
  });

  it('only the school admin writes; everyone in scope reads; another school and another team get 404 and do not list it', async () => {
    for (const w of [c.schoolStaffA1, c.staff, c.memberA, c.leader]) expect((await w.post('/api/registries/guards', body({ idNumber: ID[1], schoolId: d.schoolA1.id }))).statusCode).toBe(403);
    for (const r of [c.staff, c.leader, c.memberA, c.schoolStaffA1]) {
      const res = await r.get(`/api/registries/guards/${guard.guard.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as Detail).guard.idNumber).toBe('320402********0019');
      expect((res.json() as Detail).allowedActions).toEqual([]);
    }
    for (const r of [c.memberB, c.schoolAdminB1]) {
      const res = await r.get(`/api/registries/guards/${guard.guard.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual((await r.get('/api/registries/guards/999999999')).json());
      expect(((await r.get('/api/registries/guards')).json() as List).items.map((g) => g.id)).not.toContain(guard.guard.id);
      expect((await r.put(`/api/registries/guards/${guard.guard.id}`, { version: 1, ...body() })).statusCode).toBe(r === c.memberB ? 403 : 404);
    }
  });

  it('an edit is versioned (stale 409); a part-time or departed guard does not count', async () => {
    const res = await c.schoolAdminA1.put(`/api/registries/guards/${guard.guard.id}`, { version: guard.guard.version, ...body({ employment: 'part_time' }) });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Detail).guard).toMatchObject({ qualified: false, shortcomings: ['兼职'], version: 2 });
    expect((await c.schoolAdminA1.put(`/api/registries/guards/${guard.guard.id}`, { version: 1, ...body() })).statusCode).toBe(409);
    const back = await c.schoolAdminA1.put(`/api/registries/guards/${guard.guard.id}`, { version: 2, ...body() });
    expect(back.statusCode, back.body).toBe(200);
  });

  it('the profile: the school keeps it (first save with version null, then versioned), the bureau and team read it, another school 404, bad numbers 400', async () => {
    const p = { requiredGuards: 2, closedCampus: true, alarmLinked: true, videoLinked: false, escortPostsRequired: 2, escortPostsStaffed: 2 };
    const empty = (await c.schoolAdminA1.get(`/api/security-profiles/${d.schoolA1.id}`)).json() as Security;
    expect(empty.profile).toBeNull();
    expect(empty.indicators.every((i) => !i.passing && i.reason === '未填报学校安防情况')).toBe(true);
    const bad = await c.schoolAdminA1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: null, ...p, requiredGuards: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('requiredGuards: 应配专职保安员人数不能为负数或小数');
    expect((await c.schoolAdminB1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: null, ...p })).statusCode).toBe(404);
    expect((await c.schoolStaffA1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: null, ...p })).statusCode).toBe(403);
    const saved = await c.schoolAdminA1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: null, ...p });
    expect(saved.statusCode, saved.body).toBe(200);
    const s = saved.json() as Security;
    expect(s.guards).toEqual({ active: 1, qualified: 1, expiring: 0, expired: 0, short: 1 });
    expect(s.indicators.map((i) => [i.code, i.passing])).toEqual([['full_time_guards', false], ['closed_campus', true], ['alarm_video', false], ['escort_posts', true]]);
    expect(s.indicators[0]!.reason).toBe('合格专职保安员 1 人，应配 2 人');
    expect((await c.schoolAdminA1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: null, ...p })).statusCode).toBe(409);
    expect((await c.schoolAdminA1.put(`/api/security-profiles/${d.schoolA1.id}`, { version: 1, ...p, requiredGuards: 1 })).statusCode).toBe(200);
    for (const r of [c.staff, c.memberA]) expect(((await r.get(`/api/security-profiles/${d.schoolA1.id}`)).json() as Security).profile?.requiredGuards).toBe(1);
    expect((await c.memberB.get(`/api/security-profiles/${d.schoolA1.id}`)).statusCode).toBe(404);
    const teamList = (await c.memberA.get('/api/security-profiles')).json() as { items: Security[] };
    expect(teamList.items.map((x) => x.schoolId).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    const failing = (await c.staff.get(`/api/security-profiles?unitId=${d.bureau.id}&failing=alarm_video`)).json() as { items: Security[] };
    expect(failing.items.map((x) => x.schoolId)).toContain(d.schoolA1.id);
  });

  it('exports the roster as .xlsx: the school admin with full ID numbers, the bureau masked, another team nothing of A1', async () => {
    const read = async (client: Client, url: string) => {
      const res = await client.get(url);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('保安员台账')!;
      return { header: (ws.getRow(3).values as unknown[]).slice(1), rows: ws.getRows(4, Math.max(ws.rowCount - 3, 1))?.map((r) => (r.values as unknown[]).slice(1)) ?? [] };
    };
    const own = await read(c.schoolAdminA1, '/api/registries/guards/export.xlsx');
    expect(own.header.slice(0, 5)).toEqual(['序号', '学校', '姓名', '身份证号', '联系电话']);
    expect(own.rows.map((r) => r[3])).toContain(ID[0]);
    const bureau = await read(c.staff, `/api/registries/guards/export.xlsx?unitId=${d.schoolA1.id}`);
    expect(bureau.rows.map((r) => r[3])).toContain('320402********0019');
    const teamB = await read(c.memberB, '/api/registries/guards/export.xlsx');
    expect(teamB.rows.filter((r) => r[2] === '张建国')).toEqual([]);
    expect((await c.memberB.get(`/api/registries/guards/export.xlsx?unitId=${d.schoolA1.id}`)).statusCode).toBe(404);
  });

  it('the watch: reminds 30 days ahead, opens a hazard once the certificate has expired, never twice; the record lists its hazard', async () => {
    const expiring = await c.schoolAdminA1.post('/api/registries/guards', body({ name: '李卫', idNumber: ID[1], certificateExpiresOn: addDays(today, 10) }));
    const expired = await c.schoolAdminA1.post('/api/registries/guards', body({ name: '王强', idNumber: ID[2], certificateIssuedOn: '2020-01-01', certificateExpiresOn: addDays(today, -1) }));
    expect(expiring.statusCode, expiring.body).toBe(201);
    expect(expired.statusCode, expired.body).toBe(201);
    const e = expired.json() as Detail;
    expect(e.guard).toMatchObject({ certificateState: 'expired', qualified: false, shortcomings: ['保安员证已过期'] });
    const db = t().tdb.db;
    const first = await sweepGuards(db, new Date());
    expect(first.hazards).toBeGreaterThanOrEqual(1);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(await sweepGuards(db, new Date())).toEqual({ reminders: 0, hazards: 0 });
    const detail = (await c.schoolAdminA1.get(`/api/registries/guards/${e.guard.id}`)).json() as Detail;
    expect(detail.hazards).toHaveLength(1);
    expect(detail.hazards[0]).toMatchObject({ cause: `expired:certificate:${addDays(today, -1)}` });
    const hazard = await c.schoolAdminA1.get(`/api/hazards/${detail.hazards[0]!.hazardId}`);
    expect(hazard.statusCode).toBe(200);
    expect(hazard.json().hazard.title).toContain('王强');
    const filtered = (await c.staff.get('/api/registries/guards?certificate=expired')).json() as List;
    expect(filtered.items.map((g) => g.id)).toContain(e.guard.id);
    const s = (await c.staff.get(`/api/security-profiles/${d.schoolA1.id}`)).json() as Security;
    expect(s.guards).toMatchObject({ active: 3, expiring: 1, expired: 1 });
  });
});
