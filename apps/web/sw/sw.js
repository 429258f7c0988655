/*
 * 校安's service worker (an installable app that opens without a network once visited).
 * Built by vite-plugins.ts: the two placeholders below are replaced with the build's hash
 * and its files. What it keeps:
 * - the app shell (index.html and every hashed script and style of the build), so the
 *   shell, 随手报 and the point check open offline; hashed files never change, so they are
 *   served from the cache first;
 * - the last answer of the few reads those pages need (who I am, a point's check form, a
 *   scanned point, the units list) — network first, the cached answer only when offline; the
 *   cache is dropped on sign-out (the page posts 'signed-out');
 * - nothing else: every other request goes to the network as before, and writes are never
 *   touched (the pages' own queue sends them again when the network returns).
 */
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const SHELL = `xiaoan-shell-${VERSION}`;
const READS = 'xiaoan-reads';
const OFFLINE_READS = [
  /^\/api\/auth\/me$/,
  /^\/api\/inspection-points\/by-token\/[^/]+$/,
  /^\/api\/inspection-points\/[0-9]+\/check-form$/,
  /^\/api\/units$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('xiaoan-shell-') && n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'signed-out') event.waitUntil(caches.delete(READS));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok && cacheName) {
      const copy = response.clone();
      caches.open(cacheName).then((c) => c.put(fallbackUrl ?? request, copy));
    }
    return response;
  } catch (err) {
    const cached = await caches.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL).then((c) => c.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Every client-side route is the same index.html: fresh when online, the cached one offline.
    event.respondWith(networkFirst(request, SHELL, '/index.html'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    if (OFFLINE_READS.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(request, READS));
  }
});
