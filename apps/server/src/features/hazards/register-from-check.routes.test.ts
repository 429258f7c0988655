import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, buildUser, type District } from '../../../test/factories.js';
import { buildInspectionWorld, shanghaiToday, smallAnswers } from '../../../test/inspection-fixtures.js';

const daysFromToday = (n: number) => {
  const d = new Date(`${shanghaiToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const commitments = (over: Record<string, unknown> = {}) => ({
  owner: '总务处 王主任',
  measures: '更换过期灭火器，每月检查压力',
  funds: 360,
  dueDate: daysFromToday(7),
  contingencyPlan: '整改期间调配临时灭火器，专人巡查',
  ...over,
});

describe('a failed check item becomes a registered hazard in one step (issue 15, item 4)', () => {
  const t = useTestApp();
  let d: District;
  let w: Awaited<ReturnType<typeof buildInspectionWorld>>;
  let adminA1: Client, staffA1: Client, memberA: Client, adminA1b: Client;
  let adminName: string;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    w = await buildInspectionWorld(t().app, db, d);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [adminA1, staffA1, memberA] = await Promise.all([lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.memberA)]);
    adminName = (await db.selectFrom('app_user').select('display_name').where('id', '=', d.users.schoolAdminA1.id).executeTakeFirstOrThrow()).display_name;
    void adminA1b;
  });

  const count = async (table: 'hazard' | 'hazard_event') => Number((await t().tdb.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  /** A new self-check at A1 with item T-01 failed (and a photo of it). */
  const failedCheck = async (c: Client) => {
    const photo = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    const [first, second] = smallAnswers(w.small.versionId);
    const res = await c.post('/api/inspections', { kind: 'self', pointId: w.point.id, checklistVersionIds: [w.small.versionId], answers: [{ ...first, photoIds: [photo] }, second] });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().inspection.id as string, photo };
  };
  const raise = (c: Client, inspectionId: string, over: Record<string, unknown> = {}) =>
    c.post(`/api/inspections/${inspectionId}/raise-hazard`, { checklistVersionId: w.small.versionId, itemCode: 'T-01', ...over });

  it('a school admin registers it with the five commitments: one command, straight to 整改中, the history shows report, register and start', async () => {
    const check = await failedCheck(adminA1);
    const res = await raise(adminA1, check.id, { register: commitments() });
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    expect(h.hazard).toMatchObject({ state: 'rectifying', owner: '总务处 王主任', fundsFen: 36000, dueDate: daysFromToday(7), domain: 'fire', source: 'self' });
    expect(h.record.photos.map((p: { fileId: string }) => p.fileId)).toEqual([check.photo]);
    expect(h.record.description).toContain('灭火器压力不足');
    expect(h.origin.inspection).toMatchObject({ id: check.id, itemCode: 'T-01' });
    expect(h.timeline.map((e: { action: string; toState: string }) => [e.action, e.toState])).toEqual([
      ['report', 'reported'],
      ['register', 'registered'],
      ['start_rectification', 'rectifying'],
    ]);
    expect(h.allowedActions).toContain('request_verification');
    expect(h.allowedActions).not.toContain('register');
    expect(h.allowedActions).not.toContain('start_rectification');
    // Who acts next: the school's only admin submits for verification.
    expect(h.nextStep).toMatchObject({ role: 'school_admin', userName: adminName });
    expect(h.nextStep.text).toContain('提交验收');
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where((eb) => eb.or([eb.and([eb('object_type', '=', 'hazard'), eb('object_id', '=', h.hazard.id)]), eb.and([eb('object_type', '=', 'inspection'), eb('object_id', '=', check.id), eb('action', '=', 'inspection.raise_hazard')])])).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['hazard.report', 'hazard.register', 'hazard.start_rectification', 'inspection.raise_hazard']);
  });

  it('incomplete commitments are refused field by field and nothing is written (no hazard, the item still open)', async () => {
    const check = await failedCheck(adminA1);
    const before = [await count('hazard'), await count('hazard_event')];
    const res = await raise(adminA1, check.id, { register: commitments({ owner: '  ', contingencyPlan: '   ' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['register.owner', 'register.contingencyPlan']));
    expect([await count('hazard'), await count('hazard_event')]).toEqual(before);
    const detail = (await adminA1.get(`/api/inspections/${check.id}`)).json();
    expect(detail.results.find((r: { itemCode: string }) => r.itemCode === 'T-01').hazard).toBeNull();
  });

  it('a school staff member who may only report gets a reported hazard, and the school admin is named as the next step', async () => {
    const check = await failedCheck(staffA1);
    const res = await raise(staffA1, check.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().hazard.state).toBe('reported');
    expect(res.json().nextStep.text).toContain('登记');
    expect(res.json().nextStep.userName).toBe(adminName);
  });

  it('a school staff member who sends the commitments anyway is refused (the policy: register is the admin’s) and nothing is written', async () => {
    const check = await failedCheck(staffA1);
    const before = await count('hazard');
    const res = await raise(staffA1, check.id, { register: commitments() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details.domainCode).toBe('ROLE_NOT_ALLOWED');
    expect(await count('hazard')).toBe(before);
  });

  it('says who acts next at every step: the team verifies what the only admin submitted, then nobody', async () => {
    const check = await failedCheck(adminA1);
    const h = (await raise(adminA1, check.id, { register: commitments() })).json();
    const evidence = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    const sub = await adminA1.post(`/api/hazards/${h.hazard.id}/request-verification`, { version: h.hazard.version, evidenceIds: [evidence], note: '已更换 2 具灭火器' });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().nextStep).toEqual({ role: 'team_member', unitName: d.teamA.name, userName: null, text: `等待 ${d.teamA.name} 验收` });
    const seen = (await memberA.get(`/api/hazards/${h.hazard.id}`)).json();
    expect(seen.nextStep.text).toBe(`等待 ${d.teamA.name} 验收`);
    const closed = await memberA.post(`/api/hazards/${h.hazard.id}/close`, { version: sub.json().hazard.version, comment: '复查合格' });
    expect(closed.json().nextStep).toEqual({ role: null, unitName: null, userName: null, text: '已销号，无需操作' });
  });

  it('with a second school admin, that admin is who verifies a general hazard next', async () => {
    const second = await buildUser(t().tdb.db, { role: 'school_admin', unitId: d.schoolA1.id });
    adminA1b = await login(t().app, second.username, second.password);
    const secondName = (await t().tdb.db.selectFrom('app_user').select('display_name').where('id', '=', second.id).executeTakeFirstOrThrow()).display_name;
    const check = await failedCheck(adminA1);
    const h = (await raise(adminA1, check.id, { register: commitments() })).json();
    expect(h.nextStep.userName).toBeNull(); // two admins: the school's admins, not one person
    const evidence = await buildFile(t().tdb.db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    const sub = (await adminA1.post(`/api/hazards/${h.hazard.id}/request-verification`, { version: h.hazard.version, evidenceIds: [evidence], note: '已更换' })).json();
    expect(sub.nextStep).toMatchObject({ role: 'school_admin', userName: secondName });
    expect((await adminA1b.get(`/api/hazards/${h.hazard.id}`)).json().allowedActions).toContain('close');
  });
});
