import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '@xiaoan/domain';
import { createTestDb } from '../../test/db.js';
import { buildDistrict } from '../../test/factories.js';
import { seedDemoSite } from './seed-site.js';
import { sweepSite } from '../features/site/site-sweep.js';

/*
 * The demo site registries: every school gets buildings, plans, drills and (with a canteen)
 * staff with valid, unique ID numbers; exactly one D-grade building is in use and its major
 * hazard is opened and listed at once; some certificates expire within the month, and the
 * daily watch then has reminders to send but no second hazard for the building.
 */
describe('demo site registries', () => {
  it('seeds believable registries with one D-grade building in use, listed, and certificates expiring', async () => {
    const tdb = await createTestDb();
    try {
      const d = await buildDistrict(tdb.db);
      const now = new Date('2026-12-08T02:00:00Z');
      const r = await tdb.db.transaction().execute((trx) => seedDemoSite(trx, { now }));
      expect(r).toMatchObject({ schools: 4, dangerous: 1 });
      expect(r.buildings).toBeGreaterThanOrEqual(9);
      expect(r.plans).toBe(20);
      expect(r.drills).toBeGreaterThanOrEqual(8);
      const staff = await tdb.db.selectFrom('canteen_staff').select(['id_number', 'school_id']).execute();
      expect(staff.every((s) => isValidIdNumber(s.id_number))).toBe(true);
      expect(new Set(staff.map((s) => s.id_number)).size).toBe(staff.length);
      const links = await tdb.db.selectFrom('registry_hazard as r').innerJoin('hazard as h', 'h.id', 'r.hazard_id').select(['r.cause', 'h.grade', 'h.listed', 'h.school_id']).execute();
      expect(links).toEqual([{ cause: 'grade-d-in-use', grade: 'major', listed: true, school_id: d.schoolB2.id }]);
      const future = await tdb.db.selectFrom('drill').select((eb) => eb.fn.countAll<string>().as('n')).where('held_on', '>', '2026-12-08').executeTakeFirstOrThrow();
      expect(Number(future.n)).toBe(0);
      const watch = await sweepSite(tdb.db, now);
      expect(watch.hazards).toBe(r.expired);
      expect(watch.reminders).toBeGreaterThanOrEqual(r.plansDue > 0 ? 1 : 0);
    } finally {
      await tdb.close();
    }
  });
});
