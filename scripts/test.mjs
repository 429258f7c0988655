// `npm test`: every test (domain, server on real PostgreSQL, browser in real Chromium),
// then one summary line "N passed, N failed[, N skipped]".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const chromium = findChromium();
if (!chromium) {
  const how = '浏览器测试需要 Chromium 与中文字体：sudo apt-get install -y chromium fonts-noto-cjk（或设置 CHROMIUM_PATH）';
  if (ci) {
    process.stderr.write(`CI 中必须运行浏览器测试，但没有找到 Chromium。${how}\n`);
    process.exit(1);
  }
  process.stdout.write(`\n⚠ 未找到 Chromium：跳过浏览器测试，其余测试照常运行。\n  ${how}\n\n`);
}

const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-vitest-')), 'results.json');
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)];
const res = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, XIAOAN_CHROMIUM: chromium ?? '' },
});

// The exit code follows the results as well as vitest's own status: a run that reports a failed
// test or a failed file (a crashed worker, an error outside any test) never exits 0.
let summary = null;
let failed = true;
try {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  const failures = r.numFailedTests || r.numFailedTestSuites || (r.success === false ? 1 : 0);
  summary = `${r.numPassedTests} passed, ${r.numFailedTests || (r.numFailedTestSuites ?? 0) || (failures ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`;
  failed = failures > 0;
} catch {
  summary = '0 passed, 1 failed';
}
process.stdout.write(`\n${summary}\n`);
process.exit(failed || res.status !== 0 ? res.status || 1 : 0);
