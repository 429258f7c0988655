import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, baseUrl, DESKTOP, hasBrowser, launch, overflow, PHONE_390, severe, shot, shotOnFailure, signIn } from './browser.js';

/*
 * Risk notice cards (风险告知卡) and the risk picture (风险分布) in the browser: 华润小学's admin
 * assesses a canteen risk as orange (L4 × S4 = 16, 较大风险) through the API, opens the canteen's
 * card in the print view (A4, then A5) and sees the orange band, the risk's name and the point's QR
 * code; the bureau's heat table shows 华润小学's area × 食品安全 cell orange (or worse when the demo
 * has worse) and drills down to the area's schools and then to the school's register. Axe on both.
 */

const ORANGE_OR_WORSE = ['significant', 'major'];

async function call<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'xiaoan_csrf')?.value ?? '';
  const res = await page.request.fetch(`${baseUrl()}${url}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}


type Cell = { worst: string | null; total: number };
type Picture = { rows: { id: string; cells: { domain: string; cell: Cell }[] }[]; schools: { id: string; name: string; areaId: string | null }[] };

describe.skipIf(!hasBrowser())('risk notice cards and the risk picture in the browser', () => {
  let browser: Browser;
  const riskName = `后厨食物中毒-${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("华润小学 prints its canteen's card with the orange risk and the QR code; the bureau's heat table shows the orange cell and drills to the school", async () => {
    shotOnFailure(browser, `risk-cards-failure`);

    // The school's admin assesses a canteen risk as orange.
    const admin = await signIn(browser, 'huarun_admin', DESKTOP);
    const points = await call<{ items: { id: string; name: string; pointType: string; school: { id: string; name: string }; qrPath: string }[] }>(admin, 'GET', '/api/inspection-points?pageSize=200');
    const canteen = points.items.find((p) => p.pointType === 'canteen');
    expect(canteen, '华润小学 has a canteen point in the demo').toBeTruthy();
    const school = canteen!.school;
    expect(school.name).toBe('华润小学');
    const created = await call<{ id: string; level: string; colour: string }>(admin, 'POST', '/api/risks', {
      pointId: canteen!.id,
      name: riskName,
      description: '夏季高温，食材储存与加工不当可能导致学生群体性食物中毒',
      domain: 'food',
      consequences: '学生群体性食物中毒',
      likelihood: 4,
      severity: 4,
      residualLikelihood: null,
      residualSeverity: null,
      measures: [
        { description: '食品留样 48 小时以上、每样不少于 125 克', tier: 'department', department: '后勤处', person: '王建国' },
        { description: '每日晨检从业人员健康状况并登记', tier: 'post', department: '食堂', person: '李春梅' },
      ],
      responsePlan: '落实食品安全管理制度，每周检查一次',
      emergencyPlan: null,
      reviewOn: null,
    });
    expect([created.level, created.colour]).toEqual(['significant', 'orange']);

    // The canteen's card in the print view.
    await admin.goto(`${baseUrl()}/risks/cards?pointId=${canteen!.id}&size=A4`);
    const card = admin.getByTestId('risk-card');
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    const ours = card.getByTestId('risk-card-risk').filter({ hasText: riskName });
    await expect.poll(() => ours.count()).toBe(1);
    expect(await ours.getAttribute('data-colour')).toBe('orange');
    expect(await ours.innerText()).toContain('较大风险');
    expect(await ours.innerText()).toContain('食品留样 48 小时以上');
    expect(await ours.innerText()).toContain('王建国');
    // The orange band is drawn in orange (the card's own band may be red when the canteen has a worse risk).
    const bandColour = await ours.locator('.xa-rc-level').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bandColour).toBe('rgb(250, 140, 22)');
    expect(ORANGE_OR_WORSE).toContain(await card.getByTestId('risk-card-band').getAttribute('data-level'));
    // The QR code: an image that loaded, of the point's own check address.
    const qr = card.getByTestId('risk-card-qr');
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const cards = await call<{ cards: { qrUrl: string }[] }>(admin, 'GET', `/api/risk-cards?pointId=${canteen!.id}`);
    expect(cards.cards[0]!.qrUrl).toBe(`${baseUrl()}${canteen!.qrPath}`);
    expect(await admin.getByTestId('risk-cards-page-size').textContent()).toContain('size: A4');
    await shot(admin, 'risk-cards-1-canteen-a4');
    expect(severe(await axe(admin, 'risk-cards-print'))).toEqual([]);
    // As printed: no toolbar, the colours kept.
    await admin.emulateMedia({ media: 'print' });
    expect(await admin.getByTestId('risk-cards-print').isVisible()).toBe(false);
    await shot(admin, 'risk-cards-2-canteen-print-media');
    await admin.emulateMedia({ media: 'screen' });
    // A5, and every card of the school in one go.
    await admin.getByTestId('risk-cards-size').getByText('A5').click();
    await expect.poll(() => admin.getByTestId('risk-cards-page-size').textContent()).toContain('size: A5');
    await shot(admin, 'risk-cards-3-canteen-a5');
    await admin.goto(`${baseUrl()}/risks/cards?schoolId=${school.id}`);
    await expect.poll(() => admin.getByTestId('risk-card').count(), { timeout: 20_000 }).toBe(points.items.length);
    expect(await admin.getByTestId('risk-cards-print').innerText()).toContain(`全部 ${points.items.length} 张`);

    // The points page offers the cards.
    await admin.goto(`${baseUrl()}/inspections/points`);
    await expect.poll(() => admin.getByTestId('points-risk-cards').getAttribute('href'), { timeout: 20_000 }).toBe(`/risks/cards?schoolId=${school.id}`);

    // The bureau's heat table.
    const staff = await signIn(browser, 'wujiawei', DESKTOP);
    const pic = await call<Picture>(staff, 'GET', '/api/risk-distribution');
    const areaId = pic.schools.find((s) => s.id === school.id)?.areaId;
    expect(areaId, '华润小学 lies in an area').toBeTruthy();
    const apiCell = pic.rows.find((r) => r.id === areaId)!.cells.find((c) => c.domain === 'food')!.cell;
    expect(ORANGE_OR_WORSE).toContain(apiCell.worst);
    await staff.goto(`${baseUrl()}/risks/distribution`);
    const cell = staff.locator(`[data-testid="heat-cell"][data-row="${areaId}"][data-domain="food"]`);
    await expect.poll(() => cell.getAttribute('data-level'), { timeout: 20_000 }).toBe(apiCell.worst);
    expect(await cell.innerText()).toContain(String(apiCell.total));
    expect(await cell.innerText()).toMatch(/重大|较大/);
    await shot(staff, 'risk-cards-4-bureau-heat-table');
    expect(severe(await axe(staff, 'risk-distribution'))).toEqual([]);
    // Drill down: the area's schools, then the school's register.
    await cell.click();
    await staff.waitForURL((u) => u.pathname === '/risks/distribution' && u.searchParams.get('unitId') === areaId && u.searchParams.get('domain') === 'food');
    const schoolCell = staff.locator(`[data-testid="heat-cell"][data-row="${school.id}"][data-domain="food"]`);
    // 华润小学's own food risks are the orange canteen ones assessed in this run (the demo leaves its canteen unassessed).
    await expect.poll(() => schoolCell.getAttribute('data-level'), { timeout: 20_000 }).toBe('significant');
    expect(await schoolCell.innerText()).toContain('较大');
    await shot(staff, 'risk-cards-5-area-schools');
    await schoolCell.click();
    await staff.waitForURL((u) => u.pathname === '/risks' && u.searchParams.get('unitId') === school.id && u.searchParams.get('domain') === 'food');

    // The picture on a phone: cards, nothing wider than the screen.
    const phone = await staff.context().newPage();
    await phone.setViewportSize(PHONE_390);
    await phone.goto(`${baseUrl()}/risks/distribution`);
    await expect.poll(() => phone.locator(`[data-testid="heat-cell"][data-row="${areaId}"][data-domain="food"]`).getAttribute('data-level'), { timeout: 20_000 }).toBe(apiCell.worst);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'risk-cards-6-heat-phone');
  }, 300_000);
});
