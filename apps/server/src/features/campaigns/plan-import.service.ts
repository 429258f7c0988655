import crypto from 'node:crypto';
import mammoth from 'mammoth';
import { parsePlan, shanghaiDate, type PlanProposal } from '@xiaoan/domain';
import type { PlanImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { insertFileObject } from '../files/index.js';
import { cleanFileName } from '../files/index.js';
import type { FileStorage } from '../files/index.js';
import { assertSafeDocx } from '../../http/upload.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Bureau departments and teams, for suggesting which of them a proposed name means. */
async function matches(db: DbOrTrx, bureauId: string, p: PlanProposal) {
  const depts = await db.selectFrom('department').select(['id', 'name']).where('unit_id', '=', bureauId).where('status', '=', 'active').execute();
  const teams = await db.selectFrom('supervision_team').select(['id', 'name']).where('bureau_unit_id', '=', bureauId).where('status', '=', 'active').execute();
  const core = (s: string) => s.replace(/^(区|市|县)?(教育局|教体局)?/, '').replace(/[（(].*?[)）]/g, '').trim();
  const names = [...new Set(p.tasks.flatMap((t) => [...t.value.leads, ...t.value.cooperating]))];
  const departmentMatches = names.map((name) => {
    const n = core(name);
    const hit =
      depts.find((d) => d.name === name) ??
      depts.find((d) => core(d.name) === n) ??
      (n.length >= 2 ? depts.find((d) => d.name.includes(n) || (core(d.name).length >= 2 && n.includes(core(d.name)))) : undefined);
    return { name, departmentId: hit?.id ?? null };
  });
  const teamMatches = p.teams.map((t) => ({ name: t.value.name, teamId: teams.find((x) => x.name === t.value.name)?.id ?? null }));
  return { departmentMatches, teamMatches };
}

async function bureauOf(db: DbOrTrx, ctx: RequestContext) {
  const u = await db.selectFrom('unit').select(['id', 'kind', 'path']).where('id', '=', ctx.actor.unitId).executeTakeFirstOrThrow();
  if (u.kind !== 'bureau') throw new AppError('FORBIDDEN', '只有教育局账号可以导入实施方案', { domainCode: 'not_bureau' });
  return { id: u.id, path: String(u.path) };
}

async function propose(db: DbOrTrx, ctx: RequestContext, bureauId: string, text: string, fileId: string | null): Promise<PlanImportResult> {
  const proposal = parsePlan(text, { today: shanghaiDate(new Date()) });
  return { proposal, fileId, token: crypto.randomUUID(), text, ...(await matches(db, bureauId, proposal)) };
}

/**
 * Reads a pasted plan and proposes a campaign. Nothing is written: the user reviews the
 * proposal and creates the campaign with POST /api/campaigns.
 */
export async function importPlanText(db: Db, ctx: RequestContext, text: string): Promise<PlanImportResult> {
  const bureau = await bureauOf(db, ctx);
  if (!text.trim()) throw invalid('方案正文：请粘贴实施方案的全文');
  return propose(db, ctx, bureau.id, text, null);
}

/**
 * Reads an uploaded .docx (checked before mammoth sees it: empty, old .doc or encrypted,
 * not a zip, zip bomb), keeps the document so the campaign can reference it, and proposes
 * a campaign. No campaign data is written.
 */
export async function importPlanDocx(db: Db, storage: FileStorage, ctx: RequestContext, upload: { filename: string; buffer: Buffer }): Promise<PlanImportResult> {
  const bureau = await bureauOf(db, ctx);
  assertSafeDocx(upload.buffer);
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: upload.buffer })).value;
  } catch {
    throw invalid('无法读取这个 Word 文档：文件可能已损坏。请用 Word 或 WPS 打开后另存为 .docx 再上传，或直接粘贴方案全文');
  }
  if (!text.trim()) throw invalid('这个 Word 文档里没有文字（可能是扫描件或图片），请粘贴方案全文，或上传含文字的 .docx');
  const blob = await storage.put(upload.buffer);
  const file = await runCommand(db, ctx, {}, async (trx, emit) => {
    const f = await insertFileObject(trx, {
      sha256: blob.sha256,
      kind: 'document',
      mime: DOCX_MIME,
      sizeBytes: blob.sizeBytes,
      originalName: cleanFileName(upload.filename || '实施方案.docx'),
      width: null,
      height: null,
      thumbSha256: null,
      unitId: bureau.id,
      unitPath: bureau.path,
      uploadedBy: ctx.actor.userId,
    });
    await emit({ action: 'campaign.import', objectType: 'file', objectId: f.id, details: { sha256: f.sha256, sizeBytes: f.sizeBytes, originalName: f.originalName } });
    return f;
  });
  return propose(db, ctx, bureau.id, text, file.id);
}
