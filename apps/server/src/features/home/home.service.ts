import { can, shanghaiDate } from '@xiaoan/domain';
import type { HomeSummary } from '@xiaoan/contracts';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { districtRootId } from '../units/index.js';
import { countAccounts, countHazards, countOrg } from './home.repository.js';

/**
 * Every figure of the caller's home page in one answer. A part is present only when the
 * caller's role may read what it counts (the policy table decides, as for the lists the
 * figures open); everything is counted within the caller's scope.
 */
export async function getHomeSummary(db: Db, ctx: RequestContext, now = new Date()): Promise<HomeSummary> {
  const role = ctx.actor.role;
  const [hazards, org, accounts] = await Promise.all([
    can(role, 'hazard.read') ? countHazards(db, ctx.scope, shanghaiDate(now)) : null,
    countOrg(db, ctx.scope, districtRootId(ctx.actor.unitPath)),
    can(role, 'user.read') ? countAccounts(db, ctx.scope) : null,
  ]);
  return { hazards, org, accounts };
}
