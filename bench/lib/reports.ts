// Reporting upward (上报) at province scale: every district gets the seeds' four report types
// (monthly hazard list, weekly roll-up, quarterly and annual summaries) for three years, and
// every school its submissions — mostly approved, some late, returned and resubmitted, a few
// drafts and missing — with versions carrying realistic frozen content, all by streaming COPY.
// Then the scenarios: a district's completeness matrix for a year (monthly and weekly), the
// province's rates per district for a month (plain SQL: no route spans districts), and a
// district's monthly .xlsx roll-up (time, bytes, server RSS).
import fs from 'node:fs';
import pg from 'pg';
import {
  HAZARD_DOMAINS,
  REPORT_TEMPLATES,
  addDays,
  dueDeadline,
  reportPeriodsBetween,
  scheduleText,
  shanghaiDate,
  type DueRule,
  type ReportPeriod,
  type ReportPeriodKind,
  type Role,
} from '@xiaoan/domain';
import type { Db } from '../../apps/server/src/db/database.js';
import type { RequestContext } from '../../apps/server/src/http/context.js';
import { completeness, completenessMatrix } from '../../apps/server/src/features/reports/completeness.service.js';
import { closeRollupCursor, declareRollupCursor, fetchRollupBatch } from '../../apps/server/src/features/reports/report-documents.repository.js';
import { CopyWriter } from './copy.js';
import type { Org } from './org.js';
import type { Rng } from './names.js';
import { replay, type Recorder, type Statement } from './sqlreplay.js';
import { readScenario } from './read-scenario.js';
import type { Login, Scenario } from './run-config.js';
import { summarize, type Summary } from './stats.js';

export type ReportLoad = { types: number; submissions: number; versions: number; expected: number; years: number; periodsPerSchool: Record<string, number> };

/** BENCH_REPORTS=0 leaves reporting out of the dataset; BENCH_REPORT_YEARS (3) how many years back. */
export const reportSizes = () => ({ enabled: process.env.BENCH_REPORTS !== '0', years: Number(process.env.BENCH_REPORT_YEARS || 3) });

type BenchType = { code: string; name: string; periodKind: ReportPeriodKind; dueRule: DueRule; periodNumbers: number[]; lateAccepted: boolean; template: readonly unknown[] };
export const BENCH_REPORT_TYPES: readonly BenchType[] = [
  { code: 'monthly-hazard-list', name: '每月隐患问题清单', periodKind: 'monthly', dueRule: { kind: 'day_of_next_month', day: 1 }, periodNumbers: [], lateAccepted: true, template: REPORT_TEMPLATES.monthlyHazardList },
  { code: 'weekly-check-rollup', name: '每周自查汇总', periodKind: 'weekly', dueRule: { kind: 'after_end', days: 1 }, periodNumbers: [], lateAccepted: true, template: REPORT_TEMPLATES.weeklyRollup },
  { code: 'quarterly-summary', name: '季度安全工作总结', periodKind: 'quarterly', dueRule: { kind: 'day_of_last_month', day: 15 }, periodNumbers: [1, 2, 3], lateAccepted: false, template: REPORT_TEMPLATES.summary },
  { code: 'annual-summary', name: '年度安全工作总结', periodKind: 'yearly', dueRule: { kind: 'month_day', month: 12, day: 15 }, periodNumbers: [], lateAccepted: true, template: REPORT_TEMPLATES.summary },
];

const SUB_COLUMNS = [
  'id', 'report_type_id', 'period_key', 'submitter_kind', 'unit_id', 'unit_path', 'state', 'due_date', 'draft_narrative', 'current_version',
  'first_submitted_at', 'on_time', 'submitted_at', 'reviewed_at', 'reviewed_by', 'version', 'created_at', 'updated_at',
];
const VERSION_COLUMNS = ['submission_id', 'version_no', 'content', 'narrative', 'submitted_by', 'submitted_at', 'late'];

const TITLES = ['灭火器压力不足', '疏散指示灯损坏', '楼梯扶手松动', '食堂燃气软管老化', '配电箱未上锁', '围墙局部开裂', '监控探头离线', '实验室药品台账不全', '消防通道堆放杂物', '校门口减速带缺失', '宿舍插座私拉乱接', '操场护栏锈蚀'];
const LOCATIONS = ['教学楼一楼', '教学楼三楼东侧', '食堂操作间', '行政楼配电房', '学校南门', '操场', '实验楼二楼', '学生宿舍'];
const NOTES = ['本月隐患已全部登记，整改按计划推进。', '本月开展安全大检查一次，问题已落实责任人。', '一般隐患已按期整改销号。'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const iso = (d: Date) => d.toISOString();
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

function monthlyContent(rng: Rng, p: ReportPeriod, asOf: string): string {
  const n = Math.floor(rng() * rng() * 14);
  const counts = { new: 0, rectifying: 0, closed: 0, overdue: 0 };
  const rows = [];
  for (let i = 0; i < n; i++) {
    const found = addDays(p.start, Math.floor(rng() * 27));
    const cat = rng() < 0.45 ? 'closed' : rng() < 0.15 ? 'overdue' : rng() < 0.6 ? 'new' : 'rectifying';
    counts[cat as keyof typeof counts]++;
    rows.push({
      hazardId: String(1_000_000 + Math.floor(rng() * 9_000_000)),
      title: pick(rng, TITLES),
      domain: pick(rng, HAZARD_DOMAINS),
      grade: rng() < 0.04 ? 'major' : 'general',
      location: pick(rng, LOCATIONS),
      owner: '王校长',
      state: cat === 'closed' ? 'closed' : 'rectifying',
      foundAt: found,
      dueDate: addDays(found, 30),
      closedOn: cat === 'closed' ? addDays(found, 10) : null,
      isNew: true,
      category: cat,
    });
  }
  return JSON.stringify({ hazards: { asOf, counts, rows } });
}

function contentOf(code: string, rng: Rng, p: ReportPeriod, asOf: string): string {
  if (code === 'monthly-hazard-list') return monthlyContent(rng, p, asOf);
  if (code === 'weekly-check-rollup') {
    const owed = 60 + Math.floor(rng() * 60);
    const done = Math.round(owed * (0.8 + rng() * 0.2));
    return JSON.stringify({ checks: { week: { key: p.key, start: p.start, end: p.end }, owed, done, missed: owed - done, rate: done / owed, inspections: done, failedItems: Math.floor(rng() * 4), hazardsRaised: 0, missedChecks: [], failures: [] } });
  }
  return JSON.stringify({ counts: { asOf, hazardsFound: Math.floor(rng() * 30), majorHazards: 0, hazardsClosed: Math.floor(rng() * 25), hazardsOpen: Math.floor(rng() * 6), hazardsOverdue: Math.floor(rng() * 2), inspections: Math.floor(rng() * 900), failedItems: Math.floor(rng() * 40), visits: Math.floor(rng() * 4) } });
}

function narrativeOf(code: string, rng: Rng): string {
  if (code === 'monthly-hazard-list' || code === 'weekly-check-rollup') return JSON.stringify({ note: pick(rng, NOTES) });
  return JSON.stringify({ last_plan: '上阶段计划已基本落实。', awareness: '领导重视，责任落实。', capability: '组织演练两次。', measures: '落实每日一自查、每周一汇总、每月一上报。', results: '隐患按期整改率九成以上。', next_goals: '巩固整治成果。' });
}

/**
 * Report types per district, then every school's submissions and versions by two concurrent
 * COPY streams (the ids are given, so versions reference them without a read back).
 */
export async function loadReports(pool: pg.Pool, org: Org, rng: Rng, opts: { years: number }, say: (m: string) => void, now = new Date()): Promise<ReportLoad> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const startsOn = `${year - opts.years + 1}-01-01`;
  const c0 = await pool.connect();
  const typeIds = new Map<string, number>();
  try {
    await c0.query(`UPDATE unit SET reporting_from = $1`, [`${year - opts.years}-01-01`]);
    for (const d of org.districts) {
      for (const t of BENCH_REPORT_TYPES) {
        const r = await c0.query<{ id: string }>(
          `INSERT INTO report_type (bureau_unit_id, bureau_unit_path, code, name, period_kind, due_rule, period_numbers, submitter_kind, reviewer, template, late_accepted, starts_on, rule_text, created_by)
           VALUES ($1, $2::ltree, $3, $4, $5, $6, $7, 'school', 'bureau', $8, $9, $10, $11, $12) RETURNING id`,
          [d.bureauId, String(d.bureauId), t.code, t.name, t.periodKind, JSON.stringify(t.dueRule), t.periodNumbers, JSON.stringify(t.template), t.lateAccepted, startsOn,
            scheduleText({ periodKind: t.periodKind, dueRule: t.dueRule, periodNumbers: t.periodNumbers }), d.staffUserIds[0]],
        );
        typeIds.set(`${d.index}/${t.code}`, Number(r.rows[0]!.id));
      }
    }
  } finally {
    c0.release();
  }
  const periods = new Map(
    BENCH_REPORT_TYPES.map((t) => [t.code, reportPeriodsBetween({ periodKind: t.periodKind, dueRule: t.dueRule, periodNumbers: t.periodNumbers, startsOn, endsOn: null }, startsOn, today)]),
  );
  const [cs, cv] = await Promise.all([pool.connect(), pool.connect()]);
  let id = 0;
  let versions = 0;
  let expected = 0;
  try {
    for (const c of [cs, cv]) await c.query('SET synchronous_commit = off');
    const ws = new CopyWriter(cs, 'report_submission', SUB_COLUMNS);
    const wv = new CopyWriter(cv, 'report_submission_version', VERSION_COLUMNS);
    const t0 = performance.now();
    let lastLog = t0;
    for (const d of org.districts) {
      const reviewer = d.staffUserIds[0]!;
      for (const t of BENCH_REPORT_TYPES) {
        const typeId = typeIds.get(`${d.index}/${t.code}`)!;
        for (const p of periods.get(t.code)!) {
          const deadline = dueDeadline(p.dueDate).getTime();
          const past = deadline <= now.getTime();
          for (const s of d.schools) {
            expected++;
            const x = rng();
            if (!past) {
              // The current period: not started, or a draft.
              if (x < 0.6) continue;
              await ws.write([++id, typeId, p.key, 'school', s.id, s.path, 'draft', p.dueDate, narrativeOf(t.code, rng), 0, null, null, null, null, null, 1, iso(at(p.start, 9)), iso(at(p.start, 9))]);
              continue;
            }
            if (x < 0.05) continue; // missing
            if (x < 0.07) {
              await ws.write([++id, typeId, p.key, 'school', s.id, s.path, 'draft', p.dueDate, narrativeOf(t.code, rng), 0, null, null, null, null, null, 1, iso(at(p.end, 9)), iso(at(p.end, 9))]);
              continue;
            }
            const late = x < 0.15 && t.lateAccepted;
            const resubmitted = x >= 0.15 && x < 0.2;
            const day = late ? addDays(p.dueDate, 1 + Math.floor(rng() * 5)) : addDays(p.dueDate, -Math.floor(rng() * 4));
            const first = new Date(Math.min(at(day < p.start ? p.start : day, 10 + Math.floor(rng() * 8)).getTime(), late ? Infinity : deadline - 3600_000, now.getTime() - 3600_000));
            const lastAt = resubmitted ? new Date(first.getTime() + 2 * 86_400_000) : first;
            const reviewed = new Date(lastAt.getTime() + (1 + Math.floor(rng() * 3)) * 86_400_000);
            const done = reviewed.getTime() <= now.getTime();
            const nVersions = resubmitted && lastAt.getTime() <= now.getTime() ? 2 : 1;
            const state = done ? 'approved' : first.getTime() >= deadline ? 'late' : 'submitted';
            const narrative = narrativeOf(t.code, rng);
            const sid = ++id;
            await ws.write([
              sid, typeId, p.key, 'school', s.id, s.path, state, p.dueDate, narrative, nVersions, iso(first), first.getTime() < deadline, iso(nVersions === 2 ? lastAt : first),
              done ? iso(reviewed) : null, done ? reviewer : null, 1 + nVersions + (done ? 1 : 0), iso(new Date(first.getTime() - 86_400_000)), iso(done ? reviewed : lastAt),
            ]);
            const asOf = p.end < today ? p.end : today;
            for (let v = 1; v <= nVersions; v++) {
              const vAt = v === 1 ? first : lastAt;
              await wv.write([sid, v, contentOf(t.code, rng, p, asOf), narrative, s.adminUserId, iso(vAt), vAt.getTime() >= deadline]);
              versions++;
            }
          }
        }
      }
      const n = performance.now();
      if (n - lastLog > 15_000) {
        lastLog = n;
        say(`  … ${id.toLocaleString('en')} submissions, ${versions.toLocaleString('en')} versions (${Math.round(id / ((n - t0) / 1000)).toLocaleString('en')}/s)`);
      }
    }
    await Promise.all([ws.end(), wv.end()]);
  } finally {
    cs.release();
    cv.release();
  }
  await pool.query(`SELECT setval(pg_get_serial_sequence('report_submission', 'id'), greatest(1, $1::bigint))`, [id]);
  const perSchool = Object.fromEntries([...periods].map(([k, v]) => [k, v.length]));
  return { types: typeIds.size, submissions: id, versions, expected, years: opts.years, periodsPerSchool: perSchool };
}

// ---------------------------------------------------------------------------------------
// Scenarios

async function typeOf(admin: pg.Pool, bureauId: number, code: string): Promise<string | undefined> {
  return (await admin.query<{ id: string }>('SELECT id FROM report_type WHERE bureau_unit_id = $1 AND code = $2', [bureauId, code])).rows[0]?.id;
}

/** (r1) a district's monthly matrix for a year; (r1b) the weekly one; (r1c) the same monthly year, typical district. */
export async function reportScenarios(rec: Recorder, admin: pg.Pool, bigBureauId: number, typicalBureauId: number, who: { bureau: Login; bureau2: Login }, ctx: { bureau: RequestContext; bureau2: RequestContext }): Promise<Scenario[]> {
  const year = shanghaiDate(new Date()).slice(0, 4);
  const out: Scenario[] = [];
  const add = (key: string, title: string, login: Login, c: RequestContext, typeId: string | undefined, from: string, to: string, describe: string) => {
    if (!typeId) return;
    const path = `/api/report-types/${typeId}/matrix?from=${from}&to=${to}`;
    out.push(readScenario(rec, { key, title, who: login, target: { kind: 'read', p95Ms: 100 }, paths: [path], describe, capture: [(db: Db) => completenessMatrix(db, c, typeId, { from, to })] }));
  };
  const monthly = await typeOf(admin, bigBureauId, 'monthly-hazard-list');
  const weekly = await typeOf(admin, bigBureauId, 'weekly-check-rollup');
  add('r1', "(r1) a district's completeness matrix for a year (monthly)", who.bureau, ctx.bureau, monthly, `${year}-01`, `${year}-12`, `GET /api/report-types/:id/matrix?from=${year}-01&to=${year}-12 (monthly hazard list, the big district)`);
  add('r1b', "(r1b) a district's completeness matrix for a year (weekly, 52 weeks)", who.bureau, ctx.bureau, weekly, `${Number(year) - 1}-W50`, `${year}-W49`, `GET /api/report-types/:id/matrix?from=${Number(year) - 1}-W50&to=${year}-W49 (weekly roll-up, the big district)`);
  add('r1c', "(r1c) a typical district's matrix for a year (monthly)", who.bureau2, ctx.bureau2, await typeOf(admin, typicalBureauId, 'monthly-hazard-list'), `${year}-01`, `${year}-12`, 'as (r1), typical district');
  return out;
}

/** Last month's key (its report is due on the 1st of this month: the roll-up a bureau prints now). */
export function lastMonthKey(now = new Date()): string {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The province's rates per district for one period of the monthly list. Expected and submitted
 * are counted apart: the expected schools of each district (one GiST probe per district's type)
 * and the period's submissions of those types (one range of the (type, period, kind, submitter)
 * unique index per type, each joined to its school for the same "reporting for the whole
 * period" test), so no plan has to match 13,000 schools to 13,000 rows.
 */
export const PROVINCE_RATES_SQL = `
  WITH t AS (SELECT id, bureau_unit_id, bureau_unit_path FROM report_type WHERE code = 'monthly-hazard-list' AND status = 'active'),
  e AS (
    SELECT t.id, count(*) AS expected
      FROM t JOIN unit u ON u.kind = 'school' AND u.path <@ t.bureau_unit_path
       AND u.reporting_from <= $2::date AND (u.disabled_on IS NULL OR u.disabled_on > $3::date)
       AND (u.status = 'active' OR u.disabled_on IS NOT NULL)
     GROUP BY t.id),
  s AS (
    SELECT s.report_type_id AS id,
           count(*) FILTER (WHERE s.current_version > 0) AS submitted,
           count(*) FILTER (WHERE s.on_time) AS on_time,
           count(*) FILTER (WHERE s.current_version > 0 AND NOT s.on_time) AS late
      FROM report_submission s
      JOIN unit u ON u.id = s.unit_id
       AND u.reporting_from <= $2::date AND (u.disabled_on IS NULL OR u.disabled_on > $3::date)
       AND (u.status = 'active' OR u.disabled_on IS NOT NULL)
     WHERE s.report_type_id IN (SELECT id FROM t) AND s.period_key = $1 AND s.submitter_kind = 'school'
     GROUP BY s.report_type_id)
  SELECT b.id, b.name, coalesce(e.expected, 0) AS expected, coalesce(s.submitted, 0) AS submitted,
         coalesce(s.on_time, 0) AS on_time, coalesce(s.late, 0) AS late
    FROM t JOIN unit b ON b.id = t.bureau_unit_id
    LEFT JOIN e ON e.id = t.id LEFT JOIN s ON s.id = t.id
   ORDER BY b.id`;

export type ReportExtras = {
  provinceRates: { period: string; districts: number; expected: number; sql: Summary; plan: string } | { skipped: string };
  rollup: ({ request: string; as: string; schools: number; hazardRows: number; runs: { seconds: number; bytes: number; status: number; maxRssMb: number }[]; baselineRssMb: number; medianSeconds: number; maxRssMb: number; sql: Summary; met: { time: boolean; rss: boolean } }) | { skipped: string };
};

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function timeSql(client: pg.ClientBase, seconds: number, run: () => Promise<number>): Promise<Summary> {
  const times: number[] = [];
  await run();
  const until = performance.now() + seconds * 1000;
  while ((performance.now() < until || times.length < 5) && times.length < 100_000) times.push(await run());
  return summarize(times);
}

/**
 * (r2) the province's rates per district — SQL only, as no route spans districts; (r3) the big
 * district's monthly roll-up .xlsx for last month as its bureau staff, `runs` times, with the
 * server's RSS sampled every 100 ms, and the roll-up's own statements (completeness, cursor)
 * replayed on one connection.
 */
export async function runReportExtras(
  opts: { baseUrl: string; serverPid: number; who: Login; ctx: RequestContext; rec: Recorder; sqlClient: pg.ClientBase; bigBureauId: number; sqlSeconds: number; runs: number; only?: string[] },
): Promise<ReportExtras> {
  const period = lastMonthKey();
  const [y, m] = period.split('-').map(Number) as [number, number];
  const start = `${period}-01`;
  const end = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
  const want = (k: string) => !opts.only || opts.only.includes(k);
  const out: ReportExtras = { provinceRates: { skipped: 'not selected (BENCH_ONLY)' }, rollup: { skipped: 'not selected (BENCH_ONLY)' } };
  const c = opts.sqlClient;
  if (want('r2')) {
    const params = [period, start, end];
    const r = await c.query<{ expected: string }>(PROVINCE_RATES_SQL, params);
    const sqlSum = await timeSql(c, opts.sqlSeconds, async () => {
      const t0 = performance.now();
      await c.query(PROVINCE_RATES_SQL, params);
      return performance.now() - t0;
    });
    const plan = (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${PROVINCE_RATES_SQL}`, params)).rows.map((x) => x['QUERY PLAN']).join('\n');
    out.provinceRates = { period, districts: r.rows.length, expected: r.rows.reduce((a, x) => a + Number(x.expected), 0), sql: sqlSum, plan };
  }
  if (want('r3')) {
    const typeId = (await c.query<{ id: string }>(`SELECT id FROM report_type WHERE bureau_unit_id = $1 AND code = 'monthly-hazard-list'`, [opts.bigBureauId])).rows[0]?.id;
    if (!typeId) return { ...out, rollup: { skipped: 'no monthly type in the big district' } };
    const path = `/api/report-types/${typeId}/rollup.xlsx?period=${period}`;
    const probe = await fetch(`${opts.baseUrl}/api/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>);
    if (!probe.paths['/api/report-types/{id}/rollup.xlsx']) return { ...out, rollup: { skipped: 'GET /api/report-types/{id}/rollup.xlsx is not registered in this build' } };
    const facts = (await c.query<{ schools: string; rows: string }>(
      `SELECT count(*) AS schools, coalesce(sum(jsonb_array_length(v.content->'hazards'->'rows')), 0) AS rows
         FROM report_submission s JOIN report_submission_version v ON v.submission_id = s.id AND v.version_no = s.current_version
        WHERE s.report_type_id = $1 AND s.period_key = $2`,
      [typeId, period],
    )).rows[0]!;
    const baseline = rssMb(opts.serverPid);
    const runs: { seconds: number; bytes: number; status: number; maxRssMb: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      let maxRss = rssMb(opts.serverPid);
      const timer = setInterval(() => (maxRss = Math.max(maxRss, rssMb(opts.serverPid))), 100);
      try {
        const t0 = performance.now();
        const res = await fetch(`${opts.baseUrl}${path}`, { headers: { cookie: opts.who.cookie } });
        const bytes = (await res.arrayBuffer()).byteLength;
        runs.push({ seconds: (performance.now() - t0) / 1000, bytes, status: res.status, maxRssMb: Math.round(Math.max(maxRss, rssMb(opts.serverPid))) });
      } finally {
        clearInterval(timer);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Its statements: the period's completeness (the second sheet) and the cursor over the frozen lists.
    const seqs: Statement[] = [];
    seqs.push(...(await opts.rec.capture((db) => completeness(db as Db, opts.ctx, typeId, { period }))).statements);
    const cursor = await opts.rec.capture(async (db) => {
      const trx = await db.startTransaction().execute();
      try {
        await declareRollupCursor(trx, opts.ctx.scope, opts.ctx.actor.userId, typeId, period);
        while ((await fetchRollupBatch(trx, 50)).length > 0);
        await closeRollupCursor(trx);
      } finally {
        await trx.rollback().execute();
      }
    });
    seqs.push(...cursor.statements);
    const sqlSum = await timeSql(c, Math.min(opts.sqlSeconds, 5), () => replay(c, seqs));
    const secs = runs.map((r) => r.seconds).sort((a, b) => a - b);
    const medianSeconds = secs[Math.floor(secs.length / 2)]!;
    const maxRssMb = Math.max(...runs.map((r) => r.maxRssMb));
    out.rollup = {
      request: `GET ${path}`,
      as: `${opts.who.username} (bureau staff)`,
      schools: Number(facts.schools),
      hazardRows: Number(facts.rows),
      runs,
      baselineRssMb: Math.round(baseline),
      medianSeconds,
      maxRssMb,
      sql: sqlSum,
      met: { time: medianSeconds <= 5 && runs.every((r) => r.status === 200), rss: maxRssMb <= 300 },
    };
  }
  return out;
}

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–');

export function renderReportExtras(r: ReportExtras | null | undefined, load: ReportLoad | null | undefined): string[] {
  if (!r) return [];
  const L: string[] = ['### Reporting (上报): province rates and the roll-up', ''];
  if (load) L.push(`${load.types} report types, ${load.expected.toLocaleString('en')} expected submissions (units × periods over ${load.years} years), ${load.submissions.toLocaleString('en')} submission rows, ${load.versions.toLocaleString('en')} versions; periods per school: ${JSON.stringify(load.periodsPerSchool)}.`, '');
  const p = r.provinceRates;
  if ('skipped' in p) L.push(`(r2) province rates per district: not measured — ${p.skipped}.`, '');
  else {
    L.push(`(r2) the province's rates per district for ${p.period} (monthly hazard list, ${p.districts} districts, ${p.expected.toLocaleString('en')} expected): **SQL only** (no route spans districts) — p50 ${ms(p.sql.p50)} ms, p95 ${ms(p.sql.p95)} ms, p99 ${ms(p.sql.p99)} ms over ${p.sql.n} runs (target 100 ms: ${p.sql.p95 <= 100 ? 'yes' : '**no**'}).`, '');
    L.push('<details><summary>EXPLAIN (ANALYZE, BUFFERS)</summary>', '', '```', p.plan, '```', '', '</details>', '');
  }
  const x = r.rollup;
  if ('skipped' in x) L.push(`(r3) roll-up: not measured — ${x.skipped}.`, '');
  else {
    L.push(`(r3) ${x.request} as ${x.as}: ${x.schools} submitted schools, ${x.hazardRows.toLocaleString('en')} hazard rows.`, '');
    L.push('| run | seconds | KB sent | status | server max RSS (MB) |', '|---|---:|---:|---:|---:|');
    x.runs.forEach((y, i) => L.push(`| ${i + 1} | ${y.seconds.toFixed(2)} | ${(y.bytes / 1024).toFixed(0)} | ${y.status} | ${y.maxRssMb} |`));
    L.push('', `Median ${x.medianSeconds.toFixed(2)} s (target ≤ 5 s: ${x.met.time ? 'yes' : '**no**'}); max RSS ${x.maxRssMb} MB, before ${x.baselineRssMb} MB (target ≤ 300 MB: ${x.met.rss ? 'yes' : '**no**'}). SQL (completeness + the cursor, replayed): p50 ${ms(x.sql.p50)} ms, p95 ${ms(x.sql.p95)} ms.`, '');
  }
  return L;
}
