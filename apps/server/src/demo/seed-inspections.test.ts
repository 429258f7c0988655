import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, itemApplies, periodOf, shanghaiDate, type ChecklistItem, type Frequency, type PointType, type SchoolKind } from '@xiaoan/domain';
import { login, useTestApp } from '../../test/app.js';
import { FileStorage } from '../features/files/file.storage.js';
import { mulberry32 } from './hazard-generator.js';
import { MAX_POINTS, MIN_POINTS, planSchoolPoints } from './inspection-generator.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';

describe('the demo district starts with inspection points, checklists and weeks of self-checks', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-insp-'));
  const t = useTestApp({ dataDir });
  const now = new Date();
  const today = shanghaiDate(now);
  let said = '';
  let seconds = 0;

  beforeAll(async () => {
    const t0 = Date.now();
    expect(await seedDemoDistrict(t().tdb.db, (m) => (said += m), { ledger: { storage: new FileStorage(path.join(dataDir, 'files')), now } })).toBe(true);
    seconds = (Date.now() - t0) / 1000;
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('plans 10–20 points per school kind, the same for the same seed, with a canteen everywhere', () => {
    for (const kind of ['kindergarten', 'primary', 'middle', 'high', 'nine_year', 'vocational', 'special', null] as (SchoolKind | null)[]) {
      for (let seed = 1; seed < 40; seed++) {
        const a = planSchoolPoints(mulberry32(seed), kind);
        expect(a).toEqual(planSchoolPoints(mulberry32(seed), kind));
        expect(a.length).toBeGreaterThanOrEqual(MIN_POINTS);
        expect(a.length).toBeLessThanOrEqual(MAX_POINTS);
        expect(new Set(a.map((p) => p.name)).size).toBe(a.length);
        expect(a.some((p) => p.pointType === 'canteen')).toBe(true);
        const types = new Set(a.map((p) => p.pointType));
        if (kind === 'kindergarten' || kind === 'primary') expect(types.has('dormitory') || types.has('chemical_store')).toBe(false);
        if (kind === 'high' || kind === 'vocational') expect(types.has('dormitory') && types.has('lab') && types.has('chemical_store')).toBe(true);
        if (kind === 'vocational') expect(types.has('internship_site')).toBe(true);
      }
    }
  });

  it('gives every school 10–20 points, each linked to built-in checklists with items that apply there', async () => {
    const db = t().tdb.db;
    console.log(`demo inspections: district, ledger and inspections seeded in ${seconds.toFixed(2)} s; ${said}`);
    const rows = await sql<{ school: string; n: string; unlinked: string }>`
      SELECT s.name AS school, count(p.id) AS n,
             count(p.id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM inspection_point_checklist pc WHERE pc.point_id = p.id)) AS unlinked
        FROM unit s LEFT JOIN inspection_point p ON p.school_id = s.id
       WHERE s.kind = 'school' GROUP BY s.name`.execute(db);
    expect(rows.rows.length).toBeGreaterThan(70);
    for (const r of rows.rows) {
      expect(Number(r.n), r.school).toBeGreaterThanOrEqual(10);
      expect(Number(r.n), r.school).toBeLessThanOrEqual(20);
      expect(r.unlinked).toBe('0');
    }
    const owners = await db.selectFrom('checklist').select(['code', 'owner_unit_id']).execute();
    expect(owners.length).toBeGreaterThanOrEqual(10);
    const active = await db.selectFrom('inspection_point').select(['active_from', 'responsible_name']).execute();
    expect(new Set(active.map((a) => String(a.active_from))).size).toBe(1);
    expect(active.every((a) => a.responsible_name.length > 0)).toBe(true);
  });

  it('gives 华润小学 and 虹景小学 a 食堂 point with the canteen checklist', async () => {
    for (const school of ['华润小学', '虹景小学']) {
      const r = await t()
        .tdb.db.selectFrom('inspection_point as p')
        .innerJoin('unit as s', 's.id', 'p.school_id')
        .innerJoin('inspection_point_checklist as pc', 'pc.point_id', 'p.id')
        .innerJoin('checklist as c', 'c.id', 'pc.checklist_id')
        .select(['p.name', 'p.frequency', 'p.responsible_name'])
        .where('s.name', '=', school)
        .where('p.point_type', '=', 'canteen')
        .where('c.code', '=', 'canteen-food')
        .execute();
      expect(r.length, school).toBeGreaterThanOrEqual(1);
      expect(r[0]!.name).toContain('食堂');
      expect(r[0]!.frequency).toBe('daily');
      expect(r[0]!.responsible_name).toBe(school === '华润小学' ? '周明' : '孙丽');
    }
  });

  it('has self-checks up to yesterday that answer exactly the applicable items, in the right periods', async () => {
    const db = t().tdb.db;
    const insp = await db
      .selectFrom('inspection as i')
      .innerJoin('inspection_point as p', 'p.id', 'i.point_id')
      .innerJoin('unit as s', 's.id', 'i.school_id')
      .innerJoin('app_user as u', 'u.id', 'i.inspector_user_id')
      .select([
        'i.id',
        sql<string>`i.inspected_on::text`.as('on'),
        'i.period_key',
        sql<string>`i.period_end::text`.as('period_end'),
        'i.pass_count',
        'i.fail_count',
        'i.na_count',
        'i.started_via',
        'i.checklist_version_ids',
        'p.frequency',
        'p.point_type',
        'p.active_from',
        's.school_kind',
        'u.unit_id as inspector_unit',
        'i.school_id',
      ])
      .execute();
    expect(insp.length).toBeGreaterThan(10_000);
    const oldest = addDays(today, -35);
    for (const i of insp) {
      expect(i.on < today).toBe(true);
      expect(i.on >= oldest).toBe(true);
      const p = periodOf(i.frequency as Frequency, i.on);
      expect([i.period_key, i.period_end]).toEqual([p.key, p.end]);
      expect(i.inspector_unit).toBe(i.school_id);
    }
    expect(insp.filter((i) => i.started_via === 'qr').length / insp.length).toBeGreaterThan(0.75);
    const keys = new Set(insp.map((i) => `${i.id}`));
    expect(keys.size).toBe(insp.length);
    const dup = await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT point_id, period_key FROM inspection GROUP BY 1, 2 HAVING count(*) > 1) d`.execute(db);
    expect(dup.rows[0]!.n).toBe('0');

    // Counts agree with the result rows; a fail always has its note.
    const bad = await sql<{ n: string }>`
      SELECT count(*) AS n FROM inspection i
        JOIN LATERAL (SELECT count(*) FILTER (WHERE answer = 'pass') AS p, count(*) FILTER (WHERE answer = 'fail') AS f, count(*) FILTER (WHERE answer = 'na') AS na
                        FROM inspection_result r WHERE r.inspection_id = i.id) c ON true
       WHERE (c.p, c.f, c.na) <> (i.pass_count, i.fail_count, i.na_count)`.execute(db);
    expect(bad.rows[0]!.n).toBe('0');
    const tot = await sql<{ all: string; fail: string; blank: string }>`
      SELECT count(*) AS all, count(*) FILTER (WHERE answer = 'fail') AS fail, count(*) FILTER (WHERE answer = 'fail' AND btrim(note) = '') AS blank FROM inspection_result`.execute(db);
    const failShare = Number(tot.rows[0]!.fail) / Number(tot.rows[0]!.all);
    expect(failShare).toBeGreaterThan(0.01);
    expect(failShare).toBeLessThan(0.06);
    expect(tot.rows[0]!.blank).toBe('0');

    // A sample: the answered items are exactly the items that apply at the point.
    const versions = new Map((await db.selectFrom('checklist_version').select(['id', 'items']).execute()).map((v) => [v.id, v.items as ChecklistItem[]]));
    for (const i of insp.filter((_, k) => k % 97 === 0)) {
      const answered = (await db.selectFrom('inspection_result').select(['checklist_version_id', 'item_code']).where('inspection_id', '=', i.id).execute()).map((r) => `${r.checklist_version_id}/${r.item_code}`).sort();
      const expected = i.checklist_version_ids
        .flatMap((v) => versions.get(String(v))!.filter((it) => itemApplies(it, i.school_kind as SchoolKind | null, i.point_type as PointType)).map((it) => `${v}/${it.code}`))
        .sort();
      expect(answered).toEqual(expected);
    }
  });

  it('shows the bureau a spread of completion rates for last week, a few schools poor', async () => {
    const bureau = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    // The ISO week of a week ago has ended whatever today is: every period it owes is over.
    const r = await bureau.get(`/api/inspection-completion?window=week&date=${addDays(today, -7)}`);
    expect(r.statusCode).toBe(200);
    const body = r.json() as { total: { rate: number }; schools: { school: { name: string }; rate: number | null }[] };
    expect(body.schools.length).toBeGreaterThan(70);
    expect(body.total.rate).toBeGreaterThan(0.75);
    expect(body.total.rate).toBeLessThan(0.95);
    const rates = body.schools.map((s) => s.rate ?? 0);
    expect(rates.filter((x) => x < 0.7).length).toBeGreaterThanOrEqual(2);
    expect(rates.filter((x) => x > 0.9).length).toBeGreaterThan(15);
  });

  it('leaves today’s checks due for 华润小学 and fills its weekly roll-up', async () => {
    const huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    const schedule = await huarun.get('/api/inspection-schedule');
    expect(schedule.statusCode).toBe(200);
    const items = schedule.json().items as { status: string; point: { name: string; frequency: string } }[];
    const daily = items.filter((i) => i.point.frequency === 'daily');
    expect(daily.length).toBeGreaterThan(3);
    expect(daily.every((i) => i.status === 'due')).toBe(true);
    expect(daily.some((i) => i.point.name.includes('食堂'))).toBe(true);
    const schoolId = (await t().tdb.db.selectFrom('unit').select('id').where('name', '=', '华润小学').executeTakeFirstOrThrow()).id;
    const roll = await huarun.get(`/api/inspection-rollups/weekly?schoolId=${schoolId}&date=${addDays(today, -7)}`);
    expect(roll.statusCode).toBe(200);
    expect(roll.json().inspections).toBeGreaterThan(20);
    expect(roll.json().rate).toBeGreaterThan(0.7);
  });
});
