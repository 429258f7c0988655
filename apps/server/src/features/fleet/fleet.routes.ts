import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AttendantDetail,
  AttendantSummary,
  BusRouteDetail,
  BusRouteSummary,
  CreateAttendantBody,
  CreateBusRouteBody,
  CreateDriverBody,
  CreateVehicleBody,
  DriverDetail,
  DriverSummary,
  FleetListQuery,
  FleetSchoolQuery,
  IdParam,
  Page,
  UpdateAttendantBody,
  UpdateBusRouteBody,
  UpdateDriverBody,
  UpdateVehicleBody,
  VehicleDetail,
  VehicleImportResult,
  VehicleSummary,
} from '@xiaoan/contracts';
import { Type } from 'typebox';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { encodeRfc5987, readUpload } from '../../http/upload.js';
import { XLSX_MIME } from '../../http/xlsx-stream.js';
import { exportFleet, importVehicles } from './fleet-excel.service.js';
import { vehicleLabels } from './fleet-labels.js';
import { createAttendant, createDriver, getAttendant, getDriver, listAttendants, listDrivers, updateAttendant, updateDriver } from './fleet-people.service.js';
import { createRoute, getRoute, listRoutes, updateRoute } from './fleet-route.service.js';
import { createVehicle, getVehicle, listVehicles, updateVehicle } from './fleet.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['registries'];
const read = { action: 'registry.read' } as const;
const manage = { action: 'registry.manage' } as const;
const listErr = { 400: err, 401: err, 403: err };
const oneErr = { 401: err, 403: err, 404: err };
const writeErr = { 400: err, 401: err, 403: err, 404: err, 409: err };

/**
 * School buses (校车台账) under /api/registries: `vehicles` and `drivers` (the contract's kinds),
 * `attendants` and `bus-routes` beside them; each a list ({items,total}, paged, filtered) and a
 * detail (another school's id is a 404 like an unknown one); the school admin's writes; the QR
 * label sheet; the registry as Excel and the vehicles' import with a preview.
 */
export const fleetRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;

  // ---------------------------------------------------------------- vehicles
  app.get('/registries/vehicles', {
    config: read,
    schema: { tags, summary: '校车列表（学校看本校，督查组看本组学校，教育局全部；可按学校/片区、状态 in_service/expiring/out_of_service、车牌或运营单位筛选）', security, querystring: FleetListQuery, response: { 200: Page(VehicleSummary), ...listErr } },
  }, async (req) => listVehicles(db, ctxOf(req), req.query));

  app.get('/registries/vehicles/labels', {
    config: { action: 'registry.read', rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '校车二维码标签（A4 网页，浏览器打印）：每辆车一张，扫码登录后打开该车台账与出车检查',
      description: '学校打印本校的；教育局、督查组须填 schoolId。vehicleId 只打印一辆。',
      security,
      querystring: Type.Object({ schoolId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })), vehicleId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })) }, { additionalProperties: false }),
      produces: ['text/html'],
    },
  }, async (req, reply) => {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await vehicleLabels(db, ctxOf(req), req.query, base));
  });

  app.get('/registries/vehicles/export.xlsx', {
    config: { action: 'registry.read', rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '导出一所学校的校车台账（Excel：校车、驾驶人、随车照管人员、线路四个工作表）',
      description: '学校导出本校的；教育局、督查组须填 schoolId（范围外与不存在一样 404）。',
      security,
      querystring: FleetSchoolQuery,
      response: { 200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req, reply) => {
    const { fileName, buffer } = await exportFleet(db, ctxOf(req), req.query);
    return reply.type(XLSX_MIME).header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(fileName)}`).header('cache-control', 'no-store').send(buffer);
  });

  for (const [url, dryRun] of [['/registries/vehicles/import/preview', true], ['/registries/vehicles/import', false]] as const) {
    app.post(url, {
      config: { action: 'registry.manage', upload: 'excel', rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: perUser } },
      schema: {
        tags,
        summary: dryRun ? '预览从 Excel 导入本校校车：逐行检查（字段：原因），不写入' : '从 Excel 导入本校校车：按车牌新增或更新；任何一行有问题则都不写入',
        description: 'multipart：file（.xlsx，表头同导出的“校车”工作表：车牌号、核载人数、运营单位、校车使用许可证号、许可发放日期、许可有效期至、年检有效期至、保险有效期至等）。',
        security: writeSecurity,
        consumes: ['multipart/form-data'],
        response: { 200: VehicleImportResult, 400: err, 401: err, 403: err, 404: err, 413: err, 415: err },
      },
    }, async (req) => {
      const upload = await readUpload(req, 'excel', { missing: '请选择要导入的校车台账 Excel（.xlsx）文件' });
      return importVehicles(db, ctxOf(req), upload.buffer, { dryRun });
    });
  }

  app.get('/registries/vehicles/:id', {
    config: { ...read, resource: 'vehicle' },
    schema: { tags, summary: '校车详情：证件及到期状态、所跑线路、证件过期自动上报的隐患、allowedActions', security, params: IdParam, response: { 200: VehicleDetail, ...oneErr } },
  }, async (req) => getVehicle(db, ctxOf(req), req.params.id));

  app.post('/registries/vehicles', {
    config: manage,
    schema: { tags, summary: '登记校车（本校管理员）：车牌不得重复，有效期不得早于发放日期；证件已过期的车辆登记即停运并上报隐患', security: writeSecurity, body: CreateVehicleBody, response: { 201: VehicleDetail, ...writeErr } },
  }, async (req, reply) => reply.status(201).send(await createVehicle(db, ctxOf(req), req.body)));

  app.put('/registries/vehicles/:id', {
    config: { ...manage, resource: 'vehicle' },
    schema: { tags, summary: '修改校车（version，过期 409）：续期后填新的有效期即恢复运营', security: writeSecurity, params: IdParam, body: UpdateVehicleBody, response: { 200: VehicleDetail, ...writeErr } },
  }, async (req) => updateVehicle(db, ctxOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- drivers
  app.get('/registries/drivers', {
    config: read,
    schema: { tags, summary: '校车驾驶人列表（状态 fit/expiring/unfit）', security, querystring: FleetListQuery, response: { 200: Page(DriverSummary), ...listErr } },
  }, async (req) => listDrivers(db, ctxOf(req), req.query));

  app.get('/registries/drivers/:id', {
    config: { ...read, resource: 'bus_driver' },
    schema: { tags, summary: '校车驾驶人详情（含完整身份证号）', security, params: IdParam, response: { 200: DriverDetail, ...oneErr } },
  }, async (req) => getDriver(db, ctxOf(req), req.params.id));

  app.post('/registries/drivers', {
    config: manage,
    schema: { tags, summary: '登记校车驾驶人：身份证号不得重复，准驾车型 A1/A3/B1', security: writeSecurity, body: CreateDriverBody, response: { 201: DriverDetail, ...writeErr } },
  }, async (req, reply) => reply.status(201).send(await createDriver(db, ctxOf(req), req.body)));

  app.put('/registries/drivers/:id', {
    config: { ...manage, resource: 'bus_driver' },
    schema: { tags, summary: '修改校车驾驶人（version）', security: writeSecurity, params: IdParam, body: UpdateDriverBody, response: { 200: DriverDetail, ...writeErr } },
  }, async (req) => updateDriver(db, ctxOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- attendants
  app.get('/registries/attendants', {
    config: read,
    schema: { tags, summary: '随车照管人员列表', security, querystring: FleetListQuery, response: { 200: Page(AttendantSummary), ...listErr } },
  }, async (req) => listAttendants(db, ctxOf(req), req.query));

  app.get('/registries/attendants/:id', {
    config: { ...read, resource: 'bus_attendant' },
    schema: { tags, summary: '随车照管人员详情', security, params: IdParam, response: { 200: AttendantDetail, ...oneErr } },
  }, async (req) => getAttendant(db, ctxOf(req), req.params.id));

  app.post('/registries/attendants', {
    config: manage,
    schema: { tags, summary: '登记随车照管人员：身份证号不得重复', security: writeSecurity, body: CreateAttendantBody, response: { 201: AttendantDetail, ...writeErr } },
  }, async (req, reply) => reply.status(201).send(await createAttendant(db, ctxOf(req), req.body)));

  app.put('/registries/attendants/:id', {
    config: { ...manage, resource: 'bus_attendant' },
    schema: { tags, summary: '修改随车照管人员（version）', security: writeSecurity, params: IdParam, body: UpdateAttendantBody, response: { 200: AttendantDetail, ...writeErr } },
  }, async (req) => updateAttendant(db, ctxOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- routes
  app.get('/registries/bus-routes', {
    config: read,
    schema: { tags, summary: '校车线路列表（站点、车辆、驾驶人、照管员；状态 ready/incomplete/blocked）', security, querystring: FleetListQuery, response: { 200: Page(BusRouteSummary), ...listErr } },
  }, async (req) => listRoutes(db, ctxOf(req), req.query));

  app.get('/registries/bus-routes/:id', {
    config: { ...read, resource: 'bus_route' },
    schema: { tags, summary: '校车线路详情', security, params: IdParam, response: { 200: BusRouteDetail, ...oneErr } },
  }, async (req) => getRoute(db, ctxOf(req), req.params.id));

  app.post('/registries/bus-routes', {
    config: manage,
    schema: { tags, summary: '新增校车线路：停运车辆（证件过期）或无资格驾驶人不能安排', security: writeSecurity, body: CreateBusRouteBody, response: { 201: BusRouteDetail, ...writeErr } },
  }, async (req, reply) => reply.status(201).send(await createRoute(db, ctxOf(req), req.body)));

  app.put('/registries/bus-routes/:id', {
    config: { ...manage, resource: 'bus_route' },
    schema: { tags, summary: '修改校车线路（站点、车辆、驾驶人、照管员；version）', security: writeSecurity, params: IdParam, body: UpdateBusRouteBody, response: { 200: BusRouteDetail, ...writeErr } },
  }, async (req) => updateRoute(db, ctxOf(req), req.params.id, req.body));
};
