import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AnswerNoticeBody,
  DraftFromQueryBody,
  IdParam,
  IssueNoticeBody,
  NoticeDetail,
  NoticeListQuery,
  NoticeQueryBody,
  NoticeQueryPreview,
  NoticeSummary,
  Ok,
  Page,
  ReviewAnswerBody,
  UpdateNoticeBody,
  Version,
} from '@xiaoan/contracts';
import type { AppDeps } from '../../app-deps.js';
import { ctxOf } from '../../http/auth-hook.js';
import { encodeRfc5987 } from '../../http/upload.js';
import { getNotice, listNotices } from './notice.service.js';
import { previewQuery } from './notice-query.service.js';
import { DOCX_MIME, deleteNotice, draftFromQuery, issueNotice, noticeDocument, updateNotice } from './notice-draft.service.js';
import { acceptAnswer, answerNotice, returnAnswer } from './notice-answer.service.js';

const err = { $ref: 'ErrorResponse#' } as const;
const security = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];
const tags = ['notices'];
const DOWNLOADS_PER_MINUTE = 30;

/** Notices (通报): see README.md. Each route names its policy action and calls one service. */
export const noticeRoutes: FastifyPluginAsync<AppDeps> = async (app0, { db }) => {
  const app = app0.withTypeProvider<TypeBoxTypeProvider>();
  const perUser = (req: FastifyRequest) => req.session?.userId ?? req.ip;

  app.get('/notices', {
    config: { action: 'notice.read' },
    schema: {
      tags,
      summary: '通报列表 {items,total}：学校只看到点名本校且已印发的通报；教育局看本区全部（含草稿）；督查组看点名本组学校的',
      security,
      querystring: NoticeListQuery,
      response: { 200: Page(NoticeSummary), 400: err, 401: err, 403: err },
    },
  }, async (req) => listNotices(db, ctxOf(req), req.query));

  app.get('/notices/:id', {
    config: { action: 'notice.read', resource: 'notice' },
    schema: {
      tags,
      summary: '通报详情：正文、点名单位及其事实（隐患、报送期次、整改率）、整改报告；学校只看到本校一行',
      description: '未点名本校的通报、草稿与其他区的通报，与不存在的一样返回 404。',
      security,
      params: IdParam,
      response: { 200: NoticeDetail, 401: err, 403: err, 404: err },
    },
  }, async (req) => getNotice(db, ctxOf(req), req.params.id));

  app.post('/notices/query-preview', {
    config: { action: 'notice.manage' },
    schema: {
      tags,
      summary: '预览通报查询：overdue_hazards 隐患逾期超过 N 天（缺省 30）、missed_reports 某报表某期未报送、best_rectification 整改率最高（表扬）；不写入',
      security: writeSecurity,
      body: NoticeQueryBody,
      response: { 200: NoticeQueryPreview, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req) => previewQuery(db, ctxOf(req), req.body));

  app.post('/notices/draft-from-query', {
    config: { action: 'notice.manage' },
    schema: {
      tags,
      summary: '按查询起草通报：标题、文号、主送、正文（公文体）、点名单位表及事实、是否责令整改及整改报告截止日期',
      description: '查询没有点名任何单位时返回 400，不写入。',
      security: writeSecurity,
      body: DraftFromQueryBody,
      response: { 201: NoticeDetail, 400: err, 401: err, 403: err, 404: err },
    },
  }, async (req, reply) => reply.status(201).send(await draftFromQuery(db, ctxOf(req), req.body)));

  app.put('/notices/:id', {
    config: { action: 'notice.manage', resource: 'notice' },
    schema: {
      tags,
      summary: '修改通报草稿（version）：标题、文号、主送、正文、责令整改与截止日期、点名单位表（保留、删减、排序、主要情况）',
      description: '已印发的通报 409；标题为空、未点名任何单位、截止日期早于今天 400；均不写入。',
      security: writeSecurity,
      params: IdParam,
      body: UpdateNoticeBody,
      response: { 200: NoticeDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => updateNotice(db, ctxOf(req), req.params.id, req.body));

  app.delete('/notices/:id', {
    config: { action: 'notice.manage', resource: 'notice' },
    schema: {
      tags,
      summary: '删除通报草稿（已印发的不能删除）',
      security: writeSecurity,
      params: IdParam,
      querystring: Type.Object({ version: Type.Optional(Version()) }, { additionalProperties: false }),
      response: { 200: Ok, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => deleteNotice(db, ctxOf(req), req.params.id, req.query.version));

  app.post('/notices/:id/issue', {
    config: { action: 'notice.manage', resource: 'notice' },
    schema: {
      tags,
      summary: '印发通报：此后为存档记录不可修改；通知被点名学校的管理员；责令整改的，各校须在截止日期前报送整改报告',
      security: writeSecurity,
      params: IdParam,
      body: IssueNoticeBody,
      response: { 200: NoticeDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => issueNotice(db, ctxOf(req), req.params.id, req.body));

  app.get('/notices/:id/document.docx', {
    config: { action: 'notice.read', resource: 'notice', rateLimit: { max: DOWNLOADS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: perUser } },
    schema: {
      tags,
      summary: '下载通报（Word，公文格式）：发文机关、文号、标题居中、主送、正文、点名单位表、落款与日期居右',
      description: '教育局可下载草稿与已印发的；学校只能下载点名本校且已印发的（表中只有本校一行）。',
      security,
      params: IdParam,
      response: { 200: { description: 'Word 文件', content: { [DOCX_MIME]: { schema: { type: 'string', format: 'binary' } } } }, 401: err, 403: err, 404: err, 429: err },
    },
  }, async (req, reply) => {
    const d = await noticeDocument(db, ctxOf(req), req.params.id);
    return reply
      .type(DOCX_MIME)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(d.fileName)}`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(d.buffer);
  });

  app.post('/notices/:id/answer', {
    config: { action: 'notice.answer', resource: 'notice' },
    schema: {
      tags,
      summary: '学校报送整改报告（文字与附件 fileIds）；退回后可重报，通过后不能再改',
      security: writeSecurity,
      params: IdParam,
      body: AnswerNoticeBody,
      response: { 200: NoticeDetail, 400: err, 401: err, 403: err, 404: err, 409: err },
    },
  }, async (req) => answerNotice(db, ctxOf(req), req.params.id, req.body));

  app.post('/notices/:id/answers/accept', {
    config: { action: 'notice.manage', resource: 'notice' },
    schema: { tags, summary: '通过一所学校（unitId）的整改报告', security: writeSecurity, params: IdParam, body: ReviewAnswerBody, response: { 200: NoticeDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => acceptAnswer(db, ctxOf(req), req.params.id, req.body));

  app.post('/notices/:id/answers/return', {
    config: { action: 'notice.manage', resource: 'notice' },
    schema: { tags, summary: '退回一所学校（unitId）的整改报告（须填写意见）', security: writeSecurity, params: IdParam, body: ReviewAnswerBody, response: { 200: NoticeDetail, 400: err, 401: err, 403: err, 404: err, 409: err } },
  }, async (req) => returnAnswer(db, ctxOf(req), req.params.id, req.body));
};
