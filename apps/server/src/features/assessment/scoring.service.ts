/**
 * Scores of a scheme per school for its year: each indicator's raw value read from the platform's
 * records over the caller's scope, the points the scheme's rule gives it (domain scoreIndicator),
 * the evidence behind it (numerator, denominator, the parts, a link to the records with the same
 * filters), manual items from the bureau's scores with their reasons, the total and the rank
 * among the schools the caller sees. The bureau's figures are final; a school's self-score sits
 * beside them.
 */
import {
  dueDeadline,
  INDICATOR_CATALOGUE,
  isComputedIndicator,
  manualScoreProblems,
  owedPeriods,
  rankByTotal,
  reportPeriodsBetween,
  roundPoints,
  scoreIndicator,
  type ComputedIndicator,
  type SchemeIndicator,
} from '@xiaoan/domain';
import type { EvidenceLink, IndicatorScore, ManualScoreBody, SchemeScores, SchoolCard, SchoolScore } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { loadFilesInScope } from '../files/index.js';
import { findActiveReportTypes, findCampaignStages, findExpected, scheduleOf } from '../reports/index.js';
import {
  findChecksDone,
  findHazardFigures,
  findManualScores,
  findPoints,
  findSchools,
  findSelfAssessments,
  findSupervisionFigures,
  findTaskFigures,
  upsertManualScore,
  type ManualScoreRow,
  type SchemeRow,
  type SchoolRow,
} from './assessment.repository.js';
import { loadScheme, requireManager, toScheme, windowOf } from './assessment.service.js';
import { toSelfAssessment } from './self-assessment.service.js';

type Figure = { value: number | null; numerator: number | null; denominator: number | null; parts: { label: string; count: number }[]; links: EvidenceLink[] };
type Window = { from: string; to: string; today: string };

const rate = (num: number, den: number) => (den === 0 ? null : num / den);

/** A rate's figure: `num` of `den`, shown as the two counts (denominator first), any further parts, and the link to its records. */
function rateFigure(num: number, den: number, labels: { den: string; num: string }, link: EvidenceLink, more: Figure['parts'] = []): Figure {
  return { value: rate(num, den), numerator: num, denominator: den, parts: [{ label: labels.den, count: den }, { label: labels.num, count: num }, ...more], links: [link] };
}

/** The raw figures of every computed indicator the scheme uses, per school. */
async function computeFigures(db: DbOrTrx, ctx: RequestContext, s: SchemeRow, schools: readonly SchoolRow[], w: Window, now: Date): Promise<Map<ComputedIndicator, Map<string, Figure>>> {
  const used = new Set(s.indicators.flatMap((i) => (i.kind === 'computed' && isComputedIndicator(i.indicator) ? [i.indicator] : [])));
  const ids = schools.map((x) => x.id);
  const out = new Map<ComputedIndicator, Map<string, Figure>>();
  const put = (k: ComputedIndicator, f: (id: string) => Figure) => out.set(k, new Map(ids.map((id) => [id, f(id)])));
  const schoolSide = ctx.actor.role === 'school_admin' || ctx.actor.role === 'school_staff';

  if (used.has('rectification_rate') || used.has('overdue_hazards')) {
    const h = await findHazardFigures(db, ctx.scope, ids, w.from, w.to, w.today);
    const zero = { found: 0, closed: 0, openOverdue: 0, closedLate: 0 };
    put('rectification_rate', (id) => {
      const x = h.get(id) ?? zero;
      return rateFigure(x.closed, x.found, { den: '发现隐患（不含不予登记）', num: '已销号' }, { label: '隐患台账（当年发现）', path: '/hazards', query: { school: id, from: w.from, to: w.to } });
    });
    put('overdue_hazards', (id) => {
      const x = h.get(id) ?? zero;
      return {
        value: x.openOverdue + x.closedLate,
        numerator: null,
        denominator: null,
        parts: [
          { label: '逾期未整改', count: x.openOverdue },
          { label: '逾期后才销号', count: x.closedLate },
        ],
        links: [{ label: '逾期隐患', path: '/hazards', query: { school: id, overdue: '1' } }],
      };
    });
  }

  if (used.has('supervision_rectified')) {
    const v = await findSupervisionFigures(db, ctx.scope, ids, w.from, w.to);
    put('supervision_rectified', (id) => {
      const x = v.get(id) ?? { findings: 0, closed: 0 };
      return rateFigure(x.closed, x.findings, { den: '督查反馈问题', num: '已销号' }, { label: '督查发现的隐患', path: '/hazards', query: { school: id, source: 'supervision,spot,unannounced', from: w.from, to: w.to } });
    });
  }

  if (used.has('campaign_tasks_on_time')) {
    const t = await findTaskFigures(db, ctx.scope, ids, w.from, w.to);
    put('campaign_tasks_on_time', (id) => {
      const x = t.get(id) ?? { due: 0, onTime: 0 };
      return rateFigure(x.onTime, x.due, { den: '已到期的专项任务', num: '按期完成' }, { label: '专项整治任务', path: '/campaigns', query: {} });
    });
  }

  if (used.has('daily_check_completion')) {
    const points = await findPoints(db, ctx.scope, ids, w.from, w.to);
    const owed = new Map<string, number>();
    const memo = new Map<string, number>();
    for (const p of points) {
      const key = `${p.frequency}|${p.active_from}|${p.retired_on ?? ''}`;
      let n = memo.get(key);
      if (n === undefined) {
        n = w.to < w.from ? 0 : owedPeriods({ frequency: p.frequency, activeFrom: p.active_from, retiredOn: p.retired_on }, w.from, w.to, w.today).length;
        memo.set(key, n);
      }
      owed.set(p.school_id, (owed.get(p.school_id) ?? 0) + n);
    }
    const done = await findChecksDone(db, [...new Set(points.map((p) => p.unit_id))], w.from, w.to);
    put('daily_check_completion', (id) => {
      const o = owed.get(id) ?? 0;
      const d = Math.min(done.get(id) ?? 0, o);
      return rateFigure(d, o, { den: '应查（点位 × 期次）', num: '已查' }, { label: '检查完成情况', path: '/inspections', query: (schoolSide ? { tab: 'due' } : { tab: 'completion', schoolId: id }) as Record<string, string> });
    });
  }

  if (used.has('report_on_time_rate')) {
    const tally = new Map<string, { expected: number; onTime: number }>();
    for (const t of await findActiveReportTypes(db)) {
      if (t.bureau_unit_id !== s.bureau_unit_id || t.submitter_kind !== 'school') continue;
      const stages = t.period_kind === 'stage' && t.campaign_id ? await findCampaignStages(db, t.campaign_id) : [];
      // The periods due within the window whose deadline has passed: only those can be judged.
      const periods = reportPeriodsBetween(scheduleOf(t, stages), `${s.year - 1}-01-01`, w.to).filter(
        (p) => p.dueDate >= w.from && p.dueDate <= w.to && dueDeadline(p.dueDate) <= now,
      );
      if (!periods.length) continue;
      for (const r of await findExpected(db, ctx.scope, t, periods, {}, { bureauInScope: false, ownTeamIds: [] })) {
        const x = tally.get(r.unit_id) ?? { expected: 0, onTime: 0 };
        x.expected++;
        if (r.first_submitted_at && r.on_time === true) x.onTime++;
        tally.set(r.unit_id, x);
      }
    }
    put('report_on_time_rate', (id) => {
      const x = tally.get(id) ?? { expected: 0, onTime: 0 };
      return rateFigure(x.onTime, x.expected, { den: '应报（截止日已过）', num: '按时报送' }, { label: '上报情况', path: schoolSide ? '/reports' : '/reports/manage', query: {} }, [
        { label: '逾期或未报', count: x.expected - x.onTime },
      ]);
    });
  }
  return out;
}

function scoreOf(i: SchemeIndicator, figure: Figure | undefined, manual: ManualScoreRow | undefined): IndicatorScore {
  const base = { reason: null, evidenceText: null, fileIds: [] as string[], enteredAt: null, enteredBy: null };
  if (i.kind === 'manual') {
    return {
      key: i.key,
      name: i.name,
      kind: 'manual',
      weight: i.weight,
      value: manual ? manual.points : null,
      points: manual ? roundPoints(Math.min(i.weight, manual.points)) : 0,
      pending: !manual,
      evidence: {
        numerator: null,
        denominator: null,
        parts: [],
        text: manual ? manual.reason : '教育局尚未评分（按 0 分计）',
        links: [],
        reason: manual?.reason ?? null,
        evidenceText: manual?.evidence || null,
        fileIds: manual?.file_ids ?? [],
        enteredAt: manual?.entered_at.toISOString() ?? null,
        enteredBy: manual?.entered_by_name ?? null,
      },
    };
  }
  const info = isComputedIndicator(i.indicator) ? INDICATOR_CATALOGUE[i.indicator] : null;
  const f = figure ?? { value: null, numerator: null, denominator: null, parts: [], links: [] };
  const points = info ? scoreIndicator(info, i.rule, i.weight, f.value) : 0;
  const noData = f.value === null ? `（无可计算的数据，按${info?.whenNoData === 'full' ? '满分' : '0 分'}计）` : '';
  return {
    key: i.key,
    name: i.name,
    kind: 'computed',
    weight: i.weight,
    value: f.value === null ? null : Math.round(f.value * 10000) / 10000,
    points,
    pending: false,
    evidence: { numerator: f.numerator, denominator: f.denominator, parts: f.parts, text: `${info?.definition ?? ''}${noData}`, links: f.links, ...base },
  };
}

/** Every visible school's scores for the scheme, ranked. */
export async function scoreSchools(db: DbOrTrx, ctx: RequestContext, s: SchemeRow, now: Date, schoolId?: string): Promise<{ w: Window; items: SchoolScore[] }> {
  const w = windowOf(s.year, now);
  const schools = await findSchools(db, ctx.scope, s.bureau_unit_path);
  const figures = await computeFigures(db, ctx, s, schools, w, now);
  const manual = await findManualScores(db, ctx.scope, s.id, schools.map((x) => x.id));
  const manualOf = new Map(manual.map((m) => [`${m.school_id}/${m.indicator_key}`, m]));
  const selfs = new Map((await findSelfAssessments(db, ctx.scope, s.id)).map((a) => [a.school_id, a]));
  const rows = schools.map((school) => {
    const indicators = s.indicators.map((i) => scoreOf(i, i.kind === 'computed' && isComputedIndicator(i.indicator) ? figures.get(i.indicator)?.get(school.id) : undefined, manualOf.get(`${school.id}/${i.key}`)));
    const self = selfs.get(school.id);
    return {
      name: school.name,
      total: roundPoints(indicators.reduce((a, x) => a + x.points, 0)),
      school: { id: school.id, name: school.name },
      areaName: school.area_name,
      indicators,
      selfAssessment: self ? { id: self.id, state: self.state, selfTotal: roundPoints(self.items.reduce((a, x) => a + x.selfScore, 0)) } : null,
    };
  });
  const ranked = rankByTotal(rows).map(({ name: _name, ...r }) => r);
  return { w, items: schoolId ? ranked.filter((r) => r.school.id === schoolId) : ranked };
}

export async function schemeScores(db: DbOrTrx, ctx: RequestContext, id: string, q: { schoolId?: string }, now = new Date()): Promise<SchemeScores> {
  const s = await loadScheme(db, ctx, id);
  const { w, items } = await scoreSchools(db, ctx, s, now, q.schoolId);
  return { scheme: { id: s.id, year: s.year, name: s.name, totalPoints: s.total_points }, from: w.from, to: w.to, items, total: items.length };
}

/** The school the caller means: its own for a school's users, else the one asked for. */
function schoolOfCaller(ctx: RequestContext, schoolId: string | undefined): string {
  if (ctx.actor.role === 'school_admin' || ctx.actor.role === 'school_staff') return schoolId ?? ctx.actor.unitId;
  if (!schoolId) throw invalid('schoolId: 请选择学校', ['schoolId: 必填']);
  return schoolId;
}

/** One school's card: its score with the evidence, and its self-assessment beside it. */
export async function schoolCard(db: DbOrTrx, ctx: RequestContext, id: string, q: { schoolId?: string }, now = new Date()): Promise<SchoolCard> {
  const s = await loadScheme(db, ctx, id);
  const schoolId = schoolOfCaller(ctx, q.schoolId);
  const { w, items } = await scoreSchools(db, ctx, s, now, schoolId);
  const score = items[0];
  if (!score) throw notFound('学校');
  const self = (await findSelfAssessments(db, ctx.scope, s.id)).find((a) => a.school_id === schoolId);
  return { scheme: toScheme(ctx, s), score, from: w.from, to: w.to, selfAssessment: self ? toSelfAssessment(ctx, s, self) : null };
}

/** The bureau's score of a manual item for one school, with the reason (加分/扣分) and evidence. */
export async function enterManualScore(db: Db, ctx: RequestContext, id: string, body: ManualScoreBody, now = new Date()): Promise<SchoolCard> {
  const s = await loadScheme(db, ctx, id);
  requireManager(ctx, s, '录入考核评分');
  const [school] = await findSchools(db, ctx.scope, s.bureau_unit_path, body.schoolId);
  if (!school) throw notFound('学校');
  const ind = s.indicators.find((i) => i.key === body.indicatorKey);
  if (!ind) throw invalid(`indicatorKey: 方案中没有“${body.indicatorKey}”这项指标`, [`indicatorKey: 未知的指标 ${body.indicatorKey}`]);
  if (ind.kind !== 'manual') throw invalid(`indicatorKey: “${ind.name}”由平台数据计算，不能手工评分`, [`indicatorKey: ${ind.key} 为数据指标`]);
  const problems = manualScoreProblems(ind.weight, body.points, body.reason);
  if (problems.length) throw invalid(problems[0]!, problems);
  const fileIds = [...new Set(body.fileIds ?? [])];
  if (fileIds.length) await loadFilesInScope(db, ctx.scope, fileIds);
  await runCommand(db, ctx, {}, async (trx, emit) => {
    await upsertManualScore(trx, {
      schemeId: s.id,
      schoolId: school.id,
      schoolPath: school.path,
      indicatorKey: ind.key,
      points: roundPoints(body.points),
      reason: body.reason.trim(),
      evidence: (body.evidence ?? '').trim(),
      fileIds,
      enteredBy: ctx.actor.userId,
    });
    await emit({ action: 'assessment.manual_score', objectType: 'assessment_scheme', objectId: s.id, details: { schoolId: school.id, indicatorKey: ind.key, points: roundPoints(body.points), weight: ind.weight } });
  });
  return schoolCard(db, ctx, id, { schoolId: school.id }, now);
}

