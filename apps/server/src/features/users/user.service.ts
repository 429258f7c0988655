import { BUREAU_ROLES, ROLE_LABELS, SCHOOL_ROLES, assignableRoles, checkPasswordPolicy, type Role, type UnitKind } from '@xiaoan/domain';
import type { CreateUserBody, UpdateUserBody, User } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/password.js';
import { deleteUserSessions } from '../auth/session.repository.js';
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

function checkPassword(password: string, username: string | null): void {
  if (!username) throw invalid('设置登录密码前须先设置用户名', ['username: 设置密码须同时设置用户名']);
  const problems = checkPasswordPolicy(password, username);
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, problems.map((p) => `password: ${p}`));
}

const trimOrNull = (v: string | null | undefined) => (v == null ? null : v.trim() || null);

/** Adds a person (with or without a login) to a unit inside the caller's scope. */
export async function createUser(db: Db, ctx: RequestContext, body: CreateUserBody): Promise<User> {
  checkAssignable(ctx, body.role, '创建');
  const unit = await findScopedUnit(db, ctx.scope, body.unitId);
  if (!unit) throw notFound('单位');
  checkRoleFitsUnit(body.role, unit.kind);
  await checkDepartment(db, unit.path, body.departmentId);
  const displayName = body.displayName.trim();
  if (!displayName) throw invalid('姓名不能为空', ['displayName: 不能为空']);
  const username = body.username ?? null;
  if (body.password !== undefined) checkPassword(body.password, username);
  const passwordHash = body.password !== undefined ? await hashPassword(body.password) : null;
  try {
    const id = await db.transaction().execute(async (trx) => {
      const newId = await insertUser(trx, {
        username,
        display_name: displayName,
        title: trimOrNull(body.title),
        phone: trimOrNull(body.phone),
        role: body.role,
        unit_id: unit.id,
        department_id: body.departmentId ?? null,
        password_hash: passwordHash,
      });
      const fields = Object.keys(body).filter((k) => k !== 'password');
      await recordAudit(trx, ctx, {
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
 * and answers 409. Disabling the account, a new password or a new username ends
 * every session of that user in the same transaction.
 */
export async function updateUser(db: Db, ctx: RequestContext, id: string, body: UpdateUserBody): Promise<User> {
  const current = await findUserById(db, ctx.scope, id);
  if (!current) throw notFound('用户');
  // Whoever may not give a role may not manage its holders either (no resetting a system admin's password).
  if (!assignableRoles(ctx.actor.role).includes(current.role)) {
    throw new AppError('FORBIDDEN', `您的角色（${ROLE_LABELS[ctx.actor.role]}）不能修改“${ROLE_LABELS[current.role]}”账号`);
  }
  const self = current.id === ctx.actor.userId;
  if (self && body.status === 'disabled') throw new AppError('FORBIDDEN', '不能停用自己的账号');
  if (self && body.role !== undefined && body.role !== current.role) throw new AppError('FORBIDDEN', '不能修改自己的角色');
  if (self && body.password !== undefined) throw new AppError('FORBIDDEN', '修改自己的密码请使用“修改密码”功能');

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
  if (body.password !== undefined) checkPassword(body.password, username);

  const changes: UserChanges = {};
  if (body.displayName !== undefined) changes.display_name = body.displayName.trim();
  if (body.title !== undefined) changes.title = trimOrNull(body.title);
  if (body.phone !== undefined) changes.phone = trimOrNull(body.phone);
  if (body.role !== undefined) changes.role = body.role;
  if (body.unitId !== undefined) changes.unit_id = unit.id;
  if (body.departmentId !== undefined) changes.department_id = body.departmentId;
  if (body.status !== undefined) changes.status = body.status;
  if (body.username !== undefined) changes.username = body.username;
  if (body.password !== undefined) changes.password_hash = await hashPassword(body.password);

  const endSessions =
    body.status === 'disabled' || body.password !== undefined || (body.username !== undefined && body.username !== current.username);
  const fields = Object.keys(body).filter((k) => k !== 'version');
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await updateUserRow(trx, id, body.version, changes))) throw staleVersion();
      if (endSessions) await deleteUserSessions(trx, id);
      await recordAudit(trx, ctx, {
        action: 'user.update',
        objectType: 'app_user',
        objectId: id,
        details: {
          fields,
          ...(body.role !== undefined && body.role !== current.role ? { role: { from: current.role, to: body.role } } : {}),
          ...(body.status !== undefined && body.status !== current.status ? { status: { from: current.status, to: body.status } } : {}),
          ...(endSessions ? { sessionsEnded: true } : {}),
        },
      });
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', USERNAME_TAKEN);
    throw e;
  }
  return getUser(db, ctx, id);
}
