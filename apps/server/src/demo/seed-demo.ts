import { DEMO_PASSWORD, inferSchoolKind, type Role } from '@xiaoan/domain';
import type { Db, Trx } from '../db/database.js';
import { hashPassword } from '../features/auth/password.js';
import { DEFAULT_DEMO_AREA, DEMO_AREAS, TIANNING, departmentOfTitle, parseSchoolList } from './tianning.js';
import { seedDemoLedger, type DemoLedgerOptions } from './seed-hazards.js';
import { seedDemoCampaign } from './seed-campaign.js';
import { seedDemoInspections } from './seed-inspections.js';
import { seedDemoReports } from './seed-reports.js';
import { seedReportHistory } from './report-history.js';
import { seedDemoNotices } from './seed-notices.js';
import { seedDemoTalks } from './seed-talks.js';
import { seedDemoMeasures } from './seed-measures.js';
import { seedDemoAssessment } from './seed-assessment.js';
import { seedDemoRisks } from './seed-risks.js';
import { seedDemoGuards } from './seed-guards.js';
import { seedDemoFleet } from './seed-fleet.js';
import { seedDemoSite } from './seed-site.js';
import { seedDemoChemicals } from './seed-chemicals.js';

export { DEMO_PASSWORD };

/** The demo logins, one per role (printed at start and listed in the README). */
export const DEMO_ACCOUNTS: readonly { username: string; password: string; role: Role; note: string }[] = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'system_admin', note: '系统管理员（单位、设置、导入）' },
  { username: 'secadmin', password: DEMO_PASSWORD, role: 'security_admin', note: '安全管理员（账号、角色、密码重置）' },
  { username: 'auditor', password: DEMO_PASSWORD, role: 'audit_admin', note: '审计管理员（查阅、导出、核验操作日志）' },
  { username: 'renjie', password: DEMO_PASSWORD, role: 'bureau_leader', note: '任洁，局长' },
  { username: 'wujiawei', password: DEMO_PASSWORD, role: 'bureau_staff', note: '吴佳伟，发展规划与财务科（基建科）科长（领导小组办公室：专项整治任务的牵头科室）' },
  { username: 'xumin', password: DEMO_PASSWORD, role: 'team_member', note: '徐敏，第一督查小组成员' },
  { username: 'huarun_admin', password: DEMO_PASSWORD, role: 'school_admin', note: '华润小学安全管理员（第一督查小组负责）' },
  { username: 'hongjing_admin', password: DEMO_PASSWORD, role: 'school_admin', note: '虹景小学安全管理员（第二督查小组负责）' },
  { username: 'huarun_staff', password: DEMO_PASSWORD, role: 'school_staff', note: '华润小学教职工' },
];

const LOGINS: Record<string, string> = { 任洁: 'renjie', 吴佳伟: 'wujiawei', 徐敏: 'xumin' };

function areaOf(schoolName: string): string {
  return DEMO_AREAS.find((a) => a.keywords.some((k) => schoolName.includes(k)))?.name ?? DEFAULT_DEMO_AREA;
}

/**
 * Creates the Tianning demo district when the database has no bureau yet, in one
 * transaction — with its hazard ledger when `opts.ledger` is given (see seed-hazards.ts).
 * Returns false (and changes nothing) when a district exists.
 */
export async function seedDemoDistrict(db: Db, say: (m: string) => void = () => {}, opts: { ledger?: DemoLedgerOptions } = {}): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('unit').select('id').where('kind', '=', 'bureau').limit(1).executeTakeFirst();
    if (existing) return false;
    await seed(trx, passwordHash);
    const rc = await seedDemoCampaign(trx, opts.ledger?.now);
    say(`演示专项整治：由实施方案（种子 000）识别建立，${rc.tasks} 项任务由领导小组办公室所在的发展规划与财务科（基建科）牵头。`);
    if (opts.ledger) {
      const t0 = Date.now();
      const r = await seedDemoLedger(trx, opts.ledger);
      say(`演示隐患台账：${r.schools} 所学校共 ${r.hazards} 条隐患、${r.events} 条处理记录（${((Date.now() - t0) / 1000).toFixed(1)} 秒）。`);
    }
    const t1 = Date.now();
    const ri = await seedDemoInspections(trx, { now: opts.ledger?.now });
    say(`演示排查：${ri.points} 个点位，${ri.schools} 所学校近 5 周自查 ${ri.inspections} 次、${ri.results} 项结果（${((Date.now() - t1) / 1000).toFixed(1)} 秒）。`);
    const rr = await seedDemoReports(trx, { now: opts.ledger?.now });
    const t2 = Date.now();
    const rh = await seedReportHistory(trx, opts.ledger?.now ?? new Date());
    say(`演示上报：${rr.types} 种报表（每月隐患清单、每周自查汇总、季度与年度总结），近 12 个月 ${rh.submissions} 份报送（${((Date.now() - t2) / 1000).toFixed(1)} 秒）。`);
    if (opts.ledger) {
      // Accountability from that history: notices of the long-overdue schools, talks, this year's assessment.
      const now = opts.ledger.now;
      const rn = await seedDemoNotices(trx, { now });
      const rt = await seedDemoTalks(trx, { now });
      const rm = await seedDemoMeasures(trx, { now, storage: opts.ledger.storage });
      say(`演示两个清单：${rm.schools} 所学校的 ${rm.measures} 项制度措施（${rm.fromHazards} 项由已销号隐患举一反三提出，${rm.overdue} 项逾期）。`);
      const rk = await seedDemoRisks(trx, { now });
      say(`演示风险清单：${rk.schools} 所学校的 ${rk.risks} 项风险（重大 ${rk.red} 项、较大 ${rk.orange} 项，${rk.reviewDue} 项复评到期，${rk.linkedHazards} 条隐患已关联风险）。`);
      const rg = await seedDemoGuards(trx, { now });
      say(`演示保安员台账：${rg.schools} 所学校的 ${rg.guards} 名保安员（${rg.expiring} 人保安员证 30 天内到期，${rg.expired} 人已过期），${rg.profiles} 所学校填报了安防情况。`);
      const rs = await seedDemoSite(trx, { now });
      say(`演示校舍、应急与食堂台账：${rs.buildings} 幢校舍（${rs.dangerous} 幢 D 级危房仍在用，已挂牌督办），${rs.plans} 份应急预案（${rs.plansDue} 份 30 天内应修订或已逾期），${rs.drills} 次演练，${rs.staff} 名食堂从业人员（${rs.expiring} 人健康证 30 天内到期，${rs.expired} 人已过期），阳光食堂 ${rs.brightKitchens}/${rs.canteens}。`);
      const rf = await seedDemoFleet(trx, { now });
      say(`演示校车台账：${rf.schools} 所学校的 ${rf.vehicles} 辆校车、${rf.drivers} 名驾驶人、${rf.routes} 条线路（${rf.expiringThisMonth} 辆本月有证件到期，${rf.outOfService} 辆证件过期停运）。`);
      const rc2 = await seedDemoChemicals(trx, { now });
      say(`演示危化品台账：${rc2.stores} 个危化品库房（柜）、${rc2.chemicals} 种危化品、${rc2.movements} 条出入库、${rc2.counts} 次盘点（${rc2.mismatches} 个库房账实不符，已上报隐患）。`);
      const ra = await seedDemoAssessment(trx, { now });
      say(`演示督导问责：${rn.notices} 份通报、${rt.talks} 次约谈、${ra.schemes} 套年度考核方案（${ra.selfAssessments} 份学校自评）。`);
    }
    say('演示数据已写入。');
    return true;
  });
}

async function seed(trx: Trx, passwordHash: string): Promise<void> {
  const insertUnit = async (v: { kind: 'bureau' | 'area' | 'school' | 'campus'; parent_id: string | null; name: string; edu_group_id?: string | null }) =>
    (
      await trx
        .insertInto('unit')
        .values({ ...v, school_kind: v.kind === 'school' ? inferSchoolKind(v.name) : null } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const bureauId = await insertUnit({ kind: 'bureau', parent_id: null, name: TIANNING.bureau });

  const deptIds = new Map<string, string>();
  for (const [i, name] of TIANNING.departments.entries()) {
    const d = await trx.insertInto('department').values({ unit_id: bureauId, name, sort_order: i }).returning('id').executeTakeFirstOrThrow();
    deptIds.set(name, d.id);
  }

  const areaIds = new Map<string, string>();
  for (const name of [DEFAULT_DEMO_AREA, ...DEMO_AREAS.map((a) => a.name)]) {
    areaIds.set(name, await insertUnit({ kind: 'area', parent_id: bureauId, name }));
  }

  // People of the bureau: leaders, team members. One person may sit in several teams.
  const people = new Map<string, string>();
  const person = async (p: { name: string; title: string }, role: Role) => {
    const known = people.get(p.name);
    if (known) return known;
    const username = LOGINS[p.name] ?? null;
    const dept = departmentOfTitle(p.title);
    const effectiveRole: Role = p.name === '吴佳伟' ? 'bureau_staff' : role;
    const u = await trx
      .insertInto('app_user')
      .values({
        username,
        display_name: p.name,
        title: p.title,
        role: effectiveRole,
        unit_id: bureauId,
        department_id: dept ? (deptIds.get(dept) ?? null) : null,
        password_hash: username ? passwordHash : null,
        password_changed_at: username ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    people.set(p.name, u.id);
    return u.id;
  };

  // 三员分立: the system, security and audit administrators are three people.
  await trx
    .insertInto('app_user')
    .values([
      { username: 'admin', display_name: '系统管理员', role: 'system_admin', unit_id: bureauId, password_hash: passwordHash, password_changed_at: new Date() },
      { username: 'secadmin', display_name: '安全管理员', role: 'security_admin', unit_id: bureauId, password_hash: passwordHash, password_changed_at: new Date() },
      { username: 'auditor', display_name: '审计管理员', role: 'audit_admin', unit_id: bureauId, password_hash: passwordHash, password_changed_at: new Date() },
    ])
    .execute();

  const lg = TIANNING.leadingGroup;
  let order = 0;
  await trx.insertInto('leading_group_member').values({ unit_id: bureauId, user_id: await person(lg.leader, 'bureau_leader'), position: 'leader', title: lg.leader.title, sort_order: order++ }).execute();
  for (const d of lg.deputies) {
    await trx.insertInto('leading_group_member').values({ unit_id: bureauId, user_id: await person(d, 'bureau_leader'), position: 'deputy', title: d.title, sort_order: order++ }).execute();
  }

  const groupIds = new Map<string, string>();
  const schoolIds = new Map<string, string>();
  for (const [ti, team] of TIANNING.teams.entries()) {
    const t = await trx.insertInto('supervision_team').values({ bureau_unit_id: bureauId, name: team.name, sort_order: ti }).returning('id').executeTakeFirstOrThrow();
    let so = 0;
    const addMember = async (p: { name: string; title: string }, position: 'leader' | 'deputy' | 'member', role: Role) => {
      await trx.insertInto('supervision_team_member').values({ team_id: t.id, user_id: await person(p, role), position, sort_order: so++ }).execute();
    };
    await addMember(team.leader, 'leader', 'bureau_leader');
    for (const d of team.deputies) await addMember(d, 'deputy', 'team_member');
    for (const m of team.members) await addMember(m, 'member', 'team_member');

    for (const s of parseSchoolList(team.schools)) {
      let groupId: string | null = null;
      if (s.eduGroup) {
        groupId = groupIds.get(s.eduGroup) ?? null;
        if (!groupId) {
          groupId = (await trx.insertInto('edu_group').values({ bureau_unit_id: bureauId, name: s.eduGroup }).returning('id').executeTakeFirstOrThrow()).id;
          groupIds.set(s.eduGroup, groupId);
        }
      }
      const schoolId = await insertUnit({ kind: 'school', parent_id: areaIds.get(areaOf(s.name))!, name: s.name, edu_group_id: groupId });
      schoolIds.set(s.name, schoolId);
      for (const c of s.campuses) await insertUnit({ kind: 'campus', parent_id: schoolId, name: c });
      await trx.insertInto('supervision_team_school').values({ team_id: t.id, school_unit_id: schoolId }).execute();
    }
  }

  // School accounts for the demo logins.
  const schoolUser = async (school: string, username: string, name: string, role: Role, title: string) => {
    await trx
      .insertInto('app_user')
      .values({ username, display_name: name, title, role, unit_id: schoolIds.get(school)!, password_hash: passwordHash, password_changed_at: new Date() })
      .execute();
    if (role === 'school_admin') await trx.updateTable('unit').set({ safety_officer: name }).where('id', '=', schoolIds.get(school)!).execute();
  };
  await schoolUser('华润小学', 'huarun_admin', '周明', 'school_admin', '华润小学安全管理员');
  await schoolUser('虹景小学', 'hongjing_admin', '孙丽', 'school_admin', '虹景小学安全管理员');
  await schoolUser('华润小学', 'huarun_staff', '李华', 'school_staff', '华润小学教师');
}
