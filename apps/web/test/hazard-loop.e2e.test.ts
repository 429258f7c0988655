import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Runs one action from the detail page: opens its form, lets `fill` complete it, submits, waits for the new state. */
async function act(page: Page, action: string, expectedState: string, fill: (page: Page) => Promise<void> = async () => {}) {
  await page.getByTestId(`hazard-action-${action}`).click();
  await fill(page);
  await page.getByTestId('hazard-form-submit').click();
  await expect.poll(async () => page.getByTestId('hazard-state').getAttribute('data-state'), { timeout: 15_000 }).toBe(expectedState);
}

describe.skipIf(!hasBrowser())('the closed loop in the browser: 上报 → 登记 → 整改 → 验收 → 销号', () => {
  let browser: Browser;
  let photoFile: string;
  let evidenceFile: string;
  const title = `二楼走廊灭火器过期-${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-e2e-photos-'));
    photoFile = path.join(dir, '现场照片.jpg');
    evidenceFile = path.join(dir, '整改后.jpg');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 40, b: 30 } } }).jpeg().toFile(photoFile);
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 160, b: 60 } } }).jpeg().toFile(evidenceFile);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the 华润小学 admin reports with a photo, registers, rectifies; the team-1 member closes; the bureau sees 已销号 with the whole timeline', async () => {
    // 随手报 on a phone, with a camera photo.
    const phone = await signIn(browser, 'huarun_admin', PHONE);
    await phone.goto(`${baseUrl()}/report`);
    await phone.getByTestId('report-photo-input').setInputFiles(photoFile);
    await phone.getByTestId('report-title').fill(title);
    await phone.getByTestId('report-domains').getByText('消防安全').click();
    await shot(phone, 'report-phone-filled');
    await phone.getByTestId('report-submit').click();
    try {
      await phone.getByText('已上报').first().waitFor({ timeout: 20_000 });
    } catch (e) {
      await shot(phone, 'report-phone-failed');
      throw e;
    }
    await phone.getByRole('link', { name: /查看这条隐患/ }).click();
    await phone.waitForURL(/\/hazards\/\d+$/);
    const hazardUrl = phone.url();
    await expect.poll(async () => phone.getByTestId('hazard-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('reported');

    // The same admin registers with the five commitments and rectifies, on a desktop.
    const desk = await signIn(browser, 'huarun_admin', DESKTOP);
    await desk.goto(hazardUrl);
    // 登记 starts the rectification itself (no separate 开始整改 step).
    await act(desk, 'register', 'rectifying', async (p) => {
      const dialog = p.getByRole('dialog');
      await dialog.getByLabel('整改责任人').fill('周明（安全管理员）');
      await dialog.getByLabel('整改资金').fill('860');
      // On a desktop the date is typed (phones get the calendar).
      await dialog.getByLabel('整改时限').fill(today());
      await dialog.getByLabel('整改时限').press('Enter');
      await dialog.getByLabel('整改措施').fill('更换过期灭火器 4 具，补充压力检查记录');
      await dialog.getByLabel('应急预案').fill('更换前在走廊增设临时灭火器，安排专人每日巡查');
    });
    expect(await desk.getByTestId('hazard-action-start_rectification').count()).toBe(0);
    await act(desk, 'request_verification', 'pending_verification', async (p) => {
      const dialog = p.getByRole('dialog');
      await dialog.locator('input[type=file]').setInputFiles(evidenceFile);
      await expect.poll(async () => dialog.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await dialog.getByLabel('整改情况说明').fill('已更换 4 具灭火器并张贴检查卡');
    });
    // The rectifier cannot close their own fix.
    expect(await desk.getByTestId('hazard-action-close').count()).toBe(0);

    // The team-1 member verifies and closes.
    const member = await signIn(browser, 'xumin', DESKTOP);
    await member.goto(hazardUrl);
    await act(member, 'close', 'closed', async (p) => {
      await p.getByRole('dialog').getByLabel(/验收意见/).fill('现场复查，灭火器均在有效期内');
    });

    // The bureau's ledger shows it 已销号, with the full timeline.
    const bureau = await signIn(browser, 'wujiawei', DESKTOP);
    await bureau.goto(`${baseUrl()}/hazards?q=${encodeURIComponent(title)}`);
    const row = bureau.getByTestId('hazard-row').filter({ hasText: title });
    await expect.poll(async () => row.innerText(), { timeout: 15_000 }).toContain('已销号');
    await shot(bureau, 'ledger-bureau-closed');
    await row.getByText(title).click();
    await bureau.getByTestId('hazard-timeline').waitFor();
    const items = await bureau.getByTestId('hazard-timeline-item').allInnerTexts();
    expect(items).toHaveLength(5);
    expect(items.join('\n')).toContain('徐敏');
    await shot(bureau, 'hazard-detail-bureau');
  });
});
