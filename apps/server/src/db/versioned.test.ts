import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.js';
import { buildDistrict, type District } from '../../test/factories.js';
import { updateVersioned } from './versioned.js';

let tdb: TestDb;
let d: District;

beforeAll(async () => {
  tdb = await createTestDb();
  d = await buildDistrict(tdb.db);
});
afterAll(async () => {
  await tdb.close();
});

const readUnit = (id: string) =>
  tdb.db.selectFrom('unit').select(['name', 'version', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('updateVersioned', () => {
  it('at the version read: writes the changes, bumps the version, stamps updated_at, answers true', async () => {
    const before = await readUnit(d.schoolA1.id);
    const ok = await updateVersioned(tdb.db, 'unit', d.schoolA1.id, before.version, { name: `${before.name}-改` });
    expect(ok).toBe(true);
    const after = await readUnit(d.schoolA1.id);
    expect(after.name).toBe(`${before.name}-改`);
    expect(after.version).toBe(before.version + 1);
    expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(before.updated_at.getTime());
  });

  it('at a stale version: answers false and changes nothing', async () => {
    const before = await readUnit(d.schoolB1.id);
    await updateVersioned(tdb.db, 'unit', d.schoolB1.id, before.version, { phone: '010-1234' });
    const current = await readUnit(d.schoolB1.id);
    const ok = await updateVersioned(tdb.db, 'unit', d.schoolB1.id, before.version, { name: '不该写入' });
    expect(ok).toBe(false);
    expect(await readUnit(d.schoolB1.id)).toEqual(current);
  });

  it('an unknown id: answers false', async () => {
    expect(await updateVersioned(tdb.db, 'unit', '999999999', 1, { name: '不存在' })).toBe(false);
  });

  it('is typed: only versioned tables, only their own columns, never the three it owns', () => {
    // Compile-time checks (tsc runs over tests); the calls are never executed.
    const typed = () => {
      // @ts-expect-error department has no version column
      void updateVersioned(tdb.db, 'department', '1', 1, { name: 'x' });
      // @ts-expect-error no such column on unit
      void updateVersioned(tdb.db, 'unit', '1', 1, { title: 'x' });
      // @ts-expect-error version is the helper's
      void updateVersioned(tdb.db, 'unit', '1', 1, { version: 3 });
      // @ts-expect-error updated_at is the helper's
      void updateVersioned(tdb.db, 'unit', '1', 1, { updated_at: new Date() });
    };
    expect(typeof typed).toBe('function');
  });
});
