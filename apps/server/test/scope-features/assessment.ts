import { sql } from 'kysely';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

/**
 * A scheme of the district and school A1's self-assessment, submitted (version 2), written
 * straight to the tables: the matrix already signs in once per role, and more sign-ins from one
 * address would meet the login rate limit.
 */
async function assessmentOf(db: Db, x: District): Promise<{ schemeId: string; selfId: string }> {
  const bureau = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.bureau.id).executeTakeFirstOrThrow();
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  const indicators = [
    { key: 'rect', name: '隐患整改率', kind: 'computed', indicator: 'rectification_rate', weight: 60, rule: { kind: 'linear', zeroAt: 0.6, fullAt: 1 } },
    { key: 'drill', name: '应急演练', kind: 'manual', weight: 40 },
  ];
  const scheme = await db
    .insertInto('assessment_scheme')
    .values({ bureau_unit_id: x.bureau.id, bureau_unit_path: bureau.path, year: new Date().getUTCFullYear(), name: '矩阵考核方案', indicators: JSON.stringify(indicators), created_by: x.users.staff.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const self = await db
    .insertInto('self_assessment')
    .values({
      scheme_id: scheme.id,
      school_id: x.schoolA1.id,
      school_path: school.path,
      state: 'submitted',
      items: JSON.stringify([
        { indicatorKey: 'rect', selfScore: 50, note: '自评' },
        { indicatorKey: 'drill', selfScore: 30, note: '自评' },
      ]),
      saved_by: x.users.schoolAdminA1.id,
      submitted_by: x.users.schoolAdminA1.id,
      submitted_at: new Date(),
      version: 2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { schemeId: scheme.id, selfId: self.id };
}

let built: Promise<{ inside: { schemeId: string; selfId: string }; outside: { schemeId: string; selfId: string } }> | undefined;
const both = (db: Db, d: District, other: District) => (built ??= (async () => ({ inside: await assessmentOf(db, d), outside: await assessmentOf(db, other) }))());

/** The assessment feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const assessmentScope: ScopeFeature = {
  resources: {
    assessment_scheme: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.inside.schemeId, outside: b.outside.schemeId };
    },
    self_assessment: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.inside.selfId, outside: b.outside.selfId };
    },
  },
  bodies: {
    'POST /api/assessment/schemes': () => ({ year: 2030, name: '矩阵新建方案', indicators: [{ key: 'm', name: '手工项', kind: 'manual', weight: 100 }] }),
    'PUT /api/assessment/schemes/:id': () => ({ version: 1, name: '矩阵考核方案（修改）' }),
    'PUT /api/assessment/schemes/:id/manual-scores': (d) => ({ schoolId: d.schoolA1.id, indicatorKey: 'drill', points: 35, reason: '矩阵：演练记录齐全' }),
    'PUT /api/assessment/schemes/:id/self-assessment': () => ({ version: 2, items: [{ indicatorKey: 'drill', selfScore: 30, note: '矩阵' }] }),
    'POST /api/assessment/schemes/:id/self-assessment/submit': () => ({ version: 2 }),
    'POST /api/assessment/self-assessments/:id/accept': () => ({ version: 2 }),
    'POST /api/assessment/self-assessments/:id/return': () => ({ version: 2, comment: '矩阵退回' }),
  },
};
