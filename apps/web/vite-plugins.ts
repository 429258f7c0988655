import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest|txt)$/;

/**
 * Pre-compresses the build (brotli at quality 11 and gzip at level 9) beside each file, so
 * the server sends `x.js.br` or `x.js.gz` as they are (@fastify/static `preCompressed`)
 * instead of compressing on every request. Files under 1 kB are left alone.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'xiaoan-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file) || !fs.existsSync(file)) continue;
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * Emits `sw.js` (apps/web/sw/sw.js) with the build's file list to pre-cache (index.html, every
 * script and style) and a version that changes with them, so a new build replaces the old shell.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'xiaoan-service-worker',
    apply: 'build',
    generateBundle(_opts, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => /\.(js|css)$/.test(f))
        .sort()
        .map((f) => `/${f}`);
      const precache = ['/index.html', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', ...files];
      const version = crypto.createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.join(import.meta.dirname, 'sw', 'sw.js'), 'utf8');
      const source = template.replace("'__VERSION__'", JSON.stringify(version)).replace('__PRECACHE__;', `${JSON.stringify(precache)};`);
      if (source.includes('__VERSION__') || source.includes('__PRECACHE__')) throw new Error('sw.js: a placeholder was not replaced');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
