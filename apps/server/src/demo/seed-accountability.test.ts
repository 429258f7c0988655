import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, NoticeDetail, NoticeSummary, SchemeList, SchemeScores, SchoolCard, SelfAssessmentList } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../test/app.js';
import { contextFor } from '../../test/context.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';
import { getNotice, listNotices } from '../features/notices/notice.service.js';
import { FileStorage } from '../features/files/file.storage.js';

/*
 * The bureau's picture and accountability in the demo district, as `npm start` seeds it (the
 * ledger, inspections, reports, then notices, talks and the assessment from that history):
 * one seeding for all four, since a demo district takes a minute to write.
 */

type TalkList = { items: { id: string; status: string; unit: { id: string; name: string }; followUpOverdue: boolean; linkCount: number }[]; total: number };
type Detail = { links: { kind: string; state: string | null; overdue: boolean }[]; followUp: { result: string } | null; commitments: string[] };

describe('the demo district’s dashboard, notices, talks and assessment', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-accountability-'));
  const t = useTestApp({ dataDir });
  let staff: Client;
  let d: Dashboard;
  let notices: NoticeSummary[];
  let talkList: TalkList;
  let schemes: SchemeList;

  beforeAll(async () => {
    const db = t().tdb.db;
    expect(await seedDemoDistrict(db, () => {}, { ledger: { storage: new FileStorage(path.join(dataDir, 'files')), now: new Date() } })).toBe(true);
    staff = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    const res = await staff.get('/api/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    d = res.json() as Dashboard;
    notices = ((await staff.get('/api/notices')).json() as { items: NoticeSummary[] }).items;
    talkList = (await staff.get('/api/talks')).json() as TalkList;
    schemes = (await staff.get('/api/assessment/schemes')).json() as SchemeList;
  }, 600_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // The dashboard

  it('shows open and overdue hazards, a rectification rate, check completion and timeliness in believable ranges', () => {
    const f = d.figures;
    expect(d.unit.kind).toBe('bureau');
    expect(f.schools).toBeGreaterThan(50);
    expect(f.openHazards).toBeGreaterThan(0);
    expect(f.overdueHazards).toBeGreaterThan(0);
    expect(f.overdueHazards).toBeLessThan(f.openHazards);
    expect(f.rectificationRate).toBeGreaterThan(0.5);
    expect(f.rectificationRate).toBeLessThan(1);
    expect(f.dailyCheckCompletion).toBeGreaterThan(0.5);
    expect(f.reportingOnTimeRate).toBeGreaterThan(0.5);
  });

  it('partitions the district by area, ranks schools and has a month-by-month trend', () => {
    expect(d.children.length).toBeGreaterThan(1);
    expect(d.children.reduce((a, c) => a + c.figures.openHazards, 0)).toBe(d.figures.openHazards);
    expect(d.ranking.length).toBe(10);
    expect(d.ranking[0]!.figures.overdueHazards).toBeGreaterThanOrEqual(d.ranking[9]!.figures.overdueHazards);
    expect(d.trend.filter((m) => m.found > 0).length).toBeGreaterThan(d.trend.length / 2);
  });

  // Notices (通报)

  it('has an issued criticism with one answer, an issued commendation and a draft', () => {
    expect(notices).toHaveLength(3);
    expect(notices).toHaveLength(3);
    const criticism = notices.find((n) => n.kind === 'overdue_hazards' && n.status === 'issued')!;
    expect(criticism).toMatchObject({ category: 'criticism', ordersRectification: true });
    expect(criticism.answers.submitted).toBe(1);
    expect(criticism.unitCount).toBeGreaterThan(1);
    expect(criticism.docNumber).toMatch(/^天教安〔\d{4}〕1号$/);
    expect(notices.find((n) => n.kind === 'best_rectification')).toMatchObject({ status: 'issued', category: 'commendation', ordersRectification: false });
    expect(notices.filter((n) => n.status === 'draft')).toHaveLength(1);
  });

  it('names schools whose hazards really are overdue more than 30 days, and each named school sees only its row', async () => {
    const db = t().tdb.db;
    const criticism = notices.find((n) => n.kind === 'overdue_hazards' && n.status === 'issued')!;
    const detail = (await staff.get(`/api/notices/${criticism.id}`)).json() as NoticeDetail;
    for (const u of detail.units) {
      expect(u.facts.length).toBeGreaterThan(0);
      for (const f of u.facts) expect(f.daysOverdue).toBeGreaterThan(30);
      const ids = u.facts.map((f) => f.hazardId!);
      const rows = await db.selectFrom('hazard').select(['school_id', 'state']).where('id', 'in', ids).execute();
      expect(rows.every((r) => r.school_id === u.unitId && ['registered', 'rectifying', 'pending_verification'].includes(r.state))).toBe(true);
    }
    const named = detail.units[1]!;
    const admin = await db.selectFrom('app_user').select(['id', 'username']).where('unit_id', '=', named.unitId).where('role', '=', 'school_admin').executeTakeFirst();
    const user = admin ?? { id: detail.units[0]!.unitId, username: 'x' };
    const ctx = await contextFor(db, { id: user.id, username: user.username ?? 'x' }, { role: 'school_admin', unitId: named.unitId, requestId: 'seed-notices' });
    const seen = await getNotice(db, ctx, criticism.id);
    expect(seen.units.map((u) => u.unitId)).toEqual([named.unitId]);
    const list = await listNotices(db, ctx, {});
    expect(list.items.every((n) => n.status === 'issued')).toBe(true);
    const path = (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${named.unitId}`.execute(db)).rows[0]!.p;
    expect(path).toBeTruthy();
  });

  // Admonition talks (约谈)

  it('has one talk followed up (commitments kept) and one awaiting its follow-up, each about a school with overdue hazards', async () => {
    expect(talkList.items.map((i) => i.status).sort()).toEqual(['followed_up', 'held']);
    const done = talkList.items.find((i) => i.status === 'followed_up')!;
    const waiting = talkList.items.find((i) => i.status === 'held')!;
    expect(waiting.followUpOverdue).toBe(false);
    const d = (await staff.get(`/api/talks/${done.id}`)).json() as Detail;
    expect(d.followUp?.result).toBe('done');
    expect(d.commitments.length).toBeGreaterThan(0);
    const w = (await staff.get(`/api/talks/${waiting.id}`)).json() as Detail;
    expect(w.followUp).toBeNull();
    expect(w.links.length).toBeGreaterThan(0);
    expect(w.links.every((l) => l.kind === 'hazard' && l.overdue)).toBe(true);
    expect(done.unit.id).not.toBe(waiting.unit.id);
  });

  it('a school sees only its own talk', async () => {
    const [first] = talkList.items;
    const admin = await t()
      .tdb.db.selectFrom('app_user')
      .select(['username'])
      .where('unit_id', '=', first!.unit.id)
      .where('role', '=', 'school_admin')
      .where('username', 'is not', null)
      .executeTakeFirst();
    if (!admin?.username) return; // the worst schools have no demo login: the scope is covered by the route tests
    const school = await login(t().app, admin.username, DEMO_PASSWORD);
    expect(((await school.get('/api/talks')).json() as TalkList).items.map((i) => i.id)).toEqual([first!.id]);
  });

  // The annual assessment

  it('has this year’s scheme of six computed indicators and one manual item, weights summing to 100', () => {
    expect(schemes.items).toHaveLength(1);
    const s = schemes.items[0]!;
    expect(s.year).toBe(new Date().getFullYear());
    expect(s.indicators.filter((i) => i.kind === 'computed')).toHaveLength(6);
    expect(s.indicators.reduce((a, i) => a + i.weight, 0)).toBe(100);
  });

  it('ranks every school from real data: totals spread, not all full or empty', async () => {
    const scores = (await staff.get(`/api/assessment/schemes/${schemes.items[0]!.id}/scores`)).json() as SchemeScores;
    expect(scores.items.length).toBeGreaterThan(50);
    const totals = scores.items.map((i) => i.total);
    expect(Math.max(...totals)).toBeGreaterThan(Math.min(...totals) + 5);
    expect(Math.max(...totals)).toBeLessThanOrEqual(100);
    const rect = scores.items.flatMap((i) => i.indicators.filter((x) => x.key === 'rectification'));
    expect(rect.some((x) => (x.evidence.denominator ?? 0) > 0)).toBe(true);
    const ranks = scores.items.map((i) => i.rank);
    expect(ranks[0]).toBe(1);
    console.log(`demo assessment: ${scores.items.length} schools, totals ${Math.min(...totals)}–${Math.max(...totals)}`);
  });

  it('has 虹景小学’s self-assessment awaiting review and one accepted; 华润小学 has none and sees only its own card', async () => {
    const id = schemes.items[0]!.id;
    const list = (await staff.get(`/api/assessment/schemes/${id}/self-assessments`)).json() as SelfAssessmentList;
    expect(list.items.map((x) => x.state).sort()).toEqual(['accepted', 'submitted']);
    expect(list.items.find((x) => x.state === 'submitted')!.school.name).toBe('虹景小学');
    const huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    const card = (await huarun.get(`/api/assessment/schemes/${id}/card`)).json() as SchoolCard;
    expect(card.score.school.name).toBe('华润小学');
    expect(card.selfAssessment).toBeNull();
    expect(((await huarun.get(`/api/assessment/schemes/${id}/scores`)).json() as SchemeScores).items).toHaveLength(1);
  });
});
