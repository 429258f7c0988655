// 排查 in the benchmark dataset: the built-in checklist library for every district bureau,
// 10–20 inspection points per school (the demo's planner: apps/server/src/demo/inspection-generator.ts),
// `days` of self-checks at the points' frequencies up to yesterday (today left due), and a
// year of supervision-team visits. Streamed with COPY, day by day across all schools, so the
// heap is laid out as a real system's (a school's checks spread over the table by day).
import crypto from 'node:crypto';
import type pg from 'pg';
import { BUILTIN_CHECKLISTS, addDays, itemApplies, periodOf, shanghaiDate, type ChecklistItem, type Frequency, type Period, type SchoolKind } from '@xiaoan/domain';
import { applicableChecklists, checkTime, failNote, planSchoolPoints, type GenChecklist } from '../../apps/server/src/demo/inspection-generator.js';
import type { Rng } from '../../apps/server/src/demo/hazard-generator.js';
import { CopyWriter, intArray } from './copy.js';
import type { Org, School } from './org.js';

export const POINT_COLUMNS = ['id', 'unit_id', 'unit_path', 'school_id', 'name', 'point_type', 'location', 'responsible_user_id', 'responsible_name', 'frequency', 'qr_token', 'active_from', 'created_at', 'updated_at'];
export const INSPECTION_COLUMNS = [
  'id', 'kind', 'unit_id', 'unit_path', 'school_id', 'point_id', 'period_key', 'period_end', 'inspected_on', 'started_via', 'started_at', 'inspector_user_id',
  'checklist_version_ids', 'summary', 'pass_count', 'fail_count', 'na_count', 'score', 'submitted_at',
];
export const RESULT_COLUMNS = ['inspection_id', 'checklist_version_id', 'item_code', 'answer', 'note'];
export const VISIT_COLUMNS = ['id', 'team_id', 'school_id', 'school_path', 'kind', 'planned_on', 'visited_on', 'status', 'note', 'summary', 'created_by', 'created_at', 'updated_at'];

export type InspectionLoad = { checklists: number; points: number; inspections: number; results: number; visits: number; schools: number; days: number };

type Item = { versionId: string; item: ChecklistItem; weight: number };
type GenPoint = { id: number; school: School; frequency: Frequency; versionIds: string; items: Item[]; done: number; fail: number; chosen: string | null; periodKey: string };

/** The built-in library for each bureau (as installBuiltinChecklists does), by district index. */
async function installChecklists(c: pg.ClientBase, org: Org, districts: Set<number>): Promise<Map<number, Map<string, GenChecklist>>> {
  const out = new Map<number, Map<string, GenChecklist>>();
  for (const d of districts) {
    const bureauId = org.districts[d]!.bureauId;
    const byCode = new Map<string, GenChecklist>();
    for (const cl of BUILTIN_CHECKLISTS) {
      const r = await c.query<{ id: string }>(
        `INSERT INTO checklist (code, owner_unit_id, owner_unit_path, domain, title, description, point_types)
         VALUES ($1, $2, (SELECT path FROM unit WHERE id = $2), $3, $4, $5, $6) RETURNING id`,
        [cl.code, bureauId, cl.domain, cl.title, cl.description, cl.pointTypes],
      );
      const v = await c.query<{ id: string }>(`INSERT INTO checklist_version (checklist_id, version_no, items) VALUES ($1, 1, $2) RETURNING id`, [r.rows[0]!.id, JSON.stringify(cl.items)]);
      await c.query('UPDATE checklist SET current_version_id = $1 WHERE id = $2', [v.rows[0]!.id, r.rows[0]!.id]);
      byCode.set(cl.code, { code: cl.code, versionId: v.rows[0]!.id, items: cl.items, checklistId: r.rows[0]!.id } as GenChecklist & { checklistId: string });
    }
    out.set(d, byCode);
  }
  return out;
}

/** Which schools get points and history: the big district first (its pages are measured), then the rest. */
export function inspectionSchools(org: Org, n: number): School[] {
  const first = org.schools.filter((s) => s.district === 0);
  const rest = org.schools.filter((s) => s.district !== 0);
  return [...first, ...rest].slice(0, Math.min(n, org.schools.length));
}

/**
 * Loads points, checks and visits. `days` of history end yesterday; the points were set up
 * on the first day. The caller has dropped the secondary indexes of inspection and
 * inspection_result and re-creates them afterwards.
 */
export async function loadInspections(pool: pg.Pool, org: Org, opts: { schools: number; days: number; seed: number }, rng: Rng, progress: (m: string) => void): Promise<InspectionLoad> {
  const today = shanghaiDate(new Date());
  const yesterday = addDays(today, -1);
  const first = addDays(today, -opts.days);
  const schools = inspectionSchools(org, opts.schools);
  const districts = new Set(schools.map((s) => s.district));
  const c0 = await pool.connect();
  let libraries: Map<number, Map<string, GenChecklist>>;
  try {
    libraries = await installChecklists(c0, org, districts);
  } finally {
    c0.release();
  }

  // Points and their checklists.
  const points: GenPoint[] = [];
  const [cp, ci, cr, cv] = await Promise.all([pool.connect(), pool.connect(), pool.connect(), pool.connect()]);
  try {
    for (const c of [cp, ci, cr, cv]) await c.query('SET synchronous_commit = off');
    const wp = new CopyWriter(cp, 'inspection_point', POINT_COLUMNS);
    const links: [number, string, number][] = [];
    const setUp = `${first}T09:00:00+08:00`;
    for (const s of schools) {
      const lib = libraries.get(s.district)!;
      // Diligence: most schools do ~90 % of what they owe, some ~80 %, a few ~60 %.
      const x = rng();
      const done = x < 0.08 ? 0.55 + rng() * 0.1 : x < 0.2 ? 0.75 + rng() * 0.1 : 0.86 + rng() * 0.13;
      const fail = 0.015 + rng() * 0.03;
      for (const p of planSchoolPoints(rng, s.kind)) {
        const cls = applicableChecklists(p, s.kind, lib);
        if (!cls.length) continue;
        const id = points.length + 1;
        const items: Item[] = cls.flatMap((cl) => cl.items.filter((i) => itemApplies(i, s.kind as SchoolKind, p.pointType)).map((item) => ({ versionId: cl.versionId, item, weight: item.weight || 1 })));
        points.push({ id, school: s, frequency: p.frequency, versionIds: intArray(cls.map((cl) => cl.versionId)), items, done, fail, chosen: null, periodKey: '' });
        await wp.write([id, s.id, s.path, s.id, p.name, p.pointType, p.location, s.adminUserId, '安全管理员', p.frequency, crypto.randomBytes(18).toString('base64url'), first, setUp, setUp]);
        cls.forEach((cl, k) => links.push([id, (cl as GenChecklist & { checklistId: string }).checklistId, k]));
      }
    }
    await wp.end();
    const wl = new CopyWriter(cp, 'inspection_point_checklist', ['point_id', 'checklist_id', 'sort_order']);
    for (const l of links) await wl.write(l);
    await wl.end();
    await cp.query(`SELECT setval(pg_get_serial_sequence('inspection_point', 'id'), greatest(1, $1::bigint))`, [points.length]);
    progress(`  ${points.length.toLocaleString('en')} points in ${schools.length.toLocaleString('en')} schools`);

    // Checks, day by day across every school, so ids grow with time.
    const wi = new CopyWriter(ci, 'inspection', INSPECTION_COLUMNS);
    const wr = new CopyWriter(cr, 'inspection_result', RESULT_COLUMNS);
    let inspectionId = 0;
    let results = 0;
    const t0 = performance.now();
    let lastLog = t0;
    for (let day = first; day <= yesterday; day = addDays(day, 1)) {
      const periods: Record<Frequency, Period> = { daily: periodOf('daily', day), weekly: periodOf('weekly', day), monthly: periodOf('monthly', day), term: periodOf('term', day) };
      for (const p of points) {
        const period = periods[p.frequency];
        if (p.frequency === 'daily') {
          if (rng() >= p.done) continue;
        } else {
          // At the start of each period (or on the first day), decide whether and on which day it is checked.
          if (p.periodKey !== period.key) {
            p.periodKey = period.key;
            const from = period.start < first ? first : period.start;
            const to = period.end > yesterday ? yesterday : period.end;
            const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
            const whole = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000) + 1;
            const chance = p.done * (period.end > yesterday ? Math.min(1, (span + 1) / whole) : 1);
            p.chosen = rng() < chance ? addDays(from, Math.floor(rng() * span)) : null;
          }
          if (p.chosen !== day) continue;
        }
        const id = ++inspectionId;
        let pass = 0, fail = 0, na = 0, wPass = 0, wAll = 0;
        for (const it of p.items) {
          const x = rng();
          if (x < p.fail) {
            fail++;
            wAll += it.weight;
            await wr.write([id, it.versionId, it.item.code, 'fail', failNote(rng, it.item)]);
          } else if (x < p.fail + 0.008) {
            na++;
            await wr.write([id, it.versionId, it.item.code, 'na', '']);
          } else {
            pass++;
            wPass += it.weight;
            wAll += it.weight;
            await wr.write([id, it.versionId, it.item.code, 'pass', '']);
          }
        }
        results += p.items.length;
        const submitted = checkTime(rng, day, p.frequency);
        const started = new Date(submitted.getTime() - (2 + Math.floor(rng() * 10)) * 60_000);
        const s = p.school;
        await wi.write([
          id, 'self', s.id, s.path, s.id, p.id, period.key, period.end, day, rng() < 0.85 ? 'qr' : 'app', started.toISOString(), s.adminUserId,
          p.versionIds, fail ? `发现 ${fail} 项问题，已要求责任人整改` : '', pass, fail, na, wAll === 0 ? null : Math.round((wPass / wAll) * 1000) / 10, submitted.toISOString(),
        ]);
      }
      const now = performance.now();
      if (now - lastLog > 15_000) {
        lastLog = now;
        progress(`  … ${day}: ${inspectionId.toLocaleString('en')} inspections, ${results.toLocaleString('en')} results (${Math.round(results / ((now - t0) / 1000)).toLocaleString('en')} results/s)`);
      }
    }
    await Promise.all([wi.end(), wr.end()]);
    await ci.query(`SELECT setval(pg_get_serial_sequence('inspection', 'id'), greatest(1, $1::bigint))`, [inspectionId]);

    // Supervision visits: each school visited by its team every 3–8 weeks over the year, one planned ahead.
    const wv = new CopyWriter(cv, 'supervision_visit', VISIT_COLUMNS);
    let visitId = 0;
    const yearAgo = addDays(today, -365);
    for (const s of schools) {
      const team = org.districts[s.district]!.teams[s.team]!;
      const by = () => team.memberUserIds[Math.floor(rng() * team.memberUserIds.length)]!;
      if (rng() < 0.06) continue; // never visited
      for (let d = addDays(yearAgo, Math.floor(rng() * 40)); d < today; d = addDays(d, 21 + Math.floor(rng() * 35))) {
        const at = `${d}T10:00:00+08:00`;
        const kind = rng() < 0.7 ? 'supervision' : rng() < 0.5 ? 'spot' : 'unannounced';
        await wv.write([++visitId, team.id, s.id, s.path, kind, d, d, 'done', '', '督查发现问题已反馈学校整改', by(), at, at]);
      }
      if (rng() < 0.5) {
        const d = addDays(today, 1 + Math.floor(rng() * 20));
        await wv.write([++visitId, team.id, s.id, s.path, 'supervision', d, null, 'planned', '', '', by(), `${today}T09:00:00+08:00`, `${today}T09:00:00+08:00`]);
      }
    }
    await wv.end();
    await cv.query(`SELECT setval(pg_get_serial_sequence('supervision_visit', 'id'), greatest(1, $1::bigint))`, [visitId]);
    return { checklists: districts.size * BUILTIN_CHECKLISTS.length, points: points.length, inspections: inspectionId, results, visits: visitId, schools: schools.length, days: opts.days };
  } finally {
    for (const c of [cp, ci, cr, cv]) c.release();
  }
}

export const BENCH_POINT_QR = 'bench-daily-check-point-qr';
export type BenchPoint = { pointId: string; qrToken: string; versionId: string; items: ChecklistItem[] };

/**
 * The point the submission scenario checks: a daily 教学楼 point of the write school with a
 * school-owned checklist of exactly 20 items (from the built-in fire and buildings lists),
 * made once per dataset.
 */
export async function prepareBenchPoint(admin: pg.Pool, school: { id: number; path: string }): Promise<BenchPoint> {
  const found = await admin.query<{ id: string; version_id: string; items: ChecklistItem[] }>(
    `SELECT p.id, c.current_version_id AS version_id, cv.items FROM inspection_point p
       JOIN inspection_point_checklist pc ON pc.point_id = p.id JOIN checklist c ON c.id = pc.checklist_id JOIN checklist_version cv ON cv.id = c.current_version_id
      WHERE p.qr_token = $1`,
    [BENCH_POINT_QR],
  );
  if (found.rows[0]) return { pointId: found.rows[0].id, qrToken: BENCH_POINT_QR, versionId: found.rows[0].version_id, items: found.rows[0].items };
  const pool = BUILTIN_CHECKLISTS.filter((c) => c.code === 'fire-daily' || c.code === 'buildings-facilities').flatMap((c) => c.items.filter((i) => itemApplies(i, 'primary', 'teaching_block')));
  const items: ChecklistItem[] = pool.slice(0, 20).map((i) => ({ ...i, schoolKinds: [], pointTypes: [] }));
  if (items.length !== 20) throw new Error(`expected 20 items for the bench checklist, got ${items.length}`);
  const c = await admin.connect();
  try {
    await c.query('BEGIN');
    const cl = await c.query<{ id: string }>(
      `INSERT INTO checklist (code, owner_unit_id, owner_unit_path, domain, title, description, point_types) VALUES ('bench-daily-20', $1, $2::ltree, 'fire', '教学楼每日巡查（20 项）', 'bench', '{teaching_block}') RETURNING id`,
      [school.id, school.path],
    );
    const v = await c.query<{ id: string }>(`INSERT INTO checklist_version (checklist_id, version_no, items) VALUES ($1, 1, $2) RETURNING id`, [cl.rows[0]!.id, JSON.stringify(items)]);
    await c.query('UPDATE checklist SET current_version_id = $1 WHERE id = $2', [v.rows[0]!.id, cl.rows[0]!.id]);
    const p = await c.query<{ id: string }>(
      `INSERT INTO inspection_point (unit_id, unit_path, school_id, name, point_type, frequency, qr_token, active_from, responsible_name)
       VALUES ($1, $2::ltree, $1, '压测每日自查点', 'teaching_block', 'daily', $3, current_date - 30, '安全管理员') RETURNING id`,
      [school.id, school.path, BENCH_POINT_QR],
    );
    await c.query('INSERT INTO inspection_point_checklist (point_id, checklist_id) VALUES ($1, $2)', [p.rows[0]!.id, cl.rows[0]!.id]);
    await c.query('COMMIT');
    return { pointId: p.rows[0]!.id, qrToken: BENCH_POINT_QR, versionId: v.rows[0]!.id, items };
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

/** A 20-item daily check of the bench point: all pass but one, which fails with its note. */
export function benchCheckBody(p: BenchPoint, i: number) {
  return {
    kind: 'self' as const,
    qrToken: p.qrToken,
    checklistVersionIds: [p.versionId],
    answers: p.items.map((it, k) =>
      k === i % p.items.length
        ? { checklistVersionId: p.versionId, itemCode: it.code, answer: 'fail' as const, note: `${it.text}：现场发现问题，已要求整改` }
        : { checklistVersionId: p.versionId, itemCode: it.code, answer: 'pass' as const },
    ),
  };
}
