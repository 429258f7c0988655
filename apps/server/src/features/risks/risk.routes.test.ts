import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

/**
 * The risk register (风险分级管控) through the real routes: a school's admin assesses its own
 * risks (L×S → level and colour under the bureau's matrix); the team and the bureau read; another
 * school's risk is a 404 like a missing one; bad input is refused in Chinese with nothing
 * written; the bureau's threshold change re-levels risks and records why; a hazard names its risk.
 */

type Detail = {
  id: string;
  version: number;
  schoolId: string;
  pointId: string | null;
  pointName: string | null;
  score: number;
  level: string;
  colour: string;
  residualScore: number | null;
  residualLevel: string | null;
  residualColour: string | null;
  reviewDue: boolean;
  reassessmentFlag: boolean;
  hazardCount: number;
  status: string;
  measures: { description: string; tier: string; department: string; person: string }[];
  emergencyPlan: { title: string; fileId: string | null } | null;
  assessments: { score: number; level: string; reason: string; by: string }[];
  hazards: { id: string; title: string; state: string }[];
  allowedActions: string[];
};
type List = { items: Detail[]; total: number };

const today = shanghaiDate(new Date());

describe('risks: assess, scope, bad input, matrix, hazard links', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let o: Record<'staff' | 'schoolAdminA1', Client>;
  let pointA1: string;
  let pointB1: string;
  let canteen: Detail;

  const point = async (x: District, schoolId: string, name: string) => {
    const db = t().tdb.db;
    const u = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', schoolId).executeTakeFirstOrThrow();
    const r = await db
      .insertInto('inspection_point')
      .values({ unit_id: schoolId, unit_path: u.path, school_id: schoolId, name, point_type: 'canteen', frequency: 'daily', qr_token: `risk-${x.tag}-${name}`, active_from: '2026-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  };
  const hazard = async (client: Client, unitId: string, title: string) => {
    const res = await client.post('/api/hazards', { unitId, domain: 'food', grade: 'general', source: 'self', title, description: '风险测试', foundAt: addDays(today, -5), foundBy: '测试' });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { hazard: { id: string } }).hazard.id;
  };
  const body = (over: Record<string, unknown> = {}) => ({
    pointId: pointA1,
    name: '食堂食物中毒',
    description: '食材采购、储存、加工环节把关不严，可能导致食物中毒',
    domain: 'food',
    consequences: '群体性食物中毒',
    likelihood: 3,
    severity: 4,
    residualLikelihood: 2,
    residualSeverity: 4,
    measures: [
      { description: ' 食材索证索票、留样 48 小时 ', tier: 'school', department: '总务处', person: '王主任' },
      { description: '', tier: 'post', department: '', person: '' },
      { description: '加工人员晨检', tier: 'post', department: '食堂', person: '李师傅' },
    ],
    responsePlan: '一风险一方案：每日检查留样、每周检查索证索票',
    emergencyPlan: { title: '食物中毒应急预案', fileId: null },
    reviewOn: addDays(today, 90),
    ...over,
  });
  const count = async (table: 'risk' | 'risk_measure' | 'risk_assessment') =>
    Number((await t().tdb.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    o = await loginEach(t().app, other.users, ['staff', 'schoolAdminA1']);
    pointA1 = await point(d, d.schoolA1.id, '第一食堂');
    pointB1 = await point(d, d.schoolB1.id, '乙一食堂');
  });

  it('the school admin assesses a canteen risk 3×4 = 12 as significant (orange), with its measures, plan and first history row', async () => {
    const res = await c.schoolAdminA1.post('/api/risks', body());
    expect(res.statusCode, res.body).toBe(201);
    canteen = res.json() as Detail;
    expect(canteen).toMatchObject({ schoolId: d.schoolA1.id, pointId: pointA1, pointName: '第一食堂', score: 12, level: 'significant', colour: 'orange', residualScore: 8, residualLevel: 'general', residualColour: 'yellow', reviewDue: false, status: 'active' });
    expect(canteen.measures).toEqual([
      expect.objectContaining({ description: '食材索证索票、留样 48 小时', tier: 'school', department: '总务处', person: '王主任' }),
      expect.objectContaining({ description: '加工人员晨检', tier: 'post', department: '食堂', person: '李师傅' }),
    ]);
    expect(canteen.emergencyPlan).toEqual({ title: '食物中毒应急预案', fileId: null });
    expect(canteen.assessments).toEqual([expect.objectContaining({ score: 12, level: 'significant', reason: '首次评估' })]);
    expect(canteen.allowedActions).toEqual(['edit', 'reassess', 'retire', 'link_hazard']);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('action', '=', 'risk.create').where('object_id', '=', canteen.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('the school, its team and the bureau read it; another school, another team and another district get a 404 as for a missing id', async () => {
    for (const who of [c.schoolAdminA1, c.schoolStaffA1, c.memberA, c.staff, c.leader]) {
      const res = await who.get(`/api/risks/${canteen.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ level: 'significant', colour: 'orange' });
    }
    expect((await c.schoolStaffA1.get(`/api/risks/${canteen.id}`)).json().allowedActions).toEqual([]);
    for (const who of [c.schoolAdminB1, c.memberB, o.staff]) {
      const res = await who.get(`/api/risks/${canteen.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual((await who.get('/api/risks/999999999')).json());
    }
    const listB = (await c.schoolAdminB1.get('/api/risks')).json() as List;
    expect(listB.items.some((r) => r.id === canteen.id)).toBe(false);
    const byPoint = (await c.staff.get(`/api/risks?pointId=${pointA1}`)).json() as List;
    expect(byPoint.items.map((r) => r.id)).toEqual([canteen.id]);
    const byArea = (await c.staff.get(`/api/risks?unitId=${d.area1.id}&level=significant`)).json() as List;
    expect(byArea.items.map((r) => r.id)).toContain(canteen.id);
    expect(((await c.staff.get(`/api/risks?unitId=${d.area2.id}`)).json() as List).items.some((r) => r.id === canteen.id)).toBe(false);
    expect(((await c.staff.get('/api/risks?q=食物中毒&domain=food')).json() as List).total).toBeGreaterThanOrEqual(1);
  });

  it('refuses scores outside 1–5, an empty name, a point of another school and a bad tier in Chinese, writing nothing', async () => {
    const before = await Promise.all([count('risk'), count('risk_measure'), count('risk_assessment')]);
    const bad = await c.schoolAdminA1.post('/api/risks', body({ likelihood: 6, severity: 0, name: ' ' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('likelihood: 可能性（L）须为 1–5 的整数');
    expect(bad.json().error.message).toContain('severity: 严重性（S）须为 1–5 的整数');
    expect(bad.json().error.message).toContain('name: 请填写风险名称');
    const foreignPoint = await c.schoolAdminA1.post('/api/risks', body({ pointId: pointB1 }));
    expect(foreignPoint.statusCode).toBe(400);
    expect(foreignPoint.json().error.message).toContain('pointId: ');
    const tier = await c.schoolAdminA1.post('/api/risks', body({ measures: [{ description: '措施', tier: 'class', department: '', person: '' }] }));
    expect(tier.statusCode).toBe(400);
    expect(tier.json().error.message).toContain('measures[0].tier');
    const residual = await c.schoolAdminA1.post('/api/risks', body({ residualSeverity: null }));
    expect(residual.statusCode).toBe(400);
    const foreignSchool = await c.schoolAdminA1.post('/api/risks', body({ schoolId: d.schoolB1.id, pointId: null }));
    expect(foreignSchool.statusCode).toBe(400);
    expect(foreignSchool.json().error.message).toContain('schoolId: ');
    expect(await Promise.all([count('risk'), count('risk_measure'), count('risk_assessment')])).toEqual(before);
  });

  it('only the school admin assesses: staff, team members and the bureau are refused with 403', async () => {
    for (const who of [c.schoolStaffA1, c.memberA, c.staff, c.leader]) expect((await who.post('/api/risks', body())).statusCode).toBe(403);
    expect((await c.schoolAdminB1.put(`/api/risks/${canteen.id}`, { ...body(), version: canteen.version })).statusCode).toBe(404);
  });

  it('an edit at a stale version is a 409; a changed L×S writes a history row; a reassessment needs a reason', async () => {
    const stale = await c.schoolAdminA1.put(`/api/risks/${canteen.id}`, { ...body(), version: canteen.version + 5 });
    expect(stale.statusCode).toBe(409);
    const edited = await c.schoolAdminA1.put(`/api/risks/${canteen.id}`, { ...body({ severity: 5, measures: [] }), version: canteen.version, reason: '食材供应商更换' });
    expect(edited.statusCode, edited.body).toBe(200);
    canteen = edited.json() as Detail;
    expect(canteen).toMatchObject({ score: 15, level: 'significant', measures: [] });
    expect(canteen.assessments[0]).toMatchObject({ score: 15, reason: '食材供应商更换' });
    const noReason = await c.schoolAdminA1.post(`/api/risks/${canteen.id}/reassess`, { version: canteen.version, likelihood: 2, severity: 3, residualLikelihood: null, residualSeverity: null, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('reason: 请填写重新评估的原因');
    const re = await c.schoolAdminA1.post(`/api/risks/${canteen.id}/reassess`, { version: canteen.version, likelihood: 3, severity: 4, residualLikelihood: 2, residualSeverity: 3, reason: '落实留样制度后复评', reviewOn: addDays(today, -1) });
    expect(re.statusCode, re.body).toBe(200);
    canteen = re.json() as Detail;
    expect(canteen).toMatchObject({ score: 12, level: 'significant', residualScore: 6, reviewDue: true });
    expect(canteen.assessments.map((a) => a.reason)).toEqual(['落实留样制度后复评', '食材供应商更换', '首次评估']);
    const due = (await c.schoolAdminA1.get('/api/risks?reviewDue=true')).json() as List;
    expect(due.items.map((r) => r.id)).toEqual([canteen.id]);
  });

  it('a hazard names a risk of its own school; the risk lists it; three recent hazards flag it for reassessment', async () => {
    const h1 = await hazard(c.schoolStaffA1, d.schoolA1.id, '留样冰箱温度超标');
    const hB = await hazard(c.schoolAdminB1, d.schoolB1.id, '乙一食堂纱窗破损');
    const link = await c.schoolAdminA1.put(`/api/hazards/${h1}/risk`, { riskId: canteen.id });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toEqual({ hazardId: h1, risk: { id: canteen.id, name: '食堂食物中毒', level: 'significant', colour: 'orange' } });
    expect((await c.schoolAdminB1.put(`/api/hazards/${hB}/risk`, { riskId: canteen.id })).statusCode).toBe(400);
    expect((await c.schoolAdminA1.put(`/api/hazards/${hB}/risk`, { riskId: canteen.id })).statusCode).toBe(404);
    expect((await c.schoolStaffA1.put(`/api/hazards/${h1}/risk`, { riskId: null })).statusCode).toBe(403);
    const detail = (await c.memberA.get(`/api/risks/${canteen.id}`)).json() as Detail;
    expect(detail.hazards.map((h) => h.title)).toEqual(['留样冰箱温度超标']);
    expect(detail).toMatchObject({ hazardCount: 1, reassessmentFlag: false });
    expect(((await c.schoolAdminA1.get(`/api/risks?hazardId=${h1}`)).json() as List).items.map((r) => r.id)).toEqual([canteen.id]);
    for (const title of ['食堂地面湿滑', '消毒柜损坏']) {
      const h = await hazard(c.schoolStaffA1, d.schoolA1.id, title);
      expect((await c.schoolAdminA1.put(`/api/hazards/${h}/risk`, { riskId: canteen.id })).statusCode).toBe(200);
    }
    const flagged = (await c.staff.get(`/api/risks/${canteen.id}`)).json() as Detail;
    expect(flagged).toMatchObject({ hazardCount: 3, reassessmentFlag: true });
    expect(((await c.staff.get('/api/risks?flagged=true')).json() as List).items.map((r) => r.id)).toEqual([canteen.id]);
    const unlink = await c.schoolAdminA1.put(`/api/hazards/${h1}/risk`, { riskId: null });
    expect(unlink.json()).toEqual({ hazardId: h1, risk: null });
  });

  it('the bureau changes its thresholds: a bad matrix is refused, a good one re-levels its schools\' risks and records why; other bureaus are untouched', async () => {
    const general = (await c.schoolAdminB1.post('/api/risks', body({ pointId: pointB1, name: '乙一食堂燃气泄漏', domain: 'gas', likelihood: 2, severity: 5, residualLikelihood: null, residualSeverity: null }))).json() as Detail;
    expect(general).toMatchObject({ score: 10, level: 'general', colour: 'yellow' });
    const foreign = (await o.schoolAdminA1.post('/api/risks', body({ pointId: null, likelihood: 2, severity: 5 }))).json() as Detail;
    expect(foreign.level).toBe('general');
    const m = (await c.schoolAdminA1.get('/api/risk-matrix')).json();
    expect(m).toMatchObject({ version: 0, ranges: [{ level: 'major', min: 20, max: 25 }, { level: 'significant', min: 12, max: 19 }, { level: 'general', min: 6, max: 11 }, { level: 'low', min: 1, max: 5 }] });
    expect((await c.schoolAdminA1.put('/api/risk-matrix', { version: 0, ranges: m.ranges })).statusCode).toBe(403);
    const overlap = await c.staff.put('/api/risk-matrix', { version: 0, ranges: [{ level: 'major', min: 20, max: 25 }, { level: 'significant', min: 10, max: 20 }, { level: 'general', min: 6, max: 11 }, { level: 'low', min: 1, max: 5 }] });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.message).toContain('重叠');
    const gap = await c.staff.put('/api/risk-matrix', { version: 0, ranges: [{ level: 'major', min: 20, max: 25 }, { level: 'significant', min: 14, max: 19 }, { level: 'general', min: 6, max: 11 }, { level: 'low', min: 1, max: 5 }] });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.message).toContain('分值 12–13 未划入任何等级');
    expect(await t().tdb.db.selectFrom('risk_matrix').select('bureau_unit_id').where('bureau_unit_id', '=', d.bureau.id).execute()).toEqual([]);
    const lowered = [{ level: 'major', min: 20, max: 25 }, { level: 'significant', min: 10, max: 19 }, { level: 'general', min: 6, max: 9 }, { level: 'low', min: 1, max: 5 }];
    const ok = await c.staff.put('/api/risk-matrix', { version: 0, ranges: lowered });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 1, relevelled: [{ id: general.id, from: 'general', to: 'significant', reason: '阈值调整：较大风险 12→10；分值 10：一般风险→较大风险' }] });
    const after = (await c.schoolAdminB1.get(`/api/risks/${general.id}`)).json() as Detail;
    expect(after).toMatchObject({ level: 'significant', colour: 'orange', version: general.version + 1 });
    expect(after.assessments[0]).toMatchObject({ level: 'significant', reason: '阈值调整：较大风险 12→10；分值 10：一般风险→较大风险' });
    expect(((await o.schoolAdminA1.get(`/api/risks/${foreign.id}`)).json() as Detail).level).toBe('general');
    expect((await c.staff.put('/api/risk-matrix', { version: 0, ranges: lowered })).statusCode).toBe(409);
    const fresh = await c.schoolAdminA1.post('/api/risks', body({ pointId: null, name: '校门口交通', domain: 'traffic_bus', likelihood: 2, severity: 5 }));
    expect(fresh.json()).toMatchObject({ score: 10, level: 'significant' });
  });

  it('retiring a risk keeps its history and closes it to edits', async () => {
    const r = await c.schoolAdminA1.post(`/api/risks/${canteen.id}/retire`, { version: canteen.version + 99, reason: '食堂停用' });
    expect(r.statusCode).toBe(409);
    const cur = (await c.schoolAdminA1.get(`/api/risks/${canteen.id}`)).json() as Detail;
    const ok = await c.schoolAdminA1.post(`/api/risks/${canteen.id}/retire`, { version: cur.version, reason: '食堂停用' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'retired', allowedActions: [], reviewDue: false });
    expect((ok.json() as Detail).assessments[0]!.reason).toBe('销号：食堂停用');
    expect((await c.schoolAdminA1.put(`/api/risks/${canteen.id}`, { ...body(), version: (ok.json() as Detail).version })).statusCode).toBe(409);
  });
});
