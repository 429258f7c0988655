import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import { addDays, daysBetween, HAZARD_DOMAINS, overdueAgeBucket, shanghaiDate } from '@xiaoan/domain';
import type { Dashboard } from '@xiaoan/contracts';
import type { RequestContext } from '../../http/context.js';
import { login, useTestApp } from '../../../test/app.js';
import { contextFor } from '../../../test/context.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { findHazards } from '../hazards/hazard.repository.js';
import { getDashboard } from './dashboard.service.js';

/*
 * Every hazard figure of the dashboard equals a direct count over the ledger in the same scope,
 * after any sequence of writes: hazards created, moved between schools and campuses, registered
 * (a due date), listed, rejected, closed, re-dated, regraded, deleted. The writes go straight to
 * the hazard table (as the repositories and the ledger import write it), so the roll-ups the
 * trigger keeps are checked against every kind of change, not only those the API allows.
 */

const STATES = ['reported', 'registered', 'rectifying', 'pending_verification', 'rejected', 'closed'] as const;
const OPEN = ['reported', 'registered', 'rectifying', 'pending_verification'];
const WITH_DUE = ['registered', 'rectifying', 'pending_verification'];

type Row = { state: (typeof STATES)[number]; unit: number; domain: string; grade: 'general' | 'major'; listed: boolean; due: number | null; found: number; closedAfter: number };
const rowArb: fc.Arbitrary<Row> = fc.record({
  state: fc.constantFrom(...STATES),
  unit: fc.nat({ max: 4 }),
  domain: fc.constantFrom(...HAZARD_DOMAINS.slice(0, 4)),
  grade: fc.constantFrom('general' as const, 'major' as const),
  listed: fc.boolean(),
  // Due dates around today (overdue by 0–120 days, or not yet due), found up to 120 days ago.
  due: fc.option(fc.integer({ min: -120, max: 20 }), { nil: null }),
  found: fc.integer({ min: -120, max: 0 }),
  closedAfter: fc.integer({ min: 0, max: 30 }),
});
type Op = { kind: 'insert'; row: Row } | { kind: 'update'; pick: number; row: Partial<Row> } | { kind: 'delete'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: rowArb.map((row) => ({ kind: 'insert' as const, row })) },
  { weight: 4, arbitrary: fc.record({ pick: fc.nat(), row: fc.record(rowArbFields(), { requiredKeys: [] }) }).map((x) => ({ kind: 'update' as const, ...x })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
);
function rowArbFields() {
  return {
    state: fc.constantFrom(...STATES),
    unit: fc.nat({ max: 4 }),
    domain: fc.constantFrom(...HAZARD_DOMAINS.slice(0, 4)),
    grade: fc.constantFrom('general' as const, 'major' as const),
    listed: fc.boolean(),
    due: fc.option(fc.integer({ min: -120, max: 20 }), { nil: null }),
    found: fc.integer({ min: -120, max: 0 }),
  };
}

describe('dashboard figures after random writes: each equals a direct count over the same scope', () => {
  const t = useTestApp();
  let d: District;
  let admin: pg.Pool;
  let units: { id: string; path: string; school: string }[];
  let template: { doc: unknown; reported_by: string };
  let staff: RequestContext;
  let member: RequestContext;
  let school: RequestContext;
  const now = new Date();
  const today = shanghaiDate(now);
  const from = addDays(today, -75);
  const ids: string[] = [];

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    admin = new pg.Pool({ connectionString: t().tdb.adminUrl, max: 2 });
    const paths = await admin.query<{ id: string; path: string }>('SELECT id::text, path::text FROM unit WHERE id = ANY($1::bigint[])', [[d.schoolA1.id, d.campusA1.id, d.schoolA2.id, d.schoolB1.id, d.schoolB2.id]]);
    const pathOf = (id: string) => paths.rows.find((r) => r.id === id)!.path;
    units = [
      { id: d.schoolA1.id, path: pathOf(d.schoolA1.id), school: d.schoolA1.id },
      { id: d.campusA1.id, path: pathOf(d.campusA1.id), school: d.schoolA1.id },
      { id: d.schoolA2.id, path: pathOf(d.schoolA2.id), school: d.schoolA2.id },
      { id: d.schoolB1.id, path: pathOf(d.schoolB1.id), school: d.schoolB1.id },
      { id: d.schoolB2.id, path: pathOf(d.schoolB2.id), school: d.schoolB2.id },
    ];
    // One hazard through the API gives a real record to copy.
    const a1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    const res = await a1.post('/api/hazards', { unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '压力不足', foundAt: today, foundBy: '李华' });
    expect(res.statusCode).toBe(201);
    ids.push(res.json().hazard.id);
    template = (await admin.query('SELECT doc, reported_by::text FROM hazard WHERE id = $1', [ids[0]])).rows[0];
    staff = await contextFor(db, d.users.staff, { role: 'bureau_staff', unitId: d.bureau.id, requestId: 'dash-prop-staff' });
    member = await contextFor(db, d.users.memberA, { role: 'team_member', unitId: d.bureau.id, scopeUnitIds: [d.schoolA1.id, d.schoolA2.id], requestId: 'dash-prop-member' });
    school = await contextFor(db, d.users.schoolAdminA1, { role: 'school_admin', unitId: d.schoolA1.id, requestId: 'dash-prop-school' });
  });
  afterAll(async () => {
    await admin?.end();
  });

  const columns = (r: Row) => {
    const u = units[r.unit]!;
    const found = addDays(today, r.found);
    const closedAt = r.state === 'closed' ? new Date(Date.parse(`${addDays(found, r.closedAfter)}T10:00:00+08:00`)) : null;
    return [u.id, u.path, u.school, r.state, r.domain, r.grade, r.listed, found, r.due === null ? null : addDays(today, r.due), closedAt];
  };
  const current = new Map<string, Row>();

  async function apply(op: Op) {
    if (op.kind === 'insert') {
      const r = await admin.query<{ id: string }>(
        `INSERT INTO hazard (doc, unit_id, unit_path, school_id, state, domain, grade, listed, found_at, due_date, closed_at, source, title, description, reported_by, reported_at)
         VALUES ($1, $2, $3::ltree, $4, $5, $6, $7, $8, $9::date, $10::date, $11, 'self', '随机', '随机写入', $12, now()) RETURNING id::text`,
        [JSON.stringify(template.doc), ...columns(op.row), template.reported_by],
      );
      ids.push(r.rows[0]!.id);
      current.set(r.rows[0]!.id, op.row);
      return;
    }
    const live = [...current.keys()];
    if (!live.length) return;
    const id = live[op.pick % live.length]!;
    if (op.kind === 'delete') {
      // As the bench removes its writes: history rows are append-only, so replica mode; the tally trigger fires ALWAYS.
      const c = await admin.connect();
      try {
        await c.query('BEGIN');
        await c.query('SET LOCAL session_replication_role = replica');
        await c.query('DELETE FROM hazard_event WHERE hazard_id = $1', [id]);
        await c.query('DELETE FROM hazard WHERE id = $1', [id]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      current.delete(id);
      return;
    }
    const row = { ...current.get(id)!, ...op.row };
    const [unitId, path, schoolId, state, domain, grade, listed, found, due, closedAt] = columns(row);
    // Every change of a hazard carries its history row in the same transaction (0006's constraint trigger).
    const c = await admin.connect();
    try {
      await c.query('BEGIN');
      await c.query(`INSERT INTO hazard_event (hazard_id, actor_user_id, actor_role, action, from_state, to_state) VALUES ($1, $2, 'school_admin', 'edit', $3, $4)`, [id, template.reported_by, current.get(id)!.state, state]);
      await c.query(
      `UPDATE hazard SET unit_id = $2, unit_path = $3::ltree, school_id = $4, state = $5, domain = $6, grade = $7, listed = $8, found_at = $9::date, due_date = $10::date, closed_at = $11, version = version + 1 WHERE id = $1`,
      [id, unitId, path, schoolId, state, domain, grade, listed, found, due, closedAt],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    current.set(id, row);
  }

  /** The ledger counted directly, within the given unit paths. */
  async function direct(paths: string[]) {
    const rows = (
      await admin.query<{ state: string; domain: string; grade: string; listed: boolean; found: string; due: string | null; closed: string | null }>(
        `SELECT state, domain, grade, listed, found_at::text AS found, due_date::text AS due, (closed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS closed
           FROM hazard WHERE unit_path <@ $1::ltree[]`,
        [paths],
      )
    ).rows;
    const open = rows.filter((r) => OPEN.includes(r.state));
    const overdue = open.filter((r) => WITH_DUE.includes(r.state) && r.due !== null && r.due < today);
    const age = { d1to7: 0, d8to30: 0, d31to90: 0, over90: 0 };
    for (const r of overdue) age[overdueAgeBucket(daysBetween(r.due!, today))]++;
    const inPeriod = rows.filter((r) => r.found >= from && r.found <= today && r.state !== 'rejected');
    const months = new Map<string, { found: number; closed: number }>();
    for (const r of rows) {
      if (r.found >= from && r.found <= today) months.set(r.found.slice(0, 7), { found: (months.get(r.found.slice(0, 7))?.found ?? 0) + 1, closed: months.get(r.found.slice(0, 7))?.closed ?? 0 });
      if (r.state === 'closed' && r.closed && r.closed >= from && r.closed <= today) {
        const m = months.get(r.closed.slice(0, 7)) ?? { found: 0, closed: 0 };
        months.set(r.closed.slice(0, 7), { ...m, closed: m.closed + 1 });
      }
    }
    const domains = new Map<string, { open: number; overdue: number }>();
    for (const r of open) domains.set(r.domain, { open: (domains.get(r.domain)?.open ?? 0) + 1, overdue: (domains.get(r.domain)?.overdue ?? 0) + (overdue.includes(r) ? 1 : 0) });
    return {
      figures: {
        openHazards: open.length,
        overdueHazards: overdue.length,
        majorHazards: open.filter((r) => r.grade === 'major').length,
        listedHazards: open.filter((r) => r.listed).length,
        rectificationDen: inPeriod.length,
        rectificationNum: inPeriod.filter((r) => r.state === 'closed').length,
        overdueAge: age,
      },
      months,
      domains,
    };
  }

  async function check(ctx: RequestContext, q: { unitId?: string; teamId?: string }, paths: string[], ledger: { schoolId?: string; areaId?: string; teamId?: string } | null) {
    const got: Dashboard = await getDashboard(t().tdb.db, ctx, { ...q, from, to: today }, now);
    const want = await direct(paths);
    expect(got.figures).toMatchObject(want.figures);
    if (ledger) {
      const { total } = await findHazards(t().tdb.db, ctx.scope, { overdue: true, pageSize: 1, ...ledger }, now);
      expect(got.figures.overdueHazards).toBe(total);
    }
    for (const m of got.trend) expect({ month: m.month, found: m.found, closed: m.closed }).toEqual({ month: m.month, ...(want.months.get(m.month) ?? { found: 0, closed: 0 }) });
    expect(new Map(got.openByDomain.map((x) => [x.domain, { open: x.open, overdue: x.overdue }]))).toEqual(want.domains);
    for (const k of ['openHazards', 'overdueHazards', 'majorHazards', 'listedHazards', 'rectificationNum', 'rectificationDen'] as const) {
      if (got.children.length) expect(got.children.reduce((a, ch) => a + ch.figures[k], 0)).toBe(got.figures[k]);
    }
  }

  it('holds for the district, each area, a team and a school', async () => {
    const [a1, , a2, b1, b2] = units;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        for (const op of ops) await apply(op);
        await check(staff, {}, [units[0]!.path.split('.')[0]!], {});
        await check(staff, { unitId: d.area1.id }, [a1!.path, a2!.path], { areaId: d.area1.id });
        await check(staff, { unitId: d.area2.id }, [b1!.path, b2!.path], { areaId: d.area2.id });
        await check(staff, { teamId: d.teamB.id }, [b1!.path, b2!.path], { teamId: d.teamB.id });
        await check(member, {}, [a1!.path, a2!.path], {});
        await check(school, {}, [a1!.path], {});
        await check(staff, { unitId: d.campusA1.id }, [units[1]!.path], null);
      }),
      { numRuns: 25 },
    );
  });
});
