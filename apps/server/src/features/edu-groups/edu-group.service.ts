import type { CreateEduGroupBody, EduGroup } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError, invalid } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { runCommand } from '../../kernel/command.js';
import { districtRootId } from '../units/index.js';
import { findEduGroups, insertEduGroup } from './edu-group.repository.js';

/** The groups of the caller's district, each listing only the schools in the caller's scope. */
export async function listEduGroups(db: Db, ctx: RequestContext): Promise<EduGroup[]> {
  return findEduGroups(db, districtRootId(ctx.actor.unitPath), ctx.scope);
}

export async function createEduGroup(db: Db, ctx: RequestContext, body: CreateEduGroupBody): Promise<EduGroup> {
  const name = body.name.trim();
  if (!name) throw invalid('教育集团名称不能为空', ['name: 不能为空']);
  const districtId = districtRootId(ctx.actor.unitPath);
  try {
    const id = await runCommand(db, ctx, {}, async (trx, emit) => {
      const newId = await insertEduGroup(trx, districtId, name);
      await emit({ action: 'edu_group.create', objectType: 'edu_group', objectId: newId, details: { name } });
      return newId;
    });
    return (await findEduGroups(db, districtId, ctx.scope, id))[0]!;
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError('CONFLICT', `教育集团“${name}”已存在`);
    throw e;
  }
}
