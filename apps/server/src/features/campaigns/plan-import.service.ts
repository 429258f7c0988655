import crypto from 'node:crypto';
import { PLAN_LIMITS, isPlanLike, parsePlan, shanghaiDate, type PlanProposal } from '@xiaoan/domain';
import type { PlanImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { insertFileObject } from '../files/index.js';
import { cleanFileName } from '../files/index.js';
import type { FileStorage } from '../files/index.js';
import { readPlanDocument } from './plan-document.js';

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

/**
 * The proposal for a plan's text, refused before anything is stored when the text is longer
 * than a plan (PLAN_LIMITS.maxChars) or is not a plan at all (isPlanLike).
 */
function proposalOf(text: string, where: string): PlanProposal {
  if (text.length > PLAN_LIMITS.maxChars) {
    throw invalid(`${where}过长：共 ${text.length} 字，实施方案导入最多 ${PLAN_LIMITS.maxChars} 字（约 130 页）。请只导入方案本身，附件、汇编请分开导入`);
  }
  const proposal = parsePlan(text, { today: shanghaiDate(new Date()) });
  if (!isPlanLike(text, proposal)) {
    throw new AppError('IMPORT_INVALID', `${where}看起来不是实施方案或通知：没有找到标题、时间、阶段、任务等内容。请确认粘贴或上传的是方案全文`, { domainCode: 'not_a_plan' });
  }
  return proposal;
}

async function propose(db: DbOrTrx, bureauId: string, text: string, proposal: PlanProposal, fileId: string | null): Promise<PlanImportResult> {
  return { proposal, fileId, token: crypto.randomUUID(), text, ...(await matches(db, bureauId, proposal)) };
}

/**
 * Reads a pasted plan (a web page's text with its furniture is fine) and proposes a campaign.
 * Nothing is written: the user reviews the proposal and creates the campaign with POST /api/campaigns.
 */
export async function importPlanText(db: Db, ctx: RequestContext, text: string): Promise<PlanImportResult> {
  const bureau = await bureauOf(db, ctx);
  if (!text.trim()) throw invalid('方案正文：请粘贴实施方案的全文');
  return propose(db, bureau.id, text, proposalOf(text, '粘贴的内容'), null);
}

/**
 * Reads an uploaded plan document — .docx, old .doc or a PDF with a text layer, told apart by
 * their bytes (plan-document.ts) — keeps it so the campaign can reference it, and proposes a
 * campaign. Every refusal (scan, password, renamed .xls/.wps, corrupt, too long, not a plan)
 * comes before the file is stored; no campaign data is written.
 */
export async function importPlanFile(db: Db, storage: FileStorage, ctx: RequestContext, upload: { filename: string; buffer: Buffer }): Promise<PlanImportResult> {
  const bureau = await bureauOf(db, ctx);
  const doc = await readPlanDocument(upload.buffer);
  if (!doc.text.trim()) throw invalid('这个文档里没有文字（可能是扫描件或图片），请粘贴方案全文，或上传含文字的 Word 文档');
  const proposal = proposalOf(doc.text, '文档内容');
  const fallbackName = { docx: '实施方案.docx', doc: '实施方案.doc', pdf: '实施方案.pdf' }[doc.format];
  const blob = await storage.put(upload.buffer);
  const file = await runCommand(db, ctx, {}, async (trx, emit) => {
    const f = await insertFileObject(trx, {
      sha256: blob.sha256,
      kind: 'document',
      mime: doc.mime,
      sizeBytes: blob.sizeBytes,
      originalName: cleanFileName(upload.filename || fallbackName),
      width: null,
      height: null,
      thumbSha256: null,
      unitId: bureau.id,
      unitPath: bureau.path,
      uploadedBy: ctx.actor.userId,
    });
    await emit({ action: 'campaign.import', objectType: 'file', objectId: f.id, details: { sha256: f.sha256, sizeBytes: f.sizeBytes, originalName: f.originalName, format: doc.format } });
    return f;
  });
  return propose(db, bureau.id, doc.text, proposal, file.id);
}
