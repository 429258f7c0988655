import type { ScopeFeature } from './types.js';
import type { App } from '../../src/app.js';
import { login } from '../app.js';
import type { District } from '../factories.js';

/** A held talk with school A1 of the district, recorded through the API by its bureau staff. */
async function talkOf(app: App, x: District): Promise<string> {
  const staff = await login(app, x.users.staff.username, x.users.staff.password);
  const res = await staff.post('/api/talks', {
    unit: { kind: 'school', id: x.schoolA1.id },
    heldOn: '2026-01-10',
    reason: '矩阵约谈',
    interviewees: [{ name: '校长', post: '校长' }],
    interviewers: [{ name: '科长', post: '发展规划与财务科' }],
    commitments: ['按期整改'],
    followUpDue: '2026-02-10',
    links: [],
  });
  if (res.statusCode !== 201) throw new Error(`talk failed: ${res.body}`);
  return (res.json() as { talk: { id: string } }).talk.id;
}

/** The talks feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const talksScope: ScopeFeature = {
  resources: {
    talk: async ({ app, d, other }) => ({ inside: await talkOf(app, d), outside: await talkOf(app, other) }),
  },
  bodies: {
    'POST /api/talks': (d) => ({ unit: { kind: 'school', id: d.schoolA2.id }, heldOn: '2026-01-12', reason: '矩阵新增约谈', interviewees: [{ name: '园长', post: '园长' }], interviewers: [{ name: '科长', post: '' }], commitments: [], links: [] }),
    'PUT /api/talks/:id': () => ({ version: 1, heldOn: '2026-01-10', reason: '矩阵修改约谈', interviewees: [{ name: '校长', post: '校长' }], interviewers: [{ name: '科长', post: '' }], commitments: [], links: [] }),
    'POST /api/talks/:id/follow-up': () => ({ version: 1, result: 'done', note: '已落实' }),
  },
};
