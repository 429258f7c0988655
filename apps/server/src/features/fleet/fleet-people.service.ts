import {
  attendantInputIssues,
  driverDocuments,
  driverInputIssues,
  driverStatus,
  DRIVER_DOCUMENT_LABELS,
  fleetExpiredCause,
  maskIdNumber,
  parseIdNumber,
  shanghaiDate,
  type DriverDocument,
  type FleetFieldIssue,
} from '@xiaoan/domain';
import type {
  AttendantDetail,
  AttendantSummary,
  CreateAttendantBody,
  CreateDriverBody,
  DriverDetail,
  DriverSummary,
  FleetListQuery,
  UpdateAttendantBody,
  UpdateDriverBody,
} from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { openRegistryHazard, registryHazardsOf } from '../registries/index.js';
import {
  findAttendantIdByIdNumber,
  findAttendantInScope,
  findAttendants,
  findDriverIdByIdNumber,
  findDriverInScope,
  findDrivers,
  insertAttendant,
  insertDriver,
  updateAttendantRow,
  updateDriverRow,
  type AttendantRow,
  type DriverRow,
} from './fleet.repository.js';
import { DRIVER_KIND, allowedFleetActions, filterOf, pageOf, refuse, schoolFor, trimmed, withUnique } from './fleet.service.js';

/** The people of the school-bus registry: drivers (驾驶证, 校车驾驶资格) and attendants (随车照管人员). */

const duplicateId = (who: string): FleetFieldIssue => ({ field: 'idNumber', message: `该身份证号已登记为${who}，同一人只登记一次` });

// ---------------------------------------------------------------- drivers

export function toDriverSummary(r: DriverRow, today: string): DriverSummary {
  const docs = { licenceExpiresOn: r.licence_expires_on, qualificationExpiresOn: r.qualification_expires_on };
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    phone: r.phone,
    licenceClass: r.licence_class,
    licenceNo: r.licence_no,
    licenceIssuedOn: r.licence_issued_on,
    licenceExpiresOn: r.licence_expires_on,
    qualificationNo: r.qualification_no,
    qualificationIssuedOn: r.qualification_issued_on,
    qualificationExpiresOn: r.qualification_expires_on,
    status: driverStatus(docs, today),
    documents: driverDocuments(docs, today),
    routes: r.routes,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listDrivers(db: DbOrTrx, ctx: RequestContext, q: FleetListQuery, now = new Date()): Promise<{ items: DriverSummary[]; total: number }> {
  const today = shanghaiDate(now);
  const { rows, total } = await findDrivers(db, ctx.scope, filterOf(q), today, pageOf(q));
  return { items: rows.map((r) => toDriverSummary(r, today)), total };
}

async function loadDriver(db: DbOrTrx, ctx: RequestContext, id: string): Promise<DriverRow> {
  const row = await findDriverInScope(db, ctx.scope, id);
  if (!row) throw notFound('校车驾驶人');
  return row;
}

export async function getDriver(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<DriverDetail> {
  const row = await loadDriver(db, ctx, id);
  const hazards = await registryHazardsOf(db, DRIVER_KIND, id);
  return {
    ...toDriverSummary(row, shanghaiDate(now)),
    idNumber: row.id_number,
    hazards: hazards.map((h) => ({ hazardId: h.hazardId, cause: h.cause, title: h.title, state: h.state })),
    allowedActions: allowedFleetActions(ctx),
  };
}

function driverValues(b: CreateDriverBody | UpdateDriverBody) {
  return {
    name: trimmed(b.name),
    id_number: parseIdNumber(b.idNumber ?? '')!,
    phone: trimmed(b.phone),
    licence_class: b.licenceClass!,
    licence_no: trimmed(b.licenceNo),
    licence_issued_on: b.licenceIssuedOn!,
    licence_expires_on: b.licenceExpiresOn!,
    qualification_no: trimmed(b.qualificationNo),
    qualification_issued_on: b.qualificationIssuedOn ?? null,
    qualification_expires_on: b.qualificationExpiresOn ?? null,
  };
}

async function driverIssues(db: DbOrTrx, b: CreateDriverBody | UpdateDriverBody, selfId?: string): Promise<FleetFieldIssue[]> {
  const issues = driverInputIssues(b);
  const id = parseIdNumber(b.idNumber ?? '');
  if (id) {
    const holder = await findDriverIdByIdNumber(db, id);
    if (holder && holder !== selfId) issues.push(duplicateId('校车驾驶人'));
  }
  return issues;
}

/** A driver saved or found with an expired licence or qualification opens a hazard (once per document and date). */
export async function openExpiredDriverHazards(trx: Trx, row: DriverRow, now: Date, ctx?: RequestContext): Promise<number> {
  let created = 0;
  for (const doc of driverDocuments({ licenceExpiresOn: row.licence_expires_on, qualificationExpiresOn: row.qualification_expires_on }, shanghaiDate(now))) {
    if (doc.state !== 'expired') continue;
    const label = DRIVER_DOCUMENT_LABELS[doc.document as DriverDocument];
    const r = await openRegistryHazard(
      trx,
      {
        schoolId: row.school_id,
        kind: DRIVER_KIND,
        recordId: row.id,
        cause: fleetExpiredCause(doc.document, doc.expiresOn),
        label: `校车驾驶人 ${row.name}`,
        title: `校车驾驶人 ${row.name} ${label}已过期`,
        description: `校车驾驶人 ${row.name} 的${label}有效期至 ${doc.expiresOn}，已过期，不得驾驶校车、不能安排线路。请停止其驾驶并办理换证后更新台账。`,
        domain: 'traffic_bus',
        grade: 'general',
      },
      now,
      ctx,
    );
    if (r.created) created++;
  }
  return created;
}

export async function createDriver(db: Db, ctx: RequestContext, body: CreateDriverBody, now = new Date()): Promise<DriverDetail> {
  const issues: FleetFieldIssue[] = [];
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  issues.push(...(await driverIssues(db, body)));
  if (issues.length > 0) throw refuse(issues);
  const values = driverValues(body);
  return withUnique(duplicateId('校车驾驶人'), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      const id = await insertDriver(trx, { ...values, school_id: school!.id, unit_path: school!.path, created_by: ctx.actor.userId });
      const hazards = await openExpiredDriverHazards(trx, (await findDriverInScope(trx, ctx.scope, id))!, now, ctx);
      await emit({ action: 'bus_driver.create', objectType: 'bus_driver', objectId: id, details: { schoolId: school!.id, name: values.name, hazards } });
      return getDriver(trx, ctx, id, now);
    }),
  );
}

export async function updateDriver(db: Db, ctx: RequestContext, id: string, body: UpdateDriverBody, now = new Date()): Promise<DriverDetail> {
  const row = await loadDriver(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const issues = await driverIssues(db, body, id);
  if (issues.length > 0) throw refuse(issues);
  const values = driverValues(body);
  const before = row as unknown as Record<string, unknown>;
  const changed = Object.keys(values).filter((k) => k !== 'id_number' && before[k] !== (values as Record<string, unknown>)[k]);
  return withUnique(duplicateId('校车驾驶人'), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateDriverRow(trx, id, body.version, values))) throw staleVersion();
      const hazards = await openExpiredDriverHazards(trx, (await findDriverInScope(trx, ctx.scope, id))!, now, ctx);
      await emit({ action: 'bus_driver.update', objectType: 'bus_driver', objectId: id, details: { changed, hazards } });
      return getDriver(trx, ctx, id, now);
    }),
  );
}

// ---------------------------------------------------------------- attendants

export function toAttendantSummary(r: AttendantRow): AttendantSummary {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    phone: r.phone,
    trainedOn: r.trained_on,
    routes: r.routes,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listAttendants(db: DbOrTrx, ctx: RequestContext, q: FleetListQuery): Promise<{ items: AttendantSummary[]; total: number }> {
  const { rows, total } = await findAttendants(db, ctx.scope, filterOf(q), pageOf(q));
  return { items: rows.map(toAttendantSummary), total };
}

async function loadAttendant(db: DbOrTrx, ctx: RequestContext, id: string): Promise<AttendantRow> {
  const row = await findAttendantInScope(db, ctx.scope, id);
  if (!row) throw notFound('随车照管人员');
  return row;
}

export async function getAttendant(db: DbOrTrx, ctx: RequestContext, id: string): Promise<AttendantDetail> {
  const row = await loadAttendant(db, ctx, id);
  return { ...toAttendantSummary(row), idNumber: row.id_number, allowedActions: allowedFleetActions(ctx) };
}

const attendantValues = (b: CreateAttendantBody | UpdateAttendantBody) => ({ name: trimmed(b.name), id_number: parseIdNumber(b.idNumber ?? '')!, phone: trimmed(b.phone), trained_on: b.trainedOn ?? null });

async function attendantIssues(db: DbOrTrx, b: CreateAttendantBody | UpdateAttendantBody, today: string, selfId?: string): Promise<FleetFieldIssue[]> {
  const issues = attendantInputIssues(b, today);
  const id = parseIdNumber(b.idNumber ?? '');
  if (id) {
    const holder = await findAttendantIdByIdNumber(db, id);
    if (holder && holder !== selfId) issues.push(duplicateId('随车照管人员'));
  }
  return issues;
}

export async function createAttendant(db: Db, ctx: RequestContext, body: CreateAttendantBody, now = new Date()): Promise<AttendantDetail> {
  const issues: FleetFieldIssue[] = [];
  const school = await schoolFor(db, ctx, body.schoolId, issues);
  issues.push(...(await attendantIssues(db, body, shanghaiDate(now))));
  if (issues.length > 0) throw refuse(issues);
  const values = attendantValues(body);
  return withUnique(duplicateId('随车照管人员'), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      const id = await insertAttendant(trx, { ...values, school_id: school!.id, unit_path: school!.path, created_by: ctx.actor.userId });
      await emit({ action: 'bus_attendant.create', objectType: 'bus_attendant', objectId: id, details: { schoolId: school!.id, name: values.name } });
      return getAttendant(trx, ctx, id);
    }),
  );
}

export async function updateAttendant(db: Db, ctx: RequestContext, id: string, body: UpdateAttendantBody, now = new Date()): Promise<AttendantDetail> {
  const row = await loadAttendant(db, ctx, id);
  if (row.version !== body.version) throw staleVersion();
  const issues = await attendantIssues(db, body, shanghaiDate(now), id);
  if (issues.length > 0) throw refuse(issues);
  const values = attendantValues(body);
  return withUnique(duplicateId('随车照管人员'), () =>
    runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateAttendantRow(trx, id, body.version, values))) throw staleVersion();
      await emit({ action: 'bus_attendant.update', objectType: 'bus_attendant', objectId: id, details: { name: values.name } });
      return getAttendant(trx, ctx, id);
    }),
  );
}
