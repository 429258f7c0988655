import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, getJson, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * The two lists (两个清单) in the browser: the 华润小学 admin opens a closed hazard and proposes a
 * measure from it in one step (举一反三), finds it in 制度措施清单, marks it established with its
 * document, and exports both lists (one .xlsx with the sheets 问题隐患清单 and 制度措施清单); the
 * bureau's overview shows the school's counts. Desktop and phone (390 px), axe on the pages.
 */




/** A one-page PDF standing for the adopted rule (the file route checks only the %PDF- header). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe.skipIf(!hasBrowser())('the two lists in the browser: 举一反三 from a closed hazard → established with its document → export; the bureau’s overview', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the school admin proposes, establishes and exports; the bureau sees the counts', async () => {
    shotOnFailure(browser, `measures-failure`);
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    const closed = await getJson<{ items: { id: string; title: string; school: { id: string; name: string } }[]; total: number }>(admin, '/api/hazards?state=closed&pageSize=5');
    expect(closed.total, '华润小学 has closed hazards in the demo ledger').toBeGreaterThan(0);
    const hazard = closed.items[0]!;
    const schoolId = hazard.school.id;

    // A closed hazard proposes a measure in one step.
    await admin.goto(`${baseUrl()}/hazards/${hazard.id}`);
    await admin.getByTestId('hazard-measures').scrollIntoViewIfNeeded();
    await shot(admin, 'measures-0-closed-hazard');
    await admin.getByTestId('hazard-propose-measure').click();
    await admin.waitForURL(/\/measures\/\d+$/, { timeout: 20_000 });
    const measureId = admin.url().split('/').pop()!;
    await expect.poll(() => admin.getByTestId('measure-origin').first().textContent()).toContain(hazard.title);
    expect(await admin.locator('h1').textContent()).toContain('举一反三');
    expect(await admin.getByTestId('measure-status').textContent()).toBe('计划制定');
    expect(severe(await axe(admin, 'measures-detail'))).toEqual([]);
    await shot(admin, 'measures-1-proposed');

    // It is in the measure list.
    await admin.goto(`${baseUrl()}/measures`);
    const row = admin.getByTestId('measure-row').filter({ hasText: hazard.title });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(severe(await axe(admin, 'measures-list'))).toEqual([]);
    await shot(admin, 'measures-2-list');
    await admin.getByRole('tab', { name: '问题隐患清单' }).click();
    await expect.poll(() => admin.getByTestId('hazard-list-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(severe(await axe(admin, 'measures-hazard-list'))).toEqual([]);
    await shot(admin, 'measures-3-hazard-list');

    // Established with its document.
    await admin.goto(`${baseUrl()}/measures/${measureId}`);
    await admin.getByTestId('measure-move').click();
    await admin.getByTestId('measure-move-to').click();
    await admin.locator('.ant-select-item-option', { hasText: '已建立' }).click();
    await admin.getByTestId('measure-doc-input').setInputFiles({ name: '实验室安全管理制度.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => admin.getByTestId('measure-doc-name').textContent(), { timeout: 20_000 }).toContain('实验室安全管理制度.pdf');
    await admin.getByTestId('measure-move-note').fill('经校务会审议通过');
    expect(severe(await axe(admin, 'measures-move'))).toEqual([]);
    await shot(admin, 'measures-4-move');
    await admin.getByTestId('measure-move-save').click();
    await expect.poll(() => admin.getByTestId('measure-status').textContent(), { timeout: 20_000 }).toBe('已建立');
    expect(await admin.getByTestId('measure-document').textContent()).toBe('实验室安全管理制度.pdf');
    expect(await admin.getByTestId('measure-history').last().textContent()).toContain('计划制定 → 已建立');
    await shot(admin, 'measures-5-established');

    // Both lists export to one workbook.
    await admin.goto(`${baseUrl()}/measures`);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('measure-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^两个清单-华润小学-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题隐患清单', '制度措施清单']);
    const ms = wb.getWorksheet('制度措施清单')!;
    const rows: unknown[][] = [];
    ms.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const mine = rows.find((r) => String(r[10] ?? '').includes(hazard.title));
    expect(mine?.[7]).toBe('已建立');
    expect(wb.getWorksheet('问题隐患清单')!.rowCount).toBeGreaterThan(3 + closed.total - 1);

    // On a phone: the list as cards, nothing wider than the screen.
    const phone = await signIn(browser, 'huarun_admin', PHONE_390);
    await phone.goto(`${baseUrl()}/measures`);
    await expect.poll(() => phone.getByTestId('measure-card').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    expect(severe(await axe(phone, 'measures-list-phone'))).toEqual([]);
    await shot(phone, 'measures-6-list-phone');
    await phone.goto(`${baseUrl()}/measures/${measureId}`);
    await expect.poll(() => phone.getByTestId('measure-status').textContent(), { timeout: 20_000 }).toBe('已建立');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'measures-7-detail-phone');

    // The bureau's overview shows the school's counts and drills into its lists.
    const bureau = await signIn(browser, 'wujiawei', DESKTOP);
    const ov = await getJson<{ items: { schoolId: string; hazardsClosed: number; measures: { established: number }; measuresTotal: number }[] }>(bureau, '/api/measures/overview');
    const counts = ov.items.find((i) => i.schoolId === schoolId)!;
    expect(counts.measures.established).toBeGreaterThan(0);
    await bureau.goto(`${baseUrl()}/measures?pageSize=500`);
    const line = bureau.getByTestId('overview-row').filter({ hasText: '华润小学' });
    await expect.poll(() => line.count(), { timeout: 20_000 }).toBe(1);
    const cells = await line.locator('td').allTextContents();
    expect(cells[0]).toBe('华润小学');
    expect(cells[3]).toBe(String(counts.hazardsClosed));
    expect(cells[7]).toBe(String(counts.measures.established));
    expect(severe(await axe(bureau, 'measures-overview'))).toEqual([]);
    await shot(bureau, 'measures-8-overview');
    await line.getByTestId('overview-school').click();
    await bureau.waitForURL(new RegExp(`/measures/schools/${schoolId}$`));
    await expect.poll(() => bureau.getByTestId('measure-row').filter({ hasText: hazard.title }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await bureau.getByTestId('measure-new').count()).toBe(0);
    await shot(bureau, 'measures-9-school-lists');
    const bphone = await signIn(browser, 'wujiawei', PHONE_390);
    await bphone.goto(`${baseUrl()}/measures`);
    await expect.poll(() => bphone.getByTestId('overview-card').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await overflow(bphone)).toBeLessThanOrEqual(0);
    await shot(bphone, 'measures-10-overview-phone');
  }, 300_000);
});
