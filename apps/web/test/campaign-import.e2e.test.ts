import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

const SEED_001 = fs.readFileSync(path.resolve(import.meta.dirname, '../../../packages/domain/src/campaign/fixtures/001_78d50332787e50e1.txt'), 'utf8');
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Seed 001 as a Word document: one paragraph per line, as the bureau wrote it. */
async function seedDocx(): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: SEED_001.split('\n').map((line) => new Paragraph({ text: line })) }] });
  return Packer.toBuffer(doc);
}

async function upload(page: Page, buffer: Buffer) {
  await page.goto(`${baseUrl()}/campaigns/import`);
  await page.getByTestId('plan-file').setInputFiles({ name: '涪陵区安全专项整治三年行动实施方案.docx', mimeType: DOCX_TYPE, buffer });
  await page.getByTestId('plan-review').waitFor({ timeout: 20_000 });
}

describe.skipIf(!hasBrowser())('plan import in the browser: .docx → review → campaign → 安稳办 home page', () => {
  let browser: Browser;
  let docx: Buffer;

  beforeAll(async () => {
    browser = await launch();
    docx = await seedDocx();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('bureau staff upload seed 001, accept the proposal, see four stages and the 安稳办 tasks; 安稳办 staff see them at home', async () => {
    const page = await signIn(browser, 'wujiawei', DESKTOP);
    await upload(page, docx);
    await expect.poll(() => page.getByTestId('review-stage').count()).toBe(4);
    // Every proposed item shows where it came from.
    expect(await page.getByTestId('review-task').first().getByTestId('evidence').innerText()).toContain('原文：');
    expect(await page.getByTestId('review-title').inputValue()).toContain('三年行动实施方案');
    await shot(page, 'campaign-import-review-desktop');

    // Tasks led by departments this bureau does not have (体卫艺科, 装备中心…) are dropped; the rest accepted as proposed.
    const unmatched = page.locator('[data-testid="review-task"][data-needs-input="true"]');
    const n = await unmatched.count();
    for (let i = 0; i < n; i++) await unmatched.nth(i).locator('.ant-checkbox-wrapper').first().click();
    await page.getByTestId('create-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 20_000 });
    const campaignUrl = page.url();

    await page.getByTestId('stage-timeline').waitFor();
    await expect.poll(() => page.getByTestId('timeline-stage').count()).toBe(4);
    expect(await page.getByTestId('timeline-today').count()).toBe(1);
    const stages = await page.getByTestId('timeline-stage').allInnerTexts();
    expect(stages.join('|')).toMatch(/动员部署.*排查整治.*集中攻坚.*巩固提升/s);
    const rows = page.getByTestId('task-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(7);
    const ledByOffice = (await rows.allInnerTexts()).filter((t) => t.includes('安稳办'));
    expect(ledByOffice.length).toBe(await rows.count());
    expect(ledByOffice.join('\n')).toContain('全面落实教育系统安全责任体系');
    await shot(page, 'campaign-detail-desktop');

    // The same pages on a phone.
    const phone = await signIn(browser, 'wujiawei', PHONE);
    await phone.goto(campaignUrl);
    await phone.getByTestId('stage-timeline').waitFor();
    await expect.poll(() => phone.getByTestId('timeline-stage').count()).toBe(4);
    await shot(phone, 'campaign-detail-375');
    await upload(phone, docx);
    await shot(phone, 'campaign-import-review-375');

    // 安稳办 staff: their home page lists the tasks their office leads.
    const office = await signIn(browser, 'anwenban', DESKTOP);
    await office.getByTestId('my-tasks').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await office.getByTestId('my-task').allInnerTexts()).join('\n'), { timeout: 15_000 }).toContain('全面落实教育系统安全责任体系');
    expect((await office.getByTestId('my-task').allInnerTexts()).join('\n')).toContain('强化学校应急处置能力建设');
    await shot(office, 'campaign-home-anwenban');
  }, 180_000);
});
