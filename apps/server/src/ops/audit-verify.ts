import { loadConfig } from '../config.js';
import { createDb } from '../db/database.js';
import { describeError } from '../db/pg-errors.js';
import { verifyAuditChain } from '../features/audit/audit-chain.js';
import { anchorsOf } from '../features/audit/audit.service.js';
import { openBackupSource } from './source.js';

const say = (m: string) => process.stdout.write(`[校安] ${m}\n`);
const fail = (m: string) => process.stderr.write(`[校安] ${m}\n`);

/**
 * `npm run audit:verify`: walks the audit chain of this installation (the running
 * embedded server of XIAOAN_DATA_DIR, or DATABASE_URL) and its anchors, from the
 * operator's console, without the web UI. Exit code 0 when intact, 1 when broken
 * (naming the first broken row), 2 when it could not check.
 */
export async function runAuditVerifyCli(): Promise<number> {
  try {
    const config = loadConfig();
    const source = await openBackupSource(config, say);
    const { db } = createDb(source.adminUrl, 2);
    try {
      const r = await verifyAuditChain(db, anchorsOf(config));
      if (r.ok) {
        say(`操作日志完整：核验 ${r.checked} 条，链头序号 ${r.headSeq}，核对锚点 ${r.anchorsChecked} 个${r.lastAnchorAt ? `（最近 ${r.lastAnchorAt}）` : ''}。`);
        return 0;
      }
      const b = r.firstBroken!;
      fail(`操作日志被改动：${b.reason}${b.id ? `（记录编号 ${b.id}）` : ''}。已核验 ${r.checked} 条，链头序号 ${r.headSeq}。`);
      return 1;
    } finally {
      await db.destroy();
      await source.close();
    }
  } catch (e) {
    fail(`无法核验操作日志：${describeError(e)}`);
    return 2;
  }
}
