import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

const TEAM1_SCHOOLS = [
  '局前街小学', '中山路小学', '凤凰新城实验小学', '华润小学', '丽华新村第三小学', '雕庄中心小学', '华润国际红黄蓝幼儿园',
  '雕庄中心幼儿园', '丽华第三幼儿园', '正衡中学', '正衡中学天宁分校', '东坡小学', '星辰幼儿园', '爱德美幼儿园',
];

async function schoolNames(page: Page): Promise<string[]> {
  await page.goto(`${baseUrl()}/org/schools`);
  await page.getByTestId('school-row').first().waitFor();
  // Make sure the list is complete (the page may page at 50+).
  await page.waitForLoadState('networkidle');
  return (await page.getByTestId('school-row').allInnerTexts()).map((t) => t.split(/\s|\n/)[0]!.trim());
}

describe.skipIf(!hasBrowser())('what each demo login sees', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the 华润小学 admin sees only that school', async () => {
    const page = await signIn(browser, 'huarun_admin');
    await expect.poll(async () => page.getByTestId('home-scope').innerText(), { timeout: 15_000 }).toContain('华润小学');
    await shot(page, 'home-huarun-admin-desktop');
    const names = await schoolNames(page);
    expect(names).toEqual(['华润小学']);
  });

  it('the team-1 member sees exactly team 1’s schools', async () => {
    const page = await signIn(browser, 'xumin');
    await expect.poll(async () => page.getByTestId('home-scope').innerText(), { timeout: 15_000 }).toContain('第一督查小组');
    const names = await schoolNames(page);
    expect(names.sort()).toEqual([...TEAM1_SCHOOLS].sort());
    await shot(page, 'schools-team1-member');
  });

  it('bureau staff see all the district’s schools', async () => {
    const page = await signIn(browser, 'wujiawei');
    await page.goto(`${baseUrl()}/org/schools`);
    await expect.poll(async () => page.getByText('共 80 所').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const [term, school] of [['华润', '华润小学'], ['虹景', '虹景小学'], ['三河口', '三河口高级中学']]) {
      const search = page.locator('input[data-testid=school-search], [data-testid=school-search] input').first();
      await search.fill(term!);
      await search.press('Enter');
      await expect.poll(async () => (await page.getByTestId('school-row').allInnerTexts()).join('|'), { timeout: 15_000 }).toContain(school!);
    }
    await shot(page, 'schools-bureau-staff');
  });

  it('the bureau leader signs in with its second factor (bound at the first sign-in) and sees all 80 schools', { timeout: 120_000 }, async () => {
    const page = await signIn(browser, 'renjie');
    await page.goto(`${baseUrl()}/org/schools`);
    await expect.poll(async () => page.getByText('共 80 所').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // A later sign-in asks for the code again; a recovery code does instead of the phone.
    const again = await signIn(browser, 'renjie', PHONE, { how: 'recovery' });
    await expect.poll(async () => again.getByTestId('home-scope').innerText(), { timeout: 15_000 }).toContain('80 所学校');
  });

  it('the system administrator’s home page shows its settings and the organisation, not the hazard dashboard', { timeout: 90_000 }, async () => {
    const page = await signIn(browser, 'admin');
    await page.getByText('常用设置').waitFor();
    await page.getByRole('button', { name: /导入学校/ }).waitFor();
    expect(await page.locator('[data-testid^=hazard-stat-]').count()).toBe(0);
    expect(await page.getByText('逾期最久的隐患').count()).toBe(0);
    await shot(page, 'home-system-admin-desktop');
  });

  it('works on a phone: the school admin’s home page fits 375 px', async () => {
    const page = await signIn(browser, 'huarun_admin', PHONE);
    await page.getByTestId('home-scope').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'home-huarun-admin-phone');
  });
});
