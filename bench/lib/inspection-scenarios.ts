// The inspection (排查) scenarios i1–i4.
import pg from 'pg';
import { addDays, shanghaiDate } from '@xiaoan/domain';
import type { RequestContext } from '../../apps/server/src/http/context.js';
import { submitInspection } from '../../apps/server/src/features/inspections/inspection.service.js';
import { completion, dueList } from '../../apps/server/src/features/inspections/schedule.service.js';
import { teamCoverage } from '../../apps/server/src/features/supervision-visits/visit.service.js';
import type { Db } from '../../apps/server/src/db/database.js';
import { benchCheckBody, type BenchPoint } from './inspections.js';
import type { Dataset } from '../generate.js';
import { say } from './env.js';
import type { LoadRequest } from './loadgen.js';
import type { Recorder, Statement } from './sqlreplay.js';
import { readScenario } from './read-scenario.js';
import { qs, type Server } from './server.js';
import type { Login, Scenario, Target } from './run-config.js';

/**
 * 排查 scenarios: (i1) a 20-item daily check submitted from the QR code with an
 * Idempotency-Key; (i2) today's due list of the biggest school; (i3) a district's completion
 * rates for a month (this month and last month); (i4) a team's coverage page, last, as the
 * route is the newest.
 */
export async function inspectionScenarios(
  server: Server,
  rec: Recorder,
  admin: pg.Pool,
  ds: Dataset,
  logins: Record<string, Login>,
  ctx: Record<'school' | 'bureau' | 'bureau2' | 'team' | 'writer', RequestContext>,
  point: BenchPoint,
): Promise<Scenario[]> {
  const o = ds.org;
  const page: Target = { kind: 'read', p95Ms: 100 };
  const submit: Target = { kind: 'write', p95Ms: 50 };
  const run = `${Date.now().toString(36)}`;
  const post = (prefix: string, n: number): LoadRequest[] =>
    Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/api/inspections', body: benchCheckBody(point, i), headers: { 'idempotency-key': `bench-${run}-${prefix}-${i}` } }));
  const today_ = shanghaiDate(new Date());
  const lastMonth = addDays(`${today_.slice(0, 7)}-01`, -1);
  const monthQueries: { window: 'month'; date?: string }[] = [{ window: 'month' }, { window: 'month', date: lastMonth }];
  const pageScenario = (key: string, title: string, who: Login, paths: string[], describe: string, capture: ((db: Db) => Promise<unknown>)[]): Scenario =>
    readScenario(rec, { key, title, who, target: page, paths, describe, capture });
  const teamRow = (await admin.query<{ team_id: string }>('SELECT team_id FROM supervision_team_member WHERE user_id = $1 ORDER BY team_id LIMIT 1', [logins.team!.userId])).rows[0];
  const probe = (await fetch(`${server.baseUrl}/api/openapi.json`).then((r) => r.json())) as { paths: Record<string, unknown> };
  const hasCoverage = Boolean(probe.paths['/api/supervision-teams/{id}/coverage']);
  const schoolPoints = (await admin.query<{ n: string }>('SELECT count(*) AS n FROM inspection_point WHERE school_id = $1', [o.bigSchool.id])).rows[0]!.n;
  const out: Scenario[] = [
    {
      key: 'i1',
      title: '(i1) submit a 20-item daily check (QR, Idempotency-Key)',
      who: logins.writer!,
      target: submit,
      order: 'once',
      expect: [201],
      requests: { loaded: post('l', 20_000), single: post('s', 5_000) },
      describe: 'POST /api/inspections {kind: self, qrToken, 1 checklist version, 20 answers (1 fail with a note)} with a fresh Idempotency-Key each, as the admin of the write school',
      sql: async () => {
        const key = `bench-${run}-sql-0`;
        const captured = await rec.capture((db) => submitInspection(db as Db, ctx.writer, benchCheckBody(point, 0), key));
        return {
          kind: 'write',
          statements: captured.statements,
          capturedId: key,
          newIdOf: captured.value.detail.inspection.id,
          newIdTable: 'inspection',
          targets: Array.from({ length: 3000 }, (_, i) => `bench-${run}-sql-${i + 1}`),
        };
      },
    },
    pageScenario(
      'i2',
      "(i2) today's due list of a school",
      logins.school!,
      [`/api/inspection-schedule?schoolId=${o.bigSchool.id}`],
      `GET /api/inspection-schedule?schoolId=${o.bigSchool.id} (the biggest school of the big district, ${schoolPoints} points)`,
      [(db) => dueList(db, ctx.school, { schoolId: String(o.bigSchool.id) })],
    ),
    pageScenario(
      'i3',
      "(i3) a district's completion rates for a month",
      logins.bureau!,
      monthQueries.map((q) => `/api/inspection-completion?${qs(q as Record<string, string>)}`),
      `GET /api/inspection-completion?window=month (this month, and last month with date=${lastMonth}) as bureau staff of ${o.bigDistrict.name} (${o.bigDistrict.schools} schools)`,
      monthQueries.map((q) => (db: Db) => completion(db, ctx.bureau, q)),
    ),
    pageScenario(
      'i3b',
      "(i3b) a typical district's completion rates for a month",
      logins.bureau2!,
      monthQueries.map((q) => `/api/inspection-completion?${qs(q as Record<string, string>)}`),
      `as (i3), as bureau staff of ${o.typicalDistrict.name} (${o.typicalDistrict.schools} schools)`,
      monthQueries.map((q) => (db: Db) => completion(db, ctx.bureau2, q)),
    ),
  ];
  if (teamRow && hasCoverage) {
    out.push(
      pageScenario(
        'i4',
        "(i4) a team's coverage page",
        logins.team!,
        [`/api/supervision-teams/${teamRow.team_id}/coverage`],
        `GET /api/supervision-teams/${teamRow.team_id}/coverage (this month) as a member of the team`,
        [(db) => teamCoverage(db, ctx.team, teamRow.team_id, {})],
      ),
    );
  } else {
    say(`(i4) not measured: ${hasCoverage ? 'bench_team is in no team' : 'GET /api/supervision-teams/:id/coverage is not registered in this build'}`);
  }
  return out;
}
