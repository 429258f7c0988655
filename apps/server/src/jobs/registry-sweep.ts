import type { Db } from '../db/database.js';
import type { RegistrySweep } from '../features/registries/index.js';
import { sweepGuards } from '../features/guards/guard-sweep.js';
import { sweepChemicals } from '../features/chemicals/chemical-watch.js';
import { fleetSweep } from '../features/fleet/fleet-sweep.js';
import { sweepSite } from '../features/site/site-sweep.js';

/**
 * Every registry's daily watch (安全台账自动监测), by registry: expiring documents (30 days
 * ahead: a reminder), expired ones and mismatches (a hazard, once per cause), missing monthly
 * records. Each registry feature adds its entry here; the daily reminder sweep runs them all,
 * once, under its advisory lock (jobs/reminder-sweep.ts).
 */
export const REGISTRY_SWEEPS: Record<string, RegistrySweep> = {
  guards: sweepGuards,
  chemicals: sweepChemicals,
  fleet: fleetSweep,
  site: sweepSite,
};

export type RegistrySweepTotals = { reminders: number; hazards: number; failed: string[] };

/**
 * Runs each registry's sweep at `now`. One registry that fails does not stop the others: its
 * name is returned in `failed` and the error handed to `onError` (the scheduler logs it).
 */
export async function runRegistrySweeps(db: Db, now: Date, onError?: (name: string, e: unknown) => void): Promise<RegistrySweepTotals> {
  const totals: RegistrySweepTotals = { reminders: 0, hazards: 0, failed: [] };
  for (const [name, sweep] of Object.entries(REGISTRY_SWEEPS)) {
    try {
      const r = await sweep(db, now);
      totals.reminders += r.reminders;
      totals.hazards += r.hazards;
    } catch (e) {
      totals.failed.push(name);
      onError?.(name, e);
    }
  }
  return totals;
}
