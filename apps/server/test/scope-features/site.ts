import { sql } from 'kysely';
import { idNumberCheck } from '@xiaoan/domain';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

/**
 * The site registries' part of the scope matrix: a building, an emergency plan, a drill and a
 * canteen worker of school A1 of each district, written straight to the tables.
 */
async function pathOf(db: Db, x: District): Promise<string> {
  return (await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow()).path;
}

const id17 = '32040219900101567';
const idNumber = id17 + idNumberCheck(id17);

async function buildingOf(db: Db, x: District): Promise<string> {
  const unit_path = await pathOf(db, x);
  return (await db.insertInto('building').values({ school_id: x.schoolA1.id, unit_path, name: '矩阵教学楼', use: 'teaching', floors: 3, built_year: 2001, structure: 'frame', grade: 'A', appraised_on: '2025-05-01', in_use: true }).returning('id').executeTakeFirstOrThrow()).id;
}
async function planOf(db: Db, x: District): Promise<string> {
  const unit_path = await pathOf(db, x);
  return (await db.insertInto('emergency_plan').values({ school_id: x.schoolA1.id, unit_path, title: '矩阵综合预案', kind: 'comprehensive', version_label: 'V1', issued_on: '2025-03-01', revised_on: '2025-03-01', revision_due_on: '2026-03-01', owner_name: '校长' }).returning('id').executeTakeFirstOrThrow()).id;
}
async function drillOf(db: Db, x: District): Promise<string> {
  const unit_path = await pathOf(db, x);
  return (await db.insertInto('drill').values({ school_id: x.schoolA1.id, unit_path, title: '矩阵疏散演练', kind: 'fire_evacuation', held_on: '2025-10-10', participants: 100, duration_minutes: 15, rating: 'good', evaluation: '有序' }).returning('id').executeTakeFirstOrThrow()).id;
}
async function staffOf(db: Db, x: District): Promise<string> {
  const unit_path = await pathOf(db, x);
  return (await db.insertInto('canteen_staff').values({ school_id: x.schoolA1.id, unit_path, name: '矩阵厨师', id_number: idNumber, post: 'cook', cert_no: 'JK-M', cert_issued_on: '2025-06-01', cert_expires_on: '2030-05-31' }).returning('id').executeTakeFirstOrThrow()).id;
}

const both = (make: (db: Db, x: District) => Promise<string>) => async ({ db, d, other }: { db: Db; d: District; other: District }) => ({ inside: await make(db, d), outside: await make(db, other) });

export const siteScope: ScopeFeature = {
  resources: { building: both(buildingOf), emergency_plan: both(planOf), drill: both(drillOf), canteen_staff: both(staffOf) },
  bodies: {
    'POST /api/registries/buildings': (d) => ({ schoolId: d.schoolA1.id, name: '矩阵新楼', use: 'office', floors: 2, builtYear: 2010, structure: 'frame', grade: 'A', appraisedOn: '2025-01-10', inUse: true }),
    'PUT /api/registries/buildings/:id': () => ({ version: 1, name: '矩阵教学楼', use: 'teaching', floors: 3, builtYear: 2001, structure: 'frame', grade: 'A', appraisedOn: '2025-05-01', inUse: true }),
    'POST /api/registries/emergency-plans': (d) => ({ schoolId: d.schoolA1.id, title: '矩阵防汛预案', kind: 'flood', versionLabel: 'V1', issuedOn: '2025-04-01', revisedOn: '2025-04-01', ownerName: '副校长' }),
    'PUT /api/registries/emergency-plans/:id': () => ({ version: 1, title: '矩阵综合预案', kind: 'comprehensive', versionLabel: 'V2', issuedOn: '2025-03-01', revisedOn: '2025-09-01', ownerName: '校长' }),
    'POST /api/registries/drills': (d) => ({ schoolId: d.schoolA1.id, title: '矩阵演练', kind: 'earthquake', heldOn: '2025-11-11', participants: 50, durationMinutes: 10, rating: 'fair', evaluation: '合格' }),
    'POST /api/registries/canteen-staff': (d) => ({ schoolId: d.schoolA1.id, name: '矩阵帮厨', idNumber: '32040219900101575'.slice(0, 17) + idNumberCheck('32040219900101575'.slice(0, 17)), post: 'helper', certNo: 'JK-N', certIssuedOn: '2025-06-01', certExpiresOn: '2026-05-31' }),
    'PUT /api/registries/canteen-profile': (d) => ({ schoolId: d.schoolA1.id, hasCanteen: true, brightKitchen: true }),
    'PUT /api/registries/canteen-staff/:id': () => ({ version: 1, name: '矩阵厨师', idNumber, post: 'cook', certNo: 'JK-M', certIssuedOn: '2025-06-01', certExpiresOn: '2030-05-31' }),
  },
};
