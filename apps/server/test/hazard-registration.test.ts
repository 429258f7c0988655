import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestContext } from '../src/http/context.js';
import * as inspections from '../src/features/inspections/inspection.repository.js';
import { raiseHazard } from '../src/features/inspections/inspection.service.js';
import * as visits from '../src/features/supervision-visits/visit.repository.js';
import { addFinding, recordVisit } from '../src/features/supervision-visits/visit.service.js';
import { useTestApp } from './app.js';
import { contextFor } from './context.js';
import { buildDistrict, type District } from './factories.js';
import { buildInspectionWorld } from './inspection-fixtures.js';

/*
 * A hazard registered by another feature's command (一键登记 from a failed check item, a
 * visit's finding) is one call to the hazards entry point inside that command's
 * transaction: the hazard, its history and audit rows, and the caller's links commit
 * together or not at all. Each test makes the caller's second half fail after it has
 * written, then runs the command for real.
 */

vi.mock('../src/features/inspections/inspection.repository.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/features/inspections/inspection.repository.js')>();
  return { ...orig, linkResultToHazard: vi.fn(orig.linkResultToHazard) };
});
vi.mock('../src/features/supervision-visits/visit.repository.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/features/supervision-visits/visit.repository.js')>();
  return { ...orig, insertVisitFinding: vi.fn(orig.insertVisitFinding) };
});

describe('registering a hazard inside another feature’s command', () => {
  const t = useTestApp();
  let d: District;
  let w: Awaited<ReturnType<typeof buildInspectionWorld>>;
  let school: RequestContext, team: RequestContext;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    w = await buildInspectionWorld(t().app, db, d);
    school = await contextFor(db, d.users.schoolAdminA1, { role: 'school_admin', unitId: d.schoolA1.id, requestId: 'raise-hazard-command' });
    team = await contextFor(db, d.users.memberA, { role: 'team_member', unitId: d.bureau.id, scopeUnitIds: [d.schoolA1.id, d.schoolA2.id], requestId: 'visit-finding-command' });
  });

  const auditsOf = async (requestId: string) =>
    (await t().tdb.db.selectFrom('audit_event').select('action').where('request_id', '=', requestId).orderBy('id').execute()).map((a) => a.action);

  it('a failed check item registers its hazard and both links in one transaction, or nothing', async () => {
    const db = t().tdb.db;
    const state = async () => ({
      hazards: await db.selectFrom('hazard').select(['id', 'inspection_id', 'inspection_item_code']).where('inspection_id', '=', w.inspectionId).execute(),
      linked: (await db.selectFrom('inspection_result').select('hazard_id').where('inspection_id', '=', w.inspectionId).where('item_code', '=', 'T-01').executeTakeFirstOrThrow()).hazard_id,
      audits: await auditsOf('raise-hazard-command'),
      keys: (await db.selectFrom('idempotency_key').select('key').where('user_id', '=', d.users.schoolAdminA1.id).where('key', '=', 'raise-hazard-key-1').execute()).length,
    });
    const body = { checklistVersionId: w.small.versionId, itemCode: 'T-01' };
    const link = vi.mocked(inspections.linkResultToHazard);
    const real = link.getMockImplementation()!;
    link.mockImplementationOnce(async (trx, key, hazardId) => {
      expect(await real(trx, key, hazardId)).toBe(true);
      throw new Error('the second half failed');
    });
    await expect(raiseHazard(db, school, w.inspectionId, body, 'raise-hazard-key-1')).rejects.toThrow('the second half failed');
    // The hazard row (the first link: hazard → inspection item), its audit rows and the stored answer all rolled back with it.
    expect(await state()).toEqual({ hazards: [], linked: null, audits: [], keys: 0 });

    const { statusCode, detail } = await raiseHazard(db, school, w.inspectionId, body, 'raise-hazard-key-1');
    expect(statusCode).toBe(201);
    expect(await state()).toEqual({
      hazards: [{ id: detail.hazard.id, inspection_id: w.inspectionId, inspection_item_code: 'T-01' }],
      linked: detail.hazard.id,
      audits: ['hazard.report', 'inspection.raise_hazard'],
      keys: 1,
    });
  });

  it('a visit finding registers its hazard and the finding in one transaction, or nothing', async () => {
    const db = t().tdb.db;
    await recordVisit(db, team, w.visitId, { version: 1, status: 'done', summary: '总体良好' });
    const state = async () => ({
      hazards: (await db.selectFrom('hazard').select('id').where('supervision_visit_id', '=', w.visitId).execute()).map((h) => h.id),
      findings: (await db.selectFrom('visit_finding').select('hazard_id').where('visit_id', '=', w.visitId).execute()).map((f) => f.hazard_id),
      audits: (await auditsOf('visit-finding-command')).filter((a) => a.startsWith('hazard.')),
    });
    const body = { domain: 'security' as const, grade: 'general' as const, title: '门卫未登记来访人员', description: '明查暗访发现来访人员未登记', dueDate: '2030-01-01' };
    const link = vi.mocked(visits.insertVisitFinding);
    const real = link.getMockImplementation()!;
    link.mockImplementationOnce(async (trx, visitId, hazardId, dueDate) => {
      await real(trx, visitId, hazardId, dueDate);
      throw new Error('the second half failed');
    });
    await expect(addFinding(db, team, w.visitId, body)).rejects.toThrow('the second half failed');
    expect(await state()).toEqual({ hazards: [], findings: [], audits: [] });

    const { detail } = await addFinding(db, team, w.visitId, body);
    expect(await state()).toEqual({ hazards: [detail.hazard.id], findings: [detail.hazard.id], audits: ['hazard.report'] });
  });
});
