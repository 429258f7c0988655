import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setReauthHandler } from '../api/client';
import type { Me } from '../api/types';
import { keys } from '../api/keys';

// Its form is loaded the first time a request needs it, not with the shell.
const ReauthModal = lazy(() => import('./ReauthModal'));

/**
 * The re-authentication prompt behind every request: when the server answers
 * REAUTH_REQUIRED (resetting a password, changing a role …), the API client waits
 * here for the password (and the code when a second factor is bound), which posts
 * /api/auth/reauth; the client then retries the request once.
 */
export function ReauthGate() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const withCode = qc.getQueryData<Me>(keys.me)?.secondFactor.enabled ?? false;

  useEffect(() => {
    setReauthHandler(
      () =>
        new Promise<boolean>((resolve) => {
          resolver.current = resolve;
          setLoaded(true);
          setOpen(true);
        }),
    );
    return () => setReauthHandler(null);
  }, []);

  const done = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setOpen(false);
  };

  if (!loaded) return null;
  return (
    <Suspense fallback={null}>
      <ReauthModal open={open} withCode={withCode} onDone={done} />
    </Suspense>
  );
}
