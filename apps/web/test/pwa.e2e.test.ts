import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { baseUrl, hasBrowser, launch, shot, signIn } from './browser.js';

/*
 * Fast and installable (issue 15, item 7): what a phone downloads before the login form
 * shows, how long that takes on a slow 4G line with a 4× slower CPU, the build served
 * pre-compressed with hashed files cached for a year, and the installed app opening 随手报
 * and a point's check with no network once they were visited.
 *
 * The byte count is asserted against a ceiling that keeps it from growing back (the goal is 200 kB;
 * it does not depend on the machine); the slow-4G time is printed for the closing note, not
 * asserted (it does).
 */

const PHONE_390 = { width: 390, height: 844 };
/** Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

type Wire = { scripts: number; scriptBytes: number; allBytes: number; encodings: Set<string> };

/** Counts what crosses the wire (compressed bytes) while `run` goes on. */
async function onTheWire(cdp: CDPSession, run: () => Promise<void>): Promise<Wire> {
  const types = new Map<string, string>();
  const wire: Wire = { scripts: 0, scriptBytes: 0, allBytes: 0, encodings: new Set() };
  const onResponse = (e: { requestId: string; type: string; response: { headers: Record<string, string> } }) => {
    types.set(e.requestId, e.type);
    const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
    if (e.type === 'Script' && enc) wire.encodings.add(enc);
  };
  const onFinished = (e: { requestId: string; encodedDataLength: number }) => {
    wire.allBytes += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') {
      wire.scripts += 1;
      wire.scriptBytes += e.encodedDataLength;
    }
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  await run();
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  return wire;
}

describe.skipIf(!hasBrowser())('an app that loads fast and opens offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the build pre-compressed, hashed files immutable for a year, the shell and the worker checked every time', async () => {
    const index = await fetch(`${baseUrl()}/login`);
    const html = await index.text();
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'index.html names its entry script').toBeTruthy();
    const br = await fetch(`${baseUrl()}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gz = await fetch(`${baseUrl()}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(`${baseUrl()}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const sw = await fetch(`${baseUrl()}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await (await fetch(`${baseUrl()}/manifest.webmanifest`)).json()) as { name: string; display: string; icons: { sizes: string }[] };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('shows the login form with brotli scripts, and prints their bytes and the slow-4G time for the closing note', async () => {
    const ctx = await browser.newContext({ viewport: PHONE_390, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const fast = await onTheWire(cdp, async () => {
      await page.goto(`${baseUrl()}/login`);
      await page.getByTestId('login-username').waitFor();
      await page.waitForLoadState('networkidle');
    });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    await page.goto(`${baseUrl()}/login`);
    await page.getByTestId('login-username').waitFor({ timeout: 60_000 });
    const slowMs = Date.now() - t0;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    console.log(
      `[pwa] login route: ${fast.scripts} scripts, ${(fast.scriptBytes / 1024).toFixed(1)} kB of JavaScript on the wire (${[...fast.encodings].join(', ') || 'uncompressed'}), ${(fast.allBytes / 1024).toFixed(1)} kB in all; ` +
        `form visible after ${(slowMs / 1000).toFixed(2)} s on slow 4G with a 4× slower CPU`,
    );
    expect([...fast.encodings]).toEqual(['br']);
    // The goal is 200 kB; measured 280 kB (see the README). This guards against growing back.
    expect(fast.scriptBytes).toBeLessThanOrEqual(300 * 1024);
    await ctx.close();
  });

  it('opens 随手报 and a point check with no network once they were visited', async () => {
    const page: Page = await signIn(browser, 'huarun_admin', PHONE_390);
    const ctx = page.context();
    // The worker takes over after its first install: wait until it controls the page.
    const registered = await page.evaluate(async () => {
      const reg = await Promise.race([navigator.serviceWorker.ready, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
      return reg ? 'ready' : `not ready: ${(await navigator.serviceWorker.getRegistrations()).length} registrations`;
    });
    expect(registered).toBe('ready');
    await page.reload();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));

    await page.goto(`${baseUrl()}/report`);
    await page.getByTestId('report-title').waitFor();
    const points = await page.request.get(`${baseUrl()}/api/inspection-points?pageSize=5`);
    const pointId = ((await points.json()) as { items: { id: string }[] }).items[0]!.id;
    const checkUrl = `${baseUrl()}/inspections/check/${pointId}`;
    await page.goto(checkUrl);
    await page.locator('[data-testid^="item-"]').first().waitFor();

    await ctx.setOffline(true);
    try {
      await page.goto(`${baseUrl()}/report`);
      await page.getByTestId('report-title').waitFor({ timeout: 15_000 });
      await shot(page, 'pwa-offline-report-phone');
      await page.goto(checkUrl);
      await page.locator('[data-testid^="item-"]').first().waitFor({ timeout: 15_000 });
      await shot(page, 'pwa-offline-check-phone');
    } finally {
      await ctx.setOffline(false);
    }
    await ctx.close();
  }, 180_000);
});
