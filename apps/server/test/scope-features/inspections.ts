import crypto from 'node:crypto';
import type { ScopeFeature } from './types.js';
import { buildInspectionWorld, shanghaiToday, smallAnswers } from '../inspection-fixtures.js';

const uniq = () => crypto.randomBytes(3).toString('hex');
/** The in-scope world's ids, for the sample bodies (built once by the resource builders). */
let world: Awaited<ReturnType<typeof buildInspectionWorld>> | undefined;
let built: Promise<{ inside: Awaited<ReturnType<typeof buildInspectionWorld>>; outside: Awaited<ReturnType<typeof buildInspectionWorld>> }> | undefined;

const both: NonNullable<ScopeFeature['resources']>[string] = async ({ app, db, d, other }) => {
  built ??= (async () => {
    const inside = await buildInspectionWorld(app, db, d);
    const outside = await buildInspectionWorld(app, db, other);
    world = inside;
    return { inside, outside };
  })();
  return { inside: '', outside: '' } as never;
};

export const inspectionsScope: ScopeFeature = {
  resources: {
    checklist: async (env) => {
      await both(env);
      const b = await built!;
      return { inside: b.inside.small.id, outside: b.outside.small.id };
    },
    inspection_point: async (env) => {
      await both(env);
      const b = await built!;
      return { inside: b.inside.point.id, outside: b.outside.point.id };
    },
    inspection: async (env) => {
      await both(env);
      const b = await built!;
      return { inside: b.inside.inspectionId, outside: b.outside.inspectionId };
    },
    supervision_visit: async (env) => {
      await both(env);
      const b = await built!;
      return { inside: b.inside.visitId, outside: b.outside.visitId };
    },
  },
  // The checklist import reads an upload (policy and scope are checked before the body).
  multipartPrefixes: ['/api/checklists/import/'],
  bodies: {
    'POST /api/checklists': () => ({
      domain: 'fire',
      title: `矩阵检查表-${uniq()}`,
      items: [{ code: 'M-01', text: '矩阵检查项', standard: '合格', basis: '测试', schoolKinds: [], pointTypes: [], weight: 1 }],
    }),
    'PUT /api/checklists/:id': () => ({ version: 1, description: '矩阵修改' }),
    'POST /api/checklists/:id/copy': () => ({}),
    'POST /api/inspection-points': (d) => ({ unitId: d.schoolA1.id, name: `矩阵点位-${uniq()}`, pointType: 'gate', frequency: 'daily', checklistIds: [world!.small.id] }),
    'PUT /api/inspection-points/:id': () => ({ version: 1, location: '北侧' }),
    'POST /api/inspection-points/:id/rotate-token': () => ({}),
    'POST /api/inspections': (d) => ({ kind: 'spot', unitId: d.schoolA1.id, checklistVersionIds: [world!.small.versionId], answers: smallAnswers(world!.small.versionId, 'pass') }),
    'POST /api/inspections/:id/raise-hazard': () => ({ checklistVersionId: world!.small.versionId, itemCode: 'T-01' }),
    'POST /api/supervision-visits': (d) => ({ teamId: d.teamA.id, schoolId: d.schoolA1.id, kind: 'supervision', plannedOn: shanghaiToday() }),
    'PUT /api/supervision-visits/:id': () => ({ version: 1, status: 'done' }),
    'POST /api/supervision-visits/:id/findings': () => ({ domain: 'fire', grade: 'general', title: '矩阵问题', description: '矩阵', dueDate: '2030-01-01' }),
    'POST /api/supervision-visits/:id/feedback': () => ({}),
    'POST /api/follow-ups': () => ({ hazardId: '1', outcome: 'holds', note: '' }),
  },
};
