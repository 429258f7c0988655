import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `npm test` (scripts/test.mjs) must exit non-zero whenever anything failed, and print the one
 * summary line CI reads. Run it on a throwaway project of one test, passing and then failing.
 */
const root = path.resolve(import.meta.dirname, '../../..');

function runOn(testBody: string): { status: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-runner-'));
  try {
    fs.writeFileSync(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.check.mjs'], globals: true } };\n");
    fs.writeFileSync(path.join(dir, 'one.check.mjs'), testBody);
    const res = spawnSync(process.execPath, [path.join(root, 'scripts/test.mjs'), '--root', dir, '--config', path.join(dir, 'vitest.config.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: '', CHROMIUM_PATH: process.execPath },
      timeout: 120_000,
    });
    return { status: res.status, out: res.stdout + res.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm test', () => {
  it('exits 0 and says "1 passed, 0 failed" when everything passes', () => {
    const r = runOn("test('ok', () => { expect(1).toBe(1); });\n");
    expect(r.out).toContain('1 passed, 0 failed');
    expect(r.status).toBe(0);
  }, 120_000);

  it('exits non-zero when one test fails, and says so', () => {
    const r = runOn("test('ok', () => { expect(1).toBe(1); });\ntest('broken', () => { expect(1).toBe(2); });\n");
    expect(r.out).toContain('1 passed, 1 failed');
    expect(r.status).not.toBe(0);
  }, 120_000);

  it('exits non-zero when a file fails outside any test', () => {
    const r = runOn("throw new Error('cannot even load');\n");
    expect(r.out).toMatch(/0 passed, [1-9]\d* failed/);
    expect(r.status).not.toBe(0);
  }, 120_000);
});
