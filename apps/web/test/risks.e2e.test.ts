import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, getJson, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The risk register (风险分级管控) in the browser: 华润小学's admin assesses a canteen risk at
 * L3 × S4 = 12 in the form (the live preview reads 较大风险（橙）), sees it orange in the register,
 * links one of the school's hazards to it from the hazard page, and finds the hazard on the
 * risk's page; then the same on a phone (390 px, nothing wider than the screen). axe on the
 * register: no serious or critical violations.
 */




async function pick(page: Page, selector: string, option: string | RegExp) {
  await page.locator(selector).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

describe.skipIf(!hasBrowser())('the risk register in the browser: assess a canteen risk as orange → link a hazard → the risk shows it', () => {
  let browser: Browser;
  const name = `食堂食物中毒（浏览器测试 ${Date.now() % 100000}）`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the 华润小学 admin assesses, sees orange, links a hazard, and sees it on the risk', async () => {
    shotOnFailure(browser, `risks-failure`);
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    const points = await getJson<{ items: { id: string; name: string; pointType: string }[] }>(admin, '/api/inspection-points');
    const canteen = points.items.find((p) => p.pointType === 'canteen');
    expect(canteen, '华润小学 has a canteen point in the demo').toBeTruthy();

    // Assess the canteen risk in the form: L3 × S4 = 12, 较大风险（橙）.
    await admin.goto(`${baseUrl()}/risks`);
    await admin.getByTestId('risk-new').click();
    const form = admin.getByTestId('risk-form');
    await form.waitFor();
    await pick(admin, '#risk-point', canteen!.name);
    await admin.getByTestId('risk-name').fill(name);
    await admin.getByTestId('risk-description').fill('食材采购、储存、加工环节把关不严，可能导致师生食物中毒');
    await pick(admin, '#risk-domain', '食品安全');
    await pick(admin, '#risk-likelihood', '3 可能');
    await pick(admin, '#risk-severity', '4 严重');
    await expect.poll(() => admin.getByTestId('risk-score-preview').textContent()).toContain('12');
    expect(await admin.getByTestId('risk-score-preview-level').getAttribute('data-colour')).toBe('orange');
    expect(await admin.getByTestId('risk-score-preview-level').textContent()).toContain('较大风险（橙）');
    await admin.getByTestId('risk-measure-0').fill('落实食材索证索票，每日留样 48 小时');
    await shot(admin, 'risks-1-form-desktop');
    await admin.getByTestId('risk-save').click();
    await admin.waitForURL(/\/risks\/\d+$/, { timeout: 20_000 });
    const riskId = admin.url().split('/').pop()!;
    await expect.poll(() => admin.getByTestId('risk-detail-level').getAttribute('data-colour')).toBe('orange');
    expect(await admin.getByTestId('risk-measures').textContent()).toContain('每日留样 48 小时');

    // The register shows it orange.
    await admin.goto(`${baseUrl()}/risks?q=${encodeURIComponent('浏览器测试')}`);
    const row = admin.getByTestId('risk-row').filter({ hasText: name });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getByTestId('risk-level').getAttribute('data-colour')).toBe('orange');
    expect(await row.getByTestId('risk-level').textContent()).toContain('较大风险（橙）');
    await admin.goto(`${baseUrl()}/risks`);
    await expect.poll(() => admin.getByTestId('risk-row').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    await admin.waitForLoadState('networkidle');
    await shot(admin, 'risks-2-register-desktop');
    expect(severe(await axe(admin, 'risks-register-desktop'))).toEqual([]);

    // Link one of the school's hazards to it from the hazard page.
    const hazards = await getJson<{ items: { id: string; title: string; state: string }[] }>(admin, '/api/hazards?pageSize=20');
    const hazard = hazards.items.find((h) => h.state !== 'rejected')!;
    expect(hazard).toBeTruthy();
    await admin.goto(`${baseUrl()}/hazards/${hazard.id}`);
    const section = admin.getByTestId('hazard-risk');
    await section.waitFor({ timeout: 20_000 });
    await section.getByTestId('hazard-risk-pick').click();
    await admin.locator('[data-testid="hazard-risk-select"]').click();
    // Search first: the list is virtual, and earlier tests of the run may have added risks to the school.
    await admin.keyboard.type('浏览器测试');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    await expect.poll(() => section.locator('[data-testid="hazard-risk-select"]').textContent(), { timeout: 10_000 }).toContain(name);
    await section.getByTestId('hazard-risk-save').click();
    await expect.poll(() => section.getByTestId('hazard-risk-current').textContent(), { timeout: 20_000 }).toContain(name);
    await shot(admin, 'risks-3-hazard-linked-desktop');

    // The risk's page lists the hazard.
    await admin.goto(`${baseUrl()}/risks/${riskId}`);
    await expect.poll(() => admin.getByTestId('risk-hazard').filter({ hasText: hazard.title }).count(), { timeout: 20_000 }).toBe(1);
    await shot(admin, 'risks-4-detail-desktop');

    // The school's home lists its risks past their review date (the demo has some).
    await admin.goto(`${baseUrl()}/`);
    const due = admin.getByTestId('home-risks-due');
    await expect.poll(() => due.getAttribute('data-total'), { timeout: 20_000 }).not.toBe('0');
    expect(await due.getByTestId('home-risk-due').count()).toBeGreaterThan(0);

    // On a phone: the register as cards, orange, nothing wider than the screen; the detail too.
    const phone = await signIn(browser, 'huarun_admin', PHONE_390);
    await phone.goto(`${baseUrl()}/risks?q=${encodeURIComponent('浏览器测试')}`);
    const card = phone.getByTestId('risk-row').filter({ hasText: name });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await card.getByTestId('risk-level').getAttribute('data-colour')).toBe('orange');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.waitForLoadState('networkidle');
    await shot(phone, 'risks-5-register-phone');
    await card.click();
    await phone.waitForURL(new RegExp(`/risks/${riskId}$`));
    await expect.poll(() => phone.getByTestId('risk-hazard').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'risks-6-detail-phone');

    // The bureau's matrix page: the default thresholds and the 5×5 grid (viewed, not changed: other tests read the levels).
    const staff = await signIn(browser, 'wujiawei', DESKTOP);
    await staff.goto(`${baseUrl()}/risks/matrix`);
    const grid = staff.getByTestId('risk-matrix-grid');
    await grid.waitFor({ timeout: 20_000 });
    expect(await grid.locator('td[data-level="major"]').count()).toBe(3);
    expect(await grid.locator('td[data-level="low"]').count()).toBe(10);
    await staff.getByTestId('matrix-significant-min').fill('14');
    await expect.poll(() => staff.getByText('分值 12–13 未划入任何等级').count()).toBe(1);
    expect(await staff.getByTestId('matrix-save').isDisabled()).toBe(true);
    await shot(staff, 'risks-7-matrix-desktop');
    expect(severe(await axe(staff, 'risks-matrix-desktop'))).toEqual([]);
  }, 300_000);
});
