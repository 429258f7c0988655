import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

/**
 * Admonition talks (约谈) through the real routes: bureau staff record and follow up; the school
 * talked to, its team and the bureau read; another school's talk is a 404 like a missing one;
 * bad input is refused in Chinese with nothing written.
 */

type Detail = {
  talk: { id: string; version: number; status: string; unit: { kind: string; id: string; name: string }; followUpOverdue: boolean; followUpResult: string | null; linkCount: number };
  links: { kind: string; id: string; label: string; state: string | null }[];
  commitments: string[];
  followUp: { result: string; note: string; recordedOn: string; recordedBy: string } | null;
  allowedActions: string[];
};
type List = { items: { id: string }[]; total: number };

const today = shanghaiDate(new Date());

describe('talks: record, scope, bad input, follow-up', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let o: Record<'staff' | 'schoolStaffA1', Client>;
  let hazardA1: string;
  let hazardB1: string;
  let hazardOther: string;
  let talkA1: Detail;

  const hazard = async (client: Client, unitId: string, title: string) => {
    const res = await client.post('/api/hazards', { unitId, domain: 'fire', grade: 'general', source: 'self', title, description: '约谈测试', foundAt: addDays(today, -40), foundBy: '测试' });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { hazard: { id: string } }).hazard.id;
  };
  const body = (over: Record<string, unknown> = {}) => ({
    unit: { kind: 'school', id: d.schoolA1.id },
    heldOn: addDays(today, -20),
    reason: '隐患整改不力，逾期未整改',
    interviewees: [{ name: '王明', post: '校长' }, { name: '李红', post: '安全管理员' }],
    interviewers: [{ name: '张科长', post: '发展规划与财务科科长' }],
    commitments: [' 两周内完成灭火器更换 ', '', '每周报送整改进展'],
    followUpDue: addDays(today, -2),
    links: [],
    ...over,
  });
  const count = async () => Number((await t().tdb.db.selectFrom('talk').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    o = await loginEach(t().app, other.users, ['staff', 'schoolStaffA1']);
    hazardA1 = await hazard(c.schoolStaffA1, d.schoolA1.id, '灭火器过期');
    hazardB1 = await hazard(c.staff, d.schoolB1.id, '乙一中学围墙开裂');
    hazardOther = await hazard(o.schoolStaffA1, other.schoolA1.id, '他区隐患');
  });

  it('bureau staff record a talk with a school, linking its hazard; its admins are told and the audit trail has it', async () => {
    const res = await c.staff.post('/api/talks', body({ links: [{ kind: 'hazard', id: hazardA1 }] }));
    expect(res.statusCode, res.body).toBe(201);
    talkA1 = res.json() as Detail;
    expect(talkA1.talk).toMatchObject({ status: 'held', unit: { kind: 'school', id: d.schoolA1.id }, linkCount: 1, followUpOverdue: true });
    expect(talkA1.links).toEqual([{ kind: 'hazard', id: hazardA1, label: '灭火器过期', state: 'reported', overdue: false }]);
    expect(talkA1.commitments).toEqual(['两周内完成灭火器更换', '每周报送整改进展']);
    expect(talkA1.allowedActions).toEqual(['edit', 'follow_up']);
    const notes = (await c.schoolAdminA1.get('/api/notifications')).json() as { items: { kind: string; title: string; body: string }[] };
    expect(notes.items.find((n) => n.kind === 'talk_recorded')?.body).toContain('隐患整改不力');
    const b1 = (await c.schoolAdminB1.get('/api/notifications')).json() as { items: { kind: string }[] };
    expect(b1.items.some((n) => n.kind === 'talk_recorded')).toBe(false);
    const audit = await t().tdb.db.selectFrom('audit_event').select(['action', 'object_id']).where('action', '=', 'talk.create').where('object_id', '=', talkA1.talk.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('the school, its team and the bureau read it; another school, another team and another district get a 404 as for a missing id', async () => {
    for (const reader of [c.staff, c.leader, c.memberA, c.schoolAdminA1, c.schoolStaffA1]) {
      const res = await reader.get(`/api/talks/${talkA1.talk.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(((await reader.get('/api/talks')).json() as List).items.map((i) => i.id)).toContain(talkA1.talk.id);
    }
    expect(((await c.schoolAdminA1.get(`/api/talks/${talkA1.talk.id}`)).json() as Detail).allowedActions).toEqual([]);
    for (const outsider of [c.schoolAdminB1, c.memberB, o.staff]) {
      expect((await outsider.get(`/api/talks/${talkA1.talk.id}`)).statusCode).toBe(404);
      expect(((await outsider.get('/api/talks')).json() as List).items.map((i) => i.id)).not.toContain(talkA1.talk.id);
    }
    expect((await c.schoolAdminB1.get('/api/talks/999999999')).json()).toEqual((await c.schoolAdminB1.get(`/api/talks/${talkA1.talk.id}`)).json());
  });

  it('only bureau staff record: a school admin and the leader get 403', async () => {
    expect((await c.schoolAdminA1.post('/api/talks', body())).statusCode).toBe(403);
    expect((await c.leader.post('/api/talks', body())).statusCode).toBe(403);
    expect((await c.memberA.put(`/api/talks/${talkA1.talk.id}`, { ...body(), version: 1, unit: undefined })).statusCode).toBe(403);
  });

  it('a talk with an area is seen by the bureau, not by the area’s schools; the unit filter of the area finds both', async () => {
    const res = await c.staff.post('/api/talks', body({ unit: { kind: 'area', id: d.area1.id }, links: [{ kind: 'hazard', id: hazardA1 }], followUpDue: null }));
    expect(res.statusCode, res.body).toBe(201);
    const area = res.json() as Detail;
    expect((await c.schoolAdminA1.get(`/api/talks/${area.talk.id}`)).statusCode).toBe(404);
    const byArea = (await c.staff.get(`/api/talks?unitId=${d.area1.id}`)).json() as List;
    expect(byArea.items.map((i) => i.id).sort()).toEqual([talkA1.talk.id, area.talk.id].sort());
    const byB1 = (await c.staff.get(`/api/talks?unitId=${d.schoolB1.id}`)).json() as List;
    expect(byB1.total).toBe(0);
  });

  it('refuses bad input in Chinese, field by field, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ unit: undefined }, 'unit: 请选择约谈的单位'],
      [{ reason: '   ' }, 'reason: 请填写约谈事由'],
      [{ followUpDue: addDays(today, -21) }, 'followUpDue: 回访日期不能早于约谈日期'],
      [{ links: [{ kind: 'hazard', id: hazardB1 }] }, '不属于被约谈单位'],
      [{ links: [{ kind: 'hazard', id: hazardOther }] }, `隐患 #${hazardOther} 不存在或不在您的权限范围内`],
      [{ unit: { kind: 'school', id: other.schoolA1.id } }, 'unit: 该单位不存在'],
      [{ unit: { kind: 'school', id: d.area1.id } }, 'unit: 该单位不存在、类型不符'],
      [{ heldOn: addDays(today, 3), status: 'held', followUpDue: null }, 'heldOn: 已约谈的日期不能晚于今天'],
      [{ links: [{ kind: 'notice', id: '987654321' }] }, '通报 #987654321 不存在'],
    ];
    for (const [over, message] of cases) {
      const res = await c.staff.post('/api/talks', body(over));
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
    }
    const both = await c.staff.post('/api/talks', body({ unit: undefined, reason: '' }));
    expect((both.json() as { error: { details: { fields: { field: string }[] } } }).error.details.fields.map((f) => f.field)).toEqual(['unit', 'reason']);
    expect(await count()).toBe(before);
    const edit = await c.staff.put(`/api/talks/${talkA1.talk.id}`, { ...body({ links: [{ kind: 'hazard', id: hazardB1 }] }), unit: undefined, version: talkA1.talk.version });
    expect(edit.statusCode).toBe(400);
    expect(((await c.staff.get(`/api/talks/${talkA1.talk.id}`)).json() as Detail).talk.version).toBe(talkA1.talk.version);
  });

  it('edits under the version read; a stale version is a 409 and changes nothing', async () => {
    const { unit: _unit, ...fields } = body({ links: [{ kind: 'hazard', id: hazardA1 }], commitments: ['两周内完成灭火器更换'] });
    const res = await c.staff.put(`/api/talks/${talkA1.talk.id}`, { ...fields, version: talkA1.talk.version });
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json() as Detail;
    expect(edited.talk.version).toBe(talkA1.talk.version + 1);
    expect(edited.commitments).toEqual(['两周内完成灭火器更换']);
    const stale = await c.staff.put(`/api/talks/${talkA1.talk.id}`, { ...fields, reason: '旧版本', version: talkA1.talk.version });
    expect(stale.statusCode).toBe(409);
    talkA1 = edited;
  });

  it('overdue follow-ups are a filter; the follow-up is recorded once, after the talk, and closes the record', async () => {
    const overdue = (await c.staff.get('/api/talks?overdue=true')).json() as List;
    expect(overdue.items.map((i) => i.id)).toEqual([talkA1.talk.id]);
    expect(((await c.memberA.get('/api/talks?overdue=true')).json() as List).total).toBe(1);
    expect(((await c.memberB.get('/api/talks?overdue=true')).json() as List).total).toBe(0);
    const v = talkA1.talk.version;
    const noNote = await c.staff.post(`/api/talks/${talkA1.talk.id}/follow-up`, { version: v, result: 'not_done', note: ' ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toContain('note: 未落实时，请写明情况');
    const early = await c.staff.post(`/api/talks/${talkA1.talk.id}/follow-up`, { version: v, result: 'done', note: '', recordedOn: addDays(today, -30) });
    expect(early.json().error.message).toContain('recordedOn: 回访日期不能早于约谈日期');
    expect((await c.schoolAdminA1.post(`/api/talks/${talkA1.talk.id}/follow-up`, { version: v, result: 'done', note: '' })).statusCode).toBe(403);
    const res = await c.staff.post(`/api/talks/${talkA1.talk.id}/follow-up`, { version: v, result: 'done', note: '灭火器已全部更换，现场核实' });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json() as Detail;
    expect(done.talk).toMatchObject({ status: 'followed_up', followUpResult: 'done', followUpOverdue: false });
    expect(done.followUp).toMatchObject({ result: 'done', recordedOn: today, note: '灭火器已全部更换，现场核实' });
    expect(done.allowedActions).toEqual([]);
    expect(((await c.staff.get('/api/talks?overdue=true')).json() as List).total).toBe(0);
    expect(((await c.staff.get('/api/talks?status=followed_up')).json() as List).items.map((i) => i.id)).toEqual([talkA1.talk.id]);
    expect((await c.staff.post(`/api/talks/${talkA1.talk.id}/follow-up`, { version: done.talk.version, result: 'done', note: '' })).statusCode).toBe(409);
    const { unit: _unit, ...fields } = body();
    expect((await c.staff.put(`/api/talks/${talkA1.talk.id}`, { ...fields, version: done.talk.version })).statusCode).toBe(409);
    expect(((await c.schoolAdminA1.get(`/api/talks/${talkA1.talk.id}`)).json() as Detail).followUp?.result).toBe('done');
  });

  it('a planned talk has no follow-up yet; holding it is an edit, and it cannot go back', async () => {
    const res = await c.staff.post('/api/talks', body({ unit: { kind: 'school', id: d.schoolA2.id }, heldOn: addDays(today, 5), followUpDue: addDays(today, 35), interviewees: [] }));
    expect(res.statusCode, res.body).toBe(201);
    const planned = res.json() as Detail;
    expect(planned.talk.status).toBe('planned');
    expect((await c.staff.post(`/api/talks/${planned.talk.id}/follow-up`, { version: 1, result: 'done', note: '' })).statusCode).toBe(409);
    const { unit: _unit, ...fields } = body({ heldOn: today, followUpDue: addDays(today, 30) });
    const held = await c.staff.put(`/api/talks/${planned.talk.id}`, { ...fields, status: 'held', version: 1 });
    expect(held.statusCode, held.body).toBe(200);
    expect((held.json() as Detail).talk.status).toBe('held');
    const back = await c.staff.put(`/api/talks/${planned.talk.id}`, { ...fields, status: 'planned', version: 2 });
    expect(back.statusCode).toBe(409);
  });

  it('a department of the bureau may be talked to; a hazard cannot be linked to it', async () => {
    const res = await c.staff.post('/api/talks', body({ unit: { kind: 'department', id: d.department.id }, links: [] }));
    expect(res.statusCode, res.body).toBe(201);
    const dept = res.json() as Detail;
    expect(dept.talk.unit).toMatchObject({ kind: 'department', id: d.department.id });
    expect((await c.memberA.get(`/api/talks/${dept.talk.id}`)).statusCode).toBe(404);
    expect(((await c.staff.get(`/api/talks?unitId=dept:${d.department.id}`)).json() as List).total).toBe(1);
    const withHazard = await c.staff.post('/api/talks', body({ unit: { kind: 'department', id: d.department.id }, links: [{ kind: 'hazard', id: hazardA1 }] }));
    expect(withHazard.statusCode).toBe(400);
  });

  it('links an issued notice that names the school; a notice naming another school, or a draft, is refused', async () => {
    const db = t().tdb.db;
    const notice = async (status: 'draft' | 'issued', schoolId: string, title: string) => {
      const n = await db
        .insertInto('notice')
        .values({
          bureau_unit_id: d.bureau.id,
          bureau_unit_path: sql<string>`(SELECT path FROM unit WHERE id = ${d.bureau.id})` as never,
          kind: 'overdue_hazards',
          status,
          title,
          doc_number: '测教安〔2026〕1号',
          query_params: '{}',
          issue_date: status === 'issued' ? today : null,
          issued_at: status === 'issued' ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('notice_unit')
        .values({ notice_id: n.id, unit_id: schoolId, unit_path: sql<string>`(SELECT path FROM unit WHERE id = ${schoolId})` as never, unit_name: '单位', position: 1 })
        .execute();
      return n.id;
    };
    const a1 = await notice('issued', d.schoolA1.id, '关于隐患逾期未整改学校的通报');
    const b1 = await notice('issued', d.schoolB1.id, '关于乙一中学的通报');
    const draft = await notice('draft', d.schoolA1.id, '草稿通报');
    const ok = await c.staff.post('/api/talks', body({ links: [{ kind: 'notice', id: a1 }, { kind: 'hazard', id: hazardA1 }] }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json() as Detail).links.map((l) => [l.kind, l.label])).toEqual([
      ['notice', '关于隐患逾期未整改学校的通报'],
      ['hazard', '灭火器过期'],
    ]);
    const other = await c.staff.post('/api/talks', body({ links: [{ kind: 'notice', id: b1 }] }));
    expect(other.json().error.message).toContain('未点名被约谈单位');
    const notIssued = await c.staff.post('/api/talks', body({ links: [{ kind: 'notice', id: draft }] }));
    expect(notIssued.json().error.message).toContain('尚未印发');
  });
});
