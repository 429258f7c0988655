import { isCalendarDate, shanghaiDate, type SiteFieldIssue } from '@xiaoan/domain';
import type { CanteenProfile, CanteenProfileQuery, PutCanteenProfileBody } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { runCommand } from '../../kernel/command.js';
import { findCanteenProfile, upsertCanteenProfile } from './site.repository.js';
import { refuse, schoolFor, type School } from './site.service.js';

/** A school's canteen as the coverage reads it: whether it runs one and whether it is a 阳光食堂 (明厨亮灶). */

async function school(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined): Promise<School> {
  const issues: SiteFieldIssue[] = [];
  const s = await schoolFor(db, ctx, schoolId, issues);
  if (!s) throw refuse(issues);
  return s;
}

async function read(db: DbOrTrx, ctx: RequestContext, s: School): Promise<CanteenProfile> {
  const p = await findCanteenProfile(db, s.id);
  return { schoolId: s.id, schoolName: s.name, filled: !!p, hasCanteen: p?.has_canteen ?? false, brightKitchen: p?.bright_kitchen ?? false, brightKitchenSince: p?.bright_kitchen_since ?? null, mayEdit: ctx.actor.role === 'school_admin' };
}

export async function getCanteenProfile(db: DbOrTrx, ctx: RequestContext, q: CanteenProfileQuery): Promise<CanteenProfile> {
  return read(db, ctx, await school(db, ctx, q.schoolId));
}

export async function saveCanteenProfile(db: Db, ctx: RequestContext, body: PutCanteenProfileBody, now = new Date()): Promise<CanteenProfile> {
  const issues: SiteFieldIssue[] = [];
  const s = await schoolFor(db, ctx, body.schoolId, issues);
  if (body.brightKitchen && !body.hasCanteen) issues.push({ field: 'brightKitchen', message: '没有食堂的学校不能登记为阳光食堂' });
  const since = body.brightKitchen ? (body.brightKitchenSince ?? null) : null;
  if (since && (!isCalendarDate(since) || since > shanghaiDate(now))) issues.push({ field: 'brightKitchenSince', message: '建成日期不能晚于今天' });
  if (issues.length > 0 || !s) throw refuse(issues);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    await upsertCanteenProfile(trx, { school_id: s.id, unit_path: s.path, has_canteen: body.hasCanteen, bright_kitchen: body.brightKitchen, bright_kitchen_since: since });
    await emit({ action: 'canteen_profile.update', objectType: 'unit', objectId: s.id, details: { hasCanteen: body.hasCanteen, brightKitchen: body.brightKitchen, brightKitchenSince: since } });
    return read(trx, ctx, s);
  });
}
