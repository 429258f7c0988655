import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, DESKTOP, getJson, hasBrowser, launch, overflow, PHONE_390, shot, shotOnFailure, signIn } from './browser.js';

/*
 * Admonition talks (约谈) in the browser: bureau staff record a talk with 华润小学 on a desktop,
 * linking one of its overdue hazards picked from the ledger by number; the school's admin finds
 * it on a phone (390 × 844, read-only, nothing wider than the screen); staff then record the
 * follow-up and the talk reads 已回访 / 已落实.
 */




describe.skipIf(!hasBrowser())('talks in the browser: record with a linked overdue hazard → the school sees it → the follow-up', () => {
  let browser: Browser;
  const reason = `隐患整改不力，逾期未整改-${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff record, the school admin reads on a phone, staff record the follow-up', async () => {
    shotOnFailure(browser, `talks-failure`);
    const staff = await signIn(browser, 'wujiawei', DESKTOP);
    const units = await getJson<{ items: { id: string; name: string }[] }>(staff, `/api/units?q=${encodeURIComponent('华润小学')}&kind=school`);
    const school = units.items.find((u) => u.name === '华润小学')!;
    expect(school).toBeTruthy();
    const overdue = await getJson<{ items: { id: string; title: string }[]; total: number }>(staff, `/api/hazards?schoolId=${school.id}&overdue=true&pageSize=5`);
    expect(overdue.total, '华润小学 has an overdue hazard in the demo ledger').toBeGreaterThan(0);
    const hazard = overdue.items[0]!;

    // Record the talk.
    await staff.goto(`${baseUrl()}/talks`);
    await staff.getByTestId('talk-new').click();
    const form = staff.getByTestId('talk-form');
    await form.locator('#talk-unit').click();
    await staff.keyboard.type('华润小学');
    await staff.locator('.ant-select-tree-node-content-wrapper', { hasText: /^华润小学$/ }).first().click();
    await staff.getByTestId('talk-reason').fill(reason);
    await staff.getByTestId('talk-interviewee-name-0').fill('周明');
    await staff.getByTestId('talk-interviewee-post-0').fill('安全管理员');
    await staff.getByTestId('talk-hazard-search').locator('input').fill(hazard.id);
    await staff.getByTestId('talk-hazard-option').filter({ hasText: hazard.title }).first().getByTestId('talk-hazard-add').click();
    await expect.poll(() => staff.getByTestId('talk-link-chosen').count()).toBe(1);
    await staff.getByTestId('talk-commitment-0').fill('两周内完成逾期隐患整改并提交验收');
    await staff.getByTestId('talk-save').click();
    await staff.waitForURL(/\/talks\/\d+$/, { timeout: 20_000 });
    const talkId = staff.url().split('/').pop()!;
    await expect.poll(() => staff.getByTestId('talk-reason-text').textContent()).toBe(reason);
    await expect.poll(() => staff.getByTestId('talk-link').first().textContent()).toContain(hazard.title);
    expect(await staff.getByTestId('talk-link').first().textContent()).toContain('逾期');
    await shot(staff, 'talks-1-staff-recorded');

    // The school admin sees it on a phone, read-only.
    const admin = await signIn(browser, 'huarun_admin', PHONE_390);
    await admin.goto(`${baseUrl()}/talks`);
    const card = admin.getByTestId('talk-row').filter({ hasText: reason });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    expect(await overflow(admin)).toBeLessThanOrEqual(0);
    await shot(admin, 'talks-2-school-list-phone');
    await card.click();
    await admin.waitForURL(new RegExp(`/talks/${talkId}$`));
    await expect.poll(() => admin.getByTestId('talk-reason-text').textContent()).toBe(reason);
    expect(await admin.getByTestId('talk-edit').count()).toBe(0);
    expect(await admin.getByTestId('talk-follow-up-form').count()).toBe(0);
    expect(await admin.getByTestId('talk-commitments').textContent()).toContain('两周内完成逾期隐患整改');
    expect(await overflow(admin)).toBeLessThanOrEqual(0);
    await shot(admin, 'talks-3-school-detail-phone');
    const notes = await getJson<{ items: { kind: string; title: string }[] }>(admin, '/api/notifications');
    expect(notes.items.some((n) => n.kind === 'talk_recorded' && n.title.includes('华润小学'))).toBe(true);

    // Staff record the follow-up.
    await staff.reload();
    await staff.getByTestId('talk-follow-up-note').fill('回访核实：逾期隐患已整改，已提交验收');
    await staff.getByTestId('talk-follow-up-save').click();
    await expect.poll(() => staff.getByTestId('talk-follow-up-outcome').textContent(), { timeout: 20_000 }).toBe('已落实');
    expect(await staff.getByTestId('talk-status').textContent()).toContain('已回访');
    expect(await staff.getByTestId('talk-edit').count()).toBe(0);
    await shot(staff, 'talks-4-staff-followed-up');

    // The school sees the result too.
    await admin.reload();
    await expect.poll(() => admin.getByTestId('talk-follow-up-outcome').textContent(), { timeout: 20_000 }).toBe('已落实');
    await shot(admin, 'talks-5-school-followed-up-phone');
  }, 240_000);
});
