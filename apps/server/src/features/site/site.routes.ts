import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BuildingDetail,
  CanteenProfile,
  CanteenProfileQuery,
  PutCanteenProfileBody,
  BuildingListQuery,
  BuildingSummary,
  CanteenStaffDetail,
  CanteenStaffListQuery,
  CanteenStaffSummary,
  SiteCoverage,
  SiteCoverageQuery,
  CreateBuildingBody,
  CreateCanteenStaffBody,
  CreateDrillBody,
  CreatePlanBody,
  DrillDetail,
  DrillListQuery,
  DrillSummary,
  IdParam,
  Page,
  PlanDetail,
  PlanListQuery,
  PlanSummary,
  UpdateBuildingBody,
  UpdateCanteenStaffBody,
  UpdatePlanBody,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { createBuilding, getBuilding, listBuildings, updateBuilding } from './building.service.js';
import { createCanteenStaff, getCanteenStaff, listCanteenStaff, updateCanteenStaff } from './canteen.service.js';
import { createDrill, createPlan, getDrill, getPlan, listDrills, listPlans, updatePlan } from './emergency.service.js';
import { coverage } from './site-coverage.service.js';
import { getCanteenProfile, saveCanteenProfile } from './canteen-profile.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['registries'];
const one = { 401: err, 403: err, 404: err } as const;
const writes = { 400: err, 401: err, 403: err, 404: err, 409: err } as const;

/** The site registries under /api/registries: buildings, emergency plans, drills, canteen staff; the coverage figures. */
export const siteRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();

  // ---------------------------------------------------------------- buildings
  app.get('/registries/buildings', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '校舍台账（鉴定等级 A–D；D 级仍在用的排在最前）', security, querystring: BuildingListQuery, response: { 200: Page(BuildingSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listBuildings(db, ctxOf(req), req.query));

  app.get('/registries/buildings/:id', {
    config: { action: 'registry.read', resource: 'building' },
    schema: { tags, summary: '校舍详情及其开出的隐患', security, params: IdParam, response: { 200: BuildingDetail, ...one } },
  }, async (req) => getBuilding(db, ctxOf(req), req.params.id));

  app.post('/registries/buildings', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '登记校舍（学校管理员）；D 级且在用即开重大隐患并挂牌督办', security: writeSecurity, body: CreateBuildingBody, response: { 201: BuildingDetail, ...writes } },
  }, async (req, reply) => reply.status(201).send(await createBuilding(db, ctxOf(req), req.body)));

  app.put('/registries/buildings/:id', {
    config: { action: 'registry.manage', resource: 'building' },
    schema: { tags, summary: '修改校舍（version，过期 409）；改为 D 级在用即开重大隐患（同一校舍只开一次）', security: writeSecurity, params: IdParam, body: UpdateBuildingBody, response: { 200: BuildingDetail, ...writes } },
  }, async (req) => updateBuilding(db, ctxOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- emergency plans
  app.get('/registries/emergency-plans', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '应急预案台账（按下次修订日期；status 筛选 30 天内到期、已过期）', security, querystring: PlanListQuery, response: { 200: Page(PlanSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listPlans(db, ctxOf(req), req.query));

  app.get('/registries/emergency-plans/:id', {
    config: { action: 'registry.read', resource: 'emergency_plan' },
    schema: { tags, summary: '应急预案详情', security, params: IdParam, response: { 200: PlanDetail, ...one } },
  }, async (req) => getPlan(db, ctxOf(req), req.params.id));

  app.post('/registries/emergency-plans', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '登记应急预案（学校管理员）', security: writeSecurity, body: CreatePlanBody, response: { 201: PlanDetail, ...writes } },
  }, async (req, reply) => reply.status(201).send(await createPlan(db, ctxOf(req), req.body)));

  app.put('/registries/emergency-plans/:id', {
    config: { action: 'registry.manage', resource: 'emergency_plan' },
    schema: { tags, summary: '修改应急预案或登记新修订（改 revisedOn 与版本号；下次修订日期随之顺延）', security: writeSecurity, params: IdParam, body: UpdatePlanBody, response: { 200: PlanDetail, ...writes } },
  }, async (req) => updatePlan(db, ctxOf(req), req.params.id, req.body));

  // ---------------------------------------------------------------- drills
  app.get('/registries/drills', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '应急演练记录（最近的在前；可按类别、日期、预案筛选）', security, querystring: DrillListQuery, response: { 200: Page(DrillSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listDrills(db, ctxOf(req), req.query));

  app.get('/registries/drills/:id', {
    config: { action: 'registry.read', resource: 'drill' },
    schema: { tags, summary: '演练详情（含照片）', security, params: IdParam, response: { 200: DrillDetail, ...one } },
  }, async (req) => getDrill(db, ctxOf(req), req.params.id));

  app.post('/registries/drills', {
    config: { action: 'registry.record' },
    schema: { tags, summary: '登记一次演练（学校管理员和教职工）：日期、类别、参演人数、时长、评估、照片（先经 POST /api/files 上传）', security: writeSecurity, body: CreateDrillBody, response: { 201: DrillDetail, ...writes } },
  }, async (req, reply) => reply.status(201).send(await createDrill(db, ctxOf(req), req.body)));

  // ---------------------------------------------------------------- canteen staff
  app.get('/registries/canteen-staff', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '食堂从业人员及健康证（即将到期、已过期的排在前面）', security, querystring: CanteenStaffListQuery, response: { 200: Page(CanteenStaffSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listCanteenStaff(db, ctxOf(req), req.query));

  app.get('/registries/canteen-staff/:id', {
    config: { action: 'registry.read', resource: 'canteen_staff' },
    schema: { tags, summary: '食堂从业人员详情及健康证过期开出的隐患', security, params: IdParam, response: { 200: CanteenStaffDetail, ...one } },
  }, async (req) => getCanteenStaff(db, ctxOf(req), req.params.id));

  app.post('/registries/canteen-staff', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '登记食堂从业人员（学校管理员）；身份证号本校内不得重复', security: writeSecurity, body: CreateCanteenStaffBody, response: { 201: CanteenStaffDetail, ...writes } },
  }, async (req, reply) => reply.status(201).send(await createCanteenStaff(db, ctxOf(req), req.body)));

  app.put('/registries/canteen-staff/:id', {
    config: { action: 'registry.manage', resource: 'canteen_staff' },
    schema: { tags, summary: '修改食堂从业人员（换证、离岗）', security: writeSecurity, params: IdParam, body: UpdateCanteenStaffBody, response: { 200: CanteenStaffDetail, ...writes } },
  }, async (req) => updateCanteenStaff(db, ctxOf(req), req.params.id, req.body));

  app.get('/registries/canteen-profile', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '学校食堂概况：是否有食堂、是否阳光食堂（学校看本校；教育局、督查组须填 schoolId）', security, querystring: CanteenProfileQuery, response: { 200: CanteenProfile, 400: err, 401: err, 403: err } },
  }, async (req) => getCanteenProfile(db, ctxOf(req), req.query));

  app.put('/registries/canteen-profile', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '填报本校食堂概况（学校管理员）：阳光食堂计入覆盖率', security: writeSecurity, body: PutCanteenProfileBody, response: { 200: CanteenProfile, ...writes } },
  }, async (req) => saveCanteenProfile(db, ctxOf(req), req.body));

  // ---------------------------------------------------------------- coverage
  app.get('/indicators/coverage', {
    config: { action: 'registry.read' },
    schema: { tags: ['indicators'], summary: '覆盖率：阳光食堂覆盖率与本学期应急演练开展情况，按区、片区、学校，列出未达标的学校', security, querystring: SiteCoverageQuery, response: { 200: SiteCoverage, 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => coverage(db, ctxOf(req), req.query));
};
