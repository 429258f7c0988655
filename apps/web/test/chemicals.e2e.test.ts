import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, getJson, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The chemicals registry (危化品台账) in the browser: on a phone (390 px) a 华润小学 teacher opens
 * the science cabinet, issues 医用酒精 to a lesson, counts the cabinet, finds a mismatch and opens
 * the hazard it reported; on a desktop the school admin sees the cabinet's count and hazard, and
 * the bureau finds the cabinet among the stores that do not reconcile.
 */


type StoreDetail = { store: { id: string; name: string }; balances: { chemicalId: string; name: string; quantity: number }[] };



async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe.skipIf(!hasBrowser())('chemicals in the browser: issue to a lesson → count → mismatch → the hazard it opened', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a teacher issues and counts on a phone; the admin and the bureau see the mismatch on a desktop', async () => {
    shotOnFailure(browser, `chemicals-failure`);

    // The teacher's phone: the registry's main page, then the cabinet.
    const staff = await signIn(browser, 'huarun_staff', PHONE_390);
    await staff.goto(`${baseUrl()}/registries/chemicals`);
    await staff.getByTestId('store-row').first().waitFor();
    expect(await overflow(staff), 'the page fits 390 px').toBeLessThanOrEqual(1);
    await shot(staff, 'chemicals-0-phone-390');
    expect(severe(await axe(staff, 'chemicals-phone'))).toEqual([]);
    await staff.getByTestId('store-row').first().click();
    await staff.waitForURL(/\/registries\/chemicals\/stores\/\d+$/);
    const storeId = staff.url().split('/').pop()!;
    const before = await getJson<StoreDetail>(staff, `/api/registries/chemical-stores/${storeId}`);
    const alcohol = before.balances.find((b) => b.name.includes('酒精'))!;
    expect(alcohol, '华润小学’s cabinet holds 医用酒精 in the demo').toBeTruthy();

    // Issue 100 mL to a lesson.
    await staff.getByTestId('store-move').click();
    await staff.getByTestId('movement-form').waitFor();
    await pick(staff, 'movement-chemical', '医用酒精');
    await staff.getByTestId('movement-quantity').fill('100');
    await staff.getByTestId('movement-teacher').fill('王海燕');
    await staff.getByTestId('movement-lesson').fill('五年级科学：酒精灯的使用');
    await staff.getByTestId('movement-save').click();
    await expect.poll(() => staff.getByTestId(`balance-${alcohol.chemicalId}`).textContent(), { timeout: 15_000 }).toBe(`${alcohol.quantity - 100} mL`);

    // An issue larger than the book is refused, in Chinese, under its field.
    await staff.getByTestId('store-move').click();
    await pick(staff, 'movement-chemical', '医用酒精');
    await staff.getByTestId('movement-quantity').fill(String(alcohol.quantity * 10));
    await staff.getByTestId('movement-teacher').fill('王海燕');
    await staff.getByTestId('movement-lesson').fill('五年级科学');
    await staff.getByTestId('movement-save').click();
    await expect.poll(() => staff.getByTestId('movement-form').textContent()).toContain('超过库存');
    await shot(staff, 'chemicals-1-refused');
    await staff.keyboard.press('Escape');
    await staff.getByTestId('movement-form').waitFor({ state: 'detached' });

    // Count the cabinet: 医用酒精 is 20 mL short of the book, the rest as booked.
    const book = await getJson<StoreDetail>(staff, `/api/registries/chemical-stores/${storeId}`);
    await staff.getByTestId('store-count').click();
    await staff.getByTestId('count-form').waitFor();
    await staff.getByTestId('count-by').fill('张老师');
    for (const b of book.balances) await staff.getByTestId(`count-line-${b.chemicalId}`).fill(String(b.chemicalId === alcohol.chemicalId ? b.quantity - 20 : b.quantity));
    await staff.getByTestId('count-save').click();
    const result = staff.getByTestId('count-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toContain('账实不符 1 种，已自动上报隐患');
    await shot(staff, 'chemicals-2-mismatch');
    await staff.getByTestId('count-hazard-link').click();
    await staff.waitForURL(/\/hazards\/\d+$/);
    const hazardId = staff.url().split('/').pop()!;
    await expect.poll(() => staff.locator('h1').textContent()).toContain('危化品账实不符');
    await shot(staff, 'chemicals-3-hazard');

    // The admin's desktop: the cabinet lists the hazard it opened.
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    await admin.goto(`${baseUrl()}/registries/chemicals`);
    await admin.getByTestId('store-row').first().waitFor();
    await shot(admin, 'chemicals-4-desktop');
    expect(severe(await axe(admin, 'chemicals-desktop'))).toEqual([]);
    await admin.goto(`${baseUrl()}/registries/chemicals/stores/${storeId}`);
    await admin.getByTestId('store-hazard').first().waitFor();
    expect(await admin.getByTestId('store-hazard').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toContain(`/hazards/${hazardId}`);
    await shot(admin, 'chemicals-5-store-desktop');

    // The bureau: the cabinet is among the stores that do not reconcile.
    const bureau = await signIn(browser, 'wujiawei', DESKTOP);
    await bureau.goto(`${baseUrl()}/registries/chemicals?mismatch=true`);
    await bureau.getByTestId('store-row').first().waitFor();
    await expect.poll(() => bureau.getByTestId('chemicals-page').textContent()).toContain('华润小学');
    await shot(bureau, 'chemicals-6-bureau');
  }, 180_000);
});
