import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChangePasswordBody,
  LoginBody,
  Me,
  Ok,
  ReauthBody,
  RecoveryCodes,
  SecondFactorBody,
  SetupBody,
  SetupStatus,
  TotpDisableBody,
  TotpEnableBody,
  TotpSetup,
} from '@xiaoan/contracts';
import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.js';
import { CSRF_COOKIE, SESSION_COOKIE, clientIp, contextFor, ctxOf } from '../../http/auth-hook.js';
import { findSession } from './session.repository.js';
import { AppError } from '../../http/errors.js';
import { changePassword, getMe } from './account.service.js';
import {
  completeSecondFactor,
  disableTotp,
  finishTotpEnrolment,
  login,
  logout,
  reauthenticate,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from './auth.service.js';
import { isSetupRequired, setupFirstAdmin } from './setup.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const pendingSecurity = [{ session: [], csrf: [] }];

export const authRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db, config }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  const setCookies = (req: FastifyRequest, reply: FastifyReply, s: { token: string; csrfToken: string }) => {
    const secure = config.secureCookies || req.protocol === 'https';
    const base = { path: '/', sameSite: 'lax' as const, secure, maxAge: config.session.absoluteHours * 3600 };
    reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
  };
  const originOf = (req: FastifyRequest) => ({ ip: clientIp(req), requestId: req.id, userAgent: req.headers['user-agent'] });

  /** Sets the session's cookies and answers with the user as that session sees it. */
  const answerWithSession = async (req: FastifyRequest, reply: FastifyReply, s: { token: string; csrfToken: string }) => {
    setCookies(req, reply, s);
    const session = await findSession(db, s.token);
    if (!session) throw new AppError('INTERNAL', '会话创建失败');
    return getMe(db, await contextFor(db, session, clientIp(req), req.id), session);
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
        summary: '登录（第一步：用户名和密码）',
        description:
          '成功后设置 HttpOnly 会话 Cookie（xiaoan_session）和 CSRF Cookie（xiaoan_csrf），并返回当前用户。authStage 为 second_factor 时须再调用 POST /api/auth/second-factor；为 enrol_second_factor 时须先绑定动态验证码（POST /api/auth/totp/setup、/api/auth/totp/enable）。在此之前其他接口一律返回 403 SECOND_FACTOR_REQUIRED。',
        body: LoginBody,
        response: { 200: Me, 400: err, 401: err, 423: err, 429: err },
      },
    },
    // A fresh session id at every login; an older session cookie of this browser is dropped.
    async (req, reply) => answerWithSession(req, reply, await login(db, config, req.body, originOf(req))),
  );

  app.post(
    '/auth/second-factor',
    {
      config: { action: 'session.pending', rateLimit: { max: config.login.perIpPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：输入身份验证器 App 的 6 位动态验证码（或一次性恢复码）',
        description: '成功后换发新的会话 Cookie。',
        security: pendingSecurity,
        body: SecondFactorBody,
        response: { 200: Me, 400: err, 401: err, 409: err, 423: err, 429: err },
      },
    },
    async (req, reply) => answerWithSession(req, reply, await completeSecondFactor(db, config, req.session!, req.body.code, originOf(req))),
  );

  app.post(
    '/auth/totp/setup',
    {
      config: { action: 'session.pending' },
      schema: { tags: ['auth'], summary: '开始绑定动态验证码：生成密钥和二维码（尚未生效）', security: pendingSecurity, response: { 200: TotpSetup, 401: err, 403: err, 409: err } },
    },
    async (req) => startTotpEnrolment(db, req.session!),
  );

  app.post(
    '/auth/totp/enable',
    {
      config: { action: 'session.pending', rateLimit: { max: config.login.perIpPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '完成绑定：输入 App 显示的第一个动态验证码，返回一次性恢复码（只显示这一次）',
        description: '正在登录且须先绑定的会话在此之后成为完整会话（换发新的会话 Cookie）。',
        security: pendingSecurity,
        body: TotpEnableBody,
        response: { 200: Type.Intersect([RecoveryCodes, Type.Object({ me: Me })]), 400: err, 401: err, 403: err, 409: err },
      },
    },
    async (req, reply) => {
      const r = await finishTotpEnrolment(db, config, req.session!, req.body.code, originOf(req));
      const me = r.session ? await answerWithSession(req, reply, r.session) : await getMe(db, ctxOf(req), req.session!);
      return { recoveryCodes: r.recoveryCodes, me };
    },
  );

  app.post(
    '/auth/totp/disable',
    {
      config: { action: 'session.self' },
      schema: { tags: ['auth'], summary: '解除本人的动态验证码绑定（须输入密码和动态验证码；必须使用的角色不能解除）', security: pendingSecurity, body: TotpDisableBody, response: { 200: Ok, 400: err, 401: err, 403: err, 409: err } },
    },
    async (req) => {
      await disableTotp(db, ctxOf(req), req.body, config);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/recovery-codes',
    {
      config: { action: 'session.self' },
      schema: { tags: ['auth'], summary: '重新生成恢复码（旧的作废；须输入动态验证码）', security: pendingSecurity, body: SecondFactorBody, response: { 200: RecoveryCodes, 400: err, 401: err, 403: err, 409: err } },
    },
    async (req) => ({ recoveryCodes: await regenerateRecoveryCodes(db, ctxOf(req), req.body.code, config) }),
  );

  app.post(
    '/auth/reauth',
    {
      config: { action: 'session.self', rateLimit: { max: config.login.perIpPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '再次验证身份（密码，已绑定时加动态验证码）：此后 5 分钟内可重置他人密码、修改角色、停用账号',
        security: pendingSecurity,
        body: ReauthBody,
        response: { 200: Ok, 400: err, 401: err, 403: err, 423: err },
      },
    },
    async (req) => {
      await reauthenticate(db, config, ctxOf(req), req.session!.sessionId, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/logout',
    { config: { action: 'session.pending' }, schema: { tags: ['auth'], summary: '退出登录（服务端销毁会话）', security: pendingSecurity, response: { 200: Ok, 401: err, 403: err } } },
    async (req, reply) => {
      await logout(db, ctxOf(req), req.session!.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { action: 'session.pending' },
      schema: { tags: ['auth'], summary: '当前用户、角色、单位、可见范围和登录进度（authStage、mustChangePassword）', security: [{ session: [] }], response: { 200: Me, 401: err } },
    },
    async (req) => getMe(db, ctxOf(req), req.session!),
  );

  app.post(
    '/auth/password',
    {
      config: { action: 'session.credentials' },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码（须输入当前密码；结束该用户的所有会话）',
        security: pendingSecurity,
        body: ChangePasswordBody,
        response: { 200: Ok, 400: err, 401: err, 403: err },
      },
    },
    async (req, reply) => {
      await changePassword(db, ctxOf(req), req.body, config);
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
      schema: {
        tags: ['auth'],
        summary: '生产环境首次启动：创建教育局和第一个安全管理员',
        description: '安全管理员随后创建系统管理员、审计管理员和其他账号（三员分立）。',
        body: SetupBody,
        response: { 200: Ok, 400: err, 409: err },
      },
    },
    async (req) => {
      await setupFirstAdmin(db, req.body, { ip: clientIp(req), requestId: req.id });
      return { ok: true as const };
    },
  );
};
