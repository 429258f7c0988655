import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ChangePasswordBody, LoginBody, Me, Ok, SetupBody, SetupStatus } from '@xiaoan/contracts';
import type { AppDeps } from '../../app.js';
import { CSRF_COOKIE, SESSION_COOKIE, clientIp, contextFor, ctxOf } from '../../http/auth-hook.js';
import { findSession } from './session.repository.js';
import { AppError } from '../../http/errors.js';
import { changePassword, getMe, isSetupRequired, login, logout, setupFirstAdmin } from './auth.service.js';

const err = { $ref: 'ErrorResponse#' } as const;

export const authRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  const setCookies = (reply: FastifyReply, token: string, csrfToken: string, secure: boolean) => {
    const base = { path: '/', sameSite: 'lax' as const, secure, maxAge: config.session.absoluteHours * 3600 };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
  };

  app.post(
    '/auth/login',
    {
      config: {
        action: 'public',
        rateLimit: { max: config.login.perIpPerMinute, timeWindow: '1 minute', errorResponseBuilder: () => new AppError('RATE_LIMITED', '登录尝试过于频繁，请一分钟后再试') },
      },
      schema: {
        tags: ['auth'],
        summary: '登录',
        description: '成功后设置 HttpOnly 会话 Cookie（xiaoan_session）和 CSRF Cookie（xiaoan_csrf），并返回当前用户。',
        body: LoginBody,
        response: { 200: Me, 400: err, 401: err, 423: err, 429: err },
      },
    },
    async (req, reply) => {
      const origin = { ip: clientIp(req), requestId: req.id, userAgent: req.headers['user-agent'] };
      const s = await login(db, config, req.body, origin);
      // A fresh session id at every login; an older session cookie of this browser is dropped.
      setCookies(reply, s.token, s.csrfToken, config.secureCookies || req.protocol === 'https');
      const session = await findSession(db, s.token);
      if (!session) throw new AppError('INTERNAL', '会话创建失败');
      return getMe(db, await contextFor(db, session, origin.ip, req.id), s.csrfToken);
    },
  );

  app.post(
    '/auth/logout',
    { config: { action: 'session.self' }, schema: { tags: ['auth'], summary: '退出登录（服务端销毁会话）', security: [{ session: [], csrf: [] }], response: { 200: Ok, 401: err, 403: err } } },
    async (req, reply) => {
      await logout(db, ctxOf(req), req.session!.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { config: { action: 'session.self' }, schema: { tags: ['auth'], summary: '当前用户、角色、单位和可见范围', security: [{ session: [] }], response: { 200: Me, 401: err } } },
    async (req) => getMe(db, ctxOf(req), req.session!.csrfToken),
  );

  app.post(
    '/auth/password',
    {
      config: { action: 'session.self' },
      schema: { tags: ['auth'], summary: '修改本人密码（结束该用户的所有会话）', security: [{ session: [], csrf: [] }], body: ChangePasswordBody, response: { 200: Ok, 400: err, 401: err, 403: err } },
    },
    async (req, reply) => {
      await changePassword(db, ctxOf(req), req.body);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/setup',
    { config: { action: 'public' }, schema: { tags: ['auth'], summary: '是否需要创建第一个管理员', response: { 200: SetupStatus } } },
    async () => ({ setupRequired: await isSetupRequired(db), demo: config.demo }),
  );

  app.post(
    '/setup',
    {
      config: { action: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '生产环境首次启动：创建教育局和第一个系统管理员', body: SetupBody, response: { 200: Ok, 400: err, 409: err } },
    },
    async (req) => {
      await setupFirstAdmin(db, req.body, { ip: clientIp(req), requestId: req.id });
      return { ok: true as const };
    },
  );
};
