import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasureDetail, MeasureOverview, MeasureSummary } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../test/app.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';
import { FileStorage } from '../features/files/file.storage.js';

/*
 * The demo district's two lists as `npm start` seeds them: many schools keep measures in mixed
 * states, some overdue, some prompted by closed hazards; documents open; 华润小学's closed
 * hazards are left for the one-step proposal.
 */

describe('the demo district’s measure lists', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-demo-measures-'));
  const t = useTestApp({ dataDir });
  let staff: Client;
  let huarun: Client;
  let overview: MeasureOverview;
  let all: { items: MeasureSummary[]; total: number };

  beforeAll(async () => {
    const db = t().tdb.db;
    expect(await seedDemoDistrict(db, () => {}, { ledger: { storage: new FileStorage(path.join(dataDir, 'files')), now: new Date() } })).toBe(true);
    staff = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    overview = (await staff.get('/api/measures/overview')).json() as MeasureOverview;
    all = { items: [], total: 0 };
    for (let page = 1; ; page++) {
      const res = await staff.get(`/api/measures?pageSize=500&page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      const p = res.json() as { items: MeasureSummary[]; total: number };
      all = { items: [...all.items, ...p.items], total: p.total };
      if (all.items.length >= p.total || p.items.length === 0) break;
    }
  }, 600_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('gives most schools a measure list with every status, some overdue, some from closed hazards', () => {
    const withMeasures = overview.items.filter((i) => i.measuresTotal > 0);
    expect(withMeasures.length).toBeGreaterThan(overview.items.length * 0.8);
    const statuses = new Set(all.items.map((m) => m.status));
    expect([...statuses].sort()).toEqual(['established', 'in_progress', 'planned', 'revised']);
    expect(all.items.filter((m) => m.overdue).length).toBeGreaterThan(5);
    expect(all.items.filter((m) => m.overdue).every((m) => m.status === 'planned' || m.status === 'in_progress')).toBe(true);
    expect(all.items.filter((m) => m.origins.length > 0).length).toBeGreaterThan(10);
    expect(all.items.some((m) => m.title === '危化品采购审批制度')).toBe(true);
    expect(all.items.filter((m) => m.status === 'established' || m.status === 'revised').every((m) => m.document && m.adoptedOn)).toBe(true);
  });

  it('an established measure opens with its history and its document downloads', async () => {
    const est = all.items.find((m) => m.status === 'revised')!;
    const d = (await staff.get(`/api/measures/${est.id}`)).json() as MeasureDetail;
    expect(d.history.map((h) => h.toStatus)).toEqual(['planned', 'established', 'revised']);
    const file = await staff.get(`/api/files/${est.document!.fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
  });

  it('华润小学 sees its own list only, and its closed hazards have not proposed a measure yet', async () => {
    const own = (await huarun.get('/api/measures')).json() as { items: MeasureSummary[] };
    expect(own.items.length).toBeGreaterThan(0);
    expect(new Set(own.items.map((m) => m.schoolName))).toEqual(new Set(['华润小学']));
    expect(own.items.every((m) => m.origins.length === 0)).toBe(true);
    const row = overview.items.find((i) => i.schoolName === '华润小学')!;
    expect(row.hazardsClosed).toBeGreaterThan(0);
  });
});
