import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Risk, RiskDetail } from '@xiaoan/contracts';
import { RISK_LEVEL_COLOURS } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../test/app.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';
import { FileStorage } from '../features/files/file.storage.js';

/*
 * The demo district's risk register as `npm start` seeds it: several schools with risks at mixed
 * levels (some red and orange), a few past their review date, some hazards linked; 华润小学's
 * canteen is left for a person to assess.
 */

describe('the demo district’s risk register', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-risks-'));
  const t = useTestApp({ dataDir });
  let staff: Client;
  let huarun: Client;
  let all: Risk[];

  beforeAll(async () => {
    const db = t().tdb.db;
    expect(await seedDemoDistrict(db, () => {}, { ledger: { storage: new FileStorage(path.join(dataDir, 'files')), now: new Date() } })).toBe(true);
    staff = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    const res = await staff.get('/api/risks?pageSize=500');
    expect(res.statusCode, res.body).toBe(200);
    all = (res.json() as { items: Risk[] }).items;
  }, 600_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('gives several schools a register with red, orange, yellow and blue risks, each colour matching its level', () => {
    const schools = new Set(all.map((r) => r.schoolName));
    expect(schools.size).toBeGreaterThanOrEqual(5);
    expect(schools.has('华润小学')).toBe(true);
    const levels = new Set(all.map((r) => r.level));
    expect([...levels].sort()).toEqual(['general', 'low', 'major', 'significant']);
    expect(all.every((r) => r.colour === RISK_LEVEL_COLOURS[r.level] && r.score === r.likelihood * r.severity)).toBe(true);
    const domains = new Set(all.map((r) => r.domain));
    for (const d of ['food', 'lab_chemicals', 'security', 'traffic_bus', 'buildings']) expect(domains.has(d as Risk['domain'])).toBe(true);
  });

  it('has a few risks past their review date and some hazards naming their risk', async () => {
    expect(all.filter((r) => r.reviewDue).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((r) => r.reviewDue).length).toBeLessThan(all.length / 3);
    const linked = all.filter((r) => r.hazardCount > 0);
    expect(linked.length).toBeGreaterThan(3);
    const d = (await staff.get(`/api/risks/${linked[0]!.id}`)).json() as RiskDetail;
    expect(d.hazards.length).toBe(linked[0]!.hazardCount);
    expect(d.measures.length).toBeGreaterThan(0);
    expect(d.assessments.at(-1)!.reason).toBe('首次评估');
    expect(d.emergencyPlan?.title).toBeTruthy();
  });

  it('leaves 华润小学’s canteen unassessed; its admin sees only its own risks, one of them due for review', async () => {
    const own = ((await huarun.get('/api/risks?pageSize=500')).json() as { items: Risk[] }).items;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.schoolName === '华润小学')).toBe(true);
    expect(own.some((r) => r.domain === 'food')).toBe(false);
    expect(own.some((r) => r.reviewDue)).toBe(true);
    const points = (await huarun.get('/api/inspection-points')).json() as { items: { id: string; name: string; pointType: string }[] };
    expect(points.items.some((p) => p.pointType === 'canteen')).toBe(true);
  });
});
