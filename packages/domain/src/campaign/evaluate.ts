/**
 * Scores a PlanProposal against a hand-written expectation with lenient matching
 * (normalised text; containment either way; dates compared by prefix), per field:
 * true/false positives, false negatives, precision, recall and F1.
 */
import { normalizeText } from './parse-plan.js';
import type { PlanProposal, ReportingKind } from './plan.types.js';

/**
 * What a reader of the plan expects the parser to find. Dates may be prefixes ('2021', '2021-12'),
 * '*-06-21' (21 June, the year not stated in the text) or '' (not stated at all: anything matches).
 */
export type ExpectedPlan = {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  period: { start: string; end: string } | null;
  stages: { name: string; start: string | null; end: string | null }[];
  focusDomains: string[];
  /** key: a phrase the task title must contain (or be contained in); leads: each must appear in some lead; deadline: a date as above. */
  tasks: { key: string; leads?: string[]; deadline?: string }[];
  reportingRules: { kind: ReportingKind; dueDate?: string; dayOfMonth?: number; month?: number }[];
  indicators: { name: string; target: number }[];
  teams: { name: string; leader: string; schoolCount: number; memberCount?: number }[];
};

export type FieldScore = { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };

export const EVALUATED_FIELDS = [
  'title',
  'docNumber',
  'issuer',
  'issuedOn',
  'period',
  'stages',
  'focusDomains',
  'tasks',
  'taskLeads',
  'taskDeadlines',
  'reportingRules',
  'indicators',
  'teams',
] as const;
export type EvaluatedField = (typeof EVALUATED_FIELDS)[number];
export type Evaluation = Record<EvaluatedField, FieldScore>;

export function score(tp: number, fp: number, fn: number): FieldScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Lenient text match: normalised equality or containment either way (min 2 chars). */
export function textMatches(actual: string, expected: string): boolean {
  const a = normalizeText(actual);
  const e = normalizeText(expected);
  if (!a || !e) return a === e;
  return a === e || (e.length >= 2 && a.includes(e)) || (a.length >= 2 && e.includes(a) && a.length >= e.length * 0.5);
}

/** Date match: the expected value (a prefix such as '2021-12', or '*-06-21' for any year) starts the actual one. */
export function dateMatches(actual: string | null, expected: string | null): boolean {
  if (expected === null || expected === '') return true;
  if (actual === null) return false;
  if (expected.startsWith('*')) return actual.slice(4).startsWith(expected.slice(1));
  return actual.startsWith(expected);
}

function scalar<T>(actual: T | null, expected: T | null, eq: (a: T, e: T) => boolean): FieldScore {
  if (expected === null) return score(0, actual === null ? 0 : 1, 0);
  if (actual === null) return score(0, 0, 1);
  return eq(actual, expected) ? score(1, 0, 0) : score(0, 1, 1);
}

/** Greedy one-to-one matching of lists. */
function list<A, E>(actual: A[], expected: E[], eq: (a: A, e: E) => boolean): { s: FieldScore; pairs: [A, E][] } {
  const used = new Set<number>();
  const pairs: [A, E][] = [];
  for (const e of expected) {
    const k = actual.findIndex((a, i) => !used.has(i) && eq(a, e));
    if (k >= 0) {
      used.add(k);
      pairs.push([actual[k] as A, e]);
    }
  }
  return { s: score(pairs.length, actual.length - pairs.length, expected.length - pairs.length), pairs };
}

export function evaluate(p: PlanProposal, x: ExpectedPlan): Evaluation {
  const tasks = list(p.tasks, x.tasks, (a, e) => textMatches(a.value.title, e.key));
  // leads: per expected task that names leads, a hit when its matched task carries every expected lead
  let ltp = 0;
  let lfp = 0;
  let lfn = 0;
  for (const e of x.tasks) {
    if (!e.leads?.length) continue;
    const pair = tasks.pairs.find(([, ee]) => ee === e);
    const a = pair?.[0];
    if (!a || a.value.leads.length === 0) {
      lfn++;
      continue;
    }
    const ok = e.leads.every((l) => a.value.leads.some((al) => textMatches(al, l)));
    if (ok) ltp++;
    else {
      lfp++;
      lfn++;
    }
  }
  // leads proposed for tasks where the plan names none
  for (const [a, e] of tasks.pairs) if (!e.leads?.length && a.value.leads.length) lfp++;
  // deadlines: per matched task, the proposed deadline against the one the plan states (if any)
  let dtp = 0;
  let dfp = 0;
  let dfn = 0;
  for (const e of x.tasks) if (e.deadline && !tasks.pairs.some(([, ee]) => ee === e)) dfn++;
  for (const [a, e] of tasks.pairs) {
    const d = a.value.deadline;
    if (!e.deadline) {
      if (d) dfp++;
    } else if (d && dateMatches(d, e.deadline)) dtp++;
    else {
      dfn++;
      if (d) dfp++;
    }
  }

  return {
    title: scalar(p.title?.value ?? null, x.title, textMatches),
    docNumber: scalar(p.docNumber?.value ?? null, x.docNumber, (a, e) => normalizeText(a) === normalizeText(e)),
    issuer: scalar(p.issuer?.value ?? null, x.issuer, textMatches),
    issuedOn: scalar(p.issuedOn?.value ?? null, x.issuedOn, (a, e) => a === e),
    period: scalar(p.period?.value ?? null, x.period, (a, e) => dateMatches(a.start, e.start) && dateMatches(a.end, e.end)),
    stages: list(
      p.stages,
      x.stages,
      (a, e) => textMatches(a.value.name, e.name) && dateMatches(a.value.start, e.start) && dateMatches(a.value.end, e.end),
    ).s,
    focusDomains: list(p.focusDomains, x.focusDomains, (a, e) => a.value === e).s,
    tasks: tasks.s,
    taskLeads: score(ltp, lfp, lfn),
    taskDeadlines: score(dtp, dfp, dfn),
    reportingRules: list(
      p.reportingRules,
      x.reportingRules,
      (a, e) =>
        a.value.kind === e.kind &&
        (e.dueDate === undefined || a.value.dueDate === e.dueDate) &&
        (e.dayOfMonth === undefined || a.value.dayOfMonth === e.dayOfMonth) &&
        (e.month === undefined || a.value.month === e.month),
    ).s,
    indicators: list(p.indicators, x.indicators, (a, e) => textMatches(a.value.name, e.name) && a.value.target === e.target).s,
    teams: list(
      p.teams,
      x.teams,
      (a, e) =>
        textMatches(a.value.name, e.name) &&
        a.value.leader !== null &&
        textMatches(a.value.leader, e.leader) &&
        a.value.schools.length === e.schoolCount &&
        (e.memberCount === undefined || a.value.members.length === e.memberCount),
    ).s,
  };
}

/** Sum of several evaluations, field by field. */
export function totalOf(evals: Evaluation[]): Evaluation {
  const out = {} as Evaluation;
  for (const f of EVALUATED_FIELDS) {
    const tp = evals.reduce((n, e) => n + e[f].tp, 0);
    const fp = evals.reduce((n, e) => n + e[f].fp, 0);
    const fn = evals.reduce((n, e) => n + e[f].fn, 0);
    out[f] = score(tp, fp, fn);
  }
  return out;
}

/** A plain-text table for a set of plans: one row per field with the counts, P, R and F1. */
export function formatFieldTable(title: string, e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const lines = [title, `${'field'.padEnd(15)}${'tp'.padStart(5)}${'fp'.padStart(5)}${'fn'.padStart(5)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}`];
  for (const f of EVALUATED_FIELDS) {
    const s = e[f];
    const empty = s.tp + s.fp + s.fn === 0;
    const cells = empty ? ['–', '–', '–'].map((c) => c.padStart(7)).join('') : `${pct(s.precision)}${pct(s.recall)}${pct(s.f1)}`;
    lines.push(`${f.padEnd(15)}${String(s.tp).padStart(5)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}${cells}`);
  }
  const tp = EVALUATED_FIELDS.reduce((n, f) => n + e[f].tp, 0);
  const fp = EVALUATED_FIELDS.reduce((n, f) => n + e[f].fp, 0);
  const fn = EVALUATED_FIELDS.reduce((n, f) => n + e[f].fn, 0);
  const m = score(tp, fp, fn);
  lines.push(`${'(all fields)'.padEnd(15)}${String(tp).padStart(5)}${String(fp).padStart(5)}${String(fn).padStart(5)}${pct(m.precision)}${pct(m.recall)}${pct(m.f1)}`);
  return lines.join('\n');
}

/** A plain-text table: one row per (seed, field) with P/R. */
export function formatTable(rows: { seed: string; evaluation: Evaluation }[]): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`.padStart(5);
  const header = `${'field'.padEnd(15)}${rows.map((r) => r.seed.padEnd(16)).join('')}`;
  const lines = [header, `${''.padEnd(15)}${rows.map(() => 'P     R     '.padEnd(16)).join('')}`];
  for (const f of EVALUATED_FIELDS) {
    lines.push(
      `${f.padEnd(15)}${rows
        .map((r) => {
          const s = r.evaluation[f];
          if (s.tp + s.fp + s.fn === 0) return '  –     –     '.padEnd(16);
          return `${pct(s.precision)} ${pct(s.recall)}`.padEnd(16);
        })
        .join('')}`,
    );
  }
  return lines.join('\n');
}
