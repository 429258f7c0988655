// Compiles the server (apps/server/src) with the two workspace packages it imports
// (@xiaoan/domain, @xiaoan/contracts) into one ES module, apps/server/dist/main.js, with esbuild.
//
// - One file: Node loads and links one module instead of some 400, and the workspace packages
//   need no compiled copy of their own (their package.json keeps pointing tools at src/).
// - Everything from node_modules stays an ordinary import (native modules, pdf.js, exceljs …).
// - `import.meta.url` / `import.meta.dirname` in a bundled file keep meaning that file's place in
//   the source tree, so what the server reads at run time beside its sources (the SQL
//   migrations, the demo's plan text, the web build) is found where it is, with nothing copied.
// - No type checking here: `npm run typecheck` (tsc) does that, in CI as before.
//
// `node scripts/server-build.mjs` builds when stale; `--force` always builds.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const serverDist = path.join(root, 'apps/server/dist');
export const serverEntry = path.join(serverDist, 'main.js');
const stamp = path.join(serverDist, '.build-stamp');
const SOURCES = ['apps/server/src', 'packages/domain/src', 'packages/contracts/src', 'apps/server/package.json', 'packages/domain/package.json', 'packages/contracts/package.json', 'package-lock.json', 'tsconfig.base.json', 'scripts/server-build.mjs'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** True when the compiled server is missing or older than any of its sources. */
export function serverBuildStale() {
  if (!fs.existsSync(serverEntry) || !fs.existsSync(stamp)) return true;
  const sourceTime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return fs.statSync(stamp).mtimeMs < sourceTime;
}

/** Rewrites import.meta.url/dirname of a bundled source file to its own place in the tree. */
function keepSourceLocation(file, text) {
  const relFile = path.relative(serverDist, file).split(path.sep).join('/');
  const relDir = path.relative(serverDist, path.dirname(file)).split(path.sep).join('/') || '.';
  let used = false;
  const out = text.replace(/\bimport\.meta\.(url|dirname)\b/g, (_m, what) => {
    used = true;
    return what === 'url'
      ? `new URL(${JSON.stringify(relFile)}, import.meta.url).href`
      : `__xiaoanPath.resolve(import.meta.dirname, ${JSON.stringify(relDir)})`;
  });
  return used ? `import __xiaoanPath from 'node:path';\n${out}` : text;
}

const plugin = {
  name: 'xiaoan-server',
  setup(build) {
    // Bare imports stay imports, except the workspace packages, which are compiled in.
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@xiaoan/') ? undefined : { path: args.path, external: true }));
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      return { contents: keepSourceLocation(args.path, text), loader: 'ts' };
    });
  },
};

/** Builds the server bundle; returns the seconds it took. Throws when the build fails. */
export async function buildServer() {
  const t0 = Date.now();
  const esbuild = await import(pathToFileURL(path.join(root, 'node_modules/esbuild/lib/main.js')).href);
  fs.mkdirSync(serverDist, { recursive: true });
  const result = await esbuild.build({
    write: false,
    entryPoints: [path.join(root, 'apps/server/src/main.ts')],
    outfile: serverEntry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
    plugins: [plugin],
  });
  // Written beside and renamed into place: a server starting meanwhile reads the old or the new file, never half of one.
  for (const f of result.outputFiles) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
  }
  fs.writeFileSync(stamp, new Date().toISOString());
  return (Date.now() - t0) / 1000;
}

/** Builds when stale (or always with force). Returns true when it built. */
export async function ensureServerBuilt({ force = false, log = (m) => process.stdout.write(`[校安] ${m}\n`) } = {}) {
  if (!force && !serverBuildStale()) return false;
  log('正在编译服务端（首次启动或源码有更新）…');
  let seconds;
  try {
    seconds = await buildServer();
  } catch (e) {
    throw new Error(`服务端编译失败：${e instanceof Error ? e.message : String(e)}`);
  }
  log(`服务端编译完成（${seconds.toFixed(1)} 秒）：${path.relative(root, serverEntry)}`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await ensureServerBuilt({ force: process.argv.includes('--force') });
  } catch (e) {
    process.stderr.write(`[校安] ${e.message}\n`);
    process.exit(1);
  }
}
