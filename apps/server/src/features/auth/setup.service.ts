import { checkPasswordPolicy } from '@xiaoan/domain';
import type { Db } from '../../db/database.js';
import type { Origin } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { recordAudit } from '../audit/index.js';
import { installBuiltinChecklists } from '../checklists/index.js';
import { hashPassword } from './password.js';
import { anySecurityAdmin, findOrCreateBureau, insertSecurityAdmin, lockSetup } from './auth.repository.js';

/* The first start of a production database (no security administrator yet). */

/** Does the installation still need its first security administrator? */
export async function isSetupRequired(db: Db): Promise<boolean> {
  return !(await anySecurityAdmin(db));
}

/**
 * First start of a production database: creates the district bureau and the first
 * security administrator, who then creates the system and audit administrators and
 * every other account (三员分立). Refused once a security administrator exists (no
 * default password anywhere).
 */
export async function setupFirstAdmin(
  db: Db,
  input: { bureauName: string; username: string; displayName: string; password: string },
  origin: Origin,
): Promise<void> {
  const problems = checkPasswordPolicy(input.password, input.username, { demo: false });
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, problems.map((p) => `password: ${p}`));
  const hashed = await hashPassword(input.password);
  // Not a runCommand: a command's context names its actor before the transaction
  // opens (CommandContext), and here the actor, the first security administrator,
  // is created inside it. The audit row is written in the same transaction all the same.
  await db.transaction().execute(async (trx) => {
    // Serialise concurrent set-ups: the second waits here, then sees the admin.
    await lockSetup(trx);
    if (await anySecurityAdmin(trx)) throw new AppError('CONFLICT', '系统已完成初始化');
    const bureau = await findOrCreateBureau(trx, input.bureauName.trim());
    const userId = await insertSecurityAdmin(trx, { username: input.username, displayName: input.displayName.trim(), bureauId: bureau.id, passwordHash: hashed });
    // The district starts with the built-in checklist library (written from the seeds).
    await installBuiltinChecklists(trx, bureau.id);
    await recordAudit(
      trx,
      { ip: origin.ip, requestId: origin.requestId, actor: { userId, role: 'security_admin', unitId: bureau.id } },
      { action: 'setup.first_admin', objectType: 'app_user', objectId: userId, details: { bureau: input.bureauName } },
    );
  });
}
