import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParam, INT4_MAX } from '@xiaoan/contracts';
import { readOnlyDb, type AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { encodeRfc5987 } from '../../http/upload.js';
import { exportSlots, sendStreamedXlsx } from '../../http/xlsx-stream.js';
import { DOCX_MIME, XLSX_MIME, openRollupWorkbook, rollupSummary, submissionDocument, type Download } from './report-documents.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const tags = ['reports'];

const PeriodKey = Type.String({ minLength: 1, maxLength: 40, description: '期次，如 2026-11、2026-Q3、2026-W47、2026-H2、2026；缺省为最近一个已过截止日的期次' });
const DocumentQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: '报送版本号，缺省为最新报送的版本' })) },
  { additionalProperties: false },
);
const RollupQuery = Type.Object({ period: Type.Optional(PeriodKey) }, { additionalProperties: false });

/** Documents are built whole or streamed from a transaction: a bound per user per route, and on concurrent workbooks. */
const DOWNLOADS_PER_MINUTE = 30;
export const MAX_CONCURRENT_ROLLUPS = 3;

const binary = (mime: string, description: string) => ({ description, content: { [mime]: { schema: { type: 'string', format: 'binary' } } } });

function sendFile(reply: FastifyReply, mime: string, d: Download) {
  return reply
    .type(mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(d.fileName)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(d.buffer);
}

export const reportDocumentRoutes: FastifyPluginAsync<AppDeps> = async (app0, deps) => {
  const { db } = deps;
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;
  const rateLimit = { max: DOWNLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: perUser };
  const rollups = exportSlots(MAX_CONCURRENT_ROLLUPS, '同时进行的汇总导出较多，请稍后再试');

  app.get('/report-submissions/:id/document.docx', {
    config: { action: 'report.read', resource: 'report_submission', rateLimit },
    schema: {
      tags,
      summary: '下载报送文档（Word）：标题、报送单位、期次、报送与审核时间，按模板顺序的各栏目（自动汇总表为表格）',
      description: '学校只能下载本校的报送；他校的报送与不存在的一样返回 404。尚未报送（只有草稿）返回 409。',
      security,
      params: IdParam,
      querystring: DocumentQuery,
      response: { 200: binary(DOCX_MIME, 'Word 文件'), 400: err, 401: err, 403: err, 404: err, 409: err, 429: err },
    },
  }, async (req, reply) => sendFile(reply, DOCX_MIME, await submissionDocument(db, ctxOf(req), req.params.id, req.query.version)));

  app.get('/report-types/:id/rollup.docx', {
    config: { action: 'report.export', resource: 'report_type', rateLimit },
    schema: {
      tags,
      summary: '一期报送情况通报（Word）：应报、已报、按时、逾期、未报及报送率、及时率（分片区），逾期报送与未报送单位（含安全管理员、电话）',
      description: '教育局看全区，督查组看本组学校。',
      security,
      params: IdParam,
      querystring: RollupQuery,
      response: { 200: binary(DOCX_MIME, 'Word 文件'), 400: err, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => sendFile(reply, DOCX_MIME, await rollupSummary(db, ctxOf(req), req.params.id, req.query.period)));

  app.get('/report-types/:id/rollup.xlsx', {
    config: { action: 'report.export', resource: 'report_type', rateLimit },
    schema: {
      tags,
      summary: '一期报送汇总（Excel）：各校报送（固定）的隐患清单合为一张表（含学校名称），第二张表为各校报送状态与报送时间',
      description:
        '教育局看全区，督查组看本组学校。每条隐患一行：序号、片区、学校、隐患名称、隐患类别、隐患等级、位置、责任人、发现日期、整改时限、状态、分类、销号日期、报送版本；' +
        '没有隐患清单栏目的报表，第一张表为各单位的文字栏目。以流式生成；以 = + - @ 等开头的文字前加单引号，不会被当作公式。',
      security,
      params: IdParam,
      querystring: RollupQuery,
      response: { 200: binary(XLSX_MIME, 'Excel 文件'), 400: err, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => {
    return sendStreamedXlsx(req, reply, rollups, () => openRollupWorkbook(readOnlyDb(deps), ctxOf(req), req.params.id, req.query.period, new Date(), db), 'report roll-up export');
  });
};
