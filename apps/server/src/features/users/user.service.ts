import {
  BUREAU_ROLES,
  ROLE_LABELS,
  SCHOOL_ROLES,
  assignableRoles,
  checkPasswordPolicy,
  mayManageAccount,
  type Role,
  type UnitKind,
} from '@xiaoan/domain';
import type { CreateUserBody, UpdateUserBody, User } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { hashPassword } from '../auth/index.js';
import { deleteUserSessions } from '../auth/index.js';
import { clearTotp } from '../auth/index.js';
import { clearAllLoginSlots } from '../auth/index.js';
import { REAUTH_WINDOW_MS } from '../auth/index.js';
import { runCommand } from '../../kernel/command.js';
import {
  findDepartmentDistrict,
  findScopedUnit,
  findUserById,
  findUsers,
  insertUser,
  toPublicUser,
  updateUserRow,
  type UserChanges,
  type UserFilter,
} from './user.repository.js';

const USERNAME_TAKEN = '用户名已被使用';

/** What the account rules need from the running configuration. */
export type AccountPolicy = { demo: boolean };

/**
 * Sensitive account changes (another person's password, role, status, username or
 * second factor; a new account above 教职工) need the caller to have proved who it
 * is in the last few minutes: a stolen, idle session cannot take over accounts.
 */
function requireRecentAuth(ctx: RequestContext): void {
  if (Date.now() - ctx.reauthAt.getTime() > REAUTH_WINDOW_MS) {
    throw new AppError('REAUTH_REQUIRED', '此操作须再次验证身份：请输入您的密码（已绑定时加动态验证码）');
  }
}

export async function listUsers(db: Db, ctx: RequestContext, filter: UserFilter, page: { page: number; pageSize: number }) {
  return findUsers(db, ctx.scope, filter, page);
}

export async function getUser(db: Db, ctx: RequestContext, id: string): Promise<User> {
  const u = await findUserById(db, ctx.scope, id);
  if (!u) throw notFound('用户');
  return toPublicUser(u);
}

/** The actor may give this role (assignableRoles), or the request is refused with 403. */
function checkAssignable(ctx: RequestContext, role: Role, verb: '创建' | '设为'): void {
  if (!assignableRoles(ctx.actor.role).includes(role)) {
    throw new AppError('FORBIDDEN', `您的角色（${ROLE_LABELS[ctx.actor.role]}）不能${verb}“${ROLE_LABELS[role]}”账号`);
  }
}

/** School roles sit on a school or campus; bureau roles on the bureau or an area. */
function checkRoleFitsUnit(role: Role, unitKind: UnitKind): void {
  if (SCHOOL_ROLES.includes(role) && unitKind !== 'school' && unitKind !== 'campus') {
    throw invalid(`“${ROLE_LABELS[role]}”账号只能设在学校或校区`, ['unitId: 所属单位应为学校或校区']);
  }
  if (BUREAU_ROLES.includes(role) && unitKind !== 'bureau' && unitKind !== 'area') {
    throw invalid(`“${ROLE_LABELS[role]}”账号只能设在教育局或片区`, ['unitId: 所属单位应为教育局或片区']);
  }
}

async function checkDepartment(db: Db, unitPath: string, departmentId: string | null | undefined): Promise<void> {
  if (!departmentId) return;
  const d = await findDepartmentDistrict(db, departmentId);
  if (!d || d.districtId !== unitPath.split('.')[0]) throw invalid('科室不存在', ['departmentId: 科室不存在']);
  if (d.status !== 'active') throw invalid('该科室已停用', ['departmentId: 科室已停用']);
}

function checkPassword(password: string, username: string | null, policy: AccountPolicy): void {
  if (!username) throw invalid('设置登录密码前须先设置用户名', ['username: 设置密码须同时设置用户名']);
  const problems = checkPasswordPolicy(password, username, { demo: policy.demo });
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, problems.map((p) => `password: ${p}`));
}

const trimOrNull = (v: string | null | undefined) => (v == null ? null : v.trim() || null);

/**
 * Adds a person (with or without a login) to a unit inside the caller's scope. A
 * password given here was chosen by someone else: the person must change it at
 * the first login.
 */
export async function createUser(db: Db, ctx: RequestContext, body: CreateUserBody, policy: AccountPolicy): Promise<User> {
  checkAssignable(ctx, body.role, '创建');
  if (body.role !== 'school_staff') requireRecentAuth(ctx);
  const unit = await findScopedUnit(db, ctx.scope, body.unitId);
  if (!unit) throw notFound('单位');
  checkRoleFitsUnit(body.role, unit.kind);
  await checkDepartment(db, unit.path, body.departmentId);
  const displayName = body.displayName.trim();
  if (!displayName) throw invalid('姓名不能为空', ['displayName: 不能为空']);
  const username = body.username ?? null;
  if (body.password !== undefined) checkPassword(body.password, username, policy);
  const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
  try {
    const id = await runCommand(db, ctx, {}, async (trx, emit) => {
      const newId = await insertUser(trx, {
        username,
        display_name: displayName,
        title: trimOrNull(body.title),
        phone: trimOrNull(body.phone),
        role: body.role,
        unit_id: unit.id,
        department_id: body.departmentId ?? null,
        password_hash: passwordHash,
        must_change_password: passwordHash !== null,
      });
      const fields = Object.keys(body).filter((k) => k !== 'password');
      await emit({
        action: 'user.create',
        objectType: 'app_user',
        objectId: newId,
        details: { fields, role: body.role, unitId: unit.id, username, withPassword: passwordHash !== null },
      });
      return newId;
    });
    return getUser(db, ctx, id);
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', USERNAME_TAKEN);
    throw e;
  }
}

/**
 * Edits a person. Names the version it read: a stale version changes nothing
 * and answers 409. Only accounts strictly below the caller's role may be touched
 * (never one's own: that goes through the self-service routes). A new password
 * must be changed at the owner's next login and the owner is told; it also lifts
 * any login lock. Disabling the account, a new password, a new username or a
 * reset second factor ends every session of that user in the same transaction.
 */
export async function updateUser(db: Db, ctx: RequestContext, id: string, body: UpdateUserBody, policy: AccountPolicy): Promise<User> {
  const current = await findUserById(db, ctx.scope, id);
  if (!current) throw notFound('用户');
  if (current.id === ctx.actor.userId) {
    throw new AppError('FORBIDDEN', '不能在人员管理中修改自己的账号：请在“账号安全”中修改密码或动态验证码');
  }
  // Whoever may not give a role may not manage its holders either (no resetting a security admin's password).
  if (!mayManageAccount(ctx.actor, current)) {
    throw new AppError('FORBIDDEN', `您的角色（${ROLE_LABELS[ctx.actor.role]}）不能修改“${ROLE_LABELS[current.role]}”账号`);
  }
  const sensitive =
    body.password !== undefined ||
    body.resetSecondFactor !== undefined ||
    (body.role !== undefined && body.role !== current.role) ||
    (body.status !== undefined && body.status !== current.status) ||
    (body.username !== undefined && body.username !== current.username);
  if (sensitive) requireRecentAuth(ctx);

  const role = body.role ?? current.role;
  if (body.role !== undefined) checkAssignable(ctx, body.role, '设为');
  let unit = { id: current.unit.id, kind: current.unit.kind, path: current.unitPath };
  if (body.unitId !== undefined && body.unitId !== current.unit.id) {
    const u = await findScopedUnit(db, ctx.scope, body.unitId);
    if (!u) throw notFound('单位');
    unit = u;
  }
  if (body.role !== undefined || body.unitId !== undefined) checkRoleFitsUnit(role, unit.kind);
  if (body.departmentId !== undefined) await checkDepartment(db, unit.path, body.departmentId);
  if (body.displayName !== undefined && !body.displayName.trim()) throw invalid('姓名不能为空', ['displayName: 不能为空']);
  const username = body.username !== undefined ? body.username : current.username;
  if (body.password !== undefined) checkPassword(body.password, username, policy);

  const changes: UserChanges = {};
  if (body.displayName !== undefined) changes.display_name = body.displayName.trim();
  if (body.title !== undefined) changes.title = trimOrNull(body.title);
  if (body.phone !== undefined) changes.phone = trimOrNull(body.phone);
  if (body.role !== undefined) changes.role = body.role;
  if (body.unitId !== undefined) changes.unit_id = unit.id;
  if (body.departmentId !== undefined) changes.department_id = body.departmentId;
  if (body.status !== undefined) changes.status = body.status;
  if (body.username !== undefined) changes.username = body.username;
  if (body.password !== undefined) {
    changes.password_hash = await hashPassword(body.password);
    changes.must_change_password = true;
  }

  const endSessions =
    body.status === 'disabled' ||
    body.password !== undefined ||
    body.resetSecondFactor !== undefined ||
    (body.username !== undefined && body.username !== current.username);
  const fields = Object.keys(body).filter((k) => k !== 'version');
  try {
    await runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateUserRow(trx, id, body.version, changes))) throw staleVersion();
      if (endSessions) await deleteUserSessions(trx, id);
      if (body.resetSecondFactor) await clearTotp(trx, id);
      if (body.password !== undefined) {
        if (current.username) await clearAllLoginSlots(trx, current.username);
        await emit({ action: 'user.password_reset', userId: id, version: body.version, by: { displayName: ctx.actor.displayName, role: ctx.actor.role }, at: new Date() });
      }
      await emit({
        action: 'user.update',
        objectType: 'app_user',
        objectId: id,
        details: {
          fields,
          ...(body.role !== undefined && body.role !== current.role ? { role: { from: current.role, to: body.role } } : {}),
          ...(body.status !== undefined && body.status !== current.status ? { status: { from: current.status, to: body.status } } : {}),
          ...(endSessions ? { sessionsEnded: true } : {}),
          ...(body.password !== undefined ? { passwordReset: true, mustChangePassword: true } : {}),
          ...(body.resetSecondFactor ? { secondFactorReset: true } : {}),
        },
      });
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', USERNAME_TAKEN);
    throw e;
  }
  return getUser(db, ctx, id);
}
