import { sql } from 'kysely';
import { idNumberCheck } from '@xiaoan/domain';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

/**
 * A vehicle, driver, attendant and route of school A1 of the district, written straight to the
 * tables (no sign-in: the matrix signs in every role already, and sign-ins are rate limited).
 */
let n = 0;
const idNumber = () => {
  const first = `32040219900101${String(100 + (n++ % 900)).padStart(3, '0')}`;
  return first + idNumberCheck(first);
};

async function fleetOf(db: Db, x: District) {
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  const base = { school_id: x.schoolA1.id, unit_path: school.path };
  const plate = `苏D·${String(Math.floor(Math.random() * 90000) + 10000)}`;
  const vehicle = await db
    .insertInto('vehicle')
    .values({ ...base, plate, seats: 30, operator: '矩阵公交', licence_no: 'XC-M', licence_issued_on: '2026-01-01', licence_expires_on: '2030-01-01', inspection_due_on: '2030-01-01', insurance_expires_on: '2030-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const driver = await db
    .insertInto('bus_driver')
    .values({ ...base, name: '矩阵驾驶人', id_number: idNumber(), licence_class: 'A1', licence_no: 'J-M', licence_issued_on: '2010-01-01', licence_expires_on: '2030-01-01', qualification_issued_on: '2025-01-01', qualification_expires_on: '2030-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const attendant = await db.insertInto('bus_attendant').values({ ...base, name: '矩阵照管员', id_number: idNumber() }).returning('id').executeTakeFirstOrThrow();
  const route = await db.insertInto('bus_route').values({ ...base, name: `矩阵线-${n++}`, stops: JSON.stringify([{ name: '站', time: '07:00' }]) }).returning('id').executeTakeFirstOrThrow();
  return { vehicle: vehicle.id, driver: driver.id, attendant: attendant.id, route: route.id };
}

let built: Promise<{ d: Awaited<ReturnType<typeof fleetOf>>; o: Awaited<ReturnType<typeof fleetOf>> }> | undefined;
const both = (db: Db, d: District, other: District) => (built ??= (async () => ({ d: await fleetOf(db, d), o: await fleetOf(db, other) }))());

/** The fleet feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const fleetScope: ScopeFeature = {
  resources: {
    vehicle: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.d.vehicle, outside: b.o.vehicle };
    },
    bus_driver: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.d.driver, outside: b.o.driver };
    },
    bus_attendant: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.d.attendant, outside: b.o.attendant };
    },
    bus_route: async ({ db, d, other }) => {
      const b = await both(db, d, other);
      return { inside: b.d.route, outside: b.o.route };
    },
  },
  bodies: {
    'POST /api/registries/vehicles': () => ({ plate: '12345' }),
    'PUT /api/registries/vehicles/:id': () => ({ version: 1, plate: '12345' }),
    'POST /api/registries/drivers': () => ({ name: '' }),
    'PUT /api/registries/drivers/:id': () => ({ version: 1, name: '' }),
    'POST /api/registries/attendants': () => ({ name: '' }),
    'PUT /api/registries/attendants/:id': () => ({ version: 1, name: '' }),
    'POST /api/registries/bus-routes': () => ({ name: '' }),
    'PUT /api/registries/bus-routes/:id': () => ({ version: 1, name: '' }),
  },
  multipartPrefixes: ['/api/registries/vehicles/import'],
};
