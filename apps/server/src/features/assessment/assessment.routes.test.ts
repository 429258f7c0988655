import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import type { SchemeScores, SchoolCard, SelfAssessment } from '@xiaoan/contracts';
import { login, loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { buildPoint, buildSmallChecklist } from '../../../test/inspection-fixtures.js';

/**
 * The annual assessment through the real routes, on a district built with factories: the scores
 * equal what the rules give on its records, every bad input is refused in Chinese with nothing
 * written, a school sees only itself (another school's ids are 404), a team its schools, the
 * self-assessment goes draft → submitted → returned → resubmitted → accepted, and the .xlsx reads back.
 */

const year = Number(shanghaiDate(new Date()).slice(0, 4));
const today = shanghaiDate(new Date());

const SCHEME = {
  year,
  name: `${year}年度学校安全综合考核`,
  indicators: [
    { key: 'rect', name: '隐患整改率', kind: 'computed', indicator: 'rectification_rate', weight: 40, rule: { kind: 'linear', zeroAt: 0.6, fullAt: 1 } },
    { key: 'overdue', name: '逾期隐患', kind: 'computed', indicator: 'overdue_hazards', weight: 30, rule: { kind: 'deduction', perUnit: 5 } },
    {
      key: 'checks',
      name: '日常检查完成率',
      kind: 'computed',
      indicator: 'daily_check_completion',
      weight: 10,
      rule: { kind: 'banded', bands: [{ threshold: 0.9, points: 10 }, { threshold: 0.5, points: 5 }] },
    },
    { key: 'drill', name: '应急演练', kind: 'manual', weight: 20, guidance: '每学期至少一次' },
  ],
};

describe('annual assessment: scores from the rules, bad input, scope, self-assessment, export', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let schemeId: string;

  /** A hazard of school A1 reported through the API, then put in the state the test needs. */
  async function hazard(set: { state: string; dueDate?: string | null; closedToday?: boolean }) {
    const res = await c.schoolStaffA1.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '考核测试隐患', description: '测试', foundAt: today, foundBy: '测试' });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { hazard: { id: string } }).hazard.id;
    // Every change of a hazard carries its history row in the same transaction (0006's constraint trigger).
    await t()
      .tdb.db.transaction()
      .execute(async (trx) => {
        await trx.insertInto('hazard_event').values({ hazard_id: id, actor_user_id: d.users.schoolAdminA1.id, actor_role: 'school_admin', action: 'edit', from_state: 'reported', to_state: set.state }).execute();
        await trx
          .updateTable('hazard')
          .set({ state: set.state as 'closed', due_date: set.dueDate ?? null, closed_at: set.closedToday ? sql<Date>`now()` : null })
          .where('id', '=', id)
          .execute();
      });
    return id;
  }

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    // A1: 3 found (not rejected), 2 closed (one after its due date), 1 open past due, 1 rejected.
    await hazard({ state: 'closed', dueDate: addDays(today, 5), closedToday: true });
    await hazard({ state: 'closed', dueDate: addDays(today, -1), closedToday: true });
    await hazard({ state: 'rectifying', dueDate: addDays(today, -1) });
    await hazard({ state: 'rejected' });
    // One daily point at A1 active from today, not checked: 1 owed, 0 done.
    const list = await buildSmallChecklist(db, d.schoolA1.id);
    await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [list.id], activeFrom: today });
  });

  const schemeCount = async () => Number((await t().tdb.db.selectFrom('assessment_scheme').select(sql<string>`count(*)`.as('n')).where('bureau_unit_id', '=', d.bureau.id).executeTakeFirstOrThrow()).n);

  it('refuses weights that do not sum to 100, an unknown indicator and inverted thresholds, in Chinese, writing nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...SCHEME, indicators: SCHEME.indicators.map((i) => (i.key === 'drill' ? { ...i, weight: 10 } : i)) }, /各项分值合计 90 分，应为 100 分/],
      [{ ...SCHEME, indicators: [{ ...SCHEME.indicators[0], indicator: 'drills_held' }, ...SCHEME.indicators.slice(1)] }, /平台没有“drills_held”这项数据指标/],
      [{ ...SCHEME, indicators: [{ ...SCHEME.indicators[0], rule: { kind: 'linear', zeroAt: 1, fullAt: 0.6 } }, ...SCHEME.indicators.slice(1)] }, /阈值颠倒/],
    ];
    for (const [body, message] of cases) {
      const res = await c.staff.post('/api/assessment/schemes', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(message);
    }
    expect(await schemeCount()).toBe(0);
  });

  it('lets bureau staff create the year’s scheme once; the leader and schools may not create one', async () => {
    expect((await c.leader.post('/api/assessment/schemes', SCHEME)).statusCode).toBe(403);
    expect((await c.schoolAdminA1.post('/api/assessment/schemes', SCHEME)).statusCode).toBe(403);
    const res = await c.staff.post('/api/assessment/schemes', SCHEME);
    expect(res.statusCode, res.body).toBe(201);
    schemeId = res.json().id;
    expect(res.json().indicators[0].ruleText).toBe('60% 得 0 分，100% 得满分 40 分，其间按比例');
    expect((await c.staff.post('/api/assessment/schemes', SCHEME)).statusCode).toBe(409);
    expect(await schemeCount()).toBe(1);
  });

  it('scores A1 as the rules give on its records, with the evidence; schools with nothing to measure get what the catalogue says', async () => {
    const res = await c.staff.get(`/api/assessment/schemes/${schemeId}/scores`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SchemeScores;
    expect(body.items.map((i) => i.school.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id, d.schoolB1.id, d.schoolB2.id].sort());
    const a1 = body.items.find((i) => i.school.id === d.schoolA1.id)!;
    const by = Object.fromEntries(a1.indicators.map((i) => [i.key, i]));
    // 2 closed of 3 found: 40 × (0.6667 − 0.6) / 0.4 = 6.67.
    expect(by.rect).toMatchObject({ value: 0.6667, points: 6.67, evidence: { numerator: 2, denominator: 3 } });
    expect(by.rect!.evidence.links[0]).toMatchObject({ path: '/hazards', query: { school: d.schoolA1.id } });
    // 1 open past due + 1 closed late: 30 − 2 × 5 = 20.
    expect(by.overdue).toMatchObject({ value: 2, points: 20 });
    expect(by.overdue!.evidence.parts).toEqual([
      { label: '逾期未整改', count: 1 },
      { label: '逾期后才销号', count: 1 },
    ]);
    expect(by.checks).toMatchObject({ value: 0, points: 0, evidence: { numerator: 0, denominator: 1 } });
    expect(by.drill).toMatchObject({ points: 0, pending: true });
    expect(a1.total).toBe(26.67);
    // A2: no hazards (full 40 + 30), no points (0), drill not scored: 70, ranked above A1.
    const a2 = body.items.find((i) => i.school.id === d.schoolA2.id)!;
    expect(a2.total).toBe(70);
    expect(a1.rank).toBe(4);
    expect(a2.rank).toBe(1);
  });

  it('the overdue part equals the ledger’s overdue filter for the school', async () => {
    const ledger = await c.staff.get(`/api/hazards?overdue=true&schoolId=${d.schoolA1.id}`);
    expect(ledger.json().total).toBe(1);
  });

  it('requires a reason for a manual score (nothing written), then counts it with its reason', async () => {
    const none = await c.staff.put(`/api/assessment/schemes/${schemeId}/manual-scores`, { schoolId: d.schoolA1.id, indicatorKey: 'drill', points: 15, reason: '  ' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('reason: 请填写加分或扣分的理由');
    expect((await t().tdb.db.selectFrom('assessment_manual_score').select('points').where('scheme_id', '=', schemeId).execute()).length).toBe(0);
    const over = await c.staff.put(`/api/assessment/schemes/${schemeId}/manual-scores`, { schoolId: d.schoolA1.id, indicatorKey: 'drill', points: 25, reason: '多' });
    expect(over.statusCode).toBe(400);
    const computed = await c.staff.put(`/api/assessment/schemes/${schemeId}/manual-scores`, { schoolId: d.schoolA1.id, indicatorKey: 'rect', points: 5, reason: '改' });
    expect(computed.statusCode).toBe(400);
    const ok = await c.staff.put(`/api/assessment/schemes/${schemeId}/manual-scores`, { schoolId: d.schoolA1.id, indicatorKey: 'drill', points: 15, reason: '演练一次，扣 5 分', evidence: '演练记录 2 份' });
    expect(ok.statusCode, ok.body).toBe(200);
    const card = ok.json() as SchoolCard;
    expect(card.score.total).toBe(41.67);
    expect(card.score.indicators.find((i) => i.key === 'drill')!.evidence).toMatchObject({ reason: '演练一次，扣 5 分', evidenceText: '演练记录 2 份' });
    const otherSchool = await c.staff.put(`/api/assessment/schemes/${schemeId}/manual-scores`, { schoolId: other.schoolA1.id, indicatorKey: 'drill', points: 15, reason: '越界' });
    expect(otherSchool.statusCode).toBe(404);
  });

  it('a school sees only its own scores; another school’s card and another district’s scheme are 404; a team sees its schools', async () => {
    const own = (await c.schoolAdminA1.get(`/api/assessment/schemes/${schemeId}/scores`)).json() as SchemeScores;
    expect(own.items.map((i) => i.school.id)).toEqual([d.schoolA1.id]);
    expect((await c.schoolAdminA1.get(`/api/assessment/schemes/${schemeId}/card?schoolId=${d.schoolB1.id}`)).statusCode).toBe(404);
    expect(((await c.schoolAdminA1.get(`/api/assessment/schemes/${schemeId}/card`)).json() as SchoolCard).score.school.id).toBe(d.schoolA1.id);
    const team = (await c.memberA.get(`/api/assessment/schemes/${schemeId}/scores`)).json() as SchemeScores;
    expect(team.items.map((i) => i.school.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    const stranger = await login(t().app, other.users.staff.username, other.users.staff.password);
    expect((await stranger.get(`/api/assessment/schemes/${schemeId}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/assessment/schemes/${schemeId}/scores`)).statusCode).toBe(404);
  });

  it('self-assessment: save, submit, return needs a comment, resubmit, accept; the final score stays the bureau’s', async () => {
    const url = `/api/assessment/schemes/${schemeId}/self-assessment`;
    const items = SCHEME.indicators.map((i) => ({ indicatorKey: i.key, selfScore: i.weight, note: `自评：${i.name}` }));
    expect((await c.schoolStaffA1.put(url, { items })).statusCode).toBe(403);
    const bad = await c.schoolAdminA1.put(url, { items: [{ indicatorKey: 'rect', selfScore: 50, note: '' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/自评分应在 0 到该项分值 40 之间/);
    const draft = await c.schoolAdminA1.put(url, { items: items.slice(0, 2) });
    expect(draft.statusCode, draft.body).toBe(200);
    let s = draft.json() as SelfAssessment;
    const early = await c.schoolAdminA1.post(`${url}/submit`, { version: s.version });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/还有 2 项未自评/);
    s = (await c.schoolAdminA1.put(url, { version: s.version, items })).json() as SelfAssessment;
    s = (await c.schoolAdminA1.post(`${url}/submit`, { version: s.version })).json() as SelfAssessment;
    expect(s).toMatchObject({ state: 'submitted', selfTotal: 100 });
    expect((await c.schoolAdminA1.put(url, { version: s.version, items })).statusCode).toBe(409);
    // B1's admin cannot read A1's; the team and the bureau can.
    const b1 = await c.schoolAdminB1.get(`/api/assessment/self-assessments/${s.id}`);
    expect(b1.statusCode).toBe(404);
    expect((await c.memberA.get(`/api/assessment/self-assessments/${s.id}`)).statusCode).toBe(200);
    const queue = (await c.staff.get(`/api/assessment/schemes/${schemeId}/self-assessments?state=submitted`)).json() as { items: SelfAssessment[] };
    expect(queue.items.map((x) => x.id)).toEqual([s.id]);
    expect(queue.items[0]!.allowedActions).toEqual(['accept', 'return']);
    expect((await c.staff.post(`/api/assessment/self-assessments/${s.id}/return`, { version: s.version })).statusCode).toBe(400);
    expect((await c.memberA.post(`/api/assessment/self-assessments/${s.id}/return`, { version: s.version, comment: '不可' })).statusCode).toBe(403);
    s = (await c.staff.post(`/api/assessment/self-assessments/${s.id}/return`, { version: s.version, comment: '演练一项自评偏高，请附记录' })).json() as SelfAssessment;
    expect(s).toMatchObject({ state: 'returned', reviewComment: '演练一项自评偏高，请附记录' });
    const fixed = items.map((i) => (i.indicatorKey === 'drill' ? { ...i, selfScore: 15 } : i));
    s = (await c.schoolAdminA1.put(url, { version: s.version, items: fixed })).json() as SelfAssessment;
    s = (await c.schoolAdminA1.post(`${url}/submit`, { version: s.version })).json() as SelfAssessment;
    const accepted = await c.staff.post(`/api/assessment/self-assessments/${s.id}/accept`, { version: s.version });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().state).toBe('accepted');
    const card = (await c.schoolAdminA1.get(`/api/assessment/schemes/${schemeId}/card`)).json() as SchoolCard;
    expect(card.selfAssessment).toMatchObject({ state: 'accepted', selfTotal: 95 });
    expect(card.score.total).toBe(41.67);
  });

  it('exports the ranking and the evidence as .xlsx that reads back', async () => {
    const res = await c.staff.get(`/api/assessment/schemes/${schemeId}/scores.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rank = wb.getWorksheet('考核排名')!;
    expect(rank.getRow(1).getCell(1).value).toBe(SCHEME.name);
    expect(rank.getRow(3).values).toContain('总分（100分）');
    const rows = [4, 5, 6, 7].map((n) => rank.getRow(n).values as unknown[]);
    const a1 = rows.find((r) => r.includes(d.schoolA1.name))!;
    expect(a1[1]).toBe(4);
    expect(a1).toContain(41.67);
    expect(a1).toContain('已通过');
    const ev = wb.getWorksheet('评分依据')!;
    const lines: unknown[][] = [];
    ev.eachRow((r, n) => n > 3 && lines.push(r.values as unknown[]));
    expect(lines).toHaveLength(16);
    const drill = lines.find((r) => r[1] === d.schoolA1.name && r[2] === '应急演练')!;
    expect(drill).toContain('演练一次，扣 5 分');
    const audited = await t().tdb.db.selectFrom('audit_event').select('action').where('action', '=', 'assessment.export').execute();
    expect(audited.length).toBe(1);
  });
});
