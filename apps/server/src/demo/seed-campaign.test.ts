import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignOverview, MyTask } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../test/app.js';
import { DEMO_PASSWORD, seedDemoDistrict } from './seed-demo.js';
import { DEMO_OFFICE, DEMO_OFFICE_LOGIN } from './seed-campaign.js';

describe('the demo district has a live campaign imported from its plan (seed 000)', () => {
  const t = useTestApp();
  let office: Client;
  let detail: CampaignDetail;

  beforeAll(async () => {
    expect(await seedDemoDistrict(t().tdb.db, () => {}, {})).toBe(true);
    office = await login(t().app, DEMO_OFFICE_LOGIN, DEMO_PASSWORD);
    const list = (await office.get('/api/campaigns')).json() as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    detail = (await office.get(`/api/campaigns/${list.items[0]!.id}`)).json() as CampaignDetail;
  });

  it('has the three stages, the six annex-2 teams with their schools, and tasks led by the office seed 000 names (发展规划与财务科（基建科）)', () => {
    expect(detail.stages.map((s) => s.name)).toEqual(['学习动员', '攻坚整治', '巩固提升']);
    expect(detail.teams).toHaveLength(6);
    expect(detail.teams.every((x) => x.schools.length > 0)).toBe(true);
    expect(detail.tasks.length).toBeGreaterThanOrEqual(6);
    expect(DEMO_OFFICE).toBe('发展规划与财务科（基建科）');
    expect(detail.tasks.every((x) => x.leads.map((l) => l.name).includes(DEMO_OFFICE))).toBe(true);
    expect(detail.office?.name).toBe(DEMO_OFFICE);
    // Moved on to the current year: today lies inside the period.
    const today = detail.today;
    expect(detail.campaign.periodStart <= today && today <= detail.campaign.periodEnd).toBe(true);
  });

  it('lists the tasks on the office staff home page (吴佳伟) and shows the campaign to a school', async () => {
    const mine = (await office.get('/api/tasks/mine')).json() as { items: MyTask[] };
    expect(mine.items).toHaveLength(detail.tasks.length);
    const huarun = await login(t().app, 'huarun_admin', DEMO_PASSWORD);
    expect((await huarun.get(`/api/campaigns/${detail.campaign.id}`)).statusCode).toBe(200);
    const o = (await office.get(`/api/campaigns/${detail.campaign.id}/overview`)).json() as CampaignOverview;
    expect(o.schoolCount).toBeGreaterThan(50);
    expect(o.timeline.todayInPeriod).toBe(true);
  });
});
