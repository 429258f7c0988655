import crypto from 'node:crypto';
import type { ScopeFeature } from './types.js';
import type { App } from '../../src/app.js';
import { login } from '../app.js';
import type { District } from '../factories.js';

const uniq = () => crypto.randomBytes(3).toString('hex');

/** A campaign of the district (all schools) with one task broken down to school A1, made through the API. */
async function campaignOf(app: App, x: District): Promise<{ campaignId: string; taskId: string }> {
  const c = await login(app, x.users.staff.username, x.users.staff.password);
  const res = await c.post('/api/campaigns', {
    title: `矩阵专项-${uniq()}`,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    stages: [{ name: '整治', start: '2026-01-01', end: '2026-12-31' }],
    tasks: [{ title: '矩阵任务', leadDepartmentIds: [x.department.id], stageIndex: 0 }],
  });
  if (res.statusCode !== 201) throw new Error(`campaign failed: ${res.body}`);
  const detail = res.json() as { campaign: { id: string }; tasks: { id: string }[] };
  const taskId = detail.tasks[0]!.id;
  const b = await c.post(`/api/tasks/${taskId}/break-down`, { schoolIds: [x.schoolA1.id] });
  if (b.statusCode !== 200) throw new Error(`break-down failed: ${b.body}`);
  return { campaignId: detail.campaign.id, taskId };
}

let built: Promise<{ inside: { campaignId: string; taskId: string }; outside: { campaignId: string; taskId: string } }> | undefined;
const both = (app: App, d: District, other: District) =>
  (built ??= (async () => ({ inside: await campaignOf(app, d), outside: await campaignOf(app, other) }))());

/** Campaigns (专项整治) and tasks: every :id route checked for out-of-scope access. */
export const campaignsScope: ScopeFeature = {
  resources: {
    campaign: async ({ app, d, other }) => {
      const b = await both(app, d, other);
      return { inside: b.inside.campaignId, outside: b.outside.campaignId };
    },
    task: async ({ app, d, other }) => {
      const b = await both(app, d, other);
      return { inside: b.inside.taskId, outside: b.outside.taskId };
    },
  },
  bodies: {
    'POST /api/campaigns': (d) => ({ title: `矩阵-${uniq()}`, periodStart: '2026-01-01', periodEnd: '2026-06-30', tasks: [{ title: '任务', leadDepartmentIds: [d.department.id] }] }),
    'PUT /api/campaigns/:id': () => ({ version: 1, title: `矩阵修改-${uniq()}` }),
    'POST /api/campaigns/:id/copy': () => ({}),
    'POST /api/campaigns/:id/tasks': (d) => ({ title: `矩阵任务-${uniq()}`, leadDepartmentIds: [d.department.id] }),
    'PUT /api/tasks/:id': () => ({ version: 1, status: 'in_progress' }),
    'POST /api/tasks/:id/progress': () => ({ text: '矩阵进展' }),
    'POST /api/tasks/:id/break-down': (d) => ({ schoolIds: [d.schoolA1.id] }),
    'POST /api/campaign-imports/text': () => ({ text: '矩阵测试：一、工作目标。二、时间安排。' }),
  },
  multipartPrefixes: ['/api/campaign-imports'],
};
