import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { nextYearDate, nextYearTitle, parsePlan, shanghaiDate } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import { copyTeamSchools } from '../features/campaigns/campaign.repository.js';

/**
 * The campaign office as seed 000 names it (领导小组办公室设在局发展规划与财务科（基建科）): the
 * department that leads the campaign's tasks; its 科长 吴佳伟 (login `wujiawei`) runs them.
 */
export const DEMO_OFFICE = '发展规划与财务科（基建科）';
/** The office's login (seed 000's 吴佳伟, 科长). */
export const DEMO_OFFICE_LOGIN = 'wujiawei';

/** The Tianning plan (shared seed 000), as the plan parser's fixtures hold it. */
const SEED_000 = fileURLToPath(new URL('../../../../packages/domain/src/campaign/fixtures/000_36380152c275cd6a.txt', import.meta.url));

/** Related departments of the demo bureau per focus domain (cooperating, 配合). */
const COOPERATING: Record<string, string> = {
  buildings: '督导室',
  lab_chemicals: '教育科',
  food: '教育科',
  traffic_bus: '教育科',
  security: '办公室（宣传科）',
};

/**
 * The demo district's live campaign: seed 000 read by `parsePlan` (as a bureau would import
 * it), its dates moved on by whole years so that today falls in its last stage, its annex-2
 * teams copied from the supervision teams of the same name, every task led by the office the
 * seed names (发展规划与财务科（基建科）, DEMO_OFFICE); a few tasks done, some overdue, one broken
 * down to the first team's schools. The department and its login come from the district seed.
 */
export async function seedDemoCampaign(trx: Trx, now = new Date()): Promise<{ campaignId: string; tasks: number }> {
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').executeTakeFirstOrThrow();
  const office = await trx.selectFrom('department').select('id').where('unit_id', '=', bureau.id).where('name', '=', DEMO_OFFICE).executeTakeFirstOrThrow();
  const officeUser = await trx.selectFrom('app_user').select('id').where('username', '=', DEMO_OFFICE_LOGIN).executeTakeFirstOrThrow();

  const today = shanghaiDate(now);
  const p = parsePlan(readFileSync(SEED_000, 'utf8'), { today });
  const period = p.period?.value ?? { start: '2020-12-01', end: '2021-12-31' };
  const years = Math.max(0, Number(today.slice(0, 4)) - Number(period.end.slice(0, 4)));
  const shift = (d: string) => {
    let x = d;
    for (let i = 0; i < years; i++) x = nextYearDate(x);
    return x;
  };
  let title = p.title?.value ?? '天宁区教育系统安全专项整治';
  for (let i = 0; i < years; i++) title = /(19|20)\d{2}/.test(title) ? nextYearTitle(title) : title;

  const depts = new Map((await trx.selectFrom('department').select(['id', 'name']).where('unit_id', '=', bureau.id).execute()).map((d) => [d.name, d.id]));
  const c = await trx
    .insertInto('campaign')
    .values({
      bureau_unit_id: bureau.id,
      bureau_unit_path: bureau.path,
      title,
      doc_number: p.docNumber?.value ?? null,
      issuer: p.issuer?.value ?? '常州市天宁区教育局',
      issued_on: p.issuedOn ? shift(p.issuedOn.value) : null,
      period_start: shift(period.start),
      period_end: shift(period.end),
      scope: JSON.stringify({ all: true, schoolKinds: [], areaIds: [], schoolIds: [] }),
      focus_domains: p.focusDomains.map((f) => f.value),
      leading_group: JSON.stringify([{ name: '任洁', role: '组长' }]),
      office: JSON.stringify({ name: DEMO_OFFICE, director: '吴佳伟', phone: null }),
      created_by: officeUser.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stageIds: string[] = [];
  const stageEnds: string[] = [];
  for (const [i, s] of p.stages.entries()) {
    const start = shift(s.value.start ?? period.start);
    const end = shift(s.value.end ?? period.end);
    stageIds.push((await trx.insertInto('campaign_stage').values({ campaign_id: c.id, sort_order: i, name: s.value.name, start_on: start, end_on: end, goals: s.value.goals }).returning('id').executeTakeFirstOrThrow()).id);
    stageEnds.push(end);
  }
  for (const [i, r] of p.reportingRules.entries()) {
    await trx
      .insertInto('campaign_reporting_rule')
      .values({ campaign_id: c.id, sort_order: i, text: r.value.text, kind: r.value.kind, due_date: r.value.dueDate ? shift(r.value.dueDate) : null, day_of_month: r.value.dayOfMonth, month: r.value.month })
      .execute();
  }
  // Annex 2's teams are the demo's supervision teams: copy them (people and schools as of now).
  for (const [i, t] of p.teams.entries()) {
    const team = await trx.selectFrom('supervision_team').select('id').where('bureau_unit_id', '=', bureau.id).where('name', '=', t.value.name).executeTakeFirst();
    const ct = await trx
      .insertInto('campaign_team')
      .values({ campaign_id: c.id, source_team_id: team?.id ?? null, sort_order: i, name: t.value.name, leader: t.value.leader, members: t.value.members })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (team) await copyTeamSchools(trx, ct.id, team.id);
  }
  // Tasks: the six focus-domain tasks belong to 攻坚整治, the two mechanism tasks to 巩固提升.
  const statuses = ['done', 'done', 'done', 'in_progress', 'done', 'in_progress', 'in_progress', 'not_started'] as const;
  const taskIds: string[] = [];
  for (const [i, t] of p.tasks.entries()) {
    const stage = Math.min(stageIds.length - 1, t.value.domain ? 1 : 2);
    const coop = t.value.domain ? depts.get(COOPERATING[t.value.domain] ?? '') : undefined;
    const row = await trx
      .insertInto('campaign_task')
      .values({
        campaign_id: c.id,
        stage_id: stageIds[stage] ?? null,
        sort_order: i,
        title: t.value.title,
        description: t.value.description,
        domain: t.value.domain,
        lead_department_ids: [office.id],
        cooperating_department_ids: coop ? [coop] : [],
        cooperating_note: '各相关科室按职责分工负责',
        deadline: stageEnds[stage] ?? null,
        status: statuses[i % statuses.length],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    taskIds.push(row.id);
    if (statuses[i % statuses.length] !== 'not_started') {
      await trx.insertInto('task_progress').values({ task_id: row.id, text: statuses[i % statuses.length] === 'done' ? '已完成全区排查，问题清单已销号。' : '已部署，各校正在自查。', status_after: statuses[i % statuses.length], author_user_id: officeUser.id }).execute();
    }
  }
  // 一校一策: the fire-safety task for the first team's schools.
  const fire = p.tasks.findIndex((t) => t.value.domain === 'fire');
  const firstTeam = await trx.selectFrom('supervision_team').select('id').where('bureau_unit_id', '=', bureau.id).orderBy('sort_order').executeTakeFirst();
  if (fire >= 0 && firstTeam) {
    const schools = await trx
      .selectFrom('supervision_team_school as ts')
      .innerJoin('unit as s', 's.id', 'ts.school_unit_id')
      .select(['s.id', sql<string>`s.path::text`.as('path')])
      .where('ts.team_id', '=', firstTeam.id)
      .execute();
    if (schools.length) {
      await trx
        .insertInto('campaign_task_school')
        .values(schools.map((s, i) => ({ task_id: taskIds[fire]!, school_unit_id: s.id, school_path: s.path, status: i % 3 === 0 ? ('done' as const) : ('in_progress' as const) })))
        .execute();
    }
  }
  return { campaignId: c.id, tasks: taskIds.length };
}
