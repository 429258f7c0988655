import { beforeAll, describe, expect, it } from 'vitest';
import type { Completeness, ReportType } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../test/app.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';

describe('the demo district reports upward on the seeds’ cadences', () => {
  const t = useTestApp();
  let staff: Client;
  let types: ReportType[];

  beforeAll(async () => {
    expect(await seedDemoDistrict(t().tdb.db, () => {}, {})).toBe(true);
    staff = await login(t().app, 'wujiawei', DEMO_PASSWORD);
    types = ((await staff.get('/api/report-types')).json() as { items: ReportType[] }).items;
  });

  it('has the monthly hazard list, the weekly roll-up, the quarterly (Q1–Q3) and annual summaries', () => {
    expect(types.map((x) => x.code)).toEqual(['monthly-hazard-list', 'weekly-check-rollup', 'quarterly-summary', 'annual-summary']);
    expect(types.find((x) => x.code === 'quarterly-summary')).toMatchObject({ periodNumbers: [1, 2, 3], dueRule: { kind: 'day_of_last_month', day: 15 }, lateAccepted: false });
    expect(types.find((x) => x.code === 'annual-summary')!.ruleText).toContain('12月15日前报送');
  });

  it('expects every active school this month; 华润小学 sees only its own row', async () => {
    const monthly = types.find((x) => x.code === 'monthly-hazard-list')!;
    const all = (await staff.get(`/api/report-types/${monthly.id}/completeness`)).json() as Completeness;
    expect(all.expected).toBeGreaterThan(50);
    expect(all.items).toHaveLength(all.expected);
    const huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    const own = (await huarun.get(`/api/report-types/${monthly.id}/completeness?period=${all.period}`)).json() as Completeness;
    expect(own.items.map((i) => i.unitName)).toEqual(['华润小学']);
  });
});
