import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { fetchSession } from '../api/auth';
import { ApiError } from '../api/client';
import { keys } from '../api/keys';

/**
 * The session of a sign-in step page (enrolment, forced password change), read fresh
 * from the server; without a session the user goes back to the login page.
 */
export function useSignInSession(next: string) {
  const navigate = useNavigate();
  const q = useQuery({ queryKey: keys.signInSession, queryFn: ({ signal }) => fetchSession(signal), retry: false, staleTime: 0, gcTime: 0 });
  const gone = q.error instanceof ApiError && q.error.status === 401;
  useEffect(() => {
    if (gone) void navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
  }, [gone, navigate, next]);
  return q;
}
