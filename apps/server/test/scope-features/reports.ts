import crypto from 'node:crypto';
import { REPORT_TEMPLATES } from '@xiaoan/domain';
import type { ScopeFeature } from './types.js';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/database.js';
import { login } from '../app.js';
import type { District } from '../factories.js';
import { backdateDistrict, createType, months } from '../report-fixtures.js';

const uniq = () => crypto.randomBytes(3).toString('hex');
const m = months();

/** A monthly type of the district and school A1's submission of this month (submitted, awaiting review), made through the API. */
async function reportsOf(app: App, db: Db, x: District): Promise<{ typeId: string; submissionId: string }> {
  await backdateDistrict(db, x);
  const staff = await login(app, x.users.staff.username, x.users.staff.password);
  const { id: typeId } = await createType(staff, { code: `matrix-${uniq()}`, name: '矩阵报表' });
  const school = await login(app, x.users.schoolAdminA1.username, x.users.schoolAdminA1.password);
  const started = await school.post('/api/report-submissions', { reportTypeId: typeId, period: m.current.key });
  if (started.statusCode !== 201) throw new Error(`start failed: ${started.body}`);
  const s = started.json() as { submission: { id: string; version: number } };
  const sent = await school.post(`/api/report-submissions/${s.submission.id}/submit`, { version: s.submission.version });
  if (sent.statusCode !== 200) throw new Error(`submit failed: ${sent.body}`);
  return { typeId, submissionId: s.submission.id };
}

let built: Promise<{ inside: { typeId: string; submissionId: string }; outside: { typeId: string; submissionId: string } }> | undefined;
const both = (app: App, db: Db, d: District, other: District) =>
  (built ??= (async () => ({ inside: await reportsOf(app, db, d), outside: await reportsOf(app, db, other) }))());
let insideTypeId = '';

/** Reporting upward (上报): report types and submissions, every :id route checked for out-of-scope access. */
export const reportsScope: ScopeFeature = {
  resources: {
    report_type: async ({ app, db, d, other }) => {
      const b = await both(app, db, d, other);
      insideTypeId = b.inside.typeId;
      return { inside: b.inside.typeId, outside: b.outside.typeId };
    },
    report_submission: async ({ app, db, d, other }) => {
      const b = await both(app, db, d, other);
      return { inside: b.inside.submissionId, outside: b.outside.submissionId };
    },
  },
  bodies: {
    'POST /api/report-types': () => ({ code: `m-${uniq()}`, name: '矩阵新增报表', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, submitterKind: 'school', template: REPORT_TEMPLATES.plain }),
    'PUT /api/report-types/:id': () => ({ version: 1, name: `矩阵修改-${uniq()}` }),
    'POST /api/report-types/:id/reopen': (d) => ({ period: m.pastDue.key, unitId: d.schoolA1.id, reason: '矩阵补报' }),
    'POST /api/campaigns/:id/report-types': () => ({ rules: [{ ruleId: '1', code: `c-${uniq()}`, name: '矩阵规则', submitterKind: 'school' }] }),
    'POST /api/report-submissions': (d) => ({ reportTypeId: insideTypeId, period: m.current.key, unitId: d.schoolA1.id }),
    'PUT /api/report-submissions/:id/draft': () => ({ version: 1, narrative: { note: '矩阵' } }),
    'POST /api/report-submissions/:id/submit': () => ({ version: 1 }),
    'POST /api/report-submissions/:id/approve': () => ({ version: 1 }),
    'POST /api/report-submissions/:id/return': () => ({ version: 1, comment: '矩阵退回' }),
  },
};
