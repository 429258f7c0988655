import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, getJson, hasBrowser, launch, PHONE_390, severe, shot, shotOnFailure, signIn, type AxeViolation } from './browser.js';

/*
 * Reporting upward in the browser (issue 13): the 华润小学 admin submits this month's hazard
 * list (auto-filled with the school's hazards) on a phone; bureau staff return it with a
 * comment on a desktop; the school resubmits; the bureau approves; the district matrix shows
 * 华润小学 approved, and a school that sent nothing for last month as 缺报 (missing).
 */

/** The phone the schools use (the brief's 390 × 844). */

type Json = Record<string, unknown>;
type Cell = { period: string; state: string | null; submissionId: string | null };
type Matrix = { periods: { key: string }[]; rows: { unitId: string; unitName: string; cells: Cell[] }[] };

const monthKey = (offset: number) => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};


/**
 * Findings that belong to shared pieces, not to these pages, are counted apart and left out of
 * the assertion: the shell's user avatar (apps/web/src/layout: white on antd's #1677ff, 4.1:1)
 * and ResponsiveList's phone cards (components/ResponsiveList.tsx puts each <Card> straight into
 * antd List's <ul>, so the <ul> holds <div>s).
 */
async function isShared(page: Page, v: AxeViolation): Promise<boolean> {
  if (v.nodes.every((n) => n.includes('.ant-avatar-string'))) return true;
  if (v.id !== 'list') return false;
  return page.evaluate(() => {
    const bad = [...document.querySelectorAll('ul')].filter((ul) => [...ul.children].some((c) => !['LI', 'SCRIPT', 'TEMPLATE'].includes(c.tagName)));
    return bad.length > 0 && bad.every((ul) => ul.classList.contains('ant-list-items') && [...ul.children].every((c) => c.tagName === 'LI' || c.classList.contains('ant-card')));
  });
}

/** Every axe finding of the run, by page, for the report at the end. */
const axeCounts: Record<string, { total: number; severe: number; shared: string[] }> = {};
async function checkAxe(page: Page, name: string): Promise<AxeViolation[]> {
  const all = await axe(page, name);
  const v: AxeViolation[] = [];
  const shared: string[] = [];
  for (const x of all) {
    if (await isShared(page, x)) shared.push(x.id);
    else v.push(x);
  }
  axeCounts[name] = { total: v.length, severe: severe(v).length, shared };
  return v;
}

async function waitState(page: Page, state: string) {
  await expect.poll(async () => page.getByTestId('submission-page').getAttribute('data-state'), { timeout: 20_000 }).toBe(state);
}

describe.skipIf(!hasBrowser())('reporting upward in the browser: submit → return → resubmit → approve → the matrix', () => {
  let browser: Browser;
  const current = monthKey(0);
  const previous = monthKey(-1);
  const comment = `请补充第三条隐患的整改时限-${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    console.info('axe violations per page (all / serious+critical):', JSON.stringify(axeCounts));
  });

  it('the school submits on a phone, the bureau returns, the school resubmits, the bureau approves; the matrix shows 华润小学 approved and a silent school 缺报', async () => {
    // On a failure, every page as it stood, for a person to look at.
    shotOnFailure(browser, `reporting-failed`);
    // ---- The school, on a phone: 我的报送 → this month's hazard list.
    const phone = await signIn(browser, 'huarun_admin', PHONE_390);
    phone.on('pageerror', (e) => console.error('page error (phone):', e.stack));
    const types = await getJson<{ items: { id: string; code: string; name: string }[] }>(phone, '/api/report-types');
    const monthly = types.items.find((t) => t.code === 'monthly-hazard-list');
    expect(monthly, 'the demo has the monthly hazard list').toBeTruthy();
    const typeId = monthly!.id;

    await phone.goto(`${baseUrl()}/reports`);
    const card = phone.locator(`[data-testid="my-report-type"][data-code="monthly-hazard-list"]`);
    const row = card.locator(`[data-testid="my-report-period"][data-period="${current}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(['not_started', 'draft']).toContain(await row.getAttribute('data-state'));
    await shot(phone, 'reports-mine-phone');
    expect(severe(await checkAxe(phone, 'reports-mine-phone'))).toEqual([]);

    await row.getByTestId('my-report-open').click();
    await phone.waitForURL(/\/reports\/submissions\/\d+$/, { timeout: 20_000 });
    const submissionUrl = phone.url();
    const submissionId = submissionUrl.split('/').pop()!;
    await phone.getByTestId('section-hazards').waitFor();

    // Auto-filled with this school's hazards: the table's rows are the server's preview for 华润小学.
    const detail = await getJson<{ preview: { hazards: { rows: { title: string }[] } }; submission: { unitName: string } }>(phone, `/api/report-submissions/${submissionId}`);
    expect(detail.submission.unitName).toBe('华润小学');
    const hazards = detail.preview.hazards.rows;
    expect(hazards.length, '华润小学 has hazards this month in the demo').toBeGreaterThan(0);
    await phone.getByTestId('hazard-month-counts').waitFor();
    await expect.poll(async () => phone.getByTestId('hazard-month-row').count()).toBe(hazards.length);
    expect(await phone.getByTestId('section-hazards').innerText()).toContain(hazards[0]!.title);

    // The narrative autosaves (debounced PUT …/draft).
    await phone.getByTestId('narrative-note').fill('本月隐患已全部登记，整改按计划推进。');
    await expect.poll(async () => phone.getByTestId('autosave-status').innerText(), { timeout: 15_000 }).toContain('已自动保存');
    await shot(phone, 'report-fill-phone');
    expect(severe(await checkAxe(phone, 'report-fill-phone'))).toEqual([]);
    await phone.reload();
    await expect.poll(async () => phone.getByTestId('narrative-note').inputValue(), { timeout: 15_000 }).toBe('本月隐患已全部登记，整改按计划推进。');

    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('submit-confirm-ok').click();
    await waitState(phone, 'submitted');
    await phone.getByTestId('report-waiting').waitFor();
    await shot(phone, 'report-submitted-phone');

    // ---- The bureau, on a desktop: 报送管理 → the type → this month → 审核 → 退回 with a comment.
    const desk = await signIn(browser, 'wujiawei', DESKTOP);
    await desk.goto(`${baseUrl()}/reports/manage`);
    await desk.locator('[data-testid="report-type-row"][data-code="monthly-hazard-list"]').waitFor({ timeout: 20_000 });
    await shot(desk, 'reports-manage-desktop');
    expect(severe(await checkAxe(desk, 'reports-manage-desktop'))).toEqual([]);
    await desk.locator('[data-testid="report-type-row"][data-code="monthly-hazard-list"]').getByTestId('report-type-link').click();
    await desk.waitForURL(/\/reports\/manage\/\d+/);
    // The period's list, narrowed to the school by the name search.
    await desk.goto(`${baseUrl()}/reports/manage/${typeId}?period=${current}&q=${encodeURIComponent('华润小学')}`);
    const huarunRow = desk.locator('[data-testid="period-row"][data-unit="华润小学"]');
    await expect.poll(async () => huarunRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('submitted');
    await huarunRow.getByTestId('period-row-open').click();
    const drawer = desk.getByTestId('review-drawer');
    await drawer.getByTestId('review-version').waitFor({ timeout: 15_000 });
    expect(await drawer.getByTestId('section-hazards').innerText()).toContain(hazards[0]!.title);
    // A return needs a comment.
    await drawer.getByTestId('review-return').click();
    await drawer.getByText('退回须填写意见').waitFor();
    await drawer.getByLabel('审核意见').fill(comment);
    await shot(desk, 'review-drawer-desktop');
    expect(severe(await checkAxe(desk, 'review-drawer-desktop'))).toEqual([]);
    await drawer.getByTestId('review-return').click();
    await expect.poll(async () => huarunRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('returned');

    // ---- The school sees the comment and resubmits a second version.
    await phone.goto(submissionUrl);
    await phone.getByTestId('report-returned').waitFor({ timeout: 20_000 });
    expect(await phone.getByTestId('report-returned').innerText()).toContain(comment);
    // Meanwhile the same draft is saved elsewhere (another tab): the page's next autosave meets a
    // 409, re-reads the report, keeps the user's own text on top and saves again.
    const conflicts: number[] = [];
    phone.on('response', (r) => {
      if (r.request().method() === 'PUT' && r.url().endsWith(`/api/report-submissions/${submissionId}/draft`)) conflicts.push(r.status());
    });
    const open = await getJson<{ submission: { version: number } }>(phone, `/api/report-submissions/${submissionId}`);
    const csrf = (await phone.context().cookies()).find((c) => c.name === 'xiaoan_csrf')?.value ?? '';
    const elsewhere = await phone.request.put(`${baseUrl()}/api/report-submissions/${submissionId}/draft`, {
      data: { version: open.submission.version, narrative: { note: '另一个窗口保存的内容' } },
      headers: { 'x-csrf-token': csrf },
    });
    expect(elsewhere.status(), await elsewhere.text()).toBe(200);
    const mine = '本月隐患已全部登记；第三条隐患整改时限为本月25日。';
    await phone.getByTestId('narrative-note').fill(mine);
    await expect.poll(() => conflicts.includes(409) && conflicts[conflicts.length - 1] === 200, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => phone.getByTestId('autosave-status').innerText(), { timeout: 15_000 }).toContain('已自动保存');
    expect((await getJson<{ draft: { narrative: { note: string } } }>(phone, `/api/report-submissions/${submissionId}`)).draft.narrative.note).toBe(mine);
    await shot(phone, 'report-returned-phone');
    expect(severe(await checkAxe(phone, 'report-returned-phone'))).toEqual([]);
    await phone.getByTestId('report-submit').click();
    await phone.getByTestId('submit-confirm-ok').click();
    await waitState(phone, 'submitted');
    // Version 1 stays readable.
    await phone.getByTestId('report-versions').waitFor();
    expect(await phone.getByTestId('report-versions').innerText()).toContain('第 1 版');
    expect(await phone.getByTestId('report-versions').innerText()).toContain('第 2 版');

    // ---- The bureau sees what changed and approves.
    await desk.reload();
    await expect.poll(async () => huarunRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('submitted');
    await huarunRow.getByTestId('period-row-open').click();
    await drawer.getByTestId('changes').waitFor({ timeout: 15_000 });
    expect(await drawer.getByTestId('changes').innerText()).toContain('情况说明');
    await drawer.getByTestId('review-approve').click();
    await expect.poll(async () => huarunRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('approved');

    // ---- The district matrix: 华润小学 approved this month; a school that sent nothing last month is 缺报.
    const matrix = await getJson<Matrix>(desk, `/api/report-types/${typeId}/matrix?from=${previous}&to=${current}`);
    const prevIdx = matrix.periods.findIndex((p) => p.key === previous);
    const silent = matrix.rows.find((r) => r.unitName !== '华润小学' && r.cells[prevIdx]?.state === 'missing');
    expect(silent, `some school sent nothing for ${previous}`).toBeTruthy();
    const cell = (unit: string, period: string) => desk.locator(`[data-testid="matrix-cell"][data-unit="${unit}"][data-period="${period}"]`);
    await cell('华润小学', current).waitFor({ timeout: 20_000 });
    expect(await cell('华润小学', current).getAttribute('data-state')).toBe('approved');
    expect(await cell('华润小学', current).innerText()).toBe('通过');
    // The silent school may be on a later page of the matrix: filter to its area first when needed.
    const silentCell = cell(silent!.unitName, previous);
    if (!(await silentCell.count())) {
      const c = await getJson<{ items: { unitId: string; areaId: string | null }[] }>(desk, `/api/report-types/${typeId}/completeness?period=${previous}`);
      const areaId = c.items.find((i) => i.unitId === silent!.unitId)?.areaId;
      await desk.goto(`${baseUrl()}/reports/manage/${typeId}?period=${current}${areaId ? `&areaId=${areaId}` : ''}`);
    }
    await silentCell.first().waitFor({ timeout: 20_000 });
    expect(await silentCell.first().getAttribute('data-state')).toBe('missing');
    expect(await silentCell.first().innerText()).toBe('缺报');
    await shot(desk, 'report-type-desktop');
    expect(severe(await checkAxe(desk, 'report-type-desktop'))).toEqual([]);

    // The period's roll-up downloads: the district's list as one workbook, and the Word summary.
    for (const [id, ext] of [['rollup-xlsx', 'xlsx'], ['rollup-docx', 'docx']] as const) {
      const [file] = await Promise.all([desk.waitForEvent('download', { timeout: 30_000 }), desk.getByTestId(id).click()]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${ext}$`));
    }

    // ---- Reopening a locked period for one unit: the quarterly summary locks at its deadline.
    const quarterly = types.items.find((t) => t.code === 'quarterly-summary')!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const qPeriods = await getJson<{ items: { key: string; dueDate: string }[] }>(desk, `/api/report-types/${quarterly.id}/periods`);
    const lockedPeriod = qPeriods.items.filter((p) => p.dueDate < today).pop()!;
    const qc = await getJson<{ items: { unitId: string; unitName: string; state: string }[] }>(desk, `/api/report-types/${quarterly.id}/completeness?period=${lockedPeriod.key}`);
    const locked = qc.items.find((i) => i.state === 'missing')!;
    await desk.goto(`${baseUrl()}/reports/manage/${quarterly.id}?period=${lockedPeriod.key}&q=${encodeURIComponent(locked.unitName)}`);
    const lockedRow = desk.locator(`[data-testid="period-row"][data-unit="${locked.unitName}"]`);
    await lockedRow.getByTestId('period-row-reopen').click({ timeout: 20_000 });
    await desk.getByRole('dialog').getByLabel('原因').fill('学校停电三天无法登录，申请补报');
    await desk.getByTestId('reopen-ok').click();
    await desk.getByText(`已为${locked.unitName}重新开放`).waitFor({ timeout: 15_000 });
    const after = await getJson<{ items: { unitId: string; submissionId: string | null }[] }>(desk, `/api/report-types/${quarterly.id}/completeness?period=${lockedPeriod.key}`);
    const reopenedId = after.items.find((i) => i.unitId === locked.unitId)!.submissionId;
    expect(reopenedId).toBeTruthy();
    const reopened = await getJson<{ locked: boolean; reopens: { reason: string }[] }>(desk, `/api/report-submissions/${reopenedId}`);
    expect(reopened.locked).toBe(false);
    expect(reopened.reopens[0]!.reason).toBe('学校停电三天无法登录，申请补报');

    // The same pages at the other size: the bureau's page on a phone, the school's list on a desktop.
    const bureauPhone = await signIn(browser, 'wujiawei', PHONE_390);
    await bureauPhone.goto(`${baseUrl()}/reports/manage/${typeId}?period=${previous}`);
    await bureauPhone.getByTestId('missing-units').waitFor({ timeout: 20_000 });
    await bureauPhone.getByTestId('completeness-matrix').waitFor();
    await shot(bureauPhone, 'report-type-phone');
    expect(severe(await checkAxe(bureauPhone, 'report-type-phone'))).toEqual([]);
    await bureauPhone.goto(`${baseUrl()}/reports/manage`);
    await bureauPhone.getByTestId('report-type-row').first().waitFor({ timeout: 20_000 });
    expect(severe(await checkAxe(bureauPhone, 'reports-manage-phone'))).toEqual([]);
    await shot(bureauPhone, 'reports-manage-phone');

    const schoolDesk = await signIn(browser, 'huarun_admin', DESKTOP);
    await schoolDesk.goto(`${baseUrl()}/reports`);
    const approvedRow = schoolDesk.locator(`[data-testid="my-report-type"][data-code="monthly-hazard-list"] [data-testid="my-report-period"][data-period="${current}"]`);
    await expect.poll(async () => approvedRow.getAttribute('data-state'), { timeout: 20_000 }).toBe('approved');
    await shot(schoolDesk, 'reports-mine-desktop');
    expect(severe(await checkAxe(schoolDesk, 'reports-mine-desktop'))).toEqual([]);
    await schoolDesk.goto(submissionUrl);
    await schoolDesk.getByTestId('report-approved').waitFor({ timeout: 20_000 });
    await shot(schoolDesk, 'report-approved-desktop');
    expect(severe(await checkAxe(schoolDesk, 'report-approved-desktop'))).toEqual([]);
    // The approved report downloads as Word.
    const [download] = await Promise.all([schoolDesk.waitForEvent('download', { timeout: 20_000 }), schoolDesk.getByTestId('report-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
  }, 300_000);
});
