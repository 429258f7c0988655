import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp } from '../../test/app.js';
import { buildDistrict } from '../../test/factories.js';
import { fleetSweep } from '../features/fleet/fleet-sweep.js';
import { seedDemoFleet } from './seed-fleet.js';

/*
 * The demo's school-bus registry on a small district of its own (the seed reads every active
 * school): 华润小学 gets its two buses, one out of service with its hazard open, the other's
 * insurance expiring this month; the 中心 school gets its buses; nothing else is expired, and
 * the next sweep finds nothing new.
 */

describe('the demo district’s school-bus registry', () => {
  const t = useTestApp();

  it('seeds buses with some documents expiring this month and exactly one bus out of service, its hazard open', async () => {
    const db = t().tdb.db;
    const d = await buildDistrict(db);
    await db.updateTable('unit').set({ name: '华润小学' }).where('id', '=', d.schoolA1.id).execute();
    await db.updateTable('unit').set({ name: '雕庄中心小学' }).where('id', '=', d.schoolB1.id).execute();
    const now = new Date();
    const r = await db.transaction().execute((trx) => seedDemoFleet(trx, { now }));
    expect(r.schools).toBe(2);
    expect(r.vehicles).toBe(3);
    expect(r.hazards).toBe(1);
    expect(r.expiringThisMonth).toBeGreaterThanOrEqual(1);
    const c = await loginEach(t().app, d.users, ['schoolAdminA1', 'leader']);
    const mine = (await c.schoolAdminA1.get('/api/registries/vehicles')).json() as { items: { plate: string; status: string; documents: { state: string; expiresOn: string }[] }[] };
    expect(mine.items.map((v) => [v.plate, v.status])).toEqual([
      ['苏D·X7312', 'out_of_service'],
      ['苏D·X7316', 'expiring'],
    ]);
    const monthOf = (s: string) => s.slice(0, 7);
    expect(mine.items[1]!.documents.some((x) => x.state === 'expiring' && monthOf(x.expiresOn) === monthOf(shanghaiDate(now)))).toBe(true);
    const out = (await c.leader.get('/api/registries/vehicles?status=out_of_service')).json() as { total: number };
    expect(out.total).toBe(1);
    const routes = (await c.schoolAdminA1.get('/api/registries/bus-routes')).json() as { items: { status: string }[] };
    expect(routes.items.map((x) => x.status).sort()).toEqual(['blocked', 'ready']);
    expect(await fleetSweep(db, now)).toEqual({ reminders: 0, hazards: 0 });
  });
});
