// The ledger scenarios (a–f2): list pages, search, detail, report and transitions, each with
// the requests the load generator sends and the statements the same call issues for the SQL
// replay; then the inspection and reporting scenarios when the dataset has them.
import pg from 'pg';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import type { HazardListQuery } from '@xiaoan/contracts';
import { findHazards } from '../../apps/server/src/features/hazards/hazard.repository.js';
import { actOnHazard, createHazard, getHazardDetail } from '../../apps/server/src/features/hazards/hazard.service.js';
import type { Db } from '../../apps/server/src/db/database.js';
import type { RequestContext } from '../../apps/server/src/http/context.js';
import type { BenchPoint } from './inspections.js';
import type { Dataset } from '../generate.js';
import { say } from './env.js';
import { prepareHazards } from './fixtures.js';
import type { Recorder, Statement } from './sqlreplay.js';
import { readScenario } from './read-scenario.js';
import { reportScenarios } from './reports.js';
import { inspectionScenarios } from './inspection-scenarios.js';
import { dashboardScenarios } from './dashboard.js';
import { ctxFor, qs, type Server } from './server.js';
import { WRITE_POOL, type Login, type Scenario, type Target } from './run-config.js';

function listQuery(q: Record<string, string | number | string[]>): HazardListQuery {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) out[k] = (k === 'state' || k === 'domain' || k === 'source') && !Array.isArray(v) ? [v] : v;
  return out as HazardListQuery;
}

export async function buildScenarios(
  server: Server,
  rec: Recorder,
  admin: pg.Pool,
  ds: Dataset,
  logins: Record<string, Login>,
  writeSchool: { id: number; path: string },
  benchPoint: BenchPoint | null,
): Promise<Scenario[]> {
  const o = ds.org;
  const school = logins.school!;
  const bureau = logins.bureau!;
  const team = logins.team!;
  const bureau2 = logins.bureau2!;
  const schoolCtx = await ctxFor(rec, school);
  const bureauCtx = await ctxFor(rec, bureau);
  const teamCtx = await ctxFor(rec, team);
  const bureau2Ctx = await ctxFor(rec, bureau2);
  const now = () => new Date();
  const read: Target = { kind: 'read', p95Ms: 50 };
  const search: Target = { kind: 'search', p95Ms: 100 };
  const write: Target = { kind: 'write', p95Ms: 30 };

  const listScenario = (key: string, title: string, who: Login, ctx: RequestContext, queries: Record<string, string | number | string[]>[], target: Target, describe: string): Scenario =>
    readScenario(rec, {
      key,
      title,
      who,
      target,
      paths: queries.map((q) => `/api/hazards?${qs(q)}`),
      describe,
      capture: queries.map((q) => (db: Db) => findHazards(db, ctx.scope, listQuery(q), now())),
    });

  // (c) search terms: two-character words of the generated texts, with their hit counts in the big district.
  const terms = (process.env.BENCH_SEARCH_TERMS ?? '消防,电线,护栏,食堂,裂缝,灭火,楼梯,门卫').split(',').map((t) => t.trim()).filter(Boolean);

  const termHits: string[] = [];
  for (const t of terms) {
    const n = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM hazard WHERE bigrams(search_text) @> bigrams($1) AND strpos(lower(search_text), lower($1)) > 0 AND unit_path <@ $2::ltree`,
      [t, o.bigDistrict.path],
    );
    termHits.push(`${t} (${Number(n.rows[0]!.n).toLocaleString('en')})`);
  }
  // (d) random hazards of the big district.
  const detailIds = (
    await admin.query<{ id: string }>(`SELECT id FROM hazard TABLESAMPLE SYSTEM (5) WHERE unit_path <@ $1::ltree AND id <= $2 LIMIT 2000`, [o.bigDistrict.path, ds.sizes.hazards])
  ).rows.map((r) => r.id);
  // (e) a photo of the big school, as a report would carry.
  const photo = (await admin.query<{ id: string }>(`SELECT id FROM file_object WHERE unit_id = $1 AND kind = 'photo' LIMIT 1`, [writeSchool!.id])).rows[0]?.id;

  // Writes go to a school of their own (the district's second-biggest), so that the read
  // scenarios of the biggest school see its ledger as generated.
  const writer = logins.writer!;
  const writerCtx = await ctxFor(rec, writer);
  const ws = writeSchool!;
  const bigSchool = { id: ws.id, path: ws.path, adminUserId: Number(writer.userId) };
  const fixturesClient = await admin.connect();
  const prep = async (state: 'reported' | 'registered', n: number) => prepareHazards(fixturesClient, bigSchool, n, state);
  let reportedPool: string[];
  let registeredPool: string[];
  try {
    say(`preparing ${WRITE_POOL.toLocaleString('en')} reported and ${WRITE_POOL.toLocaleString('en')} registered hazards for the transition scenarios …`);
    reportedPool = await prep('reported', WRITE_POOL);
    registeredPool = await prep('registered', WRITE_POOL);
    await fixturesClient.query('ANALYZE hazard');
  } finally {
    fixturesClient.release();
  }
  // Disjoint slices: single-connection run, concurrent run, SQL replay.
  const slices = (ids: string[]) => {
    const single = ids.slice(0, Math.floor(ids.length * 0.2));
    const sqlPart = ids.slice(single.length, single.length + Math.floor(ids.length * 0.15));
    const loaded = ids.slice(single.length + sqlPart.length);
    return { single, sqlPart, loaded };
  };
  const rep = slices(reportedPool);
  const reg = slices(registeredPool);

  const today_ = shanghaiDate(new Date());
  const reportBody = (i: number) => ({
    unitId: String(ws.id),
    domain: (['fire', 'buildings', 'food', 'security', 'gas'] as const)[i % 5],
    grade: 'general',
    source: 'self',
    title: ['三楼走廊灭火器过期', '食堂排烟罩油污较多', '操场篮球架底座松动', '配电房门未上锁', '校门口道闸故障'][i % 5],
    description: '日常巡查发现，现场已拍照，需登记整改。',
    location: ['教学楼三楼东侧', '食堂操作间', '操场', '行政楼配电房', '学校南门'][i % 5],
    photoIds: photo ? [photo] : [],
    foundAt: today_,
    foundBy: '安全管理员',
  });
  const registerBody = {
    version: 1,
    owner: '王校长',
    measures: '清理通道，设置警示标识，每日复查',
    funds: 800,
    dueDate: addDays(today_, 30),
    contingencyPlan: '整改期间专人巡查，发现异常立即处置',
  };

  const transition = (key: string, title: string, route: string, action: 'register' | 'start_rectification', pool: ReturnType<typeof slices>, body: Record<string, unknown>): Scenario => ({
    key,
    title,
    who: writer,
    target: write,
    order: 'once',
    expect: [200],
    requests: {
      loaded: pool.loaded.map((id) => ({ method: 'POST', path: `/api/hazards/${id}/${route}`, body })),
      single: pool.single.map((id) => ({ method: 'POST', path: `/api/hazards/${id}/${route}`, body })),
    },
    describe: `POST /api/hazards/:id/${route} {version: 1${action === 'register' ? ', the five commitments' : ''}}, each on its own prepared hazard`,
    sql: async () => {
      const [first, ...rest] = pool.sqlPart;
      const captured = await rec.capture((db) => actOnHazard(db, writerCtx, first!, action, body as never));
      return { kind: 'write', statements: captured.statements, capturedId: first!, targets: rest };
    },
  });

  const q1 = { schoolId: String(o.bigSchool.id), pageSize: 20 };
  const combos: [string, string][] = [
    ['rectifying', 'fire'],
    ['registered', 'food'],
    ['pending_verification', 'buildings'],
    ['reported', 'security'],
    ['rectifying', 'gas'],
  ];
  const bySchools = (
    await admin.query<{ id: string }>(`SELECT id FROM unit WHERE kind = 'school' AND path <@ $1::ltree AND id <> $2 ORDER BY random() LIMIT 200`, [o.bigDistrict.path, writeSchool!.id])
  ).rows.map((r) => ({ schoolId: r.id, pageSize: 20 }));

  return [
    listScenario('a', "(a) a school's ledger page", school, schoolCtx, [q1], read, `GET /api/hazards?schoolId=${o.bigSchool.id}&pageSize=20 (the biggest school of the big district)`),
    listScenario('a2', "(a2) a school's ledger page, as the bureau, over 200 schools", bureau, bureauCtx, bySchools, read, 'GET /api/hazards?schoolId=<one of 200 random schools of the big district>&pageSize=20'),
    listScenario(
      'b',
      "(b) a district's ledger by state and domain",
      bureau,
      bureauCtx,
      combos.map(([state, domain]) => ({ state, domain, pageSize: 20 })),
      read,
      `GET /api/hazards?state=…&domain=…&pageSize=20 over ${combos.map((c) => c.join('+')).join(', ')}`,
    ),
    listScenario('b2', "(b2) a typical district's ledger by state and domain", bureau2, bureau2Ctx, combos.map(([state, domain]) => ({ state, domain, pageSize: 20 })), read, 'as (b), as bureau staff of a typical district'),
    listScenario('b3', "(b3) a team member's ledger (the team's schools)", team, teamCtx, [{ pageSize: 20 }, { state: 'rectifying', pageSize: 20 }, { overdue: 'true', pageSize: 20 }], read, 'GET /api/hazards?pageSize=20 (and state=rectifying, overdue=true) as a team member'),
    listScenario('c', '(c) two-character search across the district', bureau, bureauCtx, terms.map((q) => ({ q, pageSize: 20 })), search, `GET /api/hazards?q=…&pageSize=20 for ${termHits.join('、')} (hits in the district)`),
    readScenario(rec, {
      key: 'd',
      title: "(d) a hazard's detail with its timeline",
      who: bureau,
      target: read,
      paths: detailIds.map((id) => `/api/hazards/${id}`),
      describe: `GET /api/hazards/:id over ${detailIds.length} random hazards of the big district`,
      capture: detailIds.slice(0, 300).map((id) => (db: Db) => getHazardDetail(db, bureauCtx, id, now())),
    }),
    {
      key: 'e',
      title: '(e) create (report)',
      who: writer,
      target: write,
      order: 'random',
      expect: [201],
      requests: { loaded: Array.from({ length: 50 }, (_, i) => ({ method: 'POST', path: '/api/hazards', body: reportBody(i) })), single: Array.from({ length: 50 }, (_, i) => ({ method: 'POST', path: '/api/hazards', body: reportBody(i) })) },
      describe: 'POST /api/hazards with a report body (one photo), CSRF header, as the admin of the write school',
      sql: async () => {
        const captured = await rec.capture((db) => createHazard(db, writerCtx, reportBody(0) as never));
        const id = captured.value.detail.hazard.id;
        return { kind: 'write', statements: captured.statements, capturedId: null, newIdOf: id, targets: Array.from({ length: 3000 }, () => null) };
      },
    },
    transition('f1', '(f1) transition: register', 'register', 'register', rep, registerBody),
    transition('f2', '(f2) transition: start rectification', 'start-rectification', 'start_rectification', reg, { version: 1 }),
    ...(benchPoint ? await inspectionScenarios(server, rec, admin, ds, logins, { school: schoolCtx, bureau: bureauCtx, bureau2: bureau2Ctx, team: teamCtx, writer: writerCtx }, benchPoint) : []),
    ...(await dashboardScenarios(rec, admin, ds, { bureau, bureau2, team }, { bureau: bureauCtx, bureau2: bureau2Ctx, team: teamCtx })),
    ...(ds.reports ? await reportScenarios(rec, admin, o.bigDistrict.bureauId, o.typicalDistrict.bureauId, { bureau, bureau2 }, { bureau: bureauCtx, bureau2: bureau2Ctx }) : []),
  ];
}
