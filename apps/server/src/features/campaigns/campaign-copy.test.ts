import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

describe('copying a campaign as next year', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;
  const count = async (table: 'campaign' | 'campaign_stage' | 'campaign_task' | 'campaign_team' | 'audit_event') =>
    Number((await t().tdb.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
  });

  it('leaves nothing behind when copying the recorded teams fails, because the copy is one transaction', async () => {
    const res = await staff.post('/api/campaigns', {
      title: '2026年度专项',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      stages: [{ name: '整治', start: '2026-01-01', end: '2026-12-31' }],
      tasks: [{ title: '排查', leadDepartmentIds: [d.department.id], stageIndex: 0 }],
      teamIds: [d.teamA.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const src = res.json() as CampaignDetail;
    expect(src.teams).toHaveLength(1);

    // Recorded teams (no source team) are written only by the copy, after the campaign, its stages and tasks.
    const admin = new pg.Client({ connectionString: t().tdb.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION test_fail_team() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'team copy fails'; END $$`);
      await admin.query(`CREATE TRIGGER test_fail_team BEFORE INSERT ON campaign_team FOR EACH ROW WHEN (NEW.source_team_id IS NULL) EXECUTE FUNCTION test_fail_team()`);
      const before = { campaign: await count('campaign'), stage: await count('campaign_stage'), task: await count('campaign_task'), team: await count('campaign_team'), audit: await count('audit_event') };
      const copy = await staff.post(`/api/campaigns/${src.campaign.id}/copy`, {});
      expect(copy.statusCode).toBe(500);
      const after = { campaign: await count('campaign'), stage: await count('campaign_stage'), task: await count('campaign_task'), team: await count('campaign_team'), audit: await count('audit_event') };
      expect(after).toEqual(before);
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS test_fail_team ON campaign_team; DROP FUNCTION IF EXISTS test_fail_team()');
      await admin.end();
    }

    const ok = await staff.post(`/api/campaigns/${src.campaign.id}/copy`, {});
    expect(ok.statusCode, ok.body).toBe(201);
    const c = ok.json() as CampaignDetail;
    expect(c.teams.map((x) => x.name)).toEqual(src.teams.map((x) => x.name));
    expect(c.allowedActions).toEqual(['update', 'copy', 'add_task']);
    expect(c.tasks[0]!.allowedActions).toEqual(['update', 'update_status', 'add_progress', 'break_down']);
  });
});
