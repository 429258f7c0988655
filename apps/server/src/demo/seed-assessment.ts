import { roundPoints, schemeProblems, shanghaiDate, type SchemeIndicator } from '@xiaoan/domain';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { insertScheme, upsertManualScore } from '../features/assessment/assessment.repository.js';

/**
 * The demo bureau's annual assessment for this year: the scheme (six indicators computed from the
 * ledger, checks, reports, supervision and campaign tasks, and one manual item for drills and
 * safety education, which have no registry on the platform), the bureau's manual scores with
 * reasons for a dozen schools, and two self-assessments: 虹景小学's submitted and awaiting review,
 * another school's reviewed and accepted. 华润小学 has none, so a person can fill one in.
 */

export const DEMO_ASSESSMENT_INDICATORS: SchemeIndicator[] = [
  { key: 'rectification', name: '隐患整改率', kind: 'computed', indicator: 'rectification_rate', weight: 25, rule: { kind: 'linear', zeroAt: 0.6, fullAt: 1 } },
  { key: 'overdue', name: '逾期隐患', kind: 'computed', indicator: 'overdue_hazards', weight: 15, rule: { kind: 'deduction', perUnit: 2 } },
  { key: 'reporting', name: '按时报送率', kind: 'computed', indicator: 'report_on_time_rate', weight: 15, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  {
    key: 'daily-checks',
    name: '日常检查完成率',
    kind: 'computed',
    indicator: 'daily_check_completion',
    weight: 15,
    rule: { kind: 'banded', bands: [{ threshold: 0.95, points: 15 }, { threshold: 0.85, points: 12 }, { threshold: 0.7, points: 8 }, { threshold: 0.5, points: 4 }] },
  },
  { key: 'supervision', name: '督查问题整改率', kind: 'computed', indicator: 'supervision_rectified', weight: 10, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  { key: 'campaign-tasks', name: '专项任务按时完成率', kind: 'computed', indicator: 'campaign_tasks_on_time', weight: 10, rule: { kind: 'linear', zeroAt: 0.5, fullAt: 1 } },
  { key: 'drills', name: '应急演练与安全教育', kind: 'manual', weight: 10, guidance: '每学期至少一次疏散演练、每月一次安全教育，凭记录、照片评分' },
];

const DRILL_REASONS: readonly [number, string, string][] = [
  [10, '两学期各组织疏散演练 2 次，安全教育每月有记录', '演练方案、签到表、照片'],
  [9, '演练 3 次，其中 1 次记录缺照片，扣 1 分', '演练记录 3 份'],
  [8, '春季学期演练未邀请消防部门指导，扣 2 分', '演练记录、教育台账'],
  [10, '演练与教育记录齐全，开展防溺水专题教育', '专题教育课件、家长告知书回执'],
  [6, '秋季学期未组织疏散演练，扣 4 分', '仅有春季演练记录'],
  [9, '安全教育记录 11 个月，缺 1 个月，扣 1 分', '教育台账'],
];

export async function seedDemoAssessment(trx: Trx, opts: { now?: Date } = {}): Promise<{ schemes: number; manualScores: number; selfAssessments: number }> {
  const now = opts.now ?? new Date();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const staff = await trx.selectFrom('app_user').select('id').where('unit_id', '=', bureau.id).where('role', '=', 'bureau_staff').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const scheme = { year, name: `${year}年度学校安全工作综合考核`, totalPoints: 100, indicators: DEMO_ASSESSMENT_INDICATORS };
  const problems = schemeProblems(scheme);
  if (problems.length) throw new Error(`demo assessment scheme: ${problems.join('; ')}`);
  const schemeId = await insertScheme(trx, { bureauId: bureau.id, bureauPath: bureau.path, ...scheme, createdBy: staff.id });

  const schools = await trx
    .selectFrom('unit')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'school')
    .where('status', '=', 'active')
    .where(sql<boolean>`path <@ ${bureau.path}::ltree`)
    .orderBy('id')
    .execute();
  // Every third school has its drills scored; the rest wait for the bureau.
  let manualScores = 0;
  for (const [i, s] of schools.entries()) {
    if (i % 3 !== 0 && s.name !== '虹景小学') continue;
    const [points, reason, evidence] = DRILL_REASONS[manualScores % DRILL_REASONS.length]!;
    await upsertManualScore(trx, { schemeId, schoolId: s.id, schoolPath: s.path, indicatorKey: 'drills', points, reason, evidence, fileIds: [], enteredBy: staff.id });
    manualScores++;
  }

  const selfItems = (share: number) =>
    DEMO_ASSESSMENT_INDICATORS.map((ind, k) => ({
      indicatorKey: ind.key,
      selfScore: roundPoints(Math.min(ind.weight, ind.weight * (share + ((k % 3) - 1) * 0.05))),
      note: ind.kind === 'manual' ? '本学年组织疏散演练 4 次，安全教育每月一次' : `对照平台数据自查：${ind.name}`,
    }));
  const hongjing = schools.find((s) => s.name === '虹景小学');
  const reviewed = schools.find((s) => s.name !== '虹景小学' && s.name !== '华润小学');
  let selfAssessments = 0;
  const admin = async (schoolId: string) =>
    (await trx.selectFrom('app_user').select('id').where('unit_id', '=', schoolId).where('role', '=', 'school_admin').orderBy('id').limit(1).executeTakeFirst())?.id ?? staff.id;
  if (hongjing) {
    const by = await admin(hongjing.id);
    await trx
      .insertInto('self_assessment')
      .values({ scheme_id: schemeId, school_id: hongjing.id, school_path: hongjing.path, state: 'submitted', items: JSON.stringify(selfItems(0.95)), saved_by: by, submitted_by: by, submitted_at: now })
      .execute();
    selfAssessments++;
  }
  if (reviewed) {
    const by = await admin(reviewed.id);
    await trx
      .insertInto('self_assessment')
      .values({
        scheme_id: schemeId,
        school_id: reviewed.id,
        school_path: reviewed.path,
        state: 'accepted',
        items: JSON.stringify(selfItems(0.9)),
        saved_by: by,
        submitted_by: by,
        submitted_at: new Date(now.getTime() - 3 * 86_400_000),
        reviewed_by: staff.id,
        reviewed_at: new Date(now.getTime() - 86_400_000),
        review_comment: '自评与平台数据基本一致，同意',
        version: 3,
      })
      .execute();
    selfAssessments++;
  }
  return { schemes: 1, manualScores, selfAssessments };
}
