import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HazardExportQuery, HazardImportPreview, HazardImportResult } from '@xiaoan/contracts';
import { readOnlyDb, type AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { FILE_FIELD, UPLOAD_LIMITS, readUpload } from '../../http/upload.js';
import { exportSlots, sendStreamedXlsx } from '../../http/xlsx-stream.js';
import { fileStorageFor } from '../files/index.js';
import { XLSX_MIME, openLedgerExport } from './ledger-export.js';
import { commitLedgerImport, previewLedgerImport, type LedgerUpload } from './ledger-import.js';
import { LEDGER_LIMITS, parseColumnMapping } from './ledger-sheet.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

const MAPPING_FIELD = 'mapping';
const MB = UPLOAD_LIMITS.excel.fileBytes / 1024 / 1024;
/** Exports and imports are heavy: a bound per user per route. */
const EXPORTS_PER_MINUTE = 20;
/** Each running export holds a database connection for its whole length: a bound for the server. */
export const MAX_CONCURRENT_EXPORTS = 3;

/** The uploaded ledger and the optional column mapping (a JSON text field). */
async function receiveLedger(req: FastifyRequest): Promise<LedgerUpload> {
  const upload = await readUpload(req, 'excel', { missing: '请选择要上传的隐患台账 Excel（.xlsx）文件' });
  return { filename: upload.filename, buffer: upload.buffer, mapping: parseColumnMapping(upload.fields[MAPPING_FIELD]) };
}

const importDescription =
  `请求体为 multipart/form-data：字段 ${FILE_FIELD} 为一个 .xlsx 文件（最大 ${MB} MB，最多 ${LEDGER_LIMITS.maxRows} 行），` +
  `可选文本字段 ${MAPPING_FIELD} 为 JSON 对象 {"表格中的列名": "字段名或 null（忽略该列）"}，用于指定无法自动识别的列。` +
  '读取第一个工作表：表头可在前 6 行内（上面可有标题行，可为两级表头），按常见列名识别。必填：学校（学校管理员导入本校台账时可省略）、' +
  '隐患描述（或 存在问题 等）、隐患类别、发现时间（可为 Excel 日期、2021-3-5、2021/03/05、2021年3月5日、2021.3.5）；' +
  '可选：隐患标题（缺省取描述前 30 字）、隐患等级（缺省一般隐患）、发现方式（缺省自查）、发现人（缺省为导入人）、位置；' +
  '整改五落实（责任人、整改措施、整改资金、整改时限、应急预案）全部填写则导入为“已登记”（重大隐患还须临时管控措施与专人盯防），全部留空则为“已上报”，只填部分为错误。' +
  '学校须为您管理范围内已有的学校或校区（按名称匹配：先完全相同，再忽略空格、括号和标点，再唯一的去掉区县前缀的名称），不会新建学校。' +
  '已整改、已验收或已销号的行（整改状态/完成情况/是否整改为 已整改、已销号、已验收、是，或填写了验收人、验收时间、验收意见）导入为“已销号”隐患，' +
  '并按 上报→登记→开始整改→提交验收→验收销号 写入整改与验收历史（原台账未填的五落实项记为“原台账未填写”，上传的台账作为整改材料）；“待验收”的行导入为“待验收”。' +
  '验收时间早于发现时间为行错误。预览的 columnMatches 给出每列的识别依据与把握程度；提交时带 mapping 的，本局会记住该表头格式的列对应，下次上传同一格式时自动采用（layout.remembered）。';

export const hazardLedgerRoutes: FastifyPluginAsync<AppDeps> = async (app0, deps) => {
  const { db, config } = deps;
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  // A closed row's evidence is the uploaded ledger itself, stored like any other file.
  const storage = fileStorageFor(config);
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;
  const exports = exportSlots(MAX_CONCURRENT_EXPORTS, '同时进行的台账导出较多，请稍后再试');
  const importLimit = { max: UPLOAD_LIMITS.perMinute, timeWindow: '1 minute', keyGenerator: perUser };

  app.get(
    '/hazards/export.xlsx',
    {
      config: { action: 'hazard.export', rateLimit: { max: EXPORTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: perUser } },
      schema: {
        tags: ['hazards'],
        summary: '导出隐患台账（Excel）：与台账列表相同的筛选条件和可见范围',
        description:
          '筛选参数同 GET /api/hazards（不分页）。返回 .xlsx：标题行、导出时间与筛选条件，表头为 序号、学校、隐患类别、隐患等级、隐患标题、隐患描述、隐患位置、发现时间、发现方式、发现人、责任人、整改措施、整改资金（元）、整改时限、临时管控措施、专人盯防、状态、整改情况、验收人、销号时间、是否逾期、挂牌督办。' +
          '以流式生成，行数不限；以 = + - @ 等开头的文字前加单引号，不会被当作公式。',
        security,
        querystring: HazardExportQuery,
        response: {
          200: { description: 'Excel 文件', content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } } },
          400: err,
          401: err,
          403: err,
          429: err,
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return sendStreamedXlsx(req, reply, exports, () => openLedgerExport(readOnlyDb(deps), ctx, req.query, new Date(), db), 'hazard ledger export');
    },
  );

  app.post(
    '/hazards/import/preview',
    {
      config: { action: 'hazard.import', upload: 'excel', rateLimit: importLimit },
      schema: {
        tags: ['hazards'],
        summary: '预览隐患台账导入（不写入任何数据）：识别的列、每行结果与错误',
        description: importDescription,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: HazardImportPreview, 400: err, 401: err, 403: err, 413: err, 415: err, 429: err },
      },
    },
    async (req) => previewLedgerImport(db, ctxOf(req), await receiveLedger(req)),
  );

  app.post(
    '/hazards/import/commit',
    {
      config: { action: 'hazard.import', upload: 'excel', rateLimit: importLimit },
      schema: {
        tags: ['hazards'],
        summary: '导入隐患台账：重新检查同一文件，全部无误才在一个事务中创建全部隐患；有任何行错误则返回 422，不写入任何数据',
        description: importDescription,
        consumes: ['multipart/form-data'],
        security: writeSecurity,
        response: { 200: HazardImportResult, 400: err, 401: err, 403: err, 413: err, 415: err, 422: err, 429: err },
      },
    },
    async (req) => commitLedgerImport(db, ctxOf(req), storage, await receiveLedger(req)),
  );
};
