import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, type Trx } from '../../db/database.js';
import { login, useTestApp } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { anchorAuditChain, verifyAuditChain } from './audit-chain.js';
import { anchorConfig, type AnchorConfig } from './audit-anchor.js';

/**
 * The audit trail is tamper-evident: each of edit, delete, reorder, truncate and
 * a row slipped in with the triggers off is made through SQL as the database
 * superuser (inside a transaction that is rolled back afterwards) and each is
 * caught by the verifier, which names the first broken row. The application's own
 * role cannot change the trail at all.
 */
describe('audit chain', () => {
  const t = useTestApp();
  let d: District;
  let owner: { db: Db; close: () => Promise<void> };
  let anchors: AnchorConfig;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-anchor-'));

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    // Some history: logins, a few writes.
    const staff = await login(t().app, d.users.staff.username, d.users.staff.password);
    for (let i = 0; i < 5; i++) await staff.post('/api/departments', { name: `链测科-${d.tag}-${i}` });
    anchors = anchorConfig({ file: path.join(dir, 'anchors.jsonl') });
    const o = createDb(t().tdb.adminUrl, 2);
    owner = { db: o.db, close: () => o.db.destroy() };
  });
  afterAll(async () => {
    await owner?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a tampering as the superuser and the verification inside it, then undoes everything. */
  async function tampered(change: (trx: Trx) => Promise<void>) {
    let result: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    await owner.db
      .transaction()
      .execute(async (trx) => {
        // The superuser can switch the append-only triggers off; only the chain still tells.
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await change(trx);
        result = await verifyAuditChain(trx, anchors, 3);
        throw new Error('rollback');
      })
      .catch((e: unknown) => {
        if ((e as Error).message !== 'rollback') throw e;
      });
    return result!;
  }

  const seqs = async () => (await owner.db.selectFrom('audit_event').select(['id', 'seq']).orderBy('seq').execute()).map((r) => ({ id: r.id, seq: Number(r.seq) }));

  it('verifies an untouched chain from the first row to the head, and anchors it', async () => {
    const r = await verifyAuditChain(t().tdb.db, anchors, 3);
    expect(r).toMatchObject({ ok: true, firstBroken: null });
    expect(r.checked).toBe(r.headSeq);
    expect(r.headSeq).toBeGreaterThanOrEqual(6);
    expect((await anchorAuditChain(t().tdb.db, anchors)).written).toBe(true);
    expect((await anchorAuditChain(t().tdb.db, anchors)).written).toBe(false);
    expect((await verifyAuditChain(t().tdb.db, anchors)).anchorsChecked).toBe(1);
  });

  it('catches an edited row (back-dated, or its details changed) and names it', async () => {
    const [, , third] = await seqs();
    const edited = await tampered(async (trx) => {
      await sql`UPDATE audit_event SET details = '{"name":"伪造"}' WHERE id = ${third!.id}`.execute(trx);
    });
    expect(edited).toMatchObject({ ok: false, firstBroken: { seq: third!.seq, id: third!.id } });
    expect(edited.firstBroken!.reason).toContain('被修改');
    const backdated = await tampered(async (trx) => {
      await sql`UPDATE audit_event SET at = at - interval '30 days' WHERE id = ${third!.id}`.execute(trx);
    });
    expect(backdated.firstBroken).toMatchObject({ seq: third!.seq });
  });

  it('catches a deleted row', async () => {
    const [, second] = await seqs();
    const r = await tampered(async (trx) => {
      await sql`DELETE FROM audit_event WHERE id = ${second!.id}`.execute(trx);
    });
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: second!.seq + 1 });
    expect(r.firstBroken!.reason).toContain('缺失');
  });

  it('catches reordered rows', async () => {
    const [, , , four, five] = await seqs();
    const r = await tampered(async (trx) => {
      await sql`UPDATE audit_event SET seq = -1 WHERE id = ${four!.id}`.execute(trx);
      await sql`UPDATE audit_event SET seq = ${four!.seq} WHERE id = ${five!.id}`.execute(trx);
      await sql`UPDATE audit_event SET seq = ${five!.seq} WHERE id = ${four!.id}`.execute(trx);
    });
    expect(r.firstBroken).toMatchObject({ seq: four!.seq, id: five!.id });
  });

  it('catches a truncated tail, even when the head is rewritten to match (by the anchor)', async () => {
    const all = await seqs();
    const keep = all[all.length - 4]!;
    const cut = await tampered(async (trx) => {
      await sql`DELETE FROM audit_event WHERE seq > ${keep.seq}`.execute(trx);
    });
    expect(cut.ok).toBe(false);
    expect(cut.firstBroken!.reason).toContain('末尾的记录被删除');
    const covered = await tampered(async (trx) => {
      await sql`DELETE FROM audit_event WHERE seq > ${keep.seq}`.execute(trx);
      await sql`UPDATE audit_chain_head SET seq = ${keep.seq}, hash = (SELECT row_hash FROM audit_event WHERE seq = ${keep.seq})`.execute(trx);
    });
    expect(covered.ok).toBe(false);
    expect(covered.firstBroken!.reason).toContain('锚点');
  });

  it('catches a whole chain recomputed after a rewrite (by the anchor), and a row written with the triggers off', async () => {
    const [first] = await seqs();
    const rewritten = await tampered(async (trx) => {
      // The forger knows the algorithm: edits a row and recomputes every hash after it.
      await sql`UPDATE audit_event SET details = '{"forged":true}' WHERE id = ${first!.id}`.execute(trx);
      await sql`UPDATE audit_event SET row_hash = NULL, prev_hash = NULL`.execute(trx);
      await sql`UPDATE audit_chain_head SET seq = 0, hash = repeat('0', 64)`.execute(trx);
      await sql`SELECT audit_event_seal_row(id) FROM (SELECT id FROM audit_event ORDER BY seq) s`.execute(trx);
    });
    expect(rewritten.ok).toBe(false);
    expect(rewritten.firstBroken!.reason).toContain('锚点');
    const slipped = await tampered(async (trx) => {
      await sql`INSERT INTO audit_event (action, details) VALUES ('user.update', '{"slipped":true}')`.execute(trx);
    });
    expect(slipped.ok).toBe(false);
    expect(slipped.firstBroken!.reason).toContain('未进入审计链');
  });

  it('a forged anchor line is refused', async () => {
    fs.appendFileSync(anchors.file, `${JSON.stringify({ seq: 1, hash: 'f'.repeat(64), at: new Date().toISOString(), mac: '0'.repeat(64) })}\n`);
    const r = await verifyAuditChain(t().tdb.db, anchors);
    expect(r.ok).toBe(false);
    expect(r.firstBroken!.reason).toContain('签名不符');
    const lines = fs.readFileSync(anchors.file, 'utf8').trim().split('\n');
    fs.writeFileSync(anchors.file, `${lines.slice(0, -1).join('\n')}\n`);
  });

  it("the application's role can only insert: no update, delete or truncate, no back-dating, no touching the head", async () => {
    const app = t().tdb.db;
    const [first] = await seqs();
    await expect(sql`UPDATE audit_event SET details = '{}' WHERE id = ${first!.id}`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_event WHERE id = ${first!.id}`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_event`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE audit_chain_head SET seq = 0`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`SELECT audit_event_seal_row(1)`.execute(app)).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE hazard_event SET comment = 'x'`.execute(app)).rejects.toThrow(/permission denied/);
    // A back-dated row gets the database's time and its place in the chain.
    const row = await app
      .insertInto('audit_event')
      .values({ action: 'user.update', at: new Date('2020-01-01T00:00:00Z'), details: JSON.stringify({ backdated: true }) } as never)
      .returning(['id', 'at'])
      .executeTakeFirstOrThrow();
    expect(new Date(row.at).getFullYear()).toBeGreaterThan(2025);
    const sealed = await app.selectFrom('audit_event').select(['seq', 'row_hash']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(sealed.seq).not.toBeNull();
    expect((await verifyAuditChain(app, anchors)).ok).toBe(true);
  });

  it('a hazard cannot change without its history row (checked at commit)', async () => {
    const app = t().tdb.db;
    const reporter = d.users.schoolStaffA1.id;
    const h = await owner.db
      .insertInto('hazard')
      .values({
        doc: JSON.stringify({}),
        unit_id: d.schoolA1.id,
        unit_path: sql`(SELECT path FROM unit WHERE id = ${d.schoolA1.id})`,
        school_id: d.schoolA1.id,
        state: 'registered',
        domain: 'fire',
        grade: 'general',
        source: 'self',
        title: '灭火器过期',
        description: '一楼',
        found_at: '2026-11-01',
        reported_by: reporter,
        reported_at: new Date(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(app.updateTable('hazard').set({ state: 'closed' }).where('id', '=', h.id).execute()).rejects.toThrow(/without a history row/);
    await app.transaction().execute(async (trx) => {
      await trx.updateTable('hazard').set({ state: 'closed' }).where('id', '=', h.id).execute();
      await trx.insertInto('hazard_event').values({ hazard_id: h.id, actor_user_id: reporter, action: 'close', from_state: 'registered', to_state: 'closed' } as never).execute();
    });
    expect((await app.selectFrom('hazard').select('state').where('id', '=', h.id).executeTakeFirstOrThrow()).state).toBe('closed');
  });
});
