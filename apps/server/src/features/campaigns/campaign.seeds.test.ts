import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CreateCampaignBody, PlanImportResult } from '@xiaoan/contracts';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

const FIXTURES = fileURLToPath(new URL('../../../../../packages/domain/src/campaign/fixtures/', import.meta.url));
const SEEDS = readdirSync(FIXTURES).filter((f) => /^\d{3}_.*\.txt$/.test(f)).sort();
const nextDay = (d: string, n = 1) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * What a bureau does in the review screen, done by hand: keep every proposed item, move a
 * stage that shares days with the previous one to the day after it (as the screen proposes),
 * fill a stage's missing start or end from its neighbours or the period, and give a task
 * whose lead is not one of the bureau's departments the department the user picks.
 */
function acceptAll(r: PlanImportResult, fallbackDepartment: string): CreateCampaignBody {
  const p = r.proposal;
  const periodStart = p.period?.value.start ?? p.stages[0]?.value.start ?? p.issuedOn?.value ?? '2021-01-01';
  const periodEnd = p.period?.value.end ?? p.stages.at(-1)?.value.end ?? nextDay(periodStart, 364);
  const stages: { name: string; start: string; end: string; goals: string }[] = [];
  p.stages.forEach((s, i) => {
    const prevEnd = stages.at(-1)?.end;
    let start = s.value.start ?? (prevEnd ? nextDay(prevEnd) : periodStart);
    if (prevEnd && start <= prevEnd) start = nextDay(prevEnd);
    const nextStart = p.stages[i + 1]?.value.start;
    let end = s.value.end ?? (nextStart ? nextDay(nextStart, -1) : periodEnd);
    if (end < start) end = start;
    stages.push({ name: s.value.name, start, end, goals: s.value.goals });
  });
  const dept = new Map(r.departmentMatches.map((m) => [m.name, m.departmentId]));
  return {
    title: p.title?.value ?? '未命名专项整治',
    docNumber: p.docNumber?.value ?? null,
    issuer: p.issuer?.value ?? null,
    issuedOn: p.issuedOn?.value ?? null,
    periodStart: stages[0] && stages[0].start < periodStart ? stages[0].start : periodStart,
    periodEnd: stages.at(-1) && stages.at(-1)!.end > periodEnd ? stages.at(-1)!.end : periodEnd,
    focusDomains: p.focusDomains.map((f) => f.value) as CreateCampaignBody['focusDomains'],
    stages,
    indicators: p.indicators.map((x) => ({ name: x.value.name.slice(0, 100), target: x.value.target, unit: x.value.unit })),
    reportingRules: p.reportingRules.map((x) => ({ text: x.value.text.slice(0, 500), kind: x.value.kind, dueDate: x.value.dueDate, dayOfMonth: x.value.dayOfMonth, month: x.value.month })),
    tasks: p.tasks.map((t) => {
      const leads = [...new Set(t.value.leads.map((n) => dept.get(n)).filter((x): x is string => !!x))];
      return {
        title: t.value.title.slice(0, 200),
        description: t.value.description.slice(0, 4000),
        domain: t.value.domain as never,
        leadDepartmentIds: leads.length ? leads : [fallbackDepartment],
        deadline: t.value.deadline,
        stageIndex: t.value.stageIndex !== null && t.value.stageIndex < stages.length ? t.value.stageIndex : null,
      };
    }),
  };
}

describe('every seed plan imports into a campaign', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;
  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
  });

  it.each(SEEDS)('%s: proposal accepted as it stands → a campaign with its stages and tasks', async (file) => {
    const text = readFileSync(`${FIXTURES}${file}`, 'utf8');
    const res = await staff.post('/api/campaign-imports/text', { text });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PlanImportResult;
    expect(r.proposal.tasks.length).toBeGreaterThan(0);
    const body = acceptAll(r, d.department.id);
    // A plan without a title line (seed 002 starts with its preamble) says so; the user types one.
    if (!r.proposal.title) {
      expect(r.proposal.missing.join('、')).toMatch(/标题/);
      body.title = '我市校园安全专项整顿工作方案';
    }
    const created = await staff.post('/api/campaigns', body);
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as CampaignDetail;
    expect(c.stages).toHaveLength(r.proposal.stages.length);
    expect(c.tasks).toHaveLength(r.proposal.tasks.length);
    expect(c.campaign.title).toBe(body.title);
  });
});
