import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreatePointBody, IdParam, Page, PointCheckForm, PointListQuery, PointSummary, UpdatePointBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { checkForm, createPoint, getPoint, listPoints, pointByToken, printSheet, rotateToken, updatePoint } from './point.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['inspection-points'];

export const pointRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/inspection-points', {
    config: { action: 'inspection_point.read' },
    schema: { tags, summary: '点位列表（隐患排查点位化）', security, querystring: PointListQuery, response: { 200: Page(PointSummary), 401: err, 403: err } },
  }, async (req) => listPoints(db, ctxOf(req), req.query));

  app.get('/inspection-points/:id', {
    config: { action: 'inspection_point.read', resource: 'inspection_point' },
    schema: { tags, summary: '点位详情', security, params: IdParam, response: { 200: PointSummary, 401: err, 403: err, 404: err } },
  }, async (req) => getPoint(db, ctxOf(req), req.params.id));

  app.get('/inspection-points/:id/check-form', {
    config: { action: 'inspection.submit', resource: 'inspection_point' },
    schema: { tags, summary: '点位检查表单：本期是否已查、适用的检查项', security, params: IdParam, response: { 200: PointCheckForm, 401: err, 403: err, 404: err } },
  }, async (req) => checkForm(db, ctxOf(req), req.params.id));

  app.get('/inspection-points/by-token/:token', {
    config: { action: 'inspection_point.read' },
    schema: {
      tags,
      summary: '扫码：由二维码令牌找到点位（只能找到本人权限范围内的点位）',
      security,
      params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }),
      response: { 200: PointSummary, 401: err, 403: err, 404: err },
    },
  }, async (req) => pointByToken(db, ctxOf(req), req.params.token));

  app.post('/inspection-points', {
    config: { action: 'inspection_point.manage' },
    schema: { tags, summary: '新建点位', security: writeSecurity, body: CreatePointBody, response: { 201: PointSummary, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createPoint(db, ctxOf(req), req.body)));

  app.put('/inspection-points/:id', {
    config: { action: 'inspection_point.manage', resource: 'inspection_point' },
    schema: { tags, summary: '修改或停用点位', security: writeSecurity, params: IdParam, body: UpdatePointBody, response: { 200: PointSummary, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updatePoint(db, ctxOf(req), req.params.id, req.body));

  app.post('/inspection-points/:id/rotate-token', {
    config: { action: 'inspection_point.manage', resource: 'inspection_point' },
    schema: { tags, summary: '更换二维码（已打印的旧码失效）', security: writeSecurity, params: IdParam, response: { 200: PointSummary, 401: err, 403: err, 404: err } },
  }, async (req) => rotateToken(db, ctxOf(req), req.params.id));

  app.get('/units/:id/inspection-points/print', {
    config: { action: 'inspection_point.read', resource: 'unit' },
    schema: { tags, summary: '打印本校全部点位二维码（A4 网页，浏览器打印）', security, params: IdParam, produces: ['text/html'] },
  }, async (req, reply) => {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await printSheet(db, ctxOf(req), req.params.id, base));
  });
};
