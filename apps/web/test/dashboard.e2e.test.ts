import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, getJson, hasBrowser, launch, PHONE_390, severe, shot, shotOnFailure, signIn, type AxeViolation } from './browser.js';

/*
 * The bureau's picture in the browser (issue 14 item 1) and the home pages' day of work (issue
 * 15): bureau staff open the district dashboard and drill from an area's overdue count to the
 * ledger, which lists exactly that many; the leader's view fits 1920×1080; the phone view at
 * 390×844 does not overflow; each role's home shows its work. Screenshots go to test-results/.
 */

const LEADER = { width: 1920, height: 1080 };

type Json = Record<string, unknown>;
type Figures = { overdueHazards: number; openHazards: number; schools: number };
type Dash = { unit: { id: string; name: string; kind: string }; figures: Figures; children: { unit: { id: string; name: string; kind: string }; figures: Figures }[] };


/**
 * The shell's avatar and the bell's unread count (white on antd's blue / red, apps/web/src/layout)
 * are shared findings, counted apart as the other browser tests do.
 */
const isShared = (v: AxeViolation) => v.nodes.every((n) => n.includes('.ant-avatar-string') || n.includes('.xa-bell-count'));

const axeCounts: Record<string, { total: number; severe: number; shared: string[] }> = {};
async function checkAxe(page: Page, name: string): Promise<AxeViolation[]> {
  const all = await axe(page, name);
  const v = all.filter((x) => !isShared(x));
  axeCounts[name] = { total: v.length, severe: severe(v).length, shared: all.filter(isShared).map((x) => x.id) };
  return v;
}

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const docHeight = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight));

/** The dashboard drawn: its figures, and its charts given a frame to paint. */
async function dashboardReady(page: Page): Promise<void> {
  await page.getByTestId('dashboard-view').waitFor({ timeout: 30_000 });
  await page.getByTestId('dash-fig-overdue').waitFor();
  await page.getByTestId('dash-trend-card').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(600);
}

/** The ledger's "共 N 条" once the list has loaded. */
async function ledgerTotal(page: Page): Promise<number> {
  const total = page.locator('.ant-pagination-total-text');
  await total.first().waitFor({ timeout: 20_000 });
  await expect.poll(async () => page.locator('.ant-table-row, .ant-table-placeholder').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const text = await total.first().innerText();
  return Number(/共\s*(\d+)/.exec(text)?.[1] ?? NaN);
}

describe.skipIf(!hasBrowser())('the dashboard and the home pages in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  /** On a failure, every page as it stood, for a person to look at. */
  const keepShotsOnFailure = (name: string) =>
    shotOnFailure(browser, `dashboard-failed-${name}`);

  afterAll(async () => {
    await browser?.close();
    console.info('axe violations per page (all / serious+critical):', JSON.stringify(axeCounts));
  });

  it('bureau staff drill from an area’s overdue count to the ledger, which lists the same number; the area’s own dashboard agrees', async () => {
    keepShotsOnFailure('drill');
    const page = await signIn(browser, 'wujiawei', DESKTOP);
    page.on('pageerror', (e) => console.error('page error:', e.stack));
    await page.goto(`${baseUrl()}/dashboard`);
    await dashboardReady(page);
    await shot(page, 'dashboard-bureau-staff');
    expect(severe(await checkAxe(page, 'dashboard-bureau-staff'))).toEqual([]);

    // The district's figures are the server's, and its children (areas) add up to them.
    const district = await getJson<Dash>(page, '/api/dashboard');
    expect(district.unit.kind).toBe('bureau');
    expect(Number(await page.getByTestId('dash-fig-overdue').getAttribute('data-value'))).toBe(district.figures.overdueHazards);
    expect(district.children.reduce((n, c) => n + c.figures.overdueHazards, 0)).toBe(district.figures.overdueHazards);
    expect(district.figures.overdueHazards, 'the demo district has overdue hazards').toBeGreaterThan(0);

    // An area with overdue hazards: its row's overdue count opens the ledger with that area and overdue=1.
    const area = district.children.filter((c) => c.unit.kind === 'area').sort((a, b) => b.figures.overdueHazards - a.figures.overdueHazards)[0]!;
    expect(area.figures.overdueHazards).toBeGreaterThan(0);
    const row = page.locator(`[data-testid="dash-child"][data-unit="${area.unit.name}"]`);
    const cell = row.getByTestId('child-overdue');
    expect(Number(await cell.getAttribute('data-value'))).toBe(area.figures.overdueHazards);
    await cell.click();
    await page.waitForURL((u) => u.pathname === '/hazards' && u.searchParams.get('area') === area.unit.id && u.searchParams.get('overdue') === '1');
    expect(await ledgerTotal(page)).toBe(area.figures.overdueHazards);
    // Every row the ledger shows is overdue.
    const flags = await page.locator('[data-testid="hazard-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-overdue')));
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((f) => f === 'true')).toBe(true);
    await shot(page, 'dashboard-drill-ledger');

    // Back on the dashboard, the area's name drills into its own dashboard: the same number, its schools below.
    await page.goBack();
    await dashboardReady(page);
    await page.locator(`[data-testid="dash-child"][data-unit="${area.unit.name}"]`).getByTestId('dash-drill').click();
    await page.waitForURL((u) => u.pathname === '/dashboard' && u.searchParams.get('unitId') === area.unit.id);
    await expect.poll(async () => page.getByTestId('dashboard-view').getAttribute('data-unit'), { timeout: 20_000 }).toBe(area.unit.name);
    expect(Number(await page.getByTestId('dash-fig-overdue').getAttribute('data-value'))).toBe(area.figures.overdueHazards);
    await page.getByTestId('dash-trail').waitFor();
    expect(await page.getByTestId('dash-trail').innerText()).toContain(area.unit.name);
    const schoolRows = await page.locator('[data-testid="dash-child"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(schoolRows.length).toBeGreaterThan(0);
    expect(schoolRows.every((k) => k === 'school')).toBe(true);
    // By team: the district's children become the supervision teams.
    await page.goto(`${baseUrl()}/dashboard?by=team`);
    await dashboardReady(page);
    await expect.poll(async () => page.locator('[data-testid="dash-child"][data-kind="team"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, 'dashboard-by-team');

    // The bureau staff's home: the district's picture and what waits on them.
    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('dashboard-compact').waitFor({ timeout: 30_000 });
    await page.getByTestId('home-review-queue').waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'home-bureau-staff');
    expect(severe(await checkAxe(page, 'home-bureau-staff'))).toEqual([]);
  });

  it('the leader’s view fits 1920×1080 without scrolling', async () => {
    keepShotsOnFailure('leader');
    const page = await signIn(browser, 'renjie', LEADER);
    await page.goto(`${baseUrl()}/dashboard`);
    await dashboardReady(page);
    await shot(page, 'dashboard-leader-1920x1080');
    expect(await docHeight(page)).toBeLessThanOrEqual(LEADER.height);
    expect(await overflowX(page)).toBeLessThanOrEqual(LEADER.width);
    expect(severe(await checkAxe(page, 'dashboard-leader'))).toEqual([]);
  });

  it('on a phone (390×844) the dashboard and the school’s home do not overflow sideways; the school home shows today’s checks', async () => {
    keepShotsOnFailure('phone');
    const staff = await signIn(browser, 'wujiawei', PHONE_390);
    await staff.goto(`${baseUrl()}/dashboard`);
    await dashboardReady(staff);
    expect(await overflowX(staff)).toBeLessThanOrEqual(PHONE_390.width);
    await shot(staff, 'dashboard-phone');
    expect(severe(await checkAxe(staff, 'dashboard-phone'))).toEqual([]);

    const school = await signIn(browser, 'huarun_admin', PHONE_390);
    await school.goto(`${baseUrl()}/`);
    const checks = school.getByTestId('home-today-checks');
    await checks.waitFor({ timeout: 30_000 });
    await expect.poll(async () => checks.getByTestId('home-due-check').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await checks.innerText()).not.toContain('待上线');
    // The card's numbers are the schedule's (the 今日待查 page reads the same request).
    const schedule = await getJson<{ items: { status: string }[] }>(school, '/api/inspection-schedule');
    expect(Number(await checks.getAttribute('data-due'))).toBe(schedule.items.filter((i) => i.status === 'due').length);
    await school.getByTestId('home-reports').waitFor();
    await school.getByTestId('home-notices').waitFor();
    await expect.poll(async () => school.getByTestId('home-report').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await school.waitForTimeout(500);
    expect(await overflowX(school)).toBeLessThanOrEqual(PHONE_390.width);
    await shot(school, 'home-school-admin-phone');
    expect(severe(await checkAxe(school, 'home-school-admin-phone'))).toEqual([]);
    // One tap starts a due check.
    const start = checks.locator('[data-testid="home-due-check"][data-status="due"] button').first();
    if (await start.count()) {
      await start.click();
      await school.waitForURL(/\/inspections\/check\/\d+/);
    }
  });

  it('the team member’s home shows its schools’ picture and its supervision plans', async () => {
    keepShotsOnFailure('team');
    const page = await signIn(browser, 'xumin', DESKTOP);
    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('dashboard-compact').waitFor({ timeout: 30_000 });
    await page.getByTestId('home-planned-visits').waitFor();
    const team = await getJson<Dash>(page, '/api/dashboard');
    expect(team.unit.kind).toBe('team');
    expect(Number(await page.getByTestId('dash-fig-overdue').getAttribute('data-value'))).toBe(team.figures.overdueHazards);
    expect(await page.getByTestId('home-planned-visits').innerText()).not.toContain('待上线');
    const planned = await getJson<{ total: number }>(page, '/api/supervision-visits?status=planned&pageSize=1');
    expect(Number(await page.getByTestId('home-planned-visits').getAttribute('data-total'))).toBe(planned.total);
    const done = await getJson<{ total: number }>(page, '/api/supervision-visits?status=done&pageSize=1');
    console.info(`team home: ${planned.total} planned visits, ${done.total} done; supervision coverage ${team.figures.schools} schools`);
    await page.waitForTimeout(500);
    await shot(page, 'home-team-member');
    expect(severe(await checkAxe(page, 'home-team-member'))).toEqual([]);
  });
});
