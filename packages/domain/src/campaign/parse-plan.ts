/**
 * parsePlan: propose a campaign from the plain text of a bureau's 实施方案 / 工作方案
 * (as mammoth.extractRawText gives it: one paragraph per line, table cells one per line).
 *
 * Pure and dependency-free. Everything is found by phrase families (see README.md), never by
 * the wording of a particular plan; each family has its own module (parse-plan.<family>.ts)
 * and this file runs them in order. Every proposed value carries its evidence (source line or
 * sentence with offsets into the input) so a person confirms it before a campaign is created.
 */
import { isValidIso, yearsMentioned } from './dates.js';
import { prepareText } from './parse-plan.clean.js';
import { findFocusDomains } from './parse-plan.domains.js';
import { readHeader, type PlanHeader } from './parse-plan.header.js';
import { findIndicators } from './parse-plan.indicators.js';
import { findPeriod } from './parse-plan.period.js';
import { findReportingRules } from './parse-plan.reporting.js';
import { findStages } from './parse-plan.stages.js';
import { findTasks } from './parse-plan.tasks.js';
import { findTeams } from './parse-plan.teams.js';
import { splitLines, type DateCtx } from './parse-plan.text.js';
import { PLAN_FIELD_LABELS, type ParsePlanOptions, type PlanField, type PlanProposal, type Proposed } from './plan.types.js';

export { domainsIn } from './parse-plan.domains.js';
export { findLeads, splitUnits } from './parse-plan.leads.js';
export { splitTopLevel } from './parse-plan.teams.js';
export { normalizeText } from './parse-plan.text.js';

/**
 * The year year-less dates resolve to: the issue date's, else the latest 20xx年 in the text
 * (ignoring years more than 15 past today), else the latest year of a cited 文号, else today's.
 */
function documentYear(src: string, header: PlanHeader, today: string | null): number | null {
  const todayYear = today ? Number(today.slice(0, 4)) : null;
  const years = yearsMentioned(src).filter((y) => todayYear === null || y <= todayYear + 15);
  if (header.issuedOn) return Number(header.issuedOn.value.slice(0, 4));
  if (years.length) return Math.max(...years);
  // no 20xx年 at all: the year of the documents it cites (依据《…》（浙教安〔2024〕16号）)
  const cited = [...src.matchAll(/[〔\[【]\s*((?:19|20)[0-9]{2})\s*[〕\]】]/g)].map((m) => Number(m[1])).filter((y) => todayYear === null || y <= todayYear);
  return cited.length ? Math.max(...cited) : todayYear;
}

/** The Chinese names of the fields that are null or empty. */
function missingFields(p: Omit<PlanProposal, 'missing'>): string[] {
  const missing: string[] = [];
  for (const key of Object.keys(PLAN_FIELD_LABELS) as PlanField[]) {
    const v = p[key];
    if (v === null || (Array.isArray(v) && v.length === 0)) missing.push(PLAN_FIELD_LABELS[key]);
  }
  return missing;
}

/** Proposes a campaign from a plan's plain text: header, stages, period, tasks, focus domains, reporting rules, indicators, teams. */
export function parsePlan(text: string, opts: ParsePlanOptions = {}): PlanProposal {
  // Every family reads the prepared text (same offsets, furniture blanked, simplified); the
  // evidence is cut from what the user gave at the end.
  const src = prepareText(text);
  const lines = splitLines(src);
  const header = readHeader(lines, src);
  const today = opts.today && isValidIso(opts.today) ? opts.today : null;
  const docYear = documentYear(src, header, today);
  const ctx: DateCtx = { year: docYear, anchor: header.issuedOn?.value ?? today };

  const found = findStages(lines, src, ctx, docYear);
  const stages = found.drafts.map((d) => d.p);
  const period = findPeriod(lines, src, ctx, {
    stages: found.drafts,
    periodFromIntro: found.periodFromIntro,
    title: header.title,
    issuedOn: header.issuedOn,
  });
  const { tasks, groupHeadings } = findTasks(lines, src, { ...ctx, periodEnd: period?.value.end ?? null }, found.blocks, stages, header.title?.value ?? null);
  const focusDomains = findFocusDomains(lines, { title: header.title, tasks, groupHeadings });

  const proposal = {
    title: header.title,
    docNumber: header.docNumber,
    issuer: header.issuer,
    issuedOn: header.issuedOn,
    period,
    stages,
    focusDomains,
    tasks,
    reportingRules: findReportingRules(src, ctx),
    indicators: findIndicators(src),
    teams: findTeams(lines, src),
  };
  return withOriginalEvidence({ ...proposal, missing: missingFields(proposal) }, text);
}

/** Every evidence's text cut from the original input at its offsets. */
function withOriginalEvidence(p: PlanProposal, original: string): PlanProposal {
  const fix = <T>(x: Proposed<T>): Proposed<T> => ({ ...x, evidence: { ...x.evidence, text: original.slice(x.evidence.start, x.evidence.end) } });
  const fixOrNull = <T>(x: Proposed<T> | null) => (x ? fix(x) : null);
  return {
    ...p,
    title: fixOrNull(p.title),
    docNumber: fixOrNull(p.docNumber),
    issuer: fixOrNull(p.issuer),
    issuedOn: fixOrNull(p.issuedOn),
    period: fixOrNull(p.period),
    stages: p.stages.map(fix),
    focusDomains: p.focusDomains.map(fix),
    tasks: p.tasks.map(fix),
    reportingRules: p.reportingRules.map(fix),
    indicators: p.indicators.map(fix),
    teams: p.teams.map(fix),
  };
}
