import { sql } from 'kysely';
import { periodAt, previousPeriod, nextPeriod, REPORT_TEMPLATES } from '@xiaoan/domain';
import type { Db } from '../src/db/database.js';
import type { Client } from './app.js';
import type { District } from './factories.js';

/** Helpers of the reporting tests (not loaded by the application). */

/** The district's units, teams and departments have reported since 2020 (factories create them today). */
export async function backdateDistrict(db: Db, d: District, from = '2020-01-01'): Promise<void> {
  const bureau = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', d.bureau.id).executeTakeFirstOrThrow();
  await db.updateTable('unit').set({ reporting_from: from }).where(sql<boolean>`path <@ ${bureau.path}::ltree`).execute();
  await db.updateTable('supervision_team').set({ reporting_from: from }).where('bureau_unit_id', '=', d.bureau.id).execute();
  await db.updateTable('department').set({ reporting_from: from }).where('unit_id', '=', d.bureau.id).execute();
}

/** This month, the one before last (its due date, the 1st of last month, has surely passed) and next month. */
export function months(now = new Date()) {
  const current = periodAt('monthly', now);
  const last = previousPeriod('monthly', current);
  return { current, last, pastDue: previousPeriod('monthly', last), next: nextPeriod('monthly', current) };
}

export async function createType(staff: Client, v: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await staff.post('/api/report-types', {
    periodKind: 'monthly',
    dueRule: { kind: 'day_of_next_month', day: 1 },
    submitterKind: 'school',
    template: REPORT_TEMPLATES.monthlyHazardList,
    startsOn: '2020-01-01',
    ...v,
  });
  if (res.statusCode !== 201) throw new Error(`create type failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number };
}
