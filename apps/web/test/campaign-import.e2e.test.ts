import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
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

describe.skipIf(!hasBrowser())('plan import in the browser: .docx → review (lead names mapped to departments) → campaign → the office home page', () => {
  let browser: Browser;
  let docx: Buffer;

  beforeAll(async () => {
    browser = await launch();
    docx = await seedDocx();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('bureau staff upload seed 001, map its lead names the demo lacks (安稳办, 装备中心 …) to the demo departments, see four stages and the tasks; the office staff see them at home', async () => {
    const page = await signIn(browser, 'wujiawei', DESKTOP);
    await upload(page, docx);
    await expect.poll(() => page.getByTestId('review-stage').count()).toBe(4);
    // Every proposed item shows where it came from.
    expect(await page.getByTestId('review-task').first().getByTestId('evidence').innerText()).toContain('原文：');
    expect(await page.getByTestId('review-title').inputValue()).toContain('三年行动实施方案');
    await shot(page, 'campaign-import-review-desktop');

    // Seed 001's leads (安稳办, 体卫艺科, 基建后勤中心, 装备中心) are no departments of the demo bureau:
    // the review asks for each once, and every task naming it takes the department chosen.
    const OFFICE = '发展规划与财务科（基建科）';
    const choice: Record<string, string> = { 安稳办: OFFICE, 基建后勤中心: OFFICE, 体卫艺科: '教育科', 装备中心: '教育科' };
    const mappingRows = page.getByTestId('lead-mapping-row');
    await expect.poll(() => mappingRows.count()).toBeGreaterThanOrEqual(4);
    const names = await Promise.all((await mappingRows.all()).map((r) => r.getAttribute('data-name')));
    expect(names).toEqual(expect.arrayContaining(Object.keys(choice)));
    expect(await page.locator('[data-testid="review-task"][data-needs-input="true"]').count()).toBeGreaterThan(0);
    for (const name of names) {
      const dept = choice[name ?? ''] ?? OFFICE;
      // the select searches the departments: type the name, take the one offered
      const select = page.locator(`[data-testid="lead-mapping-row"][data-name="${name}"] .ant-select`);
      await select.click();
      await select.locator('input').fill(dept);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: dept }).waitFor();
      await select.locator('input').press('Enter');
      await expect.poll(() => select.innerText()).toContain(dept);
    }
    // every task now has its lead: nothing left to choose, nothing dropped
    await expect.poll(() => page.locator('[data-testid="review-task"][data-needs-input="true"]').count()).toBe(0);
    expect(await page.getByTestId('review-problems').count()).toBe(0);
    await shot(page, 'campaign-import-lead-mapping-desktop');
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
    expect(await rows.count()).toBe(11);
    const ledByOffice = (await rows.allInnerTexts()).filter((t) => t.includes(OFFICE));
    expect(ledByOffice.length).toBe(9); // 安稳办's seven and 基建后勤中心's two (one shared with 体卫艺科 → 教育科)
    expect(ledByOffice.join('\n')).toContain('全面落实教育系统安全责任体系');
    expect((await rows.allInnerTexts()).filter((t) => t.includes('加强学校实验室及危险化学品安全管理'))[0]).toContain('教育科');
    await shot(page, 'campaign-detail-desktop');

    // The same pages on a phone.
    const phone = await signIn(browser, 'wujiawei', PHONE);
    await phone.goto(campaignUrl);
    await phone.getByTestId('stage-timeline').waitFor();
    await expect.poll(() => phone.getByTestId('timeline-stage').count()).toBe(4);
    await shot(phone, 'campaign-detail-375');
    await upload(phone, docx);
    await shot(phone, 'campaign-import-review-375');

    // The office's staff (吴佳伟, 发展规划与财务科（基建科）): their home page lists the tasks their office leads.
    const office = await signIn(browser, 'wujiawei', DESKTOP);
    await office.getByTestId('my-tasks').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await office.getByTestId('my-task').allInnerTexts()).join('\n'), { timeout: 15_000 }).toContain('全面落实教育系统安全责任体系');
    expect((await office.getByTestId('my-task').allInnerTexts()).join('\n')).toContain('强化学校应急处置能力建设');
    await shot(office, 'campaign-home-office');
  }, 180_000);

  it('bureau staff edit the demo campaign: new title and stage goals are saved; overlapping stages are refused in Chinese and change nothing', async () => {
    const page = await signIn(browser, 'wujiawei', DESKTOP);
    type Detail = { campaign: { id: string; title: string; version: number }; stages: { name: string; start: string; end: string; goals: string }[] };
    const list = (await (await page.request.get(`${baseUrl()}/api/campaigns`)).json()) as { items: { id: string; title: string }[] };
    const demo = [...list.items].sort((a, b) => Number(a.id) - Number(b.id))[0]!;
    const read = async () => (await (await page.request.get(`${baseUrl()}/api/campaigns/${demo.id}`)).json()) as Detail;
    const before = await read();
    expect(before.stages.length).toBeGreaterThanOrEqual(2);

    await page.goto(`${baseUrl()}/campaigns/${demo.id}`);
    await page.getByTestId('campaign-edit-open').click();
    const title = `${before.campaign.title}（修订）`;
    await page.getByTestId('campaign-edit-title').fill(title);
    await page.getByTestId('campaign-edit-stage-goals').first().fill('各校完成动员部署，建立隐患台账。');
    await page.getByTestId('campaign-edit-save').click();
    await page.getByTestId('campaign-edit').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('campaign-title').innerText()).toBe(title);
    const saved = await read();
    expect(saved.campaign.title).toBe(title);
    expect(saved.campaign.version).toBe(before.campaign.version + 1);
    expect(saved.stages[0]!.goals).toBe('各校完成动员部署，建立隐患台账。');
    expect(saved.stages.map((s) => [s.name, s.start, s.end])).toEqual(before.stages.map((s) => [s.name, s.start, s.end]));

    // Second attempt: the last stage now starts on the previous stage's first day — refused before anything is sent.
    await page.getByTestId('campaign-edit-open').click();
    await page.getByTestId('campaign-edit-title').fill('不应保存的标题');
    const last = saved.stages.length - 1;
    const [start, end] = [0, 1].map((k) => page.getByTestId('campaign-edit-stage').nth(last).locator('.ant-picker input').nth(k)) as [Locator, Locator];
    await start.click();
    await start.press('ControlOrMeta+a');
    await start.pressSequentially(saved.stages[last - 1]!.start);
    await start.press('Enter');
    await end.press('ControlOrMeta+a');
    await end.pressSequentially(saved.stages[last]!.end);
    await end.press('Enter');
    const stageError = page.getByTestId('campaign-edit-stage').nth(last).getByTestId('campaign-edit-stage-error');
    await expect.poll(() => stageError.allInnerTexts().then((t) => t.join('')), { timeout: 5_000 }).toMatch(/时间重叠/);
    await page.getByTestId('campaign-edit-save').click();
    await page.getByTestId('campaign-edit-problems').waitFor();
    await shot(page, 'campaign-edit-desktop-overlap');
    expect(await page.getByTestId('campaign-edit-problems').innerText()).toContain('请先改正');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByTestId('campaign-edit').waitFor({ state: 'detached' });
    const after = await read();
    expect(after.campaign.version).toBe(saved.campaign.version);
    expect(after.campaign.title).toBe(title);
    expect(after.stages).toEqual(saved.stages);
    expect(await page.getByTestId('campaign-title').innerText()).toBe(title);

    // The same dialog on a phone.
    const phone = await signIn(browser, 'wujiawei', PHONE);
    await phone.goto(`${baseUrl()}/campaigns/${demo.id}`);
    await phone.getByTestId('campaign-edit-open').click();
    await phone.getByTestId('campaign-edit').waitFor();
    expect(await phone.getByTestId('campaign-edit-title').inputValue()).toBe(title);
    await shot(phone, 'campaign-edit-375');
    // Scope by area (片区): the bureau's areas are offered.
    await phone.getByTestId('scope-field').getByText('按片区').click();
    await phone.getByTestId('scope-field').locator('.ant-select').click();
    await expect.poll(() => phone.locator('.ant-select-dropdown .ant-select-item-option').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await phone.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    await phone.keyboard.press('Escape');
    expect(await phone.getByTestId('scope-field').locator('.ant-select-selection-item').count()).toBe(1);
    // A new stage after the last one has no room left in the period: its dates are asked for, in Chinese.
    await phone.getByTestId('campaign-edit-add-stage').click();
    expect(await phone.getByTestId('campaign-edit-stage').last().getByTestId('campaign-edit-stage-error').allInnerTexts()).toContain('请选择阶段的起止日期');
    // The whole dialog in one picture (a fixed dialog scrolls inside the 812 px screen).
    await phone.setViewportSize({ width: PHONE.width, height: 2400 });
    await shot(phone, 'campaign-edit-375-whole');
  }, 120_000);
});
