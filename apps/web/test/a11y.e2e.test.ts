import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, baseUrl, hasBrowser, launch, openLogin, shot, signIn, type Viewport } from './browser.js';

/*
 * WCAG 2.1 AA over the main pages (issue 15, item 8): axe-core (WCAG 2.x A/AA and best
 * practice, the same rules as browser.ts's axe()) on the main pages of each role, on a desktop
 * and, for the school roles, on a 390×844 phone. Prints a table per page (rule, impact, node
 * count) and the totals by impact, writes test-results/a11y-summary.json and asserts that no
 * page has a critical or a serious finding.
 */

const PHONE_390 = { width: 390, height: 844 };

type Json = Record<string, unknown>;
type Finding = { id: string; impact: string; nodes: number; help: string; targets: string[]; why: string[] };
type PageResult = { page: string; url: string; findings: Finding[]; english: string[] };

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const resultsDir = path.resolve(import.meta.dirname, '../../../test-results');
const results: PageResult[] = [];

/** A page's first row of a list endpoint (its id), read in the signed-in context; null when the list is empty. */
async function firstId(page: Page, url: string): Promise<string | null> {
  const res = await page.request.get(`${baseUrl()}${url}`);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  const body = (await res.json()) as { items: Json[] };
  const id = body.items[0]?.id;
  return id ? String(id) : null;
}
const detail = (list: string, api: string) => async (p: Page) => {
  const id = await firstId(p, api);
  return id ? `${list}/${id}` : null;
};

/** The page settled: no request running, no spinner, the fade-ins done. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.mouse.move(0, 0);
  await page.waitForTimeout(600);
}

/** axe over the whole page, every node counted (browser.ts's axe() keeps 8 per rule). */
async function audit(page: Page, name: string): Promise<PageResult> {
  await settle(page);
  await page.evaluate(axeSource);
  const findings = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'none', help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 6).map((n) => n.target.map(String).join(' ')), why: v.nodes.slice(0, 3).map((n) => n.failureSummary ?? '') }));
  });
  // Names a screen reader would read out in English (antd's icon names, "Increase Value"…).
  const english = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-label]')]
      .filter((el) => {
        const l = el.getAttribute('aria-label') ?? '';
        return /[A-Za-z]/.test(l) && !/[\u4e00-\u9fff]/.test(l) && !el.closest('[aria-hidden="true"]') && el.getClientRects().length > 0;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} "${el.getAttribute('aria-label')}" in ${(el.parentElement?.closest('button, a, li, [role]') ?? el.parentElement)?.outerHTML.slice(0, 160)}`),
  );
  const result = { page: name, url: new URL(page.url()).pathname, findings, english };
  if (findings.some(isSevere) || english.length) await shot(page, `a11y-${name}`);
  results.push(result);
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `axe-a11y-${name}.json`), JSON.stringify(result, null, 2));
  return result;
}

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
const isSevere = (f: Finding) => f.impact === 'critical' || f.impact === 'serious';

function totals(list: PageResult[]) {
  const t = Object.fromEntries(IMPACTS.map((i) => [i, { rules: 0, nodes: 0 }])) as Record<(typeof IMPACTS)[number], { rules: number; nodes: number }>;
  for (const r of list) for (const f of r.findings) {
    const slot = t[f.impact as (typeof IMPACTS)[number]];
    if (slot) {
      slot.rules += 1;
      slot.nodes += f.nodes;
    }
  }
  return t;
}

/** Each role: who signs in, on which screens, and the pages it opens (a path, or one worked out from the API). */
type Target = [name: string, path: string | ((page: Page) => Promise<string | null>), open?: (page: Page) => Promise<void>];
const hazard = detail('/hazards', '/api/hazards?page=1&pageSize=1');
const campaign = detail('/campaigns', '/api/campaigns?page=1&pageSize=1');
const notice = detail('/notices', '/api/notices?page=1&pageSize=1');
const talk = detail('/talks', '/api/talks?page=1&pageSize=1');
const check = detail('/inspections/check', '/api/inspection-points?page=1&pageSize=1');

const ROLES: { user: string; role: string; screens: Viewport[]; pages: Target[] }[] = [
  {
    user: 'huarun_admin',
    role: 'school-admin',
    screens: [DESKTOP, PHONE_390],
    pages: [
      ['home', '/'],
      ['hazards', '/hazards'],
      ['hazard-detail', hazard],
      ['report-form', '/report'],
      ['hazard-new', '/hazards/new'],
      ['inspections', '/inspections'],
      ['check', check],
      ['campaigns', '/campaigns'],
      ['campaign', campaign],
      ['reports', '/reports'],
      ['dashboard', '/dashboard'],
      ['notices', '/notices'],
      ['notice', notice],
      ['talks', '/talks'],
      ['assessment', '/assessment'],
      ['users', '/org/users'],
    ],
  },
  {
    user: 'huarun_staff',
    role: 'school-staff',
    screens: [DESKTOP, PHONE_390],
    pages: [
      ['home', '/'],
      ['report-form', '/report'],
      ['hazards', '/hazards'],
    ],
  },
  {
    user: 'wujiawei',
    role: 'bureau-staff',
    screens: [DESKTOP],
    pages: [
      ['home', '/'],
      ['dashboard', '/dashboard'],
      ['hazards', '/hazards'],
      ['hazard-detail', hazard],
      ['campaigns', '/campaigns'],
      ['campaign', campaign],
      // A dialog open (antd's close button, selects and text areas inside it).
      ['campaign-add-task', campaign, async (p) => {
        if (!(await p.getByTestId('task-add').count())) throw new Error('bureau staff (the campaign office) cannot add a task here');
        await p.getByTestId('task-add').click();
        await p.locator('.ant-modal').first().waitFor();
      }],
      ['reports', '/reports/manage'],
      ['notices', '/notices'],
      ['talks', '/talks'],
      ['talk', talk],
      ['assessment', '/assessment'],
      ['schools', '/org/schools'],
      ['users', '/org/users'],
    ],
  },
  { user: 'renjie', role: 'bureau-leader', screens: [DESKTOP], pages: [['home', '/'], ['dashboard', '/dashboard']] },
  { user: 'xumin', role: 'team-member', screens: [DESKTOP], pages: [['home', '/'], ['supervision', '/supervision'], ['hazards', '/hazards'], ['reports', '/reports']] },
  { user: 'secadmin', role: 'security-admin', screens: [DESKTOP], pages: [['home', '/'], ['users', '/org/users']] },
  { user: 'auditor', role: 'audit-admin', screens: [DESKTOP], pages: [['audit', '/audit']] },
];

const screenName = (v: Viewport) => (v.width < 600 ? 'phone' : 'desktop');
const severeLines = (r: PageResult) => [
  ...r.findings.filter(isSevere).map((f) => `${r.page} ${f.id} [${f.impact}] ×${f.nodes}: ${f.targets.slice(0, 3).join(', ')}`),
  ...r.english.map((e) => `${r.page} English accessible name: ${e}`),
];

describe.skipIf(!hasBrowser())('WCAG 2.1 AA (axe) over the main pages of each role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    const lines: string[] = ['', 'axe findings per page (rule, impact, nodes):'];
    for (const r of results) {
      lines.push(`  ${r.page} (${r.url}): ${r.findings.length ? '' : 'none'}`);
      for (const f of r.findings) lines.push(`      ${f.id.padEnd(34)} ${f.impact.padEnd(9)} ${String(f.nodes).padStart(4)}`);
      if (r.english.length) lines.push(`      English names: ${r.english.length} (${[...new Set(r.english)].slice(0, 6).join(', ')})`);
    }
    const t = totals(results);
    lines.push(`totals over ${results.length} pages: ${IMPACTS.map((i) => `${i} ${t[i].rules} rule hits / ${t[i].nodes} nodes`).join(', ')}; English accessible names ${results.reduce((n, r) => n + r.english.length, 0)}`);
    console.info(lines.join('\n'));
    if (results.length) {
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(path.join(resultsDir, 'a11y-summary.json'), JSON.stringify({ pages: results.length, totals: t, englishNames: results.reduce((n, r) => n + r.english.length, 0), results }, null, 2));
    }
  });

  for (const screen of [DESKTOP, PHONE_390]) {
    it(`login page (${screenName(screen)}): no critical or serious finding`, async () => {
      const page = await openLogin(browser, screen);
      await page.getByTestId('login-username').waitFor();
      const r = await audit(page, `login-${screenName(screen)}`);
      await page.context().close();
      expect(severeLines(r)).toEqual([]);
    }, 60_000);
  }

  it('keyboard: the home page’s ledger figures are links that Tab reaches and Enter opens', async () => {
    const page = await signIn(browser, 'huarun_admin', DESKTOP);
    await page.goto(`${baseUrl()}/`);
    const card = page.locator('a.xa-card-link').first();
    await card.waitFor();
    // Tab from the page's start until the first figure has the focus.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await card.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'Tab reaches the first figure').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/hazards');
    await page.context().close();
  }, 120_000);

  for (const { user, role, screens, pages } of ROLES) {
    for (const screen of screens) {
      it(`${role} (${user}, ${screenName(screen)}): no critical or serious finding on ${pages.map((p) => p[0]).join(', ')}`, async () => {
        const page = await signIn(browser, user, screen);
        const bad: string[] = [];
        for (const [name, target, open] of pages) {
          const p = typeof target === 'string' ? target : await target(page);
          if (p === null) {
            console.info(`${role}: no ${name} to open (its list is empty)`);
            continue;
          }
          await page.goto(`${baseUrl()}${p}`);
          if (open) {
            await settle(page);
            await open(page);
          }
          const r = await audit(page, `${role}-${screenName(screen)}-${name}`);
          bad.push(...severeLines(r));
        }
        await page.context().close();
        expect(bad).toEqual([]);
      }, 300_000);
    }
  }
});
