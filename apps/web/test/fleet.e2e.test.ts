import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DESKTOP, PHONE_390, axe, baseUrl, getJson, hasBrowser, launch, overflow, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The school-bus registry (校车台账) in the browser with the demo data: 华润小学's admin sees its
 * two buses — 苏D·X7312 out of service (annual inspection lapsed) and 苏D·X7316 with its
 * insurance expiring this month — opens the out-of-service bus and the hazard it opened, and
 * trying to put that bus on a new route is refused in Chinese; on a phone (390 px) the same list
 * is cards without sideways scrolling; the bureau filters the district's buses to the one out
 * of service. Screenshots of the main page at 390 px and at desktop width.
 */

describe.skipIf(!hasBrowser())('校车台账 in the browser: out of service, its hazard, a refused route, phone and desktop', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the school admin sees the lapsed bus out of service, its hazard, and cannot put it on a route', async () => {
    shotOnFailure(browser, 'fleet-failure-admin');
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    await admin.goto(`${baseUrl()}/registries/fleet`);
    const rows = admin.getByTestId('vehicle-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    const lapsed = rows.filter({ hasText: '苏D·X7312' });
    expect(await lapsed.getByTestId('vehicle-status').textContent()).toBe('停运（证件过期）');
    expect(await rows.filter({ hasText: '苏D·X7316' }).getByTestId('vehicle-status').textContent()).toBe('证件即将到期');
    expect(severe(await axe(admin, 'fleet-list'))).toEqual([]);
    await shot(admin, 'fleet-1-desktop');

    await lapsed.getByTestId('vehicle-link').click();
    await admin.waitForURL(/\/registries\/fleet\/vehicles\/\d+$/);
    await expect.poll(() => admin.getByTestId('vehicle-hazard').count(), { timeout: 20_000 }).toBe(1);
    expect(await admin.getByTestId('vehicle-hazard').textContent()).toContain('年检已过期');
    expect(await admin.getByTestId('vehicle-out-of-service').isVisible()).toBe(true);
    expect(severe(await axe(admin, 'fleet-vehicle'))).toEqual([]);
    await shot(admin, 'fleet-2-vehicle');
    await admin.getByTestId('vehicle-hazard').click();
    await admin.waitForURL(/\/hazards\/\d+$/);
    await expect.poll(() => admin.locator('h1').textContent(), { timeout: 20_000 }).toContain('苏D·X7312');

    // A new route on the lapsed bus is refused, nothing written.
    const before = await getJson<{ total: number }>(admin, '/api/registries/bus-routes');
    await admin.goto(`${baseUrl()}/registries/fleet?tab=bus-routes`);
    await admin.getByTestId('fleet-new-bus-routes').click();
    await admin.getByTestId('route-name').fill('三号线（午班）');
    await admin.getByTestId('route-stop-name').first().fill('红梅公园');
    await admin.getByTestId('route-stop-time').first().fill('12:10');
    await admin.getByTestId('route-vehicle').click();
    await admin.locator('.ant-select-item-option', { hasText: '苏D·X7312（停运）' }).click();
    await admin.getByTestId('route-save').click();
    await expect.poll(() => admin.getByTestId('route-error').textContent(), { timeout: 20_000 }).toContain('苏D·X7312 停运中');
    await shot(admin, 'fleet-3-route-refused');
    expect((await getJson<{ total: number }>(admin, '/api/registries/bus-routes')).total).toBe(before.total);
    await admin.close();
  });

  it('shows the same list as cards on a 390 px phone, nothing wider than the screen', async () => {
    shotOnFailure(browser, 'fleet-failure-phone');
    const phone = await signIn(browser, 'huarun_admin', PHONE_390);
    await phone.goto(`${baseUrl()}/registries/fleet`);
    await expect.poll(() => phone.getByTestId('vehicle-row').count(), { timeout: 20_000 }).toBe(2);
    expect(await phone.locator('.ant-card [data-testid="vehicle-row"], [data-testid="vehicle-row"].ant-card').count()).toBe(2);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    expect(severe(await axe(phone, 'fleet-phone'))).toEqual([]);
    await shot(phone, 'fleet-4-phone-390');
    await phone.close();
  });

  it('lets the bureau filter the district’s buses to the one out of service', async () => {
    shotOnFailure(browser, 'fleet-failure-bureau');
    const bureau = await signIn(browser, 'wujiawei', DESKTOP);
    await bureau.goto(`${baseUrl()}/registries/fleet?status=out_of_service`);
    const rows = bureau.getByTestId('vehicle-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('华润小学');
    await shot(bureau, 'fleet-5-bureau');
    await bureau.close();
  });
});
