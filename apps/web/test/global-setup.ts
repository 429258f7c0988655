import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM helper shared with `npm start`
import { ensureWebBuilt } from '../../../scripts/web-build.mjs';
import { freeLoopbackPort } from '../../server/src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
    baseUrl: string;
    /** A folder the test files share for the run: second-factor secrets and used codes of the demo accounts. */
    stateDir: string;
  }
}

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Browser tests run against the product as a user starts it: the built web UI and
 * the server with its embedded PostgreSQL and the demo district, on a fresh data
 * directory and a free port. Without Chromium, nothing starts and the tests skip.
 */
export default async function setup(project: TestProject) {
  const chromium = process.env.XIAOAN_CHROMIUM ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');
  project.provide('chromiumPath', chromium);
  project.provide('baseUrl', '');
  project.provide('stateDir', '');
  if (!chromium) return;

  ensureWebBuilt({ log: () => {} });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-e2e-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freeLoopbackPort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', XIAOAN_DATA_DIR: dataDir, XIAOAN_DEMO: 'true', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the browser tests run the default, embedded path
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  // First start: migrations and the whole demo district (ledger, checks, reports, registries); minutes on a busy 2-core machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseUrl', baseUrl);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-e2e-state-'));
  project.provide('stateDir', stateDir);

  return async () => {
    child.kill('SIGINT');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
}
