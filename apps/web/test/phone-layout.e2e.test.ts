import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

/*
 * The phone (issue 15, item 5): every main page of each role at 390 px is no wider than the
 * screen, and the header's notification panel opens inside it. A page that is wider scrolls
 * sideways on a phone, which hides its right-hand buttons.
 */

const PHONE_390 = { width: 390, height: 844 };

const PAGES: Record<string, string[]> = {
  huarun_admin: ['/', '/dashboard', '/hazards', '/report', '/inspections', '/inspections/points', '/inspections/follow-ups', '/campaigns', '/reports', '/notices', '/talks', '/assessment', '/org/users'],
  xumin: ['/', '/dashboard', '/hazards', '/inspections', '/supervision', '/campaigns', '/reports', '/notices', '/talks'],
  wujiawei: ['/', '/dashboard', '/hazards', '/inspections', '/campaigns', '/reports/manage', '/notices', '/talks', '/assessment', '/org/schools'],
  renjie: ['/', '/dashboard', '/hazards', '/campaigns', '/notices'],
};

/** How far the page reaches past the screen's right edge (0 when it fits), after the page has settled. */
async function overflow(page: Page): Promise<{ px: number; widest: string }> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const w = window.innerWidth;
    let widest = '';
    let right = w;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Inside a horizontally scrolling box (a wide table on purpose) the box is what counts.
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') {
          clipped = true;
          break;
        }
        p = p.parentElement;
      }
      if (!clipped && r.right > right + 1) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${String(el.className).split(' ').slice(0, 2).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
      }
    }
    return { px: Math.max(0, Math.round(Math.max(document.documentElement.scrollWidth, right) - w)), widest };
  });
}

describe.skipIf(!hasBrowser())('every main page fits a 390 px phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [username, paths] of Object.entries(PAGES)) {
    it(`${username}: no page is wider than the screen, and the notification panel opens on it`, async () => {
      const page = await signIn(browser, username, PHONE_390);
      const wide: string[] = [];
      for (const p of paths) {
        await page.goto(`${baseUrl()}${p}`);
        const o = await overflow(page);
        if (o.px > 0) {
          wide.push(`${p}: ${o.px} px too wide (${o.widest})`);
          await shot(page, `phone-overflow-${username}-${p.replaceAll('/', '_') || 'home'}`);
        }
      }
      await page.goto(`${baseUrl()}/`);
      await page.getByTestId('notifications-bell').click();
      const panel = page.getByTestId('notifications-panel');
      await panel.waitFor();
      await page.waitForTimeout(400);
      const box = (await panel.boundingBox())!;
      await shot(page, `phone-notifications-${username}`);
      expect(wide).toEqual([]);
      expect(box.x, 'the panel starts on the screen').toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, 'the panel ends on the screen').toBeLessThanOrEqual(PHONE_390.width);
      await page.context().close();
    }, 240_000);
  }
});
