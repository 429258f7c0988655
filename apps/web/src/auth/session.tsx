import { createContext, useContext } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { meQuery } from '../api/queries';
import { ApiError, errorMessage } from '../api/client';
import type { Me } from '../api/types';
import { FullPageSpin } from '../components/FullPageSpin';
import { Blocked } from '../components/Blocked';

const MeContext = createContext<Me | null>(null);

/** The signed-in user; only inside RequireAuth. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireAuth');
  return me;
}

/**
 * Loads the current user; a 401 makes the API client send the browser to /login. A
 * sign-in that is not finished (second factor, its enrolment, a forced password
 * change) goes back to the login page, which continues it.
 */
export function RequireAuth() {
  const q = useQuery(meQuery);
  const location = useLocation();
  if (q.isPending) return <FullPageSpin />;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 401) return <FullPageSpin />;
    return (
      <Blocked
        title="无法加载当前用户"
        detail={errorMessage(q.error)}
        extra={
          <Button type="primary" onClick={() => void q.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (q.data.authStage !== 'full' || q.data.mustChangePassword) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return (
    <MeContext.Provider value={q.data}>
      <Outlet />
    </MeContext.Provider>
  );
}
