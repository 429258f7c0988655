import { sql } from 'kysely';
import {
  addDays,
  dueDeadline,
  periodContaining,
  reportPeriodsBetween,
  shanghaiDate,
  type DueRule,
  type ReportPeriod,
  type ReportPeriodKind,
  type ReportSection,
} from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import type { RequestContext } from '../http/context.js';
import { buildAutoContent } from '../features/reports/auto-fill.service.js';
import { mulberry32, type Rng } from './hazard-generator.js';

/**
 * Twelve months of reporting history for the demo district (issue 13, item 7): for every
 * school, type and period a realistic mix — mostly approved on time, some late, a few
 * returned and resubmitted (version 2), a few missing, the latest ones still awaiting review,
 * and the current period open (not started or a draft; 华润小学 always not started, so the
 * browser test submits it). Each version's auto-filled content is built by the reporting
 * feature's own builder (auto-fill.service.ts) from that school's demo hazards and checks as
 * of the submission time, so it is what a real submission would have frozen. Reviews are by
 * 吴佳伟 (bureau staff), or for a type the team reviews by a member of the school's team.
 * Rows are written in batches.
 *
 * The weekly roll-up is new (its reports were computed on read before): its type is owed from
 * three weeks back (within the demo's five weeks of self-checks), not from last January, so
 * the matrix does not show a year of weeks nobody could have reported.
 */

export type ReportHistoryResult = { submissions: number; versions: number; reviews: number; seconds: number; contentSeconds: Record<string, number> };

const MONTHS = 12;
const CHUNK = 500;

type TypeRow = { id: string; code: string; period_kind: ReportPeriodKind; due_rule: DueRule; period_numbers: number[]; reviewer: 'bureau' | 'team'; late_accepted: boolean; template: ReportSection[]; starts_on: string };
type SchoolRow = { id: string; name: string; path: string };

const NOTES = [
  '本月隐患已全部登记，整改按计划推进。',
  '本月开展安全大检查一次，发现问题均已落实责任人和整改时限。',
  '本月未发现重大隐患，一般隐患已按期整改销号。',
  '逾期隐患已说明原因，资金到位后立即整改。',
  '结合消防安全月活动开展专项排查，问题已建立台账。',
];
const SUMMARY: Record<string, readonly string[]> = {
  awareness: ['学校领导班子高度重视安全工作，每月召开安全专题会议。', '全体教职工签订安全责任书，安全第一的意识进一步增强。'],
  capability: ['组织消防疏散演练两次，教职工会用灭火器、会报警、会组织疏散。', '安全管理员参加区级培训，隐患排查能力明显提高。'],
  measures: ['落实每日一自查、每周一汇总、每月一上报制度，隐患登记整改闭环管理。', '对校舍、食堂、消防设施开展拉网式排查，建立问题清单和整改台账。'],
  results: ['本期发现的隐患按期整改率达到九成以上，未发生安全责任事故。', '重点部位隐患全部销号，校园安全形势总体平稳。'],
  next_goals: ['下阶段继续抓好消防和食品安全，完成剩余隐患整改。', '下阶段重点开展防溺水、交通安全教育，巩固整治成果。'],
};
const RETURN_COMMENTS = ['请补充隐患的整改责任人和整改时限。', '部分隐患照片缺失，请补充后重新报送。', '整改措施过于笼统，请写明具体做法。'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
/** A moment on a Beijing day, at a working hour (8:00–18:59). */
const at = (day: string, rng: Rng) => new Date(`${day}T${String(8 + Math.floor(rng() * 11)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:00+08:00`);

function narrativeOf(template: readonly ReportSection[], rng: Rng, previous: Record<string, string> | null, v2: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of template) {
    if (s.kind !== 'narrative') continue;
    if (s.prefillFrom) out[s.key] = previous?.[s.prefillFrom] ? `${previous[s.prefillFrom]}已基本落实。` : '';
    else if (SUMMARY[s.key]) out[s.key] = pick(rng, SUMMARY[s.key]!);
    else out[s.key] = s.required || rng() < 0.7 ? pick(rng, NOTES) : '';
    if (v2 && out[s.key]) out[s.key] += '（已按审核意见补充完善）';
  }
  return out;
}

/** What happens to one school's report of one past period. */
type Fate = 'approved' | 'late_approved' | 'returned_resubmitted' | 'returned' | 'awaiting' | 'late_awaiting' | 'missing' | 'missing_draft';

function fateOf(rng: Rng, recent: boolean, lateAccepted: boolean): Fate {
  const x = rng();
  let f: Fate;
  if (x < 0.05) f = 'missing';
  else if (x < 0.07) f = 'missing_draft';
  else if (x < 0.15) f = 'late_approved';
  else if (x < 0.21) f = 'returned_resubmitted';
  else f = 'approved';
  // The latest past period still has reports waiting for the bureau, and one returned.
  if (recent) {
    const y = rng();
    if (y < 0.25) f = f === 'late_approved' ? 'late_awaiting' : 'awaiting';
    else if (y < 0.3) f = 'returned';
  }
  if (!lateAccepted && (f === 'late_approved' || f === 'late_awaiting')) f = 'missing';
  return f;
}

export async function seedReportHistory(trx: Trx, now: Date = new Date(), seed = 20_261_113): Promise<ReportHistoryResult> {
  const t0 = Date.now();
  const rng = mulberry32(seed);
  const today = shanghaiDate(now);
  const bureau = await trx.selectFrom('unit').select(['id', sql<string>`path::text`.as('path')]).where('kind', '=', 'bureau').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const types = (await trx
    .selectFrom('report_type')
    .select(['id', 'code', 'period_kind', 'due_rule', 'period_numbers', 'reviewer', 'late_accepted', 'template', sql<string>`starts_on::text`.as('starts_on')])
    .where('bureau_unit_id', '=', bureau.id)
    .where('status', '=', 'active')
    .where('submitter_kind', '=', 'school')
    .orderBy('id')
    .execute()) as unknown as TypeRow[];
  const schools = (await trx
    .selectFrom('unit')
    .select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'school')
    .where('status', '=', 'active')
    .where(sql<boolean>`path <@ ${bureau.path}::ltree`)
    .orderBy('id')
    .execute()) as SchoolRow[];
  const reviewer = await trx.selectFrom('app_user').select(['id', 'role']).where('username', '=', 'wujiawei').executeTakeFirst()
    ?? (await trx.selectFrom('app_user').select(['id', 'role']).where('unit_id', '=', bureau.id).where('role', '=', 'bureau_staff').orderBy('id').limit(1).executeTakeFirstOrThrow());

  // Who submits for each school: its (first) school admin; a login-less one where the ledger seed made none.
  const admins = new Map(
    (await trx.selectFrom('app_user').select(['id', 'unit_id']).where('role', '=', 'school_admin').where('unit_id', 'in', schools.map((s) => s.id)).orderBy('id').execute())
      .reverse()
      .map((u) => [u.unit_id, u.id]),
  );
  const without = schools.filter((s) => !admins.has(s.id));
  if (without.length) {
    const made = await trx
      .insertInto('app_user')
      .values(without.map((s) => ({ username: null, display_name: `${s.name.slice(0, 2)}老师`, title: `${s.name}安全管理员`, role: 'school_admin' as const, unit_id: s.id, password_hash: null })))
      .returning(['id', 'unit_id'])
      .execute();
    for (const u of made) admins.set(u.unit_id, u.id);
  }
  // For types the team reviews: a member of a team covering the school.
  const teamReviewer = new Map(
    (await sql<{ school_unit_id: string; user_id: string }>`
      SELECT DISTINCT ON (ts.school_unit_id) ts.school_unit_id, m.user_id
        FROM supervision_team_school ts JOIN supervision_team t ON t.id = ts.team_id AND t.status = 'active'
        JOIN supervision_team_member m ON m.team_id = t.id JOIN app_user u ON u.id = m.user_id AND u.role = 'team_member'
       ORDER BY ts.school_unit_id, t.sort_order, m.sort_order, m.user_id`.execute(trx)).rows.map((r) => [r.school_unit_id, r.user_id]),
  );

  const [y, m] = today.split('-').map(Number) as [number, number];
  const back = y * 12 + (m - 1) - (MONTHS - 1);
  const from = `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}-01`;
  const firstCheckWeek = (await sql<{ d: string | null }>`SELECT min(active_from)::text AS d FROM inspection_point WHERE unit_path <@ ${bureau.path}::ltree`.execute(trx)).rows[0]?.d;

  let submissions = 0;
  let versions = 0;
  let reviews = 0;
  const contentSeconds: Record<string, number> = {};
  for (const t of types) {
    if (t.period_kind === 'weekly' && firstCheckWeek) {
      // The last three full weeks of checks: each weekly report is the inspections feature's
      // whole roll-up computation, the dearest content to build, and the seed must stay quick.
      const threeWeeksBack = addDays(periodContaining('weekly', today).start, -21);
      const monday = periodContaining('weekly', firstCheckWeek > threeWeeksBack ? firstCheckWeek : threeWeeksBack).start;
      await trx.updateTable('report_type').set({ starts_on: monday }).where('id', '=', t.id).execute();
      t.starts_on = monday;
    }
    const schedule = { periodKind: t.period_kind, dueRule: t.due_rule, periodNumbers: t.period_numbers, startsOn: t.starts_on, endsOn: null };
    // Twelve months for the monthly list (the current one open); the year's summaries from a month earlier, so last year's annual summary is in.
    const periods = reportPeriodsBetween(schedule, t.period_kind === 'monthly' || t.period_kind === 'weekly' ? from : addDays(from, -31), today);
    const past = periods.filter((p) => dueDeadline(p.dueDate).getTime() <= now.getTime());
    const open = periods.filter((p) => dueDeadline(p.dueDate).getTime() > now.getTime());
    const lastPast = past[past.length - 1]?.key;

    type Plan = {
      school: SchoolRow;
      period: ReportPeriod;
      state: 'draft' | 'submitted' | 'late' | 'returned' | 'approved';
      versions: { at: Date; late: boolean; narrative: Record<string, string> }[];
      reviews: { versionNo: number; decision: 'approve' | 'return'; comment: string; at: Date }[];
      draft: Record<string, string>;
    };
    const plans: Plan[] = [];
    for (const s of schools) {
      let previous: Record<string, string> | null = null;
      for (const p of past) {
        const fate = fateOf(rng, p.key === lastPast, t.late_accepted);
        if (fate === 'missing') continue;
        const deadline = dueDeadline(p.dueDate).getTime();
        const dueDay = p.dueDate;
        if (fate === 'missing_draft') {
          plans.push({ school: s, period: p, state: 'draft', versions: [], reviews: [], draft: narrativeOf(t.template, rng, previous, false) });
          continue;
        }
        const late = fate === 'late_approved' || fate === 'late_awaiting';
        // On time: within the last days before the deadline (not before the period began); late: up to a week after.
        const earliest = p.end < dueDay ? p.end : p.start;
        let day = late ? addDays(dueDay, 1 + Math.floor(rng() * 6)) : addDays(dueDay, -Math.floor(rng() * 5));
        if (day < earliest) day = earliest;
        let first = at(day, rng);
        if (!late && first.getTime() >= deadline) first = new Date(deadline - 3600_000);
        if (first.getTime() > now.getTime()) first = new Date(now.getTime() - 3600_000);
        const n1 = narrativeOf(t.template, rng, previous, false);
        const plan: Plan = { school: s, period: p, state: late ? 'late' : 'submitted', versions: [{ at: first, late: first.getTime() >= deadline, narrative: n1 }], reviews: [], draft: n1 };
        const later = (d: Date, days: number) => at(addDays(shanghaiDate(d), days), rng);
        if (fate === 'approved' || fate === 'late_approved') plan.reviews.push({ versionNo: 1, decision: 'approve', comment: '', at: later(first, 1 + Math.floor(rng() * 4)) });
        if (fate === 'returned' || fate === 'returned_resubmitted') {
          const ret = later(first, 1 + Math.floor(rng() * 3));
          plan.reviews.push({ versionNo: 1, decision: 'return', comment: pick(rng, RETURN_COMMENTS), at: ret });
          if (fate === 'returned_resubmitted') {
            const again = later(ret, 1 + Math.floor(rng() * 3));
            const n2 = narrativeOf(t.template, rng, previous, true);
            plan.versions.push({ at: again, late: again.getTime() >= deadline, narrative: n2 });
            plan.draft = n2;
            plan.reviews.push({ versionNo: 2, decision: 'approve', comment: '', at: later(again, 1 + Math.floor(rng() * 3)) });
          }
        }
        // Anything that would lie in the future has not happened yet: the report waits for review.
        plan.versions = plan.versions.filter((v) => v.at.getTime() <= now.getTime());
        plan.reviews = plan.reviews.filter((r) => r.at.getTime() <= now.getTime() && r.versionNo <= plan.versions.length);
        const lastReview = plan.reviews[plan.reviews.length - 1];
        const lastVersion = plan.versions[plan.versions.length - 1]!;
        // As the workflow stores it: reviewed (approved, returned), else submitted or late by the latest version's time.
        plan.state = lastReview && lastReview.versionNo === plan.versions.length ? (lastReview.decision === 'approve' ? 'approved' : 'returned') : lastVersion.late ? 'late' : 'submitted';
        previous = plan.versions[plan.versions.length - 1]!.narrative;
        plans.push(plan);
      }
      // The current period: not started, or a draft being prepared; 华润小学 not started.
      for (const p of open) {
        if (s.name === '华润小学' || today < p.start || rng() < 0.6) continue;
        plans.push({ school: s, period: p, state: 'draft', versions: [], reviews: [], draft: narrativeOf(t.template, rng, previous, false) });
      }
    }

    // Frozen content: the feature's builder as of each version's submission time.
    // The builder reads "as of" the submission day capped at the period's end, so two versions
    // sent after the period ended froze the same figures: built once.
    const contents = new Map<Plan, Record<string, unknown>[]>();
    const tc = Date.now();
    for (const plan of plans) {
      if (plan.versions.length === 0) continue;
      const ctx = schoolCtx(plan.school, admins.get(plan.school.id)!, now);
      const built = new Map<string, Record<string, unknown>>();
      const list: Record<string, unknown>[] = [];
      for (const v of plan.versions) {
        const day = shanghaiDate(v.at);
        const asOf = day < plan.period.end ? day : plan.period.end;
        const c = built.get(asOf) ?? (await buildAutoContent(trx, ctx, t.template, { kind: 'school', id: plan.school.id, path: plan.school.path }, plan.period, v.at));
        built.set(asOf, c);
        list.push(c);
      }
      contents.set(plan, list);
    }
    contentSeconds[t.code] = (Date.now() - tc) / 1000;

    for (let i = 0; i < plans.length; i += CHUNK) {
      const chunk = plans.slice(i, i + CHUNK);
      const rows = await trx
        .insertInto('report_submission')
        .values(
          chunk.map((p) => {
            const firstV = p.versions[0];
            const lastV = p.versions[p.versions.length - 1];
            const lastR = p.reviews[p.reviews.length - 1];
            const updated = [firstV?.at, lastV?.at, lastR?.at].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime()).pop() ?? now;
            return {
              report_type_id: t.id,
              period_key: p.period.key,
              submitter_kind: 'school' as const,
              unit_id: p.school.id,
              unit_path: p.school.path,
              state: p.state,
              due_date: p.period.dueDate,
              draft_narrative: JSON.stringify(p.draft),
              draft_saved_at: firstV?.at ?? updated,
              draft_saved_by: admins.get(p.school.id)!,
              current_version: p.versions.length,
              first_submitted_at: firstV?.at ?? null,
              on_time: firstV ? !firstV.late : null,
              submitted_at: lastV?.at ?? null,
              reviewed_at: lastR?.at ?? null,
              reviewed_by: lastR ? reviewerOf(t, p.school.id, teamReviewer, reviewer.id) : null,
              version: 1 + p.versions.length + p.reviews.length,
              created_at: firstV ? new Date(firstV.at.getTime() - 86_400_000) : updated,
              updated_at: updated,
            };
          }),
        )
        .returning(['id', 'unit_id', 'period_key'])
        .execute();
      const idOf = new Map(rows.map((r) => [`${r.unit_id}/${r.period_key}`, r.id]));
      const vRows = chunk.flatMap((p) =>
        p.versions.map((v, k) => ({
          submission_id: idOf.get(`${p.school.id}/${p.period.key}`)!,
          version_no: k + 1,
          content: JSON.stringify(contents.get(p)![k]),
          narrative: JSON.stringify(v.narrative),
          submitted_by: admins.get(p.school.id)!,
          submitted_at: v.at,
          late: v.late,
        })),
      );
      if (vRows.length) await trx.insertInto('report_submission_version').values(vRows).execute();
      const rRows = chunk.flatMap((p) =>
        p.reviews.map((r) => {
          const by = reviewerOf(t, p.school.id, teamReviewer, reviewer.id);
          return {
            submission_id: idOf.get(`${p.school.id}/${p.period.key}`)!,
            version_no: r.versionNo,
            decision: r.decision,
            comment: r.comment,
            reviewer_user_id: by,
            reviewer_role: by === reviewer.id ? reviewer.role : 'team_member',
            at: r.at,
          };
        }),
      );
      if (rRows.length) await trx.insertInto('report_review').values(rRows).execute();
      submissions += chunk.length;
      versions += vRows.length;
      reviews += rRows.length;
    }
  }
  return { submissions, versions, reviews, seconds: (Date.now() - t0) / 1000, contentSeconds };
}

const reviewerOf = (t: TypeRow, schoolId: string, team: Map<string, string>, bureauStaff: string) => (t.reviewer === 'team' ? (team.get(schoolId) ?? bureauStaff) : bureauStaff);

/** The school's own context, as its admin would have submitted: the builder reads within the school's scope. */
function schoolCtx(s: SchoolRow, adminId: string, now: Date): RequestContext {
  return {
    actor: { userId: adminId, username: '', displayName: '', role: 'school_admin', unitId: s.id, unitPath: s.path, departmentId: null },
    scope: { unitPaths: [s.path] },
    ip: '127.0.0.1',
    requestId: 'demo-report-history',
    reauthAt: now,
  };
}
