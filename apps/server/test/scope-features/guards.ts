import { sql } from 'kysely';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';

let serial = 0;
/** A valid, unique ID number (GB 11643 check character) for the matrix's guards. */
function idNumber(): string {
  serial += 1;
  const body = `3204021990${String(1 + (serial % 12)).padStart(2, '0')}${String(1 + (serial % 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 900) + 100)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** A guard of school A1 of the district, written straight to the table. */
async function guardOf(db: Db, x: District): Promise<string> {
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', x.schoolA1.id).executeTakeFirstOrThrow();
  for (;;) {
    const row = await db
      .insertInto('guard')
      .values({ unit_id: x.schoolA1.id, unit_path: school.path, name: '矩阵保安', id_number: idNumber(), employment: 'full_time', post: 'gate', certificate_no: '矩阵证号', certificate_expires_on: '2030-01-01', background_check_result: 'pending', annual_review_result: 'pending' })
      .onConflict((oc) => oc.column('id_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
  }
}

const guardBody = () => ({ name: '矩阵保安', idNumber: idNumber(), employment: 'full_time', post: 'gate', certificateNo: '矩阵证号', certificateExpiresOn: '2030-01-01', backgroundCheckResult: 'pending', annualReviewResult: 'pending' });

/** The guards feature's part of the scope matrix: guard records and school security profiles (named by the school's id). */
export const guardsScope: ScopeFeature = {
  resources: {
    guard: async ({ db, d, other }) => ({ inside: await guardOf(db, d), outside: await guardOf(db, other) }),
    school_security: async ({ d, other }) => ({ inside: d.schoolA1.id, outside: other.schoolA1.id }),
  },
  bodies: {
    'POST /api/registries/guards': (d) => ({ schoolId: d.schoolA1.id, ...guardBody() }),
    'PUT /api/registries/guards/:id': () => ({ version: 1, ...guardBody() }),
    'PUT /api/security-profiles/:id': () => ({ version: null, requiredGuards: 2, closedCampus: true, alarmLinked: true, videoLinked: true, escortPostsRequired: 1, escortPostsStaffed: 1 }),
  },
};
