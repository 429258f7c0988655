import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, buildUser, type District } from '../../../test/factories.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const commitments = (over: Record<string, unknown> = {}) => ({
  owner: '王校长',
  measures: '更换灭火器并增设消防栓指示',
  funds: 1200.5,
  dueDate: daysFromToday(14),
  contingencyPlan: '整改期间安排专人巡查，发现异常立即疏散',
  ...over,
});

describe('hazard ledger: the closed loop through the API', () => {
  const t = useTestApp();
  let d: District;
  let adminA1: Client, staffA1: Client, memberA: Client, memberB: Client, bureau: Client, adminB1: Client, adminA1b: Client;
  let photo: string, evidence: string, foreignPhoto: string;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    const second = await buildUser(db, { role: 'school_admin', unitId: d.schoolA1.id });
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [adminA1, staffA1, memberA, memberB, bureau, adminB1, adminA1b] = await Promise.all([
      lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.memberA), lg(d.users.memberB), lg(d.users.staff), lg(d.users.schoolAdminB1), lg(second),
    ]);
    photo = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolStaffA1.id });
    evidence = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    foreignPhoto = await buildFile(db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id });
  });

  const report = (c: Client, over: Record<string, unknown> = {}) =>
    c.post('/api/hazards', {
      unitId: d.schoolA1.id,
      domain: 'fire',
      grade: 'general',
      source: 'self',
      title: '三楼走廊灭火器过期',
      description: '消防器材检查发现灭火器压力不足，已过有效期',
      location: '教学楼三楼东侧',
      photoIds: [photo],
      foundAt: today(),
      foundBy: '李华',
      ...over,
    });

  it('runs 上报 → 登记 → 整改 → 验收 → 销号, every step attributable, verified by someone else', async () => {
    const reported = await report(staffA1);
    expect(reported.statusCode).toBe(201);
    const h0 = reported.json();
    expect(h0.hazard.state).toBe('reported');
    expect(h0.timeline).toHaveLength(1);
    expect(h0.files.map((f: { id: string }) => f.id)).toEqual([photo]);
    const id = h0.hazard.id;

    const reg = await adminA1.post(`/api/hazards/${id}/register`, { version: h0.hazard.version, ...commitments() });
    expect(reg.statusCode).toBe(200);
    // 登记 starts the rectification in the same step: no separate 开始整改.
    expect(reg.json().hazard).toMatchObject({ state: 'rectifying', owner: '王校长', fundsFen: 120050 });
    expect(reg.json().allowedActions).not.toContain('start_rectification');
    const started = reg;

    const noEvidence = await adminA1.post(`/api/hazards/${id}/request-verification`, { version: started.json().hazard.version, evidenceIds: [], note: '已更换' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.details.domainCode).toBe('EVIDENCE_REQUIRED');

    const submitted = await adminA1.post(`/api/hazards/${id}/request-verification`, { version: started.json().hazard.version, evidenceIds: [evidence], note: '已更换 6 具灭火器' });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().hazard.state).toBe('pending_verification');
    expect(submitted.json().allowedActions).not.toContain('close');

    const selfClose = await adminA1.post(`/api/hazards/${id}/close`, { version: submitted.json().hazard.version });
    expect(selfClose.statusCode).toBe(403);
    expect(selfClose.json().error.details.domainCode).toBe('SAME_PERSON');

    const memberView = await memberA.get(`/api/hazards/${id}`);
    expect(memberView.json().allowedActions).toEqual(expect.arrayContaining(['close', 'return']));
    const closed = await memberA.post(`/api/hazards/${id}/close`, { version: submitted.json().hazard.version, comment: '现场复查合格' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().hazard.state).toBe('closed');

    const seen = (await bureau.get(`/api/hazards/${id}`)).json();
    expect(seen.hazard.state).toBe('closed');
    expect(seen.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
    expect(seen.timeline.map((e: { actor: { id: string } }) => e.actor.id)).toEqual([
      d.users.schoolStaffA1.id, d.users.schoolAdminA1.id, d.users.schoolAdminA1.id, d.users.schoolAdminA1.id, d.users.memberA.id,
    ]);
    expect(seen.allowedActions).toEqual([]);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_type', '=', 'hazard').where('object_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['hazard.register', 'hazard.start_rectification']));
    expect(audit).toHaveLength(5);
  });

  it('reports and registers in one step, and refuses a registration missing commitments with field errors, changing nothing', async () => {
    const missing = await report(adminA1, { register: commitments({ contingencyPlan: '  ' }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.fields.map((f: { field: string }) => f.field)).toContain('register.contingencyPlan');
    const before = await t().tdb.db.selectFrom('hazard').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const ok = await report(adminA1, { register: commitments() });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().hazard.state).toBe('rectifying');
    const after = await t().tdb.db.selectFrom('hazard').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('requires interim controls and a watcher for a major hazard', async () => {
    const res = await report(adminA1, { grade: 'major', register: commitments() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.domainCode).toBe('MAJOR_CONTROLS_REQUIRED');
    const ok = await report(adminA1, { grade: 'major', register: commitments({ interimControls: '设置警戒线，禁止学生进入', watcher: '张老师' }) });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses negative or non-numeric funds and a due date before the found date', async () => {
    expect((await report(adminA1, { register: commitments({ funds: -1 }) })).statusCode).toBe(400);
    expect((await report(adminA1, { register: commitments({ funds: 'abc' }) })).statusCode).toBe(400);
    const early = await report(adminA1, { foundAt: daysFromToday(-3), register: commitments({ dueDate: daysFromToday(-5) }) });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.domainCode).toBe('DUE_BEFORE_FOUND');
  });

  it('refuses photos from another school', async () => {
    const res = await report(adminA1, { photoIds: [foreignPhoto] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('不在您的权限范围内');
  });

  it('lets school staff report but not register', async () => {
    const h = (await report(staffA1)).json();
    const res = await staffA1.post(`/api/hazards/${h.hazard.id}/register`, { version: h.hazard.version, ...commitments() });
    expect(res.statusCode).toBe(403);
  });

  it('answers a stale version with 409 and changes nothing', async () => {
    const h = (await report(adminA1)).json();
    const first = await adminA1.post(`/api/hazards/${h.hazard.id}/register`, { version: h.hazard.version, ...commitments() });
    expect(first.statusCode).toBe(200);
    const again = await adminA1.post(`/api/hazards/${h.hazard.id}/reject`, { version: h.hazard.version, reason: 'duplicate', text: '重复' });
    expect(again.statusCode).toBe(409);
    const now = (await adminA1.get(`/api/hazards/${h.hazard.id}`)).json();
    expect(now.hazard.state).toBe('rectifying');
    expect(now.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'register', 'start_rectification']);
  });

  it('keeps every school’s hazards to its own scope: 404 out of scope, lists without them', async () => {
    const h = (await report(adminA1, { title: '只属于甲一小学的隐患' })).json();
    const out = await adminB1.get(`/api/hazards/${h.hazard.id}`);
    const missing = await adminB1.get('/api/hazards/999999999');
    expect(out.statusCode).toBe(404);
    expect(out.json()).toEqual(missing.json());
    expect((await memberB.get(`/api/hazards/${h.hazard.id}`)).statusCode).toBe(404);
    const act = await adminB1.post(`/api/hazards/${h.hazard.id}/register`, { version: h.hazard.version, ...commitments() });
    expect(act.statusCode).toBe(404);
    const listB = (await adminB1.get('/api/hazards?pageSize=100')).json();
    expect(listB.items.every((x: { school: { id: string } }) => x.school.id === d.schoolB1.id)).toBe(true);
    const listMemberB = (await memberB.get('/api/hazards?pageSize=100')).json();
    expect(listMemberB.total).toBe(0);
    expect((await memberA.get('/api/hazards?pageSize=1')).json().total).toBeGreaterThan(0);
  });

  it('returns the first answer for a repeated Idempotency-Key and creates nothing', async () => {
    const key = `test-${Date.now()}-abcdef`;
    const body = { unitId: d.schoolA1.id, domain: 'food', grade: 'general', source: 'self', title: '食堂留样柜温度异常', description: '留样柜温度显示 12℃', foundAt: today(), foundBy: '李华' };
    const send = () => t().app.inject({ method: 'POST', url: '/api/hazards', payload: body, headers: { cookie: staffA1.cookie, 'x-csrf-token': staffA1.csrf, 'idempotency-key': key } });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([a.json().hazard.id, b.json().hazard.id, c.json().hazard.id]).size).toBe(1);
    const rows = await t().tdb.db.selectFrom('hazard').select('id').where('title', '=', '食堂留样柜温度异常').execute();
    expect(rows).toHaveLength(1);
    const reused = await t().app.inject({ method: 'POST', url: '/api/hazards', payload: { ...body, title: '另一个' }, headers: { cookie: staffA1.cookie, 'x-csrf-token': staffA1.csrf, 'idempotency-key': key } });
    expect(reused.statusCode).toBe(409);
  });

  it('finds hazards by a two-character Chinese term, filters by overdue and listed', async () => {
    const res = (await bureau.get(`/api/hazards?q=${encodeURIComponent('消防')}&pageSize=100`)).json();
    expect(res.total).toBeGreaterThan(0);
    expect(res.items.every((x: { title: string }) => typeof x.title === 'string')).toBe(true);
    const none = (await bureau.get(`/api/hazards?q=${encodeURIComponent('不存在的词语')}`)).json();
    expect(none.total).toBe(0);

    const late = (await report(adminA1, { title: '围墙裂缝', domain: 'buildings', foundAt: daysFromToday(-30), register: commitments({ dueDate: daysFromToday(-1) }) })).json();
    expect(late.hazard.overdue).toBe(true);
    expect(late.hazard.daysUntilDue).toBe(-1);
    expect(late.overdueExplanationRequired).toBe(true);
    const overdue = (await bureau.get('/api/hazards?overdue=true&pageSize=100')).json();
    expect(overdue.items.map((x: { id: string }) => x.id)).toContain(late.hazard.id);
    expect(overdue.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);

    const listed = await bureau.post(`/api/hazards/${late.hazard.id}/list`, { version: late.hazard.version, reason: '逾期未整改，挂牌督办' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().hazard.listed).toBe(true);
    const onlyListed = (await memberA.get('/api/hazards?listed=true')).json();
    expect(onlyListed.items.map((x: { id: string }) => x.id)).toEqual([late.hazard.id]);
    const byStateDomain = (await bureau.get('/api/hazards?state=rectifying&domain=buildings')).json();
    expect(byStateDomain.items.map((x: { id: string }) => x.id)).toContain(late.hazard.id);
  });

  it('history rows cannot be rewritten by the application', async () => {
    await expect(sql`UPDATE hazard_event SET comment = 'x'`.execute(t().tdb.db)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM hazard`.execute(t().tdb.db)).rejects.toThrow(/permission denied/);
  });

  it('a second school admin may close a general hazard that the first one rectified', async () => {
    const h = (await report(adminA1, { register: commitments() })).json();
    const p = (await adminA1.post(`/api/hazards/${h.hazard.id}/request-verification`, { version: h.hazard.version, evidenceIds: [evidence], note: '已整改' })).json();
    const closed = await adminA1b.post(`/api/hazards/${h.hazard.id}/close`, { version: p.hazard.version });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().hazard.state).toBe('closed');
  });
});
