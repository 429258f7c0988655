import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.js';
import { contextFor } from '../../test/context.js';
import { buildDistrict, type District } from '../../test/factories.js';
import type { RequestContext } from '../http/context.js';
import { idempotent, runCommand, type Emit } from './command.js';

describe('runCommand', () => {
  let tdb: TestDb;
  let d: District;
  let ctx: (requestId: string) => RequestContext;

  beforeAll(async () => {
    tdb = await createTestDb();
    d = await buildDistrict(tdb.db);
    const admin = await contextFor(tdb.db, d.users.secAdmin, { role: 'security_admin', unitId: d.bureau.id, displayName: '安全管理员', requestId: '' });
    ctx = (requestId) => ({ ...admin, requestId });
  });
  afterAll(async () => {
    await tdb.close();
  });

  const audits = async (requestId: string) => (await tdb.db.selectFrom('audit_event').select(['action', 'object_id']).where('request_id', '=', requestId).orderBy('id').execute());
  const notices = async (userId: string) => (await tdb.db.selectFrom('notification').select(['kind', 'dedupe_key']).where('user_id', '=', userId).execute());

  it('a rolled-back command writes neither its audit rows nor its notifications', async () => {
    const target = d.users.schoolStaffA1.id;
    await expect(
      runCommand(tdb.db, ctx('cmd-rollback'), {}, async (_trx, emit) => {
        await emit({ action: 'user.update', objectType: 'app_user', objectId: target, details: { fields: ['password'] } });
        await emit({ action: 'user.password_reset', userId: target, version: 1, by: { displayName: '安全管理员', role: 'security_admin' }, at: new Date() });
        throw new Error('the second half failed');
      }),
    ).rejects.toThrow('the second half failed');
    expect(await audits('cmd-rollback')).toEqual([]);
    expect(await notices(target)).toEqual([]);

    await runCommand(tdb.db, ctx('cmd-commit'), {}, async (_trx, emit) => {
      await emit({ action: 'user.update', objectType: 'app_user', objectId: target, details: { fields: ['password'] } });
      await emit({ action: 'user.password_reset', userId: target, version: 1, by: { displayName: '安全管理员', role: 'security_admin' }, at: new Date() });
    });
    // The notice-only event writes no audit row of its own.
    expect(await audits('cmd-commit')).toEqual([{ action: 'user.update', object_id: target }]);
    expect(await notices(target)).toEqual([{ kind: 'account_password_reset', dedupe_key: `password_reset:${target}:1` }]);
  });

  it('runs a command again when PostgreSQL cancels it to break a deadlock, so both writers succeed', async () => {
    // Two commands that lock the same two rows in opposite orders, each waiting for the other after its first lock.
    const [a, b] = [d.users.schoolStaffA1.id, d.users.schoolAdminA1.id];
    let arrived = 0;
    let open!: () => void;
    const bothLocked = new Promise<void>((r) => (open = r));
    const attempts = { first: 0, second: 0 };
    const writer = (name: 'first' | 'second', order: string[]) =>
      runCommand(tdb.db, ctx(`cmd-deadlock-${name}`), {}, async (trx, emit) => {
        attempts[name]++;
        await trx.updateTable('app_user').set({ display_name: `${name}-1` }).where('id', '=', order[0]!).execute();
        if (attempts[name] === 1) {
          if (++arrived === 2) open();
          await bothLocked;
        }
        await trx.updateTable('app_user').set({ display_name: `${name}-2` }).where('id', '=', order[1]!).execute();
        await emit({ action: 'user.update', objectType: 'app_user', objectId: order[1]!, details: { fields: ['displayName'] } });
        return name;
      });
    const results = await Promise.all([writer('first', [a, b]), writer('second', [b, a])]);
    expect(results).toEqual(['first', 'second']);
    // One of them was cancelled once and ran again; each wrote exactly one audit row.
    expect(attempts.first + attempts.second).toBe(3);
    expect(await audits('cmd-deadlock-first')).toHaveLength(1);
    expect(await audits('cmd-deadlock-second')).toHaveLength(1);
  });

  it('replays a stored answer for the same key and request, refuses the key for another request', async () => {
    let runs = 0;
    const work = async () => ({ n: ++runs });
    const key = `cmd-key-${Date.now()}`;
    const first = await runCommand(tdb.db, ctx('cmd-idem-1'), idempotent(key, 'POST /test', { a: 1 }), work);
    const again = await runCommand(tdb.db, ctx('cmd-idem-2'), idempotent(key, 'POST /test', { a: 1 }), work);
    expect(first).toEqual({ n: 1 });
    expect(again).toEqual({ n: 1 });
    expect(runs).toBe(1);
    await expect(runCommand(tdb.db, ctx('cmd-idem-3'), idempotent(key, 'POST /test', { a: 2 }), work)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a concurrent retry that loses the race on the key answers what the winner answered and leaves nothing of its own', async () => {
    const key = `cmd-race-${Date.now()}`;
    let entered = 0;
    let release!: () => void;
    const bothIn = new Promise<void>((r) => (release = r));
    const work = (tag: string) => async (_trx: unknown, emit: Emit) => {
      await emit({ action: 'unit.update', objectType: 'unit', objectId: d.bureau.id, details: { tag } });
      if (++entered === 2) release();
      await bothIn;
      return { tag };
    };
    const [a, b] = await Promise.all([
      runCommand(tdb.db, ctx('cmd-race-a'), idempotent(key, 'POST /race', { x: 1 }), work('a')),
      runCommand(tdb.db, ctx('cmd-race-b'), idempotent(key, 'POST /race', { x: 1 }), work('b')),
    ]);
    expect(a).toEqual(b);
    const written = [...(await audits('cmd-race-a')), ...(await audits('cmd-race-b'))];
    expect(written).toHaveLength(1);
  });
});
