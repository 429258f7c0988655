import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Anchors: the chain head (sequence number, hash, time) copied out of the database
 * at intervals, one JSON line each, signed with an HMAC key that is not in the
 * database. Whoever rewrites the audit table and recomputes every hash after it
 * still cannot match an anchor written before, and cutting rows off the end leaves
 * an anchor pointing past the head.
 */
export type Anchor = { seq: number; hash: string; at: string; mac: string };
export type AnchorConfig = { file: string; key: Buffer };

const macOf = (key: Buffer, a: Omit<Anchor, 'mac'>) => crypto.createHmac('sha256', key).update(`${a.seq}\n${a.hash}\n${a.at}`).digest('hex');

/**
 * The anchor settings: the key from XIAOAN_AUDIT_ANCHOR_KEY (hex or base64, at least
 * 32 bytes) when given, otherwise a random key kept beside the anchors (mode 600).
 */
export function anchorConfig(opts: { file: string; key?: string }): AnchorConfig {
  if (opts.key) {
    const key = /^[0-9a-f]+$/i.test(opts.key) ? Buffer.from(opts.key, 'hex') : Buffer.from(opts.key, 'base64');
    if (key.length < 32) throw new Error('XIAOAN_AUDIT_ANCHOR_KEY 至少应为 32 字节（64 位十六进制或 base64）');
    return { file: opts.file, key };
  }
  const keyFile = `${opts.file}.key`;
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  if (!fs.existsSync(keyFile)) {
    try {
      fs.writeFileSync(keyFile, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return { file: opts.file, key: Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex') };
}

/** Appends one anchor (fsync'd: an anchor that is not on disk protects nothing). */
export function writeAnchor(cfg: AnchorConfig, head: { seq: number; hash: string }, at = new Date()): Anchor {
  const a = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  const anchor = { ...a, mac: macOf(cfg.key, a) };
  fs.mkdirSync(path.dirname(cfg.file), { recursive: true });
  const fd = fs.openSync(cfg.file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return anchor;
}

/** Every anchor in the file; a line that does not parse or whose MAC is wrong is reported, not skipped. */
export function readAnchors(cfg: AnchorConfig): { anchors: Anchor[]; bad: { line: number; reason: string }[] } {
  if (!fs.existsSync(cfg.file)) return { anchors: [], bad: [] };
  const anchors: Anchor[] = [];
  const bad: { line: number; reason: string }[] = [];
  fs.readFileSync(cfg.file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      try {
        const a = JSON.parse(text) as Anchor;
        const expected = macOf(cfg.key, { seq: a.seq, hash: a.hash, at: a.at });
        if (typeof a.mac !== 'string' || a.mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(a.mac), Buffer.from(expected))) {
          bad.push({ line: i + 1, reason: '签名不符' });
        } else anchors.push(a);
      } catch {
        bad.push({ line: i + 1, reason: '无法解析' });
      }
    });
  return { anchors, bad };
}
