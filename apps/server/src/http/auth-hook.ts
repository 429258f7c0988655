import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Action } from '@xiaoan/domain';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import { AppError } from './errors.js';
import type { RequestContext } from './context.js';
import { deleteSession, findSession, touchSession, type SessionWithUser } from '../features/auth/session.repository.js';
import { resolveScope } from '../features/auth/scope.repository.js';

export const SESSION_COOKIE = 'xiaoan_session';
export const CSRF_COOKIE = 'xiaoan_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The policy action this route performs, or 'public' for routes open to anyone. */
    action?: Action | 'public';
    /** For routes with an `:id`: what kind of object the id names (used by the scope matrix test). */
    resource?:
      | 'unit'
      | 'user'
      | 'department'
      | 'edu_group'
      | 'supervision_team'
      | 'hazard'
      | 'file'
      | 'notification'
      | 'checklist'
      | 'inspection_point'
      | 'inspection'
      | 'supervision_visit'
      | 'campaign'
      | 'task'
      | 'report_type'
      | 'report_submission'
      | 'assessment_scheme'
      | 'self_assessment'
      | 'talk'
      | 'measure'
      | 'building'
      | 'emergency_plan'
      | 'drill'
      | 'canteen_staff'
      | 'risk'
      | 'chemical'
      | 'chemical_store'
      | 'chemical_movement'
      | 'guard'
      | 'vehicle'
      | 'bus_driver'
      | 'bus_attendant'
      | 'bus_route'
      | 'school_security'
      | 'notice';
  }
  interface FastifyRequest {
    session: SessionWithUser | null;
    ctx: RequestContext | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request context of an authenticated route (the hook guarantees it is there). */
export function ctxOf(req: FastifyRequest): RequestContext {
  if (!req.ctx) throw new AppError('UNAUTHENTICATED', '请先登录');
  return req.ctx;
}

export function clientIp(req: FastifyRequest): string {
  // Behind trustProxy the address comes from X-Forwarded-For, which a client may fill with
  // anything; only a real address may reach the inet columns (else every write was a 500).
  const ip = req.ip ?? '';
  if (isIP(ip)) return ip;
  const peer = req.socket?.remoteAddress ?? '';
  return isIP(peer) ? peer : '';
}

/**
 * Authentication, the policy table and CSRF, before anything else runs: every
 * route declares its action; a route without one is refused (fail closed).
 */
export function installAuthHook(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('session', null);
  app.decorateRequest('ctx', null);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const action = req.routeOptions.config?.action;
    // Only API routes are guarded; the web UI's files and the 404 handler are not.
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    if (action === undefined) throw new AppError('FORBIDDEN', '此接口未登记权限');
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const s = await findSession(db, token);
      if (s) {
        const now = Date.now();
        const idleMs = config.session.idleMinutes * 60_000;
        if (s.userStatus !== 'active' || s.expiresAt.getTime() <= now || now - s.lastSeenAt.getTime() > idleMs) {
          await deleteSession(db, s.sessionId);
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          if (action !== 'public') throw new AppError('SESSION_EXPIRED', '登录已过期，请重新登录');
        } else {
          req.session = s;
          if (now - s.lastSeenAt.getTime() > 60_000) await touchSession(db, s.sessionId);
        }
      }
    }
    if (action === 'public') return;
    const s = req.session;
    if (!s) throw new AppError('UNAUTHENTICATED', '请先登录');
    // A half-finished sign-in may only finish (or sign out); a reset password must be changed first.
    if (s.stage !== 'full' && action !== 'session.pending') {
      throw new AppError('SECOND_FACTOR_REQUIRED', s.stage === 'enrol_second_factor' ? '请先绑定动态验证码（身份验证器 App）' : '请先输入动态验证码完成登录');
    }
    if (s.mustChangePassword && action !== 'session.pending' && action !== 'session.credentials') {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '您的密码由管理员设置，请先修改密码');
    }
    if (!can(s.role, action)) throw new AppError('FORBIDDEN', '您的角色无权进行此操作');
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken) {
      throw new AppError('CSRF_INVALID', '页面已过期或请求来源不可信，请刷新页面后重试');
    }
    req.ctx = await contextFor(db, s, clientIp(req), req.id);
  });
}

/** The request context of a session's user: actor and resolved scope. */
export async function contextFor(db: Db, s: SessionWithUser, ip: string, requestId: string): Promise<RequestContext> {
  return {
    actor: {
      userId: s.userId,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      unitId: s.unitId,
      unitPath: s.unitPath,
      departmentId: s.departmentId,
    },
    scope: await resolveScope(db, s),
    ip,
    requestId,
    reauthAt: s.reauthAt,
  };
}
