import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOn, login } from '../../test/app.js';
import { buildDistrict, buildUser, type District } from '../../test/factories.js';
import { uploadPhoto } from '../../test/files.js';
import { startInstances, type Instance } from '../../test/instances.js';
import { startS3Server, type TestS3Server } from '../../test/s3.js';
import type { TestDb } from '../../test/db.js';
import { S3FileStorage } from '../features/files/file.storage-s3.js';
import { runReminderSweep, REMINDER_SWEEP_JOB } from '../jobs/reminder-sweep.js';
import { pruneSharedState } from '../jobs/audit-anchor-job.js';
import { SHARED_STATE_PRUNE_LOCK_KEY, withJobLock } from '../jobs/job-lock.js';

/**
 * Two app instances as a reverse proxy would see them: two listeners on two ports, each
 * with its own pool, data directory and S3 client, on ONE database and ONE bucket (a real
 * S3 server). Whatever one instance learns, the other must act on: sessions and their CSRF
 * tokens, uploaded files, the login lockout, rate limits; and a job started on both runs once.
 */
describe('two instances on one database and one bucket', () => {
  let s3: TestS3Server;
  let tdb: TestDb;
  let a: Instance;
  let b: Instance;
  let stop: () => Promise<void>;
  let d: District;

  beforeAll(async () => {
    s3 = await startS3Server();
    const started = await startInstances(2, { fileStorage: s3.settings('two-instances/') });
    ({ tdb, close: stop } = started);
    [a, b] = started.instances as [Instance, Instance];
    d = await buildDistrict(tdb.db);
  }, 120_000);
  afterAll(async () => {
    await stop?.();
    await s3?.close();
  });

  const school = () => buildUser(tdb.db, { role: 'school_staff', unitId: d.schoolA1.id });

  it('a session begun on one is honoured on the other over HTTP, its CSRF token too, and a logout on the other ends it on both', async () => {
    const u = await school();
    const signIn = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }) });
    expect(signIn.status).toBe(200);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe(u.username);

    // A state-changing request on the other instance needs the token the first one issued.
    const forged = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': 'not-the-token' } });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('CSRF_INVALID');
    const out = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.status).toBe(200);

    expect((await fetch(`${a.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${b.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('a file uploaded through one is served by the other, from the bucket (nothing on either disk)', async () => {
    const u = await school();
    const onA = await login(a.app, u.username, u.password);
    const ref = await uploadPhoto(a.app, onA);
    const onB = clientOn(b.app, onA);

    const fromB = await onB.get(`/api/files/${ref.id}`);
    expect(fromB.statusCode).toBe(200);
    expect(fromB.headers['content-type']).toBe('image/jpeg');
    const fromA = await onA.get(`/api/files/${ref.id}`);
    expect(fromB.rawPayload).toEqual(fromA.rawPayload);
    expect(fromB.rawPayload.length).toBe(ref.sizeBytes);
    expect((await onB.get(`/api/files/${ref.id}/thumbnail`)).statusCode).toBe(200);

    const sha256 = crypto.createHash('sha256').update(fromB.rawPayload).digest('hex');
    const bucket = new S3FileStorage(s3.settings('two-instances/'));
    try {
      expect(await bucket.has(sha256, ref.sizeBytes)).toBe(true);
    } finally {
      await bucket.close();
    }
    for (const i of [a, b]) expect(fs.existsSync(path.join(i.config.dataDir, 'files'))).toBe(false);
  });

  it('a login lockout reached through one holds on the other', async () => {
    const u = await school();
    const ip = '198.51.100.91';
    const attempt = (i: Instance, password: string) => i.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password }, remoteAddress: ip });
    const codes = [];
    for (let n = 0; n < 5; n++) codes.push((await attempt(a, 'Wrong#Pass1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 423]);
    const right = await attempt(b, u.password);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.message).toBe((await attempt(a, u.password)).json().error.message);
  });

  it('a rate limit is counted across both: ten first-run setups a minute from one address in all, not ten on each', async () => {
    const ip = '198.51.100.92';
    const setup = (i: Instance) => i.app.inject({ method: 'POST', url: '/api/setup', payload: {}, remoteAddress: ip });
    const codes = [];
    for (let n = 0; n < 10; n++) codes.push((await setup(n % 2 === 0 ? a : b)).statusCode);
    // Each instance has seen five: alone, either would still let requests through.
    expect(codes.every((c) => c !== 429)).toBe(true);
    expect((await setup(b)).statusCode).toBe(429);
    expect((await setup(a)).statusCode).toBe(429);
    // Another address is not limited by this one.
    expect((await a.app.inject({ method: 'POST', url: '/api/setup', payload: {}, remoteAddress: '198.51.100.93' })).statusCode).not.toBe(429);
  });

  it('the reminder sweep started on both at once runs once (one job_run row; the other is skipped by the lock)', async () => {
    const runs = async () =>
      Number((await tdb.db.selectFrom('job_run').select((eb) => eb.fn.countAll<string>().as('n')).where('job', '=', REMINDER_SWEEP_JOB).executeTakeFirstOrThrow()).n);
    const before = await runs();
    const now = new Date();
    let release!: () => void;
    const otherFinished = new Promise<void>((r) => (release = r));
    // Whoever takes the lock holds it until the other has returned, so the two truly overlap.
    const sweep = (i: Instance) => runReminderSweep(i.db, now, { afterLock: () => otherFinished }).finally(release);
    const results = await Promise.all([sweep(a), sweep(b)]);
    expect(results.filter((r) => r.skipped).length).toBe(1);
    expect(results.filter((r) => !r.skipped).length).toBe(1);
    expect(await runs()).toBe(before + 1);
  });

  it('the clean-up of shared state runs on one instance at a time, and forgets ended rate-limit windows', async () => {
    await sql`INSERT INTO rate_limit_counter (key, hits, window_ends_at) VALUES ('POST /api/old|192.0.2.1', 3, now() - interval '2 hours')`.execute(tdb.db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = withJobLock(a.db, SHARED_STATE_PRUNE_LOCK_KEY, () => held);
    // The lock is taken on a connection of instance a; give it a moment to be held.
    for (let n = 0; n < 50; n++) {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = ${SHARED_STATE_PRUNE_LOCK_KEY} AND granted`.execute(tdb.db);
      if (r.rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await pruneSharedState(b.db)).toEqual({ ran: false, loginThrottle: 0, rateLimits: 0 });
    release();
    expect(await first).toEqual({ ran: true, result: undefined });
    const pruned = await pruneSharedState(b.db);
    expect(pruned.ran).toBe(true);
    expect(pruned.rateLimits).toBeGreaterThanOrEqual(1);
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rate_limit_counter WHERE key = 'POST /api/old|192.0.2.1'`.execute(tdb.db);
    expect(left.rows[0]!.n).toBe(0);
  });
});
