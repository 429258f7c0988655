import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateGuardBody, GuardDetail, GuardListQuery, GuardSummary, IdParam, Page, PutSecurityProfileBody, SchoolSecurity, SecurityProfileQuery, UpdateGuardBody } from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { XLSX_MIME, exportSlots, sendStreamedXlsx } from '../../http/xlsx-stream.js';
import { openGuardExport } from './guard-export.js';
import { createGuard, getGuard, listGuards, updateGuard } from './guard.service.js';
import { getSchoolSecurity, listSchoolSecurity, putSchoolSecurity } from './security-profile.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['registries'];

/** The guards registry (保安员台账) and the school security profile (学校安防情况). */
export const guardRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;
  const exports = exportSlots(3, '同时进行的台账导出较多，请稍后再试');

  app.get('/registries/guards', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '保安员台账（学校看本校的，督查组看本组学校的，教育局全部；可按学校/片区、在岗状态、证件到期情况筛选）', security, querystring: GuardListQuery, response: { 200: Page(GuardSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listGuards(db, ctxOf(req), req.query));

  app.get('/registries/guards/export.xlsx', {
    config: { action: 'registry.read', rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '导出保安员台账（Excel，筛选同列表；学校管理员导出完整身份证号，其他人为打码）',
      description: '列：序号、学校、姓名、身份证号、联系电话、岗位、专职/兼职、保安员证编号、发证日期、有效期至、证件状态、背景审查日期、背景审查结果、年审年度、年审结果、状态、计入专职配备。',
      security,
      querystring: GuardListQuery,
      response: { 200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 400: err, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(req);
    return sendStreamedXlsx(req, reply, exports, () => openGuardExport(db, ctx, req.query), 'guards export');
  });

  app.get('/registries/guards/:id', {
    config: { action: 'registry.read', resource: 'guard' },
    schema: { tags, summary: '保安员详情（学校管理员看到完整身份证号）：是否计入配备及原因、由其打开的隐患、allowedActions', security, params: IdParam, response: { 200: GuardDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getGuard(db, ctxOf(req), req.params.id));

  app.post('/registries/guards', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '登记保安员（学校管理员，本校；身份证号全区唯一）', security: writeSecurity, body: CreateGuardBody, response: { 201: GuardDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createGuard(db, ctxOf(req), req.body)));

  app.put('/registries/guards/:id', {
    config: { action: 'registry.manage', resource: 'guard' },
    schema: { tags, summary: '修改保安员信息（version，过期 409）；离岗改 status 为 left', security: writeSecurity, params: IdParam, body: UpdateGuardBody, response: { 200: GuardDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateGuard(db, ctxOf(req), req.params.id, req.body));

  app.get('/security-profiles', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '各校安防情况：应配与在岗合格保安员、封闭化管理、一键报警与视频联网、护学岗，及四个100%各项是否达标（failing 只看未达标某项的学校）', security, querystring: SecurityProfileQuery, response: { 200: Page(SchoolSecurity), 400: err, 401: err, 403: err, 404: err } },
  }, async (req) => listSchoolSecurity(db, ctxOf(req), req.query));

  app.get('/security-profiles/:id', {
    config: { action: 'registry.read', resource: 'school_security' },
    schema: { tags, summary: '一所学校的安防情况（id 为学校 id）', security, params: IdParam, response: { 200: SchoolSecurity, 401: err, 403: err, 404: err } },
  }, async (req) => getSchoolSecurity(db, ctxOf(req), req.params.id));

  app.put('/security-profiles/:id', {
    config: { action: 'registry.manage', resource: 'school_security' },
    schema: { tags, summary: '学校填报本校安防情况（首次 version 为 null；之后带读到的 version，过期 409）', security: writeSecurity, params: IdParam, body: PutSecurityProfileBody, response: { 200: SchoolSecurity, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => putSchoolSecurity(db, ctxOf(req), req.params.id, req.body));
};
