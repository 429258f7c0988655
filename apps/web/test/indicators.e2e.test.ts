import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, getJson, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The four 100 % indicators (四个100%) in the browser: the bureau's dashboard shows them in its
 * heading; they open the indicators page, whose four figures equal the API's and are not all
 * 100 % in the demo district; the guards indicator drills to its failing schools, among them
 * 华润小学 (a guard's certificate lapsed), whose security page shows why. 1920×1080 and 390 px.
 */

const WIDE = { width: 1920, height: 1080 };

type Four100 = { unit: { id: string; name: string }; indicators: { code: string; rate: number; schools: number; passing: number; failing: { unitId: string; name: string }[] }[] };



describe.skipIf(!hasBrowser())('the four 100 % indicators: dashboard → indicators → failing schools → a school’s security page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the bureau drills from the dashboard to a failing school, at 1920×1080', async () => {
    shotOnFailure(browser, `indicators-failure`);
    const staff = await signIn(browser, 'wujiawei', WIDE);
    const api = await getJson<Four100>(staff, '/api/indicators/four-100');
    expect(api.indicators.map((i) => i.code)).toEqual(['full_time_guards', 'closed_campus', 'alarm_video', 'escort_posts']);
    expect(api.indicators.every((i) => i.schools === 80)).toBe(true);
    expect(api.indicators.some((i) => i.rate < 1), 'the demo district is not all 100 %').toBe(true);

    await staff.goto(`${baseUrl()}/dashboard`);
    await staff.getByTestId('dash-four100').waitFor({ timeout: 30_000 });
    await staff.getByTestId('dash-four100-link').click();
    await staff.waitForURL(/\/indicators$/);
    await expect.poll(() => staff.getByTestId('four100-card').count(), { timeout: 20_000 }).toBe(4);
    for (const i of api.indicators) {
      const card = staff.locator(`[data-testid="four100-card"][data-code="${i.code}"]`);
      expect(await card.getAttribute('data-rate')).toBe(String(i.rate));
      expect(await card.getByTestId('four100-passing').textContent()).toBe(String(i.passing));
    }
    await expect.poll(() => staff.getByTestId('breakdown-row').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(severe(await axe(staff, 'indicators-district'))).toEqual([]);
    expect(await overflow(staff)).toBeLessThanOrEqual(0);
    await shot(staff, 'indicators-1920x1080');

    // The guards indicator's failing schools: 华润小学 is among them, with its reason.
    const guards = api.indicators.find((i) => i.code === 'full_time_guards')!;
    expect(guards.failing.map((f) => f.name)).toContain('华润小学');
    await staff.locator('[data-testid="four100-card"][data-code="full_time_guards"]').getByTestId('four100-failing-link').click();
    await staff.waitForURL(/code=full_time_guards/);
    const rows = staff.getByTestId('failing-school');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(guards.schools - guards.passing);
    const huarun = rows.filter({ hasText: '华润小学' });
    expect(await huarun.textContent()).toContain('合格专职保安员');
    await shot(staff, 'indicators-failing-1920x1080');
    await huarun.getByTestId('failing-school-link').click();
    await staff.waitForURL(/\/registries\/guards\/schools\/\d+$/);
    await staff.getByTestId('school-security').waitFor({ timeout: 20_000 });
    expect(await staff.locator('[data-testid="school-indicator"][data-code="full_time_guards"]').getAttribute('data-passing')).toBe('false');
    await expect.poll(() => staff.locator('[data-testid="certificate-state"][data-state="expired"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await staff.getByTestId('profile-edit').count(), 'the bureau reads, the school keeps it').toBe(0);
    expect(severe(await axe(staff, 'school-security'))).toEqual([]);
    await shot(staff, 'indicators-school-1920x1080');

    // An area's own figures (drill-down from the district's breakdown).
    await staff.goto(`${baseUrl()}/indicators`);
    const first = staff.getByTestId('breakdown-link').first();
    await first.waitFor({ timeout: 20_000 });
    await first.click();
    await staff.waitForURL(/unitId=\d+/);
    const areaId = new URL(staff.url()).searchParams.get('unitId')!;
    const area = await getJson<Four100>(staff, `/api/indicators/four-100?unitId=${areaId}`);
    await expect.poll(() => staff.locator('h1').textContent(), { timeout: 20_000 }).toContain(area.unit.name);
    expect(await staff.locator('[data-testid="four100-card"][data-code="closed_campus"]').getAttribute('data-rate')).toBe(String(area.indicators[1]!.rate));
  });

  it('on a phone (390 px) the indicators page does not overflow sideways; the school admin sees its own school', async () => {
    const phone = await signIn(browser, 'wujiawei', PHONE_390);
    await phone.goto(`${baseUrl()}/indicators?code=alarm_video`);
    await expect.poll(() => phone.getByTestId('four100-card').count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => phone.getByTestId('failing-school').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    expect(severe(await axe(phone, 'indicators-phone'))).toEqual([]);
    await shot(phone, 'indicators-390');

    const school = await signIn(browser, 'huarun_admin', PHONE_390);
    await school.goto(`${baseUrl()}/indicators`);
    await expect.poll(() => school.getByTestId('four100-card').count(), { timeout: 20_000 }).toBe(4);
    expect(await school.locator('h1').textContent()).toContain('华润小学');
    expect(await school.locator('[data-testid="four100-card"][data-code="full_time_guards"]').getAttribute('data-rate')).toBe('0');
    await shot(school, 'indicators-school-390');
    expect(await overflow(school)).toBeLessThanOrEqual(0);
  });
});
