import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DESKTOP, hasBrowser, launch, PHONE_390, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The annual assessment in the browser (issue 14 item 5): bureau staff open the demo scheme's
 * ranking and one school's evidence, and check the scheme editor's live weight sum; the 华润小学
 * admin, on a phone, fills in and submits the standardisation self-assessment; staff review it
 * (accept) and the school's card shows it accepted.
 */

type Json = Record<string, unknown>;
type Scheme = { id: string; year: number; name: string; indicators: { key: string; weight: number }[] };

/** The <input> of an antd InputNumber found by its test id (the id lands on the input or on its wrapper). */
async function numberInput(page: Page, testId: string) {
  const el = page.getByTestId(testId).first();
  return (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input');
}

async function call<T = Json>(page: Page, method: string, url: string, data?: unknown): Promise<{ status: number; body: T }> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'xiaoan_csrf')?.value ?? '';
  const res = await page.request.fetch(`${baseUrl()}${url}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
  return { status: res.status(), body: (await res.json()) as T };
}

/** The demo seeds this year's scheme (demo/seed-assessment.ts); where the demo was started without it, staff create the same one. */
const FALLBACK_INDICATORS = [
  { key: 'rectification', name: '隐患整改率', kind: 'computed', indicator: 'rectification_rate', weight: 25, rule: { kind: 'linear', zeroAt: 0.6, fullAt: 1 } },
  { key: 'overdue', name: '逾期隐患', kind: 'computed', indicator: 'overdue_hazards', weight: 15, rule: { kind: 'deduction', perUnit: 2 } },
  { key: 'reporting', name: '按时报送率', kind: 'computed', indicator: 'report_on_time_rate', weight: 15, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  { key: 'daily-checks', name: '日常检查完成率', kind: 'computed', indicator: 'daily_check_completion', weight: 15, rule: { kind: 'banded', bands: [{ threshold: 0.95, points: 15 }, { threshold: 0.7, points: 8 }] } },
  { key: 'supervision', name: '督查问题整改率', kind: 'computed', indicator: 'supervision_rectified', weight: 10, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  { key: 'campaign-tasks', name: '专项任务按时完成率', kind: 'computed', indicator: 'campaign_tasks_on_time', weight: 10, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  { key: 'drills', name: '应急演练与安全教育', kind: 'manual', weight: 10 },
];

describe.skipIf(!hasBrowser())('annual assessment in the browser: ranking, evidence, self-assessment, review', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff open the ranking and a school’s evidence; 华润小学 submits its self-assessment on a phone; staff accept it', async () => {
    shotOnFailure(browser, `assessment-failed`);
    const desk = await signIn(browser, 'wujiawei', DESKTOP);
    desk.on('pageerror', (e) => console.error('page error (desk):', e.stack));
    let schemes = (await call<{ items: Scheme[] }>(desk, 'GET', '/api/assessment/schemes')).body.items;
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    if (!schemes.some((s) => s.year === year)) {
      const created = await call(desk, 'POST', '/api/assessment/schemes', { year, name: `${year}年度学校安全工作综合考核`, indicators: FALLBACK_INDICATORS });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      schemes = (await call<{ items: Scheme[] }>(desk, 'GET', '/api/assessment/schemes')).body.items;
    }
    const scheme = schemes.find((s) => s.year === year)!;

    // ---- The ranking: every school, ranked; one school's evidence with a link to its ledger.
    await desk.goto(`${baseUrl()}/assessment?scheme=${scheme.id}`);
    await desk.getByTestId('score-row').first().waitFor({ timeout: 30_000 });
    expect(await desk.getByTestId('score-row').count()).toBeGreaterThan(10);
    await shot(desk, 'assessment-ranking-desktop');
    await desk.getByTestId('score-school').first().click();
    const card = desk.getByTestId('school-card');
    await card.waitFor({ timeout: 20_000 });
    await card.getByTestId('evidence-rectification').waitFor();
    expect(await card.getByTestId('evidence-rectification').innerText()).toMatch(/计算|无数据/);
    const href = await card.getByTestId('evidence-link-rectification').first().getAttribute('href');
    expect(href).toMatch(/^\/hazards\?school=\d+&from=\d{4}-01-01/);
    await shot(desk, 'assessment-evidence-desktop');
    await desk.keyboard.press('Escape');

    // ---- The scheme editor: the weights' live sum.
    await desk.getByRole('tab', { name: '考核方案' }).click();
    await desk.getByTestId('scheme-edit').click();
    await expect.poll(async () => desk.getByTestId('weight-sum').innerText(), { timeout: 10_000 }).toContain('分值合计 100 / 100');
    await (await numberInput(desk, 'indicator-weight')).fill('20');
    await expect.poll(async () => desk.getByTestId('weight-sum').innerText()).toContain('95 / 100');
    await desk.getByTestId('scheme-save').click();
    await expect.poll(async () => desk.getByTestId('scheme-error').innerText(), { timeout: 10_000 }).toContain('应为 100 分');
    await shot(desk, 'assessment-scheme-editor-desktop');
    await desk.keyboard.press('Escape');

    // ---- The school, on a phone: its card, then the self-assessment filled in and submitted.
    const phone = await signIn(browser, 'huarun_admin', PHONE_390);
    phone.on('pageerror', (e) => console.error('page error (phone):', e.stack));
    const before = await call<{ selfAssessment: { state: string } | null; score: { school: { name: string } } }>(phone, 'GET', `/api/assessment/schemes/${scheme.id}/card`);
    expect(before.body.score.school.name).toBe('华润小学');
    await phone.goto(`${baseUrl()}/assessment?scheme=${scheme.id}`);
    await phone.getByTestId('school-card').waitFor({ timeout: 30_000 });
    await shot(phone, 'assessment-school-card-phone');
    await phone.getByRole('tab', { name: '标准化创建自评' }).click();
    await phone.getByTestId('self-form').waitFor();
    if (before.body.selfAssessment?.state !== 'submitted' && before.body.selfAssessment?.state !== 'accepted') {
      for (const ind of scheme.indicators) {
        await (await numberInput(phone, `self-score-${ind.key}`)).fill(String(Math.max(0, ind.weight - 1)));
      }
      await phone.getByTestId('self-submit').click();
      await expect.poll(async () => (await call<{ selfAssessment: { state: string } | null }>(phone, 'GET', `/api/assessment/schemes/${scheme.id}/card`)).body.selfAssessment?.state, { timeout: 20_000 }).toBe('submitted');
      await phone.getByTestId('self-form').getByText('已提交，等待教育局审核').waitFor({ timeout: 10_000 });
    }
    await shot(phone, 'assessment-self-submitted-phone');

    // ---- Staff review it: 自评审核 → 华润小学 → 审核通过.
    await desk.goto(`${baseUrl()}/assessment?scheme=${scheme.id}&tab=self`);
    await desk.getByTestId('self-row').first().waitFor({ timeout: 20_000 });
    await desk.getByTestId('self-row').filter({ hasText: '华润小学' }).getByRole('button').click();
    await desk.getByTestId('review-box').waitFor({ timeout: 20_000 });
    await desk.getByTestId('review-comment').fill('自评与平台数据基本一致，同意');
    await shot(desk, 'assessment-review-desktop');
    await desk.getByTestId('review-accept').click();
    await expect.poll(async () => (await call<{ selfAssessment: { state: string } | null }>(phone, 'GET', `/api/assessment/schemes/${scheme.id}/card`)).body.selfAssessment?.state, { timeout: 20_000 }).toBe('accepted');
    await phone.reload();
    await phone.getByRole('tab', { name: '标准化创建自评' }).click();
    await phone.getByText(/教育局已审核通过/).waitFor({ timeout: 20_000 });
    await shot(phone, 'assessment-self-accepted-phone');
  }, 240_000);
});
