import type { AuditEvent, AuditVerification } from '@xiaoan/contracts';
import { ROLE_LABELS, isRole } from '@xiaoan/domain';
import type { Db } from '../../db/database.js';
import { auditAnchorFile, type Config } from '../../config.js';
import type { RequestContext } from '../../http/context.js';
import { emit } from '../../kernel/events.js';
import { findAuditEvents, streamAuditEvents, type AuditFilter } from './audit.repository.js';
import { anchorConfig, type AnchorConfig } from './audit-anchor.js';
import { verifyAuditChain } from './audit-chain.js';

/** An audit administrator of a whole district also sees the events that belong to no unit (unknown usernames). */
const seesUnitless = (ctx: RequestContext) => !ctx.actor.unitPath.includes('.');

/**
 * The audit trail of the caller's scope. Reading it is itself recorded: who looked,
 * with which filter, and how many rows were shown.
 */
export async function listAuditEvents(
  db: Db,
  ctx: RequestContext,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: AuditEvent[]; total: number }> {
  const result = await findAuditEvents(db, ctx.scope, filter, page, seesUnitless(ctx));
  await emit(db, ctx, { action: 'audit.read', objectType: 'audit_event', details: { filter, page: page.page, rows: result.items.length } });
  return result;
}

const CSV_HEADER = ['序号', '链序号', '时间（北京时间）', '操作人', '角色', '操作', '对象类型', '对象编号', 'IP', '请求编号', '详情', '记录哈希'];

/** A CSV cell: quoted, and text that a spreadsheet would run as a formula is made inert. */
function cell(v: unknown): string {
  let s = v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const shanghai = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * The audit trail as CSV (UTF-8 with BOM, so Excel reads the Chinese), newest
 * first, streamed in batches. The export is recorded before the first byte.
 */
export async function exportAuditEvents(db: Db, ctx: RequestContext, filter: AuditFilter): Promise<AsyncGenerator<string>> {
  await emit(db, ctx, { action: 'audit.export', objectType: 'audit_event', details: { filter } });
  const unitless = seesUnitless(ctx);
  return (async function* () {
    yield `\uFEFF${CSV_HEADER.map(cell).join(',')}\r\n`;
    for await (const rows of streamAuditEvents(db, ctx.scope, filter, unitless)) {
      yield rows
        .map((e) =>
          [
            e.id,
            e.seq,
            shanghai(e.at),
            e.actor?.displayName ?? '',
            e.actorRole && isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : (e.actorRole ?? ''),
            e.action,
            e.objectType,
            e.objectId,
            e.ip,
            e.requestId,
            e.details,
            e.rowHash,
          ]
            .map(cell)
            .join(','),
        )
        .join('\r\n')
        .concat('\r\n');
    }
  })();
}

/** The anchors of this installation (file and key), created on first use. */
export function anchorsOf(config: Pick<Config, 'auditAnchor' | 'dataDir'>): AnchorConfig {
  return anchorConfig({ file: auditAnchorFile(config), key: config.auditAnchor.key });
}

/** Walks the chain and the anchors; the verification and its outcome are recorded. */
export async function verifyAudit(db: Db, ctx: RequestContext, config: Pick<Config, 'auditAnchor' | 'dataDir'>): Promise<AuditVerification> {
  const result = await verifyAuditChain(db, anchorsOf(config));
  await emit(db, ctx, {
    action: 'audit.verify',
    objectType: 'audit_event',
    details: { ok: result.ok, checked: result.checked, headSeq: result.headSeq, firstBroken: result.firstBroken },
  });
  return result;
}
