import { addDays, driverDocuments, fleetExpiringCause, fleetSweepDue, shanghaiDate, vehicleDocuments, FLEET_EXPIRY_WARN_DAYS } from '@xiaoan/domain';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import { remindRegistry, type RegistrySweep } from '../registries/index.js';
import { findDriversToWatch, findVehiclesToWatch, type DriverRow, type VehicleRow } from './fleet.repository.js';
import { openExpiredDriverHazards } from './fleet-people.service.js';
import { DRIVER_KIND, VEHICLE_KIND, openExpiredVehicleHazards, vehicleLink } from './fleet.service.js';

/**
 * The school-bus registry's daily watch (jobs/registry-sweep.ts runs it once a day): a document
 * expiring within 30 days (Asia/Shanghai days) reminds the school's admins once per document
 * and date; an expired one opens a hazard at the school (reported by the bureau's watch
 * account), once per document and date. Running it twice changes nothing the second time.
 * One transaction per record, so one bad record does not hold back the others.
 */

type Watched = { reminders: number; hazards: number };

/** One vehicle's watch today: its expired documents' hazards and its expiring documents' reminders. */
export async function watchVehicle(trx: Trx, v: VehicleRow, now: Date): Promise<Watched> {
  const due = fleetSweepDue(vehicleDocuments({ licenceExpiresOn: v.licence_expires_on, inspectionDueOn: v.inspection_due_on, insuranceExpiresOn: v.insurance_expires_on }, shanghaiDate(now)));
  const hazards = await openExpiredVehicleHazards(trx, v, now);
  let reminders = 0;
  for (const doc of due.reminders) {
    reminders += await remindRegistry(trx, {
      schoolId: v.school_id,
      kind: VEHICLE_KIND,
      recordId: v.id,
      cause: fleetExpiringCause(doc.document, doc.expiresOn),
      title: `校车 ${v.plate} 的${doc.label}将于 ${doc.expiresOn} 到期`,
      body: `还有 ${doc.daysLeft} 天到期，过期后车辆停运、不能安排线路，请及时办理续期并更新校车台账。`,
      link: vehicleLink(v.id),
    });
  }
  return { reminders, hazards };
}

/** One driver's watch today. */
export async function watchDriver(trx: Trx, d: DriverRow, now: Date): Promise<Watched> {
  const due = fleetSweepDue(driverDocuments({ licenceExpiresOn: d.licence_expires_on, qualificationExpiresOn: d.qualification_expires_on }, shanghaiDate(now)));
  const hazards = await openExpiredDriverHazards(trx, d, now);
  let reminders = 0;
  for (const doc of due.reminders) {
    reminders += await remindRegistry(trx, {
      schoolId: d.school_id,
      kind: DRIVER_KIND,
      recordId: d.id,
      cause: fleetExpiringCause(doc.document, doc.expiresOn),
      title: `校车驾驶人 ${d.name} 的${doc.label}将于 ${doc.expiresOn} 到期`,
      body: `还有 ${doc.daysLeft} 天到期，过期后不得驾驶校车，请督促其及时换证并更新台账。`,
      link: `/registries/fleet/drivers/${d.id}`,
    });
  }
  return { reminders, hazards };
}

/**
 * Every vehicle and driver with a document expired or expiring within 30 days, watched; `each`
 * runs one record's watch (in its own transaction for the sweep, inside the seeding's for the demo).
 */
async function watchAll(conn: DbOrTrx, now: Date, each: (work: (t: Trx) => Promise<Watched>) => Promise<Watched>): Promise<Watched> {
  const warnUntil = addDays(shanghaiDate(now), FLEET_EXPIRY_WARN_DAYS);
  const total: Watched = { reminders: 0, hazards: 0 };
  const add = (w: Watched) => {
    total.reminders += w.reminders;
    total.hazards += w.hazards;
  };
  for (const v of await findVehiclesToWatch(conn, warnUntil)) add(await each((t) => watchVehicle(t, v, now)));
  for (const d of await findDriversToWatch(conn, warnUntil)) add(await each((t) => watchDriver(t, d, now)));
  return total;
}

/** The whole watch inside one transaction (the demo seeding runs it so the demo starts with its hazards and reminders). */
export const watchFleetIn = (trx: Trx, now: Date) => watchAll(trx, now, (work) => work(trx));

export const fleetSweep: RegistrySweep = (db: Db, now: Date) => watchAll(db, now, (work) => db.transaction().execute(work));
