import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDeadline, shanghaiDate } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../test/app.js';
import { FileStorage } from '../features/files/file.storage.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';
import { seedReportHistory, type ReportHistoryResult } from './report-history.js';

type Counts = { not_started: number; draft: number; submitted: number; late: number; returned: number; approved: number; missing: number };

const monthKey = (d: string, back: number) => {
  const [y, m] = d.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) - back;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

describe('twelve months of demo reporting history', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-reports-'));
  const t = useTestApp({ dataDir });
  const now = new Date();
  const today = shanghaiDate(now);
  let r: ReportHistoryResult;
  let bureau: Client;
  let typeId = '';

  beforeAll(async () => {
    const db = t().tdb.db;
    expect(await seedDemoDistrict(db, () => {}, { ledger: { storage: new FileStorage(path.join(dataDir, 'files')), now } })).toBe(true);
    // Once seedDemoDistrict calls the generator itself, its history is already there: count it instead.
    const seeded = await db.selectFrom('report_submission').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    if (Number(seeded.n) === 0) r = await db.transaction().execute((trx) => seedReportHistory(trx, now));
    else {
      const n = async (table: 'report_submission' | 'report_submission_version' | 'report_review') =>
        Number((await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      r = { submissions: await n('report_submission'), versions: await n('report_submission_version'), reviews: await n('report_review'), seconds: 0, contentSeconds: {} };
    }
    bureau = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    const types = (await bureau.get('/api/report-types')).json() as { items: { id: string; code: string }[] };
    typeId = types.items.find((x) => x.code === 'monthly-hazard-list')!.id;
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes a year of reports in batches within a few seconds', () => {
    expect(r.submissions).toBeGreaterThan(1000);
    expect(r.versions).toBeGreaterThan(r.submissions * 0.8);
    expect(r.reviews).toBeGreaterThan(r.submissions * 0.7);
    console.log(`demo report history: ${JSON.stringify(r)}`);
    // ~3–6 s on the 2-core machine; the bound only catches a regression (other suites share the cores).
    expect(r.seconds).toBeLessThan(20);
  });

  it('gives every past month of the monthly hazard list a realistic mix: mostly approved, some late, a few missing', async () => {
    for (let back = 2; back <= 11; back++) {
      const c = (await bureau.get(`/api/report-types/${typeId}/completeness?period=${monthKey(today, back)}`)).json() as {
        expected: number; submitted: number; onTime: number; late: number; missing: number; counts: Counts;
      };
      expect(c.expected).toBeGreaterThan(50);
      expect(c.counts.approved / c.expected, monthKey(today, back)).toBeGreaterThan(0.75);
      expect(c.missing).toBeGreaterThan(0);
      expect(c.missing / c.expected).toBeLessThan(0.15);
      expect(c.late).toBeGreaterThan(0);
      expect(c.counts.not_started + c.counts.draft).toBe(0);
    }
    // Last month: due on the 1st, so reviews are still going on.
    const last = (await bureau.get(`/api/report-types/${typeId}/completeness?period=${monthKey(today, 1)}`)).json() as { counts: Counts };
    expect(last.counts.submitted + last.counts.late).toBeGreaterThan(0);
  });

  it('keeps the current month open: nothing submitted, some drafts, 华润小学 not started, and 华润 can submit it', async () => {
    const key = monthKey(today, 0);
    const c = (await bureau.get(`/api/report-types/${typeId}/completeness?period=${key}`)).json() as { submitted: number; counts: Counts; items: { unitName: string; state: string }[] };
    expect(c.submitted).toBe(0);
    expect(c.counts.draft).toBeGreaterThan(0);
    expect(c.items.find((i) => i.unitName === '华润小学')!.state).toBe('not_started');
    const huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    const started = await huarun.post('/api/report-submissions', { reportTypeId: typeId, period: key });
    expect(started.statusCode, started.body).toBe(201);
  });

  it('has returned reports resubmitted as version 2, reviewed by 吴佳伟, with times consistent with the due dates', async () => {
    const db = t().tdb.db;
    const wu = (await db.selectFrom('app_user').select('id').where('username', '=', 'wujiawei').executeTakeFirstOrThrow()).id;
    const v2 = await db.selectFrom('report_submission').select(['id', 'state']).where('report_type_id', '=', typeId).where('current_version', '=', 2).execute();
    expect(v2.length).toBeGreaterThan(20);
    const returns = await db.selectFrom('report_review').select(['reviewer_user_id', 'comment']).where('decision', '=', 'return').where('submission_id', 'in', v2.map((x) => x.id)).execute();
    expect(returns.length).toBe(v2.length);
    expect(returns.every((x) => x.reviewer_user_id === wu && x.comment.length > 0)).toBe(true);
    const bad = await sql<{ n: string }>`
      SELECT count(*) AS n FROM report_submission s
       WHERE s.current_version > 0 AND (
             s.first_submitted_at > now() OR s.reviewed_at > now()
          OR s.on_time <> (s.first_submitted_at < ((s.due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
          OR EXISTS (SELECT 1 FROM report_review r JOIN report_submission_version v ON v.submission_id = r.submission_id AND v.version_no = r.version_no
                      WHERE r.submission_id = s.id AND r.at < v.submitted_at)
          OR EXISTS (SELECT 1 FROM report_submission_version v WHERE v.submission_id = s.id AND v.late <> (v.submitted_at >= ((s.due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')))
          OR (s.state = 'approved') <> EXISTS (SELECT 1 FROM report_review r WHERE r.submission_id = s.id AND r.version_no = s.current_version AND r.decision = 'approve'))`.execute(db);
    expect(Number(bad.rows[0]!.n)).toBe(0);
    expect(dueDeadline(today).getTime()).toBeGreaterThan(now.getTime());
  });

  it("freezes each version's content from that school's demo hazards of the month, as the builder does", async () => {
    const db = t().tdb.db;
    const key = monthKey(today, 1);
    const row = await db
      .selectFrom('report_submission as s')
      .innerJoin('unit as u', 'u.id', 's.unit_id')
      .innerJoin('report_submission_version as v', (j) => j.onRef('v.submission_id', '=', 's.id').onRef('v.version_no', '=', 's.current_version'))
      .select(['s.unit_id', 'v.content'])
      .where('s.report_type_id', '=', typeId)
      .where('s.period_key', '=', key)
      .where('u.name', '=', '虹景小学')
      .executeTakeFirst();
    const hazards = await db
      .selectFrom('hazard')
      .select('title')
      .where('school_id', '=', row?.unit_id ?? '0')
      .where(sql<boolean>`to_char(found_at, 'YYYY-MM') = ${key}`)
      .where('state', '<>', 'rejected')
      .execute();
    if (!row) return; // 虹景 missed last month in this draw: nothing frozen to compare.
    const rows = (row.content as { hazards: { rows: { title: string }[] } }).hazards.rows;
    for (const h of hazards) expect(rows.map((x) => x.title)).toContain(h.title);
  });
});
