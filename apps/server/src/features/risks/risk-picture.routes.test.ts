import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessRisk, type RiskLevel } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { buildPoint, buildSmallChecklist } from '../../../test/inspection-fixtures.js';
import type { Db } from '../../db/database.js';

/**
 * Risk notice cards (风险告知卡) and the risk picture (风险分布) through the real routes: a school
 * prints its points' cards with the point's own QR code; a team, the bureau and a school each see
 * only their part of the picture; out-of-scope points and units answer 404 like unknown ones; the
 * heat cell is the worst level present and every count equals a direct count of active risks.
 */

type Card = {
  point: { id: string; name: string };
  risks: { id: string; name: string; level: RiskLevel; colour: string; measures: { person: string }[]; measureCount: number }[];
  worst: RiskLevel | null;
  responsible: string;
  qrUrl: string;
  qrSvg: string;
};
type Cards = { school: { id: string; name: string }; emergency: { name: string; phone: string | null; source: string } | null; cards: Card[] };
type Cell = { counts: Record<RiskLevel, number>; total: number; worst: RiskLevel | null };
type Picture = {
  unit: { id: string; name: string; kind: string };
  trail: { id: string; kind: string }[];
  domains: string[];
  all: Cell;
  byDomain: { domain: string; cell: Cell }[];
  rowKind: string;
  rows: { id: string; name: string; kind: string; schoolCount: number; all: Cell; cells: { domain: string; cell: Cell }[] }[];
  schools: { id: string; all: Cell }[];
  majorSchools: { id: string; major: number; risks: { name: string; domain: string }[] }[];
};

async function insertRisk(
  db: Db,
  v: { schoolId: string; pointId: string | null; name: string; domain: string; l: number; s: number; createdBy: string; status?: 'active' | 'retired'; measures?: { description: string; person: string }[] },
) {
  const unit = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', v.schoolId).executeTakeFirstOrThrow();
  const a = assessRisk(v.l, v.s);
  const r = await db
    .insertInto('risk')
    .values({
      unit_id: v.schoolId,
      unit_path: unit.path,
      point_id: v.pointId,
      name: v.name,
      description: `${v.name}的表述`,
      domain: v.domain,
      likelihood: v.l,
      severity: v.s,
      score: a.score,
      level: a.level,
      status: v.status ?? 'active',
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, m] of (v.measures ?? []).entries()) {
    await db.insertInto('risk_measure').values({ risk_id: r.id, position: i + 1, description: m.description, tier: 'department', department: '后勤处', person: m.person }).execute();
  }
  return r.id;
}

describe('risk notice cards and the risk picture: scope, QR code, worst level, counts', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1' | 'auditor', Client>;
  let o: Record<'staff', Client>;
  const p: Record<'canteenA1' | 'gateA1' | 'retiredA1' | 'b1' | 'other', { id: string; token: string }> = {} as never;
  const r: Record<string, string> = {};

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1', 'auditor']);
    o = await loginEach(t().app, other.users, ['staff']);
    const list = await buildSmallChecklist(db, d.bureau.id);
    const otherList = await buildSmallChecklist(db, other.bureau.id);
    p.canteenA1 = await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [list.id], name: '学生食堂', pointType: 'canteen' });
    p.gateA1 = await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [list.id], name: '校门', pointType: 'gate' });
    p.retiredA1 = await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [list.id], name: '旧仓库', pointType: 'warehouse' });
    await db.updateTable('inspection_point').set({ retired_on: '2026-02-01' }).where('id', '=', p.retiredA1.id).execute();
    p.b1 = await buildPoint(db, { schoolId: d.schoolB1.id, checklistIds: [list.id], name: '乙一食堂', pointType: 'canteen' });
    p.other = await buildPoint(db, { schoolId: other.schoolA1.id, checklistIds: [otherList.id], name: '他区食堂', pointType: 'canteen' });
    await db.updateTable('inspection_point').set({ responsible_name: '' }).where('id', '=', p.canteenA1.id).execute();

    const by = d.users.schoolAdminA1.id;
    // School A1 (area 1): canteen 16 orange + 6 yellow + 2 blue, one retired red; gate 20 red.
    r.canteenOrange = await insertRisk(db, { schoolId: d.schoolA1.id, pointId: p.canteenA1.id, name: '食物中毒', domain: 'food', l: 4, s: 4, createdBy: by, measures: [{ description: '食品留样 48 小时', person: '王师傅' }, { description: '索证索票', person: '李会计' }] });
    r.canteenYellow = await insertRisk(db, { schoolId: d.schoolA1.id, pointId: p.canteenA1.id, name: '燃气泄漏', domain: 'gas', l: 2, s: 3, createdBy: by });
    r.canteenBlue = await insertRisk(db, { schoolId: d.schoolA1.id, pointId: p.canteenA1.id, name: '地面湿滑摔倒', domain: 'food', l: 1, s: 2, createdBy: by });
    r.canteenRetired = await insertRisk(db, { schoolId: d.schoolA1.id, pointId: p.canteenA1.id, name: '已销号的风险', domain: 'food', l: 5, s: 5, createdBy: by, status: 'retired' });
    r.gateRed = await insertRisk(db, { schoolId: d.schoolA1.id, pointId: p.gateA1.id, name: '校外人员闯入', domain: 'security', l: 4, s: 5, createdBy: by });
    // School A2 (area 1): a whole-school yellow food risk. B1 (area 2): red fire. B2: blue food. Another district: red food.
    await insertRisk(db, { schoolId: d.schoolA2.id, pointId: null, name: '幼儿园午餐', domain: 'food', l: 2, s: 4, createdBy: by });
    r.b1Red = await insertRisk(db, { schoolId: d.schoolB1.id, pointId: p.b1.id, name: '乙一火灾', domain: 'fire', l: 5, s: 4, createdBy: d.users.schoolAdminB1.id });
    await insertRisk(db, { schoolId: d.schoolB2.id, pointId: null, name: '乙二食品', domain: 'food', l: 1, s: 1, createdBy: by });
    await insertRisk(db, { schoolId: other.schoolA1.id, pointId: p.other.id, name: '他区重大风险', domain: 'food', l: 5, s: 5, createdBy: other.users.schoolAdminA1.id });
    await db.updateTable('unit').set({ safety_officer: '周安全', phone: '0519-88886666' }).where('id', '=', d.schoolA1.id).execute();
  });

  const get = async <T>(client: Client, url: string, status = 200): Promise<T> => {
    const res = await client.get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json() as T;
  };

  it("prints the canteen's card: active risks worst first with their colours, measures, responsible person, the school's emergency contact and the point's own QR code", async () => {
    const body = await get<Cards>(c.schoolAdminA1, `/api/risk-cards?pointId=${p.canteenA1.id}`);
    expect(body.school).toEqual({ id: d.schoolA1.id, name: d.schoolA1.name });
    expect(body.emergency).toEqual({ name: '周安全', phone: '0519-88886666', source: 'school' });
    expect(body.cards).toHaveLength(1);
    const card = body.cards[0]!;
    expect(card.point).toMatchObject({ id: p.canteenA1.id, name: '学生食堂' });
    expect(card.risks.map((x) => [x.name, x.level, x.colour])).toEqual([
      ['食物中毒', 'significant', 'orange'],
      ['燃气泄漏', 'general', 'yellow'],
      ['地面湿滑摔倒', 'low', 'blue'],
    ]);
    expect(card.worst).toBe('significant');
    expect(card.risks[0]!.measures.map((m) => m.person)).toEqual(['王师傅', '李会计']);
    // The point has no responsible person of its own: the measures' people stand in.
    expect(card.responsible).toBe('王师傅、李会计');
    // The same QR code as the points' print sheet: the same address, the same image.
    const point = await get<{ qrPath: string }>(c.schoolAdminA1, `/api/inspection-points/${p.canteenA1.id}`);
    expect(point.qrPath).toBe(`/p/${p.canteenA1.token}`);
    expect(card.qrUrl.endsWith(point.qrPath)).toBe(true);
    expect(card.qrSvg.startsWith('<svg')).toBe(true);
    const sheet = await c.schoolAdminA1.get(`/api/units/${d.schoolA1.id}/inspection-points/print`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain(card.qrSvg);
  });

  it("prints all of a school's cards in one go: every point in use (not retired ones), a school user's own school by default", async () => {
    const own = await get<Cards>(c.schoolStaffA1, '/api/risk-cards');
    expect(own.cards.map((x) => x.point.name)).toEqual(['学生食堂', '校门']);
    expect(own.cards[1]).toMatchObject({ worst: 'major', risks: [{ name: '校外人员闯入', colour: 'red' }] });
    const bureau = await get<Cards>(c.staff, `/api/risk-cards?schoolId=${d.schoolA1.id}`);
    expect(bureau.cards.map((x) => x.point.id)).toEqual(own.cards.map((x) => x.point.id));
    // B1 has no phone registered: its admin's account is the contact.
    const b1 = await get<Cards>(c.schoolAdminB1, '/api/risk-cards');
    expect(b1.emergency?.source).toBe('admin');
    expect(b1.cards.map((x) => x.point.name)).toEqual(['乙一食堂']);
  });

  it('answers a point or school out of scope with the 404 of an unknown one; bad input in Chinese; roles outside the policy get 403', async () => {
    const unknown = await get<{ error: { code: string; message: string } }>(c.schoolAdminA1, '/api/risk-cards?pointId=999999999', 404);
    const cases: [Client, string][] = [
      [c.schoolAdminA1, `pointId=${p.b1.id}`],
      [c.schoolAdminB1, `pointId=${p.canteenA1.id}`],
      [c.memberB, `pointId=${p.canteenA1.id}`],
      [o.staff, `pointId=${p.canteenA1.id}`],
      [c.staff, `pointId=${p.other.id}`],
      [c.staff, `pointId=${p.canteenA1.id}&schoolId=${d.schoolB1.id}`],
    ];
    for (const [client, q] of cases) {
      const res = await client.get(`/api/risk-cards?${q}`);
      expect(res.statusCode, q).toBe(404);
      expect(res.json()).toEqual(unknown);
    }
    expect((await c.schoolAdminB1.get(`/api/risk-cards?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
    expect((await c.memberB.get(`/api/risk-cards?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
    // Inside the scope: the team of A1 and the bureau.
    expect((await get<Cards>(c.memberA, `/api/risk-cards?pointId=${p.canteenA1.id}`)).cards).toHaveLength(1);
    expect((await get<Cards>(c.leader, `/api/risk-cards?pointId=${p.b1.id}`)).cards[0]!.worst).toBe('major');
    const noSchool = await get<{ error: { message: string; details: { fields: { field: string }[] } } }>(c.staff, '/api/risk-cards', 400);
    expect(noSchool.error.message).toBe('schoolId: 请选择学校或点位');
    const retired = await get<{ error: { message: string } }>(c.schoolAdminA1, `/api/risk-cards?pointId=${p.retiredA1.id}`, 400);
    expect(retired.error.message).toMatch(/^pointId: .*停用/);
    expect((await c.schoolAdminA1.get('/api/risk-cards?pointId=abc')).statusCode).toBe(400);
    expect((await c.auditor.get(`/api/risk-cards?schoolId=${d.schoolA1.id}`)).statusCode).toBe(403);
    expect((await c.auditor.get('/api/risk-distribution')).statusCode).toBe(403);
  });

  const cellOf = (pic: Picture, rowId: string, domain: string) => pic.rows.find((x) => x.id === rowId)!.cells.find((x) => x.domain === domain)!.cell;

  it("shows the bureau its areas × domains, each cell the worst level present with its counts, and the schools with major risks", async () => {
    const pic = await get<Picture>(c.staff, '/api/risk-distribution');
    expect(pic.unit).toMatchObject({ id: d.bureau.id, kind: 'bureau' });
    expect(pic.rowKind).toBe('area');
    expect(pic.rows.map((x) => [x.id, x.kind, x.schoolCount])).toEqual([
      [d.area1.id, 'area', 2],
      [d.area2.id, 'area', 2],
    ]);
    expect(pic.domains).toEqual(['fire', 'security', 'food', 'gas']);
    // Area 1 × food: A1's orange and blue, A2's yellow → orange; the retired red does not count.
    expect(cellOf(pic, d.area1.id, 'food')).toEqual({ counts: { major: 0, significant: 1, general: 1, low: 1 }, total: 3, worst: 'significant' });
    expect(cellOf(pic, d.area1.id, 'security').worst).toBe('major');
    expect(cellOf(pic, d.area1.id, 'fire')).toEqual({ counts: { major: 0, significant: 0, general: 0, low: 0 }, total: 0, worst: null });
    expect(cellOf(pic, d.area2.id, 'fire').worst).toBe('major');
    expect(cellOf(pic, d.area2.id, 'food').worst).toBe('low');
    expect(pic.rows[0]!.all).toMatchObject({ total: 5, worst: 'major' });
    expect(pic.all).toEqual({ counts: { major: 2, significant: 1, general: 2, low: 2 }, total: 7, worst: 'major' });
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(pic.majorSchools.map((m) => [m.id, m.major, m.risks.map((x) => x.name)]).sort(byId)).toEqual(
      [
        [d.schoolA1.id, 1, ['校外人员闯入']],
        [d.schoolB1.id, 1, ['乙一火灾']],
      ].sort(byId),
    );
    // The leader sees the same picture; another district's risks never show.
    const leader = await get<Picture>(c.leader, '/api/risk-distribution');
    expect(leader.all).toEqual(pic.all);
    expect(pic.majorSchools.some((m) => m.risks.some((x) => x.name === '他区重大风险'))).toBe(false);
  });

  it('drills down: an area shows its schools, a school its own row; a domain narrows every figure', async () => {
    const area = await get<Picture>(c.staff, `/api/risk-distribution?unitId=${d.area1.id}`);
    expect(area.rowKind).toBe('school');
    expect(area.trail.map((x) => x.id)).toEqual([d.bureau.id, d.area1.id]);
    expect(area.rows.map((x) => x.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    expect(cellOf(area, d.schoolA1.id, 'food').worst).toBe('significant');
    expect(cellOf(area, d.schoolA2.id, 'food').worst).toBe('general');
    const school = await get<Picture>(c.staff, `/api/risk-distribution?unitId=${d.schoolA1.id}`);
    expect(school.trail.map((x) => x.id)).toEqual([d.bureau.id, d.area1.id, d.schoolA1.id]);
    expect(school.rows.map((x) => x.id)).toEqual([d.schoolA1.id]);
    expect(school.all.total).toBe(4);
    const food = await get<Picture>(c.staff, '/api/risk-distribution?domain=food');
    expect(food.domains).toEqual(['food']);
    expect(food.all).toMatchObject({ total: 4, worst: 'significant' });
    expect(food.majorSchools).toEqual([]);
    expect((await c.staff.get('/api/risk-distribution?domain=nonsense')).statusCode).toBe(400);
    expect((await c.staff.get(`/api/risk-distribution?unitId=${other.area1.id}`)).statusCode).toBe(404);
  });

  it("limits a team to its schools (its area only, an area's other schools unseen) and a school to itself", async () => {
    const team = await get<Picture>(c.memberA, '/api/risk-distribution');
    expect(team.unit).toMatchObject({ id: d.teamA.id, kind: 'team' });
    expect(team.rows.map((x) => x.id)).toEqual([d.area1.id]);
    expect(team.schools.map((x) => x.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
    expect(team.majorSchools.map((m) => m.id)).toEqual([d.schoolA1.id]);
    expect(team.all.total).toBe(5);
    const teamArea = await get<Picture>(c.memberA, `/api/risk-distribution?unitId=${d.area1.id}`);
    expect(teamArea.trail.map((x) => x.id)).toEqual([d.teamA.id, d.area1.id]);
    expect(teamArea.all.total).toBe(5);
    for (const id of [d.area2.id, d.schoolB1.id, other.schoolA1.id, other.area1.id]) {
      expect((await c.memberA.get(`/api/risk-distribution?unitId=${id}`)).statusCode, id).toBe(404);
    }
    const own = await get<Picture>(c.schoolAdminA1, '/api/risk-distribution');
    expect(own.unit).toMatchObject({ id: d.schoolA1.id, kind: 'school' });
    expect(own.rows.map((x) => x.id)).toEqual([d.schoolA1.id]);
    expect(own.all.total).toBe(4);
    const unknown = await c.schoolAdminA1.get('/api/risk-distribution?unitId=999999999');
    const outside = await c.schoolAdminA1.get(`/api/risk-distribution?unitId=${d.schoolA2.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(unknown.json());
  });

  it('counts exactly what a direct count of active risks finds, school by school and level by level', async () => {
    const db = t().tdb.db;
    for (const client of [c.staff, c.memberA, c.schoolAdminB1]) {
      const pic = await get<Picture>(client, '/api/risk-distribution');
      const ids = pic.schools.map((s) => s.id);
      const direct = await db
        .selectFrom('risk')
        .select(['unit_id', 'level', sql<string>`count(*)`.as('n')])
        .where('status', '=', 'active')
        .where('unit_id', 'in', ids)
        .groupBy(['unit_id', 'level'])
        .execute();
      for (const s of pic.schools) {
        for (const level of ['major', 'significant', 'general', 'low'] as const) {
          const n = Number(direct.find((x) => x.unit_id === s.id && x.level === level)?.n ?? 0);
          expect(s.all.counts[level], `${s.id} ${level}`).toBe(n);
        }
      }
      const total = direct.reduce((n, x) => n + Number(x.n), 0);
      expect(pic.all.total).toBe(total);
      expect(pic.rows.reduce((n, x) => n + x.all.total, 0)).toBe(total);
      expect(pic.byDomain.reduce((n, x) => n + x.cell.total, 0)).toBe(total);
    }
  });
});
