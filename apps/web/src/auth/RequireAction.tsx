import type { ReactNode } from 'react';
import { can, type Action } from '@xiaoan/domain';
import { useMe } from './session';
import { Blocked } from '../components/Blocked';

/** Shows the page only to roles the policy allows (the server refuses the others anyway). */
export function RequireAction({ action, children }: { action: Action; children: ReactNode }) {
  const me = useMe();
  if (!can(me.role, action)) {
    return <Blocked title="无权访问" detail={`您的角色（${me.roleLabel}）无权访问此页面。`} />;
  }
  return <>{children}</>;
}
