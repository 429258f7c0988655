import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, type District } from '../../../test/factories.js';
import { buildInspectionWorld, buildPoint, shanghaiToday, smallAnswers } from '../../../test/inspection-fixtures.js';

describe('inspections through the API', () => {
  const t = useTestApp();
  let d: District;
  let w: Awaited<ReturnType<typeof buildInspectionWorld>>;
  let adminA1: Client, staffA1: Client, adminB1: Client, bureau: Client, memberA: Client, memberB: Client, leader: Client;
  let photo: string, pdf: string, foreignPhoto: string;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    w = await buildInspectionWorld(t().app, db, d);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [adminA1, staffA1, adminB1, bureau, memberA, memberB, leader] = await Promise.all([
      lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.schoolAdminB1), lg(d.users.staff), lg(d.users.memberA), lg(d.users.memberB), lg(d.users.leader),
    ]);
    photo = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolStaffA1.id });
    pdf = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolStaffA1.id, kind: 'document' });
    foreignPhoto = await buildFile(db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id });
  });

  const count = async (table: 'inspection' | 'inspection_result' | 'hazard') =>
    Number((await t().tdb.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  const check = (c: Client, over: Record<string, unknown> = {}, headers?: Record<string, string>) => {
    const body = { kind: 'self', pointId: w.point.id, checklistVersionIds: [w.small.versionId], answers: smallAnswers(w.small.versionId), ...over };
    if (!headers) return c.post('/api/inspections', body);
    return t().app.inject({ method: 'POST', url: '/api/inspections', payload: body, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...headers } });
  };

  it('the library is installed and a school reads the check form of its point with only the items that apply', async () => {
    const list = (await staffA1.get('/api/checklists')).json();
    expect(list.items.length).toBeGreaterThan(10);
    expect(list.items.some((c: { title: string }) => c.title.includes('消防'))).toBe(true);
    const form = (await staffA1.get(`/api/inspection-points/${w.point.id}/check-form`)).json();
    expect(form.period.key).toBe(shanghaiToday());
    // T-03 applies only to vocational schools; school A1 is a primary school.
    expect(form.checklists[0].items.map((i: { code: string }) => i.code)).toEqual(['T-01', 'T-02']);
    expect(form.doneInPeriod).not.toBeNull();
  });

  it('a check started from the QR code records it, and a retry with the same key creates nothing', async () => {
    const before = await count('inspection');
    const key = `k-${Date.now()}-qr-check`;
    const res1 = await check(staffA1, { pointId: undefined, qrToken: w.point.token, answers: smallAnswers(w.small.versionId, 'pass') }, { 'idempotency-key': key });
    expect(res1.statusCode).toBe(201);
    const res2 = await check(staffA1, { pointId: undefined, qrToken: w.point.token, answers: smallAnswers(w.small.versionId, 'pass') }, { 'idempotency-key': key });
    expect(res2.statusCode).toBe(201);
    expect(res2.json().inspection.id).toBe(res1.json().inspection.id);
    expect(res1.json().inspection.startedVia).toBe('qr');
    expect(res1.json().inspection.periodKey).toBe(shanghaiToday());
    expect(res1.json().inspection.score).toBe(100);
    expect(await count('inspection')).toBe(before + 1);
  });

  it('refuses bad checks with a Chinese message and writes nothing', async () => {
    const before = [await count('inspection'), await count('inspection_result')];
    const cases: [string, Promise<{ statusCode: number; json: () => { error: { message: string } } }>, number, RegExp][] = [
      ['fail without a note', check(staffA1, { answers: [{ checklistVersionId: w.small.versionId, itemCode: 'T-01', answer: 'fail' }, smallAnswers(w.small.versionId)[1]] }), 400, /请写明/],
      ['item answered twice', check(staffA1, { answers: [...smallAnswers(w.small.versionId, 'pass'), { checklistVersionId: w.small.versionId, itemCode: 'T-02', answer: 'na' }] }), 400, /重复作答/],
      ['item missing', check(staffA1, { answers: [smallAnswers(w.small.versionId, 'pass')[0]] }), 400, /尚未作答/],
      ['version that does not exist', check(staffA1, { checklistVersionIds: ['999999'], answers: [{ checklistVersionId: '999999', itemCode: 'T-01', answer: 'pass' }] }), 400, /检查表版本不存在/],
      ['point of another school', check(adminB1), 404, /点位不存在/],
      ['forged QR token', check(staffA1, { pointId: undefined, qrToken: 'forged-token-000000000' }), 404, /二维码无效/],
      ['another school using A1 token', check(adminB1, { pointId: undefined, qrToken: w.point.token }), 404, /二维码无效/],
      ['a document as a photo', check(staffA1, { answers: [{ ...smallAnswers(w.small.versionId)[0], photoIds: [pdf] }, smallAnswers(w.small.versionId)[1]] }), 400, /不是图片/],
      ['a photo of another school', check(staffA1, { answers: [{ ...smallAnswers(w.small.versionId)[0], photoIds: [foreignPhoto] }, smallAnswers(w.small.versionId)[1]] }), 400, /不属于该学校/],
      ['a date in the future', check(staffA1, { inspectedOn: '2099-01-01' }), 400, /不能晚于今天/],
      ['a bureau leader (read-only role)', check(leader), 403, /无权/],
      ['a self-check filed by the bureau', check(bureau), 400, /自查由学校人员进行/],
    ];
    for (const [label, p, status, msg] of cases) {
      const res = await p;
      expect(res.statusCode, label).toBe(status);
      expect(res.json().error.message, label).toMatch(msg);
    }
    expect([await count('inspection'), await count('inspection_result')]).toEqual(before);
  });

  it('a submitted record is read-only, even to the database role; a correction is a new record that references it', async () => {
    await expect(sql`UPDATE inspection SET summary = 'x' WHERE id = ${w.inspectionId}`.execute(t().tdb.db)).rejects.toThrow();
    await expect(sql`UPDATE inspection_result SET note = 'x' WHERE inspection_id = ${w.inspectionId}`.execute(t().tdb.db)).rejects.toThrow();
    const fix = await check(adminA1, { correctsId: w.inspectionId, summary: '更正：补记' });
    expect(fix.statusCode).toBe(201);
    const original = (await adminA1.get(`/api/inspections/${w.inspectionId}`)).json();
    expect(original.correctedBy.map((c: { id: string }) => c.id)).toContain(fix.json().inspection.id);
  });

  it('registers a failed item as a hazard in one step, pre-filled and linked both ways, once', async () => {
    const res = await staffA1.post(`/api/inspections/${w.inspectionId}/raise-hazard`, { checklistVersionId: w.small.versionId, itemCode: 'T-01' });
    expect(res.statusCode).toBe(201);
    const h = res.json();
    expect(h.hazard.source).toBe('self');
    expect(h.hazard.domain).toBe('fire');
    expect(h.hazard.title).toContain('灭火器在有效期内不合格');
    expect(h.record.description).toContain('灭火器压力不足');
    expect(h.origin.inspection).toMatchObject({ id: w.inspectionId, itemCode: 'T-01', itemText: '灭火器在有效期内' });
    const detail = (await staffA1.get(`/api/inspections/${w.inspectionId}`)).json();
    expect(detail.results.find((r: { itemCode: string }) => r.itemCode === 'T-01').hazard.id).toBe(h.hazard.id);
    const again = await staffA1.post(`/api/inspections/${w.inspectionId}/raise-hazard`, { checklistVersionId: w.small.versionId, itemCode: 'T-01' });
    expect(again.statusCode).toBe(409);
    const passed = await staffA1.post(`/api/inspections/${w.inspectionId}/raise-hazard`, { checklistVersionId: w.small.versionId, itemCode: 'T-02' });
    expect(passed.statusCode).toBe(409);
    expect(passed.json().error.message).toContain('不合格');
  });

  it('lists checks by scope: school B1 sees none of A1', async () => {
    expect((await adminB1.get('/api/inspections')).json().total).toBe(0);
    expect((await memberA.get('/api/inspections')).json().total).toBeGreaterThan(0);
    expect((await memberB.get('/api/inspections')).json().total).toBe(0);
  });

  it('schedules: today due/done per point, completion for the month, the weekly roll-up', async () => {
    const db = t().tdb.db;
    const weekly = await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [w.small.id], name: '操场', frequency: 'weekly', pointType: 'sports_ground' });
    const due = (await staffA1.get(`/api/inspection-schedule?schoolId=${d.schoolA1.id}`)).json();
    const byPoint = new Map(due.items.map((i: { point: { id: string }; status: string }) => [i.point.id, i.status]));
    expect(byPoint.get(w.point.id)).toBe('done');
    expect(byPoint.get(weekly.id)).toBe('due');
    const comp = (await bureau.get('/api/inspection-completion?window=day')).json();
    const a1 = comp.schools.find((s: { school: { id: string } }) => s.school.id === d.schoolA1.id);
    expect(a1.done).toBe(1);
    expect(a1.owed).toBeGreaterThanOrEqual(1);
    expect((await adminB1.get('/api/inspection-completion?window=month')).json().schools.every((s: { school: { id: string } }) => s.school.id !== d.schoolA1.id)).toBe(true);
    const roll = (await adminA1.get(`/api/inspection-rollups/weekly?schoolId=${d.schoolA1.id}`)).json();
    expect(roll.inspections).toBeGreaterThanOrEqual(2);
    expect(roll.failures.some((f: { itemText: string }) => f.itemText === '灭火器在有效期内')).toBe(true);
    expect((await adminB1.get(`/api/inspection-rollups/weekly?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
    // The trigger-kept counters agree with a recount of the checks themselves.
    const recount = await sql<{ unit_id: string; period_end: string; n: string }>`
      SELECT unit_id, period_end::text, count(DISTINCT (point_id, period_key)) AS n FROM inspection
       WHERE period_key IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`.execute(t().tdb.db);
    const kept = await sql<{ unit_id: string; period_end: string; n: string }>`
      SELECT unit_id, period_end::text, done::bigint AS n FROM inspection_done_day ORDER BY 1, 2`.execute(t().tdb.db);
    expect(kept.rows).toEqual(recount.rows);
  });

  it('checklists: the bureau edits its library as new versions; a school copies and adds its own items', async () => {
    const res = await adminA1.put(`/api/checklists/${w.small.id}`, { version: 1, title: '改名' });
    expect(res.statusCode).toBe(403);
    const copy = await adminA1.post(`/api/checklists/${w.small.id}/copy`, {});
    expect(copy.statusCode).toBe(201);
    const mine = copy.json();
    expect(mine.checklist.owner.id).toBe(d.schoolA1.id);
    const items = [...mine.items, { code: 'OWN-01', text: '本校自定检查项', standard: '合格', basis: '校规', schoolKinds: [], pointTypes: [], weight: 1 }];
    const v2 = await adminA1.put(`/api/checklists/${mine.checklist.id}`, { version: mine.checklist.version, items });
    expect(v2.statusCode).toBe(200);
    expect(v2.json().checklist.versionNo).toBe(2);
    // Another school does not see it.
    expect((await adminB1.get(`/api/checklists/${mine.checklist.id}`)).statusCode).toBe(404);
    const bad = await bureau.put(`/api/checklists/${w.small.id}`, { version: 1, items: [{ code: 'A', text: '一', standard: '', basis: '', schoolKinds: [], pointTypes: [], weight: 1 }, { code: 'A', text: '二', standard: '', basis: '', schoolKinds: [], pointTypes: [], weight: 1 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('重复');
    // The finished inspection still reads its own version.
    const old = (await adminA1.get(`/api/inspections/${w.inspectionId}`)).json();
    expect(old.checklists[0].versionNo).toBe(1);
  });

  it('points: QR tokens resolve only in scope; rotation kills the old code; the print sheet has one QR per point', async () => {
    expect((await staffA1.get(`/api/inspection-points/by-token/${w.point.token}`)).statusCode).toBe(200);
    expect((await adminB1.get(`/api/inspection-points/by-token/${w.point.token}`)).statusCode).toBe(404);
    const created = await adminA1.post('/api/inspection-points', { unitId: d.schoolA1.id, name: '第一食堂', pointType: 'canteen', frequency: 'daily', checklistIds: [w.small.id] });
    expect(created.statusCode).toBe(201);
    const dup = await adminA1.post('/api/inspection-points', { unitId: d.schoolA1.id, name: '第一食堂', pointType: 'canteen', frequency: 'daily', checklistIds: [w.small.id] });
    expect(dup.statusCode).toBe(409);
    const p = created.json();
    const oldToken = p.qrPath.slice(3);
    const rotated = (await adminA1.post(`/api/inspection-points/${p.id}/rotate-token`, {})).json();
    expect(rotated.qrPath).not.toBe(p.qrPath);
    expect((await staffA1.get(`/api/inspection-points/by-token/${oldToken}`)).statusCode).toBe(404);
    const sheet = await staffA1.get(`/api/units/${d.schoolA1.id}/inspection-points/print`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toContain('text/html');
    expect(sheet.body).toContain('第一食堂');
    expect((sheet.body.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect((await adminB1.get(`/api/units/${d.schoolA1.id}/inspection-points/print`)).statusCode).toBe(404);
  });

  it('supervision: a team plans and records visits only to its schools, issues findings and feedback; coverage shows it', async () => {
    const refused = await memberA.post('/api/supervision-visits', { teamId: d.teamA.id, schoolId: d.schoolB1.id, kind: 'unannounced', plannedOn: shanghaiToday() });
    expect([403, 404]).toContain(refused.statusCode);
    const otherTeam = await memberA.post('/api/supervision-visits', { teamId: d.teamB.id, schoolId: d.schoolA1.id, kind: 'supervision', plannedOn: shanghaiToday() });
    expect(otherTeam.statusCode).toBe(403);
    const planned = await memberA.post('/api/supervision-visits', { teamId: d.teamA.id, schoolId: d.schoolA1.id, kind: 'unannounced', plannedOn: shanghaiToday() });
    expect(planned.statusCode).toBe(201);
    const v = planned.json().visit;
    const early = await memberA.post(`/api/supervision-visits/${v.id}/findings`, { domain: 'security', grade: 'general', title: '门卫未登记', description: '来访未登记', dueDate: '2030-01-01' });
    expect(early.statusCode).toBe(409);
    const done = await memberA.put(`/api/supervision-visits/${v.id}`, { version: v.version, status: 'done', summary: '总体良好' });
    expect(done.statusCode).toBe(200);
    const insp = await memberA.post('/api/inspections', { kind: 'unannounced', unitId: d.schoolA1.id, visitId: v.id, checklistVersionIds: [w.small.versionId], answers: smallAnswers(w.small.versionId, 'pass') });
    expect(insp.statusCode).toBe(201);
    const finding = await memberA.post(`/api/supervision-visits/${v.id}/findings`, { domain: 'security', grade: 'general', title: '门卫未登记来访人员', description: '明查暗访发现来访人员未登记', dueDate: '2030-01-01' });
    expect(finding.statusCode).toBe(201);
    expect(finding.json().hazard.source).toBe('unannounced');
    expect(finding.json().origin.visit.id).toBe(v.id);
    // The team's deadline binds the school: registering with a later 整改时限 is refused and changes nothing.
    const found = finding.json().hazard;
    expect(finding.json().record.requiredDueDate).toBe('2030-01-01');
    const commitments = { owner: '王校长', measures: '来访一律登记', funds: 0, contingencyPlan: '门卫双人值守' };
    const later = await adminA1.post(`/api/hazards/${found.id}/register`, { version: found.version, ...commitments, dueDate: '2030-02-01' });
    expect(later.statusCode).toBe(400);
    expect(later.json().error.details.domainCode).toBe('DUE_AFTER_REQUIRED');
    expect(later.json().error.message).toContain('2030-01-01');
    expect((await adminA1.get(`/api/hazards/${found.id}`)).json().hazard.state).toBe('reported');
    const onTime = await adminA1.post(`/api/hazards/${found.id}/register`, { version: found.version, ...commitments, dueDate: '2030-01-01' });
    expect(onTime.statusCode, onTime.body).toBe(200);
    const fb = await memberA.post(`/api/supervision-visits/${v.id}/feedback`, {});
    expect(fb.statusCode).toBe(200);
    expect(fb.json().findings).toHaveLength(1);
    expect(fb.json().inspections).toHaveLength(1);
    const notes = (await adminA1.get('/api/notifications')).json();
    expect(JSON.stringify(notes)).toContain('督查反馈');
    const cov = (await memberA.get(`/api/supervision-teams/${d.teamA.id}/coverage`)).json();
    expect(cov.visited).toBe(1);
    expect(cov.schools.find((s: { id: string }) => s.id === d.schoolA1.id).openFindings).toBe(1);
    expect(cov.neverVisited).toBe(1);
    expect((await memberB.get(`/api/supervision-teams/${d.teamA.id}/coverage`)).statusCode).toBe(404);
    expect((await adminB1.get(`/api/supervision-visits/${v.id}`)).statusCode).toBe(404);
  });

  it('回头看: a closed hazard is proposed; a recurrence opens a new linked hazard and the old record stays closed', async () => {
    const fixed = await staffA1.post('/api/hazards', {
      unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '安全出口堆放杂物', description: '已当场清理', foundAt: shanghaiToday(), foundBy: '李华', photoIds: [photo],
      fixedOnSpot: { fixPhotoIds: [photo], fixNote: '已清理' },
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const hid = fixed.json().hazard.id;
    const closed = await adminA1.post(`/api/hazards/${hid}/close`, { version: fixed.json().hazard.version, comment: '验收合格' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().hazard.state).toBe('closed');
    const cands = (await adminA1.get('/api/follow-ups/candidates?days=7')).json();
    expect(cands.items.map((c: { hazard: { id: string } }) => c.hazard.id)).toContain(hid);
    expect((await adminB1.get('/api/follow-ups/candidates?days=7')).json().total).toBe(0);
    const bad = await adminA1.post('/api/follow-ups', { hazardId: hid, outcome: 'recurred', note: '' });
    expect(bad.statusCode).toBe(400);
    const outside = await adminB1.post('/api/follow-ups', { hazardId: hid, outcome: 'holds', note: '' });
    expect(outside.statusCode).toBe(404);
    const again = await adminA1.post('/api/follow-ups', { hazardId: hid, outcome: 'recurred', note: '出口又堆放了纸箱', photoIds: [photo] });
    expect(again.statusCode).toBe(201);
    const newId = again.json().newHazardId;
    const n = (await adminA1.get(`/api/hazards/${newId}`)).json();
    expect(n.hazard.source).toBe('follow_up');
    expect(n.origin.recurrenceOf.id).toBe(hid);
    const old = (await adminA1.get(`/api/hazards/${hid}`)).json();
    expect(old.hazard.state).toBe('closed');
    expect(old.origin.recurrences[0].id).toBe(newId);
    expect(old.origin.followUps[0].outcome).toBe('recurred');
  });
});
