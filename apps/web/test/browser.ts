import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generate } from 'otplib';
import { expect, inject, onTestFailed } from 'vitest';

export const DEMO_PASSWORD = 'Tianning@2026';
export const hasBrowser = () => Boolean(inject('chromiumPath'));
export const baseUrl = () => inject('baseUrl');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 375, height: 812 };
/** The phone the newer pages are checked on (390 × 844). */
export const PHONE_390 = { width: 390, height: 844 };

/** How far the page is wider than its window (> 0: it scrolls sideways, which a phone page must not). */
export const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** A JSON read with the page's session, which must answer 200 (the body is shown when it does not). */
export async function getJson<T = unknown>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(`${baseUrl()}${url}`);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

// ---- Second factor (TOTP) of the demo accounts ----
// The server lives for the whole run and every test file is its own process, so what a
// file learnt (an account's secret, the last time step used, its unused recovery codes)
// is kept in a file of the run's state folder for the files after it.

type FactorState = { secret: string; lastStep: number; recoveryCodes: string[] };
const PERIOD = 30;

function stateFile(): string {
  return path.join(inject('stateDir'), 'second-factor.json');
}

function readStates(): Record<string, FactorState> {
  try {
    return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as Record<string, FactorState>;
  } catch {
    return {};
  }
}

function writeState(username: string, state: FactorState): void {
  const all = readStates();
  all[username] = state;
  fs.writeFileSync(stateFile(), JSON.stringify(all, null, 2));
}

export function factorOf(username: string): FactorState | undefined {
  return readStates()[username];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The account's current 6-digit code, as its authenticator app would show it. A code
 * is accepted once per 30-second step (the server refuses a step at or before the
 * last one used), so when this step's code was used already it waits for the next.
 */
export async function totpCode(username: string): Promise<string> {
  const state = factorOf(username);
  if (!state) throw new Error(`${username} has no second factor bound in this run`);
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / PERIOD);
    if (step > state.lastStep) {
      const code = await generate({ secret: state.secret, epoch: step * PERIOD + 1 });
      writeState(username, { ...state, lastStep: step });
      return code;
    }
    await sleep((state.lastStep + 1) * PERIOD * 1000 - Date.now() + 250);
  }
}

/** The account's recovery codes after a new set was made (the old ones stop working). */
export function saveRecoveryCodes(username: string, codes: string[]): void {
  writeState(username, { ...factorOf(username)!, recoveryCodes: codes });
}

/** One of the account's unused recovery codes (it is used up). */
export function takeRecoveryCode(username: string): string {
  const state = factorOf(username);
  const code = state?.recoveryCodes[0];
  if (!state || !code) throw new Error(`${username} has no recovery code left in this run`);
  writeState(username, { ...state, recoveryCodes: state.recoveryCodes.slice(1) });
  return code;
}

// ---- Signing in ----

export type Viewport = { width: number; height: number };

/** A fresh browser context (its own cookies) on the login page. */
export async function openLogin(browser: Browser, viewport: Viewport = DESKTOP): Promise<Page> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await page.goto(`${baseUrl()}/login`);
  return page;
}

// ---- Passwords a test changed ----
// A file that changes a demo account's password (account-security) says so here, so the
// files after it sign that account in with what it is now.

function passwordFile(): string {
  return path.join(inject('stateDir'), 'passwords.json');
}

function readPasswords(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(passwordFile(), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Records the account's password as a test set it, for the files that sign it in later. */
export function savePassword(username: string, password: string): void {
  fs.writeFileSync(passwordFile(), JSON.stringify({ ...readPasswords(), [username]: password }, null, 2));
}

/** The account's password now: the demo's, unless a test of this run changed it. */
export const passwordOf = (username: string) => readPasswords()[username] ?? DEMO_PASSWORD;

export async function submitPassword(page: Page, username: string, password = passwordOf(username)): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

type Stage = 'done' | 'code' | 'enrol' | 'change-password' | 'error';

/** Where the sign-in stands after a step: in the app, or on one of the sign-in steps. */
export async function signInStage(page: Page, timeout = 20_000): Promise<Stage> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const p = new URL(page.url()).pathname;
    if (!p.startsWith('/login')) return 'done';
    if (p === '/login/enrol' && (await page.getByTestId('totp-secret').count())) return 'enrol';
    if (p === '/login/change-password' && (await page.getByTestId('password-submit').count())) return 'change-password';
    if (p === '/login' && (await page.getByTestId('login-code-step').count())) return 'code';
    if (p === '/login' && (await page.getByTestId('login-error').count())) return 'error';
    if (Date.now() > deadline) throw new Error(`sign-in is stuck at ${page.url()}`);
    await sleep(100);
  }
}

/** Leaves the code step: the page moves on, or shows why the code was refused. */
async function afterCode(page: Page): Promise<void> {
  const error = page.getByTestId('login-code-step').getByTestId('login-error');
  const deadline = Date.now() + 20_000;
  while (new URL(page.url()).pathname === '/login' && (await page.getByTestId('login-code-step').count())) {
    if (await error.count()) throw new Error(`second factor refused: ${await error.innerText()}`);
    if (Date.now() > deadline) throw new Error('the code step did not move on');
    await sleep(100);
  }
}

/** The code step: the app's current code (typing the sixth digit submits), or a recovery code. */
export async function enterCode(page: Page, username: string, how: 'totp' | 'recovery' = 'totp'): Promise<void> {
  const step = page.getByTestId('login-code-step');
  if (how === 'recovery') {
    await step.getByTestId('use-recovery-code').click();
    await step.getByTestId('recovery-code-input').fill(takeRecoveryCode(username));
    await step.getByTestId('login-code-submit').click();
  } else {
    await step.getByTestId('login-code').fill(await totpCode(username));
  }
  await afterCode(page);
}

/**
 * The enrolment page, as a person with an authenticator app does it: reads the secret
 * shown for manual entry, types the app's first code, keeps the recovery codes and
 * goes on. `at` lets a test look at the page on the way (screenshots, axe).
 */
export async function enrolOnPage(page: Page, username: string, at: { qr?: () => Promise<void>; codes?: () => Promise<void> } = {}): Promise<string[]> {
  await page.getByTestId('totp-qr').waitFor();
  await at.qr?.();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/[^A-Z2-7]/g, '');
  writeState(username, { secret, lastStep: 0, recoveryCodes: [] });
  await page.getByTestId('totp-code').fill(await totpCode(username));
  await page.getByTestId('totp-enable').click();
  await page.getByTestId('recovery-codes').waitFor({ timeout: 15_000 });
  const codes = (await page.getByTestId('recovery-code').allInnerTexts()).map((c) => c.trim());
  writeState(username, { ...factorOf(username)!, recoveryCodes: codes });
  await at.codes?.();
  await page.getByTestId('recovery-saved').click();
  return codes;
}

/** Finishes whatever the sign-in asks for (code, first enrolment) until the app opens. */
export async function finishSignIn(page: Page, username: string, how: 'totp' | 'recovery' = 'totp'): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const stage = await signInStage(page);
    switch (stage) {
      case 'done':
        return;
      case 'code':
        await enterCode(page, username, how);
        break;
      case 'enrol':
        await enrolOnPage(page, username);
        break;
      case 'change-password':
        throw new Error(`${username} must change the password first`);
      case 'error':
        throw new Error(`sign-in refused: ${await page.getByTestId('login-error').innerText()}`);
    }
  }
  throw new Error(`sign-in of ${username} did not finish`);
}

/**
 * A fresh browser context (its own cookies) signed in through the real login page,
 * with the second factor where the role requires it (enrolled on first use).
 */
export async function signIn(browser: Browser, username: string, viewport: Viewport = DESKTOP, opts: { password?: string; how?: 'totp' | 'recovery' } = {}): Promise<Page> {
  const page = await openLogin(browser, viewport);
  await submitPassword(page, username, opts.password);
  await finishSignIn(page, username, opts.how);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

// ---- What a person checks ----

function resultsDir(): string {
  const dir = path.resolve(import.meta.dirname, '../../../test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves a screenshot under test-results/ (ignored by git) for a person to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir(), `${name}.png`), fullPage: true });
}

/** When the running test fails, a screenshot of every page the browser has open (`<prefix>-<n>.png`), to see where it stopped. */
export function shotOnFailure(browser: Browser, prefix: string): void {
  onTestFailed(async () => {
    let i = 0;
    for (const ctx of browser.contexts()) for (const p of ctx.pages()) await shot(p, `${prefix}-${i++}`).catch(() => {});
  });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[]; why: string[] };

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is; writes the
 * violations to test-results/axe-<name>.json and returns them.
 */
export async function axe(page: Page, name: string): Promise<AxeViolation[]> {
  // The page at rest: no hover left over from the last click, no animation half-way.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  // Evaluated through the debugging protocol, so the page's CSP (script-src 'self') does not apply.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 8).map((n) => n.target.map(String).join(' ')),
      why: v.nodes.slice(0, 8).map((n) => n.failureSummary ?? ''),
    }));
  });
  fs.writeFileSync(path.join(resultsDir(), `axe-${name}.json`), JSON.stringify(violations, null, 2));
  return violations;
}

/** The serious and critical ones, as "rule: help (nodes)" lines, for an assertion that reads well when it fails. */
export const severe = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} [${v.impact}]: ${v.help} — ${v.nodes.join(', ')}`);
