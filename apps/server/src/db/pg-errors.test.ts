import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../test/db.js';
import { freeLoopbackPort } from './embedded.js';
import { describeError, isDbUnavailable, uniqueViolation } from './pg-errors.js';

/** The error a real operation fails with (these tests provoke real ones, no fakes). */
async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('recognising "the database is unavailable"', () => {
  it('a refused connection (nothing listens on the port, by address and by name) is unavailability', async () => {
    const port = await freeLoopbackPort();
    for (const host of ['127.0.0.1', 'localhost']) {
      const c = new pg.Client({ connectionString: `postgres://x@${host}:${port}/x` });
      const e = await errorOf(c.connect());
      expect(isDbUnavailable(e)).toBe(true);
      expect(describeError(e)).toMatch(/ECONNREFUSED/);
    }
  });

  it('pg_terminate_backend of the connection in use: the query fails with 57P01, the next one with "not queryable"; both are unavailability', async () => {
    const tdb = await createTestDb();
    try {
      const client = await tdb.pool.connect();
      const admin = new pg.Client({ connectionString: tdb.adminUrl });
      await admin.connect();
      try {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        const running = errorOf(client.query('SELECT pg_sleep(5)'));
        await new Promise((r) => setTimeout(r, 100));
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        const e = await running;
        expect((e as { code?: string }).code).toBe('57P01');
        expect(isDbUnavailable(e)).toBe(true);
        const next = await errorOf(client.query('SELECT 1'));
        expect(isDbUnavailable(next)).toBe(true);
      } finally {
        client.release(true);
        await admin.end();
      }
      // The pool carries on with a new connection.
      expect((await tdb.pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    } finally {
      await tdb.close();
    }
  });

  it('a pool that cannot connect in time reports a timeout, which is unavailability; ordinary SQL errors and our own closed pool are not', async () => {
    // A listener that accepts and never answers: the pool's connect timeout fires.
    const net = await import('node:net');
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const pool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${port}/x`, connectionTimeoutMillis: 200 });
    try {
      const e = await errorOf(pool.query('SELECT 1'));
      expect(isDbUnavailable(e)).toBe(true);
    } finally {
      await pool.end();
      silent.close();
    }

    const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await c.connect();
    try {
      const syntax = await errorOf(c.query('SELEC 1'));
      expect(isDbUnavailable(syntax)).toBe(false);
      await c.query('CREATE TEMP TABLE t (id int PRIMARY KEY)');
      await c.query('INSERT INTO t VALUES (1)');
      const dup = await errorOf(c.query('INSERT INTO t VALUES (1)'));
      expect(uniqueViolation(dup)).toBe(true);
      expect(isDbUnavailable(dup)).toBe(false);
    } finally {
      await c.end();
    }
    const ended = new pg.Pool({ connectionString: inject('pgAdminUrl') });
    await ended.end();
    expect(isDbUnavailable(await errorOf(ended.query('SELECT 1')))).toBe(false);
  });
});

describe('describing an error', () => {
  it('never prints "undefined": no error object, an empty message, a code only, a cause chain', () => {
    expect(describeError(undefined)).toBe('未知错误（没有错误对象）');
    expect(describeError(Object.assign(new Error(''), { code: 'EACCES' }))).toBe('EACCES');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(new Error('外层', { cause: new Error('内层') }))).toBe('外层 ← 原因：内层');
    expect(describeError({})).toBe('[object Object]');
  });
});
