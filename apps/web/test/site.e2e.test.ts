import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The site registries in the browser: the 华润小学 admin records a building appraised D-grade
 * that is still in use and sees the major hazard it opened (listed for supervision); its canteen
 * staff list shows a health certificate about to expire; the school's staff record a drill on a
 * phone (390 px); the bureau finds the demo's D-grade building still in use and the coverage
 * figures. Screenshots at 390 px and desktop width.
 */

const item = (page: Page, label: string) => page.locator('.ant-drawer .ant-form-item').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });

async function pickToday(page: Page, label: string) {
  await item(page, label).locator('.ant-picker').click();
  await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-now-btn, .ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-today-btn').first().click();
}
async function choose(page: Page, label: string, option: string) {
  await item(page, label).locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

describe.skipIf(!hasBrowser())('site registries in the browser: a D-grade building in use opens a listed major hazard; drills on a phone; the bureau’s view', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the school admin records a D-grade building in use and sees its major hazard', async () => {
    shotOnFailure(browser, `site-failure`);
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    await admin.goto(`${baseUrl()}/registries/site/buildings`);
    await expect.poll(() => admin.getByTestId('site-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(severe(await axe(admin, 'site-buildings'))).toEqual([]);
    await shot(admin, 'site-0-buildings-desktop');

    const name = `北楼（${Date.now() % 100000}）`;
    await admin.getByTestId('site-add').click();
    await admin.getByTestId('site-name').fill(name);
    await item(admin, '层数').locator('input').fill('3');
    await item(admin, '建成年份').locator('input').fill('1979');
    await choose(admin, '结构类型', '砖木结构');
    await choose(admin, '鉴定等级', 'D级（整幢危房）');
    await pickToday(admin, '鉴定日期');
    await shot(admin, 'site-1-building-form');
    await admin.getByTestId('site-save').click();
    await admin.waitForURL(/\/registries\/site\/buildings\/\d+$/, { timeout: 20_000 });
    await admin.getByTestId('site-dangerous').waitFor({ timeout: 20_000 });
    const link = admin.getByTestId('site-hazard');
    await expect.poll(() => link.count(), { timeout: 20_000 }).toBe(1);
    expect(await link.textContent()).toBe(`D级危房“${name}”仍在使用`);
    expect(severe(await axe(admin, 'site-building-detail'))).toEqual([]);
    await shot(admin, 'site-2-building-hazard');
    await link.click();
    await admin.waitForURL(/\/hazards\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => admin.locator('body').innerText(), { timeout: 20_000 }).toMatch(/重大/);
    await expect.poll(() => admin.locator('body').innerText()).toMatch(/挂牌督办/);
    await shot(admin, 'site-3-hazard');

    // The canteen: a certificate about to expire, filtered.
    await admin.goto(`${baseUrl()}/registries/site/canteen-staff?status=due_soon`);
    await expect.poll(() => admin.getByTestId('site-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await admin.getByTestId('site-row').first().innerText()).toContain('即将到期');
    await shot(admin, 'site-4-canteen-staff-desktop');
    await admin.goto(`${baseUrl()}/registries/site/emergency-plans`);
    await expect.poll(() => admin.getByTestId('site-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(admin, 'site-5-plans-desktop');
    await admin.close();
  });

  it('the school staff record a drill on a 390 px phone', async () => {
    const staff = await signIn(browser, 'huarun_staff', PHONE_390);
    shotOnFailure(browser, 'site-failure-phone');
    await staff.goto(`${baseUrl()}/registries/site/drills`);
    await staff.getByTestId('site-add').waitFor({ timeout: 20_000 });
    expect(await overflow(staff)).toBeLessThanOrEqual(0);
    await shot(staff, 'site-6-drills-phone');
    await staff.getByTestId('site-add').click();
    await staff.getByTestId('site-name').fill('冬季消防疏散演练');
    await pickToday(staff, '演练日期');
    await item(staff, '参演人数').locator('input').fill('720');
    await item(staff, '时长（分钟）').locator('input').fill('20');
    await staff.getByTestId('site-evaluation').fill('疏散用时 3 分 40 秒，较上次缩短 30 秒；二楼东侧楼梯口仍有拥堵。');
    await shot(staff, 'site-7-drill-form-phone');
    await staff.getByTestId('site-save').click();
    await staff.waitForURL(/\/registries\/site\/drills\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => staff.locator('h1').textContent(), { timeout: 20_000 }).toBe('冬季消防疏散演练');
    expect(await overflow(staff)).toBeLessThanOrEqual(0);
    expect(severe(await axe(staff, 'site-drill-phone'))).toEqual([]);
    await shot(staff, 'site-8-drill-phone');
    await staff.goto(`${baseUrl()}/registries/site/buildings`);
    await expect.poll(() => staff.getByTestId('site-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await overflow(staff)).toBeLessThanOrEqual(0);
    await shot(staff, 'site-9-buildings-phone');
    await staff.close();
  });

  it('the bureau finds the D-grade building in use and the coverage figures', async () => {
    const bureau = await signIn(browser, 'wujiawei', DESKTOP);
    shotOnFailure(browser, 'site-failure-bureau');
    await bureau.goto(`${baseUrl()}/registries/site/buildings?status=dangerous`);
    await expect.poll(() => bureau.getByTestId('site-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await bureau.getByTestId('site-row').allInnerTexts().then((t) => t.join('\n'))).toContain('红梅实验小学');
    await shot(bureau, 'site-10-bureau-dangerous');
    await bureau.goto(`${baseUrl()}/registries/site/coverage`);
    await bureau.getByTestId('site-coverage').getByText('阳光食堂覆盖率').first().waitFor({ timeout: 20_000 });
    expect(severe(await axe(bureau, 'site-coverage'))).toEqual([]);
    await shot(bureau, 'site-11-coverage-desktop');
    await bureau.setViewportSize(PHONE_390);
    await bureau.reload();
    await bureau.getByTestId('site-coverage').getByText('阳光食堂覆盖率').first().waitFor({ timeout: 20_000 });
    await shot(bureau, 'site-12-coverage-phone');
    await bureau.close();
  });
});
