import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pdfWithText } from '../../server/test/plan-files.js';
import { DESKTOP, PHONE, baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

/*
 * Documents in, as they really arrive (issue 16), in the browser:
 * - bureau staff upload a plan downloaded as a PDF (a text layer, its paragraphs wrapped into
 *   printed rows), fix one proposed item and create the campaign;
 * - a school imports last year's ledger from its old Excel, closed rows included, corrects one
 *   column in the mapping step, and finds the closed hazards with their history; the next
 *   upload of that layout is read with the remembered mapping.
 * The PDF and the workbook are made here, byte by byte (plan-files.ts) and with exceljs.
 */

const SEED_001 = fs.readFileSync(path.resolve(import.meta.dirname, '../../../packages/domain/src/campaign/fixtures/001_78d50332787e50e1.txt'), 'utf8');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tag = String(Date.now() % 100000);

/** Seed 001 as a government site's PDF prints it: every paragraph wrapped into rows of at most 36 characters. */
function seedPdf(): Buffer {
  const rows = SEED_001.split('\n').flatMap((line) => {
    const out: string[] = [];
    for (let i = 0; i < line.length; i += 36) out.push(line.slice(i, i + 36));
    return out.length ? out : [''];
  });
  return pdfWithText(rows);
}

/**
 * Last year's ledger of 华润小学, as its old Excel has it: a title row, 检查日期 / 隐患类型 /
 * 存在问题 / 整改期限 / 完成情况 and a 结案日期 column no template names (the day the hazard
 * was struck off), two rows struck off and one still open.
 */
async function lastYearsLedger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2025年隐患台账');
  ws.addRow(['华润小学2025年安全隐患排查整改台账']);
  ws.mergeCells('A1:K1');
  ws.addRow(['序号', '检查日期', '隐患类型', '存在问题', '整改措施', '整改责任人', '整改期限', '完成情况', '结案日期', '验收人', '备注']);
  ws.addRow([1, '2025-03-04', '消防', `二楼走廊灭火器压力不足-${tag}`, '更换灭火器', '王老师', '2025-03-20', '已销号', '2025-03-12', '李校长', '']);
  ws.addRow([2, '2025/04/02', '食品', `食堂留样柜温度偏高-${tag}`, '更换留样柜温控器', '刘师傅', '2025-04-30', '已验收', '2025-04-18', '张副校长', '']);
  ws.addRow([3, '2025年11月5日', '校舍', `操场东侧围墙裂缝-${tag}`, '', '', '', '未整改', '', '', '待资金']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function uploadLedger(page: Page, file: Buffer) {
  await page.goto(`${baseUrl()}/hazards/import`);
  // antd's Dragger puts the test id on its (hidden) file input.
  await page.getByTestId('import-upload').setInputFiles({ name: '华润小学2025年隐患台账.xlsx', mimeType: XLSX_TYPE, buffer: file });
  await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 });
}

/** The state and closure text of each preview row, by title. */
async function previewRows(page: Page) {
  const rows = page.locator('.ant-table-row').filter({ has: page.getByTestId('import-row-state') });
  return rows.allInnerTexts();
}

describe.skipIf(!hasBrowser())('documents in, as they arrive: a PDF plan and last year’s ledger with closed rows', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('bureau staff upload the plan as a PDF, fix one proposed task and create the campaign with it', async () => {
    const page = await signIn(browser, 'wujiawei', DESKTOP);
    await page.goto(`${baseUrl()}/campaigns/import`);
    await page.getByTestId('plan-file').setInputFiles({ name: '涪陵区安全专项整治三年行动实施方案.pdf', mimeType: 'application/pdf', buffer: seedPdf() });
    await page.getByTestId('plan-review').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('review-title').inputValue()).toContain('三年行动实施方案');
    await expect.poll(() => page.getByTestId('review-stage').count()).toBeGreaterThanOrEqual(3);
    const tasks = page.getByTestId('review-task');
    await expect.poll(() => tasks.count()).toBeGreaterThanOrEqual(5);
    // Every proposed item still shows the PDF's sentence it came from.
    expect(await tasks.first().getByTestId('evidence').innerText()).toContain('原文：');

    // The plan's 安稳办 is the demo's 发展规划与财务科（基建科） (the office seed 000 names): mapped once
    // in the review, every task it leads takes it. Tasks led by departments this bureau does not
    // have are dropped; one kept task's title is fixed.
    const office = page.locator('[data-testid="lead-mapping-row"][data-name="安稳办"] .ant-select');
    await office.click();
    await office.locator('input').fill('发展规划与财务科');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').filter({ hasText: '发展规划与财务科' }).waitFor();
    await office.locator('input').press('Enter');
    await expect.poll(() => office.innerText()).toContain('发展规划与财务科（基建科）');
    const unmatched = page.locator('[data-testid="review-task"][data-needs-input="true"]');
    for (let n = await unmatched.count(); n > 0; n--) await unmatched.nth(n - 1).locator('.ant-checkbox-wrapper').first().click();
    const kept = page.locator('[data-testid="review-task"]:not([data-needs-input="true"])').first();
    const titleInput = kept.locator('input.ant-input').first();
    const proposed = await titleInput.inputValue();
    expect(proposed.length).toBeGreaterThan(4);
    const fixed = `${proposed.replace(/[。；;]+$/, '')}（PDF导入修订-${tag}）`;
    await titleInput.fill(fixed);
    await page.getByTestId('review-title').fill(`涪陵区安全专项整治三年行动（PDF导入-${tag}）`);
    await shot(page, 'plan-import-pdf-review-desktop');

    await page.getByTestId('create-campaign').click();
    await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('campaign-title').innerText(), { timeout: 15_000 }).toContain(`PDF导入-${tag}`);
    await expect.poll(async () => (await page.getByTestId('task-row').allInnerTexts()).join('\n'), { timeout: 15_000 }).toContain(fixed);
    // The task as typed, not as proposed.
    expect((await page.getByTestId('task-row').allInnerTexts()).some((t) => t.includes(proposed) && !t.includes(fixed))).toBe(false);
    await shot(page, 'plan-import-pdf-campaign-desktop');
  }, 180_000);

  it('the 华润小学 admin imports last year’s ledger: corrects 结案日期 in the mapping step, and finds the closed hazards with their history', async () => {
    const file = await lastYearsLedger();
    const page = await signIn(browser, 'huarun_admin', DESKTOP);
    await uploadLedger(page, file);

    // The mapping step: every column with what it was matched to and why.
    const mappingCard = page.getByTestId('import-mapping');
    const row = (header: string) => mappingCard.getByTestId('mapping-row').filter({ hasText: header });
    expect(await row('存在问题').innerText()).toContain('常见别名');
    expect(await row('结案日期').innerText()).toMatch(/未识别|无法识别/);
    // Before the correction the struck-off rows would close on their due dates.
    await expect.poll(async () => (await previewRows(page)).join('\n')).toContain('2025-03-20');
    const states = async () => page.getByTestId('import-row-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(await states()).toEqual(['closed', 'closed', 'reported']);
    await shot(page, 'ledger-import-mapping-before-desktop');

    // 结案日期 is the day of 销号: the user says so, and checks again with the whole mapping.
    await row('结案日期').getByTestId('mapping-select').click();
    await page.keyboard.type('销号');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '验收（销号）时间' }).click();
    await expect.poll(() => row('结案日期').innerText()).toContain('重新检查后生效');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-remap').click();
    await expect.poll(async () => (await previewRows(page)).join('\n'), { timeout: 20_000 }).toContain('2025-03-12');
    expect(await row('结案日期').innerText()).toContain('您指定');
    const texts = (await previewRows(page)).join('\n');
    expect(texts).toContain('2025-04-18');
    expect(texts).toContain('原台账未填写');
    expect(await states()).toEqual(['closed', 'closed', 'reported']);
    await shot(page, 'ledger-import-mapping-after-desktop');

    await page.getByTestId('import-commit').click();
    await page.getByText('导入完成').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.ant-result-subtitle').innerText()).toMatch(/已导入隐患 3 条.*已上报 1 条.*已销号 2 条/);

    // The ledger: the two struck-off hazards are 已销号, the open one 已上报.
    await page.goto(`${baseUrl()}/hazards?q=${encodeURIComponent(tag)}`);
    const list = page.getByTestId('hazard-row');
    await expect.poll(() => list.count(), { timeout: 15_000 }).toBe(3);
    const listed = (await list.allInnerTexts()).join('\n');
    expect(listed).toContain(`二楼走廊灭火器压力不足-${tag}`);
    expect(listed.match(/已销号/g)?.length).toBe(2);
    await shot(page, 'ledger-import-list-desktop');

    // One closed hazard: its history from the old ledger, report → register → start → submit → close, closed on 结案日期.
    await list.filter({ hasText: `二楼走廊灭火器压力不足-${tag}` }).locator('a').first().click();
    await page.waitForURL(/\/hazards\/\d+$/);
    await expect.poll(() => page.getByTestId('hazard-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('closed');
    const items = page.getByTestId('hazard-timeline-item');
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['report', 'register', 'start_rectification', 'request_verification', 'close']);
    const close = await items.last().innerText();
    expect(close).toContain('据原台账');
    expect(close).toContain('李校长');
    expect(close).toContain('2025-03-12');
    await shot(page, 'ledger-import-closed-hazard-desktop');

    // The same layout again: read with the mapping confirmed at the import, and it says so (nothing imported twice).
    const phone = await signIn(browser, 'huarun_admin', PHONE);
    await uploadLedger(phone, file);
    await phone.getByTestId('mapping-remembered').waitFor({ timeout: 15_000 });
    expect(await phone.locator('[data-testid="mapping-row"]').filter({ hasText: '结案日期' }).innerText()).toContain('上次确认');
    await shot(phone, 'ledger-import-remembered-375');
  }, 180_000);
});
