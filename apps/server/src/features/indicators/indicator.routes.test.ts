import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import type { Db } from '../../db/database.js';

/**
 * The four 100 % indicators through GET /api/indicators/four-100: per district, area and school,
 * scoped like everything else (a team's figures never include another team's school, a school
 * sees itself, a unit outside the scope is a 404 like an unknown one), and each rate equals
 * passing ÷ schools where both are a direct count of the tables.
 */

type Indicator = { code: string; name: string; rate: number; schools: number; passing: number; failing: { unitId: string; name: string }[] };
type Four100 = { unit: { id: string; name: string; kind: string }; indicators: Indicator[] };
type Breakdown = { unit: { id: string }; rows: { unit: { id: string; kind: string }; schools: number; indicators: { code: string; passing: number; rate: number }[] }[] };

const today = shanghaiDate(new Date());
let serial = 0;
function idNumber(): string {
  serial += 1;
  const body = `32040219${String(70 + (serial % 25))}0${1 + (serial % 9)}1${serial % 10}${String(100 + serial).slice(-3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

async function pathOf(db: Db, id: string) {
  return (await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', id).executeTakeFirstOrThrow()).path;
}
async function guards(db: Db, schoolId: string, n: number, over: { expires?: string; employment?: 'full_time' | 'part_time' } = {}) {
  const path = await pathOf(db, schoolId);
  for (let i = 0; i < n; i += 1) {
    await db
      .insertInto('guard')
      .values({ unit_id: schoolId, unit_path: path, name: `保安${i}`, id_number: idNumber(), employment: over.employment ?? 'full_time', post: 'gate', certificate_no: `证${serial}`, certificate_expires_on: over.expires ?? addDays(today, 365), background_check_on: addDays(today, -30), background_check_result: 'pass', annual_review_year: 2026, annual_review_result: 'pass' })
      .execute();
  }
}
async function profile(db: Db, schoolId: string, p: { required: number; closed: boolean; alarm: boolean; video: boolean; escortReq: number; escortStaffed: number }) {
  await db
    .insertInto('school_security_profile')
    .values({ unit_id: schoolId, unit_path: await pathOf(db, schoolId), required_guards: p.required, closed_campus: p.closed, alarm_linked: p.alarm, video_linked: p.video, escort_posts_required: p.escortReq, escort_posts_staffed: p.escortStaffed })
    .execute();
}

/** The same figures counted straight from the tables (not through the domain), for one unit path. */
async function directCounts(db: Db, under: string) {
  const r = await sql<{ schools: string; guards: string; closed: string; alarm: string; escort: string }>`
    SELECT count(*) AS schools,
      count(*) FILTER (WHERE p.required_guards >= 1 AND (
        SELECT count(*) FROM guard g WHERE g.unit_id = s.id AND g.status = 'active' AND g.employment = 'full_time'
          AND g.certificate_expires_on >= ${today}::date AND g.background_check_result = 'pass' AND g.annual_review_result <> 'fail') >= p.required_guards) AS guards,
      count(*) FILTER (WHERE p.closed_campus) AS closed,
      count(*) FILTER (WHERE p.alarm_linked AND p.video_linked) AS alarm,
      count(*) FILTER (WHERE p.escort_posts_required >= 1 AND p.escort_posts_staffed >= p.escort_posts_required) AS escort
    FROM unit s LEFT JOIN school_security_profile p ON p.unit_id = s.id
    WHERE s.kind = 'school' AND s.status = 'active' AND s.path <@ ${under}::ltree`.execute(db);
  const x = r.rows[0]!;
  return { schools: Number(x.schools), full_time_guards: Number(x.guards), closed_campus: Number(x.closed), alarm_video: Number(x.alarm), escort_posts: Number(x.escort) };
}

describe('four 100 % indicators', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let c: Record<'staff' | 'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  let o: Record<'staff', Client>;
  const get = async (client: Client, unitId?: string) => client.get(`/api/indicators/four-100${unitId ? `?unitId=${unitId}` : ''}`);

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    // A1 meets all four; A2 is open and short of guards (one expired, one part time); B1's alarm is not linked; B2 never filled in.
    await profile(db, d.schoolA1.id, { required: 2, closed: true, alarm: true, video: true, escortReq: 2, escortStaffed: 2 });
    await guards(db, d.schoolA1.id, 2);
    await profile(db, d.schoolA2.id, { required: 2, closed: false, alarm: true, video: true, escortReq: 1, escortStaffed: 0 });
    await guards(db, d.schoolA2.id, 1);
    await guards(db, d.schoolA2.id, 1, { expires: addDays(today, -1) });
    await guards(db, d.schoolA2.id, 1, { employment: 'part_time' });
    await profile(db, d.schoolB1.id, { required: 1, closed: true, alarm: false, video: true, escortReq: 1, escortStaffed: 1 });
    await guards(db, d.schoolB1.id, 1);
    // The other district: every school passes everything (must never appear in d's figures).
    for (const s of [other.schoolA1, other.schoolA2, other.schoolB1, other.schoolB2]) {
      await profile(db, s.id, { required: 1, closed: true, alarm: true, video: true, escortReq: 1, escortStaffed: 1 });
      await guards(db, s.id, 1);
    }
    c = await loginEach(t().app, d.users, ['staff', 'leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    o = await loginEach(t().app, other.users, ['staff']);
  });

  it('the district: the four codes in order, rate = passing ÷ schools, equal to a direct count, with the failing schools named', async () => {
    const res = await get(c.staff, d.bureau.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Four100;
    expect(body.unit).toEqual({ id: d.bureau.id, name: d.bureau.name, kind: 'bureau' });
    expect(body.indicators.map((i) => [i.code, i.name])).toEqual([
      ['full_time_guards', '专职保安员配备率'],
      ['closed_campus', '学校封闭化管理率'],
      ['alarm_video', '一键式紧急报警和视频监控系统达标率'],
      ['escort_posts', '护学岗配备率'],
    ]);
    const direct = await directCounts(t().tdb.db, await pathOf(t().tdb.db, d.bureau.id));
    for (const i of body.indicators) {
      expect(i.schools).toBe(direct.schools);
      expect(i.passing).toBe(direct[i.code as keyof typeof direct]);
      expect(i.rate).toBe(i.passing / i.schools);
      expect(i.failing).toHaveLength(i.schools - i.passing);
    }
    const by = Object.fromEntries(body.indicators.map((i) => [i.code, i]));
    expect(by.full_time_guards!.failing.map((f) => f.unitId).sort()).toEqual([d.schoolA2.id, d.schoolB2.id].sort());
    expect(by.closed_campus!.failing.map((f) => f.unitId).sort()).toEqual([d.schoolA2.id, d.schoolB2.id].sort());
    expect(by.alarm_video!.failing.map((f) => f.unitId).sort()).toEqual([d.schoolB1.id, d.schoolB2.id].sort());
    expect(by.escort_posts).toMatchObject({ schools: 4, passing: 2, rate: 0.5 });
    // The caller's own scope without unitId is the same.
    expect((await get(c.leader)).json()).toEqual(body);
  });

  it('an area and a school answer their own figures, equal to a direct count', async () => {
    for (const unit of [d.area1, d.area2, d.schoolB1]) {
      const body = (await get(c.staff, unit.id)).json() as Four100;
      const direct = await directCounts(t().tdb.db, await pathOf(t().tdb.db, unit.id));
      for (const i of body.indicators) {
        expect([i.code, i.schools, i.passing]).toEqual([i.code, direct.schools, direct[i.code as keyof typeof direct]]);
        expect(i.rate).toBe(direct.schools === 0 ? 0 : direct[i.code as keyof typeof direct] / direct.schools);
      }
    }
  });

  it('a team sees only its schools: its figures never include another team’s school; anything outside is a 404 like an unknown id', async () => {
    const a = (await get(c.memberA)).json() as Four100;
    expect(a.unit.kind).toBe('team');
    for (const i of a.indicators) {
      expect(i.schools).toBe(2);
      for (const f of i.failing) expect([d.schoolA1.id, d.schoolA2.id]).toContain(f.unitId);
    }
    const b = (await get(c.memberB)).json() as Four100;
    for (const i of b.indicators) {
      expect(i.schools).toBe(2);
      for (const f of i.failing) expect([d.schoolB1.id, d.schoolB2.id]).toContain(f.unitId);
    }
    expect(Object.fromEntries(a.indicators.map((i) => [i.code, i.passing]))).toEqual({ full_time_guards: 1, closed_campus: 1, alarm_video: 2, escort_posts: 1 });
    expect((await get(c.memberA, d.schoolA2.id)).statusCode).toBe(200);
    const unknown = await get(c.memberA, '999999999');
    expect(unknown.statusCode).toBe(404);
    for (const id of [d.schoolB1.id, d.bureau.id, d.area1.id]) {
      const res = await get(c.memberA, id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(unknown.json());
    }
  });

  it('a school sees itself only; another school or district is a 404', async () => {
    for (const client of [c.schoolAdminA1, c.schoolStaffA1]) {
      const body = (await get(client)).json() as Four100;
      expect(body.unit).toMatchObject({ id: d.schoolA1.id, kind: 'school' });
      expect(body.indicators.map((i) => [i.schools, i.passing, i.rate])).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]]);
    }
    expect((await get(c.schoolAdminA1, d.schoolA2.id)).statusCode).toBe(404);
    expect((await get(c.schoolAdminB1, d.schoolA1.id)).statusCode).toBe(404);
    expect((await get(o.staff, d.bureau.id)).statusCode).toBe(404);
    const otherDistrict = (await get(o.staff)).json() as Four100;
    expect(otherDistrict.indicators.every((i) => i.rate === 1 && i.schools === 4)).toBe(true);
  });

  it('the breakdown: a district by area, an area by school; each row’s figures add up to the unit’s', async () => {
    const res = await c.staff.get(`/api/indicators/four-100/breakdown?unitId=${d.bureau.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as Breakdown;
    expect(b.rows.map((r) => [r.unit.id, r.unit.kind, r.schools])).toEqual([[d.area1.id, 'area', 2], [d.area2.id, 'area', 2]]);
    const whole = (await get(c.staff, d.bureau.id)).json() as Four100;
    for (const i of whole.indicators) expect(b.rows.reduce((s, r) => s + r.indicators.find((x) => x.code === i.code)!.passing, 0)).toBe(i.passing);
    const area = (await c.staff.get(`/api/indicators/four-100/breakdown?unitId=${d.area1.id}`)).json() as Breakdown;
    expect(area.rows.map((r) => [r.unit.kind, r.schools])).toEqual([['school', 1], ['school', 1]]);
    expect((await c.memberA.get(`/api/indicators/four-100/breakdown?unitId=${d.bureau.id}`)).statusCode).toBe(404);
    const team = (await c.memberA.get('/api/indicators/four-100/breakdown')).json() as Breakdown;
    expect(team.rows.map((r) => r.unit.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
  });

  it('bad input is a 400, never a 5xx', async () => {
    for (const q of ['unitId=abc', 'unitId=', 'unitId=1&x=2', `unitId=${'9'.repeat(30)}`]) {
      const res = await c.staff.get(`/api/indicators/four-100?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
  });
});
