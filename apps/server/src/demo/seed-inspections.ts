import { sql } from 'kysely';
import { addDays, periodOf, periodsOverlapping, shanghaiDate, type Frequency, type PointType, type SchoolKind } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import { installBuiltinChecklists } from '../features/checklists/checklist.repository.js';
import { newQrToken } from '../features/inspection-points/point.service.js';
import { mulberry32, type Rng } from './hazard-generator.js';
import { applicableChecklists, checkTime, generateAnswers, planSchoolPoints, type GenChecklist } from './inspection-generator.js';

/**
 * The demo district's 排查: the built-in checklist library installed for the bureau, 10–20
 * inspection points per school chosen by its kind (each linked to the built-in checklists
 * that fit it), and five weeks of self-check history up to yesterday — today's checks are
 * left due. Most schools do ~90 % of what they owe, a few only ~55 %, so the bureau's
 * completion page shows a spread. Answers cover exactly the items that apply at the point
 * (itemApplies), ~3 % fail with a note. History is written only for schools with a user
 * (after the ledger seed every school has its 安全管理员); points are made for all.
 *
 * Written with multi-row INSERT … SELECT FROM unnest(…) in chunks: a few seconds for the
 * whole district.
 */
export type DemoInspectionsOptions = { now?: Date; seed?: number; weeks?: number };
export type DemoInspectionsResult = { checklists: number; points: number; inspections: number; results: number; schools: number };

/** Schools with demo logins: fixed diligence, so their pages look alike on every start. */
const SHOWCASE: Record<string, number> = { 华润小学: 0.93, 虹景小学: 0.88 };
const POINT_CHUNK = 2000;
const INSPECTION_CHUNK = 4000;
const RESULT_CHUNK = 20000;

type SchoolRow = { id: string; name: string; school_kind: SchoolKind | null; path: string; safety_officer: string | null };

/**
 * How diligent a school is: share of owed checks done, and share of items failed. By the
 * school's position, so the spread does not depend on the date: one school in twelve is
 * poor (~55 %), two fair (~80 %), the rest good (86–99 %).
 */
function diligence(rng: Rng, name: string, index: number): { done: number; fail: number } {
  const fixed = SHOWCASE[name];
  if (fixed !== undefined) return { done: fixed, fail: 0.03 };
  const band = index % 12;
  const done = band === 5 ? 0.5 + rng() * 0.1 : band === 2 || band === 9 ? 0.76 + rng() * 0.08 : 0.86 + rng() * 0.13;
  return { done, fail: 0.015 + rng() * 0.03 };
}

export async function seedDemoInspections(trx: Trx, opts: DemoInspectionsOptions = {}): Promise<DemoInspectionsResult> {
  const now = opts.now ?? new Date();
  const rng = mulberry32(opts.seed ?? 20261101);
  const today = shanghaiDate(now);
  const yesterday = addDays(today, -1);
  const activeFrom = addDays(today, -7 * (opts.weeks ?? 5));

  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').executeTakeFirstOrThrow();
  const installed = await installBuiltinChecklists(trx, bureau.id);
  const checklistRows = await trx
    .selectFrom('checklist as c')
    .innerJoin('checklist_version as cv', 'cv.id', 'c.current_version_id')
    .select(['c.id', 'c.code', 'cv.id as version_id', 'cv.items'])
    .where('c.owner_unit_id', '=', bureau.id)
    .where('c.code', 'is not', null)
    .execute();
  const byCode = new Map<string, GenChecklist & { checklistId: string }>(
    checklistRows.map((c) => [c.code!, { code: c.code!, versionId: c.version_id, checklistId: c.id, items: c.items as GenChecklist['items'] }]),
  );

  const schools = (await trx
    .selectFrom('unit')
    .select(['id', 'name', 'school_kind', sql<string>`path::text`.as('path'), 'safety_officer'])
    .where('kind', '=', 'school')
    .where('status', '=', 'active')
    .where(sql<boolean>`path <@ ${bureau.path}::ltree`)
    .orderBy('id')
    .execute()) as SchoolRow[];
  const users = await trx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role', 'unit_id'])
    .where('status', '=', 'active')
    .where('role', 'in', ['school_admin', 'school_staff'])
    .where('unit_id', 'in', schools.length ? schools.map((s) => s.id) : ['0'])
    .orderBy('id')
    .execute();

  // Points: planned per school, inserted in chunks, then linked to their checklists.
  type PlannedRow = { school: SchoolRow; name: string; pointType: PointType; frequency: Frequency; location: string; responsibleId: string | null; responsibleName: string; checklists: GenChecklist[] };
  const planned: PlannedRow[] = [];
  for (const s of schools) {
    const admin = users.find((u) => u.unit_id === s.id && u.role === 'school_admin') ?? users.find((u) => u.unit_id === s.id);
    for (const p of planSchoolPoints(rng, s.school_kind)) {
      const checklists = applicableChecklists(p, s.school_kind, byCode);
      if (!checklists.length) continue;
      planned.push({ school: s, name: p.name, pointType: p.pointType, frequency: p.frequency, location: p.location, responsibleId: admin?.id ?? null, responsibleName: s.safety_officer ?? admin?.display_name ?? '', checklists });
    }
  }
  const pointIds: string[] = [];
  for (let i = 0; i < planned.length; i += POINT_CHUNK) {
    const chunk = planned.slice(i, i + POINT_CHUNK);
    const col = <T>(f: (p: PlannedRow) => T) => sql.val(chunk.map(f));
    const rows = await sql<{ id: string; school_id: string; name: string }>`
      INSERT INTO inspection_point (unit_id, unit_path, school_id, name, point_type, location, responsible_user_id, responsible_name, frequency, qr_token, active_from, created_at, updated_at)
      SELECT s, p::ltree, s, n, t, l, r, rn, f, q, ${activeFrom}::date, ${`${activeFrom}T09:00:00+08:00`}::timestamptz, ${`${activeFrom}T09:00:00+08:00`}::timestamptz
        FROM unnest(${col((p) => p.school.id)}::bigint[], ${col((p) => p.school.path)}::text[], ${col((p) => p.name)}::text[], ${col((p) => p.pointType)}::text[],
                    ${col((p) => p.location)}::text[], ${col((p) => p.responsibleId)}::bigint[], ${col((p) => p.responsibleName)}::text[], ${col((p) => p.frequency)}::text[],
                    ${col(() => newQrToken())}::text[]) WITH ORDINALITY AS x(s, p, n, t, l, r, rn, f, q, ord)
       ORDER BY ord
      RETURNING id, school_id, name`.execute(trx);
    const idOf = new Map(rows.rows.map((r) => [`${r.school_id}/${r.name}`, r.id]));
    pointIds.push(...chunk.map((p) => idOf.get(`${p.school.id}/${p.name}`)!));
  }
  const links = planned.flatMap((p, i) => p.checklists.map((c, k) => ({ point: pointIds[i]!, checklist: byCode.get(c.code)!.checklistId, sort: k })));
  for (let i = 0; i < links.length; i += POINT_CHUNK * 2) {
    const chunk = links.slice(i, i + POINT_CHUNK * 2);
    await sql`INSERT INTO inspection_point_checklist (point_id, checklist_id, sort_order)
              SELECT * FROM unnest(${sql.val(chunk.map((l) => l.point))}::bigint[], ${sql.val(chunk.map((l) => l.checklist))}::bigint[], ${sql.val(chunk.map((l) => l.sort))}::int[])`.execute(trx);
  }

  // History: per point and period from the day it was set up to yesterday.
  type Check = {
    point: number;
    inspectedOn: string;
    periodKey: string;
    periodEnd: string;
    via: 'qr' | 'app';
    startedAt: string;
    submittedAt: string;
    inspector: string;
    gen: ReturnType<typeof generateAnswers>;
  };
  const checks: Check[] = [];
  const schoolsWithHistory = new Set<string>();
  const bySchool = new Map<string, number[]>();
  planned.forEach((p, i) => bySchool.set(p.school.id, [...(bySchool.get(p.school.id) ?? []), i]));
  const diligenceRng = mulberry32((opts.seed ?? 20261101) + 1);
  const diligenceOf = new Map(schools.map((s, i) => [s.id, diligence(diligenceRng, s.name, i)]));
  for (const s of schools) {
    const own = users.filter((u) => u.unit_id === s.id);
    const d = diligenceOf.get(s.id)!;
    if (!own.length) continue;
    const admins = own.filter((u) => u.role === 'school_admin');
    const staff = own.filter((u) => u.role === 'school_staff');
    for (const i of bySchool.get(s.id) ?? []) {
      const p = planned[i]!;
      for (const period of periodsOverlapping(p.frequency, activeFrom, yesterday)) {
        const from = period.start < activeFrom ? activeFrom : period.start;
        const to = period.end > yesterday ? yesterday : period.end;
        if (to < from) continue;
        const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
        const periodDays = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000) + 1;
        // An unfinished period is done with the share of it that has passed.
        const chance = d.done * (period.end > yesterday ? Math.min(1, (days + 1) / periodDays) : 1);
        if (rng() >= chance) continue;
        const inspectedOn = addDays(from, Math.floor(rng() * days));
        const submitted = checkTime(rng, inspectedOn, p.frequency);
        const inspector = staff.length && rng() < 0.3 ? pickOf(rng, staff) : pickOf(rng, admins.length ? admins : own);
        const gen = generateAnswers(rng, p.checklists, s.school_kind, p.pointType, d.fail);
        const key = periodOf(p.frequency, inspectedOn);
        checks.push({
          point: i,
          inspectedOn,
          periodKey: key.key,
          periodEnd: key.end,
          via: rng() < 0.85 ? 'qr' : 'app',
          startedAt: new Date(submitted.getTime() - (2 + Math.floor(rng() * 10)) * 60_000).toISOString(),
          submittedAt: submitted.toISOString(),
          inspector: inspector.id,
          gen,
        });
        schoolsWithHistory.add(s.id);
      }
    }
  }
  // In the order they were signed off, so ids grow with time as in a real system.
  checks.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.point - b.point));

  let results = 0;
  for (let i = 0; i < checks.length; i += INSPECTION_CHUNK) {
    const chunk = checks.slice(i, i + INSPECTION_CHUNK);
    const col = <T>(f: (c: Check) => T) => sql.val(chunk.map(f));
    const pointOf = (c: Check) => planned[c.point]!;
    const summary = (c: Check) => (c.gen.tally.fail ? `发现 ${c.gen.tally.fail} 项问题，已要求责任人整改` : '');
    const ids = await sql<{ id: string; point_id: string; period_key: string }>`
      INSERT INTO inspection (kind, unit_id, unit_path, school_id, point_id, period_key, period_end, inspected_on, started_via, started_at, inspector_user_id,
                              checklist_version_ids, summary, pass_count, fail_count, na_count, score, submitted_at)
      SELECT 'self', s, p::ltree, s, pt, pk, pe, io, sv, sa, iu, cv::bigint[], sm, pc, fc, nc, sc, su
        FROM unnest(${col((c) => pointOf(c).school.id)}::bigint[], ${col((c) => pointOf(c).school.path)}::text[], ${col((c) => pointIds[c.point]!)}::bigint[],
                    ${col((c) => c.periodKey)}::text[], ${col((c) => c.periodEnd)}::date[], ${col((c) => c.inspectedOn)}::date[], ${col((c) => c.via)}::text[],
                    ${col((c) => c.startedAt)}::timestamptz[], ${col((c) => c.inspector)}::bigint[],
                    ${col((c) => `{${pointOf(c).checklists.map((x) => x.versionId).join(',')}}`)}::text[], ${col(summary)}::text[],
                    ${col((c) => c.gen.tally.pass)}::int[], ${col((c) => c.gen.tally.fail)}::int[], ${col((c) => c.gen.tally.na)}::int[],
                    ${col((c) => c.gen.tally.score)}::numeric[], ${col((c) => c.submittedAt)}::timestamptz[])
             WITH ORDINALITY AS x(s, p, pt, pk, pe, io, sv, sa, iu, cv, sm, pc, fc, nc, sc, su, ord)
       ORDER BY ord
      RETURNING id, point_id, period_key`.execute(trx);
    const idOf = new Map(ids.rows.map((r) => [`${r.point_id}/${r.period_key}`, r.id]));
    const rows = chunk.flatMap((c) => c.gen.answers.map((a) => ({ id: idOf.get(`${pointIds[c.point]}/${c.periodKey}`)!, a })));
    for (let j = 0; j < rows.length; j += RESULT_CHUNK) {
      const part = rows.slice(j, j + RESULT_CHUNK);
      await sql`INSERT INTO inspection_result (inspection_id, checklist_version_id, item_code, answer, note)
                SELECT * FROM unnest(${sql.val(part.map((r) => r.id))}::bigint[], ${sql.val(part.map((r) => r.a.checklistVersionId))}::bigint[],
                                     ${sql.val(part.map((r) => r.a.itemCode))}::text[], ${sql.val(part.map((r) => r.a.answer))}::text[], ${sql.val(part.map((r) => r.a.note ?? ''))}::text[])`.execute(trx);
    }
    results += rows.length;
  }
  return { checklists: installed, points: planned.length, inspections: checks.length, results, schools: schoolsWithHistory.size };
}

function pickOf<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}
