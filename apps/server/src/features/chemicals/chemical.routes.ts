import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChemicalCountResult,
  ChemicalExportQuery,
  ChemicalImportResult,
  ChemicalDetail,
  ChemicalListQuery,
  ChemicalMovementDetail,
  ChemicalMovementListQuery,
  ChemicalMovementSummary,
  ChemicalStoreDetail,
  ChemicalStoreListQuery,
  ChemicalStoreSummary,
  ChemicalSummary,
  CreateChemicalBody,
  CreateChemicalCountBody,
  CreateChemicalMovementBody,
  CreateChemicalStoreBody,
  IdParam,
  Page,
  UpdateChemicalBody,
  UpdateChemicalStoreBody,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { encodeRfc5987, readUpload } from '../../http/upload.js';
import { XLSX_MIME } from '../../http/xlsx-stream.js';
import { exportChemicals, importChemicals } from './chemical-excel.service.js';
import { createChemical, getChemical, listChemicals, updateChemical } from './chemical.service.js';
import { getMovement, listMovements, recordMovement } from './chemical-movement.service.js';
import { countStore, createStore, getStore, listStores, storeLabel, updateStore } from './chemical-store.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['registries'];

/**
 * Hazardous chemicals (危化品台账) under /api/registries: the contract kinds `chemicals` and
 * `chemical-movements` (list and detail each), the stores and cabinets, the reconciliation.
 */
export const chemicalRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;

  app.get('/registries/chemicals', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '危化品目录与库存（学校看本校的，督查组看本组学校的，教育局全部；可按学校/片区、类别、库房、关键词筛选）', security, querystring: ChemicalListQuery, response: { 200: Page(ChemicalSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listChemicals(db, ctxOf(req), req.query));

  app.get('/registries/chemicals/export.xlsx', {
    config: { action: 'registry.read', rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '导出一所学校的危化品台账（Excel：危化品台账、出入库登记、库房与盘点三个工作表）',
      description: '学校导出本校的；教育局、督查组须填 schoolId（范围外与不存在一样 404）。“危化品台账”的列（名称、CAS号、类别、计量单位、存放地点、期初库存）也是导入的格式。',
      security,
      querystring: ChemicalExportQuery,
      response: { 200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 400: err, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => {
    const { fileName, buffer } = await exportChemicals(db, ctxOf(req), req.query);
    return reply.type(XLSX_MIME).header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(fileName)}`).header('cache-control', 'no-store').send(buffer);
  });

  for (const [url, commit] of [['/registries/chemicals/import/preview', false], ['/registries/chemicals/import', true]] as const) {
    app.post(url, {
      config: { action: 'registry.manage', upload: 'excel', rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: perUser } },
      schema: {
        tags,
        summary: commit ? '从 Excel 导入本校危化品目录与期初库存；任何一行有问题都不写入' : '预览从 Excel 导入本校危化品目录与期初库存：逐行检查（列: 原因），不写入',
        description: 'multipart：file（.xlsx，表头同导出的“危化品台账”工作表：名称、CAS号、类别、计量单位、存放地点、期初库存）。',
        security: writeSecurity,
        consumes: ['multipart/form-data'],
        response: { 200: ChemicalImportResult, 400: err, 401: err, 403: err, 413: err, 415: err, 429: err },
      },
    }, async (req) => {
      const upload = await readUpload(req, 'excel', { missing: '请选择要导入的危化品台账 Excel（.xlsx）文件' });
      return importChemicals(db, ctxOf(req), upload.buffer, { commit });
    });
  }

  app.get('/registries/chemicals/:id', {
    config: { action: 'registry.read', resource: 'chemical' },
    schema: { tags, summary: '危化品详情：各库房（柜）的账面库存、最近的出入库记录', security, params: IdParam, response: { 200: ChemicalDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getChemical(db, ctxOf(req), req.params.id));

  app.post('/registries/chemicals', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '新增危化品目录（名称、CAS 号、类别、计量单位）', security: writeSecurity, body: CreateChemicalBody, response: { 201: ChemicalDetail, 400: err, 401: err, 403: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createChemical(db, ctxOf(req), req.body)));

  app.put('/registries/chemicals/:id', {
    config: { action: 'registry.manage', resource: 'chemical' },
    schema: { tags, summary: '修改危化品目录（version，过期 409）', security: writeSecurity, params: IdParam, body: UpdateChemicalBody, response: { 200: ChemicalDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateChemical(db, ctxOf(req), req.params.id, req.body));

  app.get('/registries/chemical-movements', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '危化品出入库记录（采购审批、入库、领用、归还、处置），新的在前', security, querystring: ChemicalMovementListQuery, response: { 200: Page(ChemicalMovementSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listMovements(db, ctxOf(req), req.query));

  app.get('/registries/chemical-movements/:id', {
    config: { action: 'registry.read', resource: 'chemical_movement' },
    schema: { tags, summary: '出入库记录详情：关联的采购 / 入库、领用 / 归还，当前账面库存', security, params: IdParam, response: { 200: ChemicalMovementDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getMovement(db, ctxOf(req), req.params.id));

  app.post('/registries/chemical-movements', {
    config: { action: 'registry.record' },
    schema: {
      tags,
      summary: '登记出入库：教职工登记领用、归还；采购审批、入库、处置由学校安全管理员登记',
      description: '数量须大于 0；领用、处置不能超过账面库存；入库不能超过采购尚未入库的数量（剧毒、易制毒、易制爆须凭采购入库）；归还不能超过该次领用未归还的数量；采购须两位不同的审批人；剧毒化学品须双人领用。不合规时 400，什么也不写入。',
      security: writeSecurity,
      body: CreateChemicalMovementBody,
      response: { 201: ChemicalMovementDetail, 400: err, 401: err, 403: err, 409: err },
    },
  }, async (req, reply) => reply.status(201).send(await recordMovement(db, ctxOf(req), req.body)));

  app.get('/registries/chemical-stores', {
    config: { action: 'registry.read' },
    schema: { tags, summary: '危化品库房和危化品柜（双人双锁保管人、最近一次盘点）', security, querystring: ChemicalStoreListQuery, response: { 200: Page(ChemicalStoreSummary), 400: err, 401: err, 403: err } },
  }, async (req) => listStores(db, ctxOf(req), req.query));

  app.get('/registries/chemical-stores/:id', {
    config: { action: 'registry.read', resource: 'chemical_store' },
    schema: { tags, summary: '库房（柜）详情：账面库存、未入库的采购、未归还的领用、盘点记录、上报的隐患', security, params: IdParam, response: { 200: ChemicalStoreDetail, 401: err, 403: err, 404: err } },
  }, async (req) => getStore(db, ctxOf(req), req.params.id));

  app.post('/registries/chemical-stores', {
    config: { action: 'registry.manage' },
    schema: { tags, summary: '新增危化品库房或危化品柜（两把锁的保管人须为两人）', security: writeSecurity, body: CreateChemicalStoreBody, response: { 201: ChemicalStoreDetail, 400: err, 401: err, 403: err, 409: err } },
  }, async (req, reply) => reply.status(201).send(await createStore(db, ctxOf(req), req.body)));

  app.put('/registries/chemical-stores/:id', {
    config: { action: 'registry.manage', resource: 'chemical_store' },
    schema: { tags, summary: '修改库房（柜）或停用（须先清空库存）', security: writeSecurity, params: IdParam, body: UpdateChemicalStoreBody, response: { 200: ChemicalStoreDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => updateStore(db, ctxOf(req), req.params.id, req.body));

  app.post('/registries/chemical-stores/:id/counts', {
    config: { action: 'registry.record', resource: 'chemical_store' },
    schema: {
      tags,
      summary: '盘点：逐种填写实盘数量，与账面比对；账实不符时自动上报一条隐患（剧毒、易制毒、易制爆不符为重大隐患）',
      security: writeSecurity,
      params: IdParam,
      body: CreateChemicalCountBody,
      response: { 201: ChemicalCountResult, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req, reply) => reply.status(201).send(await countStore(db, ctxOf(req), req.params.id, req.body)));

  app.get('/registries/chemical-stores/:id/label', {
    config: { action: 'registry.read', resource: 'chemical_store' },
    schema: { tags, summary: '打印库房（柜）的二维码标签（HTML，扫码打开本柜台账与盘点）', security, params: IdParam, produces: ['text/html'] },
  }, async (req, reply) => {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await storeLabel(db, ctxOf(req), req.params.id, base));
  });
};
