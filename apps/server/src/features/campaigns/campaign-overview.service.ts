import type { CampaignOverview } from '@xiaoan/contracts';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { countHazardsBySchool, countInspectionsBySchool, findCampaignSchools } from './campaign.repository.js';
import { toOverview } from './campaign.presenter.js';
import { getCampaign, loadCampaign } from './campaign.service.js';

/**
 * The campaign at a glance: stages against today, task progress by lead department and by
 * stage, overdue tasks, each school's part, and the hazards and inspections of its schools
 * within its period (a hazard belongs to every campaign whose period and schools cover it).
 */
export async function campaignOverview(db: DbOrTrx, ctx: RequestContext, id: string, now = new Date()): Promise<CampaignOverview> {
  const detail = await getCampaign(db, ctx, id, now);
  const c = await loadCampaign(db, ctx, id);
  const schools = await findCampaignSchools(db, c, ctx.scope);
  const ids = schools.map((s) => s.id);
  const period = { start: c.period_start, end: c.period_end };
  const [hazards, inspections] = await Promise.all([countHazardsBySchool(db, ctx.scope, ids, period), countInspectionsBySchool(db, ctx.scope, ids, period)]);
  return toOverview(c, detail, { schools, hazards, inspections }, now);
}
