import { sql } from 'kysely';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

/**
 * A catalogue entry, a cabinet and one receipt of school A1 of the district, written straight to
 * the tables (no sign-in: the matrix signs in every role already, and sign-ins are rate limited).
 */
async function chemicalsOf(db: Db, x: District): Promise<{ chemical: string; store: string; movement: string }> {
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  const base = { unit_id: x.schoolA1.id, unit_path: school.path };
  const chemical = (await db.insertInto('chemical').values({ ...base, name: '矩阵盐酸', cas_no: '7647-01-0', chemical_class: 'general', unit_of_measure: 'mL' }).returning('id').executeTakeFirstOrThrow()).id;
  const store = (await db.insertInto('chemical_store').values({ ...base, name: '矩阵危化品柜', kind: 'cabinet', holder_a: '甲', holder_b: '乙' }).returning('id').executeTakeFirstOrThrow()).id;
  const movement = (await db.insertInto('chemical_movement').values({ ...base, store_id: store, chemical_id: chemical, kind: 'receive', quantity: 100, on_date: '2026-01-05', received_by: '甲' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('chemical_balance').values({ store_id: store, chemical_id: chemical, quantity: 100 }).execute();
  return { chemical, store, movement };
}

/** The objects built for each district (the store and movement builders reuse the chemical builder's). */
const chemicalObjects = new Map<string, { chemical: string; store: string; movement: string }>();

/** The chemicals registry's part of the scope matrix. */
export const chemicalsScope: ScopeFeature = {
  resources: {
    chemical: async ({ db, d, other }) => {
      const [a, b] = [await chemicalsOf(db, d), await chemicalsOf(db, other)];
      chemicalObjects.set(d.tag, a);
      chemicalObjects.set(other.tag, b);
      return { inside: a.chemical, outside: b.chemical };
    },
    chemical_store: async ({ d, other }) => ({ inside: chemicalObjects.get(d.tag)!.store, outside: chemicalObjects.get(other.tag)!.store }),
    chemical_movement: async ({ d, other }) => ({ inside: chemicalObjects.get(d.tag)!.movement, outside: chemicalObjects.get(other.tag)!.movement }),
  },
  bodies: {
    'POST /api/registries/chemicals': (d) => ({ schoolId: d.schoolA1.id, name: `矩阵硝酸-${Math.random().toString(36).slice(2, 8)}`, chemicalClass: 'general', unit: 'mL' }),
    'PUT /api/registries/chemicals/:id': () => ({ version: 1, name: '矩阵盐酸', casNo: '7647-01-0', chemicalClass: 'general', unit: 'mL' }),
    'POST /api/registries/chemical-stores': (d) => ({ schoolId: d.schoolA1.id, name: `矩阵新柜-${Math.random().toString(36).slice(2, 8)}`, kind: 'cabinet', holderA: '甲', holderB: '乙' }),
    'PUT /api/registries/chemical-stores/:id': () => ({ version: 1, name: '矩阵危化品柜', kind: 'cabinet', holderA: '甲', holderB: '丙' }),
    'POST /api/registries/chemical-movements': () => ({ storeId: '1', chemicalId: '1', kind: 'withdraw', quantity: 1, onDate: '2026-01-06', teacher: '甲', lesson: '矩阵实验' }),
    'POST /api/registries/chemical-stores/:id/counts': () => ({ countedOn: '2026-01-06', countedBy: '甲', lines: [] }),
  },
  multipartPrefixes: ['/api/registries/chemicals/import'],
};

