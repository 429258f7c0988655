import type { ScopeFeature } from './types.js';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

const fields = {
  pointId: null,
  name: '矩阵风险',
  description: '矩阵测试用的风险表述',
  domain: 'buildings',
  consequences: '',
  likelihood: 2,
  severity: 3,
  residualLikelihood: null,
  residualSeverity: null,
  measures: [{ description: '定期检查', tier: 'school', department: '总务处', person: '' }],
  responsePlan: '',
  emergencyPlan: null,
  reviewOn: null,
};

/**
 * A risk of school A1 of the district, written straight to the table: the matrix's login budget
 * (30 a minute from one address) is spent by the roles' own sign-ins; the routes test assesses
 * risks through the API.
 */
async function riskOf(db: Db, x: District): Promise<string> {
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  const r = await db
    .insertInto('risk')
    .values({
      unit_id: x.schoolA1.id,
      unit_path: school.path,
      point_id: null,
      name: '矩阵风险',
      description: '矩阵测试用的风险表述',
      domain: 'buildings',
      likelihood: 2,
      severity: 3,
      score: 6,
      level: 'general',
      created_by: x.users.schoolAdminA1.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The risk register's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const risksScope: ScopeFeature = {
  resources: {
    risk: async ({ db, d, other }) => ({ inside: await riskOf(db, d), outside: await riskOf(db, other) }),
  },
  bodies: {
    'POST /api/risks': () => ({ ...fields, name: '矩阵新增风险' }),
    'PUT /api/risks/:id': () => ({ ...fields, version: 1, name: '矩阵修改风险' }),
    'POST /api/risks/:id/reassess': () => ({ version: 1, likelihood: 3, severity: 3, residualLikelihood: null, residualSeverity: null, reason: '矩阵复评' }),
    'POST /api/risks/:id/retire': () => ({ version: 1, reason: '矩阵销号' }),
    'PUT /api/risk-matrix': () => ({ version: 0, ranges: [{ level: 'major', min: 20, max: 25 }, { level: 'significant', min: 12, max: 19 }, { level: 'general', min: 6, max: 11 }, { level: 'low', min: 1, max: 5 }] }),
    'PUT /api/hazards/:id/risk': () => ({ riskId: null }),
  },
};
