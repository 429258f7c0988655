/**
 * The installable app's service worker (apps/web/sw/sw.js, emitted by the build): registered
 * in a production build only, so the dev server never serves a stale shell.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // An app without its offline shell still works online: nothing to tell the user.
    });
  });
}

/** Signing out drops the cached reads (who I am, check forms) from the service worker's cache. */
export function forgetOfflineReads(): void {
  navigator.serviceWorker?.controller?.postMessage('signed-out');
}
