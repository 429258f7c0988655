import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

type Json = Record<string, unknown>;

/** An API call from inside the signed-in browser context (its cookies, and the CSRF header for writes). */
async function apiCall(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<{ status: number; body: Json }> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'xiaoan_csrf')?.value ?? '';
  const res = await page.request.fetch(`${baseUrl()}${url}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
  return { status: res.status(), body: (await res.json()) as Json };
}

describe.skipIf(!hasBrowser())('inspections in the browser', () => {
  let browser: Browser;
  let photoFile: string;

  beforeAll(async () => {
    browser = await launch();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-e2e-check-'));
    photoFile = path.join(dir, '灭火器.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 220, g: 60, b: 40 } } }).jpeg().toFile(photoFile);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the 华润小学 admin opens a point from its QR URL on a phone, fails an item with a photo, registers it as a hazard, and the ledger links it to the check', async () => {
    const phone = await signIn(browser, 'huarun_admin', PHONE);
    const me = (await apiCall(phone, 'GET', '/api/auth/me')).body as { unit: { id: string } };
    const lists = (await apiCall(phone, 'GET', '/api/checklists?domain=fire')).body as { items: { id: string; title: string }[] };
    expect(lists.items.length).toBeGreaterThan(0);
    const created = await apiCall(phone, 'POST', '/api/inspection-points', {
      unitId: me.unit.id,
      name: `二号教学楼-${Date.now() % 100000}`,
      pointType: 'teaching_block',
      location: '一楼东侧',
      frequency: 'daily',
      checklistIds: [lists.items[0]!.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const qrPath = (created.body as { qrPath: string }).qrPath;

    await phone.goto(`${baseUrl()}${qrPath}`);
    await phone.getByTestId('check-page').waitFor({ timeout: 20_000 });
    await expect.poll(() => phone.url()).toContain('token=');
    await phone.getByText('扫码现场检查').waitFor();
    // Fail the first item with a note and a photo; the rest pass.
    const firstItem = phone.locator('[data-testid^="item-"]').first();
    const code = ((await firstItem.getAttribute('data-testid')) ?? '').replace('item-', '');
    await phone.getByTestId(`answer-${code}-fail`).click();
    await phone.getByTestId(`note-${code}`).fill('3号灭火器压力指针在红区');
    await phone.getByTestId(`photo-${code}`).setInputFiles(photoFile);
    await expect.poll(async () => phone.getByTestId('check-submit').isEnabled(), { timeout: 20_000 }).toBe(true);
    await phone.getByTestId('check-all-pass').click();
    await phone.getByTestId('check-all-pass-ok').click();
    await shot(phone, 'inspection-check-phone');
    await phone.getByTestId('check-submit').click();
    await phone.getByTestId('check-submit-ok').click();
    await phone.getByTestId('check-failed').waitFor({ timeout: 20_000 });
    await shot(phone, 'inspection-check-phone-done');

    await phone.getByTestId(`raise-${code}`).click();
    // Reported only here (the one-step registration with the five commitments is front-line-flows.e2e).
    await phone.getByTestId('raise-with-register').click();
    await phone.getByTestId('raise-confirm').click();
    const link = phone.getByTestId(`hazard-link-${code}`);
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await phone.waitForURL(/\/hazards\/\d+$/);
    const origin = phone.getByTestId('hazard-origin-inspection');
    await origin.waitFor({ timeout: 15_000 });
    await shot(phone, 'inspection-hazard-linked-phone');
    const hazardId = phone.url().split('/').pop()!;

    // In the ledger (desktop): the hazard is there, found by 自查, and its detail links back to the check.
    const desk = await signIn(browser, 'huarun_admin', DESKTOP);
    await desk.goto(`${baseUrl()}/hazards?source=self`);
    await desk.locator(`a[href="/hazards/${hazardId}"]`).first().waitFor({ timeout: 15_000 });
    await desk.locator(`a[href="/hazards/${hazardId}"]`).first().click();
    await desk.getByTestId('hazard-origin-inspection').click();
    await desk.waitForURL(/\/inspections\/\d+$/);
    await desk.getByTestId(`hazard-link-${code}`).waitFor({ timeout: 15_000 });
    await shot(desk, 'inspection-record-desktop');
    await phone.context().close();
    await desk.context().close();
  });

  it('the team-1 member records a supervision visit to a team-1 school and cannot start one for a team-2 school', async () => {
    const page = await signIn(browser, 'xumin', DESKTOP);
    const teams = (await apiCall(page, 'GET', '/api/supervision-teams')).body as { items: { id: string; name: string; schools: { id: string; name: string }[] }[] };
    const team = teams.items[0]!;
    const huarun = team.schools.find((s) => s.name.includes('华润小学'));
    expect(huarun, '华润小学 is a team-1 school').toBeTruthy();

    await page.goto(`${baseUrl()}/supervision?teamId=${team.id}`);
    await page.getByTestId('coverage-table').waitFor({ timeout: 20_000 });
    await page.getByTestId(`plan-${huarun!.id}`).click();
    await page.getByTestId('visit-plan-ok').click();
    await page.waitForURL(/\/supervision\/visits\/\d+$/, { timeout: 15_000 });
    await page.getByTestId('visit-record-done').click();
    await page.getByText('已完成').first().waitFor({ timeout: 15_000 });
    await shot(page, 'supervision-visit-desktop');

    // 虹景小学 belongs to team 2: the API refuses, with a Chinese message, and nothing is created.
    const units = (await apiCall(page, 'GET', `/api/units?kind=school&q=${encodeURIComponent('虹景小学')}`)).body as { items: { id: string }[] };
    const hongjingId = units.items[0]?.id ?? '0';
    const refused = await apiCall(page, 'POST', '/api/supervision-visits', { teamId: team.id, schoolId: hongjingId, kind: 'unannounced', plannedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()) });
    expect([403, 404]).toContain(refused.status);
    expect(JSON.stringify(refused.body)).toMatch(/[\u4e00-\u9fa5]/);
    // And the coverage page offers no way to plan one there.
    await page.goto(`${baseUrl()}/supervision?teamId=${team.id}`);
    await page.getByTestId('coverage-table').waitFor();
    expect(await page.getByTestId(`plan-${hongjingId}`).count()).toBe(0);
    await page.context().close();
  });

  it('the bureau reads each school\'s completion; points with their QR sheet, checklists and 回头看 render on desktop and phone', async () => {
    const desk = await signIn(browser, 'wujiawei', DESKTOP);
    await desk.goto(`${baseUrl()}/inspections`);
    await desk.getByText('完成率').first().waitFor({ timeout: 20_000 });
    await desk.locator('.ant-table-row').first().waitFor({ timeout: 20_000 });
    await shot(desk, 'inspection-completion-desktop');
    await desk.goto(`${baseUrl()}/inspections/checklists`);
    await desk.getByText('消防安全日常检查').first().waitFor({ timeout: 20_000 });
    await shot(desk, 'inspection-checklists-desktop');
    await desk.context().close();

    const phone = await signIn(browser, 'huarun_admin', PHONE);
    await phone.goto(`${baseUrl()}/inspections`);
    await phone.locator('[data-testid^="due-"]').first().waitFor({ timeout: 20_000 });
    await shot(phone, 'inspection-due-phone');
    await phone.goto(`${baseUrl()}/inspections/points`);
    await phone.getByTestId('points-print').waitFor({ timeout: 20_000 });
    await shot(phone, 'inspection-points-phone');
    const me = (await apiCall(phone, 'GET', '/api/auth/me')).body as { unit: { id: string } };
    const sheet = await phone.request.get(`${baseUrl()}/api/units/${me.unit.id}/inspection-points/print`);
    expect(sheet.status()).toBe(200);
    const html = await sheet.text();
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThan(3);
    const sheetPage = await phone.context().newPage();
    await sheetPage.setViewportSize({ width: 794, height: 1123 });
    await sheetPage.goto(`${baseUrl()}/api/units/${me.unit.id}/inspection-points/print`);
    await shot(sheetPage, 'inspection-qr-sheet-a4');
    await phone.goto(`${baseUrl()}/inspections/follow-ups`);
    await phone.getByText('回头看').first().waitFor({ timeout: 20_000 });
    await shot(phone, 'inspection-follow-ups-phone');
    await phone.context().close();
  });
});
