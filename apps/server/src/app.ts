import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '@xiaoan/contracts';
import type { AppDeps } from './app-deps.js';
import { answerFrameworkError, installErrorHandler } from './http/error-handler.js';
import { installValidators } from './http/validators.js';
import { installTextGuard } from './http/text-guard.js';
import { CSRF_HEADER, installAuthHook } from './http/auth-hook.js';
import { installRefusalAudit } from './http/refusal-audit.js';
import { installUploads } from './http/upload.js';
import { installAccessLog } from './http/access-log.js';
import { sharedRateLimitStore } from './http/rate-limit-store.js';
import { healthRoutes } from './features/health/health.routes.js';
import { authRoutes } from './features/auth/auth.routes.js';
import { unitRoutes } from './features/units/unit.routes.js';
import { userRoutes } from './features/users/user.routes.js';
import { departmentRoutes } from './features/departments/department.routes.js';
import { eduGroupRoutes } from './features/edu-groups/edu-group.routes.js';
import { teamRoutes } from './features/teams/team.routes.js';
import { importRoutes } from './features/import/import.routes.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { fileRoutes } from './features/files/file.routes.js';
import { hazardLedgerRoutes } from './features/hazards/hazard-ledger.routes.js';
import { hazardRoutes } from './features/hazards/hazard.routes.js';
import { notificationRoutes } from './features/notifications/notification.routes.js';
import { checklistRoutes } from './features/checklists/checklist.routes.js';
import { pointRoutes } from './features/inspection-points/point.routes.js';
import { inspectionRoutes } from './features/inspections/inspection.routes.js';
import { campaignRoutes } from './features/campaigns/campaign.routes.js';
import { visitRoutes } from './features/supervision-visits/visit.routes.js';
import { reportRoutes } from './features/reports/report.routes.js';
import { reportDocumentRoutes } from './features/reports/report-documents.routes.js';
import { homeRoutes } from './features/home/home.routes.js';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.js';
import { noticeRoutes } from './features/notices/notice.routes.js';
import { talkRoutes } from './features/talks/talk.routes.js';
import { measureRoutes } from './features/measures/measure.routes.js';
import { riskRoutes } from './features/risks/risk.routes.js';
import { riskPictureRoutes } from './features/risks/risk-picture.routes.js';
import { assessmentRoutes } from './features/assessment/assessment.routes.js';
import { chemicalRoutes } from './features/chemicals/chemical.routes.js';
import { guardRoutes } from './features/guards/guard.routes.js';
import { fleetRoutes } from './features/fleet/fleet.routes.js';
import { siteRoutes } from './features/site/site.routes.js';
import { indicatorRoutes } from './features/indicators/indicator.routes.js';

export type App = FastifyInstance;
export type { AppDeps };

/** Every registered route, as the scope-matrix test and the OpenAPI check see them. */
export type RouteInfo = { method: string; url: string; action: string | undefined; resource: string | undefined };

/** Builds the HTTP application (API + web UI); the caller owns the database and listening. */
/**
 * How long a browser may keep a file of the web build: hashed files (assets/…-hash.js) never
 * change, so a year and immutable; the service worker and the manifest are checked on every
 * visit (a new build must reach the phone); anything else an hour.
 */
export function webCacheControl(filePath: string): string {
  const rel = filePath.split(path.sep).join('/');
  if (/\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/.test(rel)) return 'public, max-age=31536000, immutable';
  if (/\/(sw\.js|manifest\.webmanifest)(\.br|\.gz)?$/.test(rel)) return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * Fastify's own response serialisers (fast-json-stringify, the same compiler and options), each
 * compiled on its route's first answer instead of all of them at start: compiling some 300
 * routes' response schemas was most of the start-up time and tens of MB that routes nobody
 * calls kept for nothing.
 */
const buildFastJsonStringify = SerializerSelector();
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
const lazySerializers: CompilersFactory = {
  buildSerializer: (externalSchemas, serializerOpts) => {
    const compile = buildFastJsonStringify(externalSchemas as never, serializerOpts as never);
    return (routeSchema) => {
      let serialize: ((data: unknown) => string) | undefined;
      return (data: unknown) => (serialize ??= compile(routeSchema as never) as (data: unknown) => string)(data);
    };
  },
};

export async function buildApp(deps: AppDeps, opts: { logger?: boolean | object } = {}): Promise<App & { routeList: RouteInfo[] }> {
  const { config } = deps;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    // No log line per request from Fastify (info level); the access log (XIAOAN_ACCESS_LOG), when on, has them.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: lazySerializers },
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For only from the configured proxies: rate limits and the audit trail see the real address.
    trustProxy: config.trustProxy === false ? false : config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidators(app);
  installAccessLog(app, config.accessLog);

  const routeList: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      if (m === 'HEAD' || !r.url.startsWith('/api/')) continue;
      routeList.push({ method: m, url: r.url, action: r.config?.action, resource: r.config?.resource });
    }
  });

  app.addSchema(ErrorResponse);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Counted in PostgreSQL (migration 0017), so that every instance behind a proxy shares the limits.
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(deps.db) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '校安 API', version: '0.1.0', description: '学校安全专项整治平台接口。错误统一为 {error:{code,message,details}}。' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'xiaoan_session', description: '登录后由 POST /api/auth/login 设置' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: `浏览器会话发起的改变状态的请求（POST/PUT/PATCH/DELETE）须在请求头 ${CSRF_HEADER} 中带上登录响应或 GET /api/auth/me 返回的 csrfToken（也在 Cookie xiaoan_csrf 中）。`,
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  installErrorHandler(app);
  installAuthHook(app, deps.db, config);
  installRefusalAudit(app, deps.db);
  installTextGuard(app);

  await app.register(
    async (api) => {
      await installUploads(api);
      await api.register(healthRoutes, deps);
      await api.register(authRoutes, deps);
      await api.register(unitRoutes, deps);
      await api.register(userRoutes, deps);
      await api.register(departmentRoutes, deps);
      await api.register(eduGroupRoutes, deps);
      await api.register(teamRoutes, deps);
      await api.register(importRoutes, deps);
      await api.register(auditRoutes, deps);
      await api.register(fileRoutes, deps);
      await api.register(hazardLedgerRoutes, deps);
      await api.register(hazardRoutes, deps);
      await api.register(notificationRoutes, deps);
      await api.register(checklistRoutes, deps);
      await api.register(pointRoutes, deps);
      await api.register(inspectionRoutes, deps);
      await api.register(campaignRoutes, deps);
      await api.register(visitRoutes, deps);
      await api.register(reportRoutes, deps);
      await api.register(reportDocumentRoutes, deps);
      await api.register(homeRoutes, deps);
      await api.register(dashboardRoutes, deps);
      await api.register(noticeRoutes, deps);
      await api.register(talkRoutes, deps);
      await api.register(measureRoutes, deps);
      await api.register(riskRoutes, deps);
      await api.register(riskPictureRoutes, deps);
      await api.register(assessmentRoutes, deps);
      await api.register(chemicalRoutes, deps);
      await api.register(guardRoutes, deps);
      await api.register(fleetRoutes, deps);
      await api.register(siteRoutes, deps);
      await api.register(indicatorRoutes, deps);
      api.get('/openapi.json', { config: { action: 'public' }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api' },
  );

  // The web UI: built files, and index.html for every client-side route.
  const indexFile = path.join(config.webDistDir, 'index.html');
  if (fs.existsSync(indexFile)) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: false,
      index: false,
      // The build writes x.br and x.gz beside each file (apps/web/vite-plugins.ts): sent as they are.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', webCacheControl(filePath));
      },
    });
    const indexHtml = fs.readFileSync(indexFile);
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send('<meta charset="utf-8"><p>网页界面尚未构建：请运行 npm run build:web</p>'),
    );
  }

  await app.ready();
  return Object.assign(app, { routeList });
}
