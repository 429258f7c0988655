import { addDays, assessRisk, shanghaiDate, type HazardDomain, type RiskTier } from '@xiaoan/domain';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { insertAssessment, insertRisk, replaceRiskMeasures, setHazardRisk } from '../features/risks/risk.repository.js';
import { mulberry32 } from './hazard-generator.js';

/**
 * The demo district's risk register (风险分级管控): several schools have identified and assessed
 * the standing risks of their inspection points (canteen, lab chemicals, gate, buildings,
 * dormitories, school bus) and of the whole school (drowning, sports, network), at mixed levels
 * with some red and orange ones; a few are past their review date; a few of the ledger's hazards
 * name the risk they realise. 华润小学's canteen is left unassessed, so a person (and the browser
 * test) assesses it. Levels use the default matrix (the bureau has not changed its thresholds).
 * Run after the inspections (it reads the points) and the ledger (it links hazards).
 */

type Measure = { description: string; tier: RiskTier; department: string; person: string };
type Template = {
  name: string;
  description: string;
  domain: HazardDomain;
  consequences: string;
  /** Likelihood and severity; the school's own L varies by ±1 around it. */
  l: number;
  s: number;
  measures: Measure[];
  plan: string;
  emergency: string;
};

const byPointType: Record<string, Template[]> = {
  canteen: [
    {
      name: '食堂食物中毒',
      description: '食材采购索证索票不全、储存温度失控或加工生熟交叉，可能导致师生食物中毒',
      domain: 'food',
      consequences: '群体性食物中毒，师生健康受损',
      l: 3,
      s: 5,
      measures: [
        { description: '落实食材索证索票和进货查验记录，每日留样 48 小时', tier: 'school', department: '总务处', person: '总务主任' },
        { description: '加工人员每日晨检，持健康证上岗', tier: 'department', department: '食堂', person: '食堂负责人' },
        { description: '生熟分开加工、分区存放，冷藏温度每日两次记录', tier: 'post', department: '食堂', person: '厨师长' },
      ],
      plan: '每日由食堂负责人检查留样和温度记录，每周由总务处检查索证索票，每月由校领导陪餐并抽查。',
      emergency: '食物中毒事故应急预案',
    },
    {
      name: '食堂燃气泄漏',
      description: '燃气管道、阀门老化或使用后未关闭，可能造成燃气泄漏引发火灾爆炸',
      domain: 'gas',
      consequences: '火灾、爆炸，人员伤亡',
      l: 2,
      s: 5,
      measures: [
        { description: '安装燃气泄漏报警和紧急切断装置，每月检测', tier: 'school', department: '总务处', person: '总务主任' },
        { description: '每日用气后关闭总阀并记录', tier: 'post', department: '食堂', person: '灶台操作员' },
      ],
      plan: '燃气设施每季度由燃气公司检测，食堂每日班后检查阀门。',
      emergency: '燃气泄漏应急处置预案',
    },
  ],
  gate: [
    {
      name: '上下学时段校门口交通安全',
      description: '上下学时段校门口车辆、电动车与学生混行，接送车辆乱停乱放，可能发生交通事故',
      domain: 'traffic_bus',
      consequences: '学生被车辆撞伤',
      l: 4,
      s: 4,
      measures: [
        { description: '上下学时段护学岗到岗，联合交警疏导交通', tier: 'school', department: '政教处', person: '政教主任' },
        { description: '设置接送等候区和隔离护栏', tier: 'department', department: '总务处', person: '总务主任' },
      ],
      plan: '护学岗每日排班，值日行政巡查；每学期与交警中队联合整治一次。',
      emergency: '校园周边交通事故应急预案',
    },
    {
      name: '校外人员闯入校园',
      description: '门卫查验登记不严，校外人员可能进入校园实施侵害',
      domain: 'security',
      consequences: '师生人身伤害',
      l: 2,
      s: 5,
      measures: [
        { description: '落实门卫 24 小时值守和来访登记，配齐防暴器械', tier: 'department', department: '保卫处', person: '保卫干事' },
        { description: '一键报警装置与公安联网，每月测试', tier: 'post', department: '门卫室', person: '门卫' },
      ],
      plan: '门卫每班交接检查器械和登记本，保卫处每周抽查监控回放。',
      emergency: '校园防暴应急处置预案',
    },
  ],
  teaching_block: [
    {
      name: '课间楼梯拥挤踩踏',
      description: '课间操、放学集中下楼时楼梯通道拥挤，可能发生踩踏',
      domain: 'buildings',
      consequences: '学生踩踏受伤',
      l: 3,
      s: 5,
      measures: [
        { description: '分年级错时下楼，楼梯口安排教师值守', tier: 'department', department: '教务处', person: '教务主任' },
        { description: '楼梯照明、防滑条和扶手每周检查', tier: 'post', department: '总务处', person: '电工' },
      ],
      plan: '每学期开展一次疏散演练，值周教师每日课间值守楼梯口。',
      emergency: '拥挤踩踏事故应急预案',
    },
    {
      name: '教学楼电气火灾',
      description: '多媒体设备、电线老化或违规使用大功率电器，可能引发电气火灾',
      domain: 'fire',
      consequences: '火灾、人员伤亡和财产损失',
      l: 2,
      s: 4,
      measures: [
        { description: '每月检查配电箱和线路，禁止使用大功率电器', tier: 'department', department: '总务处', person: '电工' },
        { description: '灭火器、消火栓每月检查并记录', tier: 'post', department: '总务处', person: '消防管理员' },
      ],
      plan: '消防设施每年由维保单位检测，学校每月自查。',
      emergency: '火灾事故应急疏散预案',
    },
  ],
  dormitory: [
    {
      name: '宿舍违规用电引发火灾',
      description: '学生在宿舍私拉电线、使用违规电器，夜间可能引发火灾',
      domain: 'fire',
      consequences: '宿舍火灾，群死群伤',
      l: 3,
      s: 5,
      measures: [
        { description: '宿舍限电并安装违规电器识别装置', tier: 'school', department: '总务处', person: '总务主任' },
        { description: '宿管员每晚查寝并检查违规电器', tier: 'post', department: '宿管部', person: '宿管员' },
      ],
      plan: '每周开展一次宿舍安全大检查，每学期两次夜间疏散演练。',
      emergency: '宿舍火灾应急疏散预案',
    },
    {
      name: '电动自行车楼内充电',
      description: '教职工或学生将电动自行车或电池带入楼内充电，可能起火',
      domain: 'ebike',
      consequences: '火灾、有毒烟气致人伤亡',
      l: 4,
      s: 5,
      measures: [
        { description: '建设集中充电车棚，楼内严禁停放充电', tier: 'school', department: '总务处', person: '总务主任' },
        { description: '每日巡查楼道和宿舍，发现即劝离登记', tier: 'post', department: '宿管部', person: '宿管员' },
      ],
      plan: '集中充电区安装监控和喷淋，每日巡查。',
      emergency: '电动自行车火灾应急处置预案',
    },
  ],
  lab: [
    {
      name: '实验操作化学品灼伤中毒',
      description: '学生实验时违规操作、防护不到位，可能发生化学品灼伤或吸入中毒',
      domain: 'lab_chemicals',
      consequences: '学生灼伤、中毒',
      l: 3,
      s: 4,
      measures: [
        { description: '实验前讲解安全规程，配齐护目镜、手套和洗眼器', tier: 'department', department: '教务处', person: '实验室管理员' },
        { description: '实验课教师全程在场指导', tier: 'post', department: '理化生教研组', person: '任课教师' },
      ],
      plan: '每学期检查实验室安全设施，实验员每周检查药品台账。',
      emergency: '实验室安全事故应急预案',
    },
  ],
  chemical_store: [
    {
      name: '危险化学品被盗、泄漏或爆炸',
      description: '易制毒、易制爆化学品存放不规范、双人双锁落实不严，可能被盗或泄漏爆炸',
      domain: 'lab_chemicals',
      consequences: '爆炸、中毒，危化品流失造成社会危害',
      l: 4,
      s: 5,
      measures: [
        { description: '落实双人双锁、双人领用和出入库台账', tier: 'school', department: '教务处', person: '分管副校长' },
        { description: '专柜分类存放，通风、防爆、监控设施每周检查', tier: 'department', department: '教务处', person: '实验室管理员' },
        { description: '领用登记、用后回收，每月盘点', tier: 'post', department: '实验室', person: '危化品保管员' },
      ],
      plan: '危化品实行采购审批、专库存放、双人管理，每月盘点，每学期报区教育局备案。',
      emergency: '危险化学品事故应急预案',
    },
  ],
  school_bus: [
    {
      name: '校车运行交通事故',
      description: '校车超员、驾驶员疲劳驾驶或车辆故障，可能发生交通事故',
      domain: 'traffic_bus',
      consequences: '乘车学生伤亡',
      l: 2,
      s: 5,
      measures: [
        { description: '每日出车前检查车况，随车照管员清点人数', tier: 'department', department: '总务处', person: '校车管理员' },
        { description: '驾驶员每日酒精检测，安装动态监控', tier: 'post', department: '校车队', person: '驾驶员' },
      ],
      plan: '校车每月维护保养，每学期开展一次应急疏散演练。',
      emergency: '校车安全事故应急预案',
    },
  ],
};

/** Risks of the whole school, not of a point. */
const wholeSchool: Template[] = [
  {
    name: '学生校外溺水',
    description: '夏季和节假日学生私自到河塘游泳戏水，可能发生溺水',
    domain: 'other',
    consequences: '学生溺水死亡',
    l: 3,
    s: 5,
    measures: [
      { description: '节假日前开展防溺水专题教育，发放告家长书', tier: 'school', department: '政教处', person: '政教主任' },
      { description: '班主任每周提醒并家访重点学生', tier: 'team', department: '各年级组', person: '班主任' },
    ],
    plan: '“六不”防溺水教育每月一次，暑期前签订安全责任书。',
    emergency: '防溺水应急预案',
  },
  {
    name: '体育课和课间运动伤害',
    description: '体育器材松动、运动前未热身或运动强度过大，可能造成运动伤害',
    domain: 'buildings',
    consequences: '学生骨折、猝死',
    l: 3,
    s: 3,
    measures: [{ description: '体育器材每周检查，运动前热身并关注特异体质学生', tier: 'team', department: '体育组', person: '体育教研组长' }],
    plan: '体育组建立特异体质学生名册，器材每周检查记录。',
    emergency: '学生意外伤害应急预案',
  },
  {
    name: '校园网络和信息泄露',
    description: '弱口令、未打补丁的设备可能被入侵，导致学生信息泄露',
    domain: 'network',
    consequences: '个人信息泄露',
    l: 2,
    s: 2,
    measures: [{ description: '定期修改口令、更新补丁，重要数据备份', tier: 'department', department: '信息中心', person: '网络管理员' }],
    plan: '每学期开展一次网络安全检查。',
    emergency: '网络安全事件应急预案',
  },
];

const clamp = (n: number) => Math.max(1, Math.min(5, n));

export async function seedDemoRisks(trx: Trx, opts: { now?: Date; schools?: number } = {}): Promise<{ schools: number; risks: number; red: number; orange: number; reviewDue: number; linkedHazards: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const rng = mulberry32(20261207);
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const all = await trx
    .selectFrom('unit as s')
    .select(['s.id', 's.name', sql<string>`s.path::text`.as('path')])
    .where('s.kind', '=', 'school')
    .where('s.status', '=', 'active')
    .where(sql<boolean>`s.path <@ ${bureau.path}::ltree`)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM inspection_point p WHERE p.school_id = s.id AND p.retired_on IS NULL)`)
    .orderBy('s.id')
    .execute();
  // 华润小学 and 虹景小学 (the demo accounts' schools), the schools with a chemical store, then others.
  const showcase = all.filter((s) => s.name === '华润小学' || s.name === '虹景小学');
  const withStore = await trx.selectFrom('inspection_point').select('school_id').distinct().where('point_type', '=', 'chemical_store').where('retired_on', 'is', null).execute();
  const storeIds = new Set(withStore.map((r) => r.school_id));
  const rest = all.filter((s) => !showcase.includes(s));
  const picked = [...showcase, ...rest.filter((s) => storeIds.has(s.id)).slice(0, 3), ...rest.filter((s) => !storeIds.has(s.id)).slice(0, 3)].slice(0, opts.schools ?? 8);

  const result = { schools: 0, risks: 0, red: 0, orange: 0, reviewDue: 0, linkedHazards: 0 };
  for (const [si, school] of picked.entries()) {
    const author =
      (await trx.selectFrom('app_user').select(['id', 'role']).where('unit_id', '=', school.id).where('status', '=', 'active').orderBy(sql`CASE role WHEN 'school_admin' THEN 0 ELSE 1 END`).orderBy('id').limit(1).executeTakeFirst()) ??
      (await trx.selectFrom('app_user').select(['id', 'role']).where('unit_id', '=', bureau.id).where('role', '=', 'bureau_staff').orderBy('id').limit(1).executeTakeFirstOrThrow());
    const points = await trx.selectFrom('inspection_point').select(['id', 'name', 'point_type', 'responsible_name']).where('school_id', '=', school.id).where('retired_on', 'is', null).orderBy('id').execute();
    const huarun = school.name === '华润小学';
    const plans: { t: Template; pointId: string | null }[] = [];
    const usedTypes = new Set<string>();
    for (const p of points) {
      // 华润小学's canteen is left for a person to assess.
      if (huarun && p.point_type === 'canteen') continue;
      const list = byPointType[p.point_type];
      if (!list) continue;
      // One point of each type carries the type's risks (a second teaching block repeats nothing).
      if (usedTypes.has(p.point_type)) continue;
      usedTypes.add(p.point_type);
      for (const t of list) plans.push({ t, pointId: p.id });
    }
    for (const t of wholeSchool) plans.push({ t, pointId: null });
    if (plans.length === 0) continue;
    result.schools++;
    for (const [ri, { t, pointId }] of plans.entries()) {
      const jitter = rng() < 0.3 ? -1 : rng() < 0.2 ? 1 : 0;
      const l = clamp(t.l + jitter);
      const a = assessRisk(l, t.s);
      const rl = clamp(l - 1 - (rng() < 0.4 ? 1 : 0));
      const r = assessRisk(rl, t.s);
      // Review dates: most within the coming year; every third school has one or two past due.
      const past = (si % 3 === 0 && ri % 4 === 1) || (huarun && ri === 0);
      const reviewOn = past ? addDays(today, -(5 + Math.floor(rng() * 40))) : addDays(today, 30 + Math.floor(rng() * 300));
      const assessedAt = new Date(now.getTime() - (60 + Math.floor(rng() * 200)) * 86_400_000);
      const id = await insertRisk(trx, {
        unit_id: school.id,
        unit_path: school.path,
        point_id: pointId,
        name: t.name,
        description: t.description,
        domain: t.domain,
        consequences: t.consequences,
        likelihood: l,
        severity: t.s,
        score: a.score,
        level: a.level,
        residual_likelihood: rl,
        residual_severity: t.s,
        residual_score: r.score,
        residual_level: r.level,
        response_plan: t.plan,
        emergency_plan_title: t.emergency,
        review_on: reviewOn,
        created_by: author.id,
        created_at: assessedAt,
        updated_at: assessedAt,
      });
      await replaceRiskMeasures(trx, id, t.measures);
      await trx
        .insertInto('risk_assessment')
        .values({ risk_id: id, kind: 'initial', likelihood: l, severity: t.s, score: a.score, level: a.level, residual_likelihood: rl, residual_severity: t.s, residual_score: r.score, residual_level: r.level, reason: '首次评估', actor_user_id: author.id, at: assessedAt })
        .execute();
      if (jitter !== 0) {
        // The risks whose L moved since the first look: a reassessment row with the reason.
        await insertAssessment(trx, id, author.id, {
          kind: 'reassess',
          likelihood: l,
          severity: t.s,
          score: a.score,
          level: a.level,
          residual_likelihood: rl,
          residual_severity: t.s,
          residual_score: r.score,
          residual_level: r.level,
          reason: jitter < 0 ? '管控措施落实后复评，可能性降低' : '近期同类隐患增多，复评提高可能性',
        });
      }
      result.risks++;
      if (a.level === 'major') result.red++;
      if (a.level === 'significant') result.orange++;
      if (past) result.reviewDue++;
      // A few hazards of the ledger in the same domain name the risk they realise.
      if (ri % 2 === 0) {
        const hazards = await trx
          .selectFrom('hazard')
          .select(['id', 'version', 'school_id', 'title', 'state', 'risk_id'])
          .where('school_id', '=', school.id)
          .where('domain', '=', t.domain)
          .where('risk_id', 'is', null)
          .where('state', '<>', 'rejected')
          .orderBy('found_at', 'desc')
          .orderBy('id')
          .limit(2)
          .execute();
        for (const h of hazards) {
          await setHazardRisk(trx, h, { id, name: t.name }, undefined, { userId: author.id, role: author.role });
          result.linkedHazards++;
        }
      }
    }
  }
  return result;
}
