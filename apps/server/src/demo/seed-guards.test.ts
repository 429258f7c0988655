import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '@xiaoan/domain';
import { createTestDb } from '../../test/db.js';
import { buildDistrict } from '../../test/factories.js';
import { demoIdNumber, seedDemoGuards } from './seed-guards.js';

/*
 * The demo guards and security profiles: valid, unique ID numbers; every school gets guards and
 * (but for every 40th) a profile; the figures are not all met (a school short of a guard).
 */
describe('demo guards registry', () => {
  it('ID numbers are valid and unique for the district’s size', () => {
    const ids = Array.from({ length: 400 }, (_, i) => demoIdNumber(i + 1));
    expect(ids.every(isValidIdNumber)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('seeds guards and profiles for every school, some short of their required number', async () => {
    const tdb = await createTestDb();
    try {
      await buildDistrict(tdb.db);
      const r = await seedDemoGuards(tdb.db, { now: new Date('2026-12-08T02:00:00Z') });
      expect(r).toMatchObject({ schools: 4, profiles: 4 });
      expect(r.guards).toBeGreaterThanOrEqual(7);
      expect(r.expiring).toBe(1);
      const rows = await tdb.db.selectFrom('guard').select(['unit_id', 'employment']).execute();
      const profiles = await tdb.db.selectFrom('school_security_profile').select(['unit_id', 'required_guards']).execute();
      const fullTime = (id: string) => rows.filter((g) => g.unit_id === id && g.employment === 'full_time').length;
      expect(profiles.some((p) => fullTime(p.unit_id) < p.required_guards)).toBe(true);
    } finally {
      await tdb.close();
    }
  });
});
