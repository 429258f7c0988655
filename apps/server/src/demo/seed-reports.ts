import { REPORT_TEMPLATES, reportRuleText, shanghaiDate, type DueRule, type ReportPeriodKind } from '@xiaoan/domain';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { insertReportType } from '../features/reports/report-type.repository.js';

/**
 * The demo district's report types, from the seeds: 每月1日前上传隐患问题清单 (000), 每周一汇总
 * (004), 前三季度最后一个月15日前报送季度工作总结 and 12月15日前报送年度工作总结 (001). The types
 * owe periods from January of last year, and the district's schools, teams and departments
 * report from two years back, so generated history (issue 13 item 7) has expected rows.
 */

type DemoType = { code: string; name: string; periodKind: ReportPeriodKind; dueRule: DueRule; periodNumbers?: number[]; reviewer?: 'bureau' | 'team'; lateAccepted: boolean; template: readonly unknown[] };

export const DEMO_REPORT_TYPES: readonly DemoType[] = [
  { code: 'monthly-hazard-list', name: '每月隐患问题清单', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, lateAccepted: true, template: REPORT_TEMPLATES.monthlyHazardList },
  { code: 'weekly-check-rollup', name: '每周自查汇总', periodKind: 'weekly', dueRule: { kind: 'after_end', days: 1 }, reviewer: 'team', lateAccepted: true, template: REPORT_TEMPLATES.weeklyRollup },
  {
    code: 'quarterly-summary',
    name: '季度安全工作总结',
    periodKind: 'quarterly',
    dueRule: { kind: 'day_of_last_month', day: 15 },
    periodNumbers: [1, 2, 3],
    lateAccepted: false,
    template: REPORT_TEMPLATES.summary,
  },
  { code: 'annual-summary', name: '年度安全工作总结', periodKind: 'yearly', dueRule: { kind: 'month_day', month: 12, day: 15 }, lateAccepted: true, template: REPORT_TEMPLATES.summary },
];

export async function seedDemoReports(trx: Trx, opts: { now?: Date } = {}): Promise<{ types: number }> {
  const now = opts.now ?? new Date();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const creator = await trx.selectFrom('app_user').select('id').where('unit_id', '=', bureau.id).where('role', '=', 'bureau_staff').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const reportingFrom = `${year - 2}-01-01`;
  await trx.updateTable('unit').set({ reporting_from: reportingFrom }).where(sql<boolean>`path <@ ${bureau.path}::ltree`).execute();
  await trx.updateTable('supervision_team').set({ reporting_from: reportingFrom }).where('bureau_unit_id', '=', bureau.id).execute();
  await trx.updateTable('department').set({ reporting_from: reportingFrom }).where('unit_id', '=', bureau.id).execute();
  for (const t of DEMO_REPORT_TYPES) {
    const periodNumbers = t.periodNumbers ?? [];
    await insertReportType(trx, {
      bureauUnitId: bureau.id,
      bureauUnitPath: bureau.path,
      code: t.code,
      name: t.name,
      periodKind: t.periodKind,
      dueRule: t.dueRule,
      periodNumbers,
      submitterKind: 'school',
      reviewer: t.reviewer ?? 'bureau',
      campaignId: null,
      stageIds: [],
      campaignRuleId: null,
      template: [...t.template],
      lateAccepted: t.lateAccepted,
      startsOn: `${year - 1}-01-01`,
      endsOn: null,
      ruleText: reportRuleText({ periodKind: t.periodKind, dueRule: t.dueRule, periodNumbers }, t.lateAccepted),
      createdBy: creator.id,
    });
  }
  return { types: DEMO_REPORT_TYPES.length };
}
