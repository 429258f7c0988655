// The dashboard (驾驶舱) scenarios k1–k3: the district's picture as its bureau staff see it, and
// the whole-scope pictures of a typical district and of a team; each with the plain-SQL time of
// the same service call (the roll-up reads of features/dashboard), replayed as the others are.
import pg from 'pg';
import type { DashboardQuery } from '@xiaoan/contracts';
import type { RequestContext } from '../../apps/server/src/http/context.js';
import type { Db } from '../../apps/server/src/db/database.js';
import { getDashboard } from '../../apps/server/src/features/dashboard/dashboard.service.js';
import type { Dataset } from '../generate.js';
import type { Recorder } from './sqlreplay.js';
import { readScenario } from './read-scenario.js';
import { qs } from './server.js';
import type { Login, Scenario, Target } from './run-config.js';

/**
 * (k1) the big district's dashboard as its bureau staff (no unitId: the whole scope, by area;
 * by team; one area); (k2) a typical district's whole-scope dashboard; (k3) a team member's.
 * The district figure the issue sets is p95 ≤ 100 ms.
 */
export async function dashboardScenarios(
  rec: Recorder,
  admin: pg.Pool,
  ds: Dataset,
  logins: Record<'bureau' | 'bureau2' | 'team', Login>,
  ctx: Record<'bureau' | 'bureau2' | 'team', RequestContext>,
): Promise<Scenario[]> {
  const target: Target = { kind: 'read', p95Ms: 100 };
  const area = (await admin.query<{ id: string }>(`SELECT id FROM unit WHERE kind = 'area' AND path <@ $1::ltree ORDER BY id LIMIT 1`, [ds.org.bigDistrict.path])).rows[0];
  const scenario = (key: string, title: string, who: Login, c: RequestContext, queries: DashboardQuery[], describe: string): Scenario =>
    readScenario(rec, {
      key,
      title,
      who,
      target,
      paths: queries.map((q) => `/api/dashboard${Object.keys(q).length ? `?${qs(q as Record<string, string>)}` : ''}`),
      describe,
      capture: queries.map((q) => (db: Db) => getDashboard(db, c, q)),
    });
  return [
    scenario('k1', "(k1) the big district's dashboard", logins.bureau, ctx.bureau, [{}, { by: 'team' }, ...(area ? [{ unitId: area.id }] : [])], 'GET /api/dashboard (whole district by area), ?by=team, ?unitId=<an area>, as bureau staff of the big district'),
    scenario('k2', "(k2) a typical district's whole-scope dashboard", logins.bureau2, ctx.bureau2, [{}], 'GET /api/dashboard as bureau staff of a typical district'),
    scenario('k3', "(k3) a team member's whole-scope dashboard", logins.team, ctx.team, [{}], 'GET /api/dashboard as a team member (the team and its schools)'),
  ];
}
