import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/db.js';
import { buildDistrict } from '../../test/factories.js';
import { sweepChemicals } from '../features/chemicals/chemical-watch.js';
import { seedDemoChemicals } from './seed-chemicals.js';

/*
 * The demo chemicals registry: each school a store or cabinet with stock, books that equal the
 * sum of their movements and never go negative, counts of the last two months, one store that
 * does not reconcile and has its hazard; the daily watch finds nothing more to open.
 */
describe('demo chemicals registry', () => {
  it('seeds stores, books that equal their movements, and one unreconciled store with its hazard', async () => {
    const tdb = await createTestDb();
    try {
      await buildDistrict(tdb.db);
      const now = new Date('2026-12-08T02:00:00Z');
      const r = await tdb.db.transaction().execute((trx) => seedDemoChemicals(trx, { now }));
      expect(r.stores).toBeGreaterThanOrEqual(4);
      expect(r.mismatches).toBe(1);
      const books = (
        await sql<{ quantity: string; sum: string }>`
          SELECT b.quantity, coalesce((SELECT sum(CASE WHEN m.kind IN ('receive', 'return') THEN m.quantity WHEN m.kind IN ('withdraw', 'dispose') THEN -m.quantity ELSE 0 END)
            FROM chemical_movement m WHERE m.store_id = b.store_id AND m.chemical_id = b.chemical_id), 0) AS sum
          FROM chemical_balance b`.execute(tdb.db)
      ).rows;
      expect(books.length).toBeGreaterThan(0);
      for (const b of books) {
        expect(Number(b.quantity)).toBeGreaterThanOrEqual(0);
        expect(Number(b.quantity)).toBeCloseTo(Number(b.sum), 3);
      }
      const linked = await tdb.db.selectFrom('registry_hazard').select(['registry_kind', 'cause']).where('registry_kind', '=', 'chemical-store').execute();
      expect(linked).toHaveLength(1);
      expect(await sweepChemicals(tdb.db, now)).toEqual({ reminders: 0, hazards: 0 });
    } finally {
      await tdb.close();
    }
  });
});
