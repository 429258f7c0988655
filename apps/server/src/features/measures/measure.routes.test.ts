import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, type District } from '../../../test/factories.js';

/**
 * The measure list (制度措施清单) through the real routes: a school admin keeps its own school's
 * list; a closed hazard proposes a measure in one step; the bureau and teams read and see the
 * overview; another school's measure is a 404 like a missing one; bad input is refused in
 * Chinese with nothing written; both lists export to one workbook.
 */

type Summary = { id: string; schoolId: string; title: string; kind: string; ownerName: string; dueOn: string; status: string; overdue: boolean; adoptedOn: string | null; document: { fileId: string; name: string } | null; origins: { kind: string; id: string; label: string }[]; version: number };
type Detail = { measure: Summary; allowedActions: string[]; moves: string[]; history: { action: string; fromStatus: string | null; toStatus: string; actorName: string; note: string; document: { fileId: string } | null }[] };
type List = { items: Summary[]; total: number };

const today = shanghaiDate(new Date());

describe('measures: the second of the two lists', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let o: Record<'schoolAdminA1', Client>;
  let closedA1: string;
  let openA1: string;
  let hazardB1: string;
  let docA1: string;
  let docB1: string;
  let measure: Detail;

  const report = async (client: Client, unitId: string, title: string) => {
    const res = await client.post('/api/hazards', { unitId, domain: 'lab_chemicals', grade: 'general', source: 'self', title, description: '清单测试', foundAt: addDays(today, -20), foundBy: '测试' });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { hazard: { id: string; version: number } }).hazard;
  };
  const body = (over: Record<string, unknown> = {}) => ({ title: '危化品采购审批制度', kind: 'rule', description: '采购须经分管校长审批，双人验收', ownerName: '王明', ownerDepartment: '总务处', dueOn: addDays(today, 30), ...over });
  const count = async () => Number((await t().tdb.db.selectFrom('measure').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    o = await loginEach(t().app, other.users, ['schoolAdminA1']);
    // A hazard of A1 closed through the ledger: reported, registered, submitted, verified by the team.
    const h = await report(c.schoolStaffA1, d.schoolA1.id, '实验室危化品未双人双锁');
    const reg = await c.schoolAdminA1.post(`/api/hazards/${h.id}/register`, { version: h.version, owner: '李老师', measures: '加装双锁', funds: 0, dueDate: addDays(today, 10), contingencyPlan: '暂停使用' });
    expect(reg.statusCode, reg.body).toBe(200);
    const evidence = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    const sub = await c.schoolAdminA1.post(`/api/hazards/${h.id}/request-verification`, { version: reg.json().hazard.version, evidenceIds: [evidence], note: '已加装' });
    expect(sub.statusCode, sub.body).toBe(200);
    const closed = await c.memberA.post(`/api/hazards/${h.id}/close`, { version: sub.json().hazard.version, comment: '复查合格' });
    expect(closed.statusCode, closed.body).toBe(200);
    closedA1 = h.id;
    openA1 = (await report(c.schoolStaffA1, d.schoolA1.id, '门卫登记不全')).id;
    hazardB1 = (await report(c.schoolAdminB1, d.schoolB1.id, '乙一中学食堂留样不足')).id;
    docA1 = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id, kind: 'document' });
    docB1 = await buildFile(db, { unitId: d.schoolB1.id, uploadedBy: d.users.schoolAdminB1.id, kind: 'document' });
  });

  it('a closed hazard proposes a measure in one step: title, origin, owner and due date prefilled, history and audit written', async () => {
    const res = await c.schoolAdminA1.post('/api/measures', { fromHazardId: closedA1 });
    expect(res.statusCode, res.body).toBe(201);
    measure = res.json() as Detail;
    expect(measure.measure).toMatchObject({
      schoolId: d.schoolA1.id,
      title: '实验室危化品未双人双锁（举一反三）长效管理制度',
      kind: 'rule',
      ownerName: '李老师',
      dueOn: addDays(today, 30),
      status: 'planned',
      overdue: false,
      document: null,
      origins: [{ kind: 'hazard', id: closedA1, label: '实验室危化品未双人双锁' }],
    });
    expect(measure.allowedActions).toEqual(['edit', 'move']);
    expect(measure.moves).toEqual(['in_progress', 'established']);
    expect(measure.history.map((h) => [h.action, h.toStatus])).toEqual([['create', 'planned']]);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_id', '=', measure.measure.id).where('action', '=', 'measure.create').execute();
    expect(audit).toHaveLength(1);
    const byHazard = (await c.schoolAdminA1.get(`/api/measures?hazardId=${closedA1}`)).json() as List;
    expect(byHazard.items.map((i) => i.id)).toEqual([measure.measure.id]);
  });

  it('an open hazard, another school’s hazard or another district’s cannot propose one; nothing is written', async () => {
    const before = await count();
    const cases: [Client, Record<string, unknown>, string][] = [
      [c.schoolAdminA1, { fromHazardId: openA1 }, 'fromHazardId: 隐患“门卫登记不全”尚未销号'],
      [c.schoolAdminA1, { fromHazardId: hazardB1 }, `fromHazardId: 隐患 #${hazardB1} 不存在或不在您的权限范围内`],
      [o.schoolAdminA1, { fromHazardId: closedA1 }, `fromHazardId: 隐患 #${closedA1} 不存在或不在您的权限范围内`],
      [c.schoolAdminA1, body({ originHazardIds: [hazardB1] }), `originHazardIds.0: 隐患 #${hazardB1} 不存在`],
      [c.schoolAdminA1, body({ schoolId: d.schoolB1.id }), 'schoolId: 该学校不存在、已停用或不在您的权限范围内'],
    ];
    for (const [client, b, message] of cases) {
      const res = await client.post('/api/measures', b);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
    }
    expect(await count()).toBe(before);
  });

  it('refuses a measure without a title, owner or due date, naming every field in Chinese', async () => {
    const before = await count();
    const res = await c.schoolAdminA1.post('/api/measures', body({ title: '  ', ownerName: '', dueOn: null }));
    expect(res.statusCode).toBe(400);
    const e = (res.json() as { error: { message: string; details: { fields: { field: string }[] } } }).error;
    expect(e.message).toBe('title: 请填写制度措施名称；ownerName: 请填写责任人；dueOn: 请填写完成时限');
    expect(e.details.fields.map((f) => f.field)).toEqual(['title', 'ownerName', 'dueOn']);
    expect((await c.schoolAdminA1.post('/api/measures', { ...body(), kind: undefined })).json().error.message).toContain('kind: 请选择类别');
    expect(await count()).toBe(before);
  });

  it('only the school admin writes: staff, bureau and teams get 403; they and the team read; another school and team get 404', async () => {
    for (const writer of [c.schoolStaffA1, c.staff, c.memberA, c.leader]) expect((await writer.post('/api/measures', body({ schoolId: d.schoolA1.id }))).statusCode).toBe(403);
    for (const reader of [c.staff, c.leader, c.memberA, c.schoolAdminA1, c.schoolStaffA1]) {
      const res = await reader.get(`/api/measures/${measure.measure.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(((await reader.get('/api/measures')).json() as List).items.map((i) => i.id)).toContain(measure.measure.id);
    }
    expect(((await c.staff.get(`/api/measures/${measure.measure.id}`)).json() as Detail).allowedActions).toEqual([]);
    for (const outsider of [c.schoolAdminB1, c.memberB, o.schoolAdminA1]) {
      expect((await outsider.get(`/api/measures/${measure.measure.id}`)).statusCode).toBe(404);
      expect(((await outsider.get('/api/measures')).json() as List).items.map((i) => i.id)).not.toContain(measure.measure.id);
      expect((await outsider.put(`/api/measures/${measure.measure.id}`, { ...body(), version: 1 })).statusCode).toBe(outsider === c.memberB ? 403 : 404);
    }
    expect((await c.schoolAdminB1.get('/api/measures/999999999')).json()).toEqual((await c.schoolAdminB1.get(`/api/measures/${measure.measure.id}`)).json());
  });

  it('edits under the version read (origins replaced, changes in the history); a stale version is a 409', async () => {
    const res = await c.schoolAdminA1.put(`/api/measures/${measure.measure.id}`, { ...body({ title: '实验室危化品双人双锁管理制度', originHazardIds: [closedA1, openA1] }), version: measure.measure.version });
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json() as Detail;
    expect(edited.measure).toMatchObject({ title: '实验室危化品双人双锁管理制度', ownerName: '王明', version: measure.measure.version + 1 });
    expect(edited.measure.origins.map((x) => x.id).sort()).toEqual([closedA1, openA1].sort());
    expect(edited.history.at(-1)).toMatchObject({ action: 'update', note: expect.stringContaining('名称') });
    const stale = await c.schoolAdminA1.put(`/api/measures/${measure.measure.id}`, { ...body({ title: '旧版本' }), version: measure.measure.version });
    expect(stale.statusCode).toBe(409);
    measure = edited;
  });

  it('moves to established only with the school’s document and a date not in the future; then revised', async () => {
    const id = measure.measure.id;
    const v = measure.measure.version;
    const noDoc = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: v, to: 'established' });
    expect(noDoc.statusCode).toBe(400);
    expect(noDoc.json().error.message).toContain('documentFileId: 请上传制度文件');
    const future = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: v, to: 'established', documentFileId: docA1, adoptedOn: addDays(today, 2) });
    expect(future.json().error.message).toBe('adoptedOn: 印发日期不能晚于今天');
    const foreign = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: v, to: 'established', documentFileId: docB1, adoptedOn: today });
    expect(foreign.json().error.message).toContain(`documentFileId: 文件 #${docB1} 不存在或不在您的权限范围内`);
    const back = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: v, to: 'revised', documentFileId: docA1, adoptedOn: today });
    expect(back.json().error.message).toBe('to: “计划制定”的制度措施不能改为“已修订”');
    expect(((await c.schoolAdminA1.get(`/api/measures/${id}`)).json() as Detail).measure.version).toBe(v);

    const ok = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: v, to: 'established', documentFileId: docA1, adoptedOn: today, note: '校务会审议通过' });
    expect(ok.statusCode, ok.body).toBe(200);
    const est = ok.json() as Detail;
    expect(est.measure).toMatchObject({ status: 'established', adoptedOn: today, document: { fileId: docA1, name: '整改报告.pdf' } });
    expect(est.moves).toEqual(['revised']);
    expect(est.history.at(-1)).toMatchObject({ action: 'move', fromStatus: 'planned', toStatus: 'established', note: '校务会审议通过', document: { fileId: docA1 } });
    const rev = await c.schoolAdminA1.post(`/api/measures/${id}/status`, { version: est.measure.version, to: 'revised', documentFileId: docA1 });
    expect(rev.statusCode, rev.body).toBe(200);
    expect((rev.json() as Detail).measure).toMatchObject({ status: 'revised', adoptedOn: today });
    measure = rev.json() as Detail;
  });

  it('filters: overdue (due date passed, not established), status, kind, the area with its schools', async () => {
    const late = await c.schoolAdminA1.post('/api/measures', body({ title: '门卫值守制度', kind: 'system', dueOn: addDays(today, -1) }));
    expect(late.statusCode, late.body).toBe(201);
    const lateId = (late.json() as Detail).measure.id;
    expect((late.json() as Detail).measure.overdue).toBe(true);
    const ids = async (q: string) => ((await c.staff.get(`/api/measures?${q}`)).json() as List).items.map((i) => i.id);
    expect(await ids(`overdue=true&unitId=${d.area1.id}`)).toEqual([lateId]);
    expect(await ids(`status=revised&unitId=${d.schoolA1.id}`)).toEqual([measure.measure.id]);
    expect(await ids(`kind=system&unitId=${d.schoolA1.id}`)).toEqual([lateId]);
    expect(await ids(`unitId=${d.schoolB1.id}`)).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('门卫')}&unitId=${d.area1.id}`)).toEqual([lateId]);
  });

  it('the overview gives each school its hazards and measures by status; a team sees only its schools', async () => {
    const ov = (await c.staff.get(`/api/measures/overview?unitId=${d.bureau.id}`)).json() as { items: { schoolId: string; hazardsOpen: number; hazardsClosed: number; measures: Record<string, number>; measuresTotal: number; measuresOverdue: number }[] };
    const a1 = ov.items.find((i) => i.schoolId === d.schoolA1.id)!;
    expect(a1).toMatchObject({ hazardsOpen: 1, hazardsClosed: 1, measures: { planned: 1, in_progress: 0, established: 0, revised: 1 }, measuresTotal: 2, measuresOverdue: 1 });
    expect(ov.items.find((i) => i.schoolId === d.schoolB1.id)).toMatchObject({ hazardsOpen: 1, measuresTotal: 0 });
    const team = (await c.memberA.get('/api/measures/overview')).json() as { items: { schoolId: string }[] };
    expect(team.items.map((i) => i.schoolId).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    const own = (await c.schoolAdminA1.get('/api/measures/overview')).json() as { items: { schoolId: string }[] };
    expect(own.items.map((i) => i.schoolId)).toEqual([d.schoolA1.id]);
  });

  it('exports both lists of a school in one workbook (问题隐患清单, 制度措施清单); another school’s is a 404', async () => {
    const res = await c.schoolAdminA1.get('/api/measures/export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题隐患清单', '制度措施清单']);
    const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    const hz = wb.getWorksheet('问题隐患清单')!;
    expect(values(hz, 3).slice(0, 9)).toEqual(['序号', '问题隐患名称', '类别', '等级', '发现时间', '责任人', '整改措施', '完成时限', '完成情况']);
    expect([values(hz, 4)[1], values(hz, 5)[1]]).toEqual(['实验室危化品未双人双锁', '门卫登记不全']);
    expect(values(hz, 4)[8]).toBe('已销号');
    const ms = wb.getWorksheet('制度措施清单')!;
    expect(values(ms, 3).slice(0, 8)).toEqual(['序号', '制度名称', '类别', '责任部门', '责任人', '建立情况', '完成时限', '完成情况']);
    const titles = [values(ms, 4), values(ms, 5)].map((r) => [r[1], r[7]]);
    expect(titles).toEqual([['门卫值守制度', '计划制定'], ['实验室危化品双人双锁管理制度', '已修订']]);
    expect(String(values(ms, 5)[10])).toContain('隐患：实验室危化品未双人双锁');
    expect((await c.schoolAdminB1.get(`/api/measures/export.xlsx?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
    expect((await c.staff.get('/api/measures/export.xlsx')).statusCode).toBe(400);
    expect((await c.memberA.get(`/api/measures/export.xlsx?schoolId=${d.schoolA1.id}`)).statusCode).toBe(200);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('action', '=', 'measure.export').where('object_id', '=', d.schoolA1.id).execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});
