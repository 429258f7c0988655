import crypto from 'node:crypto';
import type { AuditVerification } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import { findChainLink, findUnchainedEvent, readChain, readChainHead, type ChainLink } from './audit.repository.js';
import { readAnchors, writeAnchor, type AnchorConfig } from './audit-anchor.js';

/** The hash of the first link's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash the database stores for a link: SHA-256 of the previous hash, a newline, and the row's content. */
export function linkHash(prevHash: string, content: string): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

type Broken = NonNullable<AuditVerification['firstBroken']>;

/**
 * Checks a run of links in order, continuing from the previous link; returns the
 * first fault: a gap in the sequence (rows deleted), a link that does not name its
 * predecessor's hash (rows reordered or inserted), or a hash that does not match
 * the row's content (a row edited).
 */
export function checkLinks(links: readonly ChainLink[], prev: { seq: number; hash: string }): { broken: Broken | null; last: { seq: number; hash: string } } {
  let last = prev;
  for (const l of links) {
    const seq = Number(l.seq);
    const at = { seq, id: l.id };
    if (seq !== last.seq + 1) {
      return { broken: { ...at, reason: `序号 ${last.seq + 1}${seq - 1 > last.seq + 1 ? `–${seq - 1}` : ''} 的记录缺失（被删除）` }, last };
    }
    if (l.prevHash !== last.hash) return { broken: { ...at, reason: `第 ${seq} 条记录与上一条的链接不符（记录被插入、删除或调换了顺序）` }, last };
    if (l.rowHash !== linkHash(last.hash, l.content)) return { broken: { ...at, reason: `第 ${seq} 条记录的内容与其哈希不符（记录被修改）` }, last };
    last = { seq, hash: l.rowHash };
  }
  return { broken: null, last };
}

/**
 * Walks the whole audit chain from the first row to the head, then checks the
 * head and every anchor against it. Reads in batches, so memory stays flat.
 */
export async function verifyAuditChain(db: DbOrTrx, anchors: AnchorConfig | null, batch = 5000): Promise<AuditVerification> {
  const verifiedAt = new Date().toISOString();
  let last = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let broken: Broken | null = null;
  for (;;) {
    const links = await readChain(db, last.seq, batch);
    // A gap at the very start of a batch shows as a jump from `last.seq`.
    const r = checkLinks(links, last);
    last = r.last;
    checked = last.seq;
    if (r.broken) {
      broken = r.broken;
      break;
    }
    if (links.length < batch) break;
  }
  const head = await readChainHead(db);
  if (!broken) {
    const unchained = await findUnchainedEvent(db);
    if (unchained) broken = { seq: null, id: unchained.id, reason: `记录 ${unchained.id} 未进入审计链（绕过数据库触发器写入）` };
    else if (head.seq !== last.seq || head.hash !== last.hash) {
      broken =
        head.seq > last.seq
          ? { seq: last.seq + 1, id: null, reason: `链头序号为 ${head.seq}，但记录只到第 ${last.seq} 条（末尾的记录被删除）` }
          : { seq: head.seq, id: null, reason: '链头与最后一条记录不符（链头被改动）' };
    }
  }
  let anchorsChecked = 0;
  let lastAnchorAt: string | null = null;
  if (anchors) {
    const { anchors: list, bad } = readAnchors(anchors);
    if (!broken && bad.length) broken = { seq: null, id: null, reason: `锚点文件第 ${bad[0]!.line} 行${bad[0]!.reason}（锚点被改动）` };
    for (const a of list) {
      anchorsChecked++;
      lastAnchorAt = a.at;
      if (broken) continue;
      if (a.seq === 0) continue;
      const link = await findChainLink(db, a.seq);
      if (!link) broken = { seq: a.seq, id: null, reason: `锚点（${a.at}）记载第 ${a.seq} 条记录，但该记录已不存在（记录被截断）` };
      else if (link.rowHash !== a.hash) broken = { seq: a.seq, id: link.id, reason: `第 ${a.seq} 条记录的哈希与锚点（${a.at}）不符（之前的记录被改写后重算了哈希）` };
    }
  }
  return { ok: !broken, checked, headSeq: head.seq, anchorsChecked, lastAnchorAt, firstBroken: broken, verifiedAt };
}

/** Writes an anchor of the current head when the chain has grown since the last one. */
export async function anchorAuditChain(db: DbOrTrx, anchors: AnchorConfig): Promise<{ written: boolean; seq: number }> {
  const head = await readChainHead(db);
  const { anchors: list } = readAnchors(anchors);
  const prev = list[list.length - 1];
  if (prev && prev.seq === head.seq && prev.hash === head.hash) return { written: false, seq: head.seq };
  writeAnchor(anchors, head);
  return { written: true, seq: head.seq };
}
