import type { Role, Scope } from '@xiaoan/domain';

/** Who is acting: loaded from the session on every request. */
export type Actor = {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitPath: string;
  departmentId: string | null;
};

/** Everything a service needs to know about the caller. */
export type RequestContext = {
  actor: Actor;
  scope: Scope;
  ip: string;
  requestId: string;
  /** When this session last proved who is at the keyboard (login or re-authentication). */
  reauthAt: Date;
};

/** What a service needs to record an anonymous event (a failed login). */
export type Origin = { ip: string; requestId: string; userAgent?: string };
