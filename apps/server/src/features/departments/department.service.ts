import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid, notFound } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { runCommand } from '../../kernel/command.js';
import { districtRootId } from '../units/index.js';
import { findDepartmentById, findDepartments, insertDepartment, updateDepartmentRow } from './department.repository.js';

const districtOf = (ctx: RequestContext) => districtRootId(ctx.actor.unitPath);

function cleanName(name: string): string {
  const n = name.trim();
  if (!n) throw invalid('科室名称不能为空', ['name: 不能为空']);
  return n;
}

/** Every department of the caller's district (departments are bureau-wide, not scoped further). */
export async function listDepartments(db: Db, ctx: RequestContext): Promise<Department[]> {
  return findDepartments(db, districtOf(ctx));
}

export async function createDepartment(db: Db, ctx: RequestContext, body: CreateDepartmentBody): Promise<Department> {
  const name = cleanName(body.name);
  const districtId = districtOf(ctx);
  try {
    const id = await runCommand(db, ctx, {}, async (trx, emit) => {
      const newId = await insertDepartment(trx, districtId, name);
      await emit({ action: 'department.create', objectType: 'department', objectId: newId, details: { name } });
      return newId;
    });
    return (await findDepartmentById(db, districtId, id))!;
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `科室“${name}”已存在`);
    throw e;
  }
}

/** Renames or disables/enables a department of the caller's district. */
export async function updateDepartment(db: Db, ctx: RequestContext, id: string, body: UpdateDepartmentBody): Promise<Department> {
  const districtId = districtOf(ctx);
  const current = await findDepartmentById(db, districtId, id);
  if (!current) throw notFound('科室');
  const changes: { name?: string; status?: 'active' | 'disabled' } = {};
  if (body.name !== undefined) changes.name = cleanName(body.name);
  if (body.status !== undefined) changes.status = body.status;
  try {
    await runCommand(db, ctx, {}, async (trx, emit) => {
      await updateDepartmentRow(trx, id, changes);
      await emit({
        action: 'department.update',
        objectType: 'department',
        objectId: id,
        details: { fields: Object.keys(changes), from: { name: current.name, status: current.status }, changes },
      });
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `科室“${changes.name ?? ''}”已存在`);
    throw e;
  }
  return (await findDepartmentById(db, districtId, id))!;
}
