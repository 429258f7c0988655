import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

type Json = Record<string, unknown>;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** An API call from inside the signed-in browser context (its cookies, and the CSRF header for writes). */
async function apiCall(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<{ status: number; body: Json }> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'xiaoan_csrf')?.value ?? '';
  const res = await page.request.fetch(`${baseUrl()}${url}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
  return { status: res.status(), body: (await res.json()) as Json };
}

/** Answers a confirmation and waits until it has gone (a click during its opening animation may be lost: then again). */
async function confirm(page: Page, okTestId: string) {
  const ok = page.getByTestId(okTestId);
  for (let i = 0; i < 3 && (await ok.count()) > 0; i++) {
    await ok.click({ timeout: 10_000 }).catch(() => {});
    await ok.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
  }
  await page.locator('.ant-modal-confirm').waitFor({ state: 'detached', timeout: 10_000 });
}

const state = (page: Page) => page.getByTestId('hazard-state').getAttribute('data-state');
const nextStep = (page: Page) => page.getByTestId('hazard-next-step').innerText();

describe.skipIf(!hasBrowser())('flows that read as users speak (issue 15, item 4 and the department home)', () => {
  let browser: Browser;
  let beforeFile: string;
  let afterFile: string;

  beforeAll(async () => {
    browser = await launch();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-e2e-flows-'));
    beforeFile = path.join(dir, '整改前.jpg');
    afterFile = path.join(dir, '整改后.jpg');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 210, g: 50, b: 40 } } }).jpeg().toFile(beforeFile);
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 160, b: 70 } } }).jpeg().toFile(afterFile);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a school admin fails an item, registers it in one step with the five commitments (整改中), submits it, is told who verifies; the team member sees before/after side by side and closes it', async () => {
    const desk = await signIn(browser, 'huarun_admin', DESKTOP);
    const me = (await apiCall(desk, 'GET', '/api/auth/me')).body as { unit: { id: string } };
    const lists = (await apiCall(desk, 'GET', '/api/checklists?domain=fire')).body as { items: { id: string }[] };
    const point = await apiCall(desk, 'POST', '/api/inspection-points', {
      unitId: me.unit.id,
      name: `实验楼-${Date.now() % 100000}`,
      pointType: 'teaching_block',
      location: '二楼走廊',
      frequency: 'daily',
      checklistIds: [lists.items[0]!.id],
    });
    expect(point.status, JSON.stringify(point.body)).toBe(201);

    // The check: the first item fails with a note and a photo, the rest pass, signed and submitted.
    await desk.goto(`${baseUrl()}${(point.body as { qrPath: string }).qrPath}`);
    await desk.getByTestId('check-page').waitFor({ timeout: 20_000 });
    const code = ((await desk.locator('[data-testid^="item-"]').first().getAttribute('data-testid')) ?? '').replace('item-', '');
    await desk.getByTestId(`answer-${code}-fail`).click();
    await desk.getByTestId(`note-${code}`).fill('2 号灭火器压力指针在红区');
    await desk.getByTestId(`photo-${code}`).setInputFiles(beforeFile);
    await expect.poll(async () => desk.getByTestId('check-submit').isEnabled(), { timeout: 20_000 }).toBe(true);
    await desk.getByTestId('check-all-pass').click();
    await confirm(desk, 'check-all-pass-ok');
    await desk.getByTestId('check-submit').click();
    await confirm(desk, 'check-submit-ok');
    await desk.getByTestId('check-failed').waitFor({ timeout: 20_000 });

    // 登记为隐患: what the item brings in (its photo), and the five commitments asked right there.
    // First seen at phone width (looked at only), then filled in on the desktop.
    await desk.setViewportSize(PHONE);
    await desk.getByTestId(`raise-${code}`).click();
    await desk.getByRole('dialog').getByTestId('raise-commitments').waitFor();
    await expect.poll(async () => desk.getByRole('dialog').locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await desk.waitForTimeout(600); // the modal's opening animation, for the picture
    await shot(desk, 'flows-raise-register-phone');
    await desk.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await desk.getByRole('dialog').waitFor({ state: 'hidden' });
    await desk.setViewportSize(DESKTOP);
    await desk.getByTestId(`raise-${code}`).click();
    const raise = desk.getByRole('dialog');
    await raise.getByTestId('raise-commitments').waitFor();
    await expect.poll(async () => raise.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await raise.getByLabel('整改责任人').fill('总务处 王明');
    await raise.getByLabel('整改资金').fill('260');
    await raise.getByLabel('整改时限').fill(today());
    await raise.getByLabel('整改时限').press('Enter');
    await raise.getByLabel('整改措施').fill('更换 2 号灭火器，补做月度压力检查记录');
    await raise.getByLabel('应急预案').fill('更换前在走廊增设临时灭火器，专人每日巡查');
    await shot(desk, 'flows-raise-register-desktop');
    await desk.getByTestId('raise-confirm').click();
    const link = desk.getByTestId(`hazard-link-${code}`);
    await link.waitFor({ timeout: 15_000 });
    expect(await link.innerText()).toContain('整改中');
    expect(await desk.getByTestId(`hazard-next-${code}`).innerText()).toContain('提交验收');

    // The hazard: 整改中 at once, who acts next, no 开始整改 left to click, both steps in the history.
    await link.click();
    await desk.waitForURL(/\/hazards\/\d+$/);
    const hazardUrl = desk.url();
    await expect.poll(() => state(desk), { timeout: 15_000 }).toBe('rectifying');
    expect(await nextStep(desk)).toMatch(/下一步：由 周明（学校安全管理员）组织整改，完成后提交验收（整改责任人：总务处 王明）/);
    expect(await desk.getByTestId('hazard-action-start_rectification').count()).toBe(0);
    const timeline = (await desk.getByTestId('hazard-timeline-item').allInnerTexts()).join('\n');
    expect(timeline).toContain('登记后自动开始整改');
    await shot(desk, 'flows-hazard-rectifying-desktop');

    // 提交验收: the toast and the page say who verifies next (the only school admin rectified it: the team).
    await desk.getByTestId('hazard-action-request_verification').click();
    const submit = desk.getByRole('dialog');
    await submit.locator('input[type=file]').setInputFiles(afterFile);
    await expect.poll(async () => submit.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await submit.getByLabel('整改情况说明').fill('已更换 2 号灭火器并张贴检查卡');
    await desk.getByTestId('hazard-form-submit').click();
    await expect.poll(() => state(desk), { timeout: 15_000 }).toBe('pending_verification');
    const waiting = await nextStep(desk);
    expect(waiting).toMatch(/^等待 .+ 验收$/);
    expect(await desk.locator('.ant-message').innerText()).toContain(waiting);
    await shot(desk, 'flows-hazard-pending-desktop');
    const phoneAdmin = await signIn(browser, 'huarun_admin', PHONE);
    await phoneAdmin.goto(hazardUrl);
    await expect.poll(() => nextStep(phoneAdmin), { timeout: 15_000 }).toBe(waiting);
    await shot(phoneAdmin, 'flows-hazard-pending-phone');

    // The verifier on a phone: before above after.
    const phone = await signIn(browser, 'xumin', PHONE);
    await phone.goto(hazardUrl);
    await phone.getByTestId('hazard-action-close').click();
    const phoneBefore = phone.getByRole('dialog').getByTestId('before-photos');
    const phoneAfter = phone.getByRole('dialog').getByTestId('after-photos');
    await expect.poll(async () => phoneAfter.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const [pb, pa] = [await phoneBefore.boundingBox(), await phoneAfter.boundingBox()];
    expect(pa!.y).toBeGreaterThanOrEqual(pb!.y + pb!.height - 1);
    await shot(phone, 'flows-close-dialog-phone');

    // The verifier on a desktop: before and after side by side, a thumbnail opens large, then 销号.
    const member = await signIn(browser, 'xumin', DESKTOP);
    await member.goto(hazardUrl);
    expect(await nextStep(member)).toBe(waiting);
    await member.getByTestId('hazard-action-close').click();
    const dialog = member.getByRole('dialog');
    const before = dialog.getByTestId('before-photos');
    const after = dialog.getByTestId('after-photos');
    await expect.poll(async () => before.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => after.locator('img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const [b, a] = [await before.boundingBox(), await after.boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(4);
    expect(a!.x).toBeGreaterThan(b!.x + b!.width - 1);
    await expect.poll(async () => dialog.innerText()).toContain('已更换 2 号灭火器并张贴检查卡');
    await shot(member, 'flows-close-dialog-desktop');
    await after.locator('img').first().click();
    await member.locator('.ant-image-preview-img').first().waitFor({ timeout: 10_000 });
    await shot(member, 'flows-close-after-large');
    await member.keyboard.press('Escape');
    await member.locator('.ant-image-preview-img').first().waitFor({ state: 'hidden', timeout: 10_000 });
    await dialog.getByLabel(/验收意见/).fill('现场复查，灭火器在有效期内');
    await member.getByTestId('hazard-form-submit').click();
    await expect.poll(() => state(member), { timeout: 15_000 }).toBe('closed');
    expect(await nextStep(member)).toBe('已销号，无需操作');
    await shot(member, 'flows-hazard-closed-desktop');
    for (const p of [desk, phoneAdmin, phone, member]) await p.context().close();
  });

  it('the department home marks each task it leads or co-operates on and opens the task itself (its campaign page, scrolled to and marked)', async () => {
    for (const [viewport, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
      const page = await signIn(browser, 'wujiawei', viewport);
      await page.goto(`${baseUrl()}/`);
      const card = page.getByTestId('my-tasks');
      await card.waitFor({ timeout: 20_000 });
      const tasks = card.getByTestId('my-task');
      await expect.poll(() => tasks.count(), { timeout: 15_000 }).toBeGreaterThan(0);
      const relations = await tasks.evaluateAll((els) => els.map((e) => e.getAttribute('data-relation')));
      expect(relations.every((r) => r === 'lead' || r === 'cooperating' || r === 'office')).toBe(true);
      expect(await card.getByTestId('my-tasks-summary').innerText()).toMatch(/牵头|配合|专项办/);
      await shot(page, `flows-department-home-${name}`);
      const last = card.getByTestId('my-task-link').last();
      const title = (await last.innerText()).trim();
      await last.click();
      await page.waitForURL(/\/campaigns\/\d+\?task=\d+$/);
      const taskId = new URL(page.url()).searchParams.get('task')!;
      const row = page.locator(`[data-task-id="${taskId}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('aria-current')).toBe('true');
      expect(await row.innerText()).toContain(title);
      await expect.poll(() => row.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
      await shot(page, `flows-department-task-${name}`);
      await page.context().close();
    }
  });
});
