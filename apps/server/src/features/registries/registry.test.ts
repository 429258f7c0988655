import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import type { RequestContext } from '../../http/context.js';
import { REGISTRY_SWEEPS, runRegistrySweeps } from '../../jobs/registry-sweep.js';
import { getHazardDetail } from '../hazards/index.js';
import { openRegistryHazard, registryHazardsOf, remindRegistry, type RegistryHazardInput } from './index.js';

/** The registries' shared base: a record opens a hazard once per cause, in the name of a user or of the bureau's watch account. */
describe('registries: hazards opened by records, reminders', () => {
  let tdb: TestDb;
  let d: District;
  let schoolPath: string;
  let bureauPath: string;
  const now = new Date('2031-05-06T02:00:00Z');

  beforeAll(async () => {
    tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
    const paths = await sql<{ id: string; p: string }>`SELECT id, path::text AS p FROM unit WHERE id IN (${d.bureau.id}, ${d.schoolA1.id})`.execute(tdb.db);
    schoolPath = paths.rows.find((r) => r.id === d.schoolA1.id)!.p;
    bureauPath = paths.rows.find((r) => r.id === d.bureau.id)!.p;
  });
  afterAll(async () => {
    await tdb.close();
  });

  const schoolAdmin = (): RequestContext => ({
    actor: { userId: d.users.schoolAdminA1.id, username: d.users.schoolAdminA1.username, displayName: '周校长', role: 'school_admin', unitId: d.schoolA1.id, unitPath: schoolPath, departmentId: null },
    scope: { unitPaths: [schoolPath] },
    ip: '127.0.0.1',
    requestId: 'registry-test',
    reauthAt: now,
  });
  const bureauStaff = (): RequestContext => ({
    actor: { userId: d.users.staff.id, username: d.users.staff.username, displayName: '局科室', role: 'bureau_staff', unitId: d.bureau.id, unitPath: bureauPath, departmentId: null },
    scope: { unitPaths: [bureauPath] },
    ip: '127.0.0.1',
    requestId: 'registry-test',
    reauthAt: now,
  });
  const input = (over: Partial<RegistryHazardInput> = {}): RegistryHazardInput => ({
    schoolId: d.schoolA1.id,
    kind: 'vehicle',
    recordId: '101',
    cause: 'expired:inspection:2031-05-01',
    label: '校车 苏D·12345',
    title: '校车年检过期',
    description: '校车 苏D·12345 年检有效期至 2031-05-01，已过期。',
    domain: 'traffic_bus',
    grade: 'general',
    ...over,
  });
  const actors = async (hazardId: string) =>
    (await tdb.db.selectFrom('hazard_event').select(['action', 'actor_user_id']).where('hazard_id', '=', hazardId).orderBy('id').execute()).map((e) => [e.action, e.actor_user_id]);
  const open = (i: RegistryHazardInput, ctx?: RequestContext) => tdb.db.transaction().execute((trx) => openRegistryHazard(trx, i, now, ctx));

  it('opens a hazard once per cause, reported by the user whose action found it, linked back to the record', async () => {
    const first = await open(input({ recordId: '201' }), schoolAdmin());
    expect(first.created).toBe(true);
    const again = await open(input({ recordId: '201' }), schoolAdmin());
    expect(again).toEqual({ hazardId: first.hazardId, created: false });
    const detail = await getHazardDetail(tdb.db, bureauStaff(), first.hazardId, now);
    expect(detail.hazard.state).toBe('reported');
    expect(detail.hazard.source).toBe('self');
    expect(await actors(first.hazardId)).toEqual([['report', d.users.schoolAdminA1.id]]);
    expect(detail.origin.registry).toEqual({ kind: 'vehicle', recordId: '201', label: '校车 苏D·12345', cause: 'expired:inspection:2031-05-01' });
    const links = await registryHazardsOf(tdb.db, 'vehicle', '201');
    expect(links.map((l) => [l.hazardId, l.cause, l.state])).toEqual([[first.hazardId, 'expired:inspection:2031-05-01', 'reported']]);
    // A new lapse of the same record (renewed, expired again) is a new cause, so a new hazard.
    const later = await open(input({ recordId: '201', cause: 'expired:inspection:2032-05-01' }), schoolAdmin());
    expect(later.created).toBe(true);
    expect(later.hazardId).not.toBe(first.hazardId);
  });

  it('without a user, the bureau watch account reports it; that account cannot sign in', async () => {
    const r = await open(input({ recordId: '202' }));
    const ev = await tdb.db.selectFrom('hazard_event as e').innerJoin('app_user as u', 'u.id', 'e.actor_user_id').select(['u.display_name', 'u.status', 'u.password_hash', 'u.role', 'u.unit_id', 'e.action']).where('e.hazard_id', '=', r.hazardId).execute();
    expect(ev).toEqual([{ display_name: '台账自动监测', status: 'disabled', password_hash: null, role: 'bureau_staff', unit_id: d.bureau.id, action: 'report' }]);
    // One account per bureau, however many hazards it opens.
    await open(input({ recordId: '203' }));
    const accounts = await tdb.db.selectFrom('app_user').select('id').where('username', '=', `watch.${d.bureau.id}`).execute();
    expect(accounts).toHaveLength(1);
  });

  it('lists a major hazard for supervision when asked, in the watch account name', async () => {
    const r = await open(input({ kind: 'building', recordId: '301', cause: 'grade-d-in-use', label: '教学楼 A 栋', title: 'D 级危房仍在使用', domain: 'buildings', grade: 'major', listed: true }), schoolAdmin());
    const detail = await getHazardDetail(tdb.db, bureauStaff(), r.hazardId, now);
    expect(detail.hazard.grade).toBe('major');
    const watch = await tdb.db.selectFrom('app_user').select('id').where('username', '=', `watch.${d.bureau.id}`).executeTakeFirstOrThrow();
    // The school admin's save found it; the bureau's watch account listed it (a school may not list).
    expect(await actors(r.hazardId)).toEqual([
      ['report', d.users.schoolAdminA1.id],
      ['list', watch.id],
    ]);
    const listed = await tdb.db.selectFrom('hazard').select('listed').where('id', '=', r.hazardId).executeTakeFirstOrThrow();
    expect(listed.listed).toBe(true);
  });

  it('two openers at once for the same cause make one hazard', async () => {
    const both = await Promise.all([open(input({ recordId: '401' })), open(input({ recordId: '401' }))]);
    expect(new Set(both.map((b) => b.hazardId)).size).toBe(1);
    expect(both.map((b) => b.created).sort()).toEqual([false, true]);
  });

  it('reminds the school admins once per cause, with a link to the record', async () => {
    const remind = () =>
      tdb.db.transaction().execute((trx) =>
        remindRegistry(trx, { schoolId: d.schoolA1.id, kind: 'vehicle', recordId: '501', cause: 'expiring:insurance:2031-06-01', title: '校车保险 30 天后到期：苏D·12345', body: '保险有效期至 2031-06-01。', link: '/registries/vehicles/501' }),
      );
    expect(await remind()).toBe(1);
    expect(await remind()).toBe(0);
    const got = await tdb.db.selectFrom('notification').select(['user_id', 'kind', 'title', 'link']).where('dedupe_key', '=', 'registry:vehicle:501:expiring:insurance:2031-06-01').execute();
    expect(got).toEqual([{ user_id: d.users.schoolAdminA1.id, kind: 'registry_expiring', title: '校车保险 30 天后到期：苏D·12345', link: '/registries/vehicles/501' }]);
  });

  it('runs every registry sweep; one that fails does not stop the others', async () => {
    const ran: string[] = [];
    REGISTRY_SWEEPS['test-broken'] = async () => {
      throw new Error('broken');
    };
    REGISTRY_SWEEPS['test-fine'] = async () => {
      ran.push('fine');
      return { reminders: 2, hazards: 1 };
    };
    try {
      const errors: string[] = [];
      const totals = await runRegistrySweeps(tdb.db, now, (name) => errors.push(name));
      expect(ran).toEqual(['fine']);
      expect(totals.failed).toContain('test-broken');
      expect(errors).toContain('test-broken');
      expect(totals.reminders).toBeGreaterThanOrEqual(2);
    } finally {
      delete REGISTRY_SWEEPS['test-broken'];
      delete REGISTRY_SWEEPS['test-fine'];
    }
  });
});
