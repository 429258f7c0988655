import { ALLOWED_PARENT_KINDS, UNIT_KIND_LABELS, creatableUnitKinds, inferSchoolKind, scopeContains } from '@xiaoan/domain';
import type { CreateUnitBody, Unit, UpdateUnitBody } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound, staleVersion } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { findEduGroupBureauPath, findUnitById, findUnits, insertUnit, updateUnitRow, type UnitColumnChanges, type UnitFilter } from './unit.repository.js';
import { uniqueViolation } from '../../db/pg-errors.js';

export async function listUnits(db: Db, ctx: RequestContext, filter: UnitFilter, page: { page: number; pageSize: number }) {
  return findUnits(db, ctx.scope, filter, page);
}

export async function getUnit(db: Db, ctx: RequestContext, id: string): Promise<Unit> {
  const u = await findUnitById(db, ctx.scope, id);
  if (!u) throw notFound('单位');
  const { path: _path, ...unit } = u;
  return unit;
}

async function checkEduGroup(db: Db, ctx: RequestContext, eduGroupId: string | null | undefined): Promise<void> {
  if (!eduGroupId) return;
  const bureauPath = await findEduGroupBureauPath(db, eduGroupId);
  // The group must belong to the caller's district.
  if (!bureauPath || !ctx.actor.unitPath.startsWith(bureauPath.split('.')[0]!)) throw invalid('教育集团不存在', ['eduGroupId: 教育集团不存在']);
}

/** Adds an area, school or campus under a parent inside the caller's scope. */
export async function createUnit(db: Db, ctx: RequestContext, body: CreateUnitBody): Promise<Unit> {
  if (!creatableUnitKinds(ctx.actor.role).includes(body.kind)) {
    throw new AppError('FORBIDDEN', `您的角色不能新增${UNIT_KIND_LABELS[body.kind]}`);
  }
  const parent = await findUnitById(db, ctx.scope, body.parentId);
  if (!parent) throw notFound('上级单位');
  if (!ALLOWED_PARENT_KINDS[body.kind].includes(parent.kind)) {
    throw invalid(`${UNIT_KIND_LABELS[body.kind]}不能建在${UNIT_KIND_LABELS[parent.kind]}之下`, ['parentId: 上级单位类型不符']);
  }
  await checkEduGroup(db, ctx, body.eduGroupId);
  const name = body.name.trim();
  const schoolKind = body.kind === 'school' ? (body.schoolKind ?? inferSchoolKind(name)) : null;
  if (body.kind === 'school' && !schoolKind) throw invalid('请选择学校类别', ['schoolKind: 无法从校名推断，请选择']);
  try {
    const id = await runCommand(db, ctx, {}, async (trx, emit) => {
      const unitId = await insertUnit(trx, {
        kind: body.kind,
        parentId: body.parentId,
        name,
        schoolKind,
        eduGroupId: body.kind === 'school' ? (body.eduGroupId ?? null) : null,
        address: body.address ?? null,
        principal: body.principal ?? null,
        safetyOfficer: body.safetyOfficer ?? null,
        phone: body.phone ?? null,
        enrolment: body.enrolment ?? null,
      });
      await emit({ action: 'unit.create', objectType: 'unit', objectId: unitId, details: { kind: body.kind, name } });
      return unitId;
    });
    return getUnit(db, ctx, id);
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `同名的${UNIT_KIND_LABELS[body.kind]}“${name}”已存在`);
    throw e;
  }
}

/**
 * Edits a unit (fields, status, or its place in the tree). Names the version it
 * read: a stale version changes nothing and answers 409.
 */
export async function updateUnit(db: Db, ctx: RequestContext, id: string, body: UpdateUnitBody): Promise<Unit> {
  const current = await findUnitById(db, ctx.scope, id);
  if (!current) throw notFound('单位');
  const role = ctx.actor.role;
  if (current.kind === 'bureau' && role !== 'system_admin') throw new AppError('FORBIDDEN', '只有系统管理员可以修改教育局信息');
  if (role === 'school_admin') {
    // A school admin edits its own school's details, not its place, status or identity.
    if (body.parentId !== undefined || body.status !== undefined || body.name !== undefined || body.schoolKind !== undefined || body.eduGroupId !== undefined) {
      if (!(current.kind === 'campus' && body.parentId === undefined && body.schoolKind === undefined && body.eduGroupId === undefined)) {
        throw new AppError('FORBIDDEN', '学校管理员只能修改本校的联系信息；校名、类别、归属由教育局维护');
      }
    }
  }
  if (body.parentId !== undefined && body.parentId !== current.parentId) {
    const parent = await findUnitById(db, ctx.scope, body.parentId);
    if (!parent) throw notFound('上级单位');
    if (!ALLOWED_PARENT_KINDS[current.kind].includes(parent.kind)) {
      throw invalid(`${UNIT_KIND_LABELS[current.kind]}不能移到${UNIT_KIND_LABELS[parent.kind]}之下`, ['parentId: 上级单位类型不符']);
    }
    if (scopeContains({ unitPaths: [current.path] }, parent.path ?? '')) throw invalid('不能把单位移到它自己的下级', ['parentId: 循环']);
  }
  if (body.schoolKind !== undefined && current.kind !== 'school' && body.schoolKind !== null) {
    throw invalid('只有学校有类别', ['schoolKind: 只有学校有类别']);
  }
  await checkEduGroup(db, ctx, body.eduGroupId);

  const changes: UnitColumnChanges = {};
  const set = <K extends string>(key: K, column: keyof UnitColumnChanges, value: unknown) => {
    if (value !== undefined) changes[column] = typeof value === 'string' && key === 'name' ? value.trim() : value;
  };
  set('name', 'name', body.name);
  set('parentId', 'parent_id', body.parentId);
  set('schoolKind', 'school_kind', body.schoolKind);
  set('eduGroupId', 'edu_group_id', body.eduGroupId);
  set('address', 'address', body.address);
  set('principal', 'principal', body.principal);
  set('safetyOfficer', 'safety_officer', body.safetyOfficer);
  set('phone', 'phone', body.phone);
  set('enrolment', 'enrolment', body.enrolment);
  set('status', 'status', body.status);
  try {
    await runCommand(db, ctx, {}, async (trx, emit) => {
      if (!(await updateUnitRow(trx, id, body.version, changes))) throw staleVersion();
      await emit({ action: 'unit.update', objectType: 'unit', objectId: id, details: { changes } });
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `同名的${UNIT_KIND_LABELS[current.kind]}已存在`);
    throw e;
  }
  return getUnit(db, ctx, id);
}
