// Builds the web UI when its sources are newer than the last build (or it was never built).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'apps/web/dist');
const stamp = path.join(dist, '.build-stamp');
const SOURCES = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/vite-plugins.ts', 'apps/web/sw', 'apps/web/public', 'apps/web/package.json', 'packages/domain/src', 'packages/contracts/src', 'package-lock.json'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** Returns true when it had to build. Throws when the build fails. */
export function ensureWebBuilt({ log = (m) => process.stdout.write(`[校安] ${m}\n`) } = {}) {
  const sourceTime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (builtAt >= sourceTime && fs.existsSync(path.join(dist, 'index.html'))) return false;
  log('正在构建网页界面（首次启动或源码有更新）…');
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'apps/web'),
    // Always the production build, also when started from the test runner (whose NODE_ENV=test
    // would give React's development build and no service worker): the tests try what users get.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error('网页界面构建失败');
  fs.writeFileSync(stamp, new Date().toISOString());
  log(`网页界面构建完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  return true;
}
