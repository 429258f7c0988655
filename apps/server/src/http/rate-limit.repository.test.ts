import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.js';
import { countRateLimitHit } from './rate-limit.repository.js';

describe('rate-limit counters in PostgreSQL (shared by every instance)', () => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb();
  });
  afterAll(async () => {
    await tdb?.close();
  });

  it('counts hits of a key in a fixed window and says how long the window has left', async () => {
    const first = await countRateLimitHit(tdb.db, 'k1', 60_000);
    expect(first.current).toBe(1);
    expect(first.ttl).toBeGreaterThan(55_000);
    expect(first.ttl).toBeLessThanOrEqual(60_000);
    expect((await countRateLimitHit(tdb.db, 'k1', 60_000)).current).toBe(2);
    // Another key has its own count.
    expect((await countRateLimitHit(tdb.db, 'k2', 60_000)).current).toBe(1);
  });

  it('starts a new window once the old one has ended', async () => {
    expect((await countRateLimitHit(tdb.db, 'short', 100)).current).toBe(1);
    expect((await countRateLimitHit(tdb.db, 'short', 100)).current).toBe(2);
    await new Promise((r) => setTimeout(r, 150));
    const again = await countRateLimitHit(tdb.db, 'short', 100);
    expect(again.current).toBe(1);
    expect(again.ttl).toBeLessThanOrEqual(100);
  });

  it('loses no hit when many arrive at once (one atomic upsert each)', async () => {
    const hits = await Promise.all(Array.from({ length: 20 }, () => countRateLimitHit(tdb.db, 'burst', 60_000)));
    expect(hits.map((h) => h.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
