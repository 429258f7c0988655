import { ROLE_LABELS, checkPasswordPolicy, type Role } from '@xiaoan/domain';
import type { Me } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { Config } from '../../config.js';
import type { RequestContext } from '../../http/context.js';
import { invalid } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { hashPassword, verifyPassword } from './password.js';
import { deleteUserSessions, type SessionWithUser } from './session.repository.js';
import { countRecoveryCodesLeft, countSchoolsInScope, findActiveTeamsOf, findLoginAccount, findProfile, setPassword } from './auth.repository.js';
import { secondFactorRequired } from './auth.service.js';

/* The signed-in user's own account: who am I (`GET /api/auth/me`), and changing one's password. */

/** The signed-in user, with a summary of what it can see. */
export async function getMe(db: Db, ctx: RequestContext, session: Pick<SessionWithUser, 'csrfToken' | 'stage' | 'mustChangePassword'>): Promise<Me> {
  const u = await findProfile(db, ctx.actor.userId);
  const schoolCount = await countSchoolsInScope(db, ctx.scope);
  const teams = u.role === 'team_member' ? await findActiveTeamsOf(db, u.id) : [];
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username ?? '',
    displayName: u.displayName,
    role,
    roleLabel: ROLE_LABELS[role],
    unit: u.unit,
    department: u.department,
    scope: {
      kind: role === 'team_member' ? 'teams' : 'subtree',
      description:
        role === 'team_member'
          ? teams.length
            ? `${teams.map((t) => t.name).join('、')}分配的 ${schoolCount} 所学校`
            : '尚未分配督查小组'
          : u.unit.kind === 'school' || u.unit.kind === 'campus'
            ? u.unit.name
            : `${u.unit.name}（${schoolCount} 所学校）`,
      unitCount: schoolCount,
      teams,
    },
    csrfToken: session.csrfToken,
    authStage: session.stage,
    mustChangePassword: session.mustChangePassword,
    secondFactor: {
      enabled: u.totpEnabled,
      required: secondFactorRequired(role),
      recoveryCodesLeft: u.totpEnabled ? await countRecoveryCodesLeft(db, u.id) : 0,
    },
  };
}

/**
 * Changes the caller's password: the current one is asked for, and the new one
 * must pass the policy and differ from it. Clears a pending forced change. Every
 * session of the user ends (the caller signs in again).
 */
export async function changePassword(
  db: Db,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
  config: Pick<Config, 'demo'>,
): Promise<void> {
  const user = await findLoginAccount(db, { id: ctx.actor.userId });
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw invalid('当前密码不正确', ['currentPassword: 当前密码不正确']);
  }
  const problems = checkPasswordPolicy(input.newPassword, user.username ?? undefined, { demo: config.demo });
  if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw invalid(`新密码不符合要求：${problems.join('；')}`, problems.map((p) => `newPassword: ${p}`));
  const hashed = await hashPassword(input.newPassword);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await setPassword(trx, ctx.actor.userId, hashed, false);
    await deleteUserSessions(trx, ctx.actor.userId);
    await emit({ action: 'auth.password_changed', objectType: 'app_user', objectId: ctx.actor.userId });
  });
}
